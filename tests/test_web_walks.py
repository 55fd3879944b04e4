"""web/routes.py with a walked ward: the walk routes serve the published walk (RFC 7946,
checked by geo.sites.geojson), Open311 serves its findings, and no route anywhere shows an
unpublished walk, a partners-only photo, note or CPTED observation, or a walker's name."""
from __future__ import annotations

import csv
import io
import json

import pytest

from geo.sites.geojson import check
from tests.asgi import get
from tests.store_fixtures import COMMUNITY_SAFETY, CWG, add_staff
from tests.test_web import OGL, ROUTES, served  # noqa: F401  (served: the app on a fresh store)
from tests.walk_fixtures import FORMULA, NAMES, SECRETS, walk_the_ward

WALK_ROUTES = ("/opendata/walks.geojson", "/opendata/walk-stops.geojson")


@pytest.fixture
def walked(served):  # noqa: F811
    app, store = served
    add_staff(store, [COMMUNITY_SAFETY, CWG])
    return app, walk_the_ward(store)


@pytest.mark.parametrize("path", WALK_ROUTES)
def test_the_walk_geojson_routes_pass_the_projects_validator_and_name_the_licence(walked, path):
    app, done = walked
    doc = json.loads(get(app, path).body)
    assert check(doc) == [] and doc["license"]["url"] == OGL
    assert doc["features"] and all(f["properties"]["walk_id"] == done.walk.ref for f in doc["features"])


def test_the_stops_csv_route_serves_every_stop_with_no_formula_cell(walked):
    rows = list(csv.DictReader(io.StringIO(get(walked[0], "/opendata/walk-stops.csv").text)))
    assert [r["stop_id"] for r in rows] == [f"walk-{walked[1].walk.ref}-{n}" for n in (1, 2, 3, 4)]
    assert rows[0]["finding"] == "'" + FORMULA


def test_open311_serves_the_walk_findings_and_one_by_its_id(walked):
    app, done = walked
    services = json.loads(get(app, "/open311/v2/services.json").body)
    assert "walk-finding" in [s["service_code"] for s in services]
    closed = json.loads(get(app, "/open311/v2/requests.json?service_code=walk-finding&status=closed").body)
    assert [r["service_request_id"] for r in closed] == [f"walk-{done.walk.ref}-3"]
    [one] = json.loads(get(app, f"/open311/v2/requests/walk-{done.walk.ref}-1.json").body)
    assert one["description"] == FORMULA and one["status"] == "open"
    assert get(app, f"/open311/v2/requests/walk-{done.walk.ref}-4.json").status == 404  # no finding there


def test_no_route_shows_anything_partners_only_or_a_name(walked):
    app, _ = walked
    for path in [*ROUTES, "/open311/v2/requests.json?service_code=walk-finding"]:
        reply = get(app, path)
        assert reply.status == 200, path
        assert not [s for s in SECRETS + NAMES if s in reply.text], path


def test_publishing_a_walk_changes_the_walk_documents(served):  # noqa: F811
    app, store = served
    before = get(app, "/opendata/walks.geojson")
    assert json.loads(before.body)["features"] == []
    add_staff(store, [COMMUNITY_SAFETY, CWG])
    walk_the_ward(store)
    after = get(app, "/opendata/walks.geojson", {"If-None-Match": before.headers["etag"]})
    assert after.status == 200 and "February walk after dark" in after.text  # a new ETag, so no 304
