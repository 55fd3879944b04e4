"""Walk rows to geo.walks.walkabout dataclasses and back, inside a transaction the caller owns."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, time

from sqlalchemy import Connection, insert, select

from geo.db import rows as db_rows, tables as t
from geo.errors import InvalidInput
from geo.model import User
from geo.roles import require_to_record_on
from geo.status import Category, Role, Severity, Team, Visibility
from geo.walks.walkabout import (
    Outcome, Parameter, Phase, PhoneStamp, Photo, PhotoUpload, Reason, RouteStop, StopEntry, StopRecord, TrackPoint,
    Walk,
)


def is_published():
    """The walks the public may see, as a condition on the walks table: decided here and nowhere
    else, for the walks themselves and for their photos (geo.db.photo_store)."""
    return t.walks.c.published.is_(True)


def read_walks(conn: Connection, *, walk_id: int | None = None, ref: str | None = None,
               published_only: bool = False) -> list[Walk]:
    """Walks, newest first.  published_only: what the public may see (is_published)."""
    w, r = t.walks, t.walk_route
    query = select(w).order_by(w.c.on_date.desc(), w.c.id.desc())
    if walk_id is not None:
        query = query.where(w.c.id == walk_id)
    if ref is not None:
        query = query.where(w.c.ref == ref)
    if published_only:
        query = query.where(is_published())
    found = list(conn.execute(query))
    routes: dict[int, list[RouteStop]] = {}
    if found:
        ids = [row.id for row in found]
        for row in conn.execute(select(r).where(r.c.walk_id.in_(ids)).order_by(r.c.walk_id, r.c.seq)):
            routes.setdefault(row.walk_id, []).append(RouteStop(row.site_id, row.lon, row.lat, row.label))
    return [Walk(row.id, row.ref, row.title, date.fromisoformat(row.on_date), time.fromisoformat(row.starts),
                 Phase(row.phase), tuple(routes.get(row.id, ())), tuple(json.loads(row.follows)),
                 tuple(Role(x) for x in json.loads(row.invited)), row.repeats,
                 tuple((Role(k), v) for k, v in json.loads(row.attendance).items()),
                 bool(row.published), bool(row.completed), row.version, Team(row.team)) for row in found]


def read_walk(conn: Connection, walk_id: int) -> Walk:
    found = read_walks(conn, walk_id=walk_id) if isinstance(walk_id, int) else []
    if not found:
        raise InvalidInput(f"There is no walk with the id {walk_id!r}.")
    return found[0]


def read_walk_under_way(conn: Connection, walk_id: int, refused: str) -> Walk:
    """The walk, refused with "Walk REF is complete; <refused>" once it is complete."""
    walk = read_walk(conn, walk_id)
    if walk.completed:
        raise InvalidInput(f"Walk {walk.ref} is complete; {refused}")
    return walk


def refuse_a_second_plan(conn: Connection, title: str, on: date, starts: time) -> None:
    """A second tap on "Plan this walk" makes no second walk: one title, date and start time is one walk."""
    w = t.walks
    same = conn.execute(select(w.c.ref, w.c.title).where(w.c.on_date == on.isoformat(),
                                                         w.c.starts == starts.strftime("%H:%M"))).all()
    for ref, existing in same:
        if existing.strip().casefold() == title.strip().casefold():
            raise InvalidInput(f"Walk {ref}, {existing!r} on {on.isoformat()} at {starts:%H:%M}, is planned already; "
                               "nothing new was planned. Change the title, date or time to plan another.")


def read_walk_to_record(conn: Connection, actor: User, walk_id: int, refused: str) -> Walk:
    """The walk, if it is still under way ("Walk REF is complete; <refused>") and invited the actor's
    role (geo.roles.may_record_on): each write a walker makes on a walk reads it through here."""
    walk = read_walk_under_way(conn, walk_id, refused)
    require_to_record_on(actor, walk.ref, walk.invited)
    return walk


def stop_values(entry: StopEntry) -> dict:
    return dict(route_seq=entry.route_seq, site_id=entry.site_id, lon=entry.lon, lat=entry.lat,
                scores=json.dumps({p.value: s for p, s in entry.scores.items()}),
                reasons=json.dumps([x.value for x in entry.reasons]), felt_safe=entry.felt_safe, why=entry.why,
                positives=entry.positives, priority=entry.priority.value,
                cpted=json.dumps([[c.value, text] for c, text in entry.cpted]), finding=entry.finding)


def read_stops(conn: Connection, *, walk_id: int | None = None, stop_id: int | None = None,
               site_id: str | None = None, walk_ids: Sequence[int] | None = None) -> list[StopRecord]:
    s = t.walk_stops
    query = select(s).order_by(s.c.id)
    for column, value in ((s.c.walk_id, walk_id), (s.c.id, stop_id), (s.c.site_id, site_id)):
        if value is not None:
            query = query.where(column == value)
    if walk_ids is not None:
        query = query.where(s.c.walk_id.in_(walk_ids))
    return [_stop(row) for row in conn.execute(query)]


def read_stop(conn: Connection, stop_id: int) -> StopRecord:
    found = read_stops(conn, stop_id=stop_id) if isinstance(stop_id, int) else []
    if not found:
        raise InvalidInput(f"There is no recorded stop with the id {stop_id!r}.")
    return found[0]


def _stop(row) -> StopRecord:
    return StopRecord(
        route_seq=row.route_seq, site_id=row.site_id, lon=row.lon, lat=row.lat,
        scores={Parameter(k): v for k, v in json.loads(row.scores).items()},
        reasons=tuple(Reason(x) for x in json.loads(row.reasons)), felt_safe=row.felt_safe, why=row.why,
        positives=row.positives, priority=Severity(row.priority),
        cpted=tuple((Category(c), text) for c, text in json.loads(row.cpted)), finding=row.finding,
        id=row.id, walk_id=row.walk_id, team=Team(row.team), recorded_at=db_rows.read_time(row.recorded_at),
        outcome=Outcome(row.outcome), outcome_ref=row.outcome_ref, outcome_reason=row.outcome_reason,
        version=row.version)


def record_walk_entry(conn: Connection, actor: User, site_id: str | None, field: str, new: str,
                      visibility: Visibility) -> None:
    db_rows.record(conn, actor, site_id, field, None, new, "", db_rows.utc_now(), visibility)


def stop_by_client_ref(conn: Connection, walk_id: int, client_ref: str | None) -> StopRecord | None:
    """The stop already kept on this walk under the id the phone made, if any."""
    if client_ref is None:
        return None
    s = t.walk_stops
    row = conn.execute(select(s).where(s.c.walk_id == walk_id, s.c.client_ref == client_ref)).first()
    return None if row is None else _stop(row)


def stamp_values(stamp: PhoneStamp | TrackPoint) -> dict:
    if isinstance(stamp, TrackPoint):
        return dict(at=db_rows.iso_utc(stamp.at), lat=stamp.lat, lon=stamp.lon, accuracy_m=stamp.accuracy_m)
    return dict(phone_time=db_rows.iso_utc(stamp.phone_time), lat=stamp.lat, lon=stamp.lon,
                accuracy_m=stamp.accuracy_m)


def read_track(conn: Connection, walk_id: int) -> list[TrackPoint]:
    p = t.track_points
    rows = conn.execute(select(p).where(p.c.walk_id == walk_id).order_by(p.c.at, p.c.id))
    return [TrackPoint(db_rows.read_time(r.at), r.lat, r.lon, r.accuracy_m) for r in rows]


def read_stamps(conn: Connection, walk_id: int) -> dict[int, PhoneStamp]:
    f, s = t.stop_fixes, t.walk_stops
    rows = conn.execute(select(f).join(s, s.c.id == f.c.stop_id).where(s.c.walk_id == walk_id))
    return {r.stop_id: PhoneStamp(db_rows.read_time(r.phone_time), r.lat, r.lon, r.accuracy_m) for r in rows}


def _photo(row) -> Photo:
    return Photo(row.ref, row.number, row.walk_id, row.stop_id, row.caption, bool(row.good_feature),
                 bool(row.published), row.width, row.height)


def photo_by_client_ref(conn: Connection, client_ref: str | None) -> Photo | None:
    if client_ref is None:
        return None
    p = t.walk_photos
    row = conn.execute(select(p).where(p.c.client_ref == client_ref)).first()
    return None if row is None else _photo(row)


def insert_photo(conn: Connection, actor: User, walk: Walk, stop_id: int | None, photo, upload: PhotoUpload) -> Photo:
    """Keep a checked photo (geo.walks.photo_cleaner.CleanPhoto), numbered within the walk."""
    from geo.db.note_store import new_ref
    from geo.records import STOP

    p = t.walk_photos
    caption = STOP["caption"].check(upload.caption)
    good_feature = STOP["good_feature"].check(upload.good_feature)
    number = (conn.execute(select(p.c.number).where(p.c.walk_id == walk.id).order_by(p.c.number.desc())
                           .limit(1)).scalar() or 0) + 1
    conn.execute(insert(p).values(walk_id=walk.id, stop_id=stop_id, number=number, ref=new_ref() + new_ref(),
                                  caption=caption, good_feature=good_feature, published=False, width=photo.width,
                                  height=photo.height, data=photo.data, at=db_rows.utc_now(),
                                  client_ref=upload.client_ref))
    record_walk_entry(conn, actor, None, "walk_photo", f"Walk {walk.ref}: photo {number} added", Visibility.PARTNERS)
    return _photo(conn.execute(select(p).where(p.c.walk_id == walk.id, p.c.number == number)).one())
