import json
import shutil

import pytest

from geo.errors import DataError
from geo.sites.ward import load_ward


def test_ward_comes_from_configuration(ward):
    assert ward.name == "Regent's Park" and ward.code == "E05013668"
    assert ward.boundary.geom_type == "Polygon"
    assert ward.boundary.contains(ward.boundary.centroid)
    assert any("Office for National Statistics" in a.text for a in ward.attributions)


def test_another_ward_is_served_by_another_data_folder(tmp_path, ward):
    folder = tmp_path / "other"
    shutil.copytree(ward.data_dir, folder)
    config = json.loads((folder / "ward.json").read_text())
    config.update(name="Somewhere Else", code="E05999999")
    (folder / "ward.json").write_text(json.dumps(config))
    other = load_ward(folder)
    assert (other.name, other.code) == ("Somewhere Else", "E05999999")


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "No ward.json"),
        ("{", "not valid JSON"),
        ('{"name": "X"}', "missing: code, boundary, sites, plan"),
    ],
)
def test_bad_ward_configuration(tmp_path, content, message):
    if content is not None:
        (tmp_path / "ward.json").write_text(content)
    with pytest.raises(DataError, match=message):
        load_ward(tmp_path)


def test_boundary_in_british_national_grid_is_refused(tmp_path, ward):
    shutil.copytree(ward.data_dir, tmp_path / "w")
    bng = {"type": "Polygon", "coordinates": [[[528000, 182000], [529000, 182000], [529000, 183000], [528000, 182000]]]}
    (tmp_path / "w" / "regents-park-ward-2022.geojson").write_text(json.dumps(bng))
    with pytest.raises(DataError, match="not in WGS84"):
        _ = load_ward(tmp_path / "w").boundary


def test_the_open_data_licence_comes_from_ward_json(ward):
    assert ward.licence.name == "Open Government Licence v3.0"
    assert ward.licence.url.startswith("https://www.nationalarchives.gov.uk/")


@pytest.mark.parametrize("licence, message", [
    ({"name": "OGL"}, 'needs a "name" and a "url"'),
    ("OGL", 'needs a "name" and a "url"'),
    ({"name": "OGL", "url": "ftp://example.org/ogl"}, "must start https://"),
])
def test_a_broken_open_data_licence_is_refused(tmp_path, ward, licence, message):
    shutil.copytree(ward.data_dir, tmp_path / "w")
    config = json.loads((tmp_path / "w" / "ward.json").read_text())
    config["open_data_licence"] = licence
    (tmp_path / "w" / "ward.json").write_text(json.dumps(config))
    with pytest.raises(DataError, match=message):
        load_ward(tmp_path / "w")
