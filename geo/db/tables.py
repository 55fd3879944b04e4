"""The database schema, declared once with SQLAlchemy Core.

Only geo/db/ (the store, accounts, row helpers and Alembic migrations) uses
the tables; everyone else gets geo.model dataclasses from the store.  Positions are WGS84
(EPSG:4326) longitude and latitude.  Timestamps are ISO 8601 UTC text
("2026-11-26T09:52:01Z"), so they sort as text on every database.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Double, ForeignKey, Index, Integer, LargeBinary, MetaData, PrimaryKeyConstraint, String, Table,
    Text, UniqueConstraint,
)

from geo.limits import (
    CLIENT_MAX, CLIENT_REF_MAX, COMMITMENT_ID_MAX, EMAIL_MAX, EVIDENCE_REF_MAX, HISTORY_FIELD_MAX, NAME_MAX,
    NOTE_REF_MAX, TEAM_ID_MAX, USER_NAME_MAX,
)
from geo.fields import Field
from geo.records import CONSULTATION, GATING_CASE, GATING_REVIEW, REPRESENTATION, REVIEW, TEAM, WALK
from geo.sites import schema

SIZED_MAX = 255  # longer texts are Text columns: their limit is checked by the store, not the database

# Limits come from geo.limits (texts) and geo.sites.schema (a site's fields, which also name the
# sites table's columns: renaming a field there renames its column, and tests/test_migrations.py
# then asks for a migration).



def _site_id(*args, **kwargs) -> Column:
    """A column holding a site's id."""
    return Column(schema.SITE_ID.name, String(schema.SITE_ID.limit), *args, **kwargs)


def _declared(field: Field) -> Column:
    """The column holding a declared field (geo.records): sized text up to SIZED_MAX, longer as Text."""
    return Column(field.name, String(field.limit) if field.limit <= SIZED_MAX else Text, nullable=False)


metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

sites = Table(
    "sites", metadata,
    _site_id(primary_key=True),
    Column("seq", Integer, nullable=False),  # order the sites were seeded or imported in
    Column(schema.NAME.name, String(schema.NAME.limit), nullable=False),
    Column("lon", Double, nullable=False),
    Column("lat", Double, nullable=False),
    Column(schema.POSITION.name, String(16), nullable=False),  # geo.status.Position
    Column(schema.CONFIDENCE.name, String(schema.CONFIDENCE.limit), nullable=False),
    Column(schema.POSITION_SOURCE.name, Text, nullable=False),
    Column("version", Integer, nullable=False),
)

