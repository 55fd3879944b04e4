"""One commitment as residents read it, on the action plan and the site panel alike: what was
promised, who leads it and how to reach them, its target (and any slip), where it stands in
the plan's one vocabulary (geo.sites.summary), and its dated progress."""
from __future__ import annotations

from datetime import date

import streamlit as st

from geo.model import describe_date
from geo.plan.action_plan import ActionPlan, Commitment
from geo.sites.summary import slip_text, standing_text, target_text
from geo.text import plain_markdown
from ui import show


def details(c: Commitment, plan: ActionPlan, today: date) -> None:
    show.labelled("We will do", " ".join(c.will_do))
    show.labelled("Lead officer or team", c.lead)
    lead_teams(c, plan)
    show.labelled("Target date", target_text(c, today))
    slip = slip_text(c)
    if slip:
        show.labelled("Slipped", slip)
    show.labelled("Status", standing_text(c, today))
    progress(c)


def lead_teams(c: Commitment, plan: ActionPlan) -> None:
    """Whom to call: each lead team and its public contact, or that the plan gives none."""
    teams = plan.lead_teams(c)
    if not teams:
        st.markdown("_No partner team is named to lead this yet._")
        return
    lines = [f"- **{plain_markdown(t.name)}**: {plain_markdown(t.contact)}" for t in teams]
    st.markdown("**Whom to call:**\n" + "\n".join(lines))


def progress(c: Commitment) -> None:
    if not c.progress:
        st.markdown("_No progress update recorded._")
        return
    st.markdown("**Progress updates:**\n" + "\n".join(
        f"- **{plain_markdown(describe_date(e.date))}:** {plain_markdown(e.text)}" for e in c.progress))
