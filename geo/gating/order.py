"""A gating case's proposed order as residents read it: the order's text as the planner recorded it at the
notice stage (geo.gating.stages, item "order_text"), a paragraph a line, and how to have a say while
representations are open.  One document (geo.reports.document), drawn as HTML for the public route
(/opendata/proposed-orders/{ref}.html) and used as a section of the evidence pack (geo.gating.pack).

Until the planner records it, or for a case that passed the notice before the text was asked for, the text
is not known here, and the document says so rather than showing nothing."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from geo.gating.case import GatingCase, stage_words
from geo.model import describe_date
from geo.reports.document import Paragraph, Report, Section, Span, Tone, line

NOT_PUBLISHED = "The council has not yet published the proposed order."


def path(case: GatingCase) -> str:
    """The public route of the case's proposed order (web/routes.py)."""
    return f"/opendata/proposed-orders/{case.ref}.html"


def ways_to_respond(contacts: Sequence, ids: Sequence[str]) -> list[str]:
    """How to respond to the proposed order, a sentence a contact: the plan's contacts (geo.plan.action_plan)
    the ward names for representations."""
    return [f"{c.who}. {c.how}." for c in contacts if c.id in ids]


def paragraphs(text: str) -> list[str]:
    """The order's text a paragraph a line, blank lines dropped."""
    return [p.strip() for p in text.splitlines() if p.strip()]


def section(case: GatingCase) -> Section:
    """The proposed order's text as a section, the same in both packs: it is public by law."""
    if not case.order_text:
        return Section("The proposed order", (Paragraph(line(NOT_PUBLISHED)),))
    return Section("The proposed order", tuple(Paragraph(line(p)) for p in paragraphs(case.order_text)))


def build(case: GatingCase, *, site_name: str, ward: str, contacts: Sequence[str], today: date) -> Report:
    """The public document: the order's text and, while representations are open, how to have a say.
    `contacts`: how to respond, one sentence each (the ward's representations contacts)."""
    title = f"Proposed order: {case.gate} at {site_name}"
    return Report(
        title=title,
        meta=(f"{ward} ward · case {case.ref}", f"This page as of {describe_date(today.isoformat())}"),
        author=f"{ward} ward safety map", subject=f"The proposed gating order for {case.gate} at {site_name}",
        running_footer=title,
        sections=(_say(case, contacts, today), section(case)),
    )


def _say(case: GatingCase, contacts: Sequence[str], today: date) -> Section:
    blocks = [Paragraph(line(Span("Where it stands: ", Tone.STRONG), stage_words(case, today)))]
    if case.representations_open(today):
        blocks.append(Paragraph(line(Span(f"Have your say by {describe_date(case.value('representations_close'))}.",
                                          Tone.STRONG))))
        blocks += [Paragraph(line(f"To respond: {c}")) for c in contacts]
        if case.value("proposed_order"):
            blocks.append(Paragraph(line(f"See a copy of the proposed order: {case.value('proposed_order')}.")))
    return Section("Have your say", tuple(blocks))
