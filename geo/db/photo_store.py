"""Walk photos in the database: the photos part of the store.  Each upload is
checked and re-encoded without metadata (geo.walks.photo_cleaner) before it is kept, as bytes,
so every app instance can serve it; partners only until published, one by one, and until their walk
is.  What the public may see of them is decided once, by _public(), for both the listing and the bytes."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from sqlalchemy import select, update

from geo.records import STOP
from geo.db import tables as t, walk_rows
from geo.db.engine import Database
from geo.errors import InvalidInput
from geo.model import User
from geo.roles import Action, require
from geo.status import Visibility
from geo.walks.walkabout import Photo, PhotoUpload


def _public():
    """The photos anyone may see: published ones of published walks (walk_rows.is_published)."""
    p = t.walk_photos
    return p.c.published.is_(True) & p.c.walk_id.in_(select(t.walks.c.id).where(walk_rows.is_published()))


class PhotoBook:
    """Walk photos: partners only until someone who resolves findings publishes each one and its walk."""

    def __init__(self, db: Database, current: Callable[[User | None], User | None]):
        self._db = db
        self._current = current

    def add(self, actor: User | None, walk_id: int, upload: bytes, caption: str, *, stop_id: int | None = None,
            good_feature: bool = False) -> Photo:
        """Check and re-encode the upload (geo.walks.photo_cleaner) and keep it, numbered within the walk.
        good_feature: it shows something good (geo.records.STOP), and the public walk page says so."""
        from geo.walks.photo_cleaner import clean

        actor = self._current(actor)
        require(actor, Action.RECORD_WALK)
        upload = PhotoUpload(upload, caption, good_feature)
        STOP["caption"].check(caption)
        STOP["good_feature"].check(good_feature)
        photo = clean(upload.data)
        with self._db.write() as conn:
            walk = walk_rows.read_walk_to_record(conn, actor, walk_id, "photos can no longer be added to it.")
            if stop_id is not None and walk_rows.read_stop(conn, stop_id).walk_id != walk_id:
                raise InvalidInput("That stop is on another walk.")
            return walk_rows.insert_photo(conn, actor, walk, stop_id, photo, upload)

    def publish(self, actor: User | None, ref: str) -> None:
        actor = self._current(actor)
        require(actor, Action.RESOLVE_FINDINGS)
        p = t.walk_photos
        with self._db.write() as conn:
            if conn.execute(update(p).where(p.c.ref == ref).values(published=True)).rowcount != 1:
                raise InvalidInput(f"There is no photo {ref!r}.")
            walk_rows.record_walk_entry(conn, actor, None, "walk_photo_published", f"Photo {ref} published",
                                        Visibility.PARTNERS)

    def of_walk(self, walk_id: int) -> list[Photo]:
        """Every photo of a walk, published or not, by number, without their bytes: for staff."""
        return self._listed(t.walk_photos.c.walk_id == walk_id)

    def published(self, walk_id: int | None = None) -> list[Photo]:
        """The photos the public may see (of this walk, with walk_id), by walk and number."""
        return self._listed(_public(), *(() if walk_id is None else (t.walk_photos.c.walk_id == walk_id,)))

    def _listed(self, *where) -> list[Photo]:
        p = t.walk_photos
        query = select(*(p.c[f.name] for f in fields(Photo))).where(*where).order_by(p.c.walk_id, p.c.number)
        with self._db.read() as conn:
            return [Photo(**r._mapping) for r in conn.execute(query)]

    def staff_bytes(self, actor: User | None, ref: str) -> bytes:
        """Any photo's JPEG, published or not, for someone deciding whether to publish it: read
        here, with the role checked against the account as it is now, never through a public URL."""
        require(self._current(actor), Action.RESOLVE_FINDINGS)
        p = t.walk_photos
        with self._db.read() as conn:
            data = conn.execute(select(p.c.data).where(p.c.ref == ref)).scalar()
        if data is None:
            raise InvalidInput(f"There is no photo {ref!r}.")
        return data

    def public_bytes(self, ref: str) -> bytes | None:
        """A public photo's JPEG (see _public); None for any other or an unknown one (never served publicly)."""
        p = t.walk_photos
        with self._db.read() as conn:
            return conn.execute(select(p.c.data).where(p.c.ref == ref, _public())).scalar()
