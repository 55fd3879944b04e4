import hashlib
import json
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from geo.sites import map_assets as assets
from geo.sites.mapview import STATUSES, SiteTopicLayer, build_map, site_for_map_event, site_payload, to_script_json
from geo.model import Annotation
from geo.status import Category, Position, Severity, Status, Topic, Visibility
from tests.conftest import SITE_NAMES

PAYLOADS = ["{{ 7*7 }} {{ self.__init__.__globals__ }}", "{% raw %}x{% endraw %} {# c #}", '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '`${alert(1)}`', '</script><b>x']


def render(m) -> str:
    return m.get_root().render()


def note(text, visibility, site_id="george-mews"):
    return Annotation(None, site_id, None, None, Category.LIGHTING, Severity.HIGH, text, "", visibility)


def test_map_carries_every_site_and_one_switchable_layer_per_topic(ward, sites):
    html = render(build_map(ward, sites))
    for name in SITE_NAMES:
        assert to_script_json(name)[1:-1] in html
    for topic in Topic:
        assert f'"{topic.label} status" :' in html  # a base layer (radio button) in the layer control
    assert "ward boundary" in html


def test_only_the_chosen_topic_is_shown_first(ward, sites):
    m = build_map(ward, sites, topic=Topic.GATING)
    layers = {c.layer_name: c for c in m._children.values() if isinstance(c, SiteTopicLayer)}
    html = render(m)
    assert [name for name, layer in layers.items() if f"{layer.get_name()}.addTo(" in html] == ["Gating status"]
    assert layers["Gating status"].show is True


def test_legend_names_every_status_and_marks_approximate_positions(ward, sites):
    html = render(build_map(ward, sites))
    for status in Status:
        assert status.label in html
    assert "approximate position" in html


def test_every_status_has_its_own_shape_and_colour():
    assert len({s.shape for s in Status}) == len(Status)
    assert len({s.colour for s in Status}) == len(Status)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_never_becomes_markup(ward, sites, payload):
    hostile = [replace(sites[0], name=payload)] + list(sites[1:])
    html = render(build_map(ward, hostile, annotations=[note(payload, Visibility.PUBLIC)]))
    assert "<script>alert" not in html and "<img src=x" not in html and "</script><b>" not in html
    assert "`${alert" not in html and "${alert" not in html
    assert "jinja2.runtime" not in html  # never run as a template on the server
    assert "{{ 7*7 }}" not in html and "{% raw" not in html and "{# c" not in html


def test_partners_only_and_withdrawn_notes_never_reach_the_page(ward, sites):
    withdrawn = replace(note("Withdrawn note", Visibility.PUBLIC), withdrawn_at=datetime(2026, 3, 1, tzinfo=UTC))
    html = render(build_map(ward, sites, annotations=[note("Public note about the gate", Visibility.PUBLIC),
                                                      note("Secret note for partners", Visibility.PARTNERS), withdrawn]))
    assert "Public note about the gate" in html
    assert "Secret note for partners" not in html and "Withdrawn note" not in html


def test_no_notes_layer_without_public_notes(ward, sites):
    html = render(build_map(ward, sites, annotations=[note("Secret", Visibility.PARTNERS)]))
    assert "Design advisor notes" not in html


def test_map_without_tiles_has_no_tile_layer(ward, sites):
    assert "L.tileLayer" not in render(build_map(ward, sites, tiles="none"))
    assert "L.tileLayer" in render(build_map(ward, sites, tiles="OpenStreetMap"))


@pytest.mark.parametrize(
    "event, expected",
    [
        ({"last_clicked": {"lat": 51.5267067, "lng": -0.138034}}, "george-mews"),
        ({"last_clicked": {"lat": 51.52671, "lng": -0.13805}}, "george-mews"),  # a metre or two off
        ({"last_object_clicked": {"lat": 51.531, "lng": -0.1405}}, "lindale-play-area"),
        ({"last_clicked": {"lat": 51.5300, "lng": -0.1300}}, None),  # empty map, far from any site
        ({"last_clicked": None}, None),
        ({"last_clicked": {"lat": "x", "lng": 1}}, None),
        ({}, None),
        (None, None),
    ],
)
def test_map_event_to_site(sites, event, expected):
    assert site_for_map_event(event, sites) == expected


def test_approximate_sites_are_flagged_in_the_data(ward, sites):
    m = build_map(ward, sites)
    data = next(c for c in m._children.values() if type(c).__name__ == "ScriptData")
    approx = {s.site_id for s in sites if s.position is Position.APPROXIMATE}
    assert len(approx) == 5
    for site_id in approx:
        assert f'"{site_id}"' in data.payload
    table = json.loads(data.payload)["sites"]
    assert {site_id for site_id, flag in zip(table["id"], table["approx"], strict=False) if flag == 1} == approx


def test_template_syntax_in_user_text_never_runs_on_the_server_in_either_render_path(ward, sites):
    """branca's render and streamlit-folium's own script generation both see the text as data."""
    from streamlit_folium import generate_leaflet_string

    payload = "{{ self.__init__.__globals__ }} {% for x in range(3) %}loop{% endfor %}"
    hostile = [replace(sites[0], name=payload)] + list(sites[1:])
    m = build_map(ward, hostile, annotations=[note(payload, Visibility.PUBLIC)])
    for html in (m.get_root().render(), generate_leaflet_string(m)):
        assert "jinja2.runtime" not in html and "looploop" not in html
        assert "{{ self.__init__" not in html  # sent escaped, as \u007b{ ...


def test_each_site_travels_with_named_fields(sites):
    table = json.loads(site_payload(sites))["sites"]
    lindale = table["id"].index("lindale-play-area")
    assert table["title"][lindale] == "Lindale play area"
    assert (table["lon"][lindale], table["lat"][lindale]) == (-0.1405, 51.531)
    assert STATUSES[table["status"]["fencing"][lindale]] is Status.CONFIRMED
    assert STATUSES[table["status"]["gating"][lindale]] is Status.NOT_RECORDED
    assert {len(column) for column in [*table.values(), *table["status"].values()] if isinstance(column, list)} \
        == {len(sites)}


def test_a_new_topic_needs_no_change_to_the_maps_script(ward, sites):
    """The payload and the layer calls are keyed by Topic value, and the script
    names no topic: adding one to geo.status.Topic is the whole change."""
    payload = json.loads(site_payload(sites))
    assert list(payload["topics"]) == [t.value for t in Topic]
    assert payload["topics"]["gating"] == "Gating"
    assert list(payload["sites"]["status"]) == [t.value for t in Topic]
    html = render(build_map(ward, sites))
    assert re.findall(r'WardMap\.siteLayer\(\w+, "(\w+)"\)', html) == [t.value for t in Topic]
    script = (assets.STATIC_DIR / assets.WARD_MAP_JS).read_text(encoding="utf-8").lower()
    assert [t.value for t in Topic if t.value in script] == []


def _script_srcs(m) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', render(m))


@pytest.mark.parametrize("base", ["/app/static/vendor", "/ward/app/static/vendor/"])
def test_the_map_loads_its_script_from_the_app_beside_the_vendored_assets(ward, sites, base):
    srcs = _script_srcs(build_map(ward, sites, asset_base_url=base))
    static = base.rstrip("/").removesuffix("/vendor")
    script = assets.STATIC_DIR / "js/ward-map.js"
    version = hashlib.sha256(script.read_bytes()).hexdigest()[:12]  # a changed script is a new URL
    assert srcs[-1] == f"{static}/js/ward-map.js?v={version}"  # after Leaflet, which it needs
    assert all(src.startswith(static + "/") for src in srcs)
    assert assets.app_file_path(srcs[-1]) == script


def test_streamlit_folium_loads_the_maps_script_after_leaflet(ward, sites):
    """streamlit-folium loads, in order, the default_js of every element it walks."""
    from folium.elements import JSCSSMixin

    def walk(element):
        yield element
        for child in element._children.values():
            yield from walk(child)

    m = build_map(ward, sites, asset_base_url="/app/static/vendor")
    links = [url for e in walk(m) if isinstance(e, JSCSSMixin) for _, url in e.default_js]
    assert links[0].startswith("/app/static/vendor/leaflet/dist/leaflet.js?v=")
    assert links[-1].startswith("/app/static/js/ward-map.js?v=")


def test_without_a_base_the_maps_script_still_comes_from_the_app(ward, sites, monkeypatch):
    monkeypatch.setenv("ASSET_BASE_URL", "/ward/app/static/vendor")
    srcs = _script_srcs(build_map(ward, sites))
    assert srcs[-1].startswith("/ward/app/static/js/ward-map.js?v=")
    assert srcs[0].startswith("https://")  # Leaflet from its CDN, as asked


def test_every_marker_carries_the_number_the_sites_table_and_the_report_use(sites):
    from geo.sites.summary import numbered_site_rows, site_numbers

    table = json.loads(site_payload(sites))["sites"]
    assert dict(zip(table["id"], table["number"], strict=False)) == site_numbers(sites)
    rows = [(r["No."], r["Site"]) for r in numbered_site_rows(sites)]
    assert all(no == str(n) and site.startswith(name) for (no, site), name, n in zip(rows, table["title"], table["number"], strict=False))


def test_the_map_names_its_frame_and_fits_the_ward_after_its_controls(ward, sites):
    from geo.sites.mapview import map_title

    html = render(build_map(ward, sites))
    assert map_title(sites) == "Ward safety map: 7 sites"
    assert "Ward safety map: 7 sites" in html
    assert html.index("WardMap.siteLayer(") < html.index("WardMap.controls(")  # markers exist when it fits
    assert "fitBounds" not in html  # fitted in the browser, clear of the controls


def test_the_map_loads_leaflet_and_its_own_script_and_nothing_heavier(ward, sites):
    """No jQuery, Bootstrap or icon fonts: about 1 MB less on a phone's first visit."""
    html = render(build_map(ward, sites, asset_base_url="/app/static/vendor"))
    loaded = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"?]+)', html)
    assert sorted(loaded) == ["/app/static/css/ward-map.css", "/app/static/js/ward-map.js",
                              "/app/static/vendor/leaflet/dist/leaflet.css",
                              "/app/static/vendor/leaflet/dist/leaflet.js"]
    assert folium_defaults_untouched()


def folium_defaults_untouched() -> bool:
    import folium

    return len(folium.Map.default_js) > 1 and len(folium.Map.default_css) > 1


def test_the_gating_layer_s_tooltips_carry_each_gate_s_stage_only_for_sites_with_a_case(sites):
    line = "North gate: the council is consulting. Have your say by 16 December 2026."
    doc = json.loads(site_payload(sites, gates={sites[2].site_id: line}))
    assert doc["sites"]["lines"] == {"gating": {"2": line}}  # sparse: one entry, by the site's index
    assert json.loads(site_payload(sites))["sites"]["lines"] == {"gating": {}}
