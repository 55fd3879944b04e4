"""The table: one Row per line, and the numbers as text."""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Sequence

HEADERS = ("Measure", "Sites", "Value", "x floor", "Goal", "")


@dataclass(frozen=True)
class Row:
    """One line of the table.  `met` is None when the line has no goal."""

    measure: str
    sites: str
    value: str
    ratio: str = ""
    goal: str = ""
    met: bool | None = None


def format_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned plain-text table."""
    cells = [HEADERS] + [
        (r.measure, r.sites, r.value, r.ratio, r.goal, "" if r.met is None else ("met" if r.met else "MISSED"))
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    right = {1, 2, 3}

    def line(row) -> str:
        cells = enumerate(zip(row, widths, strict=False))
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule] + [line(row) for row in cells[1:]])


def count(n: int) -> str:
    return f"{n:,}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def times(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor > 0 else ""
