"""The Administration page's Teams tab (ui/team_admin.py), through Streamlit's AppTest: the teams
with their contact and what they lead, adding one, editing one (a stale edit says so and keeps
what was typed), and which teams lead each commitment."""
from __future__ import annotations

from dataclasses import replace

from streamlit.testing.v1 import AppTest

from tests.conftest import text_of
from tests.store_fixtures import ADMIN, OPERATOR

SNT = "Regent's Park Safer Neighbourhood Team (police)"


def _with_store(ward, act):
    """`act(store)` made elsewhere (as another administrator, or the command line, would)."""
    from geo.commands import open_store
    from geo.settings import load

    with open_store(load(), ward) as store:
        return act(store)


def _table(at: AppTest, column: str):
    """The table with this column, as a person reads it (Markdown escapes removed)."""
    for element in at.table:
        table = element.value.map(lambda v: str(v).replace("\\", ""))
        table = table.rename(columns=lambda c: str(c).replace("\\", ""))
        if column in table.columns:
            return table
    raise AssertionError(f"no table with the column {column!r}")


def _said(at: AppTest, kind: str) -> list[str]:
    return [e.value.replace("\\", "") for e in getattr(at, kind)]


def test_the_teams_are_listed_with_their_public_contact_and_what_they_lead(app):
    teams = _table(app("pages/admin.py", ADMIN), "Public contact")
    snt = teams[teams["Team"] == SNT].iloc[0]
    assert snt["Leads"] == "ST-3, LT-1"
    assert teams[teams["Team"] == "Administrator"]["Leads"].iloc[0] == "nothing yet"


def test_an_administrator_adds_a_team(app, ward):
    at = app("pages/admin.py", ADMIN)
    at.text_input(key="team_add_0_name").input("Street Lighting")
    at.text_input(key="team_add_0_phone").input("020 7974 4444")
    at.button(key="FormSubmitter:team_add_0_form-Add the team").click().run()
    assert "Added the team Street Lighting." in _said(at, "success")
    teams = _table(at, "Public contact")
    assert teams[teams["Team"] == "Street Lighting"]["Public contact"].iloc[0] == "Phone: 020 7974 4444"
    assert at.text_input(key="team_add_1_name").value == ""  # the form is empty for the next one
    assert _with_store(ward, lambda s: s.teams.team("street_lighting")).phone == "020 7974 4444"

    at.text_input(key="team_add_1_name").input("street lighting")
    at.text_input(key="team_add_1_does").input("Lamps")
    at.button(key="FormSubmitter:team_add_1_form-Add the team").click().run()
    assert ("Nothing was saved: There is already a team named street lighting; give this one another name."
            in _said(at, "error"))
    assert at.text_input(key="team_add_1_does").value == "Lamps"  # kept, to correct


def test_an_edit_over_someone_elses_says_so_and_keeps_what_was_typed(app, ward):
    at = app("pages/admin.py", ADMIN)
    at.selectbox(key="team_edit_which").select("snt").run()
    k = "team_edit_snt_v1_"
    at.text_input(key=k + "phone").input("020 7000 0001")
    _with_store(ward, lambda s: s.teams.save(OPERATOR, replace(s.teams.team("snt"), hours="9am to 5pm"),
                                             expected_version=1))
    at.button(key=f"FormSubmitter:{k}form-Save the team").click().run()
    assert f"The team {SNT} was changed since you opened it. Nothing was saved." in _said(at, "error")
    differ = _table(at, "Saved now")
    assert differ["Field"].tolist() == ["Hours"] and differ["Saved now"].tolist() == ["9am to 5pm"]
    assert at.text_input(key=k + "phone").value == "020 7000 0001"  # what was typed, kept
    assert _with_store(ward, lambda s: s.teams.team("snt")).phone != "020 7000 0001"

    at.button(key="team_reload_snt_v1").click().run()
    k = "team_edit_snt_v2_"
    assert at.text_input(key=k + "hours").value == "9am to 5pm" and not at.error
    at.text_input(key=k + "phone").input("020 7000 0001")
    at.button(key=f"FormSubmitter:{k}form-Save the team").click().run()
    assert f"Saved the team {SNT}." in _said(at, "success")
    assert _with_store(ward, lambda s: s.teams.team("snt")).phone == "020 7000 0001"
    assert "020 7000 0001" in text_of(at)


def test_an_administrator_sets_which_teams_lead_a_commitment(app, ward):
    at = app("pages/admin.py", ADMIN)
    at.multiselect(key="leads_st-9_cctv").select("hotspot")
    at.text_input(key="leads_reason").input("The hotspot team watches the cameras too.")
    at.button(key="FormSubmitter:team_leads-Save the lead teams").click().run()
    assert "Saved the lead teams of ST-9." in _said(at, "success")
    assert _with_store(ward, lambda s: s.commitment("st-9")).leads == ("cctv", "hotspot")
    teams = _table(at, "Public contact")
    assert "ST-9" in teams[teams["Team"] == "Camden Council Hotspot Team"]["Leads"].iloc[0]
    at.button(key="FormSubmitter:team_leads-Save the lead teams").click().run()
    assert "Nothing to save: no commitment's lead teams differ from what is saved." in _said(at, "info")
