"""geo/sites/map_assets.py: maps load every browser asset from the app, none from a CDN."""
from __future__ import annotations

import re

import branca.colormap
import folium
import folium.plugins
import pytest

from geo.sites import map_assets as assets

BASE = "/app/static/vendor"
_TAG_URL = re.compile(r"""<(?:script[^>]*\bsrc|link[^>]*\bhref)=["']([^"']+)["']""")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")?#]+)""")


def _busy_map() -> folium.Map:
    """A map using every kind of element the app draws, Leaflet alone, as the app's maps are."""
    m = assets.leaflet_only(folium.Map(location=[51.53, -0.14], zoom_start=15, tiles=None))
    points = folium.FeatureGroup(name="Sites").add_to(m)
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "Gate A"},
             "geometry": {"type": "Point", "coordinates": [-0.14, 51.53]}},
        ],
    }
    folium.GeoJson(geojson, tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(points)
    folium.Marker([51.531, -0.141], popup=folium.Popup("a"), tooltip=folium.Tooltip("b")).add_to(points)
    folium.Marker([51.532, -0.142], icon=folium.DivIcon(html="<b>1</b>")).add_to(points)
    folium.CircleMarker([51.533, -0.143], radius=6, popup="c").add_to(points)
    folium.PolyLine([(51.53, -0.14), (51.531, -0.141)]).add_to(points)
    folium.LayerControl().add_to(m)
    return m


def _asset_urls(m: folium.Map) -> list[str]:
    return _TAG_URL.findall(m.get_root().render())


def test_every_asset_of_a_busy_map_comes_from_the_app():
    urls = _asset_urls(assets.localise(_busy_map(), BASE))
    assert len(urls) == len(assets.ASSETS)
    assert [url for url in urls if not url.startswith(BASE + "/")] == []


def test_every_asset_a_busy_map_loads_has_been_vendored():
    missing = [url for url in _asset_urls(assets.localise(_busy_map(), BASE))
               if not assets.vendored_path(url, BASE).is_file()]
    assert missing == [], "run `make setup` to fill static/vendor/"


@pytest.mark.parametrize("path", sorted(p for p in assets.ASSETS.values() if p.endswith(".css")))
def test_fonts_and_images_a_stylesheet_names_are_vendored_beside_it(path):
    css = assets.VENDOR_DIR / path
    assert css.is_file(), "run `make setup` to fill static/vendor/"
    refs = [ref for ref in _CSS_URL.findall(css.read_text(encoding="utf-8"))
            if ref.strip() and not ref.startswith("data:")]
    assert [ref for ref in refs if not (css.parent / ref).is_file()] == []


def test_leaflets_default_marker_images_are_vendored():
    images = assets.VENDOR_DIR / "leaflet/dist/images"
    assert {"marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"} <= {p.name for p in images.iterdir()}


def test_folium_s_other_defaults_are_not_vendored_so_a_map_listing_them_is_refused():
    """jQuery, Bootstrap, Font Awesome and awesome-markers: no page of the app loads them."""
    m = folium.Map(location=[51.53, -0.14], zoom_start=15, tiles=None)
    with pytest.raises(assets.UnvendoredAsset, match=r"Map loads https://code\.jquery\.com/.*leaflet_only"):
        assets.localise(m, BASE)
    urls = _asset_urls(assets.localise(assets.leaflet_only(m), BASE))
    assert [url.split("?v=")[0] for url in urls] == [f"{BASE}/leaflet/dist/leaflet.js", f"{BASE}/leaflet/dist/leaflet.css"]


def test_a_vendored_files_address_changes_with_its_content(tmp_path, monkeypatch):
    """Browsers keep vendored files a year (web/caching.py): a new Leaflet must come at a new address."""
    (tmp_path / "leaflet" / "dist").mkdir(parents=True)
    script = tmp_path / "leaflet" / "dist" / "leaflet.js"
    script.write_text("var L = 1;")
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path)

    def address():
        m = folium.Map(location=[51.53, -0.14], zoom_start=15, tiles=None)
        return _asset_urls(assets.localise(assets.leaflet_only(m), BASE))[0]

    before = address()
    script.write_text("var L = 2;  // a new release")
    assert before.startswith(f"{BASE}/leaflet/dist/leaflet.js?v=") and address() != before
    assert assets.vendored_path(address(), BASE) == script


