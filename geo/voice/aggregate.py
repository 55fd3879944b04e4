"""Counting reports by square, publishing a square only when it holds at least k.

Reports in squares holding fewer than k merge into the 200 m square around them, then the 400 m one,
then the rest of the ward, so nothing is silently lost: every published number counts k or more reports,
except "elsewhere in the ward", which has no place at all.  A bigger square counts only the reports not
already shown in a smaller one inside it, so no subtraction of two numbers singles anyone out."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from geo.voice.grid import SIZES, Cell
from geo.voice.reasons import TimeOfDay, UnsafeReason

RISING_WINDOW = timedelta(days=28)  # staff see a square as rising when its last 28 days beat the 28 before


@dataclass(frozen=True)
class Report:
    """What counting needs of a kept report: its 100 m square, reasons, time of day and the day it arrived."""

    cell: Cell
    reasons: frozenset[UnsafeReason]
    time_of_day: TimeOfDay
    received_on: date


@dataclass(frozen=True)
class Area:
    """A published square (cell None: the rest of the ward) and what its reports said."""

    cell: Cell | None
    count: int
    reasons: dict[UnsafeReason, int] = field(default_factory=dict)
    times: dict[TimeOfDay, int] = field(default_factory=dict)
    recent: int = 0  # received in the last RISING_WINDOW (staff only)
    before: int = 0  # received in the RISING_WINDOW before that (staff only)

    @property
    def name(self) -> str:
        return self.cell.name if self.cell else "Elsewhere in the ward"

    @property
    def rising(self) -> bool:
        return self.recent > self.before


@dataclass(frozen=True)
class Aggregate:
    k: int
    areas: tuple[Area, ...]  # published squares, the biggest first (a map draws the small ones on top)
    elsewhere: Area

    @property
    def total(self) -> int:
        return sum(a.count for a in self.areas) + self.elsewhere.count

    @property
    def reasons(self) -> dict[UnsafeReason, int]:
        """Each reason counted over the published squares, and elsewhere too once that holds k or more
        (its reasons alone would otherwise be the whole ward's less the squares')."""
        counted = Counter()
        for a in self.areas + ((self.elsewhere,) if self.elsewhere.count >= self.k else ()):
            counted.update(a.reasons)
        return {r: counted[r] for r in UnsafeReason if counted[r]}

    def rising(self) -> list[Area]:
        return [a for a in self.areas if a.rising]


def aggregate(reports: Iterable[Report], k: int, *, today: date | None = None,
              sizes: Sequence[int] = SIZES) -> Aggregate:
    """Publish each square holding k or more reports; merge the rest upwards (see the module).
    With `today`, each area also counts its recent and earlier reports (for staff)."""
    pending, published = list(reports), []
    for size in sizes:
        groups: dict[Cell, list[Report]] = {}
        for r in pending:
            groups.setdefault(r.cell.within(size), []).append(r)
        pending = []
        for cell, members in groups.items():
            if len(members) >= k:
                published.append(_area(cell, members, today))
            else:
                pending.extend(members)
    published.sort(key=lambda a: (-a.cell.size, -a.count, a.cell))
    return Aggregate(k, tuple(published), _area(None, pending, today))


def _area(cell: Cell | None, members: list[Report], today: date | None) -> Area:
    reasons = Counter(r for m in members for r in m.reasons)
    times = Counter(m.time_of_day for m in members)
    recent = before = 0
    if today is not None:
        recent = sum(today - m.received_on < RISING_WINDOW for m in members)
        before = sum(RISING_WINDOW <= today - m.received_on < 2 * RISING_WINDOW for m in members)
    return Area(cell, len(members), {r: reasons[r] for r in UnsafeReason if reasons[r]},
                {t: times[t] for t in TimeOfDay if times[t]}, recent, before)
