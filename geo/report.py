"""The progress report: the Partnership Action Plan as a document for
residents, the Community Working Group and the District Management Committee.

`build_report` gathers everything into a `Report` of plain text (no
markup); `to_html` and `to_pdf` lay it out and escape every piece of text
on the way.  The history passed in must already be the public history
(`store.history(include_partners=False)`); annotations are filtered to
public ones here as well, whatever the caller passes.  Staff account names
(history actors, annotation authors) are never printed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Sequence

from geo import schema, summary
from geo.export import public_only
from geo.model import Annotation, Change, Site, describe_date
from geo.plan import TERMS, ActionPlan
from geo.status import Progress, Status, Topic
from geo.ward import Attribution, Ward


@dataclass(frozen=True)
class CommitmentLine:
    ref: str
    asked: str
    will_do: tuple[str, ...]
    lead: str
    target: str  # the plan's words, e.g. "Review April 2019"
    target_passed: bool
    status: Progress
    progress: str  # the latest progress, dated
    sites: tuple[str, ...]


@dataclass(frozen=True)
class TermTable:
    title: str
    lines: tuple[CommitmentLine, ...]


@dataclass(frozen=True)
class SiteState:
    topic: Topic
    status: Status
    since: str  # e.g. "February 2019"
    detail: str


@dataclass(frozen=True)
class SiteLine:
    number: int  # as printed on the map
    name: str
    approximate: bool
    states: tuple[SiteState, ...]


@dataclass(frozen=True)
class ChangeLine:
    when: str  # e.g. "26 November 2026"
    site: str
    text: str


@dataclass(frozen=True)
class NoteLine:
    site: str
    category: str
    severity: str
    observation: str
    recommendation: str
    when: str


@dataclass(frozen=True)
class Report:
    title: str
    plan_title: str
    ward: str
    borough: str
    generated: datetime
    since: date | None
    terms: tuple[TermTable, ...]
    sites: tuple[SiteLine, ...]
    map_png: bytes
    changes: tuple[ChangeLine, ...]
    annotations: tuple[NoteLine, ...]
    crime: tuple[str, ...]
    glossary: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    attributions: tuple[Attribution, ...]

    @property
    def generated_text(self) -> str:
        zone = f" {self.generated.tzname()}" if self.generated.tzinfo else ""
        return f"{describe_date(self.generated.date().isoformat())} at {self.generated:%H:%M}{zone}"

    @property
    def changes_heading(self) -> str:
        if self.since is None:
            return "What changed: every recorded change"
        return f"What changed since {describe_date(self.since.isoformat())}"


def build_report(
    sites: Sequence[Site],
    plan: ActionPlan,
    ward: Ward,
    history: Iterable[Change],
    annotations: Iterable[Annotation],
    *,
    since: date | None,
    generated: datetime,
    crime_rows: Sequence | None = None,
    draw_map: bool = True,
) -> Report:
    """Everything the report says, as plain text.  `since` limits "what
    changed" (None: all of it); target dates are judged on `generated`'s date.
    `crime_rows` (major, minor, 'YYYY-MM', count) adds the ward crime context."""
    today = generated.date()
    numbers = {s.site_id: i for i, s in enumerate(sites, start=1)}
    names = {s.site_id: s.name for s in sites}
    terms = tuple(
        TermTable(title, tuple(_commitment_line(c, sites, today) for c in plan.in_term(term)))
        for term, title in TERMS.items()
    )
    map_png = b""
    if draw_map:
        from geo.staticmap import draw_site_map

        map_png = draw_site_map(sites, ward.boundary, numbers=numbers)
    return Report(
        title=f"{ward.name} ward: progress on the Partnership Action Plan",
        plan_title=plan.title,
        ward=ward.name,
        borough=ward.borough,
        generated=generated,
        since=since,
        terms=terms,
        sites=tuple(_site_line(s, numbers[s.site_id]) for s in sites),
        map_png=map_png,
        changes=tuple(_change_line(c, names) for c in history if _after(c, since)),
        annotations=tuple(_note_line(a, names) for a in public_only(annotations)),
        crime=_crime_sentences(crime_rows),
        glossary=plan.glossary,
        notes=tuple(summary.unknowns(sites)) + ((plan.progress_dating,) if plan.progress_dating else ()),
        attributions=ward.attributions,
    )


def to_html(report: Report) -> str:
    from geo.report_html import render_html

    return render_html(report)


def to_pdf(report: Report, path: Path) -> None:
    from geo.report_pdf import render_pdf

    render_pdf(report, Path(path))


def _commitment_line(c, sites: Sequence[Site], today: date) -> CommitmentLine:
    return CommitmentLine(
        ref=c.id.upper(),
        asked=c.asked,
        will_do=c.will_do,
        lead=c.lead,
        target=c.target_text,
        target_passed=c.target_passed(today),
        status=c.status,
        progress=summary.progress_text(c),
        sites=tuple(s.name for s, _ in summary.sites_for_commitment(c.id, sites)),
    )


def _site_line(site: Site, number: int) -> SiteLine:
    states = tuple(
        SiteState(t, site.state(t).status, describe_date(site.state(t).as_of), site.state(t).detail) for t in Topic
    )
    return SiteLine(number, site.name, site.position.is_approximate, states)


def _after(change: Change, since: date | None) -> bool:
    return since is None or change.at[:10] >= since.isoformat()


# History keys that are events rather than a site's fields, said in words; fields have geo.schema's labels.
_EVENT_WORDS = {
    "site": "Site",
    "annotation": "New design-out-crime observation",
    "crime_counts": "Recorded crime figures",
}


def _change_line(change: Change, names: dict[str, str]) -> ChangeLine:
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
    return ChangeLine(describe_date(change.at[:10]), site, text)


def _field_words(field: str) -> str:
    return _EVENT_WORDS.get(field) or schema.label_for(field)


def _value_words(field: str, value: str | None) -> str:
    """A status or position code as its label; anything else as it was written."""
    return schema.describe_value(field, value)


def _note_line(a: Annotation, names: dict[str, str]) -> NoteLine:
    if a.site_id in names:
        where = names[a.site_id]
    elif a.lon is not None and a.lat is not None:
        where = f"Point {a.lat:.5f}, {a.lon:.5f}"
    else:
        where = "Ward-wide"
    when = describe_date(a.created_at[:10]) if a.created_at else ""
    return NoteLine(where, a.category.label, a.severity.label, a.observation, a.recommendation, when)


def _crime_sentences(rows: Sequence | None) -> tuple[str, ...]:
    if not rows:
        return ()
    from geo.crime import OffenceGroup, trend

    lines = []
    for group in OffenceGroup:
        if group is OffenceGroup.OTHER:
            continue
        t = trend(rows, group)
        if t is not None:
            lines.append(t.sentence)
    return tuple(lines)
