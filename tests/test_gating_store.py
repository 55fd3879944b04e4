"""Gating cases in the store: one case walked through every statutory stage, each "next" refused while
an item it needs is missing, with a sentence naming it; the access and three-year refusals; roles."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import update

from geo.db import tables as t
from geo.db.engine import connect
from geo.errors import InvalidInput, PermissionDenied, StaleEdit
from geo.roles import Action, can
from geo.gating.stages import ITEMS, ORDER_TEXT_MAX, Category, Stage
from tests.gating_fixtures import FILLED, ORDER_TEXT, TODAY, advance, consult_all, opened, refused, walked_to
from tests.photo_files import phone_jpeg
from tests.store_fixtures import ACTORS, PLANNER

def test_one_case_walks_every_stage_refusing_each_next_while_an_item_is_missing(store):
    case = opened(store)
    for target, items in FILLED.items():
        assert case.stage.next() is target
        for name, item in _required(target):  # each required item missing in turn, the others recorded
            if any(case.value(k) != v for k, v in {**items, name: ""}.items()):
                case = store.gating.record_items(PLANNER, case.id, {**items, name: ""}, expected_version=case.version)
            refused(store, case, item.missing)
        if target is Stage.CONSULTED:
            message = refused(store, case, "Record the consultation with the chief officer of police (s.72).")
            assert "local policing body (MOPAC)" in message
            case = consult_all(store, case)
        if target is Stage.DECIDED:
            case = store.gating.add_representation(PLANNER, case.id, Category.ADJOINING, received_on="2026-09-10",
                                                   gist="Worried about deliveries", name="Ann Example",
                                                   address="3 George Mews", expected_version=case.version)
            case = store.gating.record_items(PLANNER, case.id, items, expected_version=case.version)
            refused(store, case, "Say how the representation received on 10 September 2026 (adjoining occupier) "
                                 "was considered.")
            case = store.gating.consider_representation(PLANNER, case.id, case.representations[0].id,
                                                        "Deliveries by fob; accepted.", expected_version=case.version)
        elif items:
            case = store.gating.record_items(PLANNER, case.id, items, expected_version=case.version)
        if target is Stage.PUBLISHED:
            refused(store, case, "Add a photo of the notice at or near the gate (SI 2014/2591).")
            case = store.gating.add_notice_photo(PLANNER, case.id, phone_jpeg(), expected_version=case.version)
            assert store.gating.notice_photo(case.id)[:2] == b"\xff\xd8"  # kept as a JPEG
        case = advance(store, case)
        assert case.stage is target
    with pytest.raises(InvalidInput, match="has reached its last stage"):
        advance(store, case)
    stages = [c.new for c in store.history(site_id="george-mews") if c.field == "gating_case" and c.old]
    assert stages == [f"North gate: {stage.label}" for stage in reversed(list(Stage)[1:])]  # the public history
    assert all("Ann Example" not in (c.new or "") and "3 George Mews" not in (c.new or "")
               for c in store.history(site_id="george-mews"))
    assert not [c for c in store.history(site_id="george-mews") if "24 fobs" in (c.new or "")]  # partners only
    assert [c for c in store.history(site_id="george-mews", include_partners=True) if "24 fobs" in (c.new or "")]


def _required(stage):
    return [(i.name, i) for i in stage.step.items if i.required]


def test_an_order_that_would_close_the_only_access_to_a_dwelling_is_refused(store):
    case = walked_to(store, Stage.ACCESS_CHECKED)
    case = store.gating.record_items(PLANNER, case.id, {**FILLED[Stage.ACCESS_CHECKED], "dwellings_only_access": "2"},
                                     expected_version=case.version)
    refused(store, case, "An order may not restrict the only or principal access to a dwelling: 2 dwellings here "
                         "would lose it, so this gate cannot close the path (s.64).")


def test_an_order_expiring_more_than_three_years_after_it_is_made_is_refused(store):
    case = walked_to(store, Stage.MADE)
    case = store.gating.record_items(PLANNER, case.id, {**FILLED[Stage.MADE], "expires_on": "2029-11-02"},
                                     expected_version=case.version)
    refused(store, case, "An order lasts at most 3 years: one made on 1 November 2026 must expire by "
                         "1 November 2029, not 2 November 2029.")
    case = store.gating.record_items(PLANNER, case.id, {"expires_on": "2029-11-01"}, expected_version=case.version)
    assert advance(store, case).stage is Stage.MADE


def test_the_decision_waits_until_representations_close(store):
    case = walked_to(store, Stage.DECIDED)
    case = store.gating.record_items(PLANNER, case.id, {**FILLED[Stage.DECIDED], "representations_close": "2026-12-02"},
                                     expected_version=case.version)
    assert case.representations_open(TODAY)
    refused(store, case, "Representations are open until 2 December 2026")


def test_the_notice_waits_for_the_proposed_orders_text_and_keeps_it_as_typed(store):
    case = walked_to(store, Stage.NOTICE)
    without = {k: v for k, v in FILLED[Stage.NOTICE].items() if k != "order_text"}
    case = store.gating.record_items(PLANNER, case.id, without, expected_version=case.version)
    message = refused(store, case, "Record the text of the proposed order")
    assert message == f"North gate cannot be marked “Notice and representations” yet. {ITEMS['order_text'].missing}"
    case = store.gating.record_items(PLANNER, case.id, {"order_text": ORDER_TEXT}, expected_version=case.version)
    case = advance(store, case)
    assert case.stage is Stage.NOTICE and case.order_text == ORDER_TEXT  # every line, the markup as typed
    assert case.public_items()["order_text"] == ORDER_TEXT


def test_the_proposed_orders_text_over_its_limit_is_refused_naming_it(store):
    case = walked_to(store, Stage.NOTICE)
    case = store.gating.record_items(PLANNER, case.id, {"order_text": "a" * ORDER_TEXT_MAX},
                                     expected_version=case.version)
    with pytest.raises(InvalidInput) as refused_:
        store.gating.record_items(PLANNER, case.id, {"order_text": "a" * (ORDER_TEXT_MAX + 1)},
                                  expected_version=case.version)
    assert str(refused_.value) == (f"Text of the proposed order is {ORDER_TEXT_MAX + 1} characters long; the most it "
                                   f"can take is {ORDER_TEXT_MAX}.")
    assert store.gating.case(case.id) == case


def _as_saved_before_the_order_text(db_url, case):
    """The case as a database from before the proposed order's text was asked for holds it: no such item."""
    engine = connect(db_url)
    with engine.begin() as conn:
        items = {k: v for k, v in case.items.items() if k != "order_text"}
        conn.execute(update(t.gating_cases).where(t.gating_cases.c.id == case.id).values(items=json.dumps(items)))
    engine.dispose()


