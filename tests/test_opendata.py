"""geo/opendata/catalogue.py: the live open-data documents, built without a server."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, UTC

import pytest

from geo.sites import geojson
from geo.model import Annotation
from geo.opendata.catalogue import licence_members, moment, plan_document, sites_document
from geo.sites.sites_file import check_sites
from geo.status import Category, Severity, Visibility
from tests.conftest import SITE_NAMES

SECRET = "PARTNERS-ONLY: the side gate code is 4321"
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def _note(observation, visibility):
    return Annotation(1, "george-mews", None, None, Category.LIGHTING, Severity.HIGH, observation, "",
                      visibility, author="dana.pcda",
                      created_at=datetime(2026, 11, 20, 10, tzinfo=UTC))


def test_the_sites_document_passes_the_projects_own_validators(sites, ward, plan):
    doc = json.loads(json.dumps(sites_document(sites, [], ward)))
    assert not [p for p in geojson.check(doc) if p.is_error]
    checked = check_sites(doc, commitment_ids=plan.ids, boundary=ward.boundary)
    assert checked.ok, checked.describe()
    assert [s.name for s in checked.sites] == SITE_NAMES


def test_the_sites_document_carries_the_licence_and_attributions(sites, ward):
    doc = sites_document(sites, [], ward)
    assert doc["license"] == {"name": "Open Government Licence v3.0", "url": OGL}
    assert any("Office for National Statistics" in line for line in doc["attribution"])


def test_partners_only_notes_never_reach_the_sites_document(sites, ward):
    doc = sites_document(sites, [_note("Dark corner by the bins", Visibility.PUBLIC),
                                 _note(SECRET, Visibility.PARTNERS)], ward)
    text = json.dumps(doc)
    assert "Dark corner by the bins" in text and SECRET not in text and "dana.pcda" not in text


def test_a_ward_without_a_licence_says_only_whom_to_credit(ward):
    members = licence_members(replace(ward, licence=None))
    assert "license" not in members and members["attribution"]


def test_the_plan_document_has_every_commitment_with_its_progress(plan, ward):
    doc = json.loads(json.dumps(plan_document(plan, ward, date(2026, 11, 26))))
    assert [c["id"] for c in doc["commitments"]] == [c.id for c in plan.commitments]
    st8 = next(c for c in doc["commitments"] if c["id"] == "st-8")
    assert st8["target"] == {"text": "Feb 2019", "by": "2019-02-28"} and st8["target_passed"] is True
    assert st8["status_label"] == "In progress" and st8["progress"][0]["date"] == "2019-03"
    assert st8["topics"] == ["lighting", "gating", "fencing"]
    assert doc["license"]["url"] == OGL and doc["ward"]["code"] == ward.code


def test_target_passed_is_judged_against_the_day_given(plan, ward):
    doc = plan_document(plan, ward, date(2019, 2, 1))
    assert not any(c["target_passed"] for c in doc["commitments"])


@pytest.mark.parametrize("value, expected", [
    ("2019-03", "2019-03-01T00:00:00+00:00"),
    ("2019-04-30", "2019-04-30T00:00:00+01:00"),  # British Summer Time
    (date(2019, 1, 15), "2019-01-15T00:00:00+00:00"),
])
def test_a_plan_date_becomes_the_start_of_that_day_in_london(value, expected):
    assert moment(value) == expected
