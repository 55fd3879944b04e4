"""Community Safety, planning, administrators: plan a walkabout, or repeat an earlier one's route."""
from datetime import time, timedelta

import streamlit as st

from geo import clock
from geo.errors import WardError
from geo.walks.walkabout import INVITABLE, Phase, RouteStop, suggested_phase, sunset
from ui import show
from ui import walk_pages as walks
from ui.context import context
from geo import navigation
from ui.access import guard
from geo.records import WALK
from ui import forms

# A fresh form after a save: each field's value as it starts (set, not deleted, so the browser's boxes empty too).
FRESH = {"plan_title": "", "plan_repeats": None, "plan_sites": [], "plan_point_name": "", "plan_follows": []}

ctx = context()
st.title("Plan a walk")
guard(navigation.PLAN_WALK)
planned = st.session_state.pop("plan_notice", None)
if planned:
    st.session_state.update(FRESH)  # before the widgets are made, as Streamlit requires
    for kept in ("plan_points", "plan_pending"):
        st.session_state.pop(kept, None)
    show.success(planned)
sites = {s.site_id: s for s in ctx.store.sites()}

title = forms.text(WALK["title"], key="plan_title")
c1, c2 = st.columns(2)
on = c1.date_input("Date", value=clock.today() + timedelta(days=7), format="YYYY-MM-DD", key="plan_on")
starts = c2.time_input("Start time", value=time(18, 30), step=900, key="plan_starts")
centre = ctx.ward.boundary.centroid
sets = sunset(on, centre.y, centre.x)
show.info(f"Sunset in the ward on {on:%-d %B %Y}: {sets:%H:%M}." if sets else "The sun does not set that day.")
phases = list(Phase)
phase = st.radio("Phase", phases, index=phases.index(suggested_phase(starts, sets)), format_func=lambda p: p.label,
                 horizontal=True, key="plan_phase")

earlier = {w.id: w for w in ctx.store.walks.walks() if w.route}
repeats = st.selectbox("Repeat an earlier walk's route", [None, *earlier], key="plan_repeats",
                       format_func=lambda i: "No: plan a new route" if i is None else
                       f"{earlier[i].title} ({earlier[i].on:%-d %B %Y}, {len(earlier[i].route)} stops)")
if repeats is None:
    chosen = st.multiselect("Sites on the route, in the order you choose them", list(sites),
                            format_func=lambda i: sites[i].name, key="plan_sites")
    points = st.session_state.setdefault("plan_points", [])
    st.markdown("**New points:** click the map where the point is, name it, then add it (it follows the sites).")
    route = [RouteStop(i, sites[i].lon, sites[i].lat, sites[i].name) for i in chosen] + points
    clicked = walks.route_map(route, key="plan_map", pending=st.session_state.get("plan_pending"))
    if clicked and clicked != st.session_state.get("plan_click_seen"):
        st.session_state["plan_click_seen"] = st.session_state["plan_pending"] = clicked
    pending = st.session_state.get("plan_pending")
    if pending:
        name = forms.text(WALK["label"], about=f"at {pending[1]:.5f}, {pending[0]:.5f}", key="plan_point_name")
        if st.button("Add this point to the route", disabled=not name.strip(), key="plan_add_point"):
            points.append(RouteStop(None, pending[0], pending[1], name.strip()))
            del st.session_state["plan_pending"]
            st.rerun()
else:
    route = list(earlier[repeats].route)
st.markdown("**Route**")
walks.route_list(route)

commitments = {c.id: c for c in ctx.plan.commitments}
follows = st.multiselect("Commitments this walk follows up", list(commitments), key="plan_follows",
                         format_func=lambda i: f"{i.upper()}: {commitments[i].asked[:80]}")
invited = st.multiselect("Invited, by role", list(INVITABLE), default=[INVITABLE[0], INVITABLE[-1]],
                         format_func=lambda r: r.label, key="plan_invited")

if st.button("Plan this walk", type="primary", key="plan_save"):
    try:
        walk = ctx.store.walks.plan(ctx.user, title=title, on=on, starts=starts, phase=phase,
                                    route=() if repeats is not None else route, follows=follows, invited=invited,
                                    repeats=repeats)
    except WardError as exc:
        show.error(exc)
    else:  # then a fresh form: a second tap cannot plan the same walk again (the store refuses one too)
        st.session_state["plan_notice"] = (f"Planned: {walk.title} on {walk.on:%-d %B %Y} at {walk.starts:%H:%M}, "
                                           f"{len(walk.route)} stops. Walkers can record it on the Record a walk page.")
        st.rerun()
