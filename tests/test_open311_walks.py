"""geo/opendata/open311.py: each finding of a published walk as a GeoReport v2 service request,
under a service of its own; never an unpublished walk's, never anything partners-only."""
from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from geo import clock
from geo.opendata import open311
from geo.opendata.catalogue import moment
from geo.walks.public_walks import published_walks
from tests.test_open311 import DATETIMES, REQUIRED, SERVICE_REQUIRED
from tests.walk_fixtures import BINS, FORMULA, LAMPS, NAMES, NEW, SECRETS


@pytest.fixture
def walks(store, walked):
    return published_walks(store.walks)


def _requests(store, ward, walks, **filters) -> list[dict]:
    return json.loads(json.dumps(open311.service_requests(store.plan(), store.sites(), ward, walks=walks, **filters)))


def _findings(store, ward, walks, **filters) -> dict[str, dict]:
    return {r["service_request_id"]: r for r in _requests(store, ward, walks, **filters)
            if r["service_code"] == open311.WALK_SERVICE}


def test_walk_findings_are_a_service_once_a_walk_is_published(store, walks):
    assert [s["service_code"] for s in open311.services(store.plan(), [])] == ["short", "long"]
    found = open311.services(store.plan(), walks)
    assert [s["service_code"] for s in found] == ["short", "long", open311.WALK_SERVICE]
    assert all(f in found[-1] for f in SERVICE_REQUIRED) and found[-1]["metadata"] is False


def test_each_finding_is_a_request_after_the_commitments_with_the_required_fields(store, ward, walks, walked):
    found = _requests(store, ward, walks)
    ids = [r["service_request_id"] for r in found]
    ref = walked.walk.ref
    assert ids == [c.id for c in store.plan().commitments] + [f"walk-{ref}-{n}" for n in (1, 2, 3)]
    assert len(set(ids)) == len(ids)  # no finding shares a commitment's id
    for request in found[-3:]:
        assert all(isinstance(request[f], str) and request[f] for f in REQUIRED), request
        assert re.fullmatch(r"walk-[a-z0-9]{6}-\d", request["service_request_id"])  # the walk's ref, no database id
        assert all(datetime.fromisoformat(request[f]).tzinfo for f in DATETIMES if f in request)
        assert request["requested_datetime"] == "2026-02-19T18:30:00+00:00"  # the walk's start, London time


def test_a_finding_follows_what_it_became(store, ward, walks, walked):
    ref = walked.walk.ref
    new, lamps, bins = (_findings(store, ward, walks)[f"walk-{ref}-{n}"] for n in (1, 2, 3))
    st8 = store.commitment("st-8")
    assert (new["description"], new["status"], new["agency_responsible"]) == (FORMULA, "open", NEW.lead)
    assert new["status_notes"] == f"New commitment {walked.commitment_id.upper()} in the action plan"
    assert new["expected_datetime"] == "2027-03-31T00:00:00+01:00" and new["service_notice"] == "Add two lamp columns."
    assert (new["lat"], new["long"]) == (round(store.site("george-mews").lat, 7),
                                         round(store.site("george-mews").lon, 7))
    assert new["address"] == "George Mews, Regent's Park ward, London Borough of Camden"
    assert (lamps["description"], lamps["agency_responsible"]) == (LAMPS, st8.lead)
    assert lamps["status_notes"] == "Progress on commitment ST-8"
    assert lamps["updated_datetime"] == moment(clock.today())  # ST-8's progress entry from the walk, made today
    assert (bins["description"], bins["status"], bins["status_notes"]) == (
        BINS, "closed", "Closed: Passed to waste services")
    assert bins["agency_responsible"] == "Community Safety team"  # the walk's organiser
    assert "expected_datetime" not in bins and bins["address"].startswith("Path behind the estate office, ")
    assert (bins["lat"], bins["long"]) == (51.5275, -0.1395)


def test_findings_filter_by_status_code_and_id(store, ward, walks, walked):
    ref = walked.walk.ref
    assert list(_findings(store, ward, walks, status="closed")) == [f"walk-{ref}-3"]
    only = _requests(store, ward, walks, service_code=open311.WALK_SERVICE)
    assert [r["service_request_id"] for r in only] == [f"walk-{ref}-{n}" for n in (1, 2, 3)]
    assert [r["service_request_id"] for r in _requests(store, ward, walks, ids={f"walk-{ref}-2", "st-1"})] == [
        "st-1", f"walk-{ref}-2"]
    assert _requests(store, ward, walks, ids={f"walk-{ref}-4"}) == []  # a stop without a finding


def test_no_unpublished_finding_nothing_partners_only_and_no_name(store, ward, walks):
    text = json.dumps(_requests(store, ward, walks)) + json.dumps(open311.services(store.plan(), walks))
    assert not [s for s in SECRETS + NAMES if s in text]
