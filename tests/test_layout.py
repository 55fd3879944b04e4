"""The package's layout: every module imports alone in a fresh interpreter, and no two modules
of the app (geo/, ui/, web/) share a name, so a name tells a newcomer which room they are in."""
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("geo", "ui", "web")


def _modules(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


GEO_MODULES = _modules("geo")


@pytest.fixture(scope="module")
def imported_alone() -> dict[str, str]:
    """Each geo module imported alone, in a process that had imported none of the app (tests/import_alone.py)."""
    done = subprocess.run([sys.executable, "-m", "tests.import_alone", *GEO_MODULES], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", GEO_MODULES)
def test_each_geo_module_imports_alone_in_a_fresh_interpreter(imported_alone, module):
    assert imported_alone[module] == ""


def test_the_import_check_fails_a_module_that_imports_only_after_another(tmp_path):
    # As geo.checks once did: fine after cycle_p, a circular import when imported first.
    (tmp_path / "cycle_p.py").write_text("from cycle_q import Q\n")
    (tmp_path / "cycle_q.py").write_text("import cycle_p\nQ = 1\n")
    done = subprocess.run([sys.executable, "-m", "tests.import_alone", "cycle_p", "cycle_q"], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    found = json.loads(done.stdout)
    assert found["cycle_p"] == ""
    assert "ImportError: cannot import name 'Q' from partially initialized module 'cycle_q'" in found["cycle_q"]


def test_the_import_check_covers_the_feature_packages():
    for package in ("geo.sites", "geo.plan", "geo.walks", "geo.crime", "geo.reports", "geo.opendata", "geo.db"):
        assert package in GEO_MODULES


def test_no_two_modules_of_the_app_share_a_name():
    names = Counter(module.rpartition(".")[2] for package in PACKAGES for module in _modules(package)
                    if module not in PACKAGES and not module.endswith("__main__"))
    packages = {module.rpartition(".")[2] for package in PACKAGES for module in _modules(package)
                if (ROOT / module.replace(".", "/")).is_dir()}
    assert [name for name, n in names.items() if n > 1 and name not in packages] == []
