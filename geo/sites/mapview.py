"""The resident map, built as a pure function from data to a `folium.Map`.

The app, the tests and the benchmark all call `build_map`.  The map's
browser code is static/js/ward-map.js, served by the app beside the vendored
assets; this module writes the data and one short call into it per layer.
Sites travel to the browser once, as one table in named columns; each topic
layer draws its markers from it on first show.  Every piece of text is put
into the page with `textContent` in the browser, never as markup.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.sites import map_assets as assets
from geo.sites import symbols
from geo.sites.summary import site_numbers
from geo.model import Annotation, Site
from geo.status import TOPICS, Status, Topic
from geo.sites.ward import Ward

STATUSES = list(Status)
_STATUS_INDEX = {status: i for i, status in enumerate(STATUSES)}


_JINJA_OPENERS = re.compile(r"\{(?=[{%#])")
_SCRIPT_ESCAPES = [(c, f"\\u{ord(c):04x}") for c in "<>&`$\u2028\u2029"]


def to_script_json(value) -> str:
    """JSON that is safe inside a <script> element, and even inside a JavaScript
    template literal: no '<', '>', '&', backtick or '$' survives as itself.

    branca renders each element's output once more as a Jinja template, so a
    '{' that would open '{{', '{%' or '{#' is written as \\u007b too.  Outside a
    string, JSON's '{' is only ever followed by '"' or '}', so only text changes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _SCRIPT_ESCAPES:  # str.replace runs in C; str.translate with a dict does not
        text = text.replace(char, escaped)
    return _JINJA_OPENERS.sub(r"\\u007b", text)


def _site_columns(sites: Sequence[Site], gates: Mapping[str, str]) -> dict:
    """The map's site table in named columns, one entry per site; a site's
    status on each topic is an index into the payload's "statuses".  "lines" adds
    words to a topic's tooltips, sparse: the gating layer's {site index: each gate's
    stage in words}, for the few sites with a case."""
    numbers = site_numbers(sites)
    return {
        "id": [s.site_id for s in sites],
        "number": [numbers[s.site_id] for s in sites],  # as in the sites table and the progress report
        "title": [s.name for s in sites],  # the name people read
        "lon": [round(s.lon, 6) for s in sites],
        "lat": [round(s.lat, 6) for s in sites],
        "approx": [1 if s.position.is_approximate else 0 for s in sites],
        "status": {t.value: [_STATUS_INDEX[s.topics[t].status] for s in sites] for t in TOPICS},
        "lines": {Topic.GATING.value: {str(i): gates[s.site_id] for i, s in enumerate(sites) if gates.get(s.site_id)}},
    }


class _Verbatim(Element):
    """Text that goes into the page as it is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class ScriptData(MacroElement):
    """`var <name> = <JSON>;` in the page's script, written verbatim.

    branca would otherwise compile every element's output as a Jinja template
    once more (slow for a large payload, and a template injection risk for
    user text), on each of the renders st_folium makes.  The template stays for
    streamlit-folium, which calls each element's script macro itself."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.payload }};
{% endmacro %}"""
    )

    def __init__(self, value=None, *, payload: str | None = None):
        super().__init__()
        self._name = "ScriptData"
        self.payload = to_script_json(value) if payload is None else payload

    def render(self, **kwargs) -> None:
        script = f"var {self.get_name()} = {self.payload};\n"
        self.get_root().script.add_child(_Verbatim(script), name=self.get_name())


def site_payload(sites: Sequence[Site], gates: Mapping[str, str] | None = None) -> str:
    """The sites and the status symbols as the map's JSON: the per-site work of
    `build_map`, which a caller may compute once and pass in again.  Its shape
    is described at the top of static/js/ward-map.js.  gates: each site's gating
    cases in words (geo.gating.case.site_lines), shown in the gating layer's tooltips."""
    return to_script_json(
        {
            "statuses": [
                {"label": st.label, "svg": symbols.svg(st), "approx": symbols.svg(st, approximate=True)}
                for st in STATUSES
            ],
            "topics": {t.value: t.label for t in TOPICS},
            "sites": _site_columns(sites, gates or {}),
        }
    )


class WardMapScript(JSCSSMixin):
    """Lists the map's browser code, static/js/ward-map.js, among the map's
    scripts, and its stylesheet among its styles: branca links them in the
    page's head, and streamlit-folium loads them in its iframe, the script
    after Leaflet, before running the map's script."""

    _template = Template("{% macro script(this, kwargs) %}{% endmacro %}")

    def __init__(self, js_url: str, css_url: str):
        super().__init__()
        self._name = "WardMapScript"
        self.default_js = [("ward_map", js_url)]
        self.default_css = [("ward_map_css", css_url)]


class SiteTopicLayer(folium.map.Layer):
    """One switchable layer: every site drawn by its status on one topic."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = WardMap.siteLayer({{ this.data.get_name() }}, {{ this.topic|tojson }});
{% endmacro %}"""
    )

    def __init__(self, data: ScriptData, topic: Topic, show: bool):
        super().__init__(name=f"{topic.label} status", overlay=False, control=True, show=show)
        self._name = "SiteTopicLayer"
        self.data = data
        self.topic = topic.value


