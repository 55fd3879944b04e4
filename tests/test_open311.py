"""geo/opendata/open311.py: the action plan as Open311 GeoReport v2 (read side).

Field rules from the GeoReport v2 spec (wiki.open311.org/GeoReport_v2) and
its JSON schemas (github.com/open311/schema-validation)."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest

from geo.opendata import open311
from geo.status import Progress

REQUIRED = ("service_request_id", "status", "service_code", "requested_datetime")
DATETIMES = ("requested_datetime", "updated_datetime", "expected_datetime")
SERVICE_REQUIRED = ("service_code", "service_name", "metadata", "type")


def _requests(plan, sites, ward, **filters):
    return json.loads(json.dumps(open311.service_requests(plan, sites, ward, **filters)))


def _is_rfc3339_with_zone(value: str) -> bool:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def test_every_commitment_is_a_request_with_the_required_fields(plan, sites, ward):
    found = _requests(plan, sites, ward)
    assert [r["service_request_id"] for r in found] == [c.id for c in plan.commitments]
    codes = {s["service_code"] for s in open311.services(plan)}
    for request in found:
        assert all(isinstance(request[f], str) and request[f] for f in REQUIRED), request
        assert request["status"] in ("open", "closed") and request["service_code"] in codes
        assert all(_is_rfc3339_with_zone(request[f]) for f in DATETIMES)
        assert "media_url" not in request
        assert len(request["description"]) <= 4000


def test_a_request_says_what_was_asked_promised_and_by_whom(plan, sites, ward):
    st1 = _requests(plan, sites, ward, ids={"st-1"})[0]
    c = plan.commitment("st-1")
    assert st1["description"] == c.asked and st1["agency_responsible"] == "Camden Council hotspot team / CPO team"
    assert st1["service_notice"] == c.will_do[0] and st1["service_name"] == "Short term achievable outcomes"
    assert st1["requested_datetime"] == "2019-01-01T00:00:00+00:00"  # the January 2019 meeting
    assert st1["updated_datetime"] == "2019-03-01T00:00:00+00:00"  # its latest progress, March 2019
    assert st1["expected_datetime"] == "2019-04-30T00:00:00+01:00"  # "Review April 2019"
    assert st1["status_notes"].startswith("In progress: In Feb 2019 there were 10 hotspot patrols")


def test_a_commitment_with_sites_is_placed_at_its_first_site(plan, sites, ward):
    st8 = _requests(plan, sites, ward, ids={"st-8"})[0]
    george = sites[0]
    assert "st-8" in george.commitment_ids()
    assert st8["address"] == "George Mews, Regent's Park ward, London Borough of Camden"
    assert (st8["lat"], st8["long"]) == (round(george.lat, 7), round(george.lon, 7))


def test_a_commitment_without_sites_has_no_position(plan, sites, ward):
    st1 = _requests(plan, sites, ward, ids={"st-1"})[0]
    assert not {"address", "lat", "long"} & set(st1)


@pytest.mark.parametrize("progress, status", [
    (Progress.NO_UPDATE, "open"), (Progress.IN_PROGRESS, "open"), (Progress.NOT_OURS, "closed"),
    (Progress.CLOSED_NOT_DONE, "closed"), (Progress.PARTLY_DONE, "closed"),
    (Progress.DONE, "closed"), (Progress.DROPPED, "closed"),
])
def test_done_and_dropped_commitments_are_closed(plan, sites, ward, progress, status):
    changed = replace(plan, commitments=tuple(replace(c, status=progress) for c in plan.commitments))
    assert {r["status"] for r in _requests(changed, sites, ward)} == {status}
    assert len(_requests(changed, sites, ward, status=status)) == len(plan.commitments)


def test_requests_filter_by_service_code_and_id(plan, sites, ward):
    long_term = _requests(plan, sites, ward, service_code="long")
    assert [r["service_request_id"] for r in long_term] == ["lt-1", "lt-2", "lt-3"]
    assert [r["service_request_id"] for r in _requests(plan, sites, ward, ids={"st-2", "lt-1"})] == ["st-2", "lt-1"]
    assert _requests(plan, sites, ward, ids={"st-99"}) == []


def test_without_a_meeting_date_a_request_is_dated_by_the_earliest_date_the_plan_gives(plan, sites, ward):
    undated = replace(plan, meeting_date="")
    assert {r["requested_datetime"] for r in _requests(undated, sites, ward)} == {"2019-02-28T00:00:00+00:00"}


def test_services_are_the_plans_terms_with_the_required_fields(plan):
    found = json.loads(json.dumps(open311.services(plan)))
    assert [s["service_code"] for s in found] == ["short", "long"]
    for service in found:
        assert all(f in service for f in SERVICE_REQUIRED)
        assert service["metadata"] is False and service["type"] in ("realtime", "batch", "blackbox")


def test_an_error_is_the_specs_list_of_code_and_description():
    assert open311.error(404, "No such request.") == [{"code": 404, "description": "No such request."}]


def test_a_commitment_a_lead_team_marks_done_is_closed_and_names_its_teams_never_a_person(store, ward):
    from tests.store_fixtures import HOTSPOT_MEMBER

    store.set_commitment_status(HOTSPOT_MEMBER, "st-1", Progress.DONE, expected_version=1,
                                words="Patrols doubled through 2026; open drug use reports fell.")
    request = open311.service_requests(store.plan(), store.sites(), ward, ids={"st-1"})[0]
    assert request["status"] == "closed"
    assert request["status_notes"] == "Done: Patrols doubled through 2026; open drug use reports fell."
    assert request["agency_responsible"] == "Community Presence Officer Team, Camden Council Hotspot Team"
    assert HOTSPOT_MEMBER.name not in json.dumps(request)
