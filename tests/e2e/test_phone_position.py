""""Use my location" on the phone's recording screen, in Chromium at 390x844 with touch and
the app's own security headers: with location allowed, a tap fills the proposal from the
phone's position and the store keeps those coordinates and that accuracy; with location
refused, the walker reads why and what to do, and the position typed by hand still goes."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.walks.public_walks import walk_heading
from geo.walks.walkabout import PositionProposal, RouteStop
from tests.e2e import driver, scenes
from tests.e2e.accounts import signed_in

pytestmark = pytest.mark.e2e

PHONE = dict(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
HERE = {"latitude": 51.52731, "longitude": -0.13702, "accuracy": 7.5}  # at Threefields, within 7.5 m
LOCATE_FRAME = 'iframe[title$="phone_position"]'


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


@pytest.fixture(scope="module")
def walk(ward_app):
    """A walk to record; completed afterwards, so no other test finds it waiting."""
    planned = scenes.plan(ward_app, "Where am I walk (e2e)", route=(RouteStop("threefields", 0, 0, ""),))
    yield planned
    scenes.complete(ward_app, planned, publish=False)


def proposals(app, walk_id: int) -> list[PositionProposal]:
    with scenes.app_store(app) as store:
        return store.walks.proposals(walk_id)


@pytest.fixture
def phone_with(browser):
    """A phone (offline, touch, 390x844) whose browser gives the app these permissions; returns its page
    and the list of what the Content-Security-Policy refused there, in the page or any frame."""
    contexts = []

    def make(**options):
        context, _ = driver.offline_context(browser, **PHONE, **options)
        contexts.append(context)
        page, refused = context.new_page(), []
        page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
        return page, refused

    yield make
    for context in contexts:
        context.close()


def open_the_proposal(phone, app, walk) -> None:
    signed_in_on_phone(phone, app)
    driver.go_to(phone, "Record a walk", "Record a walk")
    driver.close_sidebar(phone)
    driver.choose(phone, "Walk", walk_heading(walk))
    driver.wait_until_idle(phone)  # the walk's page has settled: a click now is not lost to a rerun
    driver.open_expander(phone, "Propose a site's position from where you stand",
                         phone.get_by_role("combobox", name="Site", exact=True))
    driver.choose(phone, "Site", "Threefields")


def signed_in_on_phone(phone, app) -> None:
    driver.open_app(phone, app, "/report")
    driver.open_sidebar(phone)
    signed_in(phone, app, "cwg")
    driver.open_sidebar(phone)


def tap_use_my_location(phone):
    driver.wait_until_idle(phone)  # a rerun (the Site box's) may still be replacing the frame
    frame = phone.frame_locator(LOCATE_FRAME)
    button = frame.get_by_role("button", name="Use my location")
    # The frame has no height until its script has loaded and sized it, and Playwright
    # will not scroll to an invisible element: wait for the button inside it first.
    expect(button).to_be_visible(timeout=45_000)
    driver.scroll_into_view(phone.locator(LOCATE_FRAME))
    button.tap()
    return button


def test_use_my_location_fills_the_proposal_and_the_store_keeps_the_phone_s_position(ward_app, walk, phone_with):
    phone, csp_refused = phone_with(permissions=["geolocation"], geolocation=HERE)
    answers = []
    phone.on("response", lambda r: r.request.resource_type == "document" and "phone_position" in r.url
             and answers.append(r))
    open_the_proposal(phone, ward_app, walk)
    tap_use_my_location(phone)
    main = driver.main_area(phone)
    expect(main.get_by_text("Your phone puts you at 51.527310, -0.137020, within 8 m.")).to_be_visible()
    expect(main.get_by_label("Latitude")).to_have_value("51.527310")
    expect(main.get_by_label("Longitude")).to_have_value("-0.137020")
    expect(main.get_by_label("Accuracy (metres)")).to_have_value("7.50")
    driver.wait_until_idle(phone)
    driver.screenshot(phone, "walk-use-my-location-phone")
    phone.get_by_role("button", name="Propose this position").tap()
    expect(main.get_by_text("Proposed. A planner will confirm or reject the position of Threefields.")).to_be_visible()
    [saved] = proposals(ward_app, walk.id)
    assert (saved.site_id, saved.lat, saved.lon, saved.accuracy_m) == ("threefields", 51.52731, -0.13702, 7.5)
    # It worked under the app's own headers: the frame came with them, and nothing was refused.
    assert answers and all(r.headers["permissions-policy"] == "geolocation=(self)" for r in answers)
    assert "frame-ancestors 'self'" in answers[0].headers["content-security-policy"]
    assert csp_refused == []


def test_with_location_refused_the_walker_reads_why_and_the_typed_position_is_proposed(ward_app, walk, phone_with):
    phone, csp_refused = phone_with()  # no permission given: the browser refuses the app its location
    open_the_proposal(phone, ward_app, walk)
    main = driver.main_area(phone)
    for label, value in (("Latitude", "51.527400"), ("Longitude", "-0.137100"), ("Accuracy (metres)", "12.00")):
        main.get_by_label(label).fill(value)
        main.get_by_label(label).press("Enter")
        driver.wait_until_idle(phone)
    tap_use_my_location(phone)
    expect(main.get_by_text("Your phone did not share its location")).to_be_visible()
    expect(main.get_by_text("type the latitude, longitude and accuracy below instead")).to_be_visible()
    expect(main.get_by_label("Latitude")).to_have_value("51.527400")  # what was typed is kept
    expect(main.get_by_label("Accuracy (metres)")).to_have_value("12.00")
    driver.wait_until_idle(phone)
    driver.screenshot(phone, "walk-location-refused-phone")
    before = len(proposals(ward_app, walk.id))
    phone.get_by_role("button", name="Propose this position").tap()
    expect(main.get_by_text("Proposed. A planner will confirm")).to_be_visible()
    saved = proposals(ward_app, walk.id)[before:]
    assert [(p.lat, p.lon, p.accuracy_m) for p in saved] == [(51.5274, -0.1371, 12.0)]
    assert csp_refused == []
