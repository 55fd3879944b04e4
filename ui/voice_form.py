"""The "I felt unsafe here" form: a square chosen by tapping the map (or a site), the StreetSafe reasons,
the time of day and when.  It keeps what was chosen when a report is refused, and starts afresh once
one is kept.  The tap is kept in this session only as a point, turned into its 100 m square at once:
the map draws the square, never the point (geo.voice.voice_map)."""
from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from geo.errors import WardError
from geo.voice.grid import Cell, cell_at
from geo.voice.reasons import Kind, TimeOfDay, UnsafeReason, WhenFelt
from geo.voice.voice_map import point_of
from ui import forms, show
from ui.chrome import client_id

POINT, SEEN, VERSION, OPENED, NOTICE = "voice_point", "voice_tap_seen", "voice_form", "voice_opened", "voice_notice"


def chosen_cell() -> Cell | None:
    point = st.session_state.get(POINT)
    return cell_at(*point) if point else None


def take_tap(event: dict | None) -> None:
    """A new tap on the map becomes the chosen place (and the map redraws with its square)."""
    tap = (event or {}).get("last_clicked")
    point = point_of(event)
    if point and tap != st.session_state.get(SEEN):
        st.session_state[SEEN] = tap
        st.session_state[POINT] = point
        st.rerun()


def render(ctx) -> None:
    st.html(Path(__file__).parent / "templates" / "voice.css")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        show.success(notice)
    version = st.session_state.setdefault(VERSION, 0)
    st.session_state.setdefault(OPENED, time.monotonic())
    cell = chosen_cell()
    sites = {s.site_id: s.name for s in ctx.store.sites()}
    k = f"voice_{version}_"
    with st.form(f"voice_report_{version}", border=True):
        st.markdown(f"**Where:** {cell.name}, as you tapped on the map." if cell else
                    "**Where:** tap the map above, or choose a site.")
        linked = st.query_params.get("site")  # from a site's panel: "I felt unsafe at ..."
        site = st.selectbox("Or choose a site instead", list(sites), format_func=sites.get,
                            index=list(sites).index(linked) if linked in sites else None,
                            placeholder="Choose a site", key=k + "site")
        st.markdown("**What made you feel unsafe?** Choose all that apply.")
        reasons = []
        for kind in Kind:
            st.caption(kind.label)
            for r in (r for r in UnsafeReason if r.kind is kind):
                with st.container(key=f"voice_reason_{r.value}"):
                    if st.checkbox(r.label, key=k + r.value):
                        reasons.append(r)
        time_of_day = st.radio("When in the day?", list(TimeOfDay), index=None, format_func=lambda x: x.label,
                               key=k + "time")
        when_felt = st.radio("When was it?", list(WhenFelt), index=None, format_func=lambda x: x.label,
                             key=k + "when")
        with st.container(key="voice_trap"):
            trap = forms.trap(key=k + "trap")
        sent = st.form_submit_button("Send my report", type="primary", use_container_width=True)
    if sent:
        _send(ctx, cell, site, reasons, time_of_day, when_felt, trap)


def _send(ctx, cell, site, reasons, time_of_day, when_felt, trap) -> None:
    point = st.session_state.get(POINT) if not site else None
    try:
        thanks = ctx.store.voice.report(
            client_id(), reasons=[r.value for r in reasons], lon=point[0] if point else None,
            lat=point[1] if point else None, site_id=site or "",
            time_of_day=time_of_day.value if time_of_day else None, when_felt=when_felt.value if when_felt else None,
            seconds_open=time.monotonic() - st.session_state[OPENED], trap=trap)
    except WardError as exc:
        show.error(f"{exc} What you chose is still here.")
        return
    for key in (POINT, OPENED):
        st.session_state.pop(key, None)
    st.session_state[VERSION] += 1  # a fresh form for the next report
    st.session_state[NOTICE] = thanks
    st.rerun()
