"""One commitment as residents read it, on the action plan and the site panel alike: what was
promised, who leads it and how to reach them, its target (and any slip), where it stands in
the plan's one vocabulary (geo.sites.summary), and its dated progress."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from geo.model import describe_date
from geo.plan.action_plan import ActionPlan, Commitment, ProgressEntry
from geo.sites.summary import slip_text, standing_text, target_text
from geo.status import Visibility
from geo.text import plain_markdown
from ui import show


Evidence = Callable[[str], bytes | None]  # a partners-only entry's photo by its ref, for a signed-in partner


def details(c: Commitment, plan: ActionPlan, today: date, evidence: Evidence | None = None) -> None:
    """`evidence` fetches a partners-only entry's photo for a signed-in partner (None: the public's view)."""
    show.labelled("We will do", " ".join(c.will_do))
    show.labelled("Lead officer or team", c.lead)
    lead_teams(c, plan)
    show.labelled("Target date", target_text(c, today))
    slip = slip_text(c)
    if slip:
        show.labelled("Slipped", slip)
    show.labelled("Status", standing_text(c, today))
    progress(c, evidence)


def follow_links(c: Commitment) -> None:
    """The commitment's own address and its Atom feed, so a resident can keep it or follow it."""
    cid = c.id  # ids are letters, digits and '-': nothing to escape in a link
    st.markdown(f"[Link to {cid.upper()}](/plan?commitment={cid}) · "
                f"[Follow {cid.upper()} (Atom feed)](/feeds/commitments/{cid}.atom)")


def lead_teams(c: Commitment, plan: ActionPlan) -> None:
    """Whom to call: each lead team and its public contact, or that the plan gives none."""
    teams = plan.lead_teams(c)
    if not teams:
        st.markdown("_No partner team is named to lead this yet._")
        return
    lines = [f"- **{plain_markdown(t.name)}**: {plain_markdown(t.contact)}" for t in teams]
    st.markdown("**Whom to call:**\n" + "\n".join(lines))


def progress(c: Commitment, evidence: Evidence | None = None) -> None:
    if not c.progress:
        st.markdown("_No progress update recorded._")
        return
    st.markdown("**Progress updates:**\n" + "\n".join(_entry(e) for e in c.progress))
    for e in c.progress:
        if evidence is not None and e.evidence and e.visibility is Visibility.PARTNERS:
            data = evidence(e.evidence)
            if data:
                st.image(data, caption=f"Evidence for the update of {describe_date(e.date)} (partners only)")


def _entry(e: ProgressEntry) -> str:
    """One entry as a Markdown list item; a public evidence photo as an image the app serves
    (its ref is random letters and digits: nothing to escape)."""
    line = f"- **{plain_markdown(describe_date(e.date))}:** {plain_markdown(e.text)}"
    if e.visibility is Visibility.PARTNERS:
        line += " _(partners only" + ("; with a photo kept for partners)_" if e.evidence else ")_")
    elif e.evidence:
        line += f"\n\n  ![Evidence photo for this update](/evidence/{e.evidence}.jpg)"
    return line
