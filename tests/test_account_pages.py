"""Accounts in the app, through Streamlit's AppTest: a planner disabled, demoted or
reset while signed in loses the right to save at once, and an administrator runs
accounts on the Administration page (the forced password change included)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.model import User
from geo.status import Role
from tests.store_fixtures import OPERATOR, STAFF_PASSWORD
from tests.test_pages import ADMIN, PCDA, PLANNER, sign_in_box_opened



# --- accounts changed while their owner is signed in ------------------------------

def _change_account(ward, change: str) -> None:
    """An administrator's change, made elsewhere (here: through the store, as the command line would)."""
    from geo.settings import load
    from geo.commands import open_store

    with open_store(load(), ward) as store:
        {"disabled": lambda: store.accounts.disable_user(OPERATOR, PLANNER.name),
         "demoted": lambda: store.accounts.set_role(OPERATOR, PLANNER.name, "pcda"),
         "password reset": lambda: store.accounts.reset_password(OPERATOR, PLANNER.name)}[change]()


def _gating_version(ward) -> int:
    from geo.settings import load
    from geo.commands import open_store

    with open_store(load(), ward) as store:
        return store.site("george-mews").version


@pytest.mark.parametrize("change", ["disabled", "demoted", "password reset"])
def test_a_planner_changed_while_signed_in_loses_the_gating_page_at_the_next_save(app, ward, change):
    at = app("pages/gating.py", PLANNER)  # the session keeps its signed-in copy of pat.planner
    at.selectbox(key="gating_site").select("george-mews").run()
    k = "gating_george-mews_v1_"  # the form keyed by the version it was opened at
    at.text_input(key=k + "detail").input("Saved after the change.")
    _change_account(ward, change)
    at.button(key="FormSubmitter:" + k + "form-Save gating review").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # AppTest reruns the page itself (not app.py's navigation, where the page is gone:
    # tests/e2e/test_editors.py shows that in a browser); the page refuses, nothing is saved.
    assert "Only the planning team" in " ".join(e.value for e in at.error)
    assert not at.success
    assert _gating_version(ward) == 1
    kept = at.session_state["signed_in_user"] if "signed_in_user" in at.session_state else None
    assert kept == (User(PLANNER.name, Role.PCDA) if change == "demoted" else None)


# --- administrators run accounts -----------------------------------------------------

def _admin_accounts(app) -> AppTest:
    return app("pages/admin.py", ADMIN)


def _submit(at: AppTest, key: str, who: str, button: str) -> AppTest:
    at.selectbox(key=f"{key}_who").select(who)
    return at.button(key=f"FormSubmitter:{key}_user-{button}").click().run()


def _shown_table(at: AppTest, index: int):
    """A table as a person reads it: Markdown escapes removed from cells and headings."""
    table = at.table[index].value.map(lambda v: str(v).replace("\\", ""))
    return table.rename(columns=lambda c: str(c).replace("\\", ""))


def _state_of(at: AppTest, name: str) -> str:
    table = _shown_table(at, 0)
    return table[table["Name"] == name]["State"].iloc[0]


def test_admin_changes_a_role_and_disables_and_enables_an_account(app):
    at = _admin_accounts(app)
    at.selectbox(key="role_who").select(PCDA.name)
    at.selectbox(key="role_new").select(Role.ADMIN)
    at.button(key="FormSubmitter:role_user-Change role").click().run()
    assert "dana.pcda is now Administrator." in [s.value.replace("\\", "") for s in at.success]
    _submit(at, "disable", PLANNER.name, "Disable")
    assert _state_of(at, PLANNER.name) == "disabled"
    _submit(at, "enable", PLANNER.name, "Enable")
    assert _state_of(at, PLANNER.name) == "active"
    assert ADMIN.name not in at.selectbox(key="disable_who").options  # not yourself


def test_admin_resets_a_password_and_sees_the_one_time_password_once(app):
    at = _admin_accounts(app)
    _submit(at, "reset", PLANNER.name, "Reset password")
    one_time = at.code[0].value
    assert len(one_time) >= 16 and "shown only once" in " ".join(w.value for w in at.warning)
    assert _state_of(at, PLANNER.name) == "must choose a new password"
    at.run()
    assert not at.code  # gone at the next action

    box = sign_in_box_opened()
    name, secret = box.sidebar.text_input
    name.input(PLANNER.name)
    secret.input(one_time)
    box.sidebar.button[0].click().run()
    assert "signed_in_user" not in box.session_state
    assert any("Choose a new password for pat.planner" in m.value.replace("\\", "") for m in box.sidebar.markdown)
    assert not box.sidebar.expander  # no sign-in form meanwhile: the new password comes first
    first, again = box.sidebar.text_input
    first.input("my own new password")
    again.input("not the same password")
    box.sidebar.button[0].click().run()
    assert "The two passwords differ; type the same one twice." in [e.value.replace("\\", "") for e in box.sidebar.error]
    first, again = box.sidebar.text_input
    first.input("my own new password")
    again.input("my own new password")
    box.sidebar.button[0].click().run()
    assert box.session_state["signed_in_user"] == PLANNER
    assert any("Signed in as" in m.value for m in box.sidebar.markdown)