def test_a_case_past_the_notice_before_the_text_was_asked_for_goes_on_and_says_it_is_not_known(store, db_url):
    case = walked_to(store, Stage.MADE)  # decided
    _as_saved_before_the_order_text(db_url, case)
    case = store.gating.case(case.id)
    assert case.stage is Stage.DECIDED and case.order_text == "" and "order_text" not in case.public_items()
    case = store.gating.record_items(PLANNER, case.id, FILLED[Stage.MADE], expected_version=case.version)
    assert advance(store, case).stage is Stage.MADE  # not stuck on an item it can no longer record


def test_a_case_at_the_notice_before_the_text_was_asked_for_records_it_before_the_decision(store, db_url):
    case = walked_to(store, Stage.DECIDED)
    _as_saved_before_the_order_text(db_url, case)
    case = store.gating.case(case.id)
    case = store.gating.record_items(PLANNER, case.id, FILLED[Stage.DECIDED], expected_version=case.version)
    refused(store, case, ITEMS["order_text"].missing)
    case = store.gating.record_items(PLANNER, case.id, {"order_text": ORDER_TEXT}, expected_version=case.version)
    assert case.order_text == ORDER_TEXT and advance(store, case).stage is Stage.DECIDED


def test_a_case_in_force_comes_up_for_review_three_months_before_it_expires(store):
    case = walked_to(store, Stage.REVIEW_DUE)
    assert case.stage is Stage.IN_FORCE and case.review_on == "2029-07-31"
    assert store.gating.due_for_review(date(2029, 7, 30)) == []
    assert [c.id for c in store.gating.due_for_review(date(2029, 7, 31))] == [case.id]


