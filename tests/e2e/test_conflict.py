"""Two planners in two browsers editing the same site's gating status and details (defect 1):
the second save is refused with the first planner's decision listed, "Load the
newer values" puts that decision in the second planner's form, and their next
save keeps it, in the store and on the resident's panel."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.db import Store
from geo.settings import load
from geo.status import Topic
from tests.e2e import driver
from tests.e2e.accounts import signed_in

pytestmark = pytest.mark.e2e

SITE = "Mornington Street"  # no other browser test edits it
SITE_ID = "mornington-street"
SAVE = "Save gating review"
DECISION = "Gate the north end; residents get fobs (decided by planner A, e2e)."
B_SUMMARY = "Still under review (planner B's stale summary, e2e)."
B_NOTE = "Fob supplier contacted (planner B, e2e)."


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


def open_site(page, app) -> None:
    driver.go_to(page, "Gating reviews", "Gating reviews")
    driver.choose(page, "Site", SITE)
    expect(page.get_by_label("Gating details", exact=True)).to_be_visible()
    driver.wait_until_idle(page)


def save(page) -> None:
    page.get_by_role("button", name=SAVE).click()


def saved(app) -> tuple[str, str]:
    """The site's gating details and last progress note, as saved."""
    with Store.open(load({"STATE_DIR": str(app.state_dir)}).database_url) as store:
        return store.site(SITE_ID).state(Topic.GATING).detail, store.gating_review(SITE_ID).note


def test_a_planner_who_saved_second_loads_the_newer_values_and_keeps_the_first_decision(ward_app, page, new_page):
    a_page, b_page = page, new_page()
    planner_a = signed_in(a_page, ward_app, "planning")
    signed_in(b_page, ward_app, "planning")
    open_site(a_page, ward_app)
    open_site(b_page, ward_app)  # both have the same version open

    a_page.get_by_label("Gating details", exact=True).fill(DECISION)
    a_page.get_by_label("Reason for the change", exact=True).fill("Consultation closed")
    save(a_page)
    expect(a_page.get_by_text(f"Saved. {SITE} gating is now")).to_be_visible()

    b_page.get_by_label("Gating details", exact=True).fill(B_SUMMARY)
    save(b_page)
    b_main = driver.main_area(b_page)
    expect(b_main.get_by_text(f"{SITE} was changed by {planner_a.name} at")).to_be_visible()
    notice = b_main.get_by_role("table").filter(has_text="When you opened it")
    expect(notice.get_by_role("row").filter(has_text="Gating details")).to_contain_text(DECISION)
    expect(b_main.get_by_test_id("stCode")).to_contain_text(B_SUMMARY)  # what B typed, to copy from
    expect(b_page.get_by_text(f"Saved. {SITE}")).to_have_count(0)
    driver.screenshot(b_page, "conflict-notice")
    assert saved(ward_app)[0] == DECISION

    b_page.get_by_role("button", name="Load the newer values").click()
    # The form comes back under a new key; until the run ends Streamlit shows the old one beside it.
    expect(b_page.get_by_role("button", name="Load the newer values")).to_have_count(0, timeout=30_000)
    driver.wait_until_idle(b_page)
    details = b_page.get_by_label("Gating details", exact=True)
    expect(details).to_have_count(1, timeout=30_000)
    expect(details).to_have_value(DECISION, timeout=20_000)
    expect(b_main.get_by_test_id("stCode")).to_contain_text(B_SUMMARY)  # still there after loading
    driver.wait_until_idle(b_page)

    b_page.get_by_label("Gating progress note", exact=True).fill(B_NOTE)
    save(b_page)
    expect(b_page.get_by_text(f"Saved. {SITE} gating is now")).to_be_visible()
    driver.wait_until_idle(b_page)  # a save re-keys the form too: wait for the swap, as after loading
    expect(details).to_have_count(1, timeout=30_000)
    expect(details).to_have_value(DECISION)
    assert saved(ward_app) == (DECISION, B_NOTE)

    resident = new_page()
    driver.open_app(resident, ward_app, "/", "Regent's Park ward safety map")
    driver.choose(resident, "Choose a site to see its details", SITE)
    main = driver.main_area(resident)
    expect(main.get_by_role("heading", name=SITE, exact=True)).to_be_visible()
    timeline = main.get_by_role("list", name=f"What changed at {SITE}, newest first")
    expect(timeline).to_contain_text(B_NOTE)
    # The decision was set once and never changed again: one entry names it, as its new value.
    expect(timeline.locator(":scope > li").filter(has_text=DECISION)).to_have_count(1)
