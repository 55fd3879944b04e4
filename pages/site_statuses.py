"""Lighting and fencing, kept like gating: a site's status, its line for residents and its review,
changed under one of the site's commitments by a team that leads it."""
import streamlit as st

from geo import navigation
from geo.records import KEPT_TOPICS, PROGRESS_ENTRY, REASON, TOPIC_DETAIL, TOPIC_REVIEW
from geo.status import Status
from ui import edits, forms
from ui.access import guard
from ui.context import context
from ui.site_picker import site_to_edit

ctx = context()
st.title("Lighting and fencing")
guard(navigation.SITE_STATUSES)
topic = st.radio("Status to update", KEPT_TOPICS, format_func=lambda t: t.label, horizontal=True, key="kept_topic")
site_id = site_to_edit(key="kept").site_id

record = edits.opened(site_id)
state = record.site.state(topic)
review = ctx.store.topic_review(site_id, topic)
k = edits.form_key(f"kept_{topic.value}", record)
detail_field = TOPIC_DETAIL[topic]
LABELS = {"status": f"{topic.label} status", "detail": detail_field.label, **{f.name: f.label for f in TOPIC_REVIEW},
          "note": PROGRESS_ENTRY["text"].label, "reason": REASON.label, "commitment": "Made under commitment"}

if not state.commitments:
    st.warning(f"{record.site.name} has no {topic.label.lower()} commitment yet, so its {topic.label.lower()} "
               "status cannot be changed here. Community Safety or an administrator can tie one to it.")
    st.stop()
with st.form(k + "form"):
    commitment = st.selectbox(LABELS["commitment"], state.commitments, format_func=lambda c: c.upper(),
                              key=k + "commitment")
    status = st.selectbox(LABELS["status"], list(Status), index=list(Status).index(state.status),
                          format_func=lambda s: s.label, key=k + "status")
    detail = forms.text(detail_field, value=state.detail, key=k + "detail")
    values = {}
    for field in TOPIC_REVIEW:
        if field.name == "done_on":
            day = st.date_input(field.label, value=edits.to_date(review[field.name]), format="YYYY-MM-DD",
                                key=k + field.name)
            values[field.name] = day.isoformat() if day else ""
        else:
            values[field.name] = forms.text(field, value=review[field.name], key=k + field.name)
    note = forms.text(PROGRESS_ENTRY["text"], key=k + "note", about="optional: added to the commitment")
    reason = forms.text(REASON, key=k + "reason")
    saved = st.form_submit_button(f"Save {topic.label.lower()}")

if saved:
    edits.save(
        site_id,
        lambda version: ctx.store.save_topic_review(ctx.user, site_id, topic, status=status, detail=detail,
                                                    review=values, commitment_id=commitment, note=note,
                                                    expected_version=version, reason=reason),
        form=k, labels=LABELS,
        saved=lambda updated: f"Saved. {updated.name} {topic.label.lower()} is now "
                              f"“{updated.state(topic).status.label}”; the map's {topic.label.lower()} layer shows it.")
edits.show_outcome(site_id)
