"""Planning team: move a site and mark its position confirmed."""
import streamlit as st

from geo.status import Position
from geo.text import plain_markdown
from ui import edits
from ui.context import context
from ui.site_picker import site_to_edit
from geo import navigation
from ui.access import guard
from geo.records import REASON
from ui import forms

LABELS = {  # widget key (after the form's prefix) -> label
    "lat": "Latitude (WGS84)", "lon": "Longitude (WGS84)", "confirmed": "Position confirmed on site",
    "reason": REASON.label,
}

ctx = context()
st.title("Site positions")
guard(navigation.POSITIONS)
site_id = site_to_edit(key="positions").site_id

record = edits.opened(site_id)
site = record.site
st.markdown(f"**Now:** {site.lat:.6f}, {site.lon:.6f} (latitude, longitude). {plain_markdown(site.position.label)}.")
k = edits.form_key("position", record)
with st.form(k + "form"):
    c1, c2 = st.columns(2)
    lat = c1.number_input(LABELS["lat"], value=site.lat, format="%.6f", step=0.00001, key=k + "lat")
    lon = c2.number_input(LABELS["lon"], value=site.lon, format="%.6f", step=0.00001, key=k + "lon")
    confirmed = st.checkbox(LABELS["confirmed"], value=site.position is Position.CONFIRMED, key=k + "confirmed")
    reason = forms.text(REASON, key=k + "reason")
    saved = st.form_submit_button("Save position")

if saved:
    edits.save(
        site_id,
        lambda version: ctx.store.move_site(ctx.user, site_id, lon, lat, confirmed=confirmed,
                                            expected_version=version, reason=reason),
        form=k, labels=LABELS,
        saved=lambda updated: f"Saved. {updated.name} is now at {updated.lat:.6f}, {updated.lon:.6f}; "
                              "the history keeps the old position.",
    )
edits.show_outcome(site_id)
