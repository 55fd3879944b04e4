"""Staff in a real browser: accounts made with `python -m geo users add`, the
sidebar sign-in form, a gating review and design notes saved by staff and
then seen, or not seen, by a resident in a separate browser context; a
planner disabled while signed in, and a password reset by an administrator."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import driver
from tests.e2e.accounts import SIGN_IN_PAGE, add_account, signed_in, users

pytestmark = pytest.mark.e2e

MAP_TITLE = "Regent's Park ward safety map"
SITE_LIST = "Choose a site to see its details"
STAFF_LINKS = ["Gating reviews", "Site positions", "Design notes", "Administration"]


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


@pytest.fixture
def resident(new_page):
    """A second, separate browser context: a resident who never signed in."""
    return new_page()


def test_a_gating_review_saved_by_planning_shows_on_the_resident_map(ward_app, page, resident):
    planner = signed_in(page, ward_app, "planning")
    summary = "Gates ordered for both ends of the mews (end-to-end test)."
    driver.save_gating_review(page, "George Mews", status="Work under way", **{
        "Gating details": summary,
        "Reason for the change": "Consultation finished"})
    expect(page.get_by_text("Saved. George Mews gating is now “Work under way”")).to_be_visible()
    driver.wait_until_idle(page)
    driver.screenshot(page, "gating")

    frame = driver.open_map(resident, ward_app, "/", MAP_TITLE)
    row = resident.get_by_role("row").filter(has=resident.get_by_role("cell", name="George Mews", exact=True))
    expect(row).to_contain_text("Work under way")
    driver.choose_layer(frame, "Gating status")
    expect(driver.site_marker(frame, "george-mews")).to_have_attribute("aria-label", "George Mews: gating work under way")

    driver.choose(resident, SITE_LIST, "George Mews")
    main = driver.main_area(resident)
    expect(main.get_by_role("heading", name="George Mews", exact=True)).to_be_visible()
    expect(main.get_by_text(summary).first).to_be_visible()  # the panel's gating detail
    timeline = main.get_by_role("list", name="What changed at George Mews, newest first")
    expect(timeline).to_contain_text("Planning team")  # the team: residents never see a sign-in name
    expect(timeline).to_contain_text(summary)
    expect(timeline).to_contain_text("Consultation finished")
    expect(timeline).not_to_contain_text(planner.name)


def test_a_resident_sees_public_design_notes_and_never_partners_only_ones(ward_app, page, resident):
    signed_in(page, ward_app, "pcda")
    driver.go_to(page, "Design notes", "Design-out-crime notes")
    driver.choose(page, "Site", "Tolmer's Square")
    public = "Overgrown hedge hides the path from the windows above (public e2e note)."
    partners = "Rear door code is shared widely; partners only (e2e secret note)."
    for observation, visibility in [(public, "Public"), (partners, "Partners only")]:
        page.get_by_label("Observation").fill(observation)
        page.get_by_label("Recommendation").fill("Cut back the hedge." if visibility == "Public" else "Change the code.")
        page.get_by_role("radiogroup", name="Who can see it").get_by_text(visibility, exact=True).click()
        page.get_by_role("button", name="Add note").click()
        expect(page.get_by_text(f"Added a {visibility.lower()} note about Tolmer's Square.")).to_be_visible()
        driver.wait_until_idle(page)
    expect(driver.main_area(page).get_by_role("listitem").filter(has_text=partners)).to_be_visible()  # staff see it
    driver.screenshot(page, "design-notes")

    frame = driver.open_map(resident, ward_app, "/", MAP_TITLE)
    driver.wait_for_map(frame, 1, driver.NOTE_MARKER)
    labels = frame.locator(driver.NOTE_MARKER).evaluate_all("els => els.map(el => el.getAttribute('aria-label'))")
    assert any(public in label for label in labels), labels
    assert not any(partners in label for label in labels), labels

    driver.choose(resident, SITE_LIST, "Tolmer's Square")
    main = driver.main_area(resident)
    expect(main.get_by_text("Design-out-crime notes (public)")).to_be_visible()
    notes = main.get_by_test_id("stMarkdownContainer")  # the panel's notes (its history also names the note)
    expect(notes.get_by_role("listitem").filter(has_text=public)).to_be_visible()
    driver.wait_until_idle(resident)
    assert partners not in resident.content()
    assert partners not in frame.content()
    assert "e2e secret" not in resident.content() + frame.content()

    driver.open_app(resident, ward_app, "/changes", "What changed")
    expect(driver.main_area(resident).get_by_text(public, exact=False)).to_be_visible()
    assert "e2e secret" not in resident.content()


def test_a_wrong_password_is_refused_and_no_staff_page_appears(ward_app, page):
    account = add_account(ward_app, "admin")
    driver.open_app(page, ward_app, *SIGN_IN_PAGE)
    driver.sign_in(page, account.name, "not the password at all")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Wrong name or password.")).to_be_visible()
    driver.wait_until_idle(page)
    expect(sidebar.get_by_text("Signed in as")).to_have_count(0)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="Safety map")).to_be_visible()
    for link in STAFF_LINKS:
        expect(nav.get_by_role("link", name=link)).to_have_count(0)
    page.goto(ward_app.url + "/gating")  # typing a staff page's address gets nothing either
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Gating reviews")).to_have_count(0)


def test_a_planner_disabled_while_signed_in_loses_the_gating_page_at_the_next_save(ward_app, page):
    planner = signed_in(page, ward_app, "planning")
    driver.go_to(page, "Gating reviews", "Gating reviews")
    driver.choose(page, "Site", "Threefields")
    page.get_by_label("Gating details", exact=True).fill("Saved after being disabled (e2e).")
    users(ward_app, "disable", planner.name)
    page.get_by_role("button", name="Save gating review").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("You have been signed out: an administrator disabled this account.")).to_be_visible()
    driver.wait_until_idle(page)
    expect(page.get_by_role("heading", name="Gating reviews")).to_have_count(0)
    expect(page.get_by_text("Saved.")).to_have_count(0)
    nav = page.get_by_test_id("stSidebarNav")
    for link in STAFF_LINKS:
        expect(nav.get_by_role("link", name=link)).to_have_count(0)


def test_after_a_reset_the_sign_in_box_asks_for_a_new_password_first(ward_app, page):
    account = add_account(ward_app, "pcda")
    one_time = users(ward_app, "reset", account.name).split(f"One-time password for {account.name}: ")[1].split()[0]
    driver.open_app(page, ward_app, *SIGN_IN_PAGE)
    driver.sign_in(page, account.name, one_time)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Choose a new password for {account.name}")).to_be_visible()
    expect(sidebar.get_by_text("Staff sign-in")).to_have_count(0)
    sidebar.get_by_label("Password (new)", exact=True).fill("a password of my own")
    sidebar.get_by_label("Password (new, again)", exact=True).fill("a password of my own")
    sidebar.get_by_role("button", name="Set password and sign in").click()
    expect(sidebar.get_by_text(f"Signed in as {account.name}")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Design notes")).to_be_visible()
