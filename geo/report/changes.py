"""The report's "what changed" section, from the public history.

`describe_change` is the one place a history entry becomes words here; it
is kept small so it can hand over to a shared history module later."""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from geo.model import Change, describe_date
from geo.report.document import Cell, Paragraph, Section, Table, line
from geo.status import Position, Status


def changes_section(history: Iterable[Change], names: dict[str, str], since: date | None) -> Section:
    """Every change on or after `since` (all of them when None); `names` maps site id to name."""
    if since is None:
        heading = "What changed: every recorded change"
    else:
        heading = f"What changed since {describe_date(since.isoformat())}"
    rows = tuple(tuple(Cell.of(x) for x in describe_change(c, names)) for c in history if _after(c, since))
    if not rows:
        return Section(heading, (Paragraph(line("No changes have been recorded in this period.")),))
    return Section(heading, (Table(("Date", "Site", "Change"), rows, widths=(16, 20, 64)),))


def describe_change(change: Change, names: dict[str, str]) -> tuple[str, str, str]:
    """(when, where, what) in words, e.g. ("21 November 2026", "George Mews", "Gating status: ...")."""
    site = names.get(change.site_id or "", change.site_id or "Ward-wide")
    what = _field_words(change.field)
    old, new = _value_words(change.field, change.old), _value_words(change.field, change.new)
    if change.field == "site":
        text = f"Site added: {new}" if new else f"Site removed: {old}"
    elif old and new:
        text = f"{what}: {old} \u2192 {new}"
    elif new:
        text = f"{what}: {new}"
    else:
        text = f"{what}: {old} removed" if old else what
    if change.reason:
        text += f" ({change.reason})"
    return describe_date(change.at[:10]), site, text


def _after(change: Change, since: date | None) -> bool:
    return since is None or change.at[:10] >= since.isoformat()


# History field names (geo.tables) said in words; any other field is spelt out from its name.
_FIELD_WORDS = {
    "site": "Site",
    "annotation": "New design-out-crime observation",
    "crime_counts": "Recorded crime figures",
    "location": "Position on the map (longitude, latitude)",
    "position": "How far the position can be trusted",
    "position_source": "Where the position comes from",
}


def _field_words(field: str) -> str:
    if field in _FIELD_WORDS:
        return _FIELD_WORDS[field]
    words = [w for w in re.split(r"[._\s]+", field) if w]
    return " ".join(words).capitalize() if words else "Change"


def _value_words(field: str, value: str | None) -> str:
    """A status or position code as its label; anything else as it was written."""
    if value is None or value == "":
        return ""
    vocabulary = Status if field.endswith(".status") else Position if field == "position" else None
    try:
        return vocabulary(value).label if vocabulary else value
    except ValueError:
        return value
