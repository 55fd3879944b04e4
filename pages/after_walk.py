"""Community Safety, planning, administrators: after the walk, resolve every finding,
publish photos, decide proposed positions, and complete (and publish) the walk."""
import streamlit as st

from geo.errors import WardError
from geo.roles import Action
from geo.walks.public_walks import in_route_order, stop_label
from ui import show, walk_findings
from ui import photo_previews as walk_photos
from ui import walk_pages as walks
from ui.context import context
from geo import navigation
from ui.access import guard

ctx = context()
st.title("After the walk")
guard(navigation.AFTER_WALK)
notice = st.session_state.pop("after_notice", None)
if notice:
    show.success(notice)
walk = walks.choose_walk(ctx.store.walks.walks(), key="after_walk")
if walk is None:
    show.info("No walk has been planned yet.")
    st.stop()

stops = in_route_order(ctx.store.walks.stops(walk.id))
names = {s.site_id: s.name for s in ctx.store.sites()}
st.header("Findings")
open_ = [s for s in stops if s.unresolved]
if not open_:
    show.info("No finding is waiting: every one is promoted or closed.")
for stop in open_:
    walk_findings.resolve(stop, stop_label(walk, stop, names))
walks.stop_cards(walk, stops)

st.header("Photos")
show.caption("Only staff see a photo until it is published and its walk is published.")
walk_photos.to_publish(walk, notice_key="after_notice")

proposals = ctx.store.walks.proposals(walk.id)
if proposals:
    st.header("Proposed positions")
    for p in proposals:
        show.text(f"{names.get(p.site_id, p.site_id)}: {p.lat:.6f}, {p.lon:.6f} (within {p.accuracy_m:.0f} m)")
        if ctx.can(Action.CONFIRM_POSITION):
            c1, c2 = st.columns(2)
            for col, confirm, word in ((c1, True, "Confirm"), (c2, False, "Reject")):
                if col.button(word, key=f"proposal_{p.id}_{word}", use_container_width=True):
                    try:
                        ctx.store.decide_position(ctx.user, p.id, confirm=confirm)
                        st.session_state["after_notice"] = f"Position {word.lower()}ed."
                        st.rerun()
                    except WardError as exc:
                        show.error(exc)
        else:
            show.caption("A planner confirms or rejects it.")

st.header("Complete the walk")
if walk.completed:
    show.info("This walk is complete" + (" and published." if walk.published else "."))
if walk.completed and not walk.published:  # kept back when it was completed: what is left is to publish it
    publish, action, done = True, "Publish the walk on the Walks page", "The walk is published."
else:
    publish = st.checkbox("Publish it on the Walks page for residents", value=True, key=f"after_publish_{walk.id}")
    action, done = "Complete the walk", "The walk is complete" + (" and published." if publish else ".")
if st.button(action, type="primary", key=f"after_complete_{walk.id}",  # this walk, by its id
             disabled=walk.completed and walk.published):
    try:
        ctx.store.walks.complete(ctx.user, walk.id, expected_version=walk.version, publish=publish)
        st.session_state["after_notice"] = done
        st.rerun()
    except WardError as exc:
        show.error(exc)
