"""Rows to geo.model dataclasses and back: the reads and writes the store and
accounts make with the tables in geo.db.tables, inside a transaction they own."""
from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, UTC

from sqlalchemy import Connection, delete, insert, select, update

from geo.records import GATING_REVIEW
from geo.db.tables import annotations, gating_reviews, history, site_topics, sites
from geo.errors import InvalidInput
from geo import clock
from geo.model import Change, GatingReview, Site, TopicState, User, describe_date, iso_utc
from geo.plan.teams import PartnerTeam
from geo.roles import team_of
from geo.sites.schema import site_diff  # the history's diff: field keys are the schema's flat names
from geo.status import Position, Status, Team, Topic, Visibility

REVIEW_FIELDS = GATING_REVIEW.names

SYSTEM = "system"  # the actor name of what the app records itself (the first load)


def utc_now() -> str:
    return iso_utc(datetime.now(UTC))


def read_time(text: str) -> datetime:
    """A stored timestamp ('2026-11-26T09:52:01Z') as a timezone-aware datetime."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_POSITIONS = {p.value: p for p in Position}
_STATUSES = {st.value: st for st in Status}
_TOPICS = {tp.value: tp for tp in Topic}


def read_sites(conn: Connection, site_id: str | None = None) -> list[Site]:
    """Sites in seeded order, each built once (this is the map page's hot path)."""
    s, st = sites, site_topics
    site_query = select(s.c.site_id, s.c.name, s.c.lon, s.c.lat, s.c.position, s.c.confidence,
                        s.c.position_source, s.c.version).order_by(s.c.seq)
    topic_query = select(st.c.site_id, st.c.topic, st.c.status, st.c.detail, st.c.as_of, st.c.commitments)
    if site_id is not None:
        site_query = site_query.where(s.c.site_id == site_id)
        topic_query = topic_query.where(st.c.site_id == site_id)
    states: dict[str, dict[Topic, TopicState]] = {}
    for sid, topic, status, detail, as_of, commitments in conn.execute(topic_query):
        ids = () if commitments == "[]" else tuple(json.loads(commitments))
        states.setdefault(sid, {})[_TOPICS[topic]] = TopicState(_STATUSES[status], detail, as_of, ids)
    found = []
    for sid, name, lon, lat, position, confidence, source, version in conn.execute(site_query):
        by_topic = states.get(sid, {})
        topics = {topic: by_topic[topic] for topic in Topic if topic in by_topic}
        found.append(Site(sid, name, lon, lat, _POSITIONS[position], confidence, source, topics, version))
    return found


def read_site(conn: Connection, site_id: str) -> Site:
    found = read_sites(conn, site_id)
    if not found:
        raise InvalidInput(f"There is no site with the id '{site_id}'.")
    return found[0]


def read_review(conn: Connection, site_id: str) -> GatingReview:
    row = conn.execute(select(gating_reviews).where(gating_reviews.c.site_id == site_id)).first()
    return GatingReview(**{f: getattr(row, f) for f in REVIEW_FIELDS}) if row else GatingReview()


def write_topic(conn: Connection, site_id: str, topic: Topic, state: TopicState) -> None:
    st = site_topics
    conn.execute(update(st).where(st.c.site_id == site_id, st.c.topic == topic.value).values(**_topic_values(state)))


def add_sites(conn: Connection, placed: Sequence[tuple[Site, int]]) -> None:
    """New sites, each at its seq, in one statement per table (an import of thousands is one round trip each)."""
    if not placed:
        return
    conn.execute(insert(sites), [dict(site_id=site.site_id, version=1, **_site_values(site, seq))
                                 for site, seq in placed])
    conn.execute(insert(site_topics), [dict(site_id=site.site_id, topic=topic.value, **_topic_values(site.state(topic)))
                                       for site, _ in placed for topic in Topic])


def overwrite_site(conn: Connection, site: Site, seq: int, *, bump: bool) -> None:
    """Write every field of an existing site; bump=True moves its version on (open editors go stale)."""
    conn.execute(update(sites).where(sites.c.site_id == site.site_id).values(
        version=sites.c.version + int(bump), **_site_values(site, seq)))
    for topic in Topic:
        write_topic(conn, site.site_id, topic, site.state(topic))


def moved(old: Site, lon: float, lat: float, *, confirmed: bool, team: Team) -> Site | None:
    """The site put at (lon, lat), its position confirmed on site or placed by hand and said so
    (naming the team, never the sign-in name: the source is public); None when nothing changes."""
    was_moved = (old.lon, old.lat) != (lon, lat)
    # Not confirmed after a move, or with the box unticked, means placed by hand: approximate.
    position = Position.CONFIRMED if confirmed else (
        Position.APPROXIMATE if was_moved or old.position is Position.CONFIRMED else old.position)
    if position is old.position and not was_moved:
        return None
    by = f"by the {team.label.lower()} on {describe_date(clock.today().isoformat())}"
    if position is Position.CONFIRMED:
        source, confidence = f"confirmed on site {by}", "high"
    elif position is Position.APPROXIMATE:
        source, confidence = f"placed by hand {by}; to be confirmed on site", "low"
    else:
        source, confidence = old.position_source, old.confidence
    return replace(old, lon=lon, lat=lat, position=position, confidence=confidence, position_source=source)


def write_position(conn: Connection, actor: User, old: Site, new: Site, reason: str) -> None:
    """Put the site where `new` says (position, its source and confidence) and record the change."""
    conn.execute(update(sites).where(sites.c.site_id == old.site_id).values(
        lon=new.lon, lat=new.lat, position=new.position.value, confidence=new.confidence,
        position_source=new.position_source))
    record_all(conn, actor, old.site_id, site_diff(old, new), reason)


def _site_values(site: Site, seq: int) -> dict:
    return dict(seq=seq, name=site.name, lon=site.lon, lat=site.lat, position=site.position.value,
                confidence=site.confidence, position_source=site.position_source)


def _topic_values(state: TopicState) -> dict:
    return dict(status=state.status.value, detail=state.detail, as_of=state.as_of,
                commitments=json.dumps(list(state.commitments)))


def remove_site(conn: Connection, site: Site) -> None:
    # Keep annotations on the map where the site was, rather than losing them.
    a = annotations
    conn.execute(update(a).where(a.c.site_id == site.site_id, a.c.lon.is_(None)).values(lon=site.lon, lat=site.lat))
    conn.execute(delete(sites).where(sites.c.site_id == site.site_id))


def replace_summary(old: list[Site], new: list[Site]) -> dict[str, list[str]]:
    current = {s.site_id: s for s in old}
    incoming = {s.site_id for s in new}
    return {
        "added": [s.site_id for s in new if s.site_id not in current],
        "changed": [s.site_id for s in new if s.site_id in current and site_diff(current[s.site_id], s)],
        "removed": [s.site_id for s in old if s.site_id not in incoming],
    }


def record(conn: Connection, actor: User | None, site_id, field: str, old, new, reason: str, at: str,
           visibility: Visibility, save_id: str | None = None, annotation_id: int | None = None,
           commitment_id: str | None = None) -> int:
    """One history row, and its id.  actor None is the system itself; rows of one save share save_id
    (a new one if None); annotation_id names the design note an entry is about, commitment_id the
    action plan's commitment."""
    return conn.execute(insert(history).values(_history_row(
        actor, site_id, field, old, new, reason, at, visibility, save_id or new_save_id(),
        annotation_id=annotation_id, commitment_id=commitment_id))).inserted_primary_key[0]


def _history_row(actor: User | None, site_id, field: str, old, new, reason: str, at: str, visibility: Visibility,
                 save_id: str, *, annotation_id: int | None = None, commitment_id: str | None = None) -> dict:
    name, team = (SYSTEM, Team.SYSTEM.value) if actor is None else (actor.name, team_of(actor) or Team.PARTNER.value)
    return dict(at=at, actor=name, team=team, save_id=save_id, site_id=site_id, field=field, old=old, new=new,
                reason=reason, visibility=visibility.value, annotation_id=annotation_id, commitment_id=commitment_id)


def record_all(conn: Connection, actor: User | None, site_id, diff, reason: str, save_id: str | None = None) -> None:
    """Every (field, old, new) of one save, at one time under one save id (a new one if None)."""
    at, save_id = utc_now(), save_id or new_save_id()
    for field, old, new in diff:
        record(conn, actor, site_id, field, old, new, reason, at, Visibility.PUBLIC, save_id)


def record_each(conn: Connection, actor: User | None, diffs: Sequence[tuple[str, list]], reason: str) -> None:
    """record_all for many sites at once, (the site's id, diff) each, a save of its own each: one statement."""
    at = utc_now()
    rows = [_history_row(actor, site_id, field, old, new, reason, at, Visibility.PUBLIC, save_id)
            for site_id, diff in diffs for save_id in [new_save_id()] for field, old, new in diff]
    if rows:
        conn.execute(insert(history), rows)


def _fixed_team(value: str | None) -> Team:
    try:
        return Team(value) if value else Team.STAFF
    except ValueError:  # a team since removed
        return Team.PARTNER


def new_save_id() -> str:
    return uuid.uuid4().hex


def last_change(conn: Connection, *where) -> tuple[str, str]:
    """(who, when) of the newest history entry matching `where`, for a conflict answer to staff:
    the sign-in name and the UTC time, or ("someone", "an unknown time")."""
    last = conn.execute(select(history.c.actor, history.c.at).where(*where)
                        .order_by(history.c.id.desc()).limit(1)).first()
    if last is None:
        return "someone", "an unknown time"
    return last.actor, last.at.replace("T", " ").replace("Z", " UTC")


def change_from_row(r, teams: Mapping[str, PartnerTeam] | None = None) -> Change:
    """A history row as a Change; its team named as the teams table names it now, where it is one."""
    team = (teams or {}).get(r.team) or _fixed_team(r.team)
    return Change(r.id, read_time(r.at), r.actor, r.site_id, r.field, r.old, r.new, r.reason, team, r.save_id,
                  r.commitment_id)
