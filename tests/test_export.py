"""geo/opendata/site_export.py: open data as GeoJSON and CSV, public annotations only."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime, UTC

import pytest

from geo.sites import geojson
from geo.text import neutralise
from geo.opendata.site_export import (
    export_annotations_csv, export_annotations_geojson, export_plan_csv, export_sites_csv, export_sites_geojson,
    public_only,
)
from geo.model import Annotation, TopicState
from geo.sites.sites_file import check_sites
from geo.status import Category, Severity, Status, Topic, Visibility
from tests.conftest import SITE_NAMES

SECRET = "PARTNERS-ONLY: the side gate code is 4321"


def _note(i, site_id, observation, visibility=Visibility.PUBLIC, lon=None, lat=None, recommendation="Trim hedges"):
    return Annotation(i, site_id, lon, lat, Category.NATURAL_SURVEILLANCE, Severity.MEDIUM, observation,
                      recommendation, visibility, author="dana.pcda",
                      created_at=datetime(2026, 11, 20, 10, tzinfo=UTC), ref=f"n{i}")


@pytest.fixture
def notes():
    return [
        _note(1, "george-mews", "Dark corner by the bins"),
        _note(2, "george-mews", SECRET, Visibility.PARTNERS, recommendation=SECRET),
        _note(3, None, "Broken light on the footpath", lon=-0.1402, lat=51.5301),
        _note(4, None, SECRET, Visibility.PARTNERS, lon=-0.1402, lat=51.5301),
    ]


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# --- GeoJSON ---------------------------------------------------------------------


def test_sites_geojson_is_rfc7946_with_the_seven_sites(sites, notes, ward):
    doc = json.loads(json.dumps(export_sites_geojson(sites, notes)))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert [f["properties"]["name"] for f in doc["features"]] == SITE_NAMES
    assert not [p for p in geojson.check(doc) if p.is_error]
    minx, miny, maxx, maxy = ward.boundary.bounds
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and feature["id"] == feature["properties"]["site_id"]
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert minx <= lon <= maxx and miny <= lat <= maxy  # WGS84 longitude first, inside the ward


def test_sites_geojson_reads_back_as_the_same_sites(sites, notes, plan, ward):
    checked = check_sites(json.dumps(export_sites_geojson(sites, notes)), commitment_ids=plan.ids,
                          boundary=ward.boundary)
    assert checked.ok, checked.describe()
    assert list(checked.sites) == list(sites)


def test_sites_geojson_carries_labels_and_the_sites_public_annotations(sites, notes):
    doc = export_sites_geojson(sites, notes)
    george = doc["features"][0]["properties"]
    assert george["gating_status_label"] == Status.UNDER_REVIEW.label
    assert george["position_label"] == sites[0].position.label
    assert [a["annotation_id"] for a in george["annotations"]] == ["n1"]  # the public ref, not the database id
    assert "author" not in george["annotations"][0]
    assert all(f["properties"]["annotations"] == [] for f in doc["features"][1:])


def test_annotations_geojson_places_each_public_annotation(sites, notes):
    doc = export_annotations_geojson(sites, notes)
    assert not [p for p in geojson.check(doc) if p.is_error]
    by_id = {f["id"]: f for f in doc["features"]}
    assert set(by_id) == {"annotation-n1", "annotation-n3"}
    assert by_id["annotation-n1"]["geometry"]["coordinates"] == [round(sites[0].lon, 7), round(sites[0].lat, 7)]
    assert by_id["annotation-n3"]["geometry"]["coordinates"] == [-0.1402, 51.5301]


def test_partners_only_text_appears_in_no_export(sites, notes, plan):
    outputs = [
        json.dumps(export_sites_geojson(sites, notes)),
        json.dumps(export_annotations_geojson(sites, notes)),
        export_sites_csv(sites, notes),
        export_annotations_csv(notes),
        export_plan_csv(plan, date(2026, 11, 26)),
    ]
    for text in outputs:
        assert SECRET not in text and "4321" not in text and "dana.pcda" not in text
    assert [a.id for a in public_only(notes)] == [1, 3]


# --- CSV -------------------------------------------------------------------------------


def test_sites_csv_has_one_row_per_site_with_every_topic(sites, notes):
    rows = _rows(export_sites_csv(sites, notes))
    assert [r["name"] for r in rows] == SITE_NAMES
    george = rows[0]
    assert float(george["lon"]) == pytest.approx(sites[0].lon) and float(george["lat"]) == pytest.approx(sites[0].lat)
    for topic in Topic:
        assert george[f"{topic.value}_status_label"] == sites[0].state(topic).status.label
        assert george[f"{topic.value}_as_of"] == sites[0].state(topic).as_of
    assert george["gating_commitments"] == "st-4; st-8"
    assert george["public_annotation_count"] == "1"
    assert "Dark corner by the bins" in george["public_annotations"]
    assert rows[1]["public_annotation_count"] == "0"


@pytest.mark.parametrize(
    "value, expected",
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"),
     ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("George Mews", "George Mews"),
     ("a=b", "a=b"), ("", ""), (-0.138, -0.138), (3, 3), (None, None)],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_formulas_typed_into_sites_and_annotations_are_neutralised(sites):
    evil = replace(sites[0], name="=cmd|' /C calc'!A0")
    evil = evil.with_state(Topic.LIGHTING, TopicState(Status.CONCERN_RAISED, "+SUM(1,2)", "2026-11"))
    text = export_sites_csv([evil], [_note(9, evil.site_id, "@risk", recommendation="-1")])
    row = _rows(text)[0]
    assert row["name"] == "'=cmd|' /C calc'!A0"
    assert row["lighting_detail"] == "'+SUM(1,2)"
    assert row["lon"] == str(round(evil.lon, 7))  # a negative longitude stays a number
    notes_row = _rows(export_annotations_csv([_note(9, None, "=1+1", lon=-0.14, lat=51.53)]))[0]
    assert notes_row["observation"] == "'=1+1" and notes_row["lon"] == "-0.14"


def test_plan_csv(plan):
    rows = _rows(export_plan_csv(plan, date(2026, 11, 26)))
    assert [r["id"] for r in rows] == [c.id for c in plan.commitments]
    st1 = rows[0]
    assert st1["term"] == "Short term achievable outcomes"
    assert st1["asked"] == plan.commitments[0].asked
    assert st1["target_passed"] == "yes" and st1["status_label"] == "In progress"
    assert st1["latest_progress_date"] == "2019-03"
    assert st1["all_progress"].startswith("2019-03: In Feb 2019 there were 10 hotspot patrols")
    st3 = rows[2]
    assert st3["latest_progress"] == "" and st3["all_progress"] == ""
    early = _rows(export_plan_csv(plan, date(2019, 1, 1)))
    assert {r["target_passed"] for r in early} == {"no"}


def test_plan_csv_neutralises_formulas(plan):
    first = plan.commitments[0]
    evil = replace(plan, commitments=(replace(first, asked="=1+1", lead="@lead", will_do=("-x",)),))
    row = _rows(export_plan_csv(evil, date(2026, 1, 1)))[0]
    assert (row["asked"], row["lead"], row["will_do"]) == ("'=1+1", "'@lead", "'-x")
