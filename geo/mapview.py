"""The resident map, built as a pure function from data to a `folium.Map`.

The app, the tests and the benchmark all call `build_map`.  Sites travel to
the browser once, as compact arrays; each topic layer (lighting, gating,
fencing) draws its markers from them on first show.  Every piece of text is
put into the page with `textContent` in the browser, never as markup.
"""
from __future__ import annotations

import json
import math
import re
from typing import Iterable, Sequence

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo import symbols
from geo.model import Annotation, Site
from geo.status import TOPICS, Status, Topic
from geo.ward import Ward

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


def _site_rows(sites: Iterable[Site]) -> list[list]:
    rows = []
    for s in sites:
        row = [round(s.lon, 6), round(s.lat, 6), s.site_id, s.name]
        row += [_STATUS_INDEX[s.topics[topic].status] for topic in TOPICS]
        row.append(1 if s.position.is_approximate else 0)
        rows.append(row)
    return rows


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


def site_payload(sites: Sequence[Site]) -> str:
    """The sites and the status symbols as the map's JSON: the per-site work of
    `build_map`, which a caller may compute once and pass in again."""
    return to_script_json(
        {
            "statuses": [
                {"label": st.label, "svg": symbols.svg(st), "approx": symbols.svg(st, approximate=True)}
                for st in STATUSES
            ],
            "topics": [t.label for t in Topic],
            "sites": _site_rows(sites),
        }
    )


class SiteTopicLayer(folium.map.Layer):
    """One switchable layer: every site drawn by its status on one topic."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
(function (layer, data, t) {
  // Each status's symbol is parsed once and cloned for every marker; tooltips
  // are built only when first shown.  All text goes in as textContent.
  var SiteIcon = L.Icon.extend({
    options: {iconSize: [26, 26], iconAnchor: [13, 13], className: "ward-site"},
    createIcon: function (old) {
      var el = this.options.template.cloneNode(true);
      this._setIconStyles(el, "icon");
      el.setAttribute("aria-label", this.options.label);
      el.setAttribute("data-site-id", this.options.site);
      return el;
    },
    createShadow: function () { return null; }
  });
  var templates = {};
  function template(key, html) {
    if (!templates[key]) {
      var div = document.createElement("div");
      div.innerHTML = html;
      templates[key] = div;
    }
    return templates[key];
  }
  function tooltip(marker) {
    var s = marker.site, st = data.statuses[s[4 + t]];
    var tip = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = s[3];
    tip.appendChild(name);
    tip.appendChild(document.createElement("br"));
    tip.appendChild(document.createTextNode(data.topics[t] + ": " + st.label));
    if (s[7] === 1) {
      tip.appendChild(document.createElement("br"));
      tip.appendChild(document.createTextNode("Approximate position"));
    }
    return tip;
  }
  function choose() { layer._map.fire("click", {latlng: this.getLatLng()}); }
  // Leaflet turns Enter into a click only for markers with popups: choose the site by keyboard too.
  function chooseByKey(e) {
    var key = e.originalEvent.key;
    if (key === "Enter" || key === " ") {
      e.originalEvent.preventDefault();
      choose.call(this);
    }
  }
  var built = false;
  layer.on("add", function () {
    if (built) { return; }
    built = true;
    data.sites.forEach(function (s) {
      var code = s[4 + t], st = data.statuses[code], approx = s[7] === 1;
      var words = s[3] + ": " + data.topics[t].toLowerCase() + " " + st.label.toLowerCase() +
                  (approx ? " (approximate position)" : "");
      var icon = new SiteIcon({template: template(code + (approx ? "a" : ""), approx ? st.approx : st.svg),
                               label: words, site: s[2]});
      var m = L.marker([s[1], s[0]], {icon: icon, keyboard: true, riseOnHover: true});
      m.site = s;
      m.bindTooltip(tooltip);
      m.on("click", choose);
      m.on("keypress", chooseByKey);
      layer.addLayer(m);
    });
  });
})({{ this.get_name() }}, {{ this.data.get_name() }}, {{ this.topic_index }});
{% endmacro %}"""
    )

    def __init__(self, data: ScriptData, topic: Topic, show: bool):
        super().__init__(name=f"{topic.label} status", overlay=False, control=True, show=show)
        self._name = "SiteTopicLayer"
        self.data = data
        self.topic_index = list(Topic).index(topic)


