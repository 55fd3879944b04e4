"""Gating cases in the database: the gating part of the store (geo.gating.case says what a case is).

Every write takes Action.EDIT_GATING, checked against the account as the database has it now, and
the case's version the editor opened (StaleEdit when someone saved since).  A stage reached is a
public history entry at the site ("gating_case"), so What changed, the feeds and the site panel show
each stage; items marked partners-only are recorded as partners-only entries; a representation is
recorded by its category, never by who made it."""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date

from sqlalchemy import Connection, delete, func, insert, select, update

from geo import clock
from geo.db import rows as db_rows, tables as t
from geo.db.engine import Database
from geo.errors import InvalidInput, StaleEdit, Unchanged
from geo.fields import check_enum, check_text
from geo.gating import legacy
from geo.gating.case import Consultation, GatingCase, Representation, obstacles
from geo.gating.stages import ANY_STAGE, ITEMS, PARTNERS_ONLY, Category, Consultee, Stage
from geo.model import User, describe_date
from geo.records import CONSULTATION, GATING_CASE, REASON, REPRESENTATION
from geo.roles import Action, require
from geo.status import Topic, Visibility

FIELD = "gating_case"  # the history field of a case's entries
ADDRESSES_MAX = 100_000


class GatingBook:
    def __init__(self, db: Database, current: Callable[[User | None], User | None]):
        self._db = db
        self._current = current

    # --- reads -------------------------------------------------------------

    def cases(self, site_id: str | None = None) -> list[GatingCase]:
        """Every case (or the site's), in the order they were opened."""
        with self._db.read() as conn:
            return read_cases(conn, site_id)

    def case(self, case_id: int) -> GatingCase:
        with self._db.read() as conn:
            return read_case(conn, case_id)

    def due_for_review(self, today: date | None = None) -> list[GatingCase]:
        """Cases whose order comes up for review (three months before expiry): the planning team's list."""
        today = today or clock.today()
        return [c for c in self.cases() if c.review_due(today)]

    # --- writes ------------------------------------------------------------

    def open_case(self, actor: User | None, site_id: str, *, gate: str, position: str, closes: str, problem: str,
                  reason: str = "") -> GatingCase:
        """A new case for one gate at the site, at the proposal stage."""
        require(self._current(actor), Action.EDIT_GATING)
        values = GATING_CASE.check({"gate": gate, "stands_at": position, "closes": closes})
        problem = ITEMS["problem"].field.check(problem, required=True)
        reason = REASON.check(reason)
        with self._db.write() as conn:
            site = db_rows.read_site(conn, site_id)
            case_id = conn.execute(insert(t.gating_cases).values(
                site_id=site.site_id, stage=Stage.PROPOSED.value, items=json.dumps({"problem": problem}), version=1,
                **values)).inserted_primary_key[0]
            _record(conn, actor, site_id, None, f"{values['gate']}: {Stage.PROPOSED.plain}", reason)
            return read_case(conn, case_id)

    def record_items(self, actor: User | None, case_id: int, values: Mapping[str, str], *, expected_version: int,
                     reason: str = "") -> GatingCase:
        """Set items of the case's current stage or the one it goes to next (geo.gating.stages)."""
        require(self._current(actor), Action.EDIT_GATING)
        reason = REASON.check(reason)
        with self._db.write() as conn:
            case = self._opened(conn, case_id, expected_version)
            allowed = {i.name for s in (case.stage, case.stage.next()) if s for i in s.step.items} | set(ANY_STAGE)
            checked = {}
            for name, value in values.items():
                if name not in ITEMS:
                    raise InvalidInput(f"A gating case has no item {name!r}.")
                if name not in allowed:
                    raise InvalidInput(f"{ITEMS[name].field.label} belongs to another stage; this case is at "
                                       f"“{case.stage.label}”.")
                checked[name] = ITEMS[name].field.check(value)
            changed = {k: v for k, v in checked.items() if v != case.value(k)}
            if not changed:
                raise Unchanged
            items = {k: v for k, v in {**case.items, **changed}.items() if v}
            self._bump(conn, case, items=json.dumps(items))
            for name, value in changed.items():
                visibility = Visibility.PARTNERS if name in PARTNERS_ONLY else Visibility.PUBLIC
                db_rows.record(conn, actor, case.site_id, f"{FIELD}.{name}", case.value(name) or None, value or None,
                               reason, db_rows.utc_now(), visibility)
            return read_case(conn, case_id)

    def advance(self, actor: User | None, case_id: int, *, expected_version: int, reason: str = "",
                today: date | None = None) -> GatingCase:
        """Mark the case as having reached its next stage; InvalidInput naming every missing item otherwise."""
        require(self._current(actor), Action.EDIT_GATING)
        reason = REASON.check(reason)
        today = today or clock.today()
        with self._db.write() as conn:
            case = self._opened(conn, case_id, expected_version)
            target = case.stage.next()
            if target is None:
                raise InvalidInput(f"{case.gate} has reached its last stage, “{case.stage.label}”.")
            missing = obstacles(case, target, today)
            if missing:
                raise InvalidInput(f"{case.gate} cannot be marked “{target.label}” yet. " + " ".join(missing))
            self._bump(conn, case, stage=target.value)
            _record(conn, actor, case.site_id, f"{case.gate}: {case.stage.label}", f"{case.gate}: {target.label}",
                    reason)
            return read_case(conn, case_id)

    def add_consultation(self, actor: User | None, case_id: int, consultee: Consultee, *, consulted_on: str,
                         addresses: int = 0, which: str = "", response: str = "", expected_version: int) -> GatingCase:
        """Whom the council consulted, when, how many addresses (owners or occupiers) and what they said."""
        require(self._current(actor), Action.EDIT_GATING)
        consultee = check_enum(Consultee, consultee, "Consultee")
        values = CONSULTATION.check({"consulted_on": consulted_on, "which": which, "response": response})
        addresses = _count(addresses, "Number of addresses consulted")
        with self._db.write() as conn:
            case = self._opened(conn, case_id, expected_version)
            conn.execute(insert(t.gating_consultations).values(case_id=case_id, consultee=consultee.value,
                                                               addresses=addresses, **values))
            self._bump(conn, case)
            count = f" ({addresses} addresses)" if addresses else ""
            who = consultee.label[0].lower() + consultee.label[1:]
            _record(conn, actor, case.site_id, None,
                    f"{case.gate}: consulted {who}{count} on {describe_date(values['consulted_on'])}", "")
            return read_case(conn, case_id)

    def add_representation(self, actor: User | None, case_id: int, category: Category, *, received_on: str,
                           gist: str, name: str = "", address: str = "", expected_version: int) -> GatingCase:
        """A representation on the proposed order; the public learns its category only, as a count."""
        require(self._current(actor), Action.EDIT_GATING)
        category = check_enum(Category, category, "Who made the representation")
        values = REPRESENTATION.check({"received_on": received_on, "gist": gist, "made_by": name, "address": address})
        with self._db.write() as conn:
            case = self._opened(conn, case_id, expected_version)
            if not case.stage.reached(Stage.CONSULTED) or case.stage.reached(Stage.DECIDED):
                raise InvalidInput("Representations are taken while the notice of the proposed order is out: "
                                   f"{case.gate} is at “{case.stage.label}”.")
            conn.execute(insert(t.gating_representations).values(case_id=case_id, category=category.value, **values))
            self._bump(conn, case)
            _record(conn, actor, case.site_id, None, f"{case.gate}: a representation from {_a(category.label)}", "")
            return read_case(conn, case_id)

    def consider_representation(self, actor: User | None, case_id: int, representation_id: int, considered: str, *,
                                expected_version: int) -> GatingCase:
        """How the council considered one representation (the decision needs every one considered)."""
        require(self._current(actor), Action.EDIT_GATING)
        considered = REPRESENTATION["considered"].check(considered, required=True)
        r = t.gating_representations
        with self._db.write() as conn:
            case = self._opened(conn, case_id, expected_version)
            done = conn.execute(update(r).where(r.c.id == representation_id, r.c.case_id == case_id)
                                .values(considered=considered))
            if done.rowcount != 1:
                raise InvalidInput("That representation is not one of this case's.")
            self._bump(conn, case)
            category = next(x.category for x in case.representations if x.id == representation_id)
            _record(conn, actor, case.site_id, None,
                    f"{case.gate}: how a representation from {_a(category.label)} was considered", "")
            return read_case(conn, case_id)

    def add_notice_photo(self, actor: User | None, case_id: int, upload: bytes, *, expected_version: int
                         ) -> GatingCase:
        """The photo of the site notice, checked and re-encoded without metadata (geo.walks.photo_cleaner);
        a new one replaces the last."""
        from geo.walks.photo_cleaner import clean

        require(self._current(actor), Action.EDIT_GATING)
        photo = clean(upload, "The photo of the site notice")
        p = t.gating_notice_photos
        with self._db.write() as conn:
            case = self._opened(conn, case_id, expected_version)
            conn.execute(delete(p).where(p.c.case_id == case_id))
            conn.execute(insert(p).values(case_id=case_id, width=photo.width, height=photo.height, data=photo.data,
                                          at=db_rows.utc_now()))
            self._bump(conn, case)
            _record(conn, actor, case.site_id, None, f"{case.gate}: a photo of the site notice", "")
            return read_case(conn, case_id)

    def notice_photo(self, case_id: int) -> bytes | None:
        """The site notice's photo (JPEG, no metadata), or None: it shows a public notice, so anyone may see it."""
        p = t.gating_notice_photos
        with self._db.read() as conn:
            return conn.execute(select(p.c.data).where(p.c.case_id == case_id)).scalar()

    # --- inside a write ----------------------------------------------------

    @staticmethod
    def _opened(conn: Connection, case_id: int, expected_version: int) -> GatingCase:
        case = read_case(conn, case_id)
        if case.version != expected_version:
            raise StaleEdit(f"{case.gate} was changed since you opened it; here it is as saved now. Nothing was saved.",
                            current=case)
        return case

    @staticmethod
    def _bump(conn: Connection, case: GatingCase, **values) -> None:
        c = t.gating_cases
        bumped = conn.execute(update(c).where(c.c.id == case.id, c.c.version == case.version)
                              .values(version=c.c.version + 1, **values))
        if bumped.rowcount != 1:
            raise StaleEdit(f"{case.gate} was changed at the same moment; open it again. Nothing was saved.")


