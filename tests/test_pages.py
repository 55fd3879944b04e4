"""Every page run through Streamlit's AppTest: what a person would see."""
from __future__ import annotations

import pytest
import streamlit as st
import streamlit_folium
from streamlit.testing.v1 import AppTest

from geo.model import User
from geo.status import Role
from tests.conftest import ROOT, SITE_NAMES

PLANNER = User("pat.planner", Role.PLANNING)
PCDA = User("dana.pcda", Role.PCDA)
ADMIN = User("ada.admin", Role.ADMIN)


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A fresh app on a fresh SQLite database; call it with a page and an optional user."""
    monkeypatch.setenv("STATE_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MAP_TILES", "none")
    st.cache_resource.clear()

    def run(page: str | None = None, user: User | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if user is not None:
            at.session_state["signed_in_user"] = user
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield run
    st.cache_resource.clear()


def text_of(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                  "error", "success") for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    for table in at.table:
        parts += [str(v) for v in table.value.to_numpy().ravel()] + [str(c) for c in table.value.columns]
    return "\n".join(parts).replace("\\", "")


def test_map_page_lists_every_site_with_its_statuses(app):
    at = app()
    shown = text_of(at)
    for name in SITE_NAMES:
        assert name in shown
    assert "Under review" in shown and "Confirmed to go ahead" in shown and "Concern raised" in shown
    assert "5 of 7 positions are approximate" in shown
    assert len(at.get("component_instance")) == 1  # the folium map


def test_choosing_a_site_opens_its_panel_with_commitments_and_progress(app):
    at = app()
    at.selectbox(key="site_choice").select("lindale-play-area").run()
    shown = text_of(at)
    assert "Lindale play area" in [s.value for s in at.subheader]
    assert "Confirmed to go ahead" in shown
    assert "ST-8" in shown
    assert "fencing of the play area outside Lindale (which is confirmed to go ahead)" in shown
    assert "Approximate position" in shown


def test_a_click_on_the_map_chooses_the_site(app, monkeypatch):
    monkeypatch.setattr(streamlit_folium, "st_folium",
                        lambda *a, **k: {"last_clicked": {"lat": 51.5267067, "lng": -0.138034}})
    at = app()
    assert at.selectbox(key="site_choice").value == "george-mews"
    assert "George Mews" in [s.value for s in at.subheader]
    assert "Planning visited with residents in February 2019" in text_of(at)


def test_action_plan_page_shows_every_commitment_and_the_glossary(app, plan):
    at = app("pages/action_plan.py")
    shown = text_of(at)
    for c in plan.commitments:
        assert c.id.upper() in shown
        assert c.asked[:40] in shown
    assert "target date passed" in shown
    assert "Responsive Security Patrol" in shown and "4pm-4am" in shown
    links = [p.proto.label.replace("\\", "") for p in at.get("page_link")]
    assert "Lindale play area: lighting not recorded, fencing confirmed to go ahead" in links
    assert "George Mews: gating under review" in links


def test_report_page_says_who_to_contact_and_when(app):
    shown = text_of(app("pages/report_a_problem.py"))
    assert "communitysafety@camden.gov.uk" in shown
    assert "4pm-4am" in shown
    assert "Safer Neighbourhood Team" in shown
    assert "999" in shown
    assert "Available now" in shown or "Not available now" in shown


@pytest.mark.parametrize("page", ["pages/changes.py", "pages/crime.py", "pages/open_data.py"])
def test_other_public_pages_run(app, page):
    assert app(page).title


@pytest.mark.parametrize(
    "page, user, refusal",
    [
        ("pages/gating.py", None, "Only the planning team"),
        ("pages/gating.py", PCDA, "Only the planning team"),
        ("pages/positions.py", PCDA, "Only the planning team"),
        ("pages/annotations.py", PLANNER, "Only the Police Crime Prevention Design Advisor"),
        ("pages/admin.py", PLANNER, "Only administrators"),
    ],
)
def test_editor_pages_refuse_the_wrong_role(app, page, user, refusal):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    if user is not None:
        at.session_state["signed_in_user"] = user
    at.run()
    assert refusal in " ".join(e.value for e in at.error)


def test_planning_updates_george_mews_and_residents_see_it(app):
    at = app("pages/gating.py", PLANNER)
    at.selectbox(key="gating_site").select("george-mews").run()
    k = "gating_george-mews_"
    at.selectbox(key=k + "status").select_index(3)  # Confirmed to go ahead
    at.text_input(key=k + "detail").input("Gates agreed with residents at the May meeting.")
    at.text_area(key=k + "options").input("Two gates at the north end <b>or</b> fob access")
    at.text_input(key=k + "reason").input("Consultation closed")
    at.button(key="FormSubmitter:" + k + "form-Save gating review").click().run()
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]

    resident = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    resident.run()
    resident.selectbox(key="site_choice").select("george-mews").run()
    shown = text_of(resident)
    assert "Gates agreed with residents at the May meeting." in shown
    assert "Consultation closed" in shown  # the public timeline
