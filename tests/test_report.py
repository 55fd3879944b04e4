"""geo/report.py, report_html.py, report_pdf.py and staticmap.py: the progress report."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from geo.crime import load_crime_file
from geo.model import Annotation, Change
from geo.report import build_report, to_html, to_pdf
from geo.staticmap import MARKERS, draw_site_map
from geo.status import Category, Severity, Status, Visibility
from tests.conftest import SITE_NAMES

PAYLOAD = "<script>alert('x')</script>"
SECRET = "PARTNERS-ONLY: the side gate code is 4321"
GENERATED = datetime(2026, 11, 26, 10, 5, tzinfo=timezone.utc)
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def notes():
    return [
        Annotation(1, "george-mews", None, None, Category.LIGHTING, Severity.HIGH, f"Dark corner {PAYLOAD} & bins",
                   "Add a <b>lamp</b>", Visibility.PUBLIC, "dana.pcda", datetime(2026, 11, 20, 10, tzinfo=timezone.utc)),
        Annotation(2, "threefields", None, None, Category.ACCESS_CONTROL, Severity.LOW, SECRET, SECRET,
                   Visibility.PARTNERS, "dana.pcda", datetime(2026, 11, 20, 10, tzinfo=timezone.utc)),
    ]


@pytest.fixture(scope="module")
def history():
    return [
        Change(3, datetime(2026, 11, 21, 9, tzinfo=timezone.utc), "pat.planner", "george-mews", "gating.status", "under_review", "confirmed",
               f"Consultation done {PAYLOAD}"),
        Change(2, datetime(2026, 10, 2, 9, tzinfo=timezone.utc), "pat.planner", "threefields", "location", "-0.1425,51.53", "-0.1427,51.53",
               "Moved after the site visit"),
        Change(1, datetime(2026, 9, 1, 9, tzinfo=timezone.utc), "system", "lindale-play-area", "site", None, "Lindale play area", "First start"),
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
def pdf_text(report, tmp_path_factory):
    from pypdf import PdfReader

    path = tmp_path_factory.mktemp("report") / "report.pdf"
    to_pdf(report, path)
    reader = PdfReader(path)
    assert len(reader.pages) >= 3
    return "".join(page.extract_text() for page in reader.pages)


def _squash(text: str) -> str:
    """Text without white space, so line breaks inside table cells do not matter."""
    return re.sub(r"\s+", "", text)


# --- what the report says -----------------------------------------------------------------


def test_report_holds_both_terms_every_site_and_the_map(report, plan):
    assert [t.title for t in report.terms] == ["Short term achievable outcomes", "Long term strategic planning"]
    assert [line.ref for t in report.terms for line in t.lines] == [c.id.upper() for c in plan.commitments]
    assert [s.name for s in report.sites] == SITE_NAMES
    assert [s.number for s in report.sites] == list(range(1, 8))
    assert report.map_png.startswith(PNG)


def test_target_dates_are_judged_on_the_day_of_generation(sites, plan, ward):
    late = build_report(sites, plan, ward, [], [], since=None, generated=GENERATED, draw_map=False)
    early = build_report(sites, plan, ward, [], [], since=None, generated=datetime(2019, 3, 1), draw_map=False)
    assert all(line.target_passed for t in late.terms for line in t.lines)
    by_ref = {line.ref: line for t in early.terms for line in t.lines}
    assert by_ref["ST-8"].target_passed and not by_ref["ST-1"].target_passed


def test_what_changed_lists_only_changes_since_the_date(report):
    assert report.changes_heading == "What changed since 1 October 2026"
    assert [c.site for c in report.changes] == ["George Mews", "Threefields"]
    assert report.changes[0].text.startswith("Gating status changed from Under review to Confirmed to go ahead")
    assert report.changes[0].when == "21 November 2026"


def test_without_a_date_every_change_is_listed(sites, plan, ward, history):
    whole = build_report(sites, plan, ward, history, [], since=None, generated=GENERATED, draw_map=False)
    assert whole.changes_heading == "What changed: every recorded change"
    assert [c.text for c in whole.changes][-1] == "Site added: Lindale play area (First start)"


def test_notes_say_which_positions_are_approximate_and_lighting_unknown(report):
    text = " ".join(report.notes)
    assert "5 of 7 positions are approximate" in text
    for name in ("Exmouth Mews", "Mornington Street", "Threefields", "Clarkson Row", "Lindale play area"):
        assert name in text
    assert "No lighting status is recorded for 7 of 7 sites" in text


def test_partners_only_annotations_are_dropped_even_if_passed_in(report):
    assert [n.observation for n in report.annotations] == [f"Dark corner {PAYLOAD} & bins"]


def test_crime_context_comes_from_the_rows(report):
    assert report.crime[0].startswith("Drug offences: ")
    assert len(report.crime) == 6


# --- HTML ----------------------------------------------------------------------------------


def test_html_escapes_every_payload(report):
    page = to_html(report)
    assert "<script" not in page.lower()
    assert "<b>lamp</b>" not in page
    assert page.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") == 3  # detail, annotation, history
    assert "Add a &lt;b&gt;lamp&lt;/b&gt;" in page


def test_html_is_self_contained(report):
    page = to_html(report)
    assert 'src="data:image/png;base64,' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page


def test_html_has_the_plan_sites_glossary_and_attribution(report, plan, ward):
    page = to_html(report)
    from html import escape

    for name in SITE_NAMES:
        assert escape(name) in page
    for c in plan.commitments:
        assert escape(c.asked) in page
    for term, _ in plan.glossary:
        assert escape(term) in page
    for a in ward.attributions:
        assert escape(a.text) in page
    assert SECRET not in page and "dana.pcda" not in page and "pat.planner" not in page


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


# --- the still map -----------------------------------------------------------------------------


def test_every_status_shape_has_a_marker():
    assert {s.shape for s in Status} <= set(MARKERS)


def test_map_draws_without_a_boundary_or_sites(sites):
    assert draw_site_map(sites, None, dpi=40).startswith(PNG)
    assert draw_site_map([], None, dpi=40).startswith(PNG)