site_topics = Table(
    "site_topics", metadata,
    _site_id(ForeignKey(sites.c[schema.SITE_ID.name], ondelete="CASCADE"), primary_key=True),
    Column("topic", String(16), primary_key=True),  # geo.status.Topic
    Column("status", String(32), nullable=False),  # geo.status.Status
    Column("detail", Text, nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("commitments", Text, nullable=False),  # JSON list of commitment ids
)

gating_reviews = Table(
    "gating_reviews", metadata,
    _site_id(ForeignKey(sites.c[schema.SITE_ID.name], ondelete="CASCADE"), primary_key=True),
    *(_declared(f) for f in GATING_REVIEW),
)

annotations = Table(
    "annotations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _site_id(ForeignKey(sites.c[schema.SITE_ID.name], ondelete="SET NULL"), nullable=True),
    Column("lon", Double, nullable=True),
    Column("lat", Double, nullable=True),
    Column("category", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("observation", Text, nullable=False),
    Column("recommendation", Text, nullable=False),
    Column("visibility", String(16), nullable=False),
    Column("author", String(USER_NAME_MAX), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("ref", String(NOTE_REF_MAX), nullable=False, unique=True),  # random; the public's name for the note
    Column("version", Integer, nullable=False),
    # The first history id shown publicly for this note; NULL while the note is not public
    # (partners only or withdrawn), so its earlier entries stay out of the public history.
    Column("public_since", Integer, nullable=True),
    Column("withdrawn_at", String(32), nullable=True),
    Index("ix_annotations_site_id", schema.SITE_ID.name),
)

# Append-only: the store inserts and never updates or deletes.  One row per
# field changed; the rows of one save share a save_id.  An entry about
# a partners-only annotation is marked visibility='partners' and left out of
# the public history; so is every entry about a note that is not public now
# (see annotations.public_since).
history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(NAME_MAX), nullable=False),
    Column("team", String(TEAM_ID_MAX), nullable=True),  # a teams.id or geo.status.Team; NULL before 0002
    Column("save_id", String(32), nullable=True),  # NULL on rows from before 0002
    _site_id(nullable=True),  # no foreign key: outlives removed sites
    Column("field", String(HISTORY_FIELD_MAX), nullable=False),
    Column("old", Text, nullable=True),
    Column("new", Text, nullable=True),
    Column("reason", Text, nullable=False),
    Column("visibility", String(16), nullable=False),
    Column("annotation_id", Integer, nullable=True),  # the note an entry is about (no foreign key, like site_id)
    Column("commitment_id", String(COMMITMENT_ID_MAX), nullable=True),  # the commitment an entry is about
    Index("ix_history_site_id", schema.SITE_ID.name),
    Index("ix_history_at", "at"),
    Index("ix_history_annotation_id", "annotation_id"),
)

# The action plan's commitments (geo.plan.action_plan.Commitment), seeded from the plan file at first
# start and written by the store since; the plan's title, glossary and contacts stay in the file.
commitments = Table(
    "commitments", metadata,
    Column("id", String(COMMITMENT_ID_MAX), primary_key=True),  # e.g. "st-4", "wk-1"
    Column("seq", Integer, nullable=False),  # the plan's order
    Column("term", String(8), nullable=False),  # geo.plan.action_plan.TERMS
    Column("asked", Text, nullable=False),
    Column("will_do", Text, nullable=False),  # JSON list of sentences
    Column("lead", Text, nullable=False),
    Column("target_text", Text, nullable=False),
    Column("target_by", String(10), nullable=False),  # ISO date
    Column("topics", Text, nullable=False),  # JSON list
    Column("status", String(16), nullable=False),  # geo.status.Progress
    Column("version", Integer, nullable=False),
    Column("target_history", Text, nullable=False, server_default="[]"),  # JSON list of earlier target dates
)

# Each site's review of a topic kept like gating (geo.records.KEPT_TOPICS): TOPIC_REVIEW's fields, as JSON
# keyed by their names, so a new topic or field needs no new column.
topic_reviews = Table(
    "topic_reviews", metadata,
    _site_id(ForeignKey(sites.c[schema.SITE_ID.name], ondelete="CASCADE"), nullable=False),
    Column("topic", String(16), nullable=False),  # geo.status.Topic
    Column("fields", Text, nullable=False),
    PrimaryKeyConstraint(schema.SITE_ID.name, "topic"),
)

# A gating case per gate (geo.gating.case): its stage and the items the stages asked for (geo.gating.stages),
# as JSON keyed by their names, so a new item needs no new column.
gating_cases = Table(
    "gating_cases", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _site_id(ForeignKey(sites.c[schema.SITE_ID.name], ondelete="CASCADE"), nullable=False),
    *(_declared(f) for f in GATING_CASE),
    Column("stage", String(32), nullable=False),  # geo.gating.stages.Stage
    Column("items", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

# Whom a gating case consulted (geo.gating.stages.Consultee), when, how many addresses, and the response.
gating_consultations = Table(
    "gating_consultations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey(gating_cases.c.id, ondelete="CASCADE"), nullable=False),
    Column("consultee", String(16), nullable=False),
    Column("addresses", Integer, nullable=False),
    *(_declared(f) for f in CONSULTATION),
)

# Each representation on a proposed order: its category and gist are public as counts; name and address never.
gating_representations = Table(
    "gating_representations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey(gating_cases.c.id, ondelete="CASCADE"), nullable=False),
    Column("category", String(16), nullable=False),  # geo.gating.stages.Category
    *(_declared(f) for f in REPRESENTATION),
)

# The photo of a gating order's site notice (SI 2014/2591), one per case, re-encoded without metadata.
gating_notice_photos = Table(
    "gating_notice_photos", metadata,
    Column("case_id", Integer, ForeignKey(gating_cases.c.id, ondelete="CASCADE"), primary_key=True),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),  # JPEG
    Column("at", String(32), nullable=False),
)

# Review meetings of the plan: open until published, then one dated public record (its summary).
reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("held_on", String(10), nullable=False, unique=True),  # ISO date
    Column("published_at", String(32), nullable=True),
    Column("summary", Text, nullable=False, server_default=""),
    Column("version", Integer, nullable=False),
)

# Each commitment a review meeting went through: its note and the next review date it set.
review_items = Table(
    "review_items", metadata,
    Column("review_id", Integer, ForeignKey(reviews.c.id, ondelete="CASCADE"), nullable=False),
    Column("commitment_id", String(COMMITMENT_ID_MAX), ForeignKey(commitments.c.id, ondelete="CASCADE"),
           nullable=False),
    _declared(REVIEW["note"]),
    _declared(REVIEW["next_review"]),
    PrimaryKeyConstraint("review_id", "commitment_id"),
)

# The partner teams (geo.plan.teams.PartnerTeam), seeded from data/teams.json, edited by administrators.
teams = Table(
    "teams", metadata,
    Column("id", String(TEAM_ID_MAX), primary_key=True),
    *(_declared(f) for f in TEAM),
    Column("version", Integer, nullable=False),
)

# Which teams lead which commitment: a member of a lead team may update it.
commitment_leads = Table(
    "commitment_leads", metadata,
    Column("commitment_id", String(COMMITMENT_ID_MAX), ForeignKey(commitments.c.id, ondelete="CASCADE"),
           nullable=False),
    Column("team_id", String(TEAM_ID_MAX), ForeignKey(teams.c.id), nullable=False),
    PrimaryKeyConstraint("commitment_id", "team_id"),
)

# Dated progress entries, in the order they were added (id).
progress_entries = Table(
    "progress_entries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("commitment_id", String(COMMITMENT_ID_MAX), ForeignKey(commitments.c.id, ondelete="CASCADE"),
           nullable=False),
    Column("date", String(10), nullable=False),  # ISO date or year-month
    Column("text", Text, nullable=False),
    Column("visibility", String(16), nullable=False, server_default="public"),  # geo.status.Visibility
    # A photo as evidence, cleaned of its metadata (geo.walks.photo_cleaner): /evidence/{ref}.jpg while public.
    Column("evidence_ref", String(EVIDENCE_REF_MAX), nullable=True, unique=True),
    Column("evidence", LargeBinary, nullable=True),
    Index("ix_progress_entries_commitment_id", "commitment_id"),
)

