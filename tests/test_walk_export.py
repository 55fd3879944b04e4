"""geo/opendata/walk_export.py and geo/walk_public.published_walks: published walks as GeoJSON
(checked by the project's own validator, geo.sites.geojson) and their stops as GeoJSON and
CSV; nothing partners-only, no name, no unpublished walk; no cell a spreadsheet runs."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, time

import pytest

from geo.sites.geojson import check
from geo.opendata.walk_export import STOP_COLUMNS, walk_stops_csv, walk_stops_geojson, walks_geojson
from geo.walks.public_walks import PublicWalk, published_walks
from geo.walks.walkabout import Phase
from tests.store_fixtures import COMMUNITY_SAFETY
from tests.walk_fixtures import BINS, FORMULA, LAMPS, NAMES, ROUTE, SECRETS


@pytest.fixture
def public(store, walked):
    return published_walks(store.walks)


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _valid(doc: dict) -> None:
    problems = check(json.loads(json.dumps(doc)))
    assert problems == [], [str(p) for p in problems]


def test_only_the_published_walk_is_public_newest_first_without_cpted_notes(public, walked):
    assert [w.walk.ref for w in public] == [walked.walk.ref]
    assert all(stop.cpted == () for w in public for stop in w.stops)
    assert [s.route_seq for s in public[0].stops] == [0, 1, 2, None]  # route order, then off the route


def test_published_walks_come_newest_first(store, walked):
    later = store.walks.plan(COMMUNITY_SAFETY, title="Re-walk at dusk", on=date(2026, 10, 15), starts=time(17, 45),
                             phase=Phase.DUSK, route=ROUTE)
    store.walks.complete(COMMUNITY_SAFETY, later.id, expected_version=1, publish=True)
    assert [w.walk.title for w in published_walks(store.walks)] == ["Re-walk at dusk", "February walk after dark"]
    assert [f["properties"]["walk_title"] for f in walks_geojson(published_walks(store.walks))["features"]] == [
        "Re-walk at dusk", "February walk after dark"]


def test_each_walk_is_its_route_as_a_linestring_that_validates(public, walked, store):
    doc = walks_geojson(public)
    _valid(doc)
    [feature] = doc["features"]
    george, clarkson = store.site("george-mews"), store.site("clarkson-row")
    assert feature["id"] == f"walk-{walked.walk.ref}" and feature["geometry"]["type"] == "LineString"
    assert feature["geometry"]["coordinates"] == [[george.lon, george.lat], [clarkson.lon, clarkson.lat],
                                                  [-0.1395, 51.5275]]
    props = feature["properties"]
    assert (props["walk_title"], props["walk_date"], props["walk_starts"], props["phase_label"]) == (
        "February walk after dark", "2026-02-19", "18:30", "After dark")
    assert props["attendance"] == {"cwg": 4, "resident": 7} and props["follows"] == ["st-8"]
    assert [s["label"] for s in props["route"]] == ["George Mews", "Clarkson Row", "Path behind the estate office"]
    assert (props["stop_count"], props["finding_count"]) == (4, 3)


@pytest.mark.parametrize("route, geometry", [(ROUTE[2:], "Point"), ((), None)])
def test_a_route_of_one_stop_is_a_point_and_of_none_has_no_geometry(public, route, geometry):
    walk = replace(public[0].walk, route=route)
    doc = walks_geojson([PublicWalk(walk, ())])
    _valid(doc)
    shape = doc["features"][0]["geometry"]
    assert (shape and shape["type"]) == geometry


def test_every_recorded_stop_is_a_point_with_its_scores_and_what_its_finding_became(public, walked):
    doc = walk_stops_geojson(public, [])
    _valid(doc)
    ref = walked.walk.ref
    assert [f["id"] for f in doc["features"]] == [f"walk-{ref}-{n}" for n in (1, 2, 3, 4)]
    first, lamps, bins, off_route = (f["properties"] for f in doc["features"])
    assert first["lighting"] == 1 and first["feeling"] == 1 and first["streetsafe_reasons"] == "Badly lit; No CCTV"
    assert (first["felt_safe"], first["priority"], first["finding"]) == ("no", "high", FORMULA)
    assert first["what_it_became"] == f"New commitment {walked.commitment_id.upper()} in the action plan"
    assert (lamps["finding"], lamps["what_it_became"]) == (LAMPS, "Progress on commitment ST-8")
    assert (bins["finding"], bins["what_it_became"]) == (BINS, "Closed: Passed to waste services")
    assert off_route["lighting"] is None and off_route["feeling"] == 2 and off_route["outcome"] == ""
    assert off_route["stop"] == "Off the route: 51.52700, -0.13900"
    assert doc["features"][3]["geometry"]["coordinates"] == [-0.139, 51.527]


def test_the_csv_has_one_row_per_stop_site_or_new_point_and_no_formula_cells(public, store):
    rows = _rows(walk_stops_csv(public, store.sites()))
    assert list(rows[0]) == list(STOP_COLUMNS)
    assert [r["site"] for r in rows] == ["George Mews", "Clarkson Row", "new point", "new point"]
    assert [r["stop_order"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["phase"] for r in rows] == ["after_dark"] * 4 and rows[0]["walk_date"] == "2026-02-19"
    assert rows[0]["finding"] == "'" + FORMULA  # shown as text, never run
    assert rows[3]["lighting"] == "" and rows[3]["feeling"] == "2"
    text_cells = [v for r in rows for k, v in r.items() if k not in ("lon", "lat")]
    assert not [v for v in text_cells if v.startswith(("=", "+", "-", "@"))]


def test_nothing_partners_only_and_no_name_is_exported(public, store):
    sites = store.sites()
    for text in (json.dumps(walks_geojson(public)), json.dumps(walk_stops_geojson(public, sites)),
                 walk_stops_csv(public, sites)):
        assert not [s for s in SECRETS + NAMES if s in text]


def test_an_unpublished_walk_cannot_become_a_public_walk_so_no_export_can_be_handed_one(store, walked):
    with pytest.raises(ValueError, match="not published"):
        PublicWalk(walked.draft, tuple(store.walks.stops(walked.draft.id)))
    with pytest.raises(ValueError, match="not published"):
        PublicWalk.of(walked.draft, ())


def test_without_published_walks_the_exports_are_empty_but_valid(store):
    assert published_walks(store.walks) == []
    _valid(walks_geojson([]))
    assert walk_stops_csv([], []).strip() == ",".join(STOP_COLUMNS)
