"""`python -m geo export`: open data on standard output."""
from __future__ import annotations

import csv
import io
import json

import pytest

from geo import geojson
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
