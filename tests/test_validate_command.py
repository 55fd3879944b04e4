import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "data" / "sites.geojson"


def _validate(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "geo", "validate", *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, **(env or {})})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _changed(change) -> str:
    doc = json.loads(SITES.read_text(encoding="utf-8"))
    change(doc)
    return json.dumps(doc)


def _props(**values):
    return lambda doc: doc["features"][3]["properties"].update(values)


def _moved(lon, lat):
    return lambda doc: doc["features"][3]["geometry"].update(coordinates=[lon, lat])


BNG = b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "X"}, ' \
      b'"geometry": {"type": "Point", "coordinates": [528987, 182931]}}]}'

# name: (file content, exit code, what stderr must say)
CASES = {
    "binary junk": (bytes(range(256)) * 64, 1, "error: the file is not UTF-8 text"),
    "empty file": (b"", 1, "error: the file is empty."),
    "truncated JSON": (SITES.read_bytes()[:700], 1, "error: not valid JSON: Unterminated string starting at (line 19, column 22); the file ends too early: is it cut short?"),
    "100k-deep nesting": (b"[" * 100_000 + b"]" * 100_000, 1, "error: the JSON is nested too deeply"),
    "NaN": (b'{"type": "Point", "coordinates": [NaN, 51.5]}', 1, "error: NaN is not a number JSON allows"),
    "Infinity": (b'{"type": "Point", "coordinates": [Infinity, 51.5]}', 1, "error: Infinity is not a number"),
    "BNG coordinates": (BNG, 1, "error: feature 0 (X): geometry.coordinates: [528987, 182931] is not WGS84 "
                                "longitude/latitude; it looks like British National Grid (EPSG:27700)"),
    "bad status": (_changed(_props(gating_status="maybe")), 1, "error: feature 3 (Mornington Street): "
                   "gating_status: 'maybe' is not a status; use one of: not_recorded"),
    "unknown commitment": (_changed(_props(gating_commitments=["zz-1"])), 1, "error: feature 3 (Mornington Street): "
                           "gating_commitments: 'zz-1' is not a commitment in the action plan"),
    "outside the ward": (_changed(_moved(-0.2, 51.5)), 0, "warning: feature 3 (Mornington Street): "
                         "geometry.coordinates: (-0.2, 51.5) is outside the ward boundary"),
    "the ward's own file": (SITES.read_bytes(), 0, ""),
}


@pytest.mark.parametrize("content, code, says", CASES.values(), ids=list(CASES))
def test_validate_exits_with_one_line_per_problem(tmp_path, content, code, says):
    path = tmp_path / "sites.geojson"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    result = _validate(str(path))
    assert result.returncode == code
    assert (says in result.stderr) if says else result.stderr == ""
    prefix = "error: " if code else "warning: "
    assert all(line.startswith(prefix) for line in result.stderr.splitlines())
    assert result.stdout == ("ok: 7 sites\n" if code == 0 else "")


def test_every_problem_gets_its_own_line(tmp_path):
    path = tmp_path / "sites.geojson"
    path.write_text(_changed(lambda doc: [f["properties"].update(gating_as_of="soon") for f in doc["features"]]))
    lines = _validate(str(path)).stderr.splitlines()
    assert len(lines) == 7 and all(": gating_as_of: 'soon' is not a date" in line for line in lines)


@pytest.mark.parametrize("make, says", [
    (lambda d: d / "missing.geojson", "error: No file at "),
    (lambda d: d, "is a folder; give the path of a GeoJSON file."),
    (lambda d: d / "file.txt" / "below", "cannot be read: Not a directory."),
])
def test_a_file_that_cannot_be_read_is_one_line(tmp_path, make, says):
    (tmp_path / "file.txt").write_text("x")
    result = _validate(str(make(tmp_path)))
    assert result.returncode == 1 and says in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_one_line(tmp_path):
    path = tmp_path / "sites.geojson"
    path.write_bytes(SITES.read_bytes())
    path.chmod(0)
    result = _validate(str(path))
    assert result.returncode == 1 and "cannot be read: Permission denied." in result.stderr


def test_a_file_over_50_mb_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.geojson"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: no disk used
    result = _validate(str(path))
    assert result.returncode == 1 and "files over 52 MB are refused" in result.stderr


def test_the_data_folder_comes_from_the_option_or_the_environment(tmp_path):
    assert _validate(str(SITES), "--data-dir", str(ROOT / "data")).returncode == 0
    for result in (_validate(str(SITES), "--data-dir", str(tmp_path)),
                   _validate(str(SITES), env={"WARD_DATA_DIR": str(tmp_path)})):
        assert result.returncode == 1 and result.stderr.startswith("error: No ward.json in")
