"""Shared by the walk pages: refusing the wrong role, choosing a walk, the route map,
and a walk's recorded stops as cards."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
import streamlit_folium

from geo.walks.route_map import build_walk_map
from geo.walks.public_walks import in_route_order, stop_row, walk_heading
from geo.walks.walkabout import RouteStop, Walk
from ui import show
from ui.context import context, settings
from ui.site_picker import clicked_point


def choose_walk(walks: Sequence[Walk], *, key: str, label: str = "Walk") -> Walk | None:
    if not walks:
        return None
    by_id = {w.id: w for w in walks}
    chosen = st.selectbox(label, list(by_id), format_func=lambda i: walk_heading(by_id[i]), key=key)
    return by_id.get(chosen)


def route_map(route: Sequence[RouteStop], *, key: str, pending=None, height: int = 360):
    """The route on the ward map; returns (lon, lat) of a click, or None."""
    ctx, config = context(), settings()
    event = streamlit_folium.st_folium(  # looked up per call, so tests can stand in for a click
        build_walk_map(ctx.ward, ctx.store.sites(), route, pending=pending, tiles=config.map_tiles,
                       asset_base_url=config.asset_base_url),
        key=key, height=height, use_container_width=True, returned_objects=["last_clicked"])
    return clicked_point(event)


def route_list(route: Sequence[RouteStop]) -> None:
    for i, s in enumerate(route, 1):
        show.text(f"{i}. {s.label}")
    if not route:
        show.text("No stops yet.")


def stop_cards(walk: Walk, stops, *, empty: str = "No stop recorded yet.") -> None:
    """Each recorded stop as a card, one line per thing recorded, readable on a 390 px phone
    (17 columns in a table are not)."""
    names = {s.site_id: s.name for s in context().store.sites()}
    if not stops:
        show.info(empty)
    for stop in in_route_order(stops):
        row = stop_row(walk, stop, names)
        with st.container(border=True, key=f"stop_card_{stop.id}"):
            show.labelled("Stop", row.pop("Stop"))
            for label, value in row.items():
                if value:
                    show.labelled(label, value)


def stop_details(walk: Walk, stop) -> None:
    """One stop as a narrow two-column table, for phones: only what was recorded."""
    names = {s.site_id: s.name for s in context().store.sites()}
    show.table([{"Measure": k, "Recorded": v} for k, v in stop_row(walk, stop, names).items() if v and k != "Stop"],
               empty="Nothing was scored at this stop.")
