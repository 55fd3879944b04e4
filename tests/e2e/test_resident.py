"""A resident, with no account, in a real browser: the map and its layers,
choosing a site on the map or from the list, and every public page."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.status import Status
from tests.e2e import driver
from tests.public_pages import MAP_PATH, PUBLIC_PAGES

pytestmark = pytest.mark.e2e

SITES = 7
MAP_TITLE = "Regent's Park ward safety map"
SITE_LIST = "Choose a site to see its details"
ST8_PROGRESS = "Since the walkabout 5 sites are receiving"


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


@pytest.fixture
def resident_map(ward_app, page):
    """The map page, opened and drawn; returns its map frame."""
    return driver.open_map(page, ward_app, "/", MAP_TITLE, SITES)


def expect_site_panel(page, name: str):
    """The site panel (its subheader) for `name`, visible."""
    heading = driver.main_area(page).get_by_role("heading", name=name, exact=True)
    expect(heading).to_be_visible()
    return heading


def test_hovering_a_site_shows_its_name_and_status(resident_map, page):
    frame = resident_map
    marker = driver.site_marker(frame, "exmouth-mews")
    driver.scroll_into_view(marker)
    marker.hover()
    tip = frame.locator(".leaflet-tooltip")
    expect(tip).to_contain_text("Exmouth Mews")
    expect(tip).to_contain_text("Gating: Under review")
    expect(tip).to_contain_text("Approximate position")


def test_the_legend_lists_every_status_with_its_symbol(resident_map, page):
    legend = resident_map.get_by_role("list", name="Map legend")
    rows = legend.get_by_role("listitem")
    expect(rows.filter(has_text="approximate position").locator("svg")).to_have_count(1)  # the dashed ring
    for status in Status:
        expect(rows.filter(has_text=status.label).locator("svg")).to_have_count(1)
    expect(rows.filter(has_text="Dashed ring: approximate position")).to_have_count(1)


def test_the_map_draws_the_seven_sites_and_switches_to_fencing(resident_map, page):
    frame = resident_map
    assert frame.locator(driver.SITE_MARKER).count() == SITES
    lindale = driver.site_marker(frame, "lindale-play-area")
    expect(lindale).to_have_attribute("aria-label", "Lindale play area: gating not recorded (approximate position)")

    driver.choose_layer(frame, "Fencing status")

    expect(lindale).to_have_attribute("aria-label", "Lindale play area: fencing confirmed to go ahead (approximate position)")
    expect(frame.locator(driver.SITE_MARKER)).to_have_count(SITES)
    driver.screenshot(page, "map-fencing-layer")


def test_clicking_a_marker_opens_that_sites_commitments(resident_map, page):
    frame = resident_map
    driver.choose_layer(frame, "Fencing status")

    driver.click_marker(page, frame, "lindale-play-area")

    expect_site_panel(page, "Lindale play area")
    main = driver.main_area(page)
    expect(page.get_by_role("combobox", name=SITE_LIST)).to_have_value("Lindale play area")  # the list follows
    expect(main.get_by_text("ST-8 (lighting, fencing)", exact=False)).to_be_visible()
    expect(main.get_by_text(ST8_PROGRESS, exact=False)).to_be_visible()
    expect(main.get_by_text("Confirmed to go ahead", exact=False).first).to_be_visible()
    driver.wait_until_idle(page)
    driver.screenshot(page, "map-site-panel")


def test_choosing_a_site_from_the_list_opens_its_details(resident_map, page):
    driver.choose(page, SITE_LIST, "Tolmer's Square")

    expect_site_panel(page, "Tolmer's Square")
    main = driver.main_area(page)
    expect(main.get_by_text("ST-8", exact=False).first).to_be_visible()
    expect(main.get_by_text(ST8_PROGRESS, exact=False)).to_be_visible()
    expect(main.get_by_text("What changed and when")).to_be_visible()


@pytest.mark.parametrize("name, path, title", PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_every_public_page_opens_without_an_error(ward_app, published_walk, page, name, path, title):
    driver.open_app(page, ward_app, path, title)
    if path == MAP_PATH:
        driver.wait_for_map(driver.map_frame(page), SITES, driver.SITE_MARKER)
    driver.wait_for_maps(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)  # Streamlit's "Page not found" over the main page
    # Residents see no staff pages.
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Gating reviews")).to_have_count(0)
    driver.screenshot(page, name)
