"""The Administration page's Teams tab: the partner teams, what each does, its public contact
and the commitments it leads; adding a team; editing one; which teams lead each commitment.

The edit form is built on the team as it was opened (kept in session state), and its save
sends that version: over someone else's newer change the store refuses it (StaleEdit), the
tab says what they changed and the form keeps what was typed until "Load the newer values"."""
from __future__ import annotations

import textwrap
from dataclasses import replace

import streamlit as st

from geo.errors import StaleEdit, Unchanged, WardError
from geo.plan.teams import PartnerTeam, new_team_id
from geo.records import REASON, TEAM
from geo.text import plain_markdown
from ui import forms, show

_OPENED = "team_opened"  # the PartnerTeam the edit form is built on
_CONFLICT = "team_conflict"  # (the team's id and version as opened, the sentence, the team as saved now)
_DONE = "team_done"  # the last save's sentence, shown after the rerun it causes
_ADDED = "team_added"  # how many teams this session added: the add form's key, so it empties after one


def teams_tab(ctx) -> None:
    overview = st.container()  # filled last, so it shows what the forms below just changed
    done = st.session_state.pop(_DONE, None)
    if done:
        show.success(done)
    _add_team(ctx)
    _edit_team(ctx)
    _set_leads(ctx)
    with overview:
        plan = ctx.store.plan()
        show.table(({"Team": x.name, "What it does": x.does, "Public contact": x.contact,
                     "Leads": ", ".join(c.id.upper() for c in plan.commitments if x.id in c.leads) or "nothing yet"}
                    for x in ctx.store.teams.teams()), empty="No partner teams yet.")


def _saved(sentence: str) -> None:
    st.session_state[_DONE] = sentence
    st.rerun()


def _add_team(ctx) -> None:
    key = f"team_add_{st.session_state.get(_ADDED, 0)}_"
    with st.form(key + "form"):
        st.markdown("**Add a team**")
        values = {f.name: forms.text(f, key=key + f.name) for f in TEAM}
        reason = forms.text(REASON, key=key + "reason", about="the new team")
        pressed = st.form_submit_button("Add the team")
    if not pressed:
        return
    teams = ctx.store.teams
    try:
        team = teams.save(ctx.user, PartnerTeam(new_team_id(values["name"], {x.id for x in teams.teams()}), **values),
                          expected_version=None, reason=reason)
    except WardError as exc:
        show.error(f"Nothing was saved: {exc}")
        return
    st.session_state[_ADDED] = st.session_state.get(_ADDED, 0) + 1
    _saved(f"Added the team {team.name}.")


def _edit_team(ctx) -> None:
    teams = {x.id: x for x in ctx.store.teams.teams()}
    chosen = st.selectbox("Edit a team", list(teams), index=None, placeholder="Choose a team",
                          format_func=lambda x: teams[x].name, key="team_edit_which")
    if chosen is None:
        return
    opened = st.session_state.get(_OPENED)
    if opened is None or opened.id != chosen:
        opened = st.session_state[_OPENED] = teams[chosen]
        st.session_state.pop(_CONFLICT, None)
    key = f"team_edit_{opened.id}_v{opened.version}_"  # a newer version opened makes the form anew
    with st.form(key + "form"):
        values = {f.name: forms.text(f, key=key + f.name, value=getattr(opened, f.name)) for f in TEAM}
        reason = forms.text(REASON, key=key + "reason", about="the team")
        pressed = st.form_submit_button("Save the team")
    if pressed:
        try:
            saved = ctx.store.teams.save(ctx.user, replace(opened, **values), expected_version=opened.version,
                                         reason=reason)
        except StaleEdit as exc:
            st.session_state[_CONFLICT] = (opened.id, opened.version, str(exc), exc.current)
        except Unchanged as exc:
            show.info(exc)
        except WardError as exc:
            show.error(f"Nothing was saved: {exc}")
        else:
            st.session_state[_OPENED] = saved
            st.session_state.pop(_CONFLICT, None)
            _saved(f"Saved the team {saved.name}.")
    _show_conflict(opened)


def _show_conflict(opened: PartnerTeam) -> None:
    conflict = st.session_state.get(_CONFLICT)
    if conflict is None or conflict[:2] != (opened.id, opened.version):
        return
    _, _, sentence, now = conflict
    show.error(sentence)
    differ = [f for f in TEAM if now is not None and getattr(now, f.name) != getattr(opened, f.name)]
    show.table(({"Field": f.label, "When you opened it": getattr(opened, f.name), "Saved now": getattr(now, f.name)}
                for f in differ), empty="No field differs from what you opened; only its version moved on.")
    st.info("The form above still holds what you typed. To edit the version saved now, load it "
            "(what you typed will be replaced, so copy what you want to keep first).")
    if now is not None:
        st.button("Load the newer values", key=f"team_reload_{opened.id}_v{opened.version}",
                  on_click=lambda: st.session_state.update({_OPENED: now}))


def _set_leads(ctx) -> None:
    plan, teams = ctx.store.plan(), {x.id: x.name for x in ctx.store.teams.teams()}
    chosen = {}
    with st.form("team_leads"):
        st.markdown("**Which teams lead each commitment** (a partner team member may update the ones their "
                    "team leads)")
        for c in plan.commitments:
            label = f"{c.id.upper()}: {textwrap.shorten(c.asked, 90, placeholder='…')}"
            chosen[c.id] = st.multiselect(plain_markdown(label), list(teams), format_func=teams.get,
                                          default=[x for x in c.leads if x in teams],
                                          key=f"leads_{c.id}_{'-'.join(c.leads)}")  # saved leads: a new widget
        reason = forms.text(REASON, key="leads_reason", about="the lead teams")
        pressed = st.form_submit_button("Save the lead teams")
    if not pressed:
        return
    changed = [c.id for c in plan.commitments if sorted(chosen[c.id]) != sorted(c.leads)]
    if not changed:
        show.info("Nothing to save: no commitment's lead teams differ from what is saved.")
        return
    for n, cid in enumerate(changed):
        try:
            ctx.store.plan_book.set_leads(ctx.user, cid, chosen[cid], reason)
        except WardError as exc:
            saved = f" The lead teams of {', '.join(x.upper() for x in changed[:n])} were saved." if n else ""
            show.error(f"The lead teams of {cid.upper()} were not saved: {exc}{saved}")
            return
    _saved(f"Saved the lead teams of {', '.join(x.upper() for x in changed)}.")
