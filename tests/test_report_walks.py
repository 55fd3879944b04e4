"""The progress report's walkabouts section (geo/reports/report_walks.py), in the document,
its HTML and its PDF: published walks only, newest first, with route, attendance,
scores in words and what each finding became; nothing partners-only, no name."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, time, datetime, UTC

import pytest

from geo.reports.progress_report import Subheading
from geo.reports.progress_report import build_report
from geo.reports.report_html import to_html
from geo.reports.report_pdf import to_pdf
from geo.reports.report_walks import NO_WALKS, WALKS_HEADING
from geo.walks.public_walks import PublicWalk, published_walks
from geo.walks.walkabout import Phase
from tests.walk_fixtures import BINS, FORMULA, LAMPS, NAMES, SECRETS

GENERATED = datetime(2026, 11, 26, 10, 5, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script> </td></tr></table> & <b>bold</b>"


def _report(store, plan, ward, walks):
    return build_report(store.sites(), plan, ward, store.history(include_partners=False),
                        store.annotations(include_partners=True), since=None, generated=GENERATED, walks=walks,
                        draw_map=False)


@pytest.fixture
def report(store, ward, walked):
    return _report(store, store.plan(), ward, published_walks(store.walks))


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_walks_section_follows_the_sites_and_names_each_published_walk(report, walked):
    headings = [s.heading for s in report.sections]
    assert headings.index(WALKS_HEADING) == headings.index("Sites: lighting, gating and fencing") + 1
    section = report.section(WALKS_HEADING)
    assert [b.text for b in section.blocks if isinstance(b, Subheading)] == ["February walk after dark"]
    facts = section.blocks[2].texts
    assert facts[:2] == ["Date: Thursday 19 February 2026, starting 18:30", "Phase: After dark"]
    # the route in order, each site with its number on the report's sites map
    assert facts[2] == "Route: 1. George Mews (site 1); 2. Clarkson Row (site 6); 3. Path behind the estate office"
    assert facts[3] == "Who came: 4 Community Working Group members, 7 residents"


def test_each_stop_shows_its_scores_in_words_and_what_its_finding_became(report, walked):
    [stops] = report.section(WALKS_HEADING).tables
    assert [line.split("\n")[0] for line in stops.column("Stop")] == [
        "Stop 1: George Mews (site 1)", "Stop 2: Clarkson Row (site 6)", "Stop 3: Path behind the estate office",
        "Off the route: 51.52700, -0.13900"]
    first = stops.column("Scores (0 to 3)")[0].split("\n")
    assert len(first) == 9 and first[0] == "Lighting: 1: Little lighting" and first[-1] == "Feeling: 1: Uncomfortable"
    assert stops.column("Scores (0 to 3)")[3] == "Feeling: 2: Comfortable"
    assert "High priority\nFelt unsafe\nWhy it felt unsafe: Badly lit; No CCTV" in stops.column("Stop")[0]
    became = stops.column("Finding and what it became")
    assert became == [f"{FORMULA}\nBecame: New commitment {walked.commitment_id.upper()} in the action plan",
                      f"{LAMPS}\nBecame: Progress on commitment ST-8",
                      f"{BINS}\nBecame: Closed: Passed to waste services", "No finding"]


def test_html_and_pdf_show_the_walk_and_nothing_partners_only_or_named(report, walked):
    page = to_html(report).decode("utf-8")
    pdf = _pdf_text(to_pdf(report))
    for shown in (page, pdf):
        assert "February walk after dark" in shown and "Progress on commitment ST-8" in shown
        assert "Closed: Passed to waste services" in shown and "4 Community Working Group members" in shown
        assert not [s for s in SECRETS + NAMES if s in shown]
    assert "<h3>February walk after dark</h3>" in page
    assert 'data-label="Scores (0 to 3)"' in page  # a card per stop on a phone, each line labelled


def test_without_published_walks_the_section_says_so_in_a_sentence(store, plan, ward):
    report = _report(store, plan, ward, [])
    assert [b.text for b in report.section(WALKS_HEADING).blocks] == [NO_WALKS]
    assert NO_WALKS in to_html(report).decode("utf-8") and NO_WALKS in _pdf_text(to_pdf(report))


def test_the_report_shows_what_the_store_publishes_and_an_unpublished_walk_cannot_be_passed_in(
        store, plan, ward, walked):
    shown = [b.text for b in _report(store, plan, ward, published_walks(store.walks)).section(WALKS_HEADING).blocks
             if isinstance(b, Subheading)]
    assert shown == ["February walk after dark"]
    with pytest.raises(ValueError, match="not published"):
        PublicWalk(walked.draft, tuple(store.walks.stops(walked.draft.id)))


def test_walks_are_newest_first_and_their_text_is_never_markup(store, plan, ward, walked):
    [public] = published_walks(store.walks)
    later = replace(public.walk, title=HOSTILE, on=date(2026, 3, 1), starts=time(21, 0), phase=Phase.DUSK)
    report = _report(store, plan, ward, [public, PublicWalk(later, public.stops)])
    assert [b.text for b in report.section(WALKS_HEADING).blocks if isinstance(b, Subheading)] == [
        HOSTILE, "February walk after dark"]
    page = to_html(report).decode("utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert HOSTILE in _pdf_text(to_pdf(report))
