"""Choosing a site from a list (every site while they are few, a search past that), and on a
small map for the staff pages."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit_folium import st_folium

from geo.sites.directory import SiteDirectory
from geo.sites.mapview import build_map, site_for_map_event
from geo.model import Site
from geo.records import SITE_SEARCH
from geo.status import Topic
from ui import forms, show
from ui.context import context, settings

LIST_ALL_UP_TO = 200  # sites: up to this many the select box lists them all, as a phone shows 7 today
MATCHES = 50  # past that, a search lists at most this many matches


def choose_site(directory: SiteDirectory, *, label: str, key: str, placeholder: str = "Choose a site") -> Site | None:
    """A select box of every site; past LIST_ALL_UP_TO sites, a search box and a select box of its
    matches (the site already chosen, by the map or a link, stays listed).  The choice is the site
    id in st.session_state[key]."""
    if len(directory) <= LIST_ALL_UP_TO:
        names = directory.names()
        chosen = st.selectbox(label, list(names), format_func=names.get, index=None, placeholder=placeholder,
                              key=key)
        return directory.get(chosen)
    query = forms.text(SITE_SEARCH, about=f"one of {len(directory):,}", key=f"{key}_search")
    found = [s.site_id for s in directory.find(query, limit=MATCHES)]
    current = st.session_state.get(key)
    options = ([current] if current in directory and current not in found else []) + found
    chosen = st.selectbox(label, options, format_func=directory.label, index=None, placeholder=placeholder,
                          key=key)
    if query.strip() and not found:
        show.caption(f"No site's name or number matches \"{query.strip()}\". Try part of the name.")
    elif len(found) == MATCHES:
        show.caption(f"The first {MATCHES} matches are listed: type more of the name, or its number, to narrow them.")
    return directory.get(chosen)


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
    return choose_site(SiteDirectory(sites), label="Site", key=choice_key)


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
