"""Gating cases on the open-data routes: /opendata/gating-cases.json and Open311 carry each case and its
stage, never a partners-only item, a consultee's addresses or who made a representation; the ward's
feed carries an order come up for review."""
from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET

import pytest

from geo import clock
from geo.gating.stages import Category, Stage
from geo.opendata.feed import ATOM
from tests.asgi import get
from geo.gating.order import NOT_PUBLISHED
from tests.gating_fixtures import FILLED, ORDER_TEXT, TODAY, advance, opened, walked_to
from tests.photo_files import phone_jpeg
from tests.store_fixtures import PLANNER
from tests.test_web import served  # noqa: F401  (the app on a fresh store)

NAME, ADDRESS, WHICH = "Ann Example", "3 George Mews, NW1", "1-40 George Mews"


@pytest.fixture
def at_notice(served, monkeypatch):  # noqa: F811
    """George Mews' north gate with its notice out and one representation; today is TODAY."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    app, store = served
    case = walked_to(store, Stage.NOTICE)
    case = store.gating.add_consultation(PLANNER, case.id, "neighbouring", consulted_on="2026-08-01", addresses=3,
                                         which=WHICH, response="No objection", expected_version=case.version)
    case = store.gating.record_items(PLANNER, case.id, {**FILLED[Stage.NOTICE], "representations_close": "2026-12-20",
                                                        "partner_note": "Call the caretaker first"},
                                     expected_version=case.version)
    case = advance(store, case)
    case = store.gating.add_representation(PLANNER, case.id, Category.ADJOINING, received_on="2026-12-01",
                                           gist="Deliveries", name=NAME, address=ADDRESS,
                                           expected_version=case.version)
    return app, store, case


def test_the_gating_cases_document_has_the_stage_and_counts_and_nothing_partners_only(at_notice):
    app, _store, case = at_notice
    reply = get(app, "/opendata/gating-cases.json")
    doc = json.loads(reply.body)
    found = next(c for c in doc["cases"] if c["ref"] == case.ref)
    assert (found["stage"], found["representations_open"], found["representations_close"]) == (
        "notice", True, "2026-12-20")
    assert found["representations"] == {"adjoining": 1}
    assert [s["reached"] for s in found["stages"]] == [True] * 6 + [False] * 6
    assert found["stages"][5]["reached_at"]  # when the notice went out
    assert found["items"]["detrimental_effect"] == FILLED[Stage.CONDITIONS]["detrimental_effect"]
    assert found["proposed_order"]["text"] == ORDER_TEXT
    assert found["proposed_order"]["url"].endswith(f"/opendata/proposed-orders/{case.ref}.html")
    for secret in (NAME, ADDRESS, WHICH, "Call the caretaker first", "Deliveries"):
        assert secret not in reply.text
    assert doc["license"]["name"] == "Open Government Licence v3.0"


def test_open311_has_each_case_as_a_request_with_its_stage_as_status_notes(at_notice):
    app, _store, case = at_notice
    services = json.loads(get(app, "/open311/v2/services.json").body)
    assert "gating-case" in [s["service_code"] for s in services]
    reply = get(app, f"/open311/v2/requests/{case.ref}.json")
    (request,) = json.loads(reply.body)
    assert request["status"] == "open" and request["service_code"] == "gating-case"
    assert request["status_notes"] == ("Notice and representations: The proposed order has been published: anyone "
                                       "affected can comment on it. 1 representation: 1 from adjoining occupiers. "
                                       "Have your say by 20 December 2026; the proposed order: "
                                       f"http://localhost:8501/opendata/proposed-orders/{case.ref}.html")
    assert request["address"].startswith("George Mews, Regent's Park ward")
    listed = json.loads(get(app, "/open311/v2/requests.json?service_code=gating-case").body)
    assert case.ref in [r["service_request_id"] for r in listed] and all(
        r["service_code"] == "gating-case" for r in listed)
    assert NAME not in reply.text and ADDRESS not in reply.text


def test_the_proposed_order_page_shows_its_text_as_typed_and_how_to_have_a_say(at_notice):
    app, _store, case = at_notice
    reply = get(app, f"/opendata/proposed-orders/{case.ref}.html")
    assert reply.status == 200 and reply.headers["content-type"] == "text/html; charset=utf-8"
    assert "<b>no through route</b>" not in reply.text  # markup the planner typed is shown, not obeyed
    assert "&lt;b&gt;no through route&lt;/b&gt;" in reply.text
    page = html.unescape(reply.text)
    assert "<title>Proposed order: North gate at George Mews</title>" in page
    for term in ORDER_TEXT.splitlines():  # a paragraph a line
        assert f"<p>{term}</p>" in page
    assert "Have your say by 20 December 2026." in page
    assert "See a copy of the proposed order: Crowndale Centre reception, and camden.gov.uk." in page
    assert "Made on" not in page and "This page as of " in page  # a proposed order is not yet made: no legal term
    for secret in (NAME, ADDRESS, WHICH, "Call the caretaker first", "Deliveries", NOT_PUBLISHED):
        assert secret not in page


def test_a_proposed_order_not_yet_recorded_says_so_and_a_case_that_is_not_one_is_a_404(served):  # noqa: F811
    app, store = served
    case = opened(store)
    page = html.unescape(get(app, f"/opendata/proposed-orders/{case.ref}.html").text)
    assert NOT_PUBLISHED in page and "<title>Proposed order: North gate at George Mews</title>" in page
    assert "Have your say by" not in page
    doc = json.loads(get(app, "/opendata/gating-cases.json").body)
    assert [c["proposed_order"]["text"] for c in doc["cases"] if c["ref"] == case.ref] == [None]
    missing = get(app, "/opendata/proposed-orders/gate-999.html")
    assert (missing.status, missing.text) == (404, "There is no gating case 'gate-999'.")


def test_an_order_come_up_for_review_is_in_the_feed(served, monkeypatch):  # noqa: F811
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    app, store = served
    case = walked_to(store, Stage.MADE)
    case = store.gating.record_items(PLANNER, case.id, {**FILLED[Stage.MADE], "made_on": "2024-01-10",
                                                        "expires_on": "2027-01-09"}, expected_version=case.version)
    for stage in (Stage.MADE, Stage.PUBLISHED, Stage.IN_FORCE):
        if stage is Stage.PUBLISHED:
            case = store.gating.add_notice_photo(PLANNER, case.id, phone_jpeg(), expected_version=case.version)
        if stage is not Stage.MADE:
            case = store.gating.record_items(PLANNER, case.id, FILLED[stage], expected_version=case.version)
        case = advance(store, case)
    assert case.review_due(TODAY) and store.gating.due_for_review(TODAY) == [case]
    feed = ET.fromstring(get(app, "/feeds/changes.atom").body)
    titles = [e.findtext(f"{{{ATOM}}}title") for e in feed.iter(f"{{{ATOM}}}entry")]
    assert "North gate: the order is due for review; it expires on 9 January 2027" in " ".join(titles)
    site = ET.fromstring(get(app, "/feeds/sites/george-mews.atom").body)
    assert "due for review" in " ".join(e.findtext(f"{{{ATOM}}}title") for e in site.iter(f"{{{ATOM}}}entry"))
