"""The progress report: the Partnership Action Plan as a document for
residents, the Community Working Group and the District Management Committee.

`build_report` says everything the report says, once, as a
`geo.reports.document.Report` of plain text; `geo.reports.report_html.to_html` and
`geo.reports.report_pdf.to_pdf` lay that same object out (this package imports
neither).  The history passed in must already be the public history
(`store.history(include_partners=False)`); annotations are filtered to
public ones here as well, whatever the caller passes, and so are walks
(geo.walks.public_walks.PublicWalk: published, without CPTED notes).  Staff
account names (history actors, annotation authors) are never printed.
"""
from __future__ import annotations

from datetime import date, datetime
from collections.abc import Iterable, Sequence

from geo.sites import summary
from geo.opendata.site_export import public_only
from geo.model import Annotation, Change, Site, describe_date, describe_day
from geo.plan.action_plan import TERMS, ActionPlan, Commitment
from geo.reports.report_changes import changes_section
from geo.plan.reviews import Review
from geo.reports.document import (
    Block,
    Bullets,
    Cell,
    Figure,
    Line,
    Paragraph,
    Report,
    Section,
    Span,
    Subheading,
    Table,
    Tone,
    line,
)
from geo.reports.report_voice import voice_section
from geo.reports.report_walks import walks_section
from geo.status import Topic
from geo.voice.voice_summary import VoiceSummary
from geo.walks.public_walks import PublicWalk
from geo.sites.ward import Ward

__all__ = [
    "Block", "Bullets", "Cell", "Figure", "Line", "Paragraph", "Report", "Section", "Span", "Subheading", "Table",
    "Tone", "build_report",
]

COMMITMENT_HEAD = ("Ref", "You asked", "We will do", "Lead officer or team", "Target date", "Progress update",
                   "Status")
SITES_HEADING = "Sites: lighting, gating and fencing"
TARGET_PASSED = "Target date passed"


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
    walks: Sequence[PublicWalk] = (),
    draw_map: bool = True,
    reviews: Sequence[Review] = (),
    voice: VoiceSummary | None = None,
) -> Report:
    """Everything the report says.  `since` limits "what changed" (None: all
    of it); target dates are judged on `generated`'s date.  `crime_rows`
    (major, minor, 'YYYY-MM', count) adds the ward crime context; `walks`
    (geo.walks.public_walks.published_walks) the published walkabouts; `reviews` the published
    review meetings (store.reviews.reviews()); `voice` what residents told us, in aggregate
    (store.voice.summary(since))."""
    names = {s.site_id: s.name for s in sites}
    when = _generated_text(generated)
    sections = [
        *(_term_section(title, plan.in_term(term), sites, generated.date()) for term, title in TERMS.items()),
        _sites_section(sites, ward, draw_map),
        walks_section(walks, sites),
        _reviews_section(reviews),
        voice_section(voice),
        changes_section(history, sites, since),
        _observations_section(public_only(annotations), names),
        _crime_section(crime_rows),
        _unknowns_section(sites, plan),
        Section("Glossary", (Table(("Term", "Meaning"), tuple((Cell.of(t), Cell.of(m)) for t, m in plan.glossary),
                                   widths=(32, 68)),)),
        Section("Sources and licences", (Bullets(tuple(
            line(Span(a.data, Tone.STRONG), f" ({a.licence}): {a.text}") for a in ward.attributions
        )),)),
    ]
    return Report(
        title=f"{ward.name} ward: progress on the Partnership Action Plan",
        meta=(plan.title, f"{ward.name} ward, {ward.borough}", f"Generated {when}"),
        author=f"{ward.name} ward safety map",
        subject=plan.title,
        running_footer=f"{ward.name} ward progress report, generated {when}",
        sections=tuple(s for s in sections if s is not None),
    )


def _reviews_section(reviews: Sequence[Review]) -> Section | None:
    """Each published review meeting: its record, then what it said of each commitment."""
    published = [r for r in reviews if r.published_at]
    if not published:
        return None
    blocks = []
    for r in published:
        blocks.append(Bullets((line(Span(r.summary, Tone.STRONG)),) + tuple(
            line(Span(i.commitment_id.upper(), Tone.STRONG), f": {i.note or 'reviewed'}"
                 + (f" Next review {describe_date(i.next_review)}." if i.next_review else "")) for i in r.items)))
    return Section("Review meetings", tuple(blocks))


def _generated_text(generated: datetime) -> str:
    zone = f" {generated.tzname()}" if generated.tzinfo else ""
    return f"{describe_date(generated.date().isoformat())} at {generated:%H:%M}{zone}"


