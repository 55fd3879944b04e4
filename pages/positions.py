"""Planning team: move a site and mark its position confirmed."""
import streamlit as st

from geo.roles import Action
from geo.text import plain_markdown
from ui import edits, show
from ui.context import context
from ui.site_picker import site_to_edit

ctx = context()
st.title("Site positions")
site = site_to_edit(Action.MOVE_SITE, "Only the planning team can move sites. Sign in with a planning account.",
                    key="positions")

opened = edits.opened_version(site)
st.markdown(f"**Now:** {site.lat:.6f}, {site.lon:.6f} (latitude, longitude). {plain_markdown(site.position.label)}.")
k = f"position_{site.site_id}_"
with st.form(k + "form"):
    c1, c2 = st.columns(2)
    lat = c1.number_input("Latitude (WGS84)", value=site.lat, format="%.6f", step=0.00001, key=k + "lat")
    lon = c2.number_input("Longitude (WGS84)", value=site.lon, format="%.6f", step=0.00001, key=k + "lon")
    confirmed = st.checkbox("Position confirmed on site", value=site.position.value == "confirmed", key=k + "confirmed")
    reason = st.text_input("Reason (kept in the public history)", max_chars=300, key=k + "reason")
    saved = st.form_submit_button("Save position")

if saved:
    updated = edits.save(lambda: ctx.store.move_site(ctx.user, site.site_id, lon, lat, confirmed=confirmed,
                                                     expected_version=opened, reason=reason), k)
    if updated:
        show.success(f"Saved. {updated.name} is now at {updated.lat:.6f}, {updated.lon:.6f}; "
                     "the history keeps the old position.")