def seed(conn: Connection) -> bool:
    """First cases from the sites' gating statuses and free-text reviews (geo.gating.legacy), into a
    database with no case yet: what migration 0013 does for a database that had sites before it."""
    if conn.execute(select(func.count()).select_from(t.gating_cases)).scalar():
        return False
    names = [name for name, _ in legacy.REVIEW_LABELS]
    reviews = {r.site_id: {n: getattr(r, n) or "" for n in names} for r in conn.execute(select(t.gating_reviews))}
    added = False
    for site in db_rows.read_sites(conn):
        state, review = site.state(Topic.GATING), reviews.get(site.site_id, {})
        if legacy.wants_case(state.status.value, review):
            case = legacy.first_case(site.name, state.detail, review)
            conn.execute(insert(t.gating_cases).values(site_id=site.site_id, version=1,
                                                       **{**case, "items": json.dumps(case["items"])}))
            added = True
    return added


def read_cases(conn: Connection, site_id: str | None = None) -> list[GatingCase]:
    c = t.gating_cases
    query = select(c.c.id).order_by(c.c.id)
    if site_id is not None:
        query = query.where(c.c.site_id == site_id)
    return [read_case(conn, cid) for (cid,) in conn.execute(query)]


def read_case(conn: Connection, case_id: int) -> GatingCase:
    row = conn.execute(select(t.gating_cases).where(t.gating_cases.c.id == case_id)).first()
    if row is None:
        raise InvalidInput("There is no such gating case.")
    k, r = t.gating_consultations, t.gating_representations
    consultations = tuple(Consultation(x.id, Consultee(x.consultee), x.consulted_on, x.addresses, x.which, x.response)
                          for x in conn.execute(select(k).where(k.c.case_id == case_id).order_by(k.c.id)))
    representations = tuple(
        Representation(x.id, Category(x.category), x.received_on, x.gist, x.considered, x.made_by, x.address)
        for x in conn.execute(select(r).where(r.c.case_id == case_id).order_by(r.c.id)))
    p = t.gating_notice_photos
    photo = conn.execute(select(p.c.case_id).where(p.c.case_id == case_id)).first() is not None
    return GatingCase(row.id, row.site_id, row.gate, row.stands_at, row.closes, Stage(row.stage),
                      json.loads(row.items), consultations, representations, row.version, photo)


def _record(conn: Connection, actor: User | None, site_id: str, old: str | None, new: str, reason: str) -> None:
    db_rows.record(conn, actor, site_id, FIELD, old, new, reason, db_rows.utc_now(), Visibility.PUBLIC)


def _count(value, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        value = check_text(str(value), label, 6)
        if not value.isdigit():
            raise InvalidInput(f"{label} must be a whole number, not '{value}'.")
        value = int(value)
    if not 0 <= value <= ADDRESSES_MAX:
        raise InvalidInput(f"{label} must be between 0 and {ADDRESSES_MAX}.")
    return value


def _a(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words.lower()

