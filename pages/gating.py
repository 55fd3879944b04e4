"""Planning team: update a site's gating review."""

import streamlit as st

from geo.sites import schema
from geo.model import GatingReview
from geo.status import Status, Topic
from ui import edits
from ui.context import context
from ui.site_picker import site_to_edit
from geo import navigation
from ui.access import guard

LABELS = {  # widget key (after the form's prefix) -> label
    "status": "Gating status", "detail": "One-line summary for residents", "options": "Options considered",
    "evidence": "Evidence gathered", "consulted_on": "Resident consultation date", "consulted_with": "Consulted with",
    "decision": "Decision", "next_review": "Next review date", "note": "Progress note for this update",
    "commitment": "Also add the note to the action plan, as progress on",
    "reason": "Reason for the change (kept in the public history)",
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
    detail = st.text_input(LABELS["detail"], value=state.detail, key=k + "detail",
                           max_chars=schema.TOPIC_FIELDS[Topic.GATING]["detail"].limit)
    options = st.text_area(LABELS["options"], value=review.options, max_chars=2000, key=k + "options")
    evidence = st.text_area(LABELS["evidence"], value=review.evidence, max_chars=2000, key=k + "evidence")
    c1, c2 = st.columns(2)
    consulted_on = c1.date_input(LABELS["consulted_on"], value=edits.to_date(review.consultation_date),
                                 format="YYYY-MM-DD", key=k + "consulted_on")
    consulted_with = c2.text_input(LABELS["consulted_with"], value=review.consultation_with, max_chars=300,
                                   key=k + "consulted_with")
    decision = st.text_area(LABELS["decision"], value=review.decision, max_chars=2000, key=k + "decision")
    next_review = st.date_input(LABELS["next_review"], value=edits.to_date(review.next_review),
                                format="YYYY-MM-DD", key=k + "next_review")
    note = st.text_area(LABELS["note"], max_chars=2000, key=k + "note")
    commitment = st.selectbox(LABELS["commitment"], ("", *state.commitments), key=k + "commitment",
                              format_func=lambda cid: f"Commitment {cid.upper()}" if cid else "No commitment")
    reason = st.text_input(LABELS["reason"], max_chars=300, key=k + "reason")
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