def test_an_asset_with_no_local_copy_is_refused_by_name():
    m = _busy_map()
    folium.plugins.MarkerCluster().add_to(m)
    with pytest.raises(assets.UnvendoredAsset, match="MarkerCluster loads https://"):
        assets.localise(m, BASE)


def test_a_colormap_is_refused_because_streamlit_folium_adds_d3_from_a_cdn():
    m = _busy_map()
    branca.colormap.LinearColormap(["red", "blue"]).add_to(m)
    with pytest.raises(assets.UnvendoredAsset, match="colormap"):
        assets.localise(m, BASE)


def test_folium_itself_is_left_pointing_at_its_cdns():
    assets.localise(_busy_map(), BASE)
    assert all(url.startswith("https://") for _, url in folium.Map.default_js + folium.Map.default_css)
    assert all(url.startswith("https://") for url in _asset_urls(_busy_map()))


def test_localising_twice_changes_nothing():
    m = assets.localise(_busy_map(), BASE)
    before = list(m.default_js), list(m.default_css), list(m._children)
    assets.localise(m, BASE + "/")
    assert (m.default_js, m.default_css, list(m._children)) == before


def test_the_base_url_defaults_to_the_setting(monkeypatch):
    monkeypatch.setenv("ASSET_BASE_URL", "/ward/app/static/vendor")
    urls = _asset_urls(assets.localise(_busy_map()))
    assert all(url.startswith("/ward/app/static/vendor/") for url in urls)


def test_leaflet_is_told_where_its_marker_images_are_before_any_marker_is_drawn():
    html = assets.localise(_busy_map(), BASE).get_root().render()
    told = html.index('L.Icon.Default.imagePath = "/app/static/vendor/leaflet/dist/images/";')
    assert told < html.index("L.marker(")
    assert html.count("L.Icon.Default.imagePath") == 1


class _NeedsWardMap(folium.elements.JSCSSMixin):
    """An element listing the app's own map script, as geo.sites.mapview's does."""

    def __init__(self, url: str):
        super().__init__()
        self.default_js = [("ward_map", url)]


@pytest.mark.parametrize("listed", [
    assets.WARD_MAP_JS,                              # a bare path under static/
    "/app/static/js/ward-map.js?v=0123456789ab",     # an older version
    "/elsewhere/app/static/js/ward-map.js",          # localised before, for another base
])
def test_the_apps_own_script_is_served_beside_the_vendored_assets(listed):
    m = _busy_map()
    m.add_child(_NeedsWardMap(listed))
    urls = _asset_urls(assets.localise(m, "/ward/app/static/vendor"))
    assert urls[-1].startswith("/ward/app/static/js/ward-map.js?v=")
    assert urls[-1] == assets.app_file_url(assets.WARD_MAP_JS, "/ward/app/static/vendor")  # the current version
    assert assets.app_file_path(urls[-1]).is_file()


def test_the_apps_own_files_are_tracked_not_vendored():
    """static/vendor/ is git-ignored and remade by `make setup`; the app's own files live beside it."""
    for path in assets.APP_FILES:
        assert (assets.STATIC_DIR / path).is_file()
        assert assets.VENDOR_DIR not in (assets.STATIC_DIR / path).parents


def test_a_file_that_is_not_the_apps_own_has_no_app_url():
    with pytest.raises(assets.UnvendoredAsset, match="APP_FILES"):
        assets.app_file_url("js/other.js", BASE)
