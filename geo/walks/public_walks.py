"""A walk as residents see it, one definition for the walks page, the site panel,
the report, the exports and Open311: which stop is which, its scores in words,
and what each finding became.  Never a name, never a CPTED observation (the
design advisor's notes are partners only unless published as design notes),
never a partners-only photo.  Runs without Streamlit.

Which walks the public may see is decided once, where they are read: the store's
`WalkBook.published()` (geo.db.walk_store), which reads published walks only and
hands them out as PublicWalk.  A PublicWalk cannot hold an unpublished walk, so
nothing that takes PublicWalks filters them again."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from geo.walks.walkabout import PARAMETERS, Outcome, StopRecord, Walk


@dataclass(frozen=True)
class PublicWalk:
    """A published walk with its stops in route order, CPTED observations removed: everything
    the report, the exports and Open311 may say about it.  A stop's number (from 1, in that
    order) is fixed once the walk is published, as a complete walk takes no more stops."""

    walk: Walk
    stops: tuple[StopRecord, ...]

    def __post_init__(self):
        if not self.walk.published:
            raise ValueError(f"Walk {self.walk.ref} is not published: only the store's published walks are public.")

    @classmethod
    def of(cls, walk: Walk, stops: Sequence[StopRecord]) -> PublicWalk:
        """The published walk with its stops in route order and their CPTED observations removed."""
        return cls(walk, tuple(replace(s, cpted=()) for s in in_route_order(stops)))

    def numbered(self) -> list[tuple[int, StopRecord]]:
        return list(enumerate(self.stops, start=1))

    def stop_id(self, number: int) -> str:
        """The public id of the walk's stop `number`, e.g. 'walk-k3m9qa-2': the walk's random ref,
        never a database id, and never like a commitment id ('st-8')."""
        return f"walk-{self.walk.ref}-{number}"


def published_walks(book) -> list[PublicWalk]:
    """Every published walk, newest first: the store's walk book's `published()`, under the name
    web/ and the report command have called it by."""
    return book.published()


def stop_label(walk: Walk, stop: StopRecord, site_names: dict[str, str]) -> str:
    """'Stop 2: Clarkson Row', or 'Off the route: George Mews' / 'Off the route: 51.52750, -0.13950'."""
    if stop.route_seq is not None and 0 <= stop.route_seq < len(walk.route):
        return f"Stop {stop.route_seq + 1}: {walk.route[stop.route_seq].label}"
    where = site_names.get(stop.site_id or "") or f"{stop.lat:.5f}, {stop.lon:.5f}"
    return f"Off the route: {where}"


def outcome_text(stop: StopRecord) -> str:
    """What became of the stop's finding, in words; empty when the stop has none."""
    if not stop.has_finding:
        return ""
    ref = stop.outcome_ref.upper() if stop.outcome.in_plan else stop.outcome_ref
    return {
        Outcome.OPEN: "Still to be decided",
        Outcome.COMMITMENT: f"New commitment {ref} in the action plan",
        Outcome.PROGRESS: f"Progress on commitment {ref}",
        Outcome.SITE: f"New site on the map ({ref})",
        Outcome.CLOSED: f"Closed: {stop.outcome_reason}",
    }[stop.outcome]


def felt_text(stop: StopRecord) -> str:
    return {None: "", True: "Felt safe", False: "Felt unsafe"}[stop.felt_safe]


def stop_row(walk: Walk, stop: StopRecord, site_names: dict[str, str]) -> dict[str, str]:
    """One recorded stop as public columns (scores in words, one column per parameter)."""
    row = {"Stop": stop_label(walk, stop, site_names)}
    for p in PARAMETERS:
        score = stop.scores.get(p)
        row[p.label] = "" if score is None else p.describe(score)
    row.update({
        "Why it felt unsafe": "; ".join(r.label for r in stop.reasons),
        "Felt": felt_text(stop), "What people said": stop.why, "Positives": stop.positives,
        "Priority": stop.priority.label, "Finding": stop.finding, "What it became": outcome_text(stop),
    })
    return row


def in_route_order(stops: Sequence[StopRecord]) -> list[StopRecord]:
    """Route stops by their place on the route, then stops off the route as they were recorded."""
    return sorted(stops, key=lambda s: (s.route_seq is None, s.route_seq or 0, s.id))


def walk_heading(walk: Walk) -> str:
    return f"{walk.title}: {walk.on:%-d %B %Y}, {walk.starts:%H:%M}, {walk.phase.label.lower()}"


def attendance_text(walk: Walk) -> str:
    """"4 Community Working Group members, 1 from the Community Safety team, 7 residents"."""
    return ", ".join(role.people(n) for role, n in walk.attendance) or "Not recorded"
