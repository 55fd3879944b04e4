"""Police Crime Prevention Design Advisor: design-out-crime notes on sites or points."""
import streamlit as st
from streamlit_folium import st_folium

from geo.errors import WardError
from geo.mapview import build_map, site_for_map_event
from geo.model import Annotation, describe_day
from geo.roles import Action
from geo.status import Category, Severity, Visibility
from geo.text import plain_markdown
from ui import show
from ui.context import context, settings
from ui.site_picker import clicked_point

ctx = context()
st.title("Design-out-crime notes")
if not ctx.can(Action.ANNOTATE):
    st.error("Only the Police Crime Prevention Design Advisor can add notes. Sign in with that account.")
    st.stop()

sites = ctx.store.sites()
names = {s.site_id: s.name for s in sites}
config = settings()
st.markdown("Click a site or any point on the map, or choose a site from the list.")
event = st_folium(build_map(ctx.ward, sites, annotations=ctx.store.annotations(include_partners=False),
                            tiles=config.map_tiles, asset_base_url=config.asset_base_url),
                  key="notes_map", height=380, use_container_width=True, returned_objects=["last_clicked"])
click = (event or {}).get("last_clicked")
if click and click != st.session_state.get("notes_click_seen"):
    st.session_state["notes_click_seen"] = click
    clicked = site_for_map_event(event, sites)
    st.session_state["notes_site"] = clicked
    st.session_state["notes_point"] = None if clicked else clicked_point(event)

site_id = st.selectbox("Site", list(names), format_func=names.get, index=None,
                       placeholder="No site: a point on the map", key="notes_site")
point = st.session_state.get("notes_point") if site_id is None else None
if site_id is None and point is None:
    st.info("Choose a site, or click the map to place the note at a point.")
    st.stop()
where = names[site_id] if site_id else f"the point {point[1]:.6f}, {point[0]:.6f}"
st.markdown(f"**Note about:** {plain_markdown(where)}")

if "note_added" in st.session_state:
    st.success(st.session_state.pop("note_added"))

with st.form("note_form"):
    category = st.selectbox("Heading", list(Category), format_func=lambda c: c.label, key="note_category")
    severity = st.radio("Severity", list(Severity), format_func=lambda s: s.label, horizontal=True, key="note_severity")
    observation = st.text_area("Observation", max_chars=2000, key="note_observation")
    recommendation = st.text_area("Recommendation", max_chars=2000, key="note_recommendation")
    visibility = st.radio("Who can see it", list(Visibility), format_func=lambda v: v.label, horizontal=True,
                          key="note_visibility")
    saved = st.form_submit_button("Add note")

if saved:
    lon, lat = point if point else (None, None)
    note = Annotation(None, site_id, lon, lat, category, severity, observation, recommendation, visibility)
    try:
        added = ctx.store.add_annotation(ctx.user, note)
    except WardError as exc:
        show.error(f"Nothing was saved: {exc}")
    else:  # empty the form for the next note; a refused note keeps what was typed
        for key in ("note_category", "note_severity", "note_observation", "note_recommendation", "note_visibility"):
            del st.session_state[key]
        st.session_state["note_added"] = f"Added a {added.visibility.label.lower()} note about {plain_markdown(where)}."
        st.rerun()

st.header("Notes so far")
for a in ctx.store.annotations(include_partners=True):
    place = names.get(a.site_id, f"point {a.lat:.5f}, {a.lon:.5f}" if a.lat is not None else "unknown place")
    st.markdown(f"- **{plain_markdown(place)}**, {a.category.label}, {a.severity.label.lower()}, "
                f"{a.visibility.label.lower()}, {plain_markdown(describe_day(a.created_at))}: "
                f"{plain_markdown(a.observation)}")
