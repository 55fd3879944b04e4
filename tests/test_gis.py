"""geo/sites/gis.py: GeoPackage and zipped Shapefile, written and read back through the same
checker as GeoJSON (geo.sites.sites_file.check_site_file, the administrators' import)."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from geo.sites import gis
from geo.errors import DataError
from geo.model import TopicState
from geo.sites.sites_file import check_site_file
from geo.status import Status, Topic

WRITERS = {"GeoPackage": (gis.to_gpkg, "sites.gpkg"), "zipped Shapefile": (gis.to_shapefile_zip, "sites.zip")}


@pytest.fixture
def check(plan, ward):
    return lambda data, name: check_site_file(data, name, commitment_ids=plan.ids, boundary=ward.boundary)


@pytest.mark.parametrize("write, name", WRITERS.values(), ids=list(WRITERS))
def test_export_then_import_gives_the_same_sites_with_no_error_and_no_warning(sites, check, write, name):
    result = check(write(sites), name)
    assert [str(p) for p in result.errors] == [] and [str(p) for p in result.warnings] == []
    assert list(result.sites) == sites


def test_a_frame_has_one_flat_row_per_site_in_wgs84(sites):
    frame = gis.sites_frame(sites)
    assert frame.crs.to_epsg() == 4326 and len(frame) == 7
    assert list(frame.columns[:6]) == ["site_id", "name", "position", "position_label", "confidence",
                                       "position_source"]
    row = frame.iloc[0]
    assert (row.site_id, row.gating_status, row.gating_status_label, row.gating_commitments) == (
        "george-mews", "under_review", "Under review", "st-4; st-8")
    assert (row.geometry.x, row.geometry.y) == (-0.138034, 51.5267067)


def test_an_empty_frame_still_has_the_columns():
    frame = gis.sites_frame([])
    assert len(frame) == 0 and "site_id" in frame.columns and frame.crs.to_epsg() == 4326


def test_the_shapefile_uses_short_column_names_and_says_its_crs(sites, tmp_path):
    import pyogrio

    with zipfile.ZipFile(io.BytesIO(gis.to_shapefile_zip(sites))) as archive:
        assert sorted(archive.namelist()) == ["sites.cpg", "sites.dbf", "sites.prj", "sites.shp", "sites.shx"]
        archive.extractall(tmp_path)
    assert "WGS_1984" in (tmp_path / "sites.prj").read_text()
    frame = pyogrio.read_dataframe(tmp_path / "sites.shp")
    assert list(frame.columns[:7]) == ["site_id", "name", "position", "pos_label", "confidence", "pos_source",
                                       "lig_status"]
    assert frame.iloc[0]["gat_commit"] == "st-4; st-8" and frame.crs.to_epsg() == 4326


def test_british_national_grid_is_reprojected_to_wgs84_with_a_note(sites, check, tmp_path):
    path = tmp_path / "bng.gpkg"
    gis.sites_frame(sites).to_crs("EPSG:27700").to_file(path, layer="sites", engine="pyogrio")
    result = check(path.read_bytes(), path.name)
    assert result.ok and [str(w) for w in result.warnings] == [
        "the file is in OSGB36 / British National Grid (EPSG:27700); its positions were reprojected to "
        "WGS84 (EPSG:4326)."]
    assert [(s.lon, s.lat) for s in result.sites] == [(s.lon, s.lat) for s in sites]  # to 7 decimals, about 1 cm


def test_a_bad_value_gets_the_same_message_as_in_geojson(sites, check, tmp_path):
    frame = gis.sites_frame(sites)
    frame.loc[2, "gating_status"] = "maybe"
    frame.loc[0, "gating_commitments"] = "st-4; st-99"
    path = tmp_path / "bad.gpkg"
    frame.to_file(path, layer="sites", engine="pyogrio")
    result = check(path.read_bytes(), path.name)
    assert [str(e) for e in result.errors] == [
        "feature 0 (George Mews): gating_commitments: 'st-99' is not a commitment in the action plan; "
        "did you mean 'st-9'?",
        "feature 2 (Tolmer's Square): gating_status: 'maybe' is not a status; use one of: not_recorded, "
        "concern_raised, under_review, confirmed, in_progress, done, not_going_ahead."]


def _zip(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("_", "."), data)
    return out.getvalue()


def _shapefile_parts(sites) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(gis.to_shapefile_zip(sites))) as archive:
        return {name.replace(".", "_"): archive.read(name) for name in archive.namelist()}


def test_a_shapefile_without_prj_is_taken_as_wgs84_with_a_note(sites, check):
    parts = _shapefile_parts(sites)
    del parts["sites_prj"]
    result = check(_zip(**parts), "noprj.zip")
    assert result.ok and list(result.sites) == sites
    assert [str(w) for w in result.warnings] == [
        "the Shapefile has no .prj file, so its positions are taken as WGS84 longitude and latitude."]


BROKEN = {
    "junk named .gpkg": (b"not a database" * 50, "junk.gpkg",
                         "junk.gpkg could not be read as a GeoPackage; it may be damaged, or another kind of file."),
    "a cut-short GeoPackage": (None, "cut.gpkg", "cut.gpkg could not be read"),
    "not a zip": (b"hello", "sites.zip", "sites.zip is not a zip file; a zipped Shapefile is a .zip holding"),
    "a zip without a .shp": (_zip(readme_txt=b"hi"), "docs.zip",
                             "docs.zip holds no .shp file; a zipped Shapefile needs the layer's .shp, .shx, .dbf"),
    "two layers in one zip": (_zip(a_shp=b"", a_shx=b"", a_dbf=b"", b_shp=b""), "two.zip",
                              "two.zip holds 2 Shapefiles (a.shp, b.shp); zip one layer only."),
    "a .shp without its .dbf": (_zip(a_shp=b"x", a_shx=b"x"), "half.zip",
                                "half.zip has a.shp but no .dbf beside it; a Shapefile needs its .shp, .shx and .dbf"),
    "a damaged .shp": (_zip(a_shp=b"x" * 300, a_shx=b"x" * 120, a_dbf=b"x" * 40), "bad.zip",
                       "bad.zip could not be read"),
}


@pytest.mark.parametrize("data, name, says", BROKEN.values(), ids=list(BROKEN))
def test_a_broken_file_is_one_sentence_never_a_traceback(sites, check, data, name, says):
    data = gis.to_gpkg(sites)[:5000] if data is None else data
    result = check(data, name)
    assert not result.ok and result.sites == ()
    assert len(result.errors) == 1 and str(result.errors[0]).startswith(says), str(result.errors[0])


def test_text_too_long_for_a_shapefile_refuses_that_export_but_not_the_geopackage(sites, check):
    long_detail = "Lamp column replaced; " + "é" * 200  # 300 characters are allowed, but 422 bytes
    state = sites[1].state(Topic.LIGHTING)
    changed = [sites[0], sites[1].with_state(Topic.LIGHTING, TopicState(Status.DONE, long_detail, state.as_of)),
               *sites[2:]]
    with pytest.raises(DataError, match=r"^Exmouth Mews: Lighting details is 422 bytes, more than a Shapefile "
                                        r"column holds \(254\); use the GeoPackage"):
        gis.to_shapefile_zip(changed)
    result = check(gis.to_gpkg(changed), "sites.gpkg")
    assert result.ok and result.sites[1].state(Topic.LIGHTING).detail == long_detail


def test_a_gpkg_with_other_layers_uses_the_one_named_sites(sites, check, tmp_path):
    path = tmp_path / "many.gpkg"
    frame = gis.sites_frame(sites)
    frame.iloc[:2].to_file(path, layer="boundary_points", engine="pyogrio")
    frame.to_file(path, layer="sites", engine="pyogrio")
    assert list(check(path.read_bytes(), path.name).sites) == sites
    other = tmp_path / "other.gpkg"
    frame.to_file(other, layer="a", engine="pyogrio")
    frame.to_file(other, layer="b", engine="pyogrio")
    assert [str(e) for e in check(other.read_bytes(), other.name).errors] == [
        "other.gpkg holds 2 layers (a, b); keep only the sites layer, or name it 'sites'."]


def test_a_renamed_site_survives_the_round_trip(sites, check):
    renamed = [replace(sites[0], name="George Mews car park"), *sites[1:]]
    for write, name in WRITERS.values():
        assert list(check(write(renamed), name).sites) == renamed


def test_reading_never_leaves_files_behind(sites, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gis.read_gpkg(gis.to_gpkg(sites))
    gis.read_shapefile_zip(gis.to_shapefile_zip(sites))
    assert list(Path(tmp_path).iterdir()) == []
