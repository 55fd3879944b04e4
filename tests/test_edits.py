"""Two planners editing one site, through the pages (AppTest): the second one's
save over the first one's decision is refused with every changed field listed,
"Load the newer values" puts those values in the form, and a save from there
keeps the first planner's decision.  A save that changes nothing says so."""
from __future__ import annotations

import pytest

from geo.model import User
from geo.status import Role, Topic
from tests.conftest import text_of
from tests.store_fixtures import add_staff

ANA = User("ana.planner", Role.PLANNING)
BEN = User("ben.planner", Role.PLANNING)
SAVE_GATING = "Save gating review"
DECISION = "Gate both ends; every household gets two fobs."


@pytest.fixture(autouse=True)
def planners(app):
    """Accounts for the two planners in the app's database: every save re-reads its editor's account."""
    from geo.db import Store
    from geo.settings import load

    with Store.open(load().database_url) as opened:
        add_staff(opened, [ANA, BEN])


@pytest.fixture
def store(app, ward, plan):
    """The app's own database, opened the way the commands open it (call after `app`)."""
    from geo.commands import open_store
    from geo.settings import load

    opened = open_store(load(), ward, plan)
    yield opened
    opened.close()


def said(at, kind: str) -> list[str]:
    """The messages of one kind (success, info, error) as a person reads them (Markdown escapes removed)."""
    return [e.value.replace("\\", "") for e in getattr(at, kind)]


def open_gating(app, user, site_id="george-mews"):
    at = app("pages/gating.py", user)
    at.selectbox(key="gating_site").select(site_id).run()
    return at


def save_form(at, prefix: str, button: str):
    at.button(key=f"FormSubmitter:{prefix}form-{button}").click().run()
    assert not at.exception, [e.value for e in at.exception]


def ana_decides(at, k="gating_george-mews_v1_"):
    """Ana fills in every field of the site's gating form and saves it (the statutory steps are its cases')."""
    at.selectbox(key=k + "status").select_index(3)  # Confirmed to go ahead
    at.text_input(key=k + "detail").input(DECISION)
    at.text_area(key=k + "note").input("Agreed with residents.")
    save_form(at, k, SAVE_GATING)
    assert any("Saved. George Mews gating is now" in s for s in said(at, "success")), text_of(at)


def ben_meets_the_conflict(app):
    ben = open_gating(app, BEN)  # Ben opens George Mews before Ana saves
    ana_decides(open_gating(app, ANA))
    k = "gating_george-mews_v1_"
    ben.text_input(key=k + "detail").input("Ben's summary: still under review.")
    save_form(ben, k, SAVE_GATING)
    return ben


def test_a_conflict_lists_every_field_the_other_planner_changed_and_keeps_what_was_typed(app, store):
    ben = ben_meets_the_conflict(app)
    assert any(e.startswith("George Mews was changed by ana.planner at ") for e in said(ben, "error")), text_of(ben)
    assert not ben.success
    rows = {row[0].replace("\\", ""): (row[1].replace("\\", ""), row[2].replace("\\", ""))
            for row in ben.table[-1].value.to_numpy().tolist()}
    assert rows == {
        "Gating status": ("Under review", "Confirmed to go ahead"),
        "Gating details": (
            "Planning visited with residents in February 2019 to review gating options and is gathering evidence.",
            DECISION),
        "Gating status date": ("February 2019", rows["Gating status date"][1]),  # today, in words
        "Gating progress note": ("(empty)", "Agreed with residents."),
    }
    typed = ben.code[0].value
    assert "Gating details: Ben's summary: still under review." in typed
    assert "Gating progress note: (empty)" in typed
    assert ben.text_input(key="gating_george-mews_v1_detail").value == "Ben's summary: still under review."
    assert store.site("george-mews").state(Topic.GATING).detail == DECISION  # nothing of Ben's was saved


def test_loading_the_newer_values_puts_them_in_the_form(app):
    ben = ben_meets_the_conflict(app)
    ben.button(key="reload_george-mews_v1").click().run()
    k = "gating_george-mews_v2_"
    assert ben.text_input(key=k + "detail").value == DECISION
    assert ben.selectbox(key=k + "status").value.label == "Confirmed to go ahead"
    assert ben.text_area(key=k + "note").value == ""
    assert not ben.error
    assert "Ben's summary: still under review." in ben.code[0].value  # still there to copy from


