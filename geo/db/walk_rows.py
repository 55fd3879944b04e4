"""Walk rows to geo.walks.walkabout dataclasses and back, inside a transaction the caller owns."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, time

from sqlalchemy import Connection, select

from geo.db import rows as db_rows, tables as t
from geo.errors import InvalidInput
from geo.model import User
from geo.roles import require_to_record_on
from geo.status import Category, Role, Severity, Team
from geo.walks.walkabout import Outcome, Parameter, Phase, Reason, RouteStop, StopEntry, StopRecord, Walk


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