class AnnotationLayer(folium.map.Layer):
    """Public design-out-crime annotations, as an overlay of their own."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
{{ this.data.get_name() }}.forEach(function (a) {
  var icon = L.divIcon({html: {{ this.icon }}, className: "ward-note", iconSize: [22, 22], iconAnchor: [11, 22]});
  var m = L.marker([a[1], a[0]], {icon: icon, keyboard: true});
  var tip = document.createElement("div");
  var head = document.createElement("strong");
  head.textContent = a[2];
  tip.appendChild(head);
  tip.appendChild(document.createElement("br"));
  tip.appendChild(document.createTextNode(a[3]));
  m.bindTooltip(tip);
  m.on("add", function () { m.getElement().setAttribute("aria-label", a[2] + ": " + a[3]); });
  {{ this.get_name() }}.addLayer(m);
});
{% endmacro %}"""
    )

    def __init__(self, data: ScriptData):
        super().__init__(name="Design advisor notes (public)", overlay=True, control=True, show=True)
        self._name = "AnnotationLayer"
        self.data = data  # added to the map before this layer, so its variable exists first
        self.icon = to_script_json(
            '<svg xmlns="http://www.w3.org/2000/svg" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">'
            '<path d="M2 2h18v13h-7l-2 5-2-5H2z" fill="#F0E442" stroke="#000" stroke-width="1.5"/>'
            '<path d="M11 5v5M11 12v1.5" stroke="#000" stroke-width="2"/></svg>'
        )


class Legend(MacroElement):
    """A Leaflet control listing every status with its symbol."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "bottomleft"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "ward-legend");
    div.setAttribute("role", "list");
    div.setAttribute("aria-label", "Map legend");
    div.style.cssText = "background:#fff;padding:6px 8px;font:13px/1.35 sans-serif;color:#111;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.4)";
    div.innerHTML = {{ this.html }};
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}"""
    )

    def __init__(self, with_notes: bool):
        super().__init__()
        self._name = "Legend"
        rows = [
            f'<div role="listitem">{symbols.svg(st, size=16)} {st.label}</div>' for st in STATUSES
        ]
        rows.append(f'<div role="listitem">{symbols.svg(Status.NOT_RECORDED, size=16, approximate=True)} '
                    "Dashed ring: approximate position</div>")
        if with_notes:
            rows.append('<div role="listitem">Yellow note: design advisor observation</div>')
        self.html = to_script_json("".join(rows))


def _note_rows(annotations: Iterable[Annotation], sites: Sequence[Site]) -> list[list]:
    where = {s.site_id: (s.lon, s.lat) for s in sites}
    rows = []
    for a in annotations:
        if a.visibility.value != "public":  # partners-only notes never reach a resident's browser
            continue
        lon, lat = (a.lon, a.lat) if a.lon is not None and a.lat is not None else where.get(a.site_id, (None, None))
        if lon is None:
            continue
        rows.append([round(lon, 6), round(lat, 6), a.category.label, a.observation])
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
    """The resident map: ward boundary, one layer per topic, public notes, legend.

    `sites` and `annotations` are WGS84.  `topic` is the layer shown first.
    With `asset_base_url`, Leaflet and folium's other assets load from there
    instead of public CDNs.  `payload` is `site_payload(sites)`, if already made."""
    minx, miny, maxx, maxy = ward.boundary.bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=16,
        tiles=None,
        control_scale=True,
    )
    if tiles and tiles.lower() != "none":
        folium.TileLayer(tiles, control=False).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    folium.GeoJson(
        ward.boundary_geojson,
        name=f"{ward.name} ward boundary",
        style_function=lambda _: {"color": "#333", "weight": 2, "dashArray": "6 4", "fillOpacity": 0.03},
        interactive=False,
    ).add_to(m)
    data = ScriptData(payload=payload if payload is not None else site_payload(sites))
    m.add_child(data)
    for t in Topic:
        m.add_child(SiteTopicLayer(data, t, show=(t is topic)))
    notes = _note_rows(annotations, sites)
    if notes:
        note_data = ScriptData(notes)
        m.add_child(note_data)
        m.add_child(AnnotationLayer(note_data))
    m.add_child(Legend(with_notes=bool(notes)))
    folium.LayerControl(collapsed=False).add_to(m)
    if asset_base_url:
        from geo.assets import localise

        localise(m, asset_base_url)
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
