"""Optimistic editing for the staff pages that edit a site (gating reviews, positions).

A form is built on ONE snapshot of the site record (the site and its gating
review), read when the editor opens the site and kept in session state: the
form shows the snapshot's values and a save sends the snapshot's version.
Every widget of the form is keyed by that version (`form_key`), so when the
snapshot is replaced (after a save, or by "Load the newer values") the form
is made anew from the new values instead of keeping what the browser held.

A save over someone else's newer change is refused by the store (StaleEdit);
the notice lists every field they changed, keeps what this editor typed to
copy from, and offers to start again from the newer values."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from collections.abc import Callable, Mapping

import streamlit as st

from geo.sites.conflict import EMPTY, FieldChange, changed_fields
from geo.errors import StaleEdit, Unchanged, WardError
from geo.model import Site, SiteRecord
from geo.text import plain_markdown
from ui import show
from ui.context import context

_OPENED = "edit_opened"  # {site id: the SiteRecord its form is built on}, for the site open now
_CONFLICTS = "edit_conflicts"  # {site id: _Conflict}, until the editor saves or opens another site
_SAVED = "edit_saved"  # (site id, sentence): the last save's success, shown after the rerun it causes


@dataclass(frozen=True)
class _Conflict:
    message: str
    changes: tuple[FieldChange, ...]
    typed: str  # what the editor typed, one "Label: value" per field, to copy from
    version: int  # the version their form was on


def opened(site_id: str) -> SiteRecord:
    """The snapshot this editor's form is built on: read when they open the site, kept until
    they save or load the newer values.  Opening a site closes the one open before."""
    records = st.session_state.setdefault(_OPENED, {})
    if site_id not in records:
        records.clear()
        st.session_state[_CONFLICTS] = {}
        records[site_id] = context().store.site_record(site_id)
    return records[site_id]


def form_key(page: str, record: SiteRecord) -> str:
    """The prefix of every widget key in `page`'s form for this snapshot."""
    return f"{page}_{record.site.site_id}_v{record.version}_"


def to_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def save(site_id: str, write: Callable[[int], Site], *, form: str, labels: Mapping[str, str],
         saved: Callable[[Site], str]) -> None:
    """Run write(expected_version) with the snapshot's version.  Saved: take the saved record as
    the new snapshot and rerun, so the form shows it, then say `saved(site)`.  Otherwise say why
    nothing was saved; the form keeps what was typed.  `labels` names the form's widgets (key
    after the `form` prefix -> label), to list what was typed when the save meets a conflict."""
    record = opened(site_id)
    try:
        updated = write(record.version)
    except StaleEdit as exc:
        st.session_state.setdefault(_CONFLICTS, {})[site_id] = _conflict(exc, record, _typed(form, labels))
        return
    except Unchanged as exc:
        st.info(plain_markdown(exc))
        return
    except WardError as exc:
        show.error(f"Nothing was saved: {exc}")
        return
    st.session_state[_OPENED] = {site_id: context().store.site_record(site_id)}
    st.session_state[_CONFLICTS] = {}
    st.session_state[_SAVED] = (site_id, saved(updated))
    st.rerun()


def show_outcome(site_id: str) -> None:
    """Below the form: the last save's success, or the conflict this editor's save met."""
    done = st.session_state.pop(_SAVED, None)
    if done and done[0] == site_id:
        show.success(done[1])
    conflict = st.session_state.get(_CONFLICTS, {}).get(site_id)
    if conflict is None:
        return
    if conflict.version == opened(site_id).version:
        _show_conflict(site_id, conflict)
    else:
        st.info("The form now shows the newer values. What you had typed is below, to copy from; "
                "none of it was saved.")
        st.code(conflict.typed, language=None, wrap_lines=True)


def _conflict(exc: StaleEdit, record: SiteRecord, typed: str) -> _Conflict:
    changes = ()
    if exc.current is not None and exc.review is not None:
        changes = tuple(changed_fields(record, SiteRecord(exc.current, exc.review)))
    return _Conflict(str(exc), changes, typed, record.version)


def _show_conflict(site_id: str, conflict: _Conflict) -> None:
    show.error(conflict.message)
    if conflict.changes:
        st.markdown("**What was changed since you opened it:**")
        show.table({"Field": c.label, "When you opened it": c.old, "Saved now": c.new} for c in conflict.changes)
    else:
        st.markdown("No field differs from what you opened; only its version moved on.")
    st.markdown("**What you typed (not saved; copy what you want to keep):**")
    st.code(conflict.typed, language=None, wrap_lines=True)
    st.info("To edit the newer version, load it: the form will show the values saved now, "
            "and what you typed stays here to copy from.")
    st.button("Load the newer values", key=f"reload_{site_id}_v{conflict.version}", on_click=_load_newer,
              args=(site_id,))


def _load_newer(site_id: str) -> None:
    st.session_state[_OPENED] = {site_id: context().store.site_record(site_id)}


def _typed(form: str, labels: Mapping[str, str]) -> str:
    lines = []
    for name, label in labels.items():
        value = _words(st.session_state.get(form + name))
        lines.append(f"{label}:\n  " + value.replace("\n", "\n  ") if "\n" in value else f"{label}: {value}")
    return "\n".join(lines)


def _words(value: object) -> str:
    if isinstance(value, Enum) and hasattr(value, "label"):
        return value.label
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value not in (None, "") else EMPTY
