"""Planning team: a site's gating status and line for residents, and its gating cases (ui.gating_editor).
The free-text review boxes are gone: their words moved into each site's first case (migration 0013)."""

from dataclasses import replace

import streamlit as st

from geo.records import GATING_DETAIL, GATING_REVIEW, REASON
from geo.status import Status, Topic
from geo import clock
from ui import edits, forms, gating_due, gating_editor
from ui.context import context
from ui.site_picker import site_to_edit
from geo import navigation
from ui.access import guard

LABELS = {  # widget key (after the form's prefix) -> label, for the conflict notice
    "status": "Gating status", "detail": GATING_DETAIL.label, "note": GATING_REVIEW["note"].label,
    "reason": REASON.label, "commitment": "Also add the note to the action plan, as progress on",
}

ctx = context()
st.title("Gating reviews")
guard(navigation.GATING)
gating_due.render(ctx.store, clock.today())  # the planning team's list of work
site_id = site_to_edit(key="gating").site_id

record = edits.opened(site_id)
state = record.site.state(Topic.GATING)
k = edits.form_key("gating", record)

with st.form(k + "form"):
    status = st.selectbox(LABELS["status"], list(Status), index=list(Status).index(state.status),
                          format_func=lambda s: s.label, key=k + "status")
    detail = forms.text(GATING_DETAIL, value=state.detail, key=k + "detail")
    note = forms.text(GATING_REVIEW["note"], key=k + "note")
    commitment = st.selectbox(LABELS["commitment"], ("", *state.commitments), key=k + "commitment",
                              format_func=lambda cid: f"Commitment {cid.upper()}" if cid else "No commitment")
    reason = forms.text(REASON, key=k + "reason")
    saved = st.form_submit_button("Save gating review")

if saved:
    edits.save(
        site_id,
        lambda version: ctx.store.save_gating_review(ctx.user, site_id, status=status, detail=detail,
                                                     review=replace(record.review, note=note),
                                                     expected_version=version, reason=reason,
                                                     commitment_id=commitment),
        form=k, labels=LABELS,
        saved=lambda updated: f"Saved. {updated.name} gating is now “{updated.state(Topic.GATING).status.label}”; "
                              "the resident map and the action plan show it now.",
    )
edits.show_outcome(site_id)
gating_editor.render(ctx, record.site)