def test_a_stale_case_edit_is_refused_and_keeps_the_newer_values(store):
    case = opened(store)
    store.gating.record_items(PLANNER, case.id, {"options": "A gate"}, expected_version=case.version)
    with pytest.raises(StaleEdit):
        store.gating.record_items(PLANNER, case.id, {"options": "Two gates"}, expected_version=case.version)
    assert store.gating.case(case.id).value("options") == "A gate"


def test_an_item_of_a_later_stage_is_refused_with_its_label(store):
    case = opened(store)
    with pytest.raises(InvalidInput, match="Order expires on belongs to another stage"):
        store.gating.record_items(PLANNER, case.id, {"expires_on": "2029-01-01"}, expected_version=case.version)


# Every gating write, on a case at the notice stage with a representation and its decision's items recorded.
GATING_WRITES = {
    "open a case": lambda s, a, c: s.gating.open_case(a, "george-mews", gate="Gate", position="Entrance",
                                                     closes="Path", problem="Dealing"),
    "record items": lambda s, a, c: s.gating.record_items(a, c.id, {"options": "Two gates"},
                                                         expected_version=c.version),
    "mark the next stage": lambda s, a, c: s.gating.advance(a, c.id, expected_version=c.version, today=TODAY),
    "record a consultation": lambda s, a, c: s.gating.add_consultation(
        a, c.id, "neighbouring", consulted_on="2026-08-01", expected_version=c.version),
    "record a representation": lambda s, a, c: s.gating.add_representation(
        a, c.id, "local", received_on="2026-09-02", gist="For it", expected_version=c.version),
    "consider a representation": lambda s, a, c: s.gating.consider_representation(
        a, c.id, c.representations[0].id, "Noted.", expected_version=c.version),
    "keep the notice's photo": lambda s, a, c: s.gating.add_notice_photo(a, c.id, phone_jpeg(),
                                                                       expected_version=c.version),
}


@pytest.fixture
def at_notice(store):
    case = walked_to(store, Stage.NOTICE)
    case = store.gating.record_items(PLANNER, case.id, FILLED[Stage.NOTICE], expected_version=case.version)
    case = advance(store, case)
    case = store.gating.add_representation(PLANNER, case.id, Category.LOCAL, received_on="2026-09-01",
                                           gist="Against", expected_version=case.version)
    case = store.gating.consider_representation(PLANNER, case.id, case.representations[0].id, "Noted.",
                                                expected_version=case.version)
    return store.gating.record_items(PLANNER, case.id, FILLED[Stage.DECIDED], expected_version=case.version)


@pytest.mark.parametrize("write", GATING_WRITES)
@pytest.mark.parametrize("who", ACTORS)
def test_every_gating_write_checks_the_role_first(store, at_notice, who, write):
    before = (store.gating.cases(), store.history(include_partners=True))
    if can(ACTORS[who], Action.EDIT_GATING) and not (ACTORS[who] and ACTORS[who].disabled):
        GATING_WRITES[write](store, ACTORS[who], at_notice)
        assert store.history(include_partners=True) != before[1]  # and the history says who did it
    else:
        with pytest.raises(PermissionDenied) as denied:
            GATING_WRITES[write](store, ACTORS[who], at_notice)
        assert str(denied.value).endswith(".")
        assert (store.gating.cases(), store.history(include_partners=True)) == before
