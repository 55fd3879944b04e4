"""A resident on a phone (390x844, touch): every marker can be tapped, a
swipe that starts on the map scrolls the page, a site chosen from the list is
highlighted on the map and brought into view, and the gating details read as
text on the site panel after a planner's save."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import driver
from tests.e2e.accounts import signed_in

pytestmark = pytest.mark.e2e

SITES = 7
MAP_TITLE = "Regent's Park ward safety map"
SITE_LIST = "Choose a site to see its details"
TILE_HOSTS = ("tile.openstreetmap.org",)

MARKERS_UNDER_CENTRES = """() => [...document.querySelectorAll('.ward-site')].map(el => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return [el.dataset.siteId, hit === el];
})"""

SCROLLED = """() => window.scrollY + (document.scrollingElement || document.body).scrollTop
    + (document.querySelector('[data-testid="stMain"]')?.scrollTop || 0)
    + (document.querySelector('[data-testid="stAppViewContainer"]')?.scrollTop || 0)"""


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


@pytest.fixture
def phone_map(ward_app, phone_page):
    frame = driver.open_map(phone_page, ward_app, "/", MAP_TITLE, SITES)
    frame.wait_for_function("() => document.querySelector('.ward-live')")  # the controls are drawn
    return frame


def only_tiles(refused: list[str]) -> list[str]:
    return [url for url in refused if not any(host in url for host in TILE_HOSTS)]


def test_every_marker_can_be_tapped_on_a_phone(phone_map, phone_page, phone_refused_requests):
    frame = phone_map
    phone_page.locator(driver.MAP_IFRAME).first.evaluate("el => el.scrollIntoView({block: 'center'})")
    hits = frame.evaluate(MARKERS_UNDER_CENTRES)
    assert len(hits) == SITES
    assert [site for site, on_top in hits if not on_top] == []  # no control, no other marker over one
    # The legend and the layer control start folded: a button each.
    expect(frame.get_by_role("button", name="Map key")).to_have_attribute("aria-expanded", "false")
    expect(frame.locator(".leaflet-control-layers-expanded")).to_have_count(0)
    marker = driver.site_marker(frame, "exmouth-mews")  # the one that sat under George Mews
    box = marker.bounding_box()
    phone_page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(driver.main_area(phone_page).get_by_role("heading", name="Exmouth Mews", exact=True)).to_be_visible()
    expect(frame.locator(".ward-live")).to_have_text("Showing Exmouth Mews: its details are below the map.")
    assert only_tiles(phone_refused_requests) == []


def test_a_vertical_swipe_that_starts_on_the_map_scrolls_the_page(phone_map, phone_page):
    iframe = phone_page.locator(driver.MAP_IFRAME).first
    iframe.evaluate("el => el.scrollIntoView({block: 'start'})")
    box = iframe.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"], 800) * 0.7
    before = phone_page.evaluate(SCROLLED)
    centre = phone_map.evaluate("() => map.getCenter()")
    cdp = phone_page.context.new_cdp_session(phone_page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 13):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 25 * step}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    phone_page.wait_for_function(f"() => ({SCROLLED})() > {before}", polling=100, timeout=5_000)
    assert phone_map.evaluate("() => map.getCenter()") == centre  # one finger moved the page, not the map
    # The hint a one-finger swipe shows: white words on a dark box, readable with or without tiles.
    hint = phone_map.locator(".ward-gesture-hint")
    expect(hint).to_have_text("Use two fingers to move the map")
    assert hint.evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]") == [
        "rgba(0, 0, 0, 0.82)", "rgb(255, 255, 255)"]
    driver.screenshot(phone_page, "phone-map-after-swipe")


def test_a_site_chosen_from_the_list_is_highlighted_and_in_view(phone_map, phone_page):
    frame = phone_map
    driver.screenshot(phone_page, "phone-map")
    driver.choose(phone_page, SITE_LIST, "Lindale play area")
    expect(driver.main_area(phone_page).get_by_role("heading", name="Lindale play area", exact=True)).to_be_visible()
    marker = driver.site_marker(frame, "lindale-play-area")
    expect(marker).to_have_class("leaflet-marker-icon ward-site leaflet-zoom-animated leaflet-interactive ward-chosen")
    inside = frame.evaluate("""() => {
        const m = document.querySelector('.ward-chosen').getBoundingClientRect();
        const c = map.getContainer().getBoundingClientRect();
        return m.left >= c.left && m.right <= c.right && m.top >= c.top && m.bottom <= c.bottom;
    }""")
    assert inside
    expect(frame.locator(".ward-chosen")).to_have_count(1)
    driver.wait_until_idle(phone_page)
    driver.screenshot(phone_page, "phone-site-panel")


def test_the_gating_details_read_as_text_on_the_panel_after_a_planners_save(ward_app, page, phone_page):
    signed_in(page, ward_app, "planning")
    driver.save_gating_review(page, "Tolmer's Square", **{
        "Gating details": "Gates at the square's two entrances, or a fob door (phone test).",
        "Gating progress note": "Gates at both entrances (phone test)."})

    driver.open_app(phone_page, ward_app, "/?site=tolmers-square", MAP_TITLE)
    main = driver.main_area(phone_page)
    expect(main.get_by_role("heading", name="Tolmer's Square", exact=True)).to_be_visible()
    expect(main.get_by_role("listitem").filter(has_text="Gating: Concern raised")).to_contain_text(
        "Gates at the square's two entrances, or a fob door (phone test).")
    report = main.get_by_role("link", name="Report a problem at Tolmer's Square")
    expect(report).to_have_attribute("href", "report?site=tolmers-square")

    # History reads as a list of entries down the phone, newest first, not as a table's columns.
    history = main.get_by_role("list", name="What changed at Tolmer's Square, newest first")
    entries = history.locator(":scope > li")
    # Newest first: the planner's save; last, the action plan's own record (other tests may add notes between).
    expect(entries.nth(1)).to_be_visible()
    expect(entries.first).to_contain_text("Planning team")
    expect(entries.first.get_by_role("listitem")).to_contain_text([
        "to \u201cGates at the square's two entrances, or a fob door (phone test).\u201d",
        "Gating progress note set to \u201cGates at both entrances (phone test).\u201d"])
    expect(entries.last.locator("time")).to_have_text("January 2019")
    expect(entries.last).to_contain_text("The action plan")
    expect(main.get_by_role("columnheader", name="Who")).to_have_count(0)
    driver.scroll_into_view(history)
    box = entries.first.bounding_box()
    assert box["width"] > 300 and box["x"] + box["width"] <= 390, box  # the phone's width, not a column's
    assert abs(box["x"] - main.get_by_role("heading", name="What changed and when").bounding_box()["x"]) <= 1
    assert history.evaluate("el => el.scrollWidth <= el.clientWidth")

    # The link to share is a plain link to the site's address, and the keyboard reaches it.
    address = f"{ward_app.url}/map?site=tolmers-square"
    share = main.get_by_role("link", name=address, exact=True)
    expect(share).to_have_attribute("href", address)
    assert share.evaluate("el => getComputedStyle(el).textDecorationLine") == "underline"
    report.focus()
    driver.tab_until(phone_page, lambda now: now["tag"] == "A" and now["text"] == address, limit=3)


@pytest.mark.parametrize("name, path, title", [("action-plan", "/plan", "Partnership Action Plan"),
                                               ("report-a-problem", "/report", "How to report a problem")])
def test_public_pages_on_a_phone(ward_app, phone_page, phone_refused_requests, name, path, title):
    driver.open_app(phone_page, ward_app, path, title)
    expect(phone_page.get_by_test_id("stException")).to_have_count(0)
    if path == "/report":
        expect(phone_page.get_by_role("link", name="Call 999").first).to_have_attribute("href", "tel:999")
    if path == "/plan":  # each site under a commitment is a link whose words wrap, none cut short with "…"
        links = driver.main_area(phone_page).get_by_test_id("stPageLink-NavLink")
        expect(links.filter(has_text="Lindale play area: lighting not recorded, fencing confirmed to go ahead")
               ).to_be_visible()
        cut = links.evaluate_all("els => els.map(el => el.querySelector(':scope > span:last-child'))"  # the label, after its icon
                                 ".filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent)")
        assert cut == []
    driver.screenshot(phone_page, f"phone-{name}")
    assert only_tiles(phone_refused_requests) == []


def _inside_screen(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["x"] >= 0 and box["y"] + box["height"] <= size["height"] \
        and box["x"] + box["width"] <= size["width"]


def test_the_first_screen_on_a_phone_is_the_map_and_a_tap_shows_the_site_s_statuses_in_it(phone_map, phone_page):
    frame, page = phone_map, phone_page
    markers = frame.locator(driver.SITE_MARKER)
    assert markers.count() == SITES
    outside = [markers.nth(i).get_attribute("data-site-id") for i in range(SITES)
               if not _inside_screen(page, markers.nth(i))]
    assert outside == []  # every site in the first screen, with no scrolling
    box = driver.site_marker(frame, "george-mews").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    main = driver.main_area(page)
    name = main.get_by_role("heading", name="George Mews", exact=True)
    expect(name).to_be_visible()
    assert _inside_screen(page, name)
    for words in ("Lighting:", "Gating:", "Fencing:"):
        line = main.get_by_text(words, exact=True).first
        expect(line).to_be_visible()
        assert _inside_screen(page, line), words
    tip = frame.locator(".leaflet-tooltip.ward-tip").first
    expect(tip).to_contain_text("George Mews")
    inside, edge = tip.bounding_box(), frame.locator(".leaflet-container").first.bounding_box()
    assert edge["x"] <= inside["x"] and inside["x"] + inside["width"] <= edge["x"] + edge["width"]  # none cut off
    driver.screenshot(page, "phone-map-first-screen-after-tap", tallest=844)
