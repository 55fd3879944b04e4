"""Walkers (CWG members, Community Safety, the design advisor, planning): record a walk
stop by stop on a phone.  Each stop is saved the moment "Save stop" is pressed."""
import streamlit as st

from geo.errors import WardError
from geo.roles import Action
from geo.walks.public_walks import stop_label
from geo.walks.walkabout import INVITABLE
from ui import phone_position, show, walk_stop_form
from ui import walk_pages as walks
from ui.context import context
from geo import navigation
from ui.access import guard

ctx = context()
st.title("Record a walk")
guard(navigation.RECORD_WALK)
walk = walks.choose_walk([w for w in ctx.store.walks.walks() if not w.completed], key="record_walk")
if walk is None:
    show.info("No walk is waiting to be recorded. Community Safety plans walks on the Plan a walk page.")
    st.stop()
for kind, message in st.session_state.pop("record_notices", []):
    getattr(show, kind)(message)

stops = ctx.store.walks.stops(walk.id)
on_route = len({s.route_seq for s in stops if s.route_seq is not None})
show.caption(f"{on_route} of {len(walk.route)} route stops recorded; {len(stops) - on_route} off the route.")
saves = st.session_state.setdefault("record_saves", 0)
sites = ctx.store.sites()
entered = walk_stop_form.render(walk, stops, sites, key=f"stop_{walk.id}_{saves}_", cpted=ctx.can(Action.ANNOTATE))
if entered:
    entry, photos = entered
    try:
        saved = ctx.store.walks.record_stop(ctx.user, walk.id, entry)
    except WardError as exc:
        show.error(exc)
    else:
        label = stop_label(walk, saved, {s.site_id: s.name for s in sites})
        notices = [("success", f"Saved {label}." + (f" {len(photos)} photo(s) added." if photos else ""))]
        for photo in photos:
            try:
                ctx.store.photos.add(ctx.user, walk.id, photo.data, photo.caption, stop_id=saved.id,
                                     good_feature=photo.good_feature)
            except WardError as exc:
                notices = [("success", f"Saved {label}."), ("warning", f"{photo.name} was not kept: {exc}")]
        st.session_state["record_notices"] = notices
        st.session_state["record_saves"] = saves + 1
        st.rerun()

st.header("Recorded so far")
walks.stop_table(walk, stops)

with st.expander("Who came, by role and count (no names)"):
    now = dict(walk.attendance)
    counts = {r: st.number_input(r.label, 0, 500, now.get(r, 0), key=f"attend_{walk.id}_{r.value}") for r in INVITABLE}
    if st.button("Save attendance", key="attend_save"):
        try:
            ctx.store.walks.set_attendance(ctx.user, walk.id, counts, expected_version=walk.version)
            show.success("Attendance saved.")
        except WardError as exc:
            show.error(exc)

with st.expander("Propose a site's position from where you stand"):
    phone_position.propose_form(walk, sites)
