"""Proposing a site's position from where the walker stands, on the Record a walk page.

"Use my location" is a small Streamlit component (ui/components/phone_position/: an HTML
page, its script and its style, served by the app itself) that asks the browser where the
phone is.  Its answer, read by geo.walks.geolocation, fills the latitude, longitude and accuracy
fields; they stay there to type into, or to correct, whatever the phone says."""
from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import streamlit as st
from streamlit.components.v1 import declare_component

from geo.errors import InvalidInput, WardError
from geo.walks.geolocation import ACCURACY_MAX_M, TIMEOUT_S, read_fix
from geo.model import Site
from geo.walks.walkabout import Walk
from ui import show
from ui.context import context

_locate = declare_component("phone_position", path=str(Path(__file__).parent / "components" / "phone_position"))
FIELDS = ("propose_lat", "propose_lon", "propose_acc")  # session-state keys of the three fields


def use_my_location(*, key: str, fields: Sequence[str] = FIELDS) -> None:
    """The button.  The phone's answer fills `fields` (latitude, longitude, accuracy) before
    the run that follows it; what happened is said under the button."""
    _locate(label="Use my location", waiting=f"Finding your position… (up to {TIMEOUT_S} seconds)",
            timeout_ms=TIMEOUT_S * 1000, key=key, default=None, on_change=partial(_fill, key, tuple(fields)))
    notice = st.session_state.pop(key + "_notice", None)
    if notice:
        getattr(show, notice[0])(notice[1])


def _fill(key: str, fields: tuple[str, str, str]) -> None:
    """on_change: runs before the page, so it may still set the fields' values."""
    try:
        fix = read_fix(st.session_state.get(key))
    except InvalidInput as exc:
        st.session_state[key + "_notice"] = ("warning", str(exc))
        return
    for field, value in zip(fields, (fix.lat, fix.lon, fix.accuracy_m), strict=True):
        st.session_state[field] = value
    st.session_state[key + "_notice"] = ("success", f"Your phone puts you at {fix.describe()}. Check the site "
                                         "above, then propose this position.")


def propose_form(walk: Walk, sites: Sequence[Site]) -> None:
    """Choose a site, fill its position from the phone or by hand, and propose it for a planner to decide."""
    ctx = context()
    names = {s.site_id: s.name for s in sites}
    site_id = st.selectbox("Site", list(names), format_func=names.get, key=f"propose_site_{walk.id}")
    use_my_location(key="propose_locate")
    show.caption("Or type the latitude and longitude your phone's map shows, and the accuracy it reports.")
    c1, c2, c3 = st.columns(3)
    lat = c1.number_input("Latitude", value=None, format="%.6f", key=FIELDS[0])
    lon = c2.number_input("Longitude", value=None, format="%.6f", key=FIELDS[1])
    accuracy = c3.number_input("Accuracy (metres)", value=None, min_value=0.0, max_value=float(ACCURACY_MAX_M),
                               key=FIELDS[2])
    if st.button("Propose this position", key=f"propose_save_{walk.id}"):  # proposed on this walk, by its id
        if None in (lat, lon, accuracy):
            show.error("Type the latitude, the longitude and the accuracy, or tap Use my location, then propose "
                       "the position.")
            return
        try:
            ctx.store.walks.propose_position(ctx.user, walk.id, site_id, lon, lat, accuracy)
            show.success(f"Proposed. A planner will confirm or reject the position of {names[site_id]}.")
        except WardError as exc:
            show.error(exc)
