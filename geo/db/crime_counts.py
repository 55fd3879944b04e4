"""Crime counts and their monthly summary, written together in the caller's
transaction so the summary always matches the counts."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, delete, insert, select

from geo.crime.offences import MonthlyTotals
from geo.db.tables import crime_counts, crime_summary


def replace_months(conn: Connection, counts: Sequence[tuple[str, str, str, int]]) -> int:
    """Put `counts` (major, minor, 'YYYY-MM', count; checked) in place of every count for their
    months, and those months' summary with them.  How many counts were replaced."""
    totals = MonthlyTotals.of(counts)
    months = list(totals.months)
    replaced = conn.execute(delete(crime_counts).where(crime_counts.c.month.in_(months))).rowcount
    conn.execute(insert(crime_counts), [dict(major=a, minor=b, month=m, count=n) for a, b, m, n in counts])
    conn.execute(delete(crime_summary).where(crime_summary.c.month.in_(months)))
    conn.execute(insert(crime_summary), [dict(month=m, offence_group=g, count=n) for m, g, n in totals.cells()])
    return replaced


def read_totals(conn: Connection) -> MonthlyTotals:
    """The summary: one number per month and offence group, never every count."""
    s = crime_summary
    return MonthlyTotals.from_cells(conn.execute(select(s.c.month, s.c.offence_group, s.c.count)))