def _term_section(title: str, commitments: Iterable[Commitment], sites: Sequence[Site], today: date) -> Section:
    rows = tuple(_commitment_row(c, sites, today) for c in commitments)
    return Section(title, (Table(COMMITMENT_HEAD, rows, widths=(6, 16, 22, 11, 10, 25, 10)),))


def _commitment_row(c: Commitment, sites: Sequence[Site], today: date) -> tuple[Cell, ...]:
    site_names = [s.name for s, _ in summary.sites_for_commitment(c.id, sites)]
    return (
        Cell.of(line(Span(c.id.upper(), Tone.STRONG))),
        Cell.of(c.asked, line(Span(f"Sites: {', '.join(site_names)}", Tone.QUIET)) if site_names else None),
        Cell.of(*c.will_do, bulleted=True),
        Cell.of(c.lead),
        Cell.of(c.target_text, line(Span(TARGET_PASSED, Tone.ALERT)) if c.target_passed(today) else None),
        Cell.of(summary.progress_text(c)),
        Cell.of(c.status.label, line(Span(summary.slip_text(c), Tone.QUIET)) if c.target_history else None),
    )


def _sites_section(sites: Sequence[Site], ward: Ward, draw_map: bool) -> Section:
    numbers = summary.site_numbers(sites)
    blocks: list[Block] = []
    if draw_map:
        from geo.reports.staticmap import draw_site_map

        blocks.append(Figure(
            draw_site_map(sites, ward.boundary, numbers=numbers),
            alt="Map of the ward with the sites, one panel each for lighting, gating and fencing",
            caption="Numbers match the table below. Each status has its own shape and colour; a dashed ring "
                    "marks an approximate position.",
        ))
    if sites:
        rows = tuple((Cell.of(str(numbers[s.site_id])), *_site_cells(s)) for s in sites)
        blocks.append(Table(("No.", "Site", *(t.label for t in Topic)), rows, widths=(5, 17, 26, 26, 26)))
    return Section(SITES_HEADING, tuple(blocks))


def _site_cells(site: Site) -> list[Cell]:
    name = Cell.of(line(Span(site.name, Tone.STRONG)),
                   line(Span("Approximate position", Tone.QUIET)) if site.position.is_approximate else None)
    states = [site.state(t) for t in Topic]
    return [name] + [
        Cell.of(
            line(Span(s.status.label, Tone.STRONG), Span(f" since {describe_date(s.as_of)}", Tone.QUIET)),
            line(Span(s.detail, Tone.QUIET)) if s.detail else None,
            symbol=s.status,
        )
        for s in states
    ]


def _observations_section(annotations: Sequence[Annotation], names: dict[str, str]) -> Section | None:
    if not annotations:
        return None
    head = ("Where", "Heading", "Severity", "Observation", "Recommendation", "Date")
    rows = tuple(tuple(Cell.of(x) for x in _observation(a, names)) for a in annotations)
    return Section("Design-out-crime observations", (
        Paragraph(line("Public observations by the Police Crime Prevention Design Advisor."), aside=True),
        Table(head, rows, widths=(14, 13, 10, 27, 25, 11)),
    ))


def _observation(a: Annotation, names: dict[str, str]) -> tuple[str, ...]:
    if a.site_id in names:
        where = names[a.site_id]
    elif a.lon is not None and a.lat is not None:
        where = f"Point {a.lat:.5f}, {a.lon:.5f}"
    else:
        where = "Ward-wide"
    when = describe_day(a.created_at) if a.created_at else ""
    return where, a.category.label, a.severity.label, a.observation, a.recommendation, when


def _crime_section(rows: Sequence | None) -> Section | None:
    if not rows:
        return None
    from geo.crime.offences import OffenceGroup, trend

    trends = [trend(rows, g) for g in OffenceGroup if g is not OffenceGroup.OTHER]
    sentences = tuple(line(t.sentence) for t in trends if t is not None)
    if not sentences:
        return None
    return Section("Recorded crime in the ward", (
        Bullets(sentences),
        Paragraph(line("Offences recorded by the Metropolitan Police for the whole ward; they are not tied to "
                       "the sites above."), aside=True),
    ))


def _unknowns_section(sites: Sequence[Site], plan: ActionPlan) -> Section:
    notes = list(summary.unknowns(sites)) + ([plan.progress_dating] if plan.progress_dating else [])
    return Section("What the data does not know", (Bullets(tuple(line(n) for n in notes)),))
