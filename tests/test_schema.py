"""geo/sites/schema.py: one declaration of a site's fields, used by the file checker, the store,
the history and the exports alike."""
from __future__ import annotations

import ast
import json
import re
from datetime import datetime, UTC
from dataclasses import replace
from pathlib import Path

import pytest

from geo.sites import schema
from geo.errors import InvalidInput
from geo.opendata.site_export import export_sites_geojson
from geo.model import Annotation
from geo.sites.sites_file import check_site_file, check_sites
from geo.status import Category, Severity, Status, Topic, Visibility
from tests.conftest import ROOT
from tests.store_fixtures import ADMIN

FIELD = {f.name: f for f in schema.FIELDS}
PUBLIC_NOTE = Annotation(1, "george-mews", None, None, Category.LIGHTING, Severity.HIGH, "Dark corner by the bins",
                         "Add a lamp", Visibility.PUBLIC, "dana.pcda", datetime(2026, 11, 20, 10, tzinfo=UTC))


# --- the app's own export goes back in through the administrators' door -------------------------


def test_the_sites_export_reimports_through_the_admin_path_with_no_error_and_no_warning(sites, plan, ward):
    exported = json.dumps(export_sites_geojson(sites, [PUBLIC_NOTE]), ensure_ascii=False, indent=1).encode()
    doc = json.loads(exported)
    assert doc["features"][0]["properties"]["annotations"] and "gating_status_label" in doc["features"][0]["properties"]

    result = check_site_file(exported, "sites-2026-11-26.geojson", commitment_ids=plan.ids, boundary=ward.boundary)

    assert [str(p) for p in result.errors] == [] and [str(p) for p in result.warnings] == []
    assert list(result.sites) == sites


def test_a_misspelt_extra_is_still_a_warning(sites, plan):
    doc = export_sites_geojson(sites, [])
    doc["features"][0]["properties"]["gating_status_lable"] = "Under review"
    result = check_sites(doc, commitment_ids=plan.ids)
    assert result.ok and [str(w) for w in result.warnings] == [
        "feature 0 (George Mews): gating_status_lable: not a site property, so it is ignored; "
        "did you mean 'gating_status'?"]


# --- the file checker and the store refuse the same values with the same sentence -----------------


def _set_field(site, name: str, value):
    """The site with one field (by flat name) set to a value, bad or not, as a Python caller might."""
    f = FIELD[name]
    if f.topic is None:
        return replace(site, **{name: value})
    return site.with_state(f.topic, replace(site.state(f.topic), **{f.part: value}))


BAD_VALUES = {
    "id with capitals and an underscore": ("site_id", "George_Mews"),
    "120-character name": ("name", "N" * 120),
    "empty name": ("name", ""),
    "name with spaces round it": ("name", " George Mews "),
    "status not in the vocabulary": ("gating_status", "maybe"),
    "30 February": ("lighting_as_of", "2019-02-30"),
    "date in words": ("fencing_as_of", "March 2019"),
    "position not in the vocabulary": ("position", "exact"),
    "detail over two lines": ("gating_detail", "one\ntwo"),
    "detail too long": ("fencing_detail", "x" * 301),
    "empty confidence": ("confidence", ""),
    "position source too long": ("position_source", "s" * 301),
    "commitment twice": ("gating_commitments", ("st-4", "st-4")),
}


@pytest.mark.parametrize("name, value", BAD_VALUES.values(), ids=list(BAD_VALUES))
def test_the_file_checker_and_the_store_refuse_a_bad_value_with_the_same_sentence(store, ward, plan, name, value):
    doc = json.loads(ward.path("sites").read_text(encoding="utf-8"))
    doc["features"][0]["properties"][name] = list(value) if isinstance(value, tuple) else value
    doc["features"][0].pop("id")
    file_problems = [p for p in check_sites(doc, commitment_ids=plan.ids).errors if p.field == name]
    assert len(file_problems) == 1, file_problems
    sentence = file_problems[0].message

    before = store.sites()
    with pytest.raises(InvalidInput) as refused:
        store.replace_sites(ADMIN, [_set_field(before[0], name, value), *before[1:]], "Bad file")

    assert str(refused.value).endswith(f"{FIELD[name].label}: {sentence}")
    assert store.sites() == before


def test_the_store_names_the_site_and_the_field_in_peoples_words(store):
    sites = store.sites()
    with pytest.raises(InvalidInput) as refused:
        store.replace_sites(ADMIN, [replace(sites[0], name="N" * 120), *sites[1:]], "Too long")
    assert str(refused.value) == "Site 'george-mews': Site name: is 120 characters; keep it to 100."


def test_the_store_refuses_two_sites_of_the_same_name_as_a_file_is_refused(store):
    sites = store.sites()
    with pytest.raises(InvalidInput, match="Site names must be unique; used more than once: George Mews, george  MEWS"):
        store.replace_sites(ADMIN, [*sites[:-1], replace(sites[-1], name="george  MEWS")], "Twice")


# --- one flattener, and the history's words -----------------------------------------------------


def test_every_topic_has_its_four_fields_and_a_label():
    for topic in Topic:
        assert [f.name for f in schema.TOPIC_FIELDS[topic].values()] == [
            f"{topic.value}_status", f"{topic.value}_detail", f"{topic.value}_as_of", f"{topic.value}_commitments"]
        assert schema.STATUS_LABELS[topic].name == f"{topic.value}_status_label"
    assert len(schema.FIELDS) == 5 + 4 * len(Topic)


