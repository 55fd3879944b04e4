"""The app as the product serves it (server.py under uvicorn): Streamlit's UI,
its health check and static files, our own routes beside them, and the
security headers, under which every page, and the map, still draw with
nothing refused by the Content-Security-Policy."""
from __future__ import annotations

import json
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from tests.e2e import driver
from tests.e2e.accounts import add_account
from tests.e2e.test_resident import MAP_TITLE, SITES
from tests.public_pages import MAP_PATH, PUBLIC_PAGES

pytestmark = pytest.mark.e2e

STAFF_PAGES = [("Gating reviews", "Gating reviews"), ("Site positions", "Site positions"),
               ("Design notes", "Design-out-crime notes"), ("Administration", "Administration")]


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


@pytest.fixture
def refused_by_policy(page) -> list[str]:
    """What Chromium reports the Content-Security-Policy refused, in the page or any of its frames."""
    refused: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    return refused


def _fetch(app, path: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(app.url + path, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def test_the_map_draws_its_seven_sites_with_nothing_refused_by_the_policy(ward_app, page, refused_by_policy):
    responses = []
    page.on("response", lambda response: responses.append(response))
    driver.open_app(page, ward_app, "/", MAP_TITLE)
    frame = driver.map_frame(page)
    assert driver.wait_for_map(frame, SITES, driver.SITE_MARKER) == SITES
    assert driver.broken_images(frame) == []
    assert refused_by_policy == []
    # The page and the map's own frame (same origin) are both served under the policy.
    framed = [r for r in responses if r.request.resource_type == "document"]
    assert len(framed) >= 2
    for response in framed:
        headers = response.headers
        assert "frame-ancestors 'self'" in headers["content-security-policy"], response.url
        assert headers["x-frame-options"] == "SAMEORIGIN" and headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name, path, title", PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_every_public_page_shows_with_nothing_refused_by_the_policy(ward_app, published_walk, page,
                                                                     refused_by_policy, name, path, title):
    documents = []
    page.on("response", lambda r: r.request.resource_type == "document" and documents.append(r))
    driver.open_app(page, ward_app, path, title)
    if path == MAP_PATH:
        driver.wait_for_map(driver.map_frame(page), SITES, driver.SITE_MARKER)
    driver.wait_for_maps(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert refused_by_policy == []
    assert documents  # the page, and any map's frame: each served under the policy
    for response in documents:
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"], response.url


def test_staff_pages_show_with_nothing_refused_by_the_policy(ward_app, page, refused_by_policy):
    account = add_account(ward_app, "admin")
    driver.open_app(page, ward_app, "/report", "How to report a problem")
    driver.sign_in(page, account.name, account.password)
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {account.name}")).to_be_visible()
    for link, heading in STAFF_PAGES:
        driver.go_to(page, link, heading)
        if page.locator(driver.MAP_IFRAME).count():
            driver.wait_for_map(driver.map_frame(page), SITES)
    assert refused_by_policy == []


def test_the_server_answers_streamlit_its_static_files_and_our_routes(ward_app):
    status, headers, body = _fetch(ward_app, "/")
    assert status == 200 and b"<div id=\"root\">" in body and "content-security-policy" in map(str.lower, headers)
    assert _fetch(ward_app, "/_stcore/health")[2] == b"ok"
    assert _fetch(ward_app, "/healthz")[2] == b"ok"
    assert _fetch(ward_app, "/app/static/vendor/leaflet/dist/leaflet.js")[0] == 200
    sites = json.loads(_fetch(ward_app, "/opendata/sites.geojson")[2])
    assert len(sites["features"]) == SITES
    feed = ET.fromstring(_fetch(ward_app, "/feeds/changes.atom")[2])
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed" and len(feed) > SITES
    assert [r["service_request_id"] for r in json.loads(_fetch(ward_app, "/open311/v2/requests/st-8.json")[2])] == ["st-8"]
