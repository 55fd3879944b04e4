"""Review meetings of the action plan: Community Safety and the Community Working Group go
through every commitment due by the meeting's date, mark each reviewed with a note and the next
review date, and publish one dated public record of it.  Pure: geo.db.review_store keeps them."""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from geo.model import describe_date
from geo.plan.action_plan import Commitment
from geo.status import Progress


@dataclass(frozen=True)
class ReviewItem:
    commitment_id: str
    note: str
    next_review: str  # ISO date, or '' when the meeting set none


@dataclass(frozen=True)
class Review:
    id: int
    held_on: date
    items: tuple[ReviewItem, ...]
    published_at: str | None  # ISO UTC timestamp once published
    summary: str  # the public record, once published
    version: int = 1

    @property
    def reviewed(self) -> frozenset[str]:
        return frozenset(i.commitment_id for i in self.items)


def due_by(commitments: Sequence[Commitment], held_on: date, next_reviews: Mapping[str, str],
           flagged: Collection[str] = ()) -> list[Commitment]:
    """The commitments whose target or next review date falls by the meeting, and those residents flagged
    (geo.voice.feedback: done, yet three or more say still a problem); flagged first, then not yet settled."""
    due = [c for c in commitments if c.id in flagged or c.target_by <= held_on
           or (next_reviews.get(c.id) and next_reviews[c.id] <= held_on.isoformat())]
    return sorted(due, key=lambda c: (c.id not in flagged, c.status.is_settled, c.target_by))


def summary(held_on: date, reviewed: Sequence[Commitment], targets_moved: int) -> str:
    """"Review of 2 April 2019: 12 reviewed; 3 done, 2 targets moved, 1 dropped"."""
    counts = [(sum(c.status is Progress.DONE for c in reviewed), "done"),
              (targets_moved, "target moved" if targets_moved == 1 else "targets moved"),
              (sum(c.status is Progress.DROPPED for c in reviewed), "dropped"),
              (sum(c.status.is_reopened for c in reviewed), "re-opened")]
    parts = ", ".join(f"{n} {words}" for n, words in counts if n)
    return f"Review of {describe_date(held_on.isoformat())}: {len(reviewed)} reviewed" + (f"; {parts}" if parts else "")
