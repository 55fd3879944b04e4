"""Walkers (CWG members, Community Safety, the design advisor, planning): record a walk
stop by stop on a phone.  Each stop is saved the moment "Save stop" is pressed."""
import streamlit as st

from geo.roles import Action
from ui import phone_position, show, walk_recording, walk_stop_form
from ui import walk_pages as walks
from ui.context import context
from geo import navigation
from ui.access import guard

ctx = context()
st.title("Record a walk")
guard(navigation.RECORD_WALK)
st.markdown("Walking where the signal is patchy? **[Open the walk recorder](/recorder/)**: it keeps every tap on "
            "your phone with no connection, through a reload, and sends each stop once when the signal returns.")
to_record = walk_recording.walks_to_record()
walk_recording.stale_notice(to_record)
walk = walks.choose_walk(to_record, key="record_walk")
walk_recording.remember(walk)
if walk is None:
    show.info("No walk is waiting for you to record. Community Safety plans walks, and invites walkers by role, "
              "on the Plan a walk page.")
    st.stop()

stops = ctx.store.walks.stops(walk.id)
on_route = len({s.route_seq for s in stops if s.route_seq is not None})
all_recorded = bool(walk.route) and walk_stop_form.next_stop(walk, stops) == walk_stop_form.OFF_ROUTE
show.caption(f"{on_route} of {len(walk.route)} route stops recorded; {len(stops) - on_route} off the route.")
walk_recording.saved_notice()
if all_recorded:
    st.subheader("All route stops recorded")
    show.text("Say who came, by role and count, then save it. A point not on the route can still be added below.")
    walk_recording.attendance(walk)
saves = st.session_state.setdefault("record_saves", 0)
sites = ctx.store.sites()
with st.expander("Record a point not on the route") if all_recorded else st.container():
    form_key = f"stop_{walk.id}_{saves}_"
    entered = walk_stop_form.render(walk, stops, sites, key=form_key, cpted=ctx.can(Action.ANNOTATE))
if entered and walk_recording.save_stop(walk, *entered, sites, form_key=form_key):
    st.session_state["record_saves"] = saves + 1
    st.rerun()

st.header("Recorded so far")
walks.stop_cards(walk, stops)

if not all_recorded:
    with st.expander("Who came, by role and count (no names)"):
        walk_recording.attendance(walk)

with st.expander("Propose a site's position from where you stand"):
    phone_position.propose_form(walk, sites)
