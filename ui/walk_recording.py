"""The parts of Record a walk (pages/record_walk.py) around the stop form: the notice after a
save, brought into view; a page gone stale because its walk was completed elsewhere; saving
a stop with its photos, every photo checked first; and who came, by role and count.  Each
write names the walk the page shows by its id, and every widget that writes is keyed by it."""
from __future__ import annotations

import uuid

from collections.abc import Sequence

import streamlit as st

from geo.errors import WardError
from geo.model import Site
from geo.roles import may_record_on
from geo.walks.photo_cleaner import check_photos
from geo.walks.public_walks import stop_label
from geo.walks.walkabout import PhotoUpload, INVITABLE, StopEntry, Walk
from ui import show
from ui.context import context
from ui.walk_stop_form import Photo

SHOWN = "record_walk_shown"  # the id of the walk the page showed last
SAVED = "record_saved"  # notices for the run after a save, and the container they show in
SCROLL = '<script src="/app/static/js/scroll-to-notice.js"></script>'


def walks_to_record() -> list[Walk]:
    """The walks under way that the signed-in walker may record on (geo.roles.may_record_on)."""
    ctx = context()
    return [w for w in ctx.store.walks.walks() if not w.completed and may_record_on(ctx.user, w.invited)]


def stale_notice(walks: Sequence[Walk]) -> None:
    """When the walk this page showed is no longer one to record (completed, or no longer inviting the
    walker's role), say so: whatever was tapped on it was written to no walk."""
    shown = st.session_state.get(SHOWN)
    if shown is None or shown in {w.id for w in walks}:
        return
    try:
        gone = context().store.walks.walk(shown)
    except WardError:
        show.warning("The walk this page showed is no longer there. Nothing was saved to any walk.")
        return
    why = "was completed" if gone.completed else "no longer invites your role"
    show.warning(f"Walk {gone.ref} ({gone.title}) {why} since this page showed it, so nothing you tapped was saved "
                 "to it or to any other walk." + (" Choose the walk you are on below." if walks else ""))


def remember(walk: Walk | None) -> None:
    st.session_state[SHOWN] = None if walk is None else walk.id


def saved_notice() -> None:
    """The notice from the last save, at the top of the fresh form, scrolled to where the walker looks."""
    notices = st.session_state.pop(SAVED, None)
    with st.container(key=SAVED):
        for kind, message in notices or ():
            getattr(show, kind)(message)
    if notices:
        st.html(SCROLL, unsafe_allow_javascript=True)  # our own script file, from our own host


def save_stop(walk: Walk, entry: StopEntry, photos: Sequence[Photo], sites: Sequence[Site], *, form_key: str) -> bool:
    """Every photo checked first: with any refused, each is named and nothing is saved (the form keeps
    what was typed).  Then the stop and its photos, as one unit (store.walks.save_stop), under an id
    made for this form: a second tap on Save, or a save resent after a dropped connection, is
    recognised and kept once.  True when the stop was saved."""
    ctx = context()
    cleaned, refusals = check_photos(photos)
    if refusals:
        show.error("Nothing was saved yet. " + " ".join(refusals) + " Remove or replace "
                   + ("that photo" if len(refusals) == 1 else "those photos") + ", then save the stop again.")
        return False
    ref = st.session_state.setdefault(form_key + "ref", f"form-{uuid.uuid4().hex}")
    uploads = [PhotoUpload(clean.data, photo.caption, photo.good_feature, client_ref=f"{ref}-{i}", name=photo.name)
               for i, (photo, clean) in enumerate(cleaned)]  # already checked: the store's check is quick
    try:
        saved = ctx.store.walks.save_stop(ctx.user, walk.id, entry, uploads, client_ref=ref)
    except WardError as exc:
        show.error(exc)
        return False
    label = stop_label(walk, saved.stop, {s.site_id: s.name for s in sites})
    notices = [("success", f"Saved {label}." + (f" {len(saved.photos)} photo(s) added." if saved.photos else ""))]
    notices += [("warning", f"Not kept: {why}") for why in saved.refused]
    st.session_state[SAVED] = notices
    return True


def attendance(walk: Walk) -> None:
    """Who came, by role and count (never names), saved to this walk by its id."""
    ctx = context()
    now = dict(walk.attendance)
    counts = {r: st.number_input(r.label, 0, 500, now.get(r, 0), key=f"attend_{walk.id}_{r.value}")
              for r in INVITABLE}
    if st.button("Save attendance", key=f"attend_save_{walk.id}"):
        try:
            ctx.store.walks.set_attendance(ctx.user, walk.id, counts, expected_version=walk.version)
            show.success("Attendance saved.")
        except WardError as exc:
            show.error(exc)
