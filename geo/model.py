"""Plain data the rest of the package passes around: sites and their topic
states.  Positions are WGS84 (EPSG:4326) longitude and latitude."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Mapping

from geo.status import Category, Position, Role, Severity, Status, Topic, Visibility


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

    def with_state(self, topic: Topic, state: TopicState) -> "Site":
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
class Annotation:
    """A design-out-crime observation by the Police Crime Prevention Design Advisor.

    Tied to a site (site_id) or to a point (lon, lat, WGS84) or both.  `id` is
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
    created_at: str = ""  # ISO 8601 UTC timestamp
    ref: str = ""  # the public reference, random: says nothing about how many notes exist
    version: int = 1  # moves on with every edit, for optimistic editing
    withdrawn_at: str | None = None  # ISO 8601 UTC timestamp; a withdrawn note is shown nowhere public

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_public(self) -> bool:
        """True when anyone, signed in or not, may see the note."""
        return self.visibility is Visibility.PUBLIC and not self.is_withdrawn


@dataclass(frozen=True)
class Change:
    """One entry of the append-only history."""

    id: int
    at: str  # ISO 8601 UTC timestamp
    actor: str
    site_id: str | None
    field: str
    old: str | None
    new: str | None
    reason: str


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    disabled: bool = False
    email: str | None = None

