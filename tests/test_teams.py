"""Partner teams (geo/plan/teams.py, geo/db/team_store.py): a new team's id made from its name,
and no two teams with one name."""
from __future__ import annotations

from dataclasses import replace

import pytest

from geo.errors import InvalidInput
from geo.plan.teams import TEAM_ID, PartnerTeam, new_team_id
from tests.store_fixtures import ADMIN


@pytest.mark.parametrize("name, taken, expected", [
    ("Street Lighting", set(), "street_lighting"),
    ("Street Lighting", {"street_lighting", "street_lighting_2"}, "street_lighting_3"),
    ("3 Boroughs Patrol", set(), "team_3_boroughs_patrol"),
    ("Équipe", set(), "quipe"),
    ("!!!", set(), "team"),
    ("Camden Council Hotspot Team and its many friends", set(), "camden_council_hotspot_team"),
])
def test_a_new_teams_id_comes_from_its_name(name, taken, expected):
    found = new_team_id(name, taken)
    assert found == expected and TEAM_ID.fullmatch(found)


def test_no_two_teams_share_a_name(store):
    with pytest.raises(InvalidInput, match="There is already a team named camden cctv"):
        store.teams.save(ADMIN, PartnerTeam("cctv_2", "camden cctv"), expected_version=None)
    snt = store.teams.team("snt")
    with pytest.raises(InvalidInput, match="There is already a team named Camden CCTV"):
        store.teams.save(ADMIN, replace(snt, name="Camden CCTV"), expected_version=snt.version)
    assert store.teams.save(ADMIN, replace(snt, name=snt.name.upper()), expected_version=snt.version).name.isupper()
