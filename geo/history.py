"""The recorded history in plain words: one `Entry` per save, newest first.

The store keeps one row per field changed (geo.model.Change); the site panel,
"What changed" and the progress report all show history through `entries`,
so the same change reads the same everywhere:

    entries(store.history(include_partners=False), store.sites())

Field names become labels, status and position codes their enum labels, and
dates words.  The public is told which team made a change, never the
sign-in name.  The first load of the ward's files is the action plan's own
record, dated by the plan, not a change on the day the app first started.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from collections.abc import Iterable, Sequence

from geo.gating.stages import ITEMS as GATING_ITEMS
from geo.records import COMMITMENT, GATING_REVIEW, TOPIC_REVIEW
from geo.fields import Date
from geo.sites import schema
from geo.clock import LONDON
from geo.model import Change, Site, describe_date, describe_day, describe_time
from geo.status import Position, Progress, Status, Team, Topic


class Audience(Enum):
    PUBLIC = "public"  # who: the team only
    STAFF = "staff"  # who: the sign-in name and the team


@dataclass(frozen=True)
class Line:
    """One field of a save: its label and its value before and after, in words ('' for none)."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime  # timezone-aware
    site: str  # the site's name, or "Ward-wide"
    who: str  # a team, e.g. "Planning team"; staff audiences also get the sign-in name
    summary: str  # one plain sentence covering every line
    lines: tuple[Line, ...]
    reason: str
    plan_date: str = ""  # on the action plan's own record: its as-of date, e.g. "2019-02"
    ref: int = 0  # the id of the save's first history row: stable, for feeds
    sentences: tuple[str, ...] = ()  # the summary's parts, one per line, each starting with its label

    @property
    def from_plan(self) -> bool:
        return bool(self.plan_date)

    @property
    def when_text(self) -> str:
        """'26 Nov 2026, 09:52' in local time; the plan's month for the plan's own record."""
        return describe_date(self.plan_date) if self.plan_date else describe_time(self.when)

    @property
    def day_text(self) -> str:
        """'26 November 2026'; the plan's month for the plan's own record."""
        return describe_date(self.plan_date) if self.plan_date else describe_day(self.when)


WARD_WIDE = "Ward-wide"
PLAN_RECORD = "The action plan"  # who, on the plan's own record of a site (the first load)
_TOPICS = {t.value: t for t in Topic}
_STATUSES = {s.value: s for s in Status}


def entries(changes: Iterable[Change], sites: Sequence[Site], *, audience: Audience = Audience.PUBLIC,
            since: date | None = None) -> list[Entry]:
    """One entry per save in `changes` (as store.history gives them), newest first.  `sites` are the
    current sites: their names, and the plan's dates for the first load.  `since` (a local date)
    drops entries dated earlier, the plan's own records included."""
    changes = list(changes)
    names = _site_names(changes, sites)
    current = {s.site_id: s for s in sites}
    oldest_first = sorted(changes, key=lambda c: c.id)
    found = [_entry(save, names, current, oldest_first, audience) for save in _saves(changes)]
    if since is not None:
        start = datetime(since.year, since.month, since.day, tzinfo=LONDON)
        found = [e for e in found if e.when >= start]
    return sorted(found, key=lambda e: e.when, reverse=True)  # stable: newest recorded first within a moment


def _saves(changes: list[Change]) -> list[list[Change]]:
    """The changes grouped by save, each in the order its fields were recorded.  Entries from
    before save ids were kept are grouped by moment, actor, site and reason."""
    groups: dict[tuple, list[Change]] = {}
    for c in changes:
        key = ("save", c.save_id) if c.save_id else ("row", c.at, c.actor, c.site_id, c.reason)
        groups.setdefault(key, []).append(c)
    return [sorted(group, key=lambda c: c.id) for group in groups.values()]


def _site_names(changes: list[Change], sites: Sequence[Site]) -> dict[str, str]:
    """Current names, and the names that history gives removed sites."""
    names = {c.site_id: c.new or c.old for c in changes if c.field == "site" and c.site_id and (c.new or c.old)}
    names.update((s.site_id, s.name) for s in sites)
    return names


