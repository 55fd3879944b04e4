"""A walk's route on the ward map, as a pure function from data to a `folium.Map`.

The route is drawn as a line through numbered circles; the only text put on
the map is each stop's number, always shown (a phone has no hover; the names
are listed beside the map), so no user text ever becomes markup.  The line and
the circles carry the classes ROUTE_CLASS and STOP_CLASS; their look is in
static/css/ward-map.css.  Coordinates are WGS84 (lon, lat)."""
from __future__ import annotations

from collections.abc import Sequence

import folium

from geo.sites.mapview import build_map
from geo.model import Site
from geo.status import Topic
from geo.walks.walkabout import RouteStop
from geo.sites.ward import Ward

ROUTE_COLOUR = "#5b2a86"  # dark purple: apart from every status colour, high contrast on tiles
NEW_POINT_COLOUR = "#b3001b"
ROUTE_CLASS, STOP_CLASS, NUMBER_CLASS = "ward-route", "ward-route-stop", "ward-route-number"


def build_walk_map(ward: Ward, sites: Sequence[Site], route: Sequence[RouteStop], *,
                   pending: tuple[float, float] | None = None, tiles: str | None = "OpenStreetMap",
                   asset_base_url: str | None = None) -> folium.Map:
    """The ward map with the route drawn on it; `pending` (lon, lat) is a point clicked but not yet added."""
    m = build_map(ward, sites, topic=Topic.LIGHTING, tiles=tiles, asset_base_url=asset_base_url)
    points = [(s.lat, s.lon) for s in route]
    if len(points) > 1:
        folium.PolyLine(points, color=ROUTE_COLOUR, weight=5, opacity=0.9, className=ROUTE_CLASS).add_to(m)
    for i, (lat, lon) in enumerate(points, 1):
        stop = folium.CircleMarker((lat, lon), radius=11, color="#ffffff", weight=3, fill=True,
                                   fill_color=ROUTE_COLOUR, fill_opacity=1, className=STOP_CLASS)
        # The number sits on the circle, above the site markers (Leaflet's tooltip pane).
        stop.add_child(folium.Tooltip(str(i), sticky=False, permanent=True, direction="center",
                                      className=NUMBER_CLASS))
        stop.add_to(m)
    if pending is not None:
        lon, lat = pending
        folium.CircleMarker((lat, lon), radius=9, color=NEW_POINT_COLOUR, weight=4, fill=False,
                            tooltip="New point").add_to(m)
    return m
