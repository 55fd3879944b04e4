"""Gating orders come up for review on the planning team's pages and the review meeting's agenda; the
gating page refuses a stage's "next" with a sentence naming what is missing, and keeps what was typed."""
from __future__ import annotations

import pytest

from geo import clock
from geo.text import plain_markdown
from geo.gating.stages import Stage
from tests.conftest import ROOT, text_of
from geo.gating.order import NOT_PUBLISHED
from tests.gating_fixtures import FILLED, ORDER_TEXT, TODAY, advance, walked_to
from tests.photo_files import phone_jpeg
from tests.store_fixtures import COMMUNITY_SAFETY, PLANNER, add_staff

DUE = "George Mews, North gate: expires 9 January 2027; review from 9 October 2026 (in force)"


@pytest.fixture
def in_force(app, monkeypatch):
    """The app with George Mews' north gate in force since 2024, its review due (today is TODAY)."""
    from geo.commands import open_store
    from geo.plan.action_plan import load_plan
    from geo.settings import load
    from geo.sites.ward import load_ward

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    app()
    ward = load_ward(ROOT / "data")
    with open_store(load(), ward, load_plan(ward.path("plan"))) as store:
        add_staff(store, [COMMUNITY_SAFETY])
        case = walked_to(store, Stage.MADE)
        case = store.gating.record_items(PLANNER, case.id, {**FILLED[Stage.MADE], "made_on": "2024-01-10",
                                                            "expires_on": "2027-01-09"}, expected_version=case.version)
        for stage in (Stage.MADE, Stage.PUBLISHED, Stage.IN_FORCE):
            if stage is Stage.PUBLISHED:
                case = store.gating.add_notice_photo(PLANNER, case.id, phone_jpeg(), expected_version=case.version)
            if stage is not Stage.MADE:
                case = store.gating.record_items(PLANNER, case.id, FILLED[stage], expected_version=case.version)
            case = advance(store, case)
    return app


def _store(monkeypatch):
    from geo.commands import open_store
    from geo.plan.action_plan import load_plan
    from geo.settings import load
    from geo.sites.ward import load_ward

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    ward = load_ward(ROOT / "data")
    return open_store(load(), ward, load_plan(ward.path("plan")))


@pytest.fixture
def at_notice(app, monkeypatch):
    """The app with George Mews' north gate's notice out until 20 December 2026 (today is TODAY)."""
    app()
    with _store(monkeypatch) as store:
        case = walked_to(store, Stage.NOTICE)
        case = store.gating.record_items(PLANNER, case.id, {**FILLED[Stage.NOTICE],
                                                            "representations_close": "2026-12-20"},
                                         expected_version=case.version)
        case = advance(store, case)
    return app, case


def test_a_resident_reads_the_proposed_order_as_typed_while_representations_are_open(at_notice):
    app, case = at_notice
    at = app()
    at.selectbox(key="site_choice").select("george-mews").run()
    shown = text_of(at)
    assert "Have your say by 20 December 2026." in shown
    assert "The proposed order for North gate" in [e.label for e in at.expander]
    order = next(e for e in at.expander if e.label == "The proposed order for North gate")
    text = [m.value for m in order.markdown]
    assert text[0] == "\n\n".join(plain_markdown(term) for term in ORDER_TEXT.splitlines())  # escaped, a line each
    assert "\\<b\\>no through route\\<\\/b\\>" in text[0]  # the markup shows as typed, not as bold
    assert text[1].endswith(f"(/opendata/proposed-orders/{case.ref}.html)")
    assert NOT_PUBLISHED not in shown


def test_the_gating_page_asks_for_the_proposed_orders_text_with_its_declared_limit(at_notice):
    from geo.gating.stages import ITEMS

    app, case = at_notice
    at = app("pages/gating.py", PLANNER)
    at.selectbox(key="gating_site").select("george-mews").run()
    at.selectbox(key="gating_case_chosen_george-mews").select(case.id).run()
    box = next(a for a in at.text_area if a.label == ITEMS["order_text"].field.label)
    assert (box.max_chars, box.value) == (ITEMS["order_text"].field.limit, ORDER_TEXT)


@pytest.mark.parametrize("page", ["pages/gating.py", "pages/our_commitments.py"])
def test_an_order_due_for_review_is_on_the_planning_teams_pages(in_force, page):
    shown = text_of(in_force(page, PLANNER))
    assert "**Gating orders due for review** (1)" in shown and DUE in shown


def test_an_order_due_for_review_is_on_the_review_meetings_agenda(in_force):
    at = in_force("pages/review.py", COMMUNITY_SAFETY)
    at.toggle(key=f"review_open_{TODAY}").set_value(True).run()
    shown = text_of(at)
    assert "**Gating orders due for review by 2 December 2026** (1)" in shown and DUE in shown


def test_marking_the_next_stage_says_what_is_missing_and_keeps_the_typed_items(app):
    at = app("pages/gating.py", PLANNER)
    at.selectbox(key="gating_site").select("george-mews").run()
    case = "gc1v1_"  # George Mews' first case, from the first start
    at.text_area(key=case + "detrimental_effect").input("Dealing every night")
    at.button(key="FormSubmitter:" + case + "items-Save these items").click().run()
    assert any("items are recorded" in s.value for s in at.success), [e.value for e in at.error]
    at.button(key="gc1v2_next").click().run()
    said = " ".join(e.value.replace("\\", "") for e in at.error)
    assert "cannot be marked “The s.59 conditions” yet." in said
    assert "Record why the effect is persistent or continuing, and unreasonable (s.59)." in said
    assert "Record how activities on the path" not in said  # recorded already
    assert at.text_area(key="gc1v2_detrimental_effect").value == "Dealing every night"


def test_a_resident_reads_an_order_in_force_with_its_review_date(in_force):
    at = in_force()
    at.selectbox(key="site_choice").select("george-mews").run()
    shown = text_of(at)
    assert ("North gate** (At the mews entrance): The gate is in force until 9 January 2027; it will be reviewed "
            "from 9 October 2026.") in shown
    assert "Review date: 9 October 2026." in shown
    assert "24 fobs" not in shown and "Have your say" not in shown  # key holders are partners only


def test_a_resident_can_make_the_public_pack_and_never_the_partners_pack(in_force):
    at = in_force()
    at.selectbox(key="site_choice").select("george-mews").run()
    labels = [t.label for t in at.toggle]
    assert "Make the public evidence pack for North gate" in labels
    assert not [label for label in labels if "partners" in label]
    next(t for t in at.toggle if t.label == "Make the public evidence pack for North gate").set_value(True).run()
    buttons = [b.label for b in at.get("download_button")]
    assert {"Public pack (HTML)", "Public pack (PDF)"} <= set(buttons), buttons
