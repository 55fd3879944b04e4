"""Review meetings in the database: the reviews part of the store (geo.plan.reviews says what a
review is).  Holding one takes Action.HOLD_REVIEW, checked against the account as the database
has it now; publishing writes one public history entry ("review"), so the review shows in What
changed, the Atom feed and the progress report."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from geo.db import commitment_store as plan_rows, rows as db_rows, tables as t
from geo.db.engine import Database
from geo.errors import InvalidInput, StaleEdit
from geo.model import User
from geo.plan.reviews import Review, ReviewItem, summary
from geo.records import REVIEW
from geo.roles import Action, require
from geo.status import Visibility

FIELD = "review"  # the history field of a published review; its new value is the summary


class ReviewBook:
    def __init__(self, db: Database, current: Callable[[User | None], User | None]):
        self._db = db
        self._current = current

    def reviews(self, *, published_only: bool = True) -> list[Review]:
        """Reviews, newest first; the public sees published ones only."""
        with self._db.read() as conn:
            return read_all(conn, published_only=published_only)

    def next_reviews(self) -> dict[str, str]:
        """Each commitment's next review date, as the latest review that set one says."""
        with self._db.read() as conn:
            return _next_reviews(conn)

    def open(self, actor: User | None, held_on: str) -> Review:
        """The review meeting of that date: the one already open, or a new one."""
        require(self._current(actor), Action.HOLD_REVIEW)
        held_on = REVIEW["held_on"].check(held_on)
        with self._db.write() as conn:
            found = _by_date(conn, held_on)
            if found is None:
                try:
                    conn.execute(insert(t.reviews).values(held_on=held_on, version=1))
                except IntegrityError:
                    raise InvalidInput(f"A review of {held_on} was opened at the same moment; open it again.") from None
                found = _by_date(conn, held_on)
            return found

    def mark_reviewed(self, actor: User | None, review_id: int, cid: str, *, note: str, next_review: str,
                      expected_version: int) -> Review:
        require(self._current(actor), Action.HOLD_REVIEW)
        note, next_review = REVIEW["note"].check(note), REVIEW["next_review"].check(next_review)
        with self._db.write() as conn:
            review = self._open_review(conn, review_id, expected_version)
            if next_review and next_review <= review.held_on.isoformat():
                raise InvalidInput(f"{REVIEW['next_review'].label} must be after the meeting ({review.held_on}).")
            plan_rows.read_one(conn, cid)
            i = t.review_items
            conn.execute(delete(i).where(i.c.review_id == review_id, i.c.commitment_id == cid))
            conn.execute(insert(i).values(review_id=review_id, commitment_id=cid, note=note, next_review=next_review))
            conn.execute(update(t.reviews).where(t.reviews.c.id == review_id).values(version=t.reviews.c.version + 1))
            return _read(conn, review_id)

    def publish(self, actor: User | None, review_id: int, *, expected_version: int) -> Review:
        """One dated public record of the meeting, in the history: "Review of ...: 12 reviewed; ..."."""
        require(self._current(actor), Action.HOLD_REVIEW)
        with self._db.write() as conn:
            review = self._open_review(conn, review_id, expected_version)
            if not review.items:
                raise InvalidInput("Mark at least one commitment reviewed before publishing the review.")
            reviewed = [plan_rows.read_one(conn, i.commitment_id, include_partners=False) for i in review.items]
            words = summary(review.held_on, reviewed, _targets_moved(conn, review))
            at = db_rows.utc_now()
            conn.execute(update(t.reviews).where(t.reviews.c.id == review_id).values(
                published_at=at, summary=words, version=t.reviews.c.version + 1))
            db_rows.record(conn, actor, None, FIELD, None, words, "", at, Visibility.PUBLIC)
            return _read(conn, review_id)

    def _open_review(self, conn: Connection, review_id: int, expected_version: int) -> Review:
        review = _read(conn, review_id)
        if review.published_at:
            raise InvalidInput(f"The review of {review.held_on} is published; it can no longer change.")
        if review.version != expected_version:
            raise StaleEdit(f"The review of {review.held_on} was changed since you opened it. Nothing was saved.",
                            current=review)
        return review


def read_all(conn: Connection, *, published_only: bool) -> list[Review]:
    query = select(t.reviews.c.id).order_by(t.reviews.c.held_on.desc())
    if published_only:
        query = query.where(t.reviews.c.published_at.is_not(None))
    return [_read(conn, rid) for (rid,) in conn.execute(query)]


def _read(conn: Connection, review_id: int) -> Review:
    row = conn.execute(select(t.reviews).where(t.reviews.c.id == review_id)).first()
    if row is None:
        raise InvalidInput("There is no such review meeting.")
    i = t.review_items
    items = tuple(ReviewItem(r.commitment_id, r.note, r.next_review) for r in conn.execute(
        select(i).where(i.c.review_id == review_id).order_by(i.c.commitment_id)))
    return Review(row.id, date.fromisoformat(row.held_on), items, row.published_at, row.summary, row.version)


def _by_date(conn: Connection, held_on: str) -> Review | None:
    rid = conn.execute(select(t.reviews.c.id).where(t.reviews.c.held_on == held_on)).scalar()
    return _read(conn, rid) if rid is not None else None


def _next_reviews(conn: Connection) -> dict[str, str]:
    i, r = t.review_items, t.reviews
    found: dict[str, str] = {}
    for cid, next_review in conn.execute(select(i.c.commitment_id, i.c.next_review).join(r, r.c.id == i.c.review_id)
                                         .where(i.c.next_review != "").order_by(r.c.held_on)):
        found[cid] = next_review
    return found


def _targets_moved(conn: Connection, review: Review) -> int:
    """Reviewed commitments whose target moved since the last published review (or ever, before the first)."""
    h, r = t.history, t.reviews
    since = conn.execute(select(r.c.published_at).where(r.c.published_at.is_not(None), r.c.id != review.id)
                         .order_by(r.c.published_at.desc()).limit(1)).scalar() or ""
    moved = conn.execute(select(h.c.commitment_id).where(
        h.c.field == plan_rows.TARGET, h.c.at > since, h.c.commitment_id.in_(review.reviewed)).distinct())
    return len(moved.all())
