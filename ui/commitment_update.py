"""A lead team's three updates to one commitment: a dated progress entry, a new status (with the
words it needs) and a moved target (with why).

The forms are built on the version of the commitment this person opened, kept in session
state, and every save sends it: a save over someone else's newer change is refused by the
store (StaleEdit), the typed values stay in the form, and "Load the newer values" starts
again from what is saved now.  The outcome of a save is shown beside the form it came from."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from geo import clock
from geo.errors import StaleEdit, Unchanged, WardError
from geo.plan.action_plan import Commitment
from geo.records import COMMITMENT, PROGRESS_ENTRY, REASON, STATUS_CHANGE
from geo.sites.summary import standing_text
from geo.status import Progress, Visibility
from geo.text import plain_markdown
from ui import forms, show
from ui.context import context
from ui import uploads

STYLE = Path(__file__).parent / "styles" / "commitment-forms.css"
_OPENED = "commitments_opened"  # {commitment id: the version its forms are built on}
_OUTCOME = "commitments_outcome"  # {commitment id: (kind, sentence)}: the last save's, shown beside its forms


def style() -> None:
    """Comfortable tap targets in every commitment's forms on the page (call once)."""
    st.html(STYLE)


def opened_version(c: Commitment) -> int:
    return st.session_state.setdefault(_OPENED, {}).setdefault(c.id, c.version)


def forms_for(c: Commitment) -> None:
    """The three update forms of one commitment, and the outcome of the last save made in them."""
    version = opened_version(c)
    k = f"upd_{c.id}_v{version}_"
    progress_tab, status_tab, target_tab = st.tabs(["Add progress", "Change status", "Move target"])
    with progress_tab, st.form(k + "progress", border=False):
        on = st.date_input(PROGRESS_ENTRY["date"].label, value=clock.today(), max_value=clock.today(),
                           format="YYYY-MM-DD", key=k + "progress_date")
        text = forms.text(PROGRESS_ENTRY["text"], key=k + "progress_text")
        photo, seen_by = _evidence_fields(k + "progress_")
        if st.form_submit_button("Add progress", use_container_width=True):
            _save(c, lambda ctx, v: ctx.store.add_progress(ctx.user, c.id, _iso(on), text, visibility=seen_by,
                                                           evidence=_bytes(photo)),
                  lambda new: f"Progress added to {c.id.upper()}; residents see it on the action plan now.")
    with status_tab, st.form(k + "status", border=False):
        status = st.radio("New status", list(Progress), index=list(Progress).index(c.status),
                          format_func=lambda s: s.label, key=k + "status")
        words = forms.text(STATUS_CHANGE["words"], key=k + "status_words")
        photo, seen_by = _evidence_fields(k + "status_")
        reason = forms.text(REASON, key=k + "status_reason")
        if st.form_submit_button("Save status", use_container_width=True):
            _save(c, lambda ctx, v: ctx.store.set_commitment_status(ctx.user, c.id, status, expected_version=v,
                                                                    reason=reason, words=words, visibility=seen_by,
                                                                    evidence=_bytes(photo)),
                  lambda new: f"{c.id.upper()} is now “{new.status.label}”; residents see it on the action plan now.")
    with target_tab, st.form(k + "target", border=False):
        target_by = st.date_input(COMMITMENT["target_by"].label, value=c.target_by, format="YYYY-MM-DD",
                                  key=k + "target_by")
        target_words = forms.text(COMMITMENT["target_text"], value=c.target_text, key=k + "target_text")
        why = forms.text(REASON, key=k + "target_reason", about="required")
        if st.form_submit_button("Move target", use_container_width=True):
            _save(c, lambda ctx, v: ctx.store.plan_book.move_target(ctx.user, c.id, _iso(target_by),
                                                                    expected_version=v, reason=why,
                                                                    target_text=target_words),
                  lambda new: f"{c.id.upper()}'s target is now {new.target_text}; the slip shows on the plan.")
    _outcome(c)


def _save(c: Commitment, write: Callable, saved: Callable[[Commitment], str]) -> None:
    ctx = context()
    try:
        updated = write(ctx, opened_version(c))
    except StaleEdit as exc:
        st.session_state.setdefault(_OUTCOME, {})[c.id] = ("stale", str(exc))
        return
    except Unchanged:
        st.session_state.setdefault(_OUTCOME, {})[c.id] = ("info", "Nothing changed, so nothing was saved.")
        return
    except WardError as exc:
        st.session_state.setdefault(_OUTCOME, {})[c.id] = ("error", f"Nothing was saved: {exc}")
        return
    st.session_state[_OPENED][c.id] = updated.version
    st.session_state.setdefault(_OUTCOME, {})[c.id] = ("saved", saved(updated))
    st.rerun()


def _outcome(c: Commitment) -> None:
    kind, sentence = st.session_state.get(_OUTCOME, {}).get(c.id, (None, ""))
    if kind == "saved":
        show.success(sentence)
        st.session_state[_OUTCOME].pop(c.id)
    elif kind == "info":
        show.info(sentence)
    elif kind == "error":
        show.error(sentence)
    elif kind == "stale":
        show.error(sentence)
        st.markdown(f"Saved now: **{plain_markdown(standing_text(c, clock.today()))}**, target "
                    f"{plain_markdown(c.target_text)}. What you typed is still in the form, not saved.")
        st.button("Load the newer values", key=f"reload_{c.id}", on_click=_load_newer, args=(c,))


def _load_newer(c: Commitment) -> None:
    st.session_state.setdefault(_OPENED, {})[c.id] = context().store.commitment(c.id).version
    st.session_state.setdefault(_OUTCOME, {}).pop(c.id, None)


def _evidence_fields(k: str):
    """An optional photo as evidence, and who may see the update."""
    uploads.allow()
    photo = st.file_uploader("Photo as evidence (optional)", type=["jpg", "jpeg", "png"],
                             key=k + "photo", help="Its location and camera details are removed before anyone sees it.")
    seen_by = st.radio("Who can see this update", list(Visibility), key=k + "visibility", horizontal=True,
                       format_func=lambda v: "Everyone (published)" if v is Visibility.PUBLIC else "Partners only")
    return photo, seen_by


def _bytes(upload) -> bytes | None:
    return upload.getvalue() if upload is not None else None


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
