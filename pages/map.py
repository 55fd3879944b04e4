"""The resident map: the public landing page."""
import streamlit as st

from geo import clock
from geo.sites.mapview import site_for_map_event
from geo.status import Topic
from geo.text import plain_markdown
from ui import map_component, show, site_panel
from ui.context import context, map_inputs, resident_map
from ui.site_picker import choose_site

MAP_HEIGHT = 440  # px: with the title and one line, inside a phone's first screen (390x844)

ctx = context()
inputs = map_inputs(ctx.store)  # built once per data revision: the sites, their table and the map's data
directory, sites = inputs.directory, inputs.directory.sites
# A phone's first screen is the map: a short title, the map, one line about the colours; the rest below.
st.title(f"{plain_markdown(ctx.ward.name)} ward safety map")

# Rendered once per data revision and shared: the same for every resident until something changes.
# The first layer shown is gating, the topic the plan says most about; lighting and fencing are a click away.
ward_map = resident_map(ctx, inputs, topic=Topic.GATING)
linked = st.query_params.get("site")  # a shared link, or a link from the action plan page
if linked in directory and st.session_state.get("site_link_seen") != linked:
    st.session_state["site_link_seen"] = linked
    st.session_state["site_choice"] = linked
# Only a click reruns the script: panning and zooming return nothing.  The map highlights the
# site named by ?site= in the address (set below), so a choice never draws the map again.
event = map_component.show(ward_map, key="ward_map", height=MAP_HEIGHT, returned_objects=["last_clicked"])
show.caption("Shapes and colours are statuses (Map key). Tap a site to see where it stands.")
click = (event or {}).get("last_clicked")
if click and click != st.session_state.get("map_click_seen"):
    st.session_state["map_click_seen"] = click
    clicked = site_for_map_event(event, sites)
    if clicked:
        st.session_state["site_choice"] = clicked

chosen = directory.get(st.session_state.get("site_choice"))
if chosen:  # its name and three statuses straight under the map, inside the first screen
    site_panel.glance(chosen)

choice = choose_site(directory, label="Choose a site to see its details", key="site_choice")
if choice:
    st.query_params["site"] = choice.site_id  # the link to share, and what the map highlights
    st.session_state["site_link_seen"] = choice.site_id
    site_panel.render(choice, ctx.plan, ctx.store, today=clock.today(), number=directory.number(choice.site_id),
                      glanced=True)  # glance is above

st.header("About this map")
st.markdown(
    "Sites picked out on the February 2019 evening walkabout for lighting, gating and fencing work, "
    "with where each stands. Switch between **lighting**, **gating** and **fencing** with the layer "
    "control on the map; choose a site on the map or from the list above."
)
for note in inputs.notes:
    show.info(note)

st.header("All sites")
show.paged(inputs.table, key="sites_page", noun="sites", grid_on_request=True)  # the map first
show.caption(" · ".join(f"{a.data}: {a.text}" for a in ctx.ward.attributions if "boundary" in a.data.lower()))