def _entry(save: list[Change], names: dict[str, str], current: dict[str, Site], oldest_first: list[Change],
           audience: Audience) -> Entry:
    first = save[0]
    site = WARD_WIDE if first.site_id is None else names.get(first.site_id, first.site_id)
    if first.site_id is None and first.commitment_id:
        site = f"Action plan, {first.commitment_id.upper()}"
    who = _who(first, audience)
    if _is_first_load(save) and first.site_id in current:
        return _plan_record(current[first.site_id], first, oldest_first, PLAN_RECORD)
    lines = tuple(Line(field_label(c.field), value_words(c.field, c.old), value_words(c.field, c.new))
                  for c in save)
    phrases = tuple(_phrase(c.field, line) for c, line in zip(save, lines, strict=True))
    return Entry(first.at, site, who, _sentence(list(phrases)), lines, first.reason, ref=first.id, sentences=phrases)


def _who(change: Change, audience: Audience) -> str:
    if audience is Audience.STAFF and change.team is not Team.SYSTEM:
        return f"{change.actor} ({change.team.label})"
    return change.team.label


def _is_first_load(save: list[Change]) -> bool:
    return all(c.team is Team.SYSTEM and c.field == "site" and c.old is None for c in save)


def _plan_record(site: Site, load: Change, oldest_first: list[Change], who: str) -> Entry:
    """The first load of a site, told as what the action plan recorded, dated by the plan."""
    loaded = _as_loaded(site, load, oldest_first)
    plan_date = min(as_of for _, as_of in loaded.values())
    when = _moment(plan_date)
    known = [f"{topic.label.lower()} {status.label.lower()} as of {describe_date(as_of)}"
             for topic, (status, as_of) in loaded.items() if status.is_known]
    plan = f"the {when.year} action plan" if when else "the action plan"
    summary = f"Recorded in {plan}: " + ("; ".join(known) or "no lighting, gating or fencing status recorded")
    lines = tuple(Line(f"{topic.label} status", "", f"{status.label}, as of {describe_date(as_of)}")
                  for topic, (status, as_of) in loaded.items())
    return Entry(when or load.at, site.name, who, summary, lines, "", plan_date if when else "", ref=load.id,
                 sentences=(summary,))


def _as_loaded(site: Site, load: Change, oldest_first: list[Change]) -> dict[Topic, tuple[Status, str]]:
    """Each topic's status and as-of date when the site was loaded: today's values, unless
    a later change recorded what they were before."""
    loaded = {topic: (site.state(topic).status, site.state(topic).as_of) for topic in Topic}
    seen: set[str] = set()
    for c in oldest_first:
        field = schema.field_for(c.field)
        if c.site_id != site.site_id or c.id <= load.id or field is None or field.name in seen or not c.old:
            continue
        seen.add(field.name)
        if field.topic is None:
            continue
        topic, part = field.topic, field.part
        status, as_of = loaded[topic]
        if part == "status" and c.old in _STATUSES:
            loaded[topic] = (_STATUSES[c.old], as_of)
        elif part == "as_of":
            loaded[topic] = (status, c.old)
    return loaded


def _moment(as_of: str) -> datetime | None:
    """The start of an as-of date ('2019-02' or '2019-02-19') in local time; None if it is not one."""
    parts = as_of.split("-")
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return datetime(*numbers[:3], tzinfo=LONDON)
    except (TypeError, ValueError):
        return None


# --- words ----------------------------------------------------------------------------

# Fields whose entries are things added or removed rather than values changed.
_ITEMS = {"site", "annotation", "commitment", "commitment.progress"}


def _phrase(field: str, line: Line) -> str:
    """One field's change as a clause.  Values other than statuses and dates are quoted, so text
    with its own punctuation reads as one value."""
    if field == "review":  # a published review meeting: its summary says it all
        return f"{line.label} published: {line.new}"
    if field in _ITEMS:
        return f"{line.label} added: {line.new}" if line.new else f"{line.label} removed: {line.old}"
    old, new = (_quote(field, v) for v in (line.old, line.new))
    if old and new:
        return f"{line.label} changed from {old} to {new}"
    if new:
        return f"{line.label} set to {new}"
    if old:
        return f"{line.label} cleared (was {old})"
    return f"{line.label} changed"