# Walkabouts (geo.walks.walkabout).  A walk's public ref is random, like a note's.
walks = Table(
    "walks", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(NOTE_REF_MAX), nullable=False, unique=True),
    _declared(WALK["title"]),
    Column("on_date", String(10), nullable=False),
    Column("starts", String(5), nullable=False),  # HH:MM local
    Column("phase", String(16), nullable=False),  # geo.walks.walkabout.Phase
    Column("follows", Text, nullable=False),  # JSON list of commitment ids
    Column("invited", Text, nullable=False),  # JSON list of geo.status.Role values
    Column("repeats", Integer, ForeignKey("walks.id", ondelete="SET NULL"), nullable=True),
    Column("attendance", Text, nullable=False),  # JSON {role: count}: never names
    Column("published", Boolean, nullable=False),
    Column("completed", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("team", String(16), nullable=False, server_default="community_safety"),  # geo.status.Team: organiser
)

walk_route = Table(
    "walk_route", metadata,
    Column("walk_id", Integer, ForeignKey(walks.c.id, ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    _site_id(nullable=True),  # no foreign key: outlives removed sites
    Column("lon", Double, nullable=False),
    Column("lat", Double, nullable=False),
    _declared(WALK["label"]),
    PrimaryKeyConstraint("walk_id", "seq"),
)

# One row per stop recorded; a stop with a finding is resolved after the walk (outcome).
walk_stops = Table(
    "walk_stops", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("walk_id", Integer, ForeignKey(walks.c.id, ondelete="CASCADE"), nullable=False),
    Column("route_seq", Integer, nullable=True),  # NULL: a point not on the route
    _site_id(nullable=True),
    Column("lon", Double, nullable=True),
    Column("lat", Double, nullable=True),
    Column("scores", Text, nullable=False),  # JSON {parameter: 0..3}
    Column("reasons", Text, nullable=False),  # JSON list of geo.walks.walkabout.Reason
    Column("felt_safe", Boolean, nullable=True),
    Column("why", Text, nullable=False),
    Column("positives", Text, nullable=False),
    Column("priority", String(16), nullable=False),  # geo.status.Severity
    Column("cpted", Text, nullable=False),  # JSON [[category, observation], ...]
    Column("finding", Text, nullable=False),
    Column("outcome", String(16), nullable=False),  # geo.walks.walkabout.Outcome
    Column("outcome_ref", String(COMMITMENT_ID_MAX * 4), nullable=False),
    Column("outcome_reason", Text, nullable=False),
    Column("team", String(16), nullable=False),  # geo.status.Team: who recorded it
    Column("recorded_at", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("client_ref", String(CLIENT_REF_MAX), nullable=True),  # made on the phone: a resend is recognised
    Index("ix_walk_stops_walk_id", "walk_id"),
    UniqueConstraint("walk_id", "client_ref", name="uq_walk_stops_client_ref"),
    Index("ix_walk_stops_site_id", schema.SITE_ID.name),
)

# A site's position as a phone on a walk gave it, until a planner confirms or rejects it.
position_proposals = Table(
    "position_proposals", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("walk_id", Integer, ForeignKey(walks.c.id, ondelete="CASCADE"), nullable=False),
    _site_id(ForeignKey(sites.c[schema.SITE_ID.name], ondelete="CASCADE"), nullable=False),
    Column("lon", Double, nullable=False),
    Column("lat", Double, nullable=False),
    Column("accuracy_m", Double, nullable=False),
    Column("state", String(16), nullable=False),  # geo.walks.walkabout.Proposal
    Column("team", String(16), nullable=False),
    Column("at", String(32), nullable=False),
)

# Photos, re-encoded without metadata (geo.walks.photo_cleaner), in the database so every instance serves them.
walk_photos = Table(
    "walk_photos", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("walk_id", Integer, ForeignKey(walks.c.id, ondelete="CASCADE"), nullable=False),
    Column("stop_id", Integer, ForeignKey(walk_stops.c.id, ondelete="SET NULL"), nullable=True),
    Column("number", Integer, nullable=False),  # 1, 2, ... within the walk
    Column("ref", String(NOTE_REF_MAX), nullable=False, unique=True),  # random: /photos/{ref}.jpg
    Column("caption", Text, nullable=False),
    Column("good_feature", Boolean, nullable=False),  # shows something good, not a problem
    Column("published", Boolean, nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),  # JPEG
    Column("at", String(32), nullable=False),
    Column("client_ref", String(CLIENT_REF_MAX), nullable=True, unique=True),  # made on the phone
    Index("ix_walk_photos_walk_id", "walk_id"),
)

# Where and when the phone was at a stop (the walker's consent; partners only, never public):
# kept apart from walk_stops so no public reader of stops can reach it.
stop_fixes = Table(
    "stop_fixes", metadata,
    Column("stop_id", Integer, ForeignKey(walk_stops.c.id, ondelete="CASCADE"), primary_key=True),
    Column("phone_time", String(32), nullable=False),  # when the walker saved it, by the phone's clock (UTC)
    Column("lat", Double, nullable=True),  # NULL: the walker did not share the position
    Column("lon", Double, nullable=True),
    Column("accuracy_m", Double, nullable=True),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(USER_NAME_MAX), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # geo.status.Role
    Column("password_hash", Text, nullable=False),  # argon2id, never the password
    Column("disabled", Boolean, nullable=False),
    Column("email", String(EMAIL_MAX), nullable=True, unique=True),
    Column("must_change_password", Boolean, nullable=False),  # set by a reset, cleared by the new password
    Column("team", String(TEAM_ID_MAX), nullable=True),  # a teams.id; NULL: the team of the role (before 0009)
)

# Sign-in attempts counted per name tried (existing or not), per client, and per
# (name, client); see geo/db/signin.py.  scope is 'name', 'client' or 'pair';
# the unused part of the key is ''.  Rows are pruned once idle.
signin_throttle = Table(
    "signin_throttle", metadata,
    Column("scope", String(8), primary_key=True),
    Column("name", String(USER_NAME_MAX), primary_key=True),
    Column("client", String(CLIENT_MAX), primary_key=True),
    Column("failures", Integer, nullable=False),  # counted before the password is checked
    Column("window_ends", String(32), nullable=True),  # when these failures stop counting
    Column("locked_until", String(32), nullable=True),
    Column("locks", Integer, nullable=False),  # locks so far: each one twice as long as the last
    Column("trusted", Boolean, nullable=False),  # pair: this client has signed in with this name
    Column("last_at", String(32), nullable=False),
    Index("ix_signin_throttle_last_at", "last_at"),
)

# The walk's track as a walker's phone kept it (their consent; partners only, never public): points
# between stops, sent with the stop that follows them.
track_points = Table(
    "track_points", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("walk_id", Integer, ForeignKey(walks.c.id, ondelete="CASCADE"), nullable=False),
    Column("stop_id", Integer, ForeignKey(walk_stops.c.id, ondelete="CASCADE"), nullable=False),
    Column("team", String(16), nullable=False),  # geo.status.Team: whose phone
    Column("at", String(32), nullable=False),  # the phone's clock, UTC
    Column("lat", Double, nullable=False),
    Column("lon", Double, nullable=False),
    Column("accuracy_m", Double, nullable=False),
    Index("ix_track_points_walk_id", "walk_id"),
)

# A sign-in kept in the browser's cookie (geo/db/session_store.py): only the cookie's hash is stored,
# beside its CSRF token.  `credential` is the account's password fingerprint when it began, so
# a reset ends it; a disabled account ends it too.
sign_in_sessions = Table(
    "sign_in_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("csrf", String(64), nullable=False),
    Column("name", String(USER_NAME_MAX), nullable=False),
    Column("credential", String(64), nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Index("ix_sign_in_sessions_expires_at", "expires_at"),
)

# Recent refused sign-ins for administrators (the newest signin.FAILURES_KEPT only).
signin_failures = Table(
    "signin_failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("name", String(USER_NAME_MAX), nullable=False),  # as typed, cut to length
    Column("client", String(CLIENT_MAX), nullable=False),
    Column("outcome", String(32), nullable=False),
)

crime_counts = Table(
    "crime_counts", metadata,
    Column("major", String(NAME_MAX), primary_key=True),
    Column("minor", String(NAME_MAX), primary_key=True),
    Column("month", String(7), primary_key=True),  # YYYY-MM
    Column("count", Integer, nullable=False),
)

# Offences per month and offence group (geo.crime.offences.OffenceGroup), every group for every month
# loaded: what the crime pages show, kept beside the counts so a page never reads them all.
crime_summary = Table(
    "crime_summary", metadata,
    Column("month", String(7), primary_key=True),  # YYYY-MM
    Column("offence_group", String(32), primary_key=True),
    Column("count", Integer, nullable=False),
)

# Residents' voice (geo.voice, kept by geo.db.voice_store).  The raw rows below are never exported, never
# in a feed, a route or a backup the app's own commands make (NEVER_EXPORTED); each is deleted once older
# than VOICE_RETENTION_DAYS.  A report keeps its 100 m British National Grid square, never the point.
voice_reports = Table(
    "voice_reports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("easting", Integer, nullable=False),  # the 100 m square's south-west corner, EPSG:27700
    Column("northing", Integer, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of geo.voice.reasons.UnsafeReason
    Column("time_of_day", String(16), nullable=False),  # geo.voice.reasons.TimeOfDay
    Column("when_felt", String(16), nullable=False),  # geo.voice.reasons.WhenFelt
    Column("source", String(32), nullable=False),  # geo.voice.abuse.source_key: the day's keyed hash
    Column("received_at", String(32), nullable=False),
    Index("ix_voice_reports_received_at", "received_at"),
    # The source hash changes daily, so this is "one report per source per square per day".
    UniqueConstraint("source", "easting", "northing", name="uq_voice_reports_source"),
)

# "Still a problem" / "Looks fixed now" on a commitment or a site.
voice_verdicts = Table(
    "voice_verdicts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_kind", String(16), nullable=False),  # "commitment" or "site"
    Column("target_id", String(SIZED_MAX), nullable=False),  # its id; no foreign key, like history
    Column("verdict", String(16), nullable=False),  # geo.voice.reasons.Verdict
    Column("source", String(32), nullable=False),
    Column("received_at", String(32), nullable=False),
    Index("ix_voice_verdicts_received_at", "received_at"),
    # The source hash changes daily, so this is "one verdict per source per target per day".
    UniqueConstraint("source", "target_kind", "target_id", name="uq_voice_verdicts_source"),
)

# The random key of each day's source hashes; a day's key is deleted once the day is over.
voice_day_keys = Table(
    "voice_day_keys", metadata,
    Column("day", String(10), primary_key=True),  # ISO date, London
    Column("key", LargeBinary, nullable=False),
)

NEVER_EXPORTED = (voice_reports, voice_verdicts, voice_day_keys)
