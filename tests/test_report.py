"""geo/reports/ (the report document, its HTML and PDF renderers) and geo/reports/staticmap.py."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, UTC
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from geo.crime.offences import load_crime_file
from geo.model import Annotation, Change
from geo.plan.action_plan import ProgressEntry
from geo.reports.progress_report import Report
from geo.reports.progress_report import Table
from geo.reports.progress_report import build_report
from geo.reports.report_html import to_html
from geo.reports.report_pdf import to_pdf
from geo.reports.staticmap import MARKERS, draw_site_map
from geo.status import Category, Severity, Status, Visibility
from tests.conftest import ROOT, SITE_NAMES

PAYLOAD = "<script>alert('x')</script>"
HOSTILE = "<script>alert(1)</script> {{7*7}} </td></tr></table> & <b>bold</b>"
SECRET = "PARTNERS-ONLY: the side gate code is 4321"
GENERATED = datetime(2026, 11, 26, 10, 5, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n"
SITES = "Sites: lighting, gating and fencing"
TERMS = ["Short term achievable outcomes", "Long term strategic planning"]


@pytest.fixture(scope="module")
def notes():
    return [
        Annotation(1, "george-mews", None, None, Category.LIGHTING, Severity.HIGH, f"Dark corner {PAYLOAD} & bins",
                   "Add a <b>lamp</b>", Visibility.PUBLIC, "dana.pcda", datetime(2026, 11, 20, 10, tzinfo=UTC)),
        Annotation(2, "threefields", None, None, Category.ACCESS_CONTROL, Severity.LOW, SECRET, SECRET,
                   Visibility.PARTNERS, "dana.pcda", datetime(2026, 11, 20, 10, tzinfo=UTC)),
    ]


@pytest.fixture(scope="module")
def history():
    return [
        Change(3, datetime(2026, 11, 21, 9, tzinfo=UTC), "pat.planner", "george-mews", "gating.status", "under_review", "confirmed",
               f"Consultation done {PAYLOAD}"),
        Change(2, datetime(2026, 10, 2, 9, tzinfo=UTC), "pat.planner", "threefields", "location", "-0.1425,51.53", "-0.1427,51.53",
               "Moved after the site visit"),
        Change(1, datetime(2026, 9, 1, 9, tzinfo=UTC), "system", "lindale-play-area", "site", None, "Lindale play area", "First start"),
    ]


@pytest.fixture(scope="module")
def sites_with_payload(sites):
    from geo.model import TopicState
    from geo.status import Topic

    first = sites[0]
    gating = first.state(Topic.GATING)
    evil = first.with_state(Topic.GATING, TopicState(gating.status, f"Gate review {PAYLOAD}", gating.as_of,
                                                      gating.commitments))
    return [evil, *sites[1:]]


@pytest.fixture(scope="module")
def report(sites_with_payload, plan, ward, history, notes):
    rows = load_crime_file(ward.path("crime"), ward.code)
    return build_report(sites_with_payload, plan, ward, history, notes, since=date(2026, 10, 1), generated=GENERATED,
                        crime_rows=rows)


@pytest.fixture(scope="module")
def page(report) -> str:
    return to_html(report).decode("utf-8")


@pytest.fixture(scope="module")
def pdf_text(report):
    return _pdf_text(to_pdf(report))


@pytest.fixture(scope="module")
def hostile_report(sites, plan, ward, history, notes):
    """A site name, a progress update, a change and an observation that all try to be markup."""
    named = [replace(sites[0], name=HOSTILE), *sites[1:]]
    first = plan.commitments[0]
    entry = ProgressEntry("2026-11", HOSTILE)
    hostile_plan = replace(plan, commitments=(replace(first, progress=(*first.progress, entry)), *plan.commitments[1:]))
    hostile_notes = [replace(notes[0], observation=HOSTILE)]
    hostile_history = [replace(history[0], reason=HOSTILE)]
    return build_report(named, hostile_plan, ward, hostile_history, hostile_notes, since=None, generated=GENERATED,
                        draw_map=False)


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    return "".join(page.extract_text() for page in reader.pages)


def _squash(text: str) -> str:
    """Text without white space, so line breaks inside table cells do not matter."""
    return re.sub(r"\s+", "", text)


def _words(text: str) -> str:
    return " ".join(text.split())


def _first_lines(texts: list[str]) -> list[str]:
    return [t.split("\n")[0] for t in texts]


def _commitment_tables(report: Report) -> list[Table]:
    return [report.section(title).tables[0] for title in TERMS]


def _targets(report: Report) -> dict[str, str]:
    return {ref: target for t in _commitment_tables(report) for ref, target in zip(t.column("Ref"), t.column("Target date"), strict=False)}


class _Page(HTMLParser):
    """What a browser would show: the h2 headings and each table's cells as words, and every tag name."""

    def __init__(self, page: str):
        super().__init__()
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.tags: set[str] = set()
        self._text: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("h2", "td"):
            self._text = []
        elif tag in ("br", "li") and self._text is not None:
            self._text.append(" ")

    def handle_endtag(self, tag):
        if tag in ("h2", "td") and self._text is not None:
            text = _words("".join(self._text))
            if tag == "h2":
                self.headings.append(text)
            else:
                self.tables[-1][-1].append(text)
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def body_rows(self, i: int) -> list[list[str]]:
        return [row for row in self.tables[i] if row]  # the header row has th cells only