def test_shapefile_column_names_fit_dbase_and_never_clash():
    shorts = [column.short for column in schema.TABLE_COLUMNS]
    assert all(0 < len(s) <= 10 for s in shorts), shorts
    assert len(set(shorts)) == len(shorts)
    assert all(schema.long_name(column.short) == column.name for column in schema.TABLE_COLUMNS)


def test_the_history_records_flat_names_and_moves(sites):
    old = sites[0]
    new = replace(_set_field(old, "gating_status", Status.DONE), lon=-0.1381)
    assert schema.site_diff(old, new) == [
        ("location", "-0.138034,51.5267067", "-0.1381,51.5267067"),
        ("gating_status", "under_review", "done"),
    ]
    assert schema.history_values(old)["gating_commitments"] == "st-4; st-8"


@pytest.mark.parametrize("key, label", [
    ("gating_status", "Gating status"),
    ("gating.status", "Gating status"),  # recorded before the flat names
    ("lighting.as_of", "Lighting status date"),
    ("fencing_commitments", "Fencing commitments"),
    ("position_source", "Position source"),
    ("name", "Site name"),
])
def test_a_history_key_in_either_spelling_names_its_field(key, label):
    assert schema.field_for(key).label == label


# --- each field name lives in geo/sites/schema.py only ------------------------------------------------

# A migration is a frozen record of the database at its revision: it must keep the column names it
# created even if a field is renamed later, so it may (and must) spell them out.
MIGRATIONS = ROOT / "geo" / "db" / "migrations" / "versions"
# "name" is also an everyday word for other records' names; these files use it for those, not for a site's.
OTHER_NAMES = {
    ("geo/commands/users.py", "'name'"): "an account's sign-in name (an argparse argument)",
    ("geo/db/tables.py", "'name'"): "users.name, an account's name",
    ("geo/records.py", "'name'"): "an account's name field (geo.records.ACCOUNT)",
    ("geo/sites/ward.py", "'name'"): "ward.json's name: the ward's own",
    ("geo/opendata/feed.py", "'name'"): "Atom's <name> element, an author's name",
    ("geo/opendata/catalogue.py", "'name'"): "a licence's name and the ward's name in the open data documents",
    ("geo/db/signin.py", "'name'"): "a sign-in throttle's key kind: attempts on one account name",
    ("geo/sites/geojson.py", "'name'"): "a crs member's name, and GeoJSON's habit of naming a feature by a 'name' "
                                  "property, which the structure checker (it knows nothing about sites) quotes",
}


def _strings(tree: ast.AST):
    """(line, text, after_a_placeholder) for every string literal, f-string parts included."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for before, part in zip([None, *node.values], node.values, strict=False):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    yield node.lineno, part.value, isinstance(before, ast.FormattedValue)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value, False


def _parts_of_joined(tree: ast.AST) -> set[int]:
    return {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}


def _spellings(path: Path) -> list[str]:
    """Where a field name is spelt out in a file: a string literal that is exactly a field's name,
    that holds a field name with an underscore as a word, or an f-string building a topic field
    ("{topic.value}_status")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_fstrings = _parts_of_joined(tree)
    names = set(schema.NAMES) | {e.name for e in schema.EXTRAS if e.read is not None}
    distinct = [n for n in names if "_" in n]
    suffixes = {f.name[len(f.topic.value):] for f in schema.FIELDS if f.topic} | {
        e.name[len(topic.value):] for topic, e in schema.STATUS_LABELS.items()}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text, line = node.value, node.lineno
        if text in names and id(node) not in in_fstrings:
            found.append(f"{line}: {text!r}")
        found += [f"{line}: {n!r} in {text[:60]!r}" for n in distinct
                  if re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", text) and text != n]
    for line, text, after_placeholder in _strings(tree):
        if after_placeholder and any(re.match(rf"{re.escape(s)}(?![A-Za-z0-9_])", text) for s in suffixes):
            found.append(f"{line}: f-string part {text!r}")
    return found


def test_each_site_field_name_is_spelt_out_in_geo_schema_and_nowhere_else_in_geo():
    files = [p for p in (ROOT / "geo").rglob("*.py") if p != ROOT / "geo" / "sites" / "schema.py" and MIGRATIONS not in p.parents]
    assert len(files) > 30
    spelt, excused = {}, set()
    for path in files:
        where = str(path.relative_to(ROOT))
        for found in _spellings(path):
            key = (where, found.split(": ", 1)[1])
            if key in OTHER_NAMES:
                excused.add(key)
            else:
                spelt.setdefault(where, []).append(found)
    assert spelt == {}
    assert excused == set(OTHER_NAMES), "an excuse no longer needed: remove it"
    assert _spellings(ROOT / "geo" / "sites" / "schema.py"), "the scan finds the names where they are declared"


def test_the_scan_would_catch_a_field_name_written_out(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('props = {"gating_status": 1}\nkey = f"{topic.value}_detail"\n'
                      'msg = "see position_source"\nother = {"name": 2}\nfine = "the site\'s name"\n')
    assert sorted(line.split(":")[0] for line in _spellings(sample)) == ["1", "2", "3", "4"]


def test_the_first_migration_spells_the_columns_out_as_it_must():
    assert _spellings(MIGRATIONS / "0001_initial.py")
