import copy
import json

import pytest

from geo.errors import DataError
from geo.opendata.site_export import export_sites_geojson
from geo.sites.sites_file import check_sites, read_sites
from geo.status import Position, Status, Topic


@pytest.fixture(scope="module")
def reference(ward):
    """data/sites.geojson as decoded JSON."""
    return json.loads(ward.path("sites").read_text(encoding="utf-8"))


@pytest.fixture
def checked(reference, plan, ward):
    """check_sites on a copy of the reference after `change(doc)`."""
    def run(change=None):
        doc = copy.deepcopy(reference)
        if change:
            change(doc)
        return check_sites(json.dumps(doc), commitment_ids=plan.ids, boundary=ward.boundary)
    return run


def _props(doc, i=0):
    return doc["features"][i]["properties"]


def _set(key, value, i=0):
    return lambda doc: _props(doc, i).__setitem__(key, value)


def _drop(key, i=0):
    return lambda doc: _props(doc, i).pop(key)


def test_the_wards_own_file_is_valid_with_no_warnings(checked, sites):
    result = checked()
    assert result.ok and result.warnings == ()
    assert result.sites == tuple(sites) and len(sites) == 7
    george = sites[0]
    assert (george.site_id, george.name, george.position) == ("george-mews", "George Mews", Position.SOURCED)
    assert (george.lon, george.lat) == (-0.138034, 51.5267067)
    assert george.state(Topic.GATING).status is Status.UNDER_REVIEW
    assert george.state(Topic.GATING).commitments == ("st-4", "st-8")


def test_the_export_holds_every_property_of_the_reference_file_unchanged(reference, sites):
    exported = export_sites_geojson(sites, [])
    assert [f["geometry"] for f in exported["features"]] == [f["geometry"] for f in reference["features"]]
    for ours, theirs in zip(exported["features"], reference["features"], strict=True):
        assert {k: ours["properties"][k] for k in theirs["properties"]} == theirs["properties"]


def test_read_export_read_round_trips(sites, plan):
    again = check_sites(json.dumps(export_sites_geojson(sites, [])), commitment_ids=plan.ids)
    assert again.ok and again.sites == tuple(sites)


def test_an_already_decoded_document_is_checked_too(sites, plan):
    assert check_sites(export_sites_geojson(sites, []), commitment_ids=plan.ids).sites == tuple(sites)


def _move(*position, i=0):
    return lambda doc: doc["features"][i]["geometry"].__setitem__("coordinates", list(position))


def _geometry(value, i=0):
    return lambda doc: doc["features"][i].__setitem__("geometry", value)


def _feature_key(key, value, i=0):
    return lambda doc: doc["features"][i].__setitem__(key, value)


ERRORS = {
    "bad status": (_set("gating_status", "maybe"), "feature 0 (George Mews): gating_status: 'maybe' is not a "
                   "status; use one of: not_recorded, concern_raised, under_review"),
    "status case": (_set("lighting_status", "Done"), "lighting_status: 'Done' is not a status"),
    "bad position": (_set("position", "exact", 2), "feature 2 (Tolmer's Square): position: 'exact' is not a position"),
    "missing name": (_drop("name"), "feature 0: name: missing; every site needs it"),
    "missing detail": (_drop("fencing_detail", 6), "feature 6 (Lindale play area): fencing_detail: missing"),
    "site id with spaces": (_set("site_id", "George Mews"), "site_id: 'George Mews' is not a site id; use lower-case"),
    "site id a number": (_set("site_id", 7), "site_id: 7 is not a site id"),
    "duplicate site id": (_set("site_id", "george-mews", 1), "feature 1 (Exmouth Mews): site_id: 'george-mews' is "
                          "already used by feature 0; site ids must be unique"),
    "duplicate name": (_set("name", "george  MEWS", 3), "feature 3 (george  MEWS): name: feature 0 has the same name"),
    "empty name": (_set("name", "  "), "name: is empty; give the site's name"),
    "name not text": (_set("name", ["George"]), "name: must be the site's name (text), not an array"),
    "detail two lines": (_set("gating_detail", "one\ntwo"), "gating_detail: must be one line of plain text"),
    "detail too long": (_set("gating_detail", "x" * 301), "gating_detail: is 301 characters; keep it to 300"),
    "date in words": (_set("gating_as_of", "March 2019"), "gating_as_of: 'March 2019' is not a date; write "
                      "YYYY-MM-DD or YYYY-MM"),
    "month 13": (_set("gating_as_of", "2019-13"), "'2019-13' is not a date"),
    "30 February": (_set("gating_as_of", "2019-02-30"), "'2019-02-30' is not a date"),
    "commitments a string": (_set("gating_commitments", "st-4"), "gating_commitments: must be a list of commitment ids"),
    "unknown commitment": (_set("gating_commitments", ["st-99"]), "gating_commitments: 'st-99' is not a commitment "
                           "in the action plan; did you mean 'st-9'?"),
    "commitment twice": (_set("gating_commitments", ["st-4", "st-4"]), "lists the same commitment twice"),
    "a line, not a point": (_geometry({"type": "LineString", "coordinates": [[-0.14, 51.53], [-0.141, 51.531]]}),
                            "geometry.type: sites are Points; this is a LineString"),
    "no geometry": (_geometry(None), "geometry: a site needs a Point geometry; this one has none"),
    "no properties": (_feature_key("properties", None), "feature 0: properties: a site needs properties (site_id"),
    "id differs": (_feature_key("id", "other"), "id: the feature id 'other' differs from site_id 'george-mews'"),
    "BNG coordinates": (_move(528987, 182931), "feature 0 (George Mews): geometry.coordinates: [528987, 182931] "
                        "is not WGS84 longitude/latitude; it looks like British National Grid (EPSG:27700)"),
    "not a collection": (lambda doc: doc.update(type="Feature", properties={}, geometry=None) or doc.pop("features"),
                         "a sites file must be a FeatureCollection of Points, not a Feature"),
}


