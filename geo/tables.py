"""The database schema, declared once with SQLAlchemy Core, and the reads and
writes the store makes with it (the checks values pass first are in geo/checks.py).

Only geo/store.py, geo/accounts.py and the Alembic migrations use the tables;
everyone else gets geo.model dataclasses from the store.  Positions are WGS84
(EPSG:4326) longitude and latitude.  Timestamps are ISO 8601 UTC text
("2026-11-26T09:52:01Z"), so they sort as text on every database.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import (
    Boolean, Column, Connection, Double, ForeignKey, Index, Integer, MetaData, String, Table, Text, delete, insert,
    select, update,
)

from geo.errors import InvalidInput
from geo.model import Annotation, GatingReview, Site, TopicState
from geo.status import Category, Position, Severity, Status, Topic, Visibility

REVIEW_FIELDS = ("options", "evidence", "consultation_date", "consultation_with", "decision", "next_review", "note")

# Longest value each kind of field accepts; the store checks these before writing.
NAME_MAX = 100
DETAIL_MAX = 300
TEXT_MAX = 2000
SITE_ID_MAX = 64
USER_NAME_MAX = 64
EMAIL_MAX = 254

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

sites = Table(
    "sites", metadata,
    Column("site_id", String(SITE_ID_MAX), primary_key=True),
    Column("seq", Integer, nullable=False),  # order the sites were seeded or imported in
    Column("name", String(NAME_MAX), nullable=False),
    Column("lon", Double, nullable=False),
    Column("lat", Double, nullable=False),
    Column("position", String(16), nullable=False),  # geo.status.Position
    Column("confidence", String(NAME_MAX), nullable=False),
    Column("position_source", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

site_topics = Table(
    "site_topics", metadata,
    Column("site_id", String(SITE_ID_MAX), ForeignKey("sites.site_id", ondelete="CASCADE"), primary_key=True),
    Column("topic", String(16), primary_key=True),  # geo.status.Topic
    Column("status", String(32), nullable=False),  # geo.status.Status
    Column("detail", Text, nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("commitments", Text, nullable=False),  # JSON list of commitment ids
)

gating_reviews = Table(
    "gating_reviews", metadata,
    Column("site_id", String(SITE_ID_MAX), ForeignKey("sites.site_id", ondelete="CASCADE"), primary_key=True),
    Column("options", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("consultation_date", String(10), nullable=False),
    Column("consultation_with", Text, nullable=False),
    Column("decision", Text, nullable=False),
    Column("next_review", String(10), nullable=False),
    Column("note", Text, nullable=False),
)

annotations = Table(
    "annotations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site_id", String(SITE_ID_MAX), ForeignKey("sites.site_id", ondelete="SET NULL"), nullable=True),
    Column("lon", Double, nullable=True),
    Column("lat", Double, nullable=True),
    Column("category", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("observation", Text, nullable=False),
    Column("recommendation", Text, nullable=False),
    Column("visibility", String(16), nullable=False),
    Column("author", String(USER_NAME_MAX), nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_annotations_site_id", "site_id"),
)

# Append-only: the store inserts and never updates or deletes.  An entry about
# a partners-only annotation is marked visibility='partners' and left out of
# the public history.
history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(NAME_MAX), nullable=False),
    Column("site_id", String(SITE_ID_MAX), nullable=True),  # no foreign key: outlives removed sites
    Column("field", String(64), nullable=False),
    Column("old", Text, nullable=True),
    Column("new", Text, nullable=True),
    Column("reason", Text, nullable=False),
    Column("visibility", String(16), nullable=False),
    Index("ix_history_site_id", "site_id"),
    Index("ix_history_at", "at"),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(USER_NAME_MAX), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # geo.status.Role
    Column("password_hash", Text, nullable=False),  # argon2id, never the password
    Column("disabled", Boolean, nullable=False),
    Column("failed_attempts", Integer, nullable=False),
    Column("locked_until", String(32), nullable=True),
    Column("email", String(EMAIL_MAX), nullable=True, unique=True),
)

crime_counts = Table(
    "crime_counts", metadata,
    Column("major", String(NAME_MAX), primary_key=True),
    Column("minor", String(NAME_MAX), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM
    Column("count", Integer, nullable=False),
)


# --- rows <-> geo.model dataclasses -------------------------------------

def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_today() -> str:
    return utc_now()[:10]


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


def add_site(conn: Connection, site: Site, seq: int) -> None:
    conn.execute(insert(sites).values(site_id=site.site_id, version=1, **_site_values(site, seq)))
    conn.execute(insert(site_topics), [dict(site_id=site.site_id, topic=topic.value, **_topic_values(site.state(topic)))
                                       for topic in Topic])


def overwrite_site(conn: Connection, site: Site, seq: int, *, bump: bool) -> None:
    """Write every field of an existing site; bump=True moves its version on (open editors go stale)."""
    conn.execute(update(sites).where(sites.c.site_id == site.site_id).values(
        version=sites.c.version + int(bump), **_site_values(site, seq)))
    for topic in Topic:
        write_topic(conn, site.site_id, topic, site.state(topic))


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


def site_fields(site: Site) -> dict[str, str]:
    fields = {"name": site.name, "location": f"{site.lon},{site.lat}", "position": site.position.value,
              "confidence": site.confidence, "position_source": site.position_source}
    for topic in Topic:
        state = site.state(topic)
        fields.update({f"{topic.value}.status": state.status.value, f"{topic.value}.detail": state.detail,
                       f"{topic.value}.as_of": state.as_of, f"{topic.value}.commitments": ", ".join(state.commitments)})
    return fields


def site_diff(old: Site, new: Site) -> list[tuple[str, str | None, str | None]]:
    before, after = site_fields(old), site_fields(new)
    return [(f, before[f], after[f]) for f in before if before[f] != after[f]]


def replace_summary(old: list[Site], new: list[Site]) -> dict[str, list[str]]:
    current = {s.site_id: s for s in old}
    incoming = {s.site_id for s in new}
    return {
        "added": [s.site_id for s in new if s.site_id not in current],
        "changed": [s.site_id for s in new if s.site_id in current and site_diff(current[s.site_id], s)],
        "removed": [s.site_id for s in old if s.site_id not in incoming],
    }


def record(conn, actor: str, site_id, field: str, old, new, reason: str, at: str, visibility: Visibility) -> None:
    conn.execute(insert(history).values(at=at, actor=actor, site_id=site_id, field=field, old=old, new=new,
                                          reason=reason, visibility=visibility.value))


def record_all(conn, actor: str, site_id, diff, reason: str) -> None:
    at = utc_now()
    for field, old, new in diff:
        record(conn, actor, site_id, field, old, new, reason, at, Visibility.PUBLIC)


def annotation_from_row(r) -> Annotation:
    return Annotation(r.id, r.site_id, r.lon, r.lat, Category(r.category), Severity(r.severity), r.observation,
                      r.recommendation, Visibility(r.visibility), r.author, r.created_at)


# --- checks: each returns the clean value or raises InvalidInput naming the field ---
