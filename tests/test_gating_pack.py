"""The evidence pack: one document drawn as HTML and PDF.  The public pack holds no partners-only note,
no representation's name or address and no key holder; the partners' pack holds the design notes."""
from __future__ import annotations

import html
import io
import re

import pytest

from geo.gating import pack
from geo.gating.stages import Category, Stage
from geo.model import Annotation
from geo.reports.report_html import to_html
from geo.reports.report_pdf import to_pdf
from geo.status import Category as NoteCategory, Severity, Visibility
from tests.gating_fixtures import FILLED, ORDER_TEXT, TODAY, advance, walked_to
from tests.store_fixtures import PCDA, PLANNER

PARTNER_NOTE = "Ring the estate office before visiting"
NAME, ADDRESS = "Ann Example", "3 George Mews, NW1"
PARTNERS_DESIGN_NOTE = "Back fence is climbable from the bins"
PUBLIC_DESIGN_NOTE = "The mews entrance is dark after 9pm"


@pytest.fixture
def made(store):
    """George Mews' north gate, its order made: a partners-only note, key holders, two representations."""
    case = walked_to(store, Stage.NOTICE)
    case = store.gating.record_items(PLANNER, case.id, FILLED[Stage.NOTICE], expected_version=case.version)
    case = advance(store, case)
    for category, gist in ((Category.ADJOINING, "Worried about deliveries"), (Category.BUSINESS, "Needs vans in")):
        case = store.gating.add_representation(PLANNER, case.id, category, received_on="2026-09-10", gist=gist,
                                               name=NAME, address=ADDRESS, expected_version=case.version)
    for r in case.representations:
        case = store.gating.consider_representation(PLANNER, case.id, r.id, "Fobs for deliveries.",
                                                    expected_version=case.version)
    for stage in (Stage.DECIDED, Stage.MADE):
        case = store.gating.record_items(PLANNER, case.id, FILLED[stage], expected_version=case.version)
        case = advance(store, case)
    for text, visibility in ((PARTNERS_DESIGN_NOTE, Visibility.PARTNERS), (PUBLIC_DESIGN_NOTE, Visibility.PUBLIC)):
        store.add_annotation(PCDA, Annotation(None, "george-mews", None, None, NoteCategory.ACCESS_CONTROL,
                                              Severity.HIGH, text, "", visibility))
    return case


def rendered(store, case, *, partners: bool) -> tuple[str, str]:
    report = pack.build(case, pack.gather(store, case, partners=partners), partners=partners,
                        ward="Regent's Park", today=TODAY)
    return html.unescape(to_html(report).decode()), _pdf_text(to_pdf(report))


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def with_partner_note(store, monkeypatch):
    """Cases opened by the fixture carry a partners-only note from the start."""
    from tests import gating_fixtures

    real = gating_fixtures.opened

    def opened(store, **items):
        case = real(store, **items)
        return store.gating.record_items(PLANNER, case.id, {"partner_note": PARTNER_NOTE},
                                         expected_version=case.version)

    monkeypatch.setattr(gating_fixtures, "opened", opened)


def test_the_public_pack_holds_nothing_partners_only(store, with_partner_note, made):
    case = store.gating.case(made.id)
    assert case.value("partner_note") == PARTNER_NOTE and case.value("key_holders")
    for text in rendered(store, case, partners=False):
        squashed = re.sub(r"\s+", " ", text)
        for secret in (PARTNER_NOTE, NAME, ADDRESS, "George Mews, NW1", case.value("key_holders"), "24 fobs",
                       "Key holders", PARTNERS_DESIGN_NOTE):
            assert secret not in squashed
        assert "2 representations: 1 from adjoining occupiers, 1 from businesses." in squashed
        assert PUBLIC_DESIGN_NOTE in squashed and "Order made" in squashed
        assert "The proposed order" in squashed  # public by law: every line of it, the markup as typed
        assert all(term in squashed for term in ORDER_TEXT.splitlines())


def test_the_partners_pack_holds_the_design_notes_key_holders_and_names(store, with_partner_note, made):
    case = store.gating.case(made.id)
    for text in rendered(store, case, partners=True):
        squashed = re.sub(r"\s+", " ", text)
        for wanted in (PARTNERS_DESIGN_NOTE, PUBLIC_DESIGN_NOTE, "24 fobs", PARTNER_NOTE, NAME,
                       "Partners' pack: not for publication", "Drug dealing at night in the mews."):
            assert wanted in squashed


def test_the_pack_prints_markup_as_text(store):
    case = store.gating.open_case(PLANNER, "george-mews", gate="<script>alert(1)</script>", position="<b>x</b>",
                                  closes="A & B", problem="<img src=x onerror=alert(1)>")
    report = pack.build(case, pack.gather(store, case, partners=False), partners=False, ward="Regent's Park",
                        today=TODAY)
    page = to_html(report).decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<script>alert(1)</script>" in _pdf_text(to_pdf(report))


def test_the_public_pack_prints_the_proposed_orders_markup_as_text(store, made):
    page = to_html(pack.build(made, pack.gather(store, made, partners=False), partners=False, ward="Regent's Park",
                              today=TODAY)).decode()
    assert "&lt;b&gt;no through route&lt;/b&gt;" in page and "<b>no through route" not in page
    assert page.count("no through route") == 1  # its own section, not again in the stage's table


def test_both_packs_show_the_site_notices_photo_without_its_metadata(store):
    from tests.gating_fixtures import walked_to as walked

    case = walked(store, Stage.IN_FORCE)  # published: the notice's photo is kept
    assert case.has_notice_photo
    for partners in (False, True):
        report = pack.build(case, pack.gather(store, case, partners=partners), partners=partners,
                            ward="Regent's Park", today=TODAY)
        figure = report.section("Photos").figures[0]
        assert figure.caption == FILLED[Stage.PUBLISHED]["notice_photo"] and figure.png[:4] == b"\x89PNG"
        assert "data:image/png;base64," in to_html(report).decode()
    assert b"Exif" not in store.gating.notice_photo(case.id)  # the phone's metadata is gone
