import json
import random
from pathlib import Path

import pytest

from geo.sites.geojson import Level, Problem, check, decode, parse, read_bytes
from geo.errors import DataError

CORPUS = Path(__file__).resolve().parent / "data" / "geojson-conformance"  # copied in, with its licence
VALID = sorted((CORPUS / "valid").glob("*.geojson"))

# Each invalid file and what its reader must be told.  Winding order and
# coordinate precision are warnings: RFC 7946 §3.1.6 says parsers SHOULD NOT
# reject polygons against the right-hand rule, and §11.2 only asks producers
# to consider the cost of excess precision.
INVALID = {
    "bad-duplicate-properties": ["the key 'type' appears twice in one object"],
    "bad-featurelist": ["coordinates[0]: Polygon coordinates need an array of positions here, but found a number"],
    "bad-json": ["not valid JSON: Expecting ',' delimiter (line 3, column 5)"],
    "bad-object-type": ["type: 'type' must be a string such as \"Feature\", not an object"],
    "bad-polygonloop": ["geometry.coordinates[0][0]: Polygon coordinates need a position"],
    "bad-properties-as-array": ["properties: 'properties' must be an object or null, not an array"],
    "badcoord": ["coordinates[2]: a position holds numbers; 'f' is a string"],
    "badcoordtype": ["feature 0: geometry.coordinates[0][0][0]: MultiPolygon coordinates need a position"],
    "badfeature": ["feature 0: must be a Feature object, not null"],
    "badfeatureid": ["feature 0: id: 'id' must be a string or a number, not an object"],
    "bbox-4or6elements": ["bbox must have 4 or 6 numbers (2D or 3D); found 3"],
    "bbox-contains-string": ["bbox[3]: bbox values must be numbers; this is a string '4'"],
    "bbox-string": ["bbox: bbox must be an array of 4 or 6 numbers, not a string"],
    "different-first-last": ["first position [100.0, 0.0] differs from last [100.0, 1.0]"],
    "different-first-size": ["coordinates[1][0]: a linear ring must end where it starts",
                             "differs from last [100.0, 0.0, 4.9]"],
    "expected_object": ["properties: 'properties' must be an object or null, not a number"],
    "false.geojson": ["geometries[0]: must be a geometry object or null, not false"],
    "feature_changed_semantics": ["coordinates: a Feature must not have a 'coordinates' member",
                                  "features: a Feature must not have a 'features' member"],
    "featurecollection-obj": ["features: 'features' must be an array, not an object"],
    "featurecollection-type-case": ["'featurecollection' is not a GeoJSON type; types are case-sensitive",
                                    "feature 0: type: 'feature' is not a GeoJSON type"],
    "featurecollection": ["features: missing; a FeatureCollection needs a 'features' array"],
    "featurecollection_changed_semantics": ["properties: a FeatureCollection must not have a 'properties' member",
                                            "coordinates: a FeatureCollection must not have a 'coordinates' member"],
    "geometry_changed_semantics": ["geometry: a Point must not have a 'geometry' member",
                                   "properties: a Point must not have a 'properties' member"],
    "geometrycollection_nested": ["geometries[1]: a GeometryCollection inside a GeometryCollection"],
    "geometrycollection_single": ["a GeometryCollection with only one geometry"],
    "multiple_problems": ["feature 0: id: 'id' must be", "feature 0: geometry.coordinates[1]: a position holds numbers",
                          "feature 2: type: 'Foo' is not a GeoJSON type here; expected \"Feature\"",
                          "feature 3: type: 'Foo'"],
    "multipoint-multidimension": ["coordinates[0][0]: a position holds numbers; found an array"],
    "multipoint-nondimension": ["MultiPoint coordinates need a position", "look like a Point's coordinates"],
    "nofeaturetype": ["feature 0: type: 'Featre' is not a GeoJSON type here; expected \"Feature\""],
    "notype": ["type: missing; every GeoJSON object needs a type"],
    "point-labeled-as-a-multipolygon": ["MultiPolygon coordinates need an array of lines or rings",
                                        "look like a Point's coordinates"],
    "point-string": ["coordinates[0]: a position holds numbers; 'foo' is a string"],
    "point-toofew": ["a position needs longitude and latitude; found only 1 number(s)"],
    "point-toomany": ["a position has at most 3 numbers (longitude, latitude, height); found 4"],
    "point": ["coordinates: missing; a Point needs a 'coordinates' array"],
    "rootstring": ["the document is null, not a JSON object"],
    "short-line": ["coordinates: a line needs at least 2 positions; found 1"],
    "short-linearring": ["a linear ring needs at least 4 positions (the first repeated at the end); found 3"],
    "short-multilinestring": ["coordinates[1]: a line needs at least 2 positions; found 1"],
    "stringcoord": ["'39.36827914916011' is a string: write numbers without quotes"],
    "unknowntype": ["'FooBar' is not a GeoJSON type here"],
}
WARNED = {
    "bad-polygon-interiorring-rhr": "coordinates[1]: interior ring 1 (a hole) runs anticlockwise",
    "polygon_winding_order": "coordinates[0]: the exterior ring runs clockwise",
    "excessive_precision_truncated": "100.0000000001 has 10 decimal places",
}


