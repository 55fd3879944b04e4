"""Planning team: update a site's gating review."""

import streamlit as st

from geo import schema
from geo.model import GatingReview
from geo.roles import Action
from geo.status import Status, Topic
from ui import edits, show
from ui.context import context
from ui.site_picker import site_to_edit

ctx = context()
st.title("Gating reviews")
site = site_to_edit(Action.EDIT_GATING, "Only the planning team can update gating reviews. "
                    "Sign in with a planning account.", key="gating")

opened = edits.opened_version(site)
review = ctx.store.gating_review(site.site_id)
state = site.state(Topic.GATING)
fields = schema.TOPIC_FIELDS[Topic.GATING]
k = f"gating_{site.site_id}_"

with st.form(k + "form"):
    status = st.selectbox(fields["status"].label, list(Status), index=list(Status).index(state.status),
                          format_func=lambda s: s.label, key=k + "status")
    detail = st.text_input("One-line summary for residents", value=state.detail, max_chars=fields["detail"].limit,
                           key=k + "detail")
    options = st.text_area("Options considered", value=review.options, max_chars=2000, key=k + "options")
    evidence = st.text_area("Evidence gathered", value=review.evidence, max_chars=2000, key=k + "evidence")
    c1, c2 = st.columns(2)
    consulted_on = c1.date_input("Resident consultation date", value=edits.to_date(review.consultation_date),
                                 format="YYYY-MM-DD", key=k + "consulted_on")
    consulted_with = c2.text_input("Consulted with", value=review.consultation_with, max_chars=300,
                                   key=k + "consulted_with")
    decision = st.text_area("Decision", value=review.decision, max_chars=2000, key=k + "decision")
    next_review = st.date_input("Next review date", value=edits.to_date(review.next_review),
                                format="YYYY-MM-DD", key=k + "next_review")
    note = st.text_area("Progress note for this update", max_chars=2000, key=k + "note")
    reason = st.text_input("Reason for the change (kept in the public history)", max_chars=300, key=k + "reason")
    saved = st.form_submit_button("Save gating review")

if saved:
    new_review = GatingReview(
        options=options, evidence=evidence,
        consultation_date=consulted_on.isoformat() if consulted_on else "",
        consultation_with=consulted_with, decision=decision,
        next_review=next_review.isoformat() if next_review else "", note=note,
    )
    updated = edits.save(lambda: ctx.store.save_gating_review(
        ctx.user, site.site_id, status=status, detail=detail, review=new_review,
        expected_version=opened, reason=reason,
    ), k)
    if updated:
        show.success(f"Saved. {updated.name} gating is now “{updated.state(Topic.GATING).status.label}”; "
                     "the resident map and the action plan show it now.")