class AnnotationLayer(folium.map.Layer):
    """Public design-out-crime annotations, as an overlay of their own."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = WardMap.noteLayer({{ this.data.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, data: ScriptData):
        super().__init__(name="Design advisor notes (public)", overlay=True, control=True, show=True)
        self._name = "AnnotationLayer"
        self.data = data  # added to the map before this layer, so its variable exists first


def _legend_rows(with_notes: bool) -> list[dict]:
    rows = [{"svg": symbols.svg(st, size=16), "text": st.label} for st in STATUSES]
    rows.append({"svg": symbols.svg(Status.NOT_RECORDED, size=16, approximate=True),
                 "text": "Dashed ring: approximate position"})
    rows.append({"text": "Number: as in the sites table"})
    if with_notes:
        rows.append({"text": "Yellow note: design advisor observation"})
    return rows


class WardControls(folium.LayerControl):
    """Everything around the layers (static/js/ward-map.js `controls`): the
    layer control and the legend, folded on a narrow map; "Whole ward" and
    "Show where I am"; the map frame's title; two-finger panning on touch."""

    _template = Template(
        """{% macro script(this, kwargs) %}
WardMap.controls({{ this._parent.get_name() }}, {
    {%- for key, val in this.base_layers.items() %}
    {{ key|tojson }} : {{val}},
    {%- endfor %}
}, {
    {%- for key, val in this.overlays.items() %}
    {{ key|tojson }} : {{val}},
    {%- endfor %}
}, {{ this.settings }});
{% endmacro %}"""
    )

    def __init__(self, *, title: str, bounds: list[list[float]], with_notes: bool):
        super().__init__()
        self._name = "WardControls"
        self.settings = to_script_json({"title": title, "bounds": bounds, "legend": _legend_rows(with_notes)})


def map_title(sites: Sequence[Site]) -> str:
    """What the map's frame is called, for screen readers."""
    return f"Ward safety map: {len(sites)} site{'' if len(sites) == 1 else 's'}"


def _notes(annotations: Iterable[Annotation], sites: Sequence[Site]) -> list[dict]:
    where: dict | None = None  # each site's position, made only if a note is placed at its site
    rows = []
    for a in annotations:
        if not a.is_public:  # partners-only and withdrawn notes never reach a resident's browser
            continue
        if a.lon is None or a.lat is None:
            where = where if where is not None else {s.site_id: (s.lon, s.lat) for s in sites}
        lon, lat = (a.lon, a.lat) if a.lon is not None and a.lat is not None else where.get(a.site_id, (None, None))
        if lon is None:
            continue
        rows.append({"lon": round(lon, 6), "lat": round(lat, 6), "heading": a.category.label, "text": a.observation})
    return rows


def build_map(
    ward: Ward,
    sites: Sequence[Site],
    *,
    topic: Topic = Topic.LIGHTING,
    annotations: Iterable[Annotation] = (),
    tiles: str | None = "OpenStreetMap",
    asset_base_url: str | None = None,
    payload: str | None = None,
) -> folium.Map:
    """The resident map: ward boundary, one layer per topic, public notes, legend and controls.

    `sites` and `annotations` are WGS84.  `topic` is the layer shown first.
    With `asset_base_url`, Leaflet and folium's other assets load from there
    instead of public CDNs.  The map's own script, which has no CDN, always
    loads from the app: beside `asset_base_url`, or beside the ASSET_BASE_URL
    setting without one.  `payload` is `site_payload(sites)`, if already made."""
    minx, miny, maxx, maxy = ward.boundary.bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=16,
        tiles=None,
        control_scale=True,
    )
    assets.leaflet_only(m)  # no popups, icon fonts or jQuery: Leaflet and ward-map.js draw everything
    if tiles and tiles.lower() != "none":
        folium.TileLayer(tiles, control=False).add_to(m)
    folium.GeoJson(
        ward.boundary_geojson,
        name=f"{ward.name} ward boundary",
        style_function=lambda _: {"color": "#333", "weight": 2, "dashArray": "6 4", "fillOpacity": 0.03},
        interactive=False,
    ).add_to(m)
    m.add_child(WardMapScript(assets.app_file_url(assets.WARD_MAP_JS, asset_base_url),
                              assets.app_file_url(assets.WARD_MAP_CSS, asset_base_url)))
    data = ScriptData(payload=payload if payload is not None else site_payload(sites))
    m.add_child(data)
    for t in TOPICS:
        m.add_child(SiteTopicLayer(data, t, show=(t is topic)))
    notes = _notes(annotations, sites)
    if notes:
        note_data = ScriptData(notes)
        m.add_child(note_data)
        m.add_child(AnnotationLayer(note_data))
    # The ward's box, fitted in the browser once the controls are drawn, so no site is under one.
    bounds = [[miny, minx], [maxy, maxx]]
    m.add_child(WardControls(title=map_title(sites), bounds=bounds, with_notes=bool(notes)))
    if asset_base_url:
        assets.localise(m, asset_base_url)
    return m


def _metres_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine); plenty for picking the nearest site."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def site_for_map_event(event: dict | None, sites: Sequence[Site], *, within_metres: float = 25.0) -> str | None:
    """The id of the site a map click landed on, or None.

    `event` is what `st_folium` returns; a click on a site marker arrives as
    `last_object_clicked` or `last_clicked` ({"lat": .., "lng": ..})."""
    if not event:
        return None
    for key in ("last_object_clicked", "last_clicked"):
        point = event.get(key)
        if not isinstance(point, dict):
            continue
        try:
            lat, lng = float(point["lat"]), float(point["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        best = min(sites, key=lambda s: _metres_between(lng, lat, s.lon, s.lat), default=None)
        if best is not None and _metres_between(lng, lat, best.lon, best.lat) <= within_metres:
            return best.site_id
    return None
