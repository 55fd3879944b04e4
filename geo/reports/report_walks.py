"""The progress report's walkabouts section: each published walk, newest first,
with its date, phase, route, who came (by role and count), each recorded stop's
scores in words and what each finding became.

Only what geo.walks.public_walks.PublicWalk holds reaches it: published walks, their
stops without CPTED observations, attendance without names.  No photos.  Stops
are a table of three columns, which the HTML shows as one card per stop on a
phone; a site on the route carries its number from the report's sites map."""
from __future__ import annotations

from collections.abc import Sequence

from geo.sites import summary
from geo.model import Site
from geo.reports.document import Block, Bullets, Cell, Line, Paragraph, Section, Span, Subheading, Table, Tone, line
from geo.walks.public_walks import PublicWalk, attendance_text, felt_text, outcome_text, stop_label
from geo.walks.walkabout import PARAMETERS, StopRecord, Walk

WALKS_HEADING = "Walkabouts"
NO_WALKS = "No walkabout has been published yet."
STOP_HEAD = ("Stop", "Scores (0 to 3)", "Finding and what it became")


def walks_section(walks: Sequence[PublicWalk], sites: Sequence[Site]) -> Section:
    walks = sorted(walks, key=lambda w: (w.walk.on, w.walk.starts), reverse=True)
    if not walks:
        return Section(WALKS_HEADING, (Paragraph(line(NO_WALKS)),))
    numbers = summary.site_numbers(sites)
    names = {s.site_id: s.name for s in sites}
    blocks: list[Block] = [Paragraph(line(
        "Residents, the Community Working Group, Community Safety and the design advisor walk the ward together, "
        "by day and after dark, and score each stop on nine measures from 0 (worst) to 3 (best). Site numbers "
        "match the sites map."), aside=True)]
    for public in walks:
        blocks += _walk_blocks(public, names, numbers)
    return Section(WALKS_HEADING, tuple(blocks))


def _walk_blocks(public: PublicWalk, names: dict[str, str], numbers: dict[str, int]) -> list[Block]:
    walk = public.walk
    blocks: list[Block] = [Subheading(walk.title), Bullets(_facts(walk, numbers))]
    if public.stops:
        rows = tuple(_stop_row(walk, stop, names, numbers) for stop in public.stops)
        blocks.append(Table(STOP_HEAD, rows, widths=(26, 40, 34)))
    else:
        blocks.append(Paragraph(line("No stop was recorded on this walk.")))
    return blocks


def _facts(walk: Walk, numbers: dict[str, int]) -> tuple[Line, ...]:
    route = "; ".join(f"{i}. {s.label}" + _site_number(s.site_id, numbers) for i, s in enumerate(walk.route, 1))
    facts = [
        line(Span("Date: ", Tone.STRONG), f"{walk.on:%A %-d %B %Y}, starting {walk.starts:%H:%M}"),
        line(Span("Phase: ", Tone.STRONG), walk.phase.label),
        line(Span("Route: ", Tone.STRONG), route or "No route was planned"),
        line(Span("Who came: ", Tone.STRONG), attendance_text(walk)),
    ]
    if walk.follows:
        facts.append(line(Span("Follows up: ", Tone.STRONG), ", ".join(c.upper() for c in walk.follows)))
    return tuple(facts)


def _site_number(site_id: str | None, numbers: dict[str, int]) -> str:
    return f" (site {numbers[site_id]})" if site_id in numbers else ""


def _stop_row(walk: Walk, stop: StopRecord, names: dict[str, str], numbers: dict[str, int]) -> tuple[Cell, ...]:
    about = [line(Span(stop_label(walk, stop, names) + _site_number(stop.site_id, numbers), Tone.STRONG)),
             line(f"{stop.priority.label} priority")]
    if stop.felt_safe is not None:
        about.append(line(felt_text(stop)))
    if stop.reasons:
        about.append(line(Span("Why it felt unsafe: " + "; ".join(r.label for r in stop.reasons), Tone.QUIET)))
    scores = [line(f"{p.label}: ", Span(p.describe(stop.scores[p]), Tone.STRONG)) for p in PARAMETERS
              if p in stop.scores]
    if stop.has_finding:
        finding = Cell.of(stop.finding, line(Span("Became: ", Tone.QUIET), Span(outcome_text(stop), Tone.STRONG)))
    else:
        finding = Cell.of(line(Span("No finding", Tone.QUIET)))
    return Cell.of(*about), Cell.of(*scores) if scores else Cell.of(line(Span("Not scored", Tone.QUIET))), finding
