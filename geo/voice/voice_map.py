"""The aggregate as a map layer: a pure function from an Aggregate to a `folium.Map`, for the page and the tests.

Only published squares are drawn, each as its outline with its count on it; a square a resident has just
chosen is drawn dashed, as a square, never as the point tapped.  Leaflet alone draws it (no CDN: the
assets are localised like the ward map's).  Every label is a number the app made: no user text."""
from __future__ import annotations

import json

import folium
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.sites import map_assets as assets
from geo.sites.ward import Ward
from geo.voice.aggregate import Aggregate, Area
from geo.voice.grid import Cell

COLOUR = "#b34700"  # dark orange: white text on it passes WCAG AA
LABEL_STYLE = f"background-color: {COLOUR}; color: #fff; font-weight: bold; font-size: 14px; border: 0;"


def build_voice_map(ward: Ward, found: Aggregate, *, chosen: Cell | None = None, tiles: str | None = "OpenStreetMap",
                    asset_base_url: str | None = None) -> folium.Map:
    """The ward with each published square of `found` (WGS84), the biggest underneath, and `chosen` dashed."""
    minx, miny, maxx, maxy = ward.boundary.bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=15, tiles=None, control_scale=True)
    assets.leaflet_only(m)
    if tiles and tiles.lower() != "none":
        folium.TileLayer(tiles, control=False).add_to(m)
    # Interactive, so the pointer says "tap here"; its taps still reach the map (st_folium's last_clicked).
    folium.GeoJson(ward.boundary_geojson, name=f"{ward.name} ward boundary",
                   style_function=lambda _: {"color": "#333", "weight": 2, "dashArray": "6 4", "fillOpacity": 0.03},
                   ).add_to(m)
    if found.areas:
        most = max(a.count for a in found.areas)
        folium.GeoJson(
            {"type": "FeatureCollection", "features": [_feature(a, most) for a in found.areas]},
            name="Where residents felt unsafe",
            style_function=lambda f: f["properties"]["style"],
            tooltip=folium.GeoJsonTooltip(fields=["count"], labels=False, permanent=True, direction="top",
                                          sticky=False, class_name="voice-count", style=LABEL_STYLE),
        ).add_to(m)
    if chosen is not None:
        folium.GeoJson(_polygon(chosen), name="The square you chose", interactive=False,
                       style_function=lambda _: {"color": "#0b5394", "weight": 3, "dashArray": "4 4",
                                                 "fillOpacity": 0.1}).add_to(m)
    m.add_child(_Fit(assets.app_file_url(assets.VOICE_MAP_JS, asset_base_url), [[miny, minx], [maxy, maxx]]))
    if asset_base_url:
        assets.localise(m, asset_base_url)
    return m


class _Fit(JSCSSMixin):
    """Loads static/js/voice-map.js and fits the ward once the frame has its size (VoiceMap.fit)."""

    _template = Template("""{% macro script(this, kwargs) %}
VoiceMap.fit({{ this._parent.get_name() }}, {{ this.bounds }});
{% endmacro %}""")

    def __init__(self, js_url: str, bounds: list[list[float]]):
        super().__init__()
        self._name = "VoiceMapFit"
        self.default_js = [("voice_map", js_url)]
        self.bounds = json.dumps(bounds)


def _feature(a: Area, most: int) -> dict:
    return {**_polygon(a.cell), "properties": {"count": str(a.count), "style": {
        "color": COLOUR, "weight": 2, "fillColor": COLOUR, "fillOpacity": round(0.15 + 0.45 * a.count / most, 2)}}}


def _polygon(cell: Cell) -> dict:
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[list(c) for c in cell.corners()]]},
            "properties": {}}


def point_of(event: dict | None) -> tuple[float, float] | None:
    """The WGS84 (lon, lat) a tap on the map landed on, from what `st_folium` returns, or None."""
    point = (event or {}).get("last_clicked")
    if not isinstance(point, dict):
        return None
    try:
        return float(point["lng"]), float(point["lat"])
    except (KeyError, TypeError, ValueError):
        return None
