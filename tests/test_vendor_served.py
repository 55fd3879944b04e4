"""Every file under static/vendor/ is served by the running app and named by a page: nothing
is vendored that no page loads.

A file counts as named when its URL is in the map page's HTML as folium renders it
(geo.sites.mapview.build_map, and the walk route map geo.walks.route_map) or in a file that
HTML loads; when a stylesheet or script the map loads names it relative to its own folder, or
by its file name in a folder the page names (Leaflet's marker images, L.Icon.Default.imagePath);
or, for the icon font web/fonts.py makes, when a stylesheet the app's own index page loads
names it by file name (web.fonts.LighterFonts serves it at Streamlit's URL)."""
from __future__ import annotations

import posixpath
import re
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest

from geo.sites import map_assets as assets
from geo.sites.mapview import build_map
from geo.walks.route_map import build_walk_map
from geo.walks.walkabout import RouteStop
from tests.e2e import conftest as e2e

# The browser tests' fixtures for the real app, running (tests/e2e/conftest.py).
serve_app, ward_app = e2e.serve_app, e2e.ward_app

pytestmark = pytest.mark.e2e

BASE = "/app/static/vendor"
_LOADED = re.compile(r"""<(?:script[^>]*\bsrc|link[^>]*\bhref)=["']([^"']+)["']""")


def _vendored() -> list[str]:
    return sorted(p.relative_to(assets.VENDOR_DIR).as_posix() for p in assets.VENDOR_DIR.rglob("*")
                  if p.is_file() and not p.name.startswith(".installed-"))


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, answer.read()


def _map_pages(ward, sites) -> list[str]:
    route = [RouteStop(s.site_id, s.lon, s.lat, s.name) for s in sites[:3]]
    return [build_map(ward, sites, asset_base_url=BASE).get_root().render(),
            build_walk_map(ward, sites, route, asset_base_url=BASE).get_root().render()]


def _loaded_files(app_url: str, page_url: str, html: str) -> dict[str, str]:
    """{URL path: text} of every script and stylesheet `html` (at `page_url`) loads from the app."""
    found = {}
    for ref in _LOADED.findall(html):
        url = urljoin(page_url, ref)
        if urlsplit(url).netloc != urlsplit(app_url).netloc:
            continue
        status, body = _get(url)
        assert status == 200, url
        found[urlsplit(url).path] = body.decode("utf-8", errors="replace")
    return found


@pytest.fixture(scope="module")
def named(ward_app, ward, sites):
    """A test of whether a vendored path is named, as the docstring says."""
    pages = _map_pages(ward, sites)
    map_files: dict[str, str] = {}
    for html in pages:
        map_files |= _loaded_files(ward_app.url, ward_app.url + "/", html)
    index_url = ward_app.url + "/"
    _, index = _get(index_url)
    index_files = _loaded_files(ward_app.url, index_url, index.decode("utf-8"))

    def is_named(path: str) -> bool:
        url = f"{BASE}/{path}"
        folder, name = posixpath.split(url)
        if any(url in text for text in pages + list(map_files.values())):
            return True
        for loaded, text in map_files.items():
            relative = posixpath.relpath(url, posixpath.dirname(loaded))
            if relative in text or (name in text and any(folder + "/" in html for html in pages)):
                return True
        return any(name in text for loaded, text in index_files.items() if loaded.endswith(".css"))

    return is_named


def test_something_is_vendored():
    assert "leaflet/dist/leaflet.js" in _vendored(), "run `make setup` to fill static/vendor/"


@pytest.mark.parametrize("path", _vendored())
def test_each_vendored_file_is_served_and_named_by_a_page(ward_app, named, path):
    status, body = _get(f"{ward_app.url}{BASE}/{path}")
    assert status == 200 and body == (assets.VENDOR_DIR / path).read_bytes()
    assert named(path), f"static/vendor/{path} is served but no page loads it"
