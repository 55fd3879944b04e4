"""One stop's short form, for a phone at night: which stop, the nine scores with
their words (a row of one-tap pills each), StreetSafe reasons, felt safe or not and why, positives, a priority,
what should change, CPTED observations (design advisor only) and photos with a
caption each and a tick for one of something good.  Every widget is keyed by `key`,
so a new key gives a fresh form."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence

import streamlit as st

from geo.model import Site
from geo.walks.photo_cleaner import MAX_BYTES
from geo.status import Severity
from geo.walks.walkabout import CPTED_HEADINGS, LEVELS, PARAMETERS, Reason, StopEntry, StopRecord, Walk
from geo.records import STOP
from ui import forms
from ui import uploads as upload_grant

OFF_ROUTE = -1  # the choice for a point not on the route
STYLE = Path(__file__).parent / "styles" / "walk-stop-form.css"


@dataclass(frozen=True)
class Photo:
    name: str
    data: bytes
    caption: str
    good_feature: bool = False


def next_stop(walk: Walk, stops: Sequence[StopRecord]) -> int:
    """The first route stop nobody has recorded yet, or OFF_ROUTE when all are."""
    done = {s.route_seq for s in stops}
    return next((i for i in range(len(walk.route)) if i not in done), OFF_ROUTE)


def render(walk: Walk, stops: Sequence[StopRecord], sites: Sequence[Site], *, key: str,
           cpted: bool) -> tuple[StopEntry, list[Photo]] | None:
    """The form; on "Save stop", what was entered (the page saves it), else None."""
    st.html(STYLE)  # comfortable tap targets, for this form only
    with st.container(key="walk_stop_form"):
        return _fields(walk, stops, sites, key=key, cpted=cpted)


def _fields(walk: Walk, stops: Sequence[StopRecord], sites: Sequence[Site], *, key: str,
            cpted: bool) -> tuple[StopEntry, list[Photo]] | None:
    done = {s.route_seq for s in stops}
    options = [*range(len(walk.route)), OFF_ROUTE]
    seq = st.selectbox("Stop", options, index=options.index(next_stop(walk, stops)), key=key + "seq",
                       format_func=lambda i: "A point not on the route" if i == OFF_ROUTE else
                       f"Stop {i + 1} of {len(walk.route)}: {walk.route[i].label}"
                       + (" (recorded)" if i in done else ""))
    site_id = lon = lat = None
    if seq == OFF_ROUTE:
        names = {s.site_id: s.name for s in sites}
        site_id = st.selectbox("Site here, if it is one", [None, *names], key=key + "site",
                               format_func=lambda i: "Not a site on the map" if i is None else names[i])
        if site_id is None:
            c1, c2 = st.columns(2)
            lat = c1.number_input("Latitude", value=None, format="%.6f", key=key + "lat")
            lon = c2.number_input("Longitude", value=None, format="%.6f", key=key + "lon")
    scores = {}
    for p in PARAMETERS:  # one tap each: a row of four pills, tapped again to clear
        score = st.pills(p.label, LEVELS, format_func=p.describe, key=key + p.value)
        if score is not None:
            scores[p] = score
    st.markdown("**Why it feels unsafe** (tick all that apply)")
    reasons = tuple(r for r in Reason if st.checkbox(r.label, key=key + r.value))
    felt = st.radio("Did it feel safe?", ["Not said", "Safe", "Unsafe"], horizontal=True, key=key + "felt")
    why = forms.text(STOP["why"], height=80, key=key + "why")
    positives = forms.text(STOP["positives"], height=80, key=key + "positives")
    priority = st.radio("Priority", list(Severity), index=1, horizontal=True, format_func=lambda s: s.label,
                        key=key + "priority")
    finding = forms.text(STOP["finding"], height=80, key=key + "finding")
    observations = []
    if cpted:
        with st.expander("CPTED observations (design advisor)"):
            for heading in CPTED_HEADINGS:
                text = forms.text(STOP["cpted"], about=heading.label, height=68, key=key + "cpted_" + heading.value)
                if text.strip():
                    observations.append((heading, text))
    upload_grant.allow()
    uploads = st.file_uploader("Photos (camera or gallery)", type=["jpg", "jpeg", "png"],
                               max_upload_size=MAX_BYTES // (1024 * 1024),  # the box says what is refused
                               accept_multiple_files=True, key=key + "photos") or []
    captions, good = [], []
    for i, f in enumerate(uploads):
        captions.append(forms.text(STOP["caption"], about=f.name, key=key + f"caption{i}"))
        good.append(forms.checkbox(STOP["good_feature"], about=f.name, key=key + f"good{i}"))
    if not st.button("Save stop", type="primary", use_container_width=True, key=key + "save"):
        return None
    if any(not c.strip() for c in captions):
        st.error("Give each photo a caption (what it shows, good or bad); nothing was saved yet.")
        return None
    entry = StopEntry(None if seq == OFF_ROUTE else seq, site_id, lon, lat, scores=scores, reasons=reasons,
                      felt_safe={"Safe": True, "Unsafe": False}.get(felt), why=why, positives=positives,
                      priority=priority, cpted=tuple(observations), finding=finding)
    return entry, [Photo(f.name, f.getvalue(), c, g) for f, c, g in zip(uploads, captions, good, strict=True)]