@pytest.mark.parametrize("change, fragment", ERRORS.values(), ids=list(ERRORS))
def test_schema_errors_name_feature_field_and_fix(checked, change, fragment):
    result = checked(change)
    assert not result.ok
    assert any(fragment in str(e) for e in result.errors), [str(e) for e in result.errors]


def test_only_features_without_errors_come_back_as_sites(checked):
    result = checked(_set("gating_status", "maybe", 2))
    assert [s.site_id for s in result.sites] == ["george-mews", "exmouth-mews", "mornington-street", "threefields",
                                                  "clarkson-row", "lindale-play-area"]


WARNINGS = {
    "outside the ward": (_move(-0.2, 51.5), "feature 0 (George Mews): geometry.coordinates: (-0.2, 51.5) is outside "
                         "the ward boundary; check the position"),
    "swapped": (_move(51.5267067, -0.138034), "outside the ward, but inside it with longitude and latitude swapped"),
    "unknown property": (_set("note", "hello"), "note: not a site property, so it is ignored."),
    "misspelt property": (_set("lightning_status", "done"), "did you mean 'lighting_status'?"),
    "height": (_move(-0.138034, 51.5267067, 30), "the third number (height) is ignored"),
}


@pytest.mark.parametrize("change, fragment", WARNINGS.values(), ids=list(WARNINGS))
def test_warnings_leave_the_file_valid(checked, change, fragment):
    result = checked(change)
    assert result.ok and len(result.sites) == 7
    assert [fragment in str(w) for w in result.warnings] == [True]


def test_an_empty_collection_is_valid_with_no_sites(plan):
    result = check_sites('{"type": "FeatureCollection", "features": []}', commitment_ids=plan.ids)
    assert result.ok and result.sites == ()


def test_broken_json_is_an_error_not_an_exception(plan):
    result = check_sites(b"\xff\xfe\x00", commitment_ids=plan.ids)
    assert [str(e) for e in result.errors] == ["the file is UTF-16 text; save it as UTF-8."]


def test_read_sites_raises_a_data_error_listing_the_problems(tmp_path, reference, ward, plan):
    doc = copy.deepcopy(reference)
    _props(doc, 0)["gating_status"] = "maybe"
    _props(doc, 1)["gating_as_of"] = "soon"
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(doc))
    with pytest.raises(DataError) as caught:
        read_sites(path, ward, plan)
    lines = str(caught.value).splitlines()
    assert lines[0] == "sites.geojson has 2 problem(s):"
    assert lines[1].startswith("feature 0 (George Mews): gating_status: 'maybe' is not a status")
    assert lines[2].startswith("feature 1 (Exmouth Mews): gating_as_of: 'soon' is not a date")


def test_read_sites_reports_a_missing_file_in_one_sentence(tmp_path, ward, plan):
    with pytest.raises(DataError, match="No file at"):
        read_sites(tmp_path / "nope.geojson", ward, plan)


def test_a_file_with_more_features_than_an_import_takes_is_one_error_found_before_any_is_checked(plan):
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {}}
    doc = {"type": "FeatureCollection", "features": [point] * 5001}  # each one broken: no site_id, no name
    for data in (json.dumps(doc).encode(), doc):
        result = check_sites(data, commitment_ids=plan.ids)
        assert result.sites == () and [str(e) for e in result.errors] == [
            "the file holds 5,001 features, more than the 5,000 an import takes; a ward's sites file holds tens. "
            "Check that this is the sites file."]
