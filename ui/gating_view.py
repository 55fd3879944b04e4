"""A site's gating cases as residents read them (the site panel): each gate's stage in plain words, its
review date once in force, and while representations are open "Have your say by DATE" with how to
respond and where to see the proposed order.  Representations are counts by category, never names."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from geo.gating.case import GatingCase, count_words, stage_words
from geo.gating.stages import Stage
from geo.model import describe_date
from geo.plan.action_plan import ActionPlan
from geo.text import plain_markdown


def render(cases: Sequence[GatingCase], plan: ActionPlan, today: date, *, contacts: Sequence[str],
           packs=None) -> None:
    """`packs(case)`, when given, offers the case's public evidence pack (ui.gating_packs)."""
    st.markdown("#### Gating")
    if not cases:
        st.markdown("_No gate is proposed at this site._")
        return
    for case in cases:
        st.markdown(f"**{plain_markdown(case.gate)}** ({plain_markdown(case.position)}): "
                    f"{plain_markdown(stage_words(case, today))}")
        if case.representations_open(today):
            _have_your_say(case, plan, contacts)
        if case.stage.reached(Stage.NOTICE):
            st.markdown(plain_markdown(count_words(case)))
        if case.review_on and case.stage.reached(Stage.IN_FORCE):
            st.markdown(f"Review date: {plain_markdown(describe_date(case.review_on))}.")
        if packs is not None:
            packs(case)


def _have_your_say(case: GatingCase, plan: ActionPlan, contacts: Sequence[str]) -> None:
    close = describe_date(case.value("representations_close"))
    lines = [f"**Have your say by {plain_markdown(close)}.**",
             f"See a copy of the proposed order: {plain_markdown(case.value('proposed_order'))}."]
    for contact in (c for c in plan.contacts if c.id in contacts):
        lines.append(f"To respond: {plain_markdown(contact.who)}. {plain_markdown(contact.how)}.")
    st.info("\n\n".join(lines))
