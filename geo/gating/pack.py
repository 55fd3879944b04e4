"""A gating case's evidence pack, one document (geo.reports.document) drawn as HTML and as PDF by the
progress report's renderers: the case, its stages and dates, the s.59 conditions and s.64
considerations, the consultation summary, the representations, walk scores at the site before and
after, crime context, photos and design notes, and the proposed order's text (geo.gating.order).

Two audiences from the one builder: the partners' pack has everything; the public pack leaves out
every partners-only item (key holders, partners' notes), partners-only design notes, unpublished walks,
which addresses were consulted, and anything that names who made a representation or where they live."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from geo.crime.offences import MonthlyTotals
from geo.gating import order
from geo.gating.case import GatingCase, count_words, reached_on, stage_words
from geo.gating.stages import ORDER_TEXT, PARTNERS_ONLY, Stage
from geo.model import Annotation, Change, Site, describe_date, describe_day
from geo.reports.document import Bullets, Cell, Figure, Paragraph, Report, Section, Span, Table, Tone, line
from geo.walks.walkabout import SiteScores, score_table

@dataclass(frozen=True)
class Evidence:
    """What the pack links rather than retypes: read from the store by `gather`."""

    site: Site
    scores: Sequence[SiteScores]
    crime: MonthlyTotals
    notes: Sequence[Annotation]
    changes: Sequence[Change]  # the site's history, newest first
    notice_photo: bytes | None = None  # JPEG


def gather(store, case: GatingCase, *, partners: bool) -> Evidence:
    return Evidence(store.site(case.site_id), store.walks.site_scores(case.site_id, published_only=not partners),
                    store.crime_totals(), store.annotations(include_partners=partners, site_id=case.site_id),
                    store.history(site_id=case.site_id, include_partners=partners), store.gating.notice_photo(case.id))


def build(case: GatingCase, evidence: Evidence, *, partners: bool, ward: str, today: date) -> Report:
    audience = "Partners' pack: not for publication" if partners else "Public pack"
    title = f"Gating evidence pack: {evidence.site.name}, {case.gate}"
    return Report(
        title=title,
        meta=(audience, f"{ward} ward · case {case.ref}", f"Prepared on {describe_date(today.isoformat())}"),
        author=f"{ward} ward safety map", subject=f"{audience}: {case.gate} at {evidence.site.name}",
        running_footer=f"{title} · {audience}",
        sections=(_gate(case, evidence, today), _stages(case, evidence), _items(case, partners),
                  order.section(case),
                  _consultation(case, partners), _representations(case, partners), _scores(evidence),
                  _crime(evidence.crime), _notes(evidence.notes), _photos(case, evidence.notice_photo)),
    )


def _gate(case: GatingCase, ev: Evidence, today: date) -> Section:
    return Section("The gate", (
        Paragraph(line(Span("Where it stands: ", Tone.STRONG), f"{case.stage.label}. {stage_words(case, today)}")),
        Bullets((line(Span("Gate: ", Tone.STRONG), case.gate), line(Span("Position: ", Tone.STRONG), case.position),
                 line(Span("Path it closes: ", Tone.STRONG), case.closes),
                 line(Span("Expires: ", Tone.STRONG), _date_or(case.expires_on, "No order yet")),
                 line(Span("Review from: ", Tone.STRONG), _date_or(case.review_on, "Not yet")))),
    ))


def _date_or(value: str, otherwise: str) -> str:
    return describe_date(value) if value else otherwise


def _stages(case: GatingCase, ev: Evidence) -> Section:
    reached = reached_on(case, ev.changes)
    rows = []
    for stage in Stage:
        at = reached.get(stage)
        if not case.stage.reached(stage):
            when = "Not yet"
        else:
            when = describe_day(at) if at else "Reached before dates were kept"
        rows.append((Cell.of(stage.label), Cell.of(stage.step.source), Cell.of(when)))
    return Section("Stages and dates", (Table(("Stage", "Source", "Reached"), tuple(rows), (35, 40, 25)),))


def _items(case: GatingCase, partners: bool) -> Section:
    blocks = []
    for stage in Stage:
        shown = [(i, case.value(i.name)) for i in stage.step.items
                 if case.value(i.name) and i.name != ORDER_TEXT and (partners or i.name not in PARTNERS_ONLY)]
        if shown:
            blocks.append(Table(("Recorded for: " + stage.label, ""),
                                tuple((Cell.of(i.field.label), Cell.of(v)) for i, v in shown), (35, 65)))
    return Section("What each stage recorded", tuple(blocks) or (Paragraph(line("Nothing recorded yet.")),))


def _consultation(case: GatingCase, partners: bool) -> Section:
    if not case.consultations:
        return Section("Consultation (s.72)", (Paragraph(line("No consultation recorded yet.")),))
    head = ("Consulted", "On", "Addresses", "Response") + (("Which (partners only)",) if partners else ())
    rows = tuple((Cell.of(c.consultee.label), Cell.of(describe_date(c.on)), Cell.of(str(c.addresses or "")),
                  Cell.of(c.response)) + ((Cell.of(c.which),) if partners else ()) for c in case.consultations)
    widths = (25, 15, 12, 28, 20) if partners else (30, 15, 15, 40)
    return Section("Consultation (s.72)", (Table(head, rows, widths),))


def _representations(case: GatingCase, partners: bool) -> Section:
    blocks: list = [Paragraph(line(count_words(case)))]
    if case.representations:
        head = ("Who", "Received", "Gist", "How it was considered") + (("Name and address",) if partners else ())
        rows = tuple((Cell.of(r.category.label), Cell.of(describe_date(r.received_on)), Cell.of(r.gist),
                      Cell.of(r.considered or "Not yet considered"))
                     + ((Cell.of(r.name, r.address),) if partners else ()) for r in case.representations)
        blocks.append(Table(head, rows, (15, 12, 28, 25, 20) if partners else (18, 14, 34, 34)))
    if not partners:
        blocks.append(Paragraph(line(Span("Names and addresses of people who made representations are never "
                                          "published.", Tone.QUIET)), aside=True))
    return Section("Representations (s.64)", tuple(blocks))


def _scores(ev: Evidence) -> Section:
    rows = score_table(list(ev.scores))
    if not ev.scores:
        return Section("Walk scores at the site", (Paragraph(line("No walk has scored this site yet.")),))
    head = tuple(rows[0])
    return Section("Walk scores at the site, before and after", (Table(
        head, tuple(tuple(Cell.of(row[h]) for h in head) for row in rows), _widths(len(head))),))


def _widths(n: int) -> tuple[int, ...]:
    """The first column twice as wide as each of the others, adding up to 100."""
    rest = 100 // (n + 1)
    return (100 - rest * (n - 1), *([rest] * (n - 1)))


def _crime(crime: MonthlyTotals) -> Section:
    months = crime.months
    if not months:
        return Section("Crime context", (Paragraph(line("No crime figures are loaded.")),))
    last, before = slice(-12, None), slice(-24, -12)
    rows = tuple((Cell.of(group.label), Cell.of(str(sum(counts[before]))), Cell.of(str(sum(counts[last]))))
                 for group, counts in crime.counts.items() if sum(counts[-24:]))
    span = f"{describe_date(months[max(0, len(months) - 12)])} to {describe_date(months[-1])}"
    return Section("Crime context", (
        Paragraph(line(f"Recorded crime in the whole ward (Metropolitan Police), the 12 months {span} "
                       "beside the 12 before.")),
        Table(("Offence group", "12 months before", "Latest 12 months"), rows, (50, 25, 25))))


def _notes(notes: Sequence[Annotation]) -> Section:
    if not notes:
        return Section("Design notes", (Paragraph(line("No design-out-crime note at this site.")),))
    items = tuple(line(Span(f"{a.category.label}, {a.severity.label.lower()} severity"
                            + (" (partners only)" if not a.is_public else "") + ": ", Tone.STRONG),
                       a.observation, f" Recommendation: {a.recommendation}" if a.recommendation else "")
                  for a in notes)
    return Section("Design notes", (Bullets(items),))


def _photos(case: GatingCase, photo: bytes | None) -> Section:
    caption = case.value("notice_photo") or "The site notice"
    if photo is None:
        return Section("Photos", (Paragraph(line("No photo of the site notice yet.")),))
    return Section("Photos", (Figure(_png(photo), f"Photo of the site notice at {case.gate}", caption),))


def _png(jpeg: bytes, longest: int = 900) -> bytes:
    """The photo as a PNG no more than `longest` pixels on its long side: what a document's figure holds."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as image:
        image.thumbnail((longest, longest))
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG")
    return out.getvalue()