# --- what the report says -----------------------------------------------------------------


def test_report_holds_both_terms_every_site_and_the_map(report, plan):
    assert [s.heading for s in report.sections[:2]] == TERMS
    assert [ref for t in _commitment_tables(report) for ref in t.column("Ref")] == [c.id.upper() for c in plan.commitments]
    sites = report.section(SITES)
    assert _first_lines(sites.tables[0].column("Site")) == SITE_NAMES
    assert sites.tables[0].column("No.") == [str(n) for n in range(1, 8)]
    assert sites.figures[0].png.startswith(PNG)


def test_target_dates_are_judged_on_the_day_of_generation(sites, plan, ward):
    late = build_report(sites, plan, ward, [], [], since=None, generated=GENERATED, draw_map=False)
    early = build_report(sites, plan, ward, [], [], since=None, generated=datetime(2019, 3, 1), draw_map=False)
    assert all(target.endswith("\nTarget date passed") for target in _targets(late).values())
    by_ref = _targets(early)
    assert "Target date passed" in by_ref["ST-8"] and "Target date passed" not in by_ref["ST-1"]


def test_what_changed_lists_only_changes_since_the_date(report):
    changes = report.section("What changed since 1 October 2026").tables[0]
    assert changes.column("Site") == ["George Mews", "Threefields"]
    assert changes.column("Change")[0].startswith("Gating status changed from Under review to Confirmed to go ahead")
    assert changes.column("Date")[0] == "21 November 2026"


def test_without_a_date_every_change_is_listed(sites, plan, ward, history):
    whole = build_report(sites, plan, ward, history, [], since=None, generated=GENERATED, draw_map=False)
    changes = whole.section("What changed: every recorded change").tables[0]
    assert changes.column("Change")[-1] == "Site added: Lindale play area (First start)"


def test_a_period_without_changes_says_so(sites, plan, ward, history):
    quiet = build_report(sites, plan, ward, history, [], since=date(2027, 1, 1), generated=GENERATED, draw_map=False)
    section = quiet.section("What changed since 1 January 2027")
    assert [b.text for b in section.blocks] == ["No changes have been recorded in this period."]


def test_notes_say_which_positions_are_approximate_and_lighting_unknown(report):
    text = " ".join(report.section("What the data does not know").blocks[0].texts)
    assert "5 of 7 positions are approximate" in text
    for name in ("Exmouth Mews", "Mornington Street", "Threefields", "Clarkson Row", "Lindale play area"):
        assert name in text
    assert "No lighting status is recorded for 7 of 7 sites" in text


def test_partners_only_annotations_are_dropped_even_if_passed_in(report):
    observations = report.section("Design-out-crime observations").tables[0]
    assert observations.column("Observation") == [f"Dark corner {PAYLOAD} & bins"]


def test_crime_context_comes_from_the_rows(report):
    crime = report.section("Recorded crime in the ward").blocks[0].texts
    assert crime[0].startswith("Drug offences: ")
    assert len(crime) == 6


# --- HTML ----------------------------------------------------------------------------------


def test_html_escapes_every_payload(page):
    assert "<script" not in page.lower()
    assert "<b>lamp</b>" not in page
    assert page.count(escape(PAYLOAD)) == 3  # detail, annotation, history
    assert "Add a &lt;b&gt;lamp&lt;/b&gt;" in page


def test_html_is_self_contained(page):
    assert 'src="data:image/png;base64,' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page


