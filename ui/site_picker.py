"""Choosing a site on a small map or from a list, for the staff pages."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit_folium import st_folium

from geo.sites.mapview import build_map, site_for_map_event
from geo.model import Site
from geo.status import Topic
from ui.context import context, settings


def pick_site(sites: Sequence[Site], *, key: str, with_map: bool = True) -> Site | None:
    """A map to click and a select box; the select box is the keyboard route."""
    choice_key = f"{key}_site"
    if with_map:
        ctx, config = context(), settings()
        event = st_folium(
            build_map(ctx.ward, sites, topic=Topic.GATING, tiles=config.map_tiles,
                      asset_base_url=config.asset_base_url),
            key=f"{key}_map", height=360, use_container_width=True, returned_objects=["last_clicked"],
        )
        click = (event or {}).get("last_clicked")
        if click and click != st.session_state.get(f"{key}_click_seen"):
            st.session_state[f"{key}_click_seen"] = click
            clicked = site_for_map_event(event, sites)
            if clicked:
                st.session_state[choice_key] = clicked
    names = {s.site_id: s.name for s in sites}
    chosen = st.selectbox("Site", list(names), format_func=names.get, index=None,
                          placeholder="Choose a site", key=choice_key)
    return next((s for s in sites if s.site_id == chosen), None)


def clicked_point(event: dict | None) -> tuple[float, float] | None:
    """(lon, lat) of the last map click, WGS84, or None."""
    point = (event or {}).get("last_clicked")
    if not isinstance(point, dict):
        return None
    try:
        return float(point["lng"]), float(point["lat"])
    except (KeyError, TypeError, ValueError):
        return None


def site_to_edit(*, key: str) -> Site:
    """The staff page preamble, after ui.access.guard: wait for a site to be chosen."""
    ctx = context()
    site = pick_site(ctx.store.sites(), key=key)
    if site is None:
        st.info("Choose a site on the map or from the list.")
        st.stop()
    return site