def _name(path: Path) -> str:
    return path.name if path.stem == "false" else path.stem


def test_the_tables_cover_every_invalid_file():
    assert {_name(p) for p in (CORPUS / "invalid").glob("*.geojson")} == set(INVALID) | set(WARNED)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_documents_have_no_errors(path):
    # issue82 is valid structure but its latitudes reach -141: RFC 7946 says WGS84, so the range check is off here.
    result = parse(path.read_bytes(), wgs84=path.stem != "issue82")
    assert result.errors == [] and result.obj is not None


def test_out_of_range_coordinates_are_refused_by_default():
    result = parse((CORPUS / "valid" / "issue82.geojson").read_bytes())
    assert "is outside WGS84 longitude (-180..180) and latitude (-90..90)" in str(result.errors[0])


@pytest.mark.parametrize("name, fragments", INVALID.items(), ids=list(INVALID))
def test_invalid_documents_are_refused_with_a_specific_message(name, fragments):
    path = CORPUS / "invalid" / (name if name.endswith(".geojson") else f"{name}.geojson")
    errors = [str(p) for p in parse(path.read_bytes()).errors]
    for fragment in fragments:
        assert any(fragment in e for e in errors), (fragment, errors)


@pytest.mark.parametrize("name, fragment", WARNED.items(), ids=list(WARNED))
def test_winding_and_precision_are_warnings(name, fragment):
    result = parse((CORPUS / "invalid" / f"{name}.geojson").read_bytes())
    assert result.errors == []
    assert [fragment in str(w) for w in result.warnings] == [True]


UTF16_NO_BOM = "This file looks like UTF-16 text without a byte-order mark; save it as UTF-8."


@pytest.mark.parametrize("data, fragment", [
    (b"", "the file is empty"),
    (b"  \n\t ", "the file is empty"),
    (bytes(range(256)) * 4, "the file is not UTF-8 text (bad byte at offset 128)"),
    (b"\x00\x01junk", "not valid JSON: Expecting value (line 1, column 1)"),
    (b'{"type": "Point", "coordinates": [1, ', "the file ends too early: is it cut short?"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"{" * 10 + b'"a":' * 3, "not valid JSON"),
    (b'{"type": "Point", "coordinates": [NaN, 1]}', "NaN is not a number JSON allows"),
    (b'{"type": "Point", "coordinates": [Infinity, 1]}', "Infinity is not a number JSON allows"),
    (b'{"type": "Point", "coordinates": [-Infinity, 1]}', "-Infinity is not a number JSON allows"),
    (b'{"type": "Point", "coordinates": [1e999, 1]}', "the number 1e999 is too large"),
    (b'{"type": "Point", "coordinates": [1' + b"0" * 5000 + b", 1]}", "a number in the file is too long"),
    ('{"type": "Point"}'.encode("utf-16"), "the file is UTF-16 text; save it as UTF-8"),
    ('{"type": "Point"}'.encode("utf-16-le"), UTF16_NO_BOM),
    ('{"type": "Point", "name": "Tolmer\u2019s Square"}'.encode("utf-16-be"), UTF16_NO_BOM),
    ('\n  {"type": "Point"}'.encode("utf-16-le"), UTF16_NO_BOM),
    (b'{"type": "Point", "coordinates": [0, 0], "title": "\\ud800"}', "a lone surrogate"),
    (b'"Point"', "the document is a string, not a JSON object"),
    (b"[]", "the document is an array, not a JSON object"),
])
def test_undecodable_input_is_one_clear_problem(data, fragment):
    result = parse(data)
    assert any(fragment in str(p) for p in result.errors), [str(p) for p in result.problems]


def test_a_utf8_byte_order_mark_is_tolerated():
    assert parse(b'\xef\xbb\xbf{"type": "Point", "coordinates": [0, 0]}').problems == []


def test_duplicate_keys_are_refused_even_when_the_values_agree():
    assert "'name' appears twice" in str(decode('{"name": 1, "name": 1}').errors[0])


def _point(x, y, **extra) -> str:
    return json.dumps({"type": "Point", "coordinates": [x, y], **extra})


