"""A partner team's own commitments, most pressing first: add progress, change the status,
move the target.  Community Safety and administrators may choose another team's."""
import streamlit as st

from geo import clock, navigation
from geo.plan.our_commitments import due_words, led_by
from geo.roles import Action, team_of
from geo.sites.summary import slip_text, standing_text
from geo.text import plain_markdown
from geo.voice.feedback import flag_words
from ui import commitment_update, commitment_view, gating_due
from ui.access import guard
from ui.context import context

ctx = context()
st.title("Our commitments")
guard(navigation.OUR_COMMITMENTS)
plan, today = ctx.plan, clock.today()
if ctx.can(Action.EDIT_GATING):  # the planning team's gating orders come up for review
    gating_due.render(ctx.store, today)
teams = {t.id: t for t in plan.teams}
team_id = team_of(ctx.user)
if ctx.can(Action.EDIT_PLAN):  # the plan's editors update any team's
    choices = sorted(teams, key=lambda x: teams[x].name)
    team_id = st.selectbox("Team", choices, index=choices.index(team_id) if team_id in choices else 0,
                           format_func=lambda x: teams[x].name, key="our_team")
team = teams.get(team_id)
if team is None:
    st.warning("Your account is not in a partner team, so no commitment is yours to update. "
               "Ask an administrator to put it in your team.")
    st.stop()

commitment_update.style()
evidence = ((lambda ref: ctx.store.plan_book.partner_evidence(ctx.user, ref))
            if ctx.can(Action.SEE_PARTNER_NOTES) else None)  # partners-only photos, for partners
mine = led_by(plan.commitments, team.id, today)
flagged = ctx.store.voice.flagged()  # done, but three or more residents say still a problem
st.markdown(f"**{plain_markdown(team.name)}** leads {len(mine)} commitment{'s' if len(mine) != 1 else ''}. "
            "Residents see every update on the action plan at once, named by your team, never by you.")
if not mine:
    st.info("Your team leads no commitment yet. An administrator or Community Safety can name your team "
            "as a lead.")
for c in mine:
    with st.container(border=True, key=f"commitment_{c.id}"):
        due = due_words(c, today)
        st.markdown(f"**{c.id.upper()} · {plain_markdown(standing_text(c, today))}**"
                    + (f" · {plain_markdown(due)}" if due else ""))
        st.markdown(f"You asked: {plain_markdown(c.asked)}")
        slip = slip_text(c)
        if slip:
            st.caption(plain_markdown(slip))
        if c.id in flagged:
            st.warning(flag_words(flagged[c.id]), icon=":material/report:")
        with st.expander("What we will do, and progress so far"):
            commitment_view.details(c, plan, today, evidence)
        commitment_update.forms_for(c)
