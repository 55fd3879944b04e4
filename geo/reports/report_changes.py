"""The report's "what changed" section, in the words geo.history gives the
site panel and "What changed": one row per save, by team."""
from __future__ import annotations

from datetime import date
from collections.abc import Iterable, Sequence

from geo.history import entries
from geo.model import Change, Site, describe_date
from geo.reports.document import Cell, Paragraph, Section, Table, line


def changes_section(history: Iterable[Change], sites: Sequence[Site], since: date | None) -> Section:
    """Every public save on or after `since` (all of them when None)."""
    if since is None:
        heading = "What changed: every recorded change"
    else:
        heading = f"What changed since {describe_date(since.isoformat())}"
    rows = tuple(
        tuple(Cell.of(x) for x in (e.day_text, e.site, e.summary + (f" ({e.reason})" if e.reason else ""), e.who))
        for e in entries(history, sites, since=since))
    if not rows:
        return Section(heading, (Paragraph(line("No changes have been recorded in this period.")),))
    return Section(heading, (Table(("Date", "Site", "Change", "By"), rows, widths=(14, 17, 55, 14)),))
