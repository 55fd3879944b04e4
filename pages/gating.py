"""Planning team: update a site's gating review."""

import streamlit as st

from geo.model import GatingReview
from geo.records import GATING_DETAIL, GATING_REVIEW, REASON
from geo.status import Status, Topic
from ui import edits, forms
from ui.context import context
from ui.site_picker import site_to_edit
from geo import navigation
from ui.access import guard

LABELS = {  # widget key (after the form's prefix) -> label, for the conflict notice
    "status": "Gating status", "detail": GATING_DETAIL.label,
    **{f.name: f.label for f in GATING_REVIEW}, "reason": REASON.label,
    "commitment": "Also add the note to the action plan, as progress on",
}

ctx = context()
st.title("Gating reviews")
guard(navigation.GATING)
site_id = site_to_edit(key="gating").site_id

record = edits.opened(site_id)
review, state = record.review, record.site.state(Topic.GATING)
k = edits.form_key("gating", record)

with st.form(k + "form"):
    status = st.selectbox(LABELS["status"], list(Status), index=list(Status).index(state.status),
                          format_func=lambda s: s.label, key=k + "status")
    detail = forms.text(GATING_DETAIL, value=state.detail, key=k + "detail")
    options = forms.text(GATING_REVIEW["options"], value=review.options, key=k + "options")
    evidence = forms.text(GATING_REVIEW["evidence"], value=review.evidence, key=k + "evidence")
    c1, c2 = st.columns(2)
    consulted_on = c1.date_input(LABELS["consultation_date"], value=edits.to_date(review.consultation_date),
                                 format="YYYY-MM-DD", key=k + "consultation_date")
    consulted_with = forms.text(GATING_REVIEW["consultation_with"], value=review.consultation_with, where=c2,
                                key=k + "consultation_with")
    decision = forms.text(GATING_REVIEW["decision"], value=review.decision, key=k + "decision")
    next_review = st.date_input(LABELS["next_review"], value=edits.to_date(review.next_review),
                                format="YYYY-MM-DD", key=k + "next_review")
    note = forms.text(GATING_REVIEW["note"], key=k + "note")
    commitment = st.selectbox(LABELS["commitment"], ("", *state.commitments), key=k + "commitment",
                              format_func=lambda cid: f"Commitment {cid.upper()}" if cid else "No commitment")
    reason = forms.text(REASON, key=k + "reason")
    saved = st.form_submit_button("Save gating review")

if saved:
    new_review = GatingReview(
        options=options, evidence=evidence,
        consultation_date=consulted_on.isoformat() if consulted_on else "",
        consultation_with=consulted_with, decision=decision,
        next_review=next_review.isoformat() if next_review else "", note=note,
    )
    edits.save(
        site_id,
        lambda version: ctx.store.save_gating_review(ctx.user, site_id, status=status, detail=detail,
                                                     review=new_review, expected_version=version, reason=reason,
                                                     commitment_id=commitment),
        form=k, labels=LABELS,
        saved=lambda updated: f"Saved. {updated.name} gating is now “{updated.state(Topic.GATING).status.label}”; "
                              "the resident map and the action plan show it now.",
    )
edits.show_outcome(site_id)