def test_admin_sees_refused_sign_ins_and_unlocks_an_account(app):
    app()
    box = sign_in_box_opened()
    for name in [PLANNER.name] * 6 + ["[x](javascript:alert(1))"]:
        box.sidebar.text_input[0].input(name)
        box.sidebar.text_input[1].input("not the password!")
        box.sidebar.button[0].click().run()
    refusal = box.sidebar.error[0].value.replace("\\", "")
    box.sidebar.text_input[0].input(PLANNER.name)
    box.sidebar.text_input[1].input(STAFF_PASSWORD)
    box.sidebar.button[0].click().run()
    assert box.sidebar.error[0].value.replace("\\", "").startswith("Sign-in with this name is locked")
    assert refusal == "Wrong name or password."  # the made-up name got the usual answer

    at = _admin_accounts(app)
    assert _state_of(at, PLANNER.name).startswith("active; sign-in locked until")
    refused = _shown_table(at, 1)
    assert list(refused.columns) == ["When (UTC)", "Name tried", "From", "Why"]
    assert refused["Why"].tolist()[:4] == ["too many attempts", "wrong password", "too many attempts", "wrong password"]
    assert refused["Name tried"].tolist()[:3] == [PLANNER.name, "[x](javascript:alert(1))", PLANNER.name]  # as typed
    _submit(at, "unlock", PLANNER.name, "Unlock")
    assert _state_of(at, PLANNER.name) == "active"

    box.sidebar.text_input[0].input(PLANNER.name)
    box.sidebar.text_input[1].input(STAFF_PASSWORD)
    box.sidebar.button[0].click().run()
    assert box.session_state["signed_in_user"] == PLANNER


def test_a_nul_in_the_sign_in_name_gets_a_sentence_and_no_error_box(app):
    app()
    box = sign_in_box_opened()
    box.sidebar.text_input[0].input(f"{PLANNER.name}\x00")
    box.sidebar.text_input[1].input(STAFF_PASSWORD)
    box.sidebar.button[0].click().run()
    assert not box.exception
    assert [e.value.replace("\\", "") for e in box.sidebar.error] == [
        "Account name contains a control character (such as NUL) that cannot be stored; remove it."]
    assert "signed_in_user" not in box.session_state
    assert "None recorded." in _said(_admin_accounts(app), "info")  # no refused sign-in was written


# --- accounts and their teams -------------------------------------------------------------

SNT = "Regent's Park Safer Neighbourhood Team (police)"


def _said(at: AppTest, kind: str) -> list[str]:
    return [e.value.replace("\\", "") for e in getattr(at, kind)]


def _team_of(at: AppTest, name: str) -> str:
    table = _shown_table(at, 0)
    return table[table["Name"] == name]["Team"].iloc[0]


def test_a_partner_team_members_account_needs_a_team(app):
    at = _admin_accounts(app)
    assert _team_of(at, PLANNER.name) == "Planning team" and _team_of(at, ADMIN.name) == "Administrator"

    def add(name: str, team: str | None) -> AppTest:
        at.text_input(key="add_user_name").input(name)
        next(s for s in at.selectbox if s.label == "Role").select(Role.PARTNER)
        at.selectbox(key="add_user_team").select(team)
        at.text_input(key="add_user_password").input(STAFF_PASSWORD)
        return at.button(key="FormSubmitter:add_user-Add account").click().run()

    add("sam.snt", None)
    assert _said(at, "error") == ["Nothing was saved: A partner team member's account needs a team: choose which "
                                  "team they are in."]
    assert "sam.snt" not in _shown_table(at, 0)["Name"].tolist()
    add("sam.snt", "snt")
    assert f"Added sam.snt (Partner team member, {SNT})." in _said(at, "success")
    assert _team_of(at, "sam.snt") == SNT


def test_an_account_is_moved_to_a_team_and_made_a_partner_team_member(app):
    at = _admin_accounts(app)
    at.selectbox(key="team_who").select(PCDA.name)
    at.selectbox(key="team_new").select("snt")
    at.button(key="FormSubmitter:team_user-Move").click().run()
    assert f"dana.pcda is now in {SNT}." in _said(at, "success")
    assert _team_of(at, PCDA.name) == SNT

    at.selectbox(key="role_who").select(PLANNER.name)
    at.selectbox(key="role_new").select(Role.PARTNER)
    at.button(key="FormSubmitter:role_user-Change role").click().run()
    assert _said(at, "error") == ["Nothing was changed: A partner team member's account needs a team: choose which "
                                  "team they are in."]
    assert _shown_table(at, 0).set_index("Name").loc[PLANNER.name, "Role"] == "Planning team"
    at.selectbox(key="role_team").select("hotspot")
    at.button(key="FormSubmitter:role_user-Change role").click().run()
    assert "pat.planner is now Partner team member, in Camden Council Hotspot Team." in _said(at, "success")
    assert _team_of(at, PLANNER.name) == "Camden Council Hotspot Team"
