"""Police Crime Prevention Design Advisor: design-out-crime notes on sites or points."""
import streamlit as st
from streamlit_folium import st_folium

from geo.sites.mapview import build_map, site_for_map_event
from ui import notes, show
from ui.context import context, settings
from ui.site_picker import clicked_point
from geo import navigation
from ui.access import guard

ctx = context()
st.title("Design-out-crime notes")
guard(navigation.ANNOTATIONS)

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
notes.show_done()
if site_id is None and point is None:
    st.info("Choose a site, or click the map to place the note at a point.")
else:
    where = names[site_id] if site_id else f"the point {point[1]:.6f}, {point[0]:.6f}"
    show.labelled("Note about", where)
    notes.new_note_form(ctx, site_id, point, where)

st.header("Notes so far")
notes.note_list(ctx, names)
