"""Plain data the rest of the package passes around: sites and their topic
states.  Positions are WGS84 (EPSG:4326) longitude and latitude."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, UTC
from functools import lru_cache
from collections.abc import Mapping

from geo.clock import LONDON
from geo.status import Category, Position, Role, Severity, Status, Team, Topic, Visibility

# Recorded moments are kept in UTC and shown in the ward's local time (geo.clock.LONDON).


@dataclass(frozen=True)
class TopicState:
    status: Status
    detail: str
    as_of: str  # ISO 8601 date or year-month, e.g. "2019-02" or "2026-11-26"
    commitments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Site:
    site_id: str
    name: str
    lon: float
    lat: float
    position: Position
    confidence: str
    position_source: str
    topics: Mapping[Topic, TopicState] = field(default_factory=dict)
    version: int = 1

    def state(self, topic: Topic) -> TopicState:
        return self.topics[topic]

    def commitment_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for topic in Topic:
            for cid in self.topics[topic].commitments:
                seen[cid] = None
        return tuple(seen)

    def with_state(self, topic: Topic, state: TopicState) -> Site:
        return replace(self, topics={**self.topics, topic: state})


@lru_cache(maxsize=4096)
def describe_date(value: str) -> str:
    """'2019-02' -> 'February 2019'; '2019-02-19' -> '19 February 2019'."""
    from datetime import date

    parts = value.split("-")
    try:
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
        if len(parts) == 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
            return f"{d.day} {d.strftime('%B %Y')}"
    except ValueError:
        pass
    return value


def describe_time(moment: datetime) -> str:
    """A recorded moment in local time: '26 Nov 2026, 09:52'.  Every page and report says times this way."""
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%b %Y, %H:%M}"


def describe_day(moment: datetime) -> str:
    """The local day of a recorded moment: '26 November 2026'."""
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}"


def iso_utc(moment: datetime) -> str:
    """The stored and exported form of a moment: ISO 8601 UTC, '2026-11-26T09:52:01Z'."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class GatingReview:
    """The planning team's gating review of one site."""

    options: str = ""
    evidence: str = ""
    consultation_date: str = ""  # ISO date, or empty
    consultation_with: str = ""
    decision: str = ""
    next_review: str = ""  # ISO date, or empty
    note: str = ""  # the progress note for this update


@dataclass(frozen=True)
class SiteRecord:
    """What an editor opens: a site and its gating review, as saved at one version."""

    site: Site
    review: GatingReview

    @property
    def version(self) -> int:
        return self.site.version


@dataclass(frozen=True)
class Annotation:
    """A design-out-crime observation by the Police Crime Prevention Design Advisor.

    Tied to a site (by its id) or to a point (lon, lat, WGS84) or both.  `id` is
    the database's and stays among staff; the public sees `ref`."""

    id: int | None
    site_id: str | None
    lon: float | None
    lat: float | None
    category: Category
    severity: Severity
    observation: str
    recommendation: str
    visibility: Visibility = Visibility.PARTNERS  # never public unless the advisor says so
    author: str = ""
    created_at: datetime | None = None  # timezone-aware; set by the store
    ref: str = ""  # the public reference, random: says nothing about how many notes exist
    version: int = 1  # moves on with every edit, for optimistic editing
    withdrawn_at: datetime | None = None  # timezone-aware; a withdrawn note is shown nowhere public

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_public(self) -> bool:
        """True when anyone, signed in or not, may see the note."""
        return self.visibility is Visibility.PUBLIC and not self.is_withdrawn


@dataclass(frozen=True)
class Change:
    """One field's change in the append-only history.  geo.history words them for people."""

    id: int
    at: datetime  # timezone-aware (UTC)
    actor: str  # the sign-in name: never shown to the public
    site_id: str | None
    field: str
    old: str | None
    new: str | None
    reason: str
    team: Team = Team.STAFF  # who the public is told made it
    save_id: str | None = None  # shared by every field written in one save; None on entries made before it was kept
    commitment_id: str | None = None  # the action plan's commitment the entry is about, if any


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    disabled: bool = False
    email: str | None = None
    must_change_password: bool = False  # after an administrator's reset, until a new one is chosen
    team: str | None = None  # a geo.plan.teams id; None: the team of the role (geo.roles.team_of)



@dataclass(frozen=True)
class FailedSignIn:
    """A refused sign-in, for administrators: when, the name typed, from where, and why."""
    at: str  # ISO 8601 UTC timestamp
    name: str
    client: str
    outcome: str
