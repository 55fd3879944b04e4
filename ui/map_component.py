"""st_folium's map component, with the map rendered once and its rendering reused.

st_folium renders the folium map on every script run: for the resident map that is
most of a new session's server time (about 20 ms of its 50), the same for every
session until the data changes.  `rendered` does what st_folium does before it
hands the map to its component, once; `show` hands the result over, as st_folium
would, on every run.  Only plain `folium.Map`s are handled (no DualMap, no feature
group or layer control added at call time): what this app's maps are.
tests/test_map_component.py checks that the component receives exactly what
st_folium would give it, so an upgrade of streamlit-folium that changes that fails there."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium

_ALL_RETURNED = ("last_clicked", "last_object_clicked", "last_object_clicked_count",
                 "last_object_clicked_tooltip", "last_object_clicked_popup", "all_drawings",
                 "last_active_drawing", "bounds", "zoom", "last_circle_radius", "last_circle_polygon",
                 "selected_layers", "selected_tags", "last_geocoder_result")


@dataclass(frozen=True)
class RenderedMap:
    """What st_folium's component is given for one map: strings, shared read-only by every session."""
    script: str
    header: str
    html: str
    map_id: str
    bounds: tuple[tuple[float, float], tuple[float, float]]
    zoom: int | None
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def rendered(folium_map: folium.Map) -> RenderedMap:
    """Render `folium_map` as st_folium does (this changes the map: use it for nothing else)."""
    folium_map.get_root().render()
    folium_map.render()
    html = streamlit_folium._get_html(folium_map)  # before _get_map_string, which renames the map's parts
    header = streamlit_folium._get_header(folium_map)
    script = streamlit_folium._get_map_string(folium_map)
    css: list[str] = []
    js: list[str] = []
    for element in _with_assets(folium_map):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    (south, west), (north, east) = folium_map.get_bounds()
    return RenderedMap(script=script, header=header, html=html, map_id=streamlit_folium.get_full_id(folium_map),
                       bounds=((south, west), (north, east)), zoom=folium_map.options.get("zoom"),
                       css_links=tuple(dict.fromkeys(css)), js_links=tuple(dict.fromkeys(js)))


def show(rendered_map: RenderedMap, *, key: str, height: int, returned_objects: Sequence[str],
         use_container_width: bool = True, width: int | None = 500):
    """Draw the map as st_folium(map, key=..., height=..., returned_objects=...) would, and
    return what it returns: the component's latest value, or its defaults before any."""
    unknown = set(returned_objects) - set(_ALL_RETURNED)
    if unknown:
        raise ValueError(f"st_folium returns no {sorted(unknown)}")
    hash_key = _hash_key(rendered_map.script, key)

    def on_change():
        st.session_state[key] = st.session_state.get(hash_key, {})

    return streamlit_folium._component_func(
        script=rendered_map.script, header=rendered_map.header, html=rendered_map.html, id=rendered_map.map_id,
        key=hash_key, height=height, width=None if use_container_width else width,
        returned_objects=list(returned_objects), default=_defaults(rendered_map, returned_objects),
        zoom=None, center=None, feature_group=None, return_on_hover=False, layer_control=None,
        pixelated=False, css_links=list(rendered_map.css_links), js_links=list(rendered_map.js_links),
        on_change=on_change, wrap_longitude=False,
    )


@functools.lru_cache(maxsize=32)
def _hash_key(script: str, key: str) -> str:
    """st_folium's widget key for this map: regular expressions over the whole script, so made once
    per rendered map (at 10,000 sites they were a fifth of the map page's run)."""
    return streamlit_folium.generate_js_hash(script, key, False)


def _defaults(rendered_map: RenderedMap, returned_objects: Sequence[str]) -> dict:
    (south, west), (north, east) = rendered_map.bounds
    values = {name: None for name in _ALL_RETURNED}
    values["bounds"] = {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
    values["zoom"] = rendered_map.zoom
    return {name: values[name] for name in _ALL_RETURNED if name in returned_objects}


def _with_assets(element):
    """`element` and everything under it that names CSS or JS files (st_folium's own walk)."""
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _with_assets(child)
