"""The database schema, declared once with SQLAlchemy Core, and the checks a
value passes before the store writes it into these tables.

Only geo/store.py, geo/accounts.py and the Alembic migrations use the tables;
everyone else gets geo.model dataclasses from the store.  Positions are WGS84
(EPSG:4326) longitude and latitude.  Timestamps are ISO 8601 UTC text
("2026-11-26T09:52:01Z"), so they sort as text on every database.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from enum import Enum

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

_SITE_ID = re.compile(r"[A-Za-z0-9_-]{1,%d}" % SITE_ID_MAX)
_MONTH = re.compile(r"\d{4}-\d{2}")
PAD_DEGREES = 0.01  # about 700 m east-west and 1.1 km north-south in London


def check_text(value, label: str, longest: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label} must be text.")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{label} is required.")
    if len(value) > longest:
        raise InvalidInput(f"{label} is {len(value)} characters long; the most it can take is {longest}.")
    return value


def check_enum(kind: type[Enum], value, label: str):
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(f"{label} must be one of: {', '.join(m.value for m in kind)}.") from None


def check_date(value, label: str, *, month_ok: bool = False) -> str:
    """An ISO date (or, with month_ok, a year-month), or empty."""
    value = check_text(value, label, 10)
    if not value:
        return value
    try:
        if month_ok and _MONTH.fullmatch(value):
            date.fromisoformat(value + "-01")
        elif len(value) != 10:
            raise ValueError
        else:
            date.fromisoformat(value)
    except ValueError:
        example = "YYYY-MM-DD or YYYY-MM" if month_ok else "YYYY-MM-DD"
        raise InvalidInput(f"{label} must be a date written {example}, not '{value}'.") from None
    return value


def check_version(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput("The version of the record you opened must be a whole number from 1 up; reload the page.")
    return value


def check_since(value: str) -> str:
    """An ISO date or timestamp, as UTC text comparable with history.at."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise InvalidInput(f"'Since' must be a date (YYYY-MM-DD) or a timestamp, not '{value}'.") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Bounds:
    """Where a point may go: the ward's bounding box padded a little, or anywhere in WGS84."""

    west: float = -180.0
    south: float = -90.0
    east: float = 180.0
    north: float = 90.0
    place: str = "the world"

    @classmethod
    def of_ward(cls, ward) -> "Bounds":
        if ward is None:
            return cls()
        west, south, east, north = ward.boundary.bounds
        return cls(max(west - PAD_DEGREES, -180), max(south - PAD_DEGREES, -90),
                   min(east + PAD_DEGREES, 180), min(north + PAD_DEGREES, 90), f"{ward.name} ward")

    def check(self, lon, lat) -> tuple[float, float]:
        """(lon, lat) as floats, WGS84 degrees, or InvalidInput."""
        out = []
        for label, value in (("Longitude", lon), ("Latitude", lat)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InvalidInput(f"{label} must be a number of degrees, not {value!r}.")
            out.append(float(value))
        lon, lat = out
        if not (self.west <= lon <= self.east and self.south <= lat <= self.north):
            raise InvalidInput(
                f"The point {lon:.6f}, {lat:.6f} (longitude, latitude) is outside {self.place}: longitude must be "
                f"between {self.west:.4f} and {self.east:.4f} and latitude between {self.south:.4f} "
                f"and {self.north:.4f}.")
        return lon, lat


def check_review(review: GatingReview) -> GatingReview:
    if not isinstance(review, GatingReview):
        raise InvalidInput("The gating review is missing.")
    return GatingReview(
        options=check_text(review.options, "Gating options", TEXT_MAX),
        evidence=check_text(review.evidence, "Evidence", TEXT_MAX),
        consultation_date=check_date(review.consultation_date, "Consultation date"),
        consultation_with=check_text(review.consultation_with, "Consulted with", TEXT_MAX),
        decision=check_text(review.decision, "Decision", TEXT_MAX),
        next_review=check_date(review.next_review, "Next review date"),
        note=check_text(review.note, "Progress note", TEXT_MAX),
    )


def check_site(site: Site, bounds: Bounds) -> Site:
    if not isinstance(site, Site):
        raise InvalidInput("Each site must be a Site.")
    site_id = site.site_id if isinstance(site.site_id, str) else ""
    if not _SITE_ID.fullmatch(site_id):
        raise InvalidInput(f"Site id '{site.site_id}' must be 1 to {SITE_ID_MAX} letters, digits, '-' or '_'.")
    name = check_text(site.name, f"Site {site_id}: name", NAME_MAX, required=True)
    lon, lat = bounds.check(site.lon, site.lat)
    topics = {}
    for topic in Topic:
        state = site.topics.get(topic)
        label = f"{name}: {topic.label.lower()}"
        if not isinstance(state, TopicState):
            raise InvalidInput(f"{label} status is missing.")
        commitments = tuple(state.commitments)
        if not all(isinstance(c, str) and 0 < len(c) <= NAME_MAX for c in commitments):
            raise InvalidInput(f"{label} commitments must be commitment ids.")
        topics[topic] = TopicState(
            check_enum(Status, state.status, f"{label} status"),
            check_text(state.detail, f"{label} detail", DETAIL_MAX),
            check_date(state.as_of, f"{label} 'as of' date", month_ok=True),
            commitments)
    return replace(
        site, site_id=site_id, name=name, lon=lon, lat=lat,
        position=check_enum(Position, site.position, f"{name}: position"),
        confidence=check_text(site.confidence, f"{name}: confidence", NAME_MAX),
        position_source=check_text(site.position_source, f"{name}: position source", TEXT_MAX),
        topics=topics)


def check_annotation(a: Annotation, bounds: Bounds) -> Annotation:
    if not isinstance(a, Annotation):
        raise InvalidInput("The annotation is missing.")
    site_id = a.site_id or None
    if site_id is not None and not isinstance(site_id, str):
        raise InvalidInput("Site must be a site id.")
    if (a.lon is None) != (a.lat is None):
        raise InvalidInput("A point needs both a longitude and a latitude.")
    lon, lat = bounds.check(a.lon, a.lat) if a.lon is not None else (None, None)
    if site_id is None and lon is None:
        raise InvalidInput("An annotation needs a site or a point on the map.")
    return replace(
        a, site_id=site_id, lon=lon, lat=lat,
        category=check_enum(Category, a.category, "Category"),
        severity=check_enum(Severity, a.severity, "Severity"),
        observation=check_text(a.observation, "Observation", TEXT_MAX, required=True),
        recommendation=check_text(a.recommendation, "Recommendation", TEXT_MAX),
        visibility=check_enum(Visibility, a.visibility, "Visibility"))


def check_crime_rows(rows) -> list[tuple[str, str, str, int]]:
    clean, seen = [], set()
    for i, row in enumerate(rows, start=1):
        try:
            major, minor, month, count = row
        except (TypeError, ValueError):
            raise InvalidInput(f"Crime row {i} must have a major category, minor category, month and count.") from None
        major = check_text(major, f"Crime row {i}: major category", NAME_MAX, required=True)
        minor = check_text(minor, f"Crime row {i}: minor category", NAME_MAX, required=True)
        if not isinstance(month, str) or not _MONTH.fullmatch(month) or not 1 <= int(month[5:]) <= 12:
            raise InvalidInput(f"Crime row {i}: month must be written YYYY-MM, not '{month}'.")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidInput(f"Crime row {i}: count must be a whole number from 0 up, not {count!r}.")
        if (major, minor, month) in seen:
            raise InvalidInput(f"Crime row {i}: {major} / {minor} for {month} appears twice.")
        seen.add((major, minor, month))
        clean.append((major, minor, month, count))
    if not clean:
        raise InvalidInput("There are no crime counts to load.")
    return clean
