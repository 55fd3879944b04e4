"""web/caching.py: files whose address changes with their content are kept a year, so a second visit
fetches almost nothing; pages, the session's endpoints and open data are asked for afresh."""
from __future__ import annotations

import re
import urllib.request

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from geo.sites.mapview import build_map
from tests.asgi import get
from tests.e2e import conftest as e2e
from web.caching import IMMUTABLE, LongCache


serve_app, ward_app = e2e.serve_app, e2e.ward_app  # the real app, running (tests/e2e/conftest.py)


def _app():
    def answer(request):
        status = int(request.query_params.get("status", "200"))
        return PlainTextResponse("x", status_code=status, headers={"Cache-Control": "public"})
    return Starlette(routes=[Route("/{path:path}", answer)], middleware=[Middleware(LongCache)])


@pytest.mark.parametrize("url", [
    "/static/js/index.DormvYxC.js",
    "/static/css/index.C1JORDN2.css",
    "/static/media/MaterialSymbols-Rounded.nEdyypZU.woff2",
    "/app/static/vendor/leaflet/dist/leaflet.js?v=5819285cec13",
    "/app/static/vendor/leaflet/dist/images/layers.png",
    "/app/static/js/ward-map.js?v=ab1e68633fed",
    "/app/static/css/ward-map.css?v=cb516cd4139e",
    "/component/streamlit_folium.st_folium/static/js/main.521860b0.js",
])
def test_hashed_and_versioned_files_are_kept_a_year(url):
    assert get(_app(), url).headers["cache-control"] == IMMUTABLE


@pytest.mark.parametrize("url", [
    "/",  # the page: its list of bundles changes with each release
    "/map",
    "/static/index.html",
    "/static/manifest.json",
    "/_stcore/health",
    "/_stcore/host-config",
    "/app/static/js/ward-map.js",  # no ?v=: the same address for every version
    "/component/streamlit_folium.st_folium/index.html",
    "/opendata/sites.geojson",
    "/healthz",
])
def test_pages_and_live_answers_keep_their_own_headers(url):
    assert get(_app(), url).headers["cache-control"] == "public"


def test_an_error_is_never_kept():
    assert get(_app(), "/static/js/missing.abc.js?status=404").headers["cache-control"] == "public"


@pytest.mark.e2e
def test_the_running_app_sends_its_bundles_and_leaflet_to_be_kept_a_year(ward_app, ward, sites):
    """As `make run` serves it: the page is asked for afresh, its script bundle and Leaflet are kept."""
    page = urllib.request.urlopen(ward_app.url + "/", timeout=30)
    bundle = re.search(r'src="\.?(/static/js/index\.[^"]+\.js)"', page.read().decode()).group(1)
    assert "immutable" not in (page.headers["Cache-Control"] or "")
    leaflet = next(url for url in _map_assets(build_map(ward, sites, asset_base_url="/app/static/vendor"))
                   if url.endswith(".js") or ".js?" in url)
    for url in (bundle, leaflet):
        with urllib.request.urlopen(ward_app.url + url, timeout=30) as answer:
            assert answer.headers["Cache-Control"] == IMMUTABLE, url


def _map_assets(m):
    from folium.elements import JSCSSMixin

    def walk(element):
        yield element
        for child in element._children.values():
            yield from walk(child)
    return [url for e in walk(m) if isinstance(e, JSCSSMixin) for _, url in e.default_js]
