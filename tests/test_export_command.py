"""`python -m geo export`: open data on standard output."""
from __future__ import annotations

import csv
import io
import json

import pytest

from geo.sites import geojson
from geo.__main__ import main
from geo.model import Annotation, User
from geo.status import Category, Role, Severity, Visibility
from geo.commands import open_store
from tests.conftest import SITE_NAMES
from tests.store_fixtures import add_staff

SECRET = "PARTNERS-ONLY: the side gate code is 4321"



@pytest.fixture
def annotated(cli_env, ward, plan, fast_hashing):
    pcda = User("dana.pcda", Role.PCDA)
    with open_store(cli_env, ward, plan) as store:
        add_staff(store, [pcda])
        for text, visibility in (("=Dark corner", Visibility.PUBLIC), (SECRET, Visibility.PARTNERS)):
            store.add_annotation(pcda, Annotation(None, "george-mews", None, None, Category.LIGHTING, Severity.HIGH,
                                                  text, "", visibility))
    return cli_env


def test_sites_geojson_by_default(annotated, capsys):
    assert main(["export", "--format", "geojson"]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert not [p for p in geojson.check(doc) if p.is_error] and "crs" not in doc
    assert [f["properties"]["name"] for f in doc["features"]] == SITE_NAMES
    assert [a["observation"] for a in doc["features"][0]["properties"]["annotations"]] == ["=Dark corner"]
    assert SECRET not in out


@pytest.mark.parametrize("what", ["sites", "annotations"])
def test_csv_never_holds_partners_only_text_or_a_live_formula(annotated, capsys, what):
    assert main(["export", "--format", "csv", "--what", what]) == 0
    out = capsys.readouterr().out
    assert SECRET not in out and "dana.pcda" not in out
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "@")), cell
        if cell.startswith("-"):
            float(cell)  # only numbers (longitudes) may start with a minus
    assert any("=Dark corner" in cell for cell in cells)
    assert len(list(csv.DictReader(io.StringIO(out)))) == (7 if what == "sites" else 1)


def test_plan_as_csv(cli_env, capsys, plan):
    assert main(["export", "--format", "csv", "--what", "plan"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == [c.id for c in plan.commitments]


def test_plan_as_geojson_is_one_line_and_exit_1(cli_env, capsys):
    assert main(["export", "--format", "geojson", "--what", "plan"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "error: The action plan is exported as CSV only: use --format csv.\n"


@pytest.mark.parametrize("fmt, suffix", [("gpkg", "gpkg"), ("shp", "zip")])
def test_gis_files_are_written_with_out_and_validate_cleanly(cli_env, capsys, tmp_path, fmt, suffix):
    out = tmp_path / f"sites.{suffix}"
    assert main(["export", "--format", fmt, "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["validate", str(out)]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("ok: 7 sites\n", "")


def test_a_binary_format_is_never_written_to_a_terminal(cli_env, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["export", "--format", "gpkg"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("error: A gpkg file is binary, so it is not written to the terminal: "
                            "give --out sites.gpkg, or redirect the output.\n")


def test_a_binary_format_may_be_piped(cli_env, capsysbinary):
    assert main(["export", "--format", "shp"]) == 0
    assert capsysbinary.readouterr().out[:4] == b"PK\x03\x04"


def test_only_the_sites_are_exported_as_gis_files(cli_env, capsys):
    assert main(["export", "--format", "shp", "--what", "annotations"]) == 1
    assert "Only the sites are exported as shp" in capsys.readouterr().err


def test_the_geojson_export_validates_with_no_warning(annotated, capsys, tmp_path):
    out = tmp_path / "sites.geojson"
    assert main(["export", "--format", "geojson", "--out", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("ok: 7 sites\n", "")