def test_a_save_after_loading_keeps_the_first_planners_decision(app, store):
    ben = ben_meets_the_conflict(app)
    ben.button(key="reload_george-mews_v1").click().run()
    k = "gating_george-mews_v2_"
    ben.text_area(key=k + "note").input("Fob supplier contacted.")
    save_form(ben, k, SAVE_GATING)
    assert any("Saved. George Mews gating is now “Confirmed to go ahead”" in s for s in said(ben, "success")), text_of(ben)
    review = store.gating_review("george-mews")
    assert review.note == "Fob supplier contacted."
    assert store.site("george-mews").state(Topic.GATING).detail == DECISION
    assert not ben.code  # the conflict is resolved: nothing left to copy
    assert ben.text_area(key="gating_george-mews_v3_note").value == ""  # the form is on the saved version


def test_a_second_save_from_the_refreshed_form_is_not_lost(app, store):
    at = open_gating(app, ANA)
    ana_decides(at)
    at.text_input(key="gating_george-mews_v2_detail").input("Gates agreed; survey of 40 homes")
    save_form(at, "gating_george-mews_v2_", SAVE_GATING)
    assert any(s.startswith("Saved.") for s in said(at, "success")), text_of(at)
    assert store.site("george-mews").state(Topic.GATING).detail == "Gates agreed; survey of 40 homes"


def test_saving_an_unchanged_gating_review_says_there_is_nothing_to_save(app, store):
    at = open_gating(app, ANA)
    save_form(at, "gating_george-mews_v1_", SAVE_GATING)
    assert said(at, "info") == ["Nothing to save: no field differs from what is saved."]
    assert not at.success
    assert store.site("george-mews").version == 1


def open_positions(app, user, site_id="threefields"):
    at = app("pages/positions.py", user)
    at.selectbox(key="positions_site").select(site_id).run()
    return at


def test_saving_an_unchanged_position_says_there_is_nothing_to_save(app, store):
    at = open_positions(app, ANA)
    save_form(at, "position_threefields_v1_", "Save position")
    assert said(at, "info") == ["Nothing to save: no field differs from what is saved."]
    assert not at.success
    assert store.site("threefields").version == 1


def test_a_move_over_another_planners_move_lists_it_and_loads_it(app, store):
    ben = open_positions(app, BEN)
    ana = open_positions(app, ANA)
    k = "position_threefields_v1_"
    ana.number_input(key=k + "lat").set_value(51.5301)
    ana.checkbox(key=k + "confirmed").check()
    save_form(ana, k, "Save position")
    assert any("history keeps the old position" in s for s in said(ana, "success")), text_of(ana)

    ben.number_input(key=k + "lon").set_value(-0.1427)
    save_form(ben, k, "Save position")
    rows = [row[0].replace("\\", "") for row in ben.table[-1].value.to_numpy().tolist()]
    assert rows == ["Position on the map (latitude, longitude)", "Position", "Position confidence", "Position source"]
    assert "Longitude (WGS84): -0.142700" in ben.code[0].value
    assert store.site("threefields").lat == 51.5301

    ben.button(key="reload_threefields_v1").click().run()
    assert ben.number_input(key="position_threefields_v2_lat").value == pytest.approx(51.5301)
    assert ben.checkbox(key="position_threefields_v2_confirmed").value is True


def test_a_gating_note_for_a_commitment_shows_on_the_action_plan(app, store):
    at = open_gating(app, ANA)
    k = "gating_george-mews_v1_"
    at.text_area(key=k + "note").input("Gate designs shown to residents on 3 May.")
    at.selectbox(key=k + "commitment").select("st-4")
    save_form(at, k, SAVE_GATING)
    assert any(m.startswith("Saved.") for m in said(at, "success"))
    assert store.commitment("st-4").latest_progress.text == "Gate designs shown to residents on 3 May."
    assert "Gate designs shown to residents on 3 May." in text_of(app("pages/action_plan.py"))
