"""The package's layout: every module imports alone in a fresh interpreter, and no two modules
of the app (geo/, ui/, web/) share a name, so a name tells a newcomer which room they are in."""
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


@pytest.mark.parametrize("module", GEO_MODULES)
def test_each_geo_module_imports_alone_in_a_fresh_interpreter(module):
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_import_check_covers_the_feature_packages():
    for package in ("geo.sites", "geo.plan", "geo.walks", "geo.crime", "geo.reports", "geo.opendata", "geo.db"):
        assert package in GEO_MODULES


def test_no_two_modules_of_the_app_share_a_name():
    names = Counter(module.rpartition(".")[2] for package in PACKAGES for module in _modules(package)
                    if module not in PACKAGES and not module.endswith("__main__"))
    packages = {module.rpartition(".")[2] for package in PACKAGES for module in _modules(package)
                if (ROOT / module.replace(".", "/")).is_dir()}
    assert [name for name, n in names.items() if n > 1 and name not in packages] == []
