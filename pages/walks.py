"""Published walkabouts, for anyone: when, the route, each stop's scores in words,
the published photos, and what each finding became."""
import streamlit as st

from geo.text import plain_markdown
from geo.walks.public_walks import attendance_text, stop_label
from ui import show
from ui import photo_previews as walk_photos
from ui import walk_pages as walks
from ui.context import context

ctx = context()
st.title("Walks")
st.markdown("Residents, the Community Working Group, Community Safety and the design advisor walk the ward "
            "together, by day and after dark, and score each stop on nine measures from 0 to 3. Here are the "
            "published walks, with what each finding became.")
public = {w.walk.id: w for w in ctx.store.walks.published()}
walk = walks.choose_walk([w.walk for w in public.values()], key="public_walk", label="Choose a walk")
if walk is None:
    show.info("No walk has been published yet.")
    st.stop()

show.labelled("Date", f"{walk.on:%A %-d %B %Y}, starting {walk.starts:%H:%M}")
show.labelled("Phase", walk.phase.label)
show.labelled("Who came", attendance_text(walk))
if walk.follows:
    show.labelled("Follows up commitments", ", ".join(c.upper() for c in walk.follows))
walks.route_map(walk.route, key="public_walk_map")
walks.route_list(walk.route)

stops = public[walk.id].stops
photos = ctx.store.photos.published(walk.id)
names = {s.site_id: s.name for s in ctx.store.sites()}
st.header("Stops")
for stop in stops:
    st.subheader(plain_markdown(stop_label(walk, stop, names)))
    walks.stop_details(walk, stop)
    walk_photos.published([p for p in photos if p.stop_id == stop.id])
walk_photos.published([p for p in photos if p.stop_id is None])
if not stops:
    show.info("No stop was recorded on this walk.")
