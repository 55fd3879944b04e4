"""The Administration page's Accounts tab: the accounts, their team and state, adding
one, unlocking sign-in, resetting a password, changing a role, moving an account to a
team, disabling and enabling, and the recent refused sign-ins.  A partner team member's
account needs a team: the store refuses one without.  The store checks the administrator
again for every change and records it in the partners-only history."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.errors import WardError
from geo.model import User
from geo.roles import team_of
from geo.status import Role
from ui import show
from geo.records import ACCOUNT
from ui import forms

STAFF_ROLES = [r for r in Role if r is not Role.RESIDENT]


def accounts_tab(ctx) -> None:
    accounts, me = ctx.store.accounts, ctx.user
    teams = {x.id: x.name for x in ctx.store.teams.teams()}
    overview = st.container()  # filled last, so it shows what the forms below just changed
    _add_account(ctx, teams)

    def names(keep: Callable[[User], bool] = lambda u: True) -> list[str]:  # read again for each form
        return [u.name for u in accounts.list_users() if keep(u)]

    _change("unlock", "Unlock sign-in (after too many wrong passwords)", "Unlock", names(),
            lambda who, _: accounts.unlock(me, who), lambda who, _: f"{who} can try their password again now.")
    reset = _change("reset", "Reset a password", "Reset password", names(lambda u: u.name != me.name),
                    lambda who, _: accounts.reset_password(me, who),
                    lambda who, _: f"{who}'s password is reset; they must choose a new one when they sign in.")
    if reset:
        st.code(reset, language=None)
        st.warning("This one-time password is shown only once: give it to them in person, not by email.")
    _change("role", "Change a role", "Change role", names(lambda u: u.name != me.name),
            lambda who, choice: _set_role(ctx, who, *choice),
            lambda who, user: f"{who} is now {user.role.label}" + (f", in {_team_name(user, teams)}." if user.team
                                                                   else "."),
            extra=lambda: (st.selectbox("New role", STAFF_ROLES, format_func=lambda r: r.label, key="role_new"),
                           _team_box(teams, "Keep their team", key="role_team",
                                     help=f"Required for a {Role.PARTNER.label.lower()} without a team.")))
    _change("team", "Move an account to another team", "Move", names(),
            lambda who, team: accounts.set_team(me, who, team),
            lambda who, user: f"{who} is now in {_team_name(user, teams)}.",
            extra=lambda: _team_box(teams, "The team of their role", key="team_new"))
    _change("disable", "Disable an account", "Disable", names(lambda u: not u.disabled and u.name != me.name),
            lambda who, _: accounts.disable_user(me, who),
            lambda who, _: f"{who} can no longer sign in or make changes.")
    _change("enable", "Enable an account", "Enable", names(lambda u: u.disabled),
            lambda who, _: accounts.enable_user(me, who), lambda who, _: f"{who} can sign in again.")
    with overview:
        locks = accounts.sign_in_locks()
        show.table(({"Name": u.name, "Role": u.role.label, "Team": _team_name(u, teams),
                     "Email (council sign-in)": u.email or "", "State": _state(u, locks)}
                    for u in accounts.list_users()), empty="No staff accounts yet.")
    st.markdown("**Recent refused sign-ins** (newest first; names as typed)")
    show.table(({"When (UTC)": f.at.replace("T", " ").replace("Z", ""), "Name tried": f.name, "From": f.client,
                 "Why": f.outcome} for f in accounts.failed_sign_ins(me, limit=50)), empty="None recorded.")


def _state(user: User, locks: dict) -> str:
    if user.disabled:
        return "disabled"
    state = "must choose a new password" if user.must_change_password else "active"
    return f"{state}; sign-in locked until {locks[user.name]:%H:%M} UTC" if user.name in locks else state


def _team_name(user: User, teams: dict[str, str]) -> str:
    team = team_of(user)
    return teams.get(team, team) if team else "no team yet"


def _team_box(teams: dict[str, str], none: str, *, key: str, help: str | None = None) -> str | None:
    """Choose a team by name; None (worded `none`) for no particular team."""
    return st.selectbox("Team", [None, *teams], format_func=lambda x: none if x is None else teams[x], key=key,
                        help=help)


def _set_role(ctx, who: str, role: Role, team: str | None) -> User:
    """The new role, and first the team if one was chosen (a partner team member needs one)."""
    if team is not None:
        ctx.store.accounts.set_team(ctx.user, who, team)
    return ctx.store.accounts.set_role(ctx.user, who, role)


def _add_account(ctx, teams: dict[str, str]) -> None:
    with st.form("add_user", clear_on_submit=True):
        st.markdown("**Add an account**")
        name = forms.text(ACCOUNT["name"], key="add_user_name")
        role = st.selectbox("Role", STAFF_ROLES, format_func=lambda r: r.label)
        team = _team_box(teams, "The team of their role", key="add_user_team",
                         help=f"Required for a {Role.PARTNER.label.lower()}: the team whose commitments they update.")
        email = forms.text(ACCOUNT["email"], key="add_user_email")
        password = forms.password(ACCOUNT["password"], key="add_user_password")
        if st.form_submit_button("Add account"):
            try:
                user = ctx.store.accounts.add_user(ctx.user, name.strip(), role, password, email=email.strip() or None,
                                                   team=team)
            except WardError as exc:
                show.error(f"Nothing was saved: {exc}")
            else:
                show.success(f"Added {user.name} ({user.role.label}, {_team_name(user, teams)}).")


def _change(key: str, label: str, button: str, names: list[str], act: Callable, done: Callable,
            extra: Callable | None = None):
    """A small form: choose an account (and `extra`'s value), press the button; what `act` returned."""
    with st.form(f"{key}_user"):
        who = st.selectbox(label, names, index=None, placeholder="Choose an account", key=f"{key}_who")
        value = extra() if extra else None
        pressed = st.form_submit_button(button)
    if not (pressed and who):
        return None
    try:
        result = act(who, value)
    except WardError as exc:
        show.error(f"Nothing was changed: {exc}")
        return None
    show.success(done(who, result))
    return result
