"""Gating orders come up for review (three months before they expire, geo.gating.case.GatingCase.review_due):
the planning team's list of work, on the gating page, Our commitments and the review meeting's agenda."""
from __future__ import annotations

from datetime import date

import streamlit as st

from geo.model import describe_date
from geo.text import plain_markdown


def render(store, on: date, *, heading: str = "Gating orders due for review") -> None:
    due = store.gating.due_for_review(on)
    if not due:
        return
    names = {s.site_id: s.name for s in store.sites()}
    st.markdown(f"**{heading}** ({len(due)})")
    st.markdown("\n".join(
        f"- {plain_markdown(names.get(c.site_id, c.site_id))}, {plain_markdown(c.gate)}: expires "
        f"{describe_date(c.expires_on)}; review from {describe_date(c.review_on)} ({c.stage.label.lower()})"
        for c in due))
