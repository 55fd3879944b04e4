"""The design-notes page's parts: the form for a new note, the list of notes,
and the editor where a note's author or an administrator can change it, change
who can see it, or withdraw it (each with a reason, kept in the history)."""
from __future__ import annotations

import streamlit as st

from geo.errors import StaleEdit, WardError
from geo.model import Annotation, describe_day
from geo.roles import can_change_note
from geo.status import Category, Severity, Visibility
from geo.text import one_line, plain_markdown
from ui import show
from geo.records import DESIGN_NOTE, REASON
from ui import forms

_NEW = "new_note_"  # keys of the new-note form
_DONE = "notes_done"  # what the last save did, shown after the rerun


def new_note_form(ctx, site_id: str | None, point: tuple[float, float] | None, where: str) -> None:
    """Add a note about the site or the point; partners only unless the advisor chooses Public."""
    with st.form("note_form"):
        category = st.selectbox("Heading", list(Category), format_func=lambda c: c.label, key=_NEW + "category")
        severity = st.radio("Severity", list(Severity), format_func=lambda s: s.label, horizontal=True,
                            key=_NEW + "severity")
        observation = forms.text(DESIGN_NOTE["observation"], key=_NEW + "observation")
        recommendation = forms.text(DESIGN_NOTE["recommendation"], key=_NEW + "recommendation")
        visibility = st.radio("Who can see it", list(Visibility), format_func=lambda v: v.label, horizontal=True,
                              index=list(Visibility).index(Visibility.PARTNERS), key=_NEW + "visibility",
                              help="Partners only until you choose Public; you can change it later.")
        saved = st.form_submit_button("Add note")
    if not saved:
        return
    lon, lat = point if point else (None, None)
    note = Annotation(None, site_id, lon, lat, category, severity, observation, recommendation, visibility)
    try:
        added = ctx.store.add_annotation(ctx.user, note)
    except WardError as exc:
        show.error(f"Nothing was saved: {exc}")
        return
    _forget(_NEW)  # empty the form for the next note; a refused note keeps what was typed
    _done(f"Added a {added.visibility.label.lower()} note about {where}. Its reference is {added.ref}.")


def show_done() -> None:
    """What the last save did, after the rerun that showed it."""
    if _DONE in st.session_state:
        show.success(st.session_state.pop(_DONE))


def note_list(ctx, names: dict[str, str]) -> None:
    """Every note, newest first, withdrawn ones marked; then the editor for one this user may change."""
    notes = ctx.store.annotations(include_partners=True)
    if not notes:
        st.info("No notes yet.")
        return
    st.markdown("\n".join(f"- {_line(a, names)}" for a in notes))
    mine = {a.id: a for a in notes if not a.is_withdrawn and can_change_note(ctx.user, a)}
    if not mine:
        return
    st.subheader("Change or withdraw a note")
    chosen = st.selectbox("Note", list(mine), index=None, key="notes_edit_choice",
                          format_func=lambda i: f"{mine[i].ref}: {one_line(mine[i].observation, 60)}",
                          placeholder="Choose a note to change or withdraw")
    if chosen is not None:
        _editor(ctx, mine[chosen])


def _line(a: Annotation, names: dict[str, str]) -> str:
    place = names.get(a.site_id, f"point {a.lat:.5f}, {a.lon:.5f}" if a.lat is not None else "unknown place")
    state = (f"withdrawn {describe_day(a.withdrawn_at)}" if a.is_withdrawn
             else a.visibility.label.lower())
    return (f"**{plain_markdown(place)}** (note {plain_markdown(a.ref)}, {plain_markdown(state)}), "
            f"{a.category.label}, {a.severity.label.lower()}, by {plain_markdown(a.author)}, "
            f"{plain_markdown(describe_day(a.created_at))}: {plain_markdown(a.observation)}"
            + (f" Recommendation: {plain_markdown(a.recommendation)}" if a.recommendation else ""))


def _editor(ctx, a: Annotation) -> None:
    k = f"note_{a.id}_"
    opened = st.session_state.setdefault(k + "version", a.version)  # the version this editor opened
    with st.form(k + "form"):
        category = st.selectbox("Heading", list(Category), index=list(Category).index(a.category),
                                format_func=lambda c: c.label, key=k + "category")
        severity = st.radio("Severity", list(Severity), index=list(Severity).index(a.severity),
                            format_func=lambda s: s.label, horizontal=True, key=k + "severity")
        observation = forms.text(DESIGN_NOTE["observation"], value=a.observation, key=k + "observation")
        recommendation = forms.text(DESIGN_NOTE["recommendation"], value=a.recommendation,
                                    key=k + "recommendation")
        visibility = st.radio("Who can see it", list(Visibility), index=list(Visibility).index(a.visibility),
                              format_func=lambda v: v.label, horizontal=True, key=k + "visibility")
        reason = forms.text(REASON, about="required; staff alone see it for a withdrawal", key=k + "reason")
        save = st.form_submit_button("Save changes")
        withdraw = st.form_submit_button("Withdraw this note",
                                         help="Takes it off the map, exports, reports and public history for good.")
    try:
        if withdraw:
            ctx.store.withdraw_annotation(ctx.user, a.id, expected_version=opened, reason=reason)
            message = f"Withdrew note {a.ref}: it is no longer shown anywhere public."
        elif save:
            saved = ctx.store.edit_annotation(
                ctx.user, a.id, expected_version=opened, reason=reason, category=category, severity=severity,
                observation=observation, recommendation=recommendation, visibility=visibility)
            message = f"Saved note {a.ref}; it is {saved.visibility.label.lower()}."
        else:
            return
    except StaleEdit as exc:
        show.error(exc)
        st.markdown(f"**Now saved:** {_line(exc.current, {})}")
        st.button("Load the newer values", key=k + "reload", on_click=_forget, args=(k,))
        return
    except WardError as exc:
        show.error(f"Nothing was saved: {exc}")
        return
    _forget(k)
    _done(message)


def _forget(prefix: str) -> None:
    for key in [key for key in st.session_state if str(key).startswith(prefix)]:
        del st.session_state[key]


def _done(message: str) -> None:
    st.session_state[_DONE] = message
    st.rerun()