@pytest.mark.parametrize("x, y, fragment", [
    (528987, 182931, "[528987, 182931] is not WGS84 longitude/latitude; it looks like British National Grid "
                     "(EPSG:27700) eastings and northings. Reproject the file to WGS84 (EPSG:4326)"),
    (-15800.5, 6710000.0, "outside WGS84 longitude (-180..180) and latitude (-90..90); the file may be in a "
                          "projected CRS: reproject it to WGS84"),
    (-0.14, 151.53, "latitude 151.53 is beyond ±90; are longitude and latitude swapped?"),
    (180.5, 0, "outside WGS84 longitude"),
])
def test_coordinates_outside_wgs84_say_what_they_look_like(x, y, fragment):
    errors = parse(_point(x, y)).errors
    assert [fragment in str(e) for e in errors] == [True], errors


@pytest.mark.parametrize("x, y", [(180, 90), (-180, -90), (-0.138034, 51.5267067), (0, 0)])
def test_coordinates_at_the_edges_of_wgs84_are_accepted(x, y):
    assert parse(_point(x, y)).problems == []


def test_only_the_first_position_out_of_range_is_reported_per_geometry():
    line = json.dumps({"type": "LineString", "coordinates": [[528987, 182931]] * 500})
    assert len(parse(line).errors) == 1


@pytest.mark.parametrize("crs, level, fragment", [
    ("urn:ogc:def:crs:OGC:1.3:CRS84", Level.WARNING, "it names WGS84 anyway, so delete it"),
    ("urn:ogc:def:crs:EPSG::4326", Level.WARNING, "it names WGS84 anyway"),
    ("urn:ogc:def:crs:EPSG::27700", Level.ERROR, "reproject the file to WGS84 (EPSG:4326) and remove 'crs'"),
    (None, Level.ERROR, "the 'crs' member was dropped by RFC 7946"),
])
def test_the_crs_member_is_refused_unless_it_only_names_wgs84(crs, level, fragment):
    member = {"type": "name", "properties": {"name": crs}} if crs else "EPSG:27700"
    (problem,) = parse(_point(0, 0, crs=member)).problems
    assert problem.severity is level and problem.field == "crs" and fragment in problem.message


@pytest.mark.parametrize("value, warned", [(51.5267067, False), (51.52670671, True), (51, False), (1e-05, False)])
def test_precision_beyond_a_centimetre_is_a_warning(value, warned):
    result = parse(_point(-0.1, value))
    assert result.errors == [] and bool(result.warnings) is warned


def test_an_empty_geometry_collection_and_empty_coordinates_are_allowed():
    assert parse('{"type": "GeometryCollection", "geometries": []}').problems == []
    assert parse('{"type": "Polygon", "coordinates": []}').problems == []


def test_deeply_nested_geometry_collections_do_not_recurse_forever():
    point = doc = {"type": "Point", "coordinates": [0, 0]}
    for _ in range(300):
        doc = {"type": "GeometryCollection", "geometries": [point, doc]}
    errors = parse(json.dumps(doc)).errors
    assert [e.field for e in errors] == ["geometries[1]"]


def test_a_problem_reads_as_one_line_naming_feature_name_and_field():
    problem = Problem("'maybe' is not a status", "gating_status", 3, "George\nMews\x1b[31m")
    assert str(problem) == "feature 3 (George\\x0aMews\\x1b[31m): gating_status: 'maybe' is not a status"
    assert str(Problem("the file is empty.")) == "the file is empty."


def test_problems_name_the_feature_by_its_name_property():
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "George Mews"}, "geometry": {"type": "Point", "coordinates": [1]}}]}
    (error,) = check(doc)
    assert str(error).startswith("feature 0 (George Mews): geometry.coordinates: a position needs longitude")


def test_no_input_makes_parse_raise():
    # Every prefix of a real document, and random corruptions of it: problems, never exceptions.
    text = (CORPUS / "valid" / "good-featurecollection-extensions.geojson").read_bytes()
    rng = random.Random(7946)
    corrupted = []
    for _ in range(300):
        data = bytearray(text)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.choice(b'[]{}",:0-e.9 nNuItf\\\xff')
        corrupted.append(bytes(data))
    for data in [text[:n] for n in range(len(text))] + corrupted:
        result = parse(data)
        assert all(isinstance(p, Problem) and str(p) for p in result.problems)


@pytest.mark.parametrize("make, fragment", [
    (lambda d: d / "missing.geojson", "No file at"),
    (lambda d: d, "is a folder; give the path of a GeoJSON file"),
    (lambda d: d / "file.txt" / "below", "cannot be read: Not a directory"),
])
def test_read_bytes_says_why_a_file_cannot_be_read(tmp_path, make, fragment):
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(DataError, match=fragment):
        read_bytes(make(tmp_path))


def test_read_bytes_refuses_files_over_the_limit(tmp_path):
    big = tmp_path / "big.geojson"
    big.write_bytes(b" " * 2000)
    with pytest.raises(DataError, match="files over 0 MB are refused"):
        read_bytes(big, limit=1000)
