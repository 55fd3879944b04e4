"""Shared fixtures: the repository's own ward data and test data (tests/data/)."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.plan import load_plan
from geo.ward import load_ward

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"

SITE_NAMES = [
    "George Mews",
    "Exmouth Mews",
    "Tolmer's Square",
    "Mornington Street",
    "Threefields",
    "Clarkson Row",
    "Lindale play area",
]


@pytest.fixture(scope="session")
def ward():
    return load_ward(ROOT / "data")


@pytest.fixture(scope="session")
def plan(ward):
    return load_plan(ward.path("plan"))


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    """Commands read settings from the environment: a fresh SQLite file under tmp_path."""
    from geo.settings import load

    monkeypatch.setenv("STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("WARD_DATA_DIR", str(ROOT / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return load()


@pytest.fixture(scope="session")
def sites(ward, plan):
    from geo.sites import load_sites

    return load_sites(ward, plan)
from tests.store_fixtures import *  # noqa: F401,F403  (store, db_url, actors, ...)