def test_html_has_the_plan_sites_glossary_and_attribution(page, plan, ward):
    for name in SITE_NAMES:
        assert escape(name) in page
    for c in plan.commitments:
        assert escape(c.asked) in page
    for term, _ in plan.glossary:
        assert escape(term) in page
    for a in ward.attributions:
        assert escape(a.text) in page
    assert SECRET not in page and "dana.pcda" not in page and "pat.planner" not in page


def test_html_reads_on_a_phone(page):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    commitments = re.search(r'<div class="table-wrap">\s*<table class="cards">.*?</table>', page, re.S).group(0)
    assert commitments.count("<th ") == 7
    assert '<td data-label="Lead officer or team">' in commitments  # the label each stacked cell shows
    assert "@media (max-width:" in page and "td::before{content:attr(data-label)" in page


def test_hostile_text_shows_as_text_in_html(hostile_report):
    shown = _Page(to_html(hostile_report).decode("utf-8"))
    assert "script" not in shown.tags and "b" not in shown.tags
    cells = {cell for table in shown.tables for row in table for cell in row}
    # Each alone in its own cell, word for word: nothing was run as a template, and no cell was closed early.
    assert {_words(HOSTILE), _words(f"November 2026: {HOSTILE}"), _words(f"Gating status changed from Under review "
            f"to Confirmed to go ahead ({HOSTILE})")} <= cells  # site name (and observation), progress, change


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_has_every_site_commitment_and_glossary_term(pdf_text, plan):
    text = _squash(pdf_text)
    for name in SITE_NAMES:
        assert _squash(name) in text, name
    for c in plan.commitments:
        assert _squash(c.asked[:60]) in text, c.id
    for term, _ in plan.glossary:
        assert _squash(term) in text, term
    assert _squash("Target date passed") in text


def test_pdf_prints_markup_as_text(pdf_text):
    text = _squash(pdf_text)
    assert _squash(PAYLOAD) in text
    assert _squash("Add a <b>lamp</b>") in text
    assert SECRET not in pdf_text and "4321" not in pdf_text


def test_pdf_has_attribution_and_approximate_note(pdf_text, ward):
    text = _squash(pdf_text)
    for a in ward.attributions:
        assert _squash(a.text) in text
    assert _squash("5 of 7 positions are approximate") in text


def test_hostile_text_prints_as_text_in_pdf(hostile_report):
    text = _squash(_pdf_text(to_pdf(hostile_report)))
    for printed in (f"1 {HOSTILE}", f"November 2026: {HOSTILE}", f"Confirmed to go ahead ({HOSTILE})"):
        assert _squash(printed) in text, printed  # site number and name, progress, change


# --- both renderers ----------------------------------------------------------------------------


def test_html_and_pdf_show_the_same_headings_and_cells(hostile_report):
    """One report, both renderers: every section heading, then every table's cells, in the report's order."""
    headings = [s.heading for s in hostile_report.sections]
    tables = [b for s in hostile_report.sections for b in s.tables]
    shown = _Page(to_html(hostile_report).decode("utf-8"))
    assert shown.headings == headings
    assert [shown.body_rows(i) for i in range(len(shown.tables))] == [
        [[_words(c.text) for c in row] for row in t.rows] for t in tables
    ]
    printed = _squash(_pdf_text(to_pdf(hostile_report)))
    expected = [h for s in hostile_report.sections for h in [s.heading, *_cell_lines(s.tables)]]
    at = 0
    for piece in expected:
        found = printed.find(_squash(piece), at)
        assert found >= 0, f"{piece!r} is missing from the PDF, or out of order"
        at = found + len(_squash(piece))


def _cell_lines(tables: list[Table]) -> list[str]:
    return [text for t in tables for row in t.rows for c in row for text in c.text.split("\n")]


def test_the_report_document_loads_without_either_renderer():
    """geo.reports.progress_report describes the document; only a caller that lays it out pays for reportlab or Jinja."""
    code = ("import sys, geo.reports.progress_report; print(sorted(m for m in sys.modules "
            "if m.startswith(('geo.reports.report_html', 'geo.reports.report_pdf', 'reportlab', 'jinja2'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout == "[]\n"


# --- the still map -----------------------------------------------------------------------------


def test_every_status_shape_has_a_marker():
    assert {s.shape for s in Status} <= set(MARKERS)


def test_map_draws_without_a_boundary_or_sites(sites):
    assert draw_site_map(sites, None, dpi=40).startswith(PNG)
    assert draw_site_map([], None, dpi=40).startswith(PNG)
