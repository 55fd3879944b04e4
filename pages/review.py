"""A review meeting of the action plan: every commitment due by the meeting's date, each marked
reviewed with a note and the next review date, then one dated public record."""
import streamlit as st

from geo import clock, navigation
from geo.errors import WardError
from geo.model import describe_date
from geo.plan.reviews import due_by
from geo.records import REVIEW
from geo.sites.summary import standing_text
from geo.voice.feedback import flag_words
from ui import forms, gating_due, show
from ui.access import guard
from ui.context import context

ctx = context()
st.title("Review meeting")
guard(navigation.REVIEW)
held_on = st.date_input(REVIEW["held_on"].label, value=clock.today(), format="YYYY-MM-DD", key="review_date")
if not st.toggle("Hold the review of this date", key=f"review_open_{held_on}"):
    st.info("Choose the meeting's date, then hold it: the page lists every commitment whose target or "
            "next review date falls by then.")
    st.stop()
try:
    review = ctx.store.reviews.open(ctx.user, held_on.isoformat())
except WardError as exc:
    show.error(exc)
    st.stop()
notice = st.session_state.pop("review_notice", None)
if notice:
    show.success(notice)
if review.published_at:
    show.info(f"Published: {review.summary}.")
    st.stop()

plan, today = ctx.plan, clock.today()
flagged = ctx.store.voice.flagged()  # residents say a done commitment is still a problem
due = due_by(plan.commitments, review.held_on, ctx.store.reviews.next_reviews(), flagged)
st.markdown(f"**{len(due)} commitments are due by {describe_date(review.held_on.isoformat())}**; "
            f"{len(review.items)} reviewed so far.")
notes = {i.commitment_id: i for i in review.items}
for c in due:
    k = f"review_{review.id}_{c.id}_v{review.version}_"
    done = notes.get(c.id)
    with st.expander(f"{c.id.upper()} · {standing_text(c, today)}" + (" · residents say still a problem"
                     if c.id in flagged else "") + (" · reviewed" if done else ""), expanded=done is None):
        if c.id in flagged:
            show.warning(flag_words(flagged[c.id]))
        show.text(f"You asked: {c.asked}")
        with st.form(k + "form", border=False):
            note = forms.text(REVIEW["note"], value=done.note if done else "", key=k + "note")
            next_review = st.date_input(REVIEW["next_review"].label, value=None, format="YYYY-MM-DD", key=k + "next")
            if st.form_submit_button("Mark reviewed", use_container_width=True):
                try:
                    ctx.store.reviews.mark_reviewed(ctx.user, review.id, c.id, note=note,
                                                    next_review=next_review.isoformat() if next_review else "",
                                                    expected_version=review.version)
                except WardError as exc:
                    show.error(f"Nothing was saved: {exc}")
                else:
                    st.session_state["review_notice"] = f"{c.id.upper()} marked reviewed."
                    st.rerun()

gating_due.render(ctx.store, review.held_on, heading=f"Gating orders due for review by "
                  f"{describe_date(review.held_on.isoformat())}")
if st.button("Publish the review", type="primary", disabled=not review.items, key=f"publish_{review.id}"):
    try:
        published = ctx.store.reviews.publish(ctx.user, review.id, expected_version=review.version)
    except WardError as exc:
        show.error(f"Nothing was published: {exc}")
    else:
        st.session_state["review_notice"] = (f"Published: {published.summary}. Residents see it in What changed, "
                                             "the Atom feed and the progress report.")
        st.rerun()
