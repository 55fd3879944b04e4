"""The map draws in headless Chromium with no internet: every asset folium
lists comes from the app itself."""
from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.e2e import driver, warm

pytestmark = pytest.mark.e2e

FIXTURE_POINTS = 7


def _open_map(page, app, count):
    page.goto(app.url)
    frame = driver.map_frame(page)
    return frame, driver.wait_for_map(frame, count)


def test_the_map_draws_its_seven_points_with_no_internet(fixture_app, page):
    frame, drawn = _open_map(page, fixture_app, FIXTURE_POINTS)
    assert drawn == FIXTURE_POINTS
    assert driver.broken_images(frame) == []
    assert page.locator(driver.MAP_IFRAME).bounding_box()["height"] > 300


def test_no_script_stylesheet_or_font_is_fetched_from_another_host(fixture_app, page, refused_requests):
    requests = []
    page.on("request", lambda request: requests.append(request))
    _open_map(page, fixture_app, FIXTURE_POINTS)
    needed = [r.url for r in requests if r.resource_type in ("script", "stylesheet", "font", "image")]
    assert needed and all(driver.is_local(url) for url in needed)
    assert refused_requests == []  # with tiles=None nothing else goes out either


def test_the_test_browser_reaches_no_other_host_and_says_which_it_tried(fixture_app, page, refused_requests):
    """What every browser test stands on: another host is unreachable (driver.NO_INTERNET) and listed,
    while the app answers."""
    _open_map(page, fixture_app, FIXTURE_POINTS)
    elsewhere = page.context.new_page()
    with pytest.raises(driver.PlaywrightError, match="ERR_PROXY_CONNECTION_FAILED"):  # refused here, not by DNS
        elsewhere.goto("http://tiles.example.org/1/2/3.png")  # a page's own address: no CSP stands in the way
    assert refused_requests == ["http://tiles.example.org/1/2/3.png"]


@pytest.mark.parametrize("path, content_type", [
    ("vendor/leaflet/dist/leaflet.js", "javascript"),
    ("vendor/leaflet/dist/leaflet.css", "text/css"),
    ("vendor/leaflet/dist/images/marker-icon.png", "image/png"),
    ("js/ward-map.js", "javascript"),  # the map's own script, tracked in git beside vendor/
])
def test_vendored_files_are_served_with_a_type_the_browser_accepts(fixture_app, path, content_type):
    # Streamlit sends nosniff, so scripts and stylesheets need their real types.
    with urllib.request.urlopen(f"{fixture_app.url}/app/static/{path}", timeout=10) as response:
        served = response.headers["Content-Type"]
    assert content_type in served and not served.startswith("text/plain")


def test_the_resident_map_draws_the_seven_sites_with_no_internet(ward_app, page):
    frame, drawn = _open_map(page, ward_app, FIXTURE_POINTS)
    assert drawn >= 7
    assert driver.broken_images(frame) == []


def test_the_resident_maps_own_script_loads_from_the_app(ward_app, page, refused_requests):
    requests = []
    page.on("request", lambda request: requests.append(request))
    frame, _ = _open_map(page, ward_app, FIXTURE_POINTS)
    scripts = [r for r in requests if r.resource_type == "script"]
    ward_map = [r for r in scripts if urlsplit(r.url).path == "/app/static/js/ward-map.js"]
    assert ward_map and [r.response().status for r in ward_map] == [200] * len(ward_map)
    assert all(driver.is_local(r.url) for r in scripts)
    assert frame.evaluate("typeof WardMap.siteLayer") == "function"
    # From the map only its background tiles go out (and are refused): MAP_TILES is OpenStreetMap here.
    from_map = {r.url for r in requests if r.frame == frame}
    assert [url for url in refused_requests if url in from_map and "tile" not in urlsplit(url).hostname] == []


def test_a_warm_page_keeps_nothing_of_the_test_before_it(fixture_app, browser):
    """What `page` stands on (tests/e2e/warm.py): the next test's page is the same tab, with none
    of the last one's cookies, storage, listeners, extra pages, offline switch or refused requests."""
    pool = warm.Pool(browser, viewport={"width": 800, "height": 600})
    try:
        before = pool.take()
        before.page.goto(fixture_app.url + "/_stcore/health")
        before.page.evaluate("""async () => { sessionStorage.setItem('s', '1'); localStorage.setItem('l', '1');
            document.cookie = 'c=1; max-age=3600'; const db = indexedDB.open('kept', 1);
            await new Promise(done => { db.onupgradeneeded = () => db.result.createObjectStore('x'); db.onsuccess = done; });
            db.result.close(); }""")
        heard = []
        before.page.on("console", lambda message: heard.append(message.text))
        before.context.new_page()
        before.context.set_offline(True)
        before.refused.append("http://tiles.example.org/")
        pool.give_back(before, reusable=True)

        after = pool.take()
        assert after is before  # the same context and tab, warm
        assert after.refused == [] and after.context.pages == [after.page]
        after.page.goto(fixture_app.url + "/_stcore/health")  # online again, or this fails
        kept = after.page.evaluate("""async () => [sessionStorage.getItem('s'), localStorage.getItem('l'),
            document.cookie.includes('c=1'), (await indexedDB.databases()).map(db => db.name)]""")
        assert kept == [None, None, False, []]
        after.page.evaluate("() => console.log('after')")
        assert heard == []
    finally:
        pool.close()
