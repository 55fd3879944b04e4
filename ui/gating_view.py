"""A site's gating cases as residents read them (the site panel): each gate's stage in plain words, its
review date once in force, and while representations are open "Have your say by DATE" with how to
respond, where to see a copy and the proposed order's text (geo.gating.order).  Representations are
counts by category, never names."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from geo.gating import order
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
    lines += [f"To respond: {plain_markdown(way)}" for way in order.ways_to_respond(plan.contacts, contacts)]
    st.info("\n\n".join(lines))
    _proposed_order(case)


def _proposed_order(case: GatingCase) -> None:
    """The order's text, a paragraph a line and every character as typed, and its own page (web/routes.py)."""
    with st.expander(f"The proposed order for {plain_markdown(case.gate)}", expanded=True):
        if not case.order_text:
            st.markdown(plain_markdown(order.NOT_PUBLISHED))
            return
        st.markdown("\n\n".join(plain_markdown(p) for p in order.paragraphs(case.order_text)))
        st.markdown(f"[Read the proposed order on a page of its own]({order.path(case)})")