def _quote(field: str, words: str) -> str:
    if not words or _part(field) in ("status", "as_of") or field in _DATE_FIELDS or field == _COMMITMENT_STATUS:
        return words
    return f"\u201c{words}\u201d"


def _sentence(parts: list[str]) -> str:
    """'A changed from x to y; b set to z': later parts start in lower case (acronyms kept)."""
    def lower_first(text: str) -> str:
        return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text

    return "; ".join([parts[0], *(lower_first(p) for p in parts[1:])]) if parts else ""


# Labels of what the history records beyond the site's own fields (those are geo.sites.schema's).
_LABELS = {
    schema.LOCATION_KEY: "Position on the map (latitude, longitude)",
    "site": "Site",
    "annotation": "Design-out-crime observation",
    "crime_counts": "Recorded crime figures",
    "commitment": "Commitment",
    "commitment.progress": "Progress update",
    "commitment.status": "Commitment status",
    "commitment.target": "Target date",
    "commitment.leads": "Lead teams",
    "team": "Partner team",
    "review": "Review meeting",
    "gating_case": "Gating case",
    **{f"commitment.{f.name}": f.label for f in COMMITMENT},  # an imported commitment's words (geo.db.plan_import)
}
_COMMITMENT_STATUS = "commitment.status"
_REVIEW_FIELDS = {f.name: f.label for f in GATING_REVIEW}
_TOPICS = {t.value: t for t in Topic}
_DATE_FIELDS = ({f"gating_review.{f.name}" for f in GATING_REVIEW if isinstance(f, Date)} | {"commitment.target"}
                | {f"{t}_review.{f.name}" for t in _TOPICS for f in TOPIC_REVIEW if isinstance(f, Date)}
                | {f"gating_case.{n}" for n, i in GATING_ITEMS.items() if isinstance(i.field, Date)})


def _part(key: str) -> str:
    """'status', 'detail', 'as_of' or 'commitments' for a topic's field; '' for anything else."""
    field = schema.field_for(key)
    return field.part if field is not None else ""


def field_label(key: str) -> str:
    """A history field key in words, e.g. a topic's status key -> 'Gating status'."""
    field = schema.field_for(key)
    if field is not None:
        return field.label
    if key in _LABELS:
        return _LABELS[key]
    head, _, rest = key.partition(".")
    if head == "gating_review" and rest in _REVIEW_FIELDS:
        return _REVIEW_FIELDS[rest]
    if head == "gating_case" and rest in GATING_ITEMS:  # a gating case's item (geo.gating.stages)
        return GATING_ITEMS[rest].field.label
    if head.endswith("_review") and head[:-len("_review")] in _TOPICS and rest in TOPIC_REVIEW.names:
        return f"{_TOPICS[head[:-len('_review')]].label}: {TOPIC_REVIEW[rest].label.lower()}"
    if key.startswith("account "):
        return "Account " + key[len("account "):]
    words = [w for w in re.split(r"[._\s]+", key) if w]
    return " ".join(words).capitalize() if words else "Change"


def value_words(key: str, value: str | None) -> str:
    """A stored value in words: codes as their labels, dates as '3 March 2026'; text as written."""
    if not value:
        return ""
    part = _part(key)
    if part == "status":
        return _label(Status, value)
    if key == _COMMITMENT_STATUS:
        return _label(Progress, value)
    if schema.field_for(key) is schema.POSITION:
        return _label(Position, value)
    if part == "as_of" or key in _DATE_FIELDS:
        return describe_date(value)
    if part == "commitments":
        return value.upper()
    if key == schema.LOCATION_KEY:
        return _lat_lon(value)
    return value


def _label(vocabulary, value: str) -> str:
    try:
        return vocabulary(value).label
    except ValueError:
        return value


def _lat_lon(value: str) -> str:
    try:
        lon, lat = (float(v) for v in value.split(","))
    except ValueError:
        return value
    return f"{lat:.5f}, {lon:.5f}"
