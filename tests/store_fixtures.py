"""Shared store fixtures.  Import them into a test module or tests/conftest.py:

    from tests.store_fixtures import *  # noqa: F401,F403

`db_url` (and so `store` and `bare_store`) runs each test on a fresh SQLite
file, and again on PostgreSQL when DATABASE_URL is set (skipped, with the
reason, when it is not), in a schema of its own that is dropped afterwards
(so parallel test workers, which share the one database, never meet).
"""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

from geo.model import Site, TopicState, User
from geo.roles import Operator
from geo.settings import load as load_settings
from geo.status import Position, Role, Status, Topic
from geo.db import Store
from geo.db.seed import seed_from_ward
from geo.db.engine import normalise_url

__all__ = [
    "ADMIN", "ACTORS", "COMMUNITY_SAFETY", "CWG", "HOTSPOT_MEMBER", "SNT_OFFICER", "DATA_DIR", "fast_hashing", "OPERATOR", "ROOT_DIR", "PCDA", "PLANNER", "RESIDENT",
    "STAFF_PASSWORD", "add_staff", "bare_store", "db_url", "seeded_store", "sites_from_geojson", "store",
    "store_settings", "ward_sites",
]

ROOT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT_DIR / "data"

PLANNER = User("pat.planner", Role.PLANNING)
PCDA = User("dana.pcda", Role.PCDA)
ADMIN = User("ada.admin", Role.ADMIN)
RESIDENT = User("rosa.resident", Role.RESIDENT)
COMMUNITY_SAFETY = User("cas.safety", Role.COMMUNITY_SAFETY)
CWG = User("cora.cwg", Role.CWG)
SNT_OFFICER = User("sam.snt", Role.PARTNER, team="snt")  # leads ST-3 and LT-1 (data/teams.json)
HOTSPOT_MEMBER = User("hal.hotspot", Role.PARTNER, team="hotspot")  # leads ST-1 and ST-2
# Everyone who might try a write, including nobody signed in and a disabled administrator.
# The `store` fixture gives the staff among them real accounts (residents have none):
# every write reads its actor's role and state from the users table.
ACTORS = {
    "nobody": None, "resident": RESIDENT, "planning": PLANNER, "pcda": PCDA, "admin": ADMIN,
    "community safety": COMMUNITY_SAFETY, "cwg": CWG, "snt officer": SNT_OFFICER, "hotspot member": HOTSPOT_MEMBER,
    "disabled admin": User("old.admin", Role.ADMIN, disabled=True),
}
# Test set-up acts as the command line does: an administrator with no account.
OPERATOR = Operator("test set-up")
STAFF_PASSWORD = "the staff's long password"


def add_staff(store, users=None) -> None:
    """Accounts for these users (default: the ACTORS) as they are described (role, disabled), with STAFF_PASSWORD."""
    for user in ACTORS.values() if users is None else users:
        if user is None or user.role is Role.RESIDENT:
            continue
        store.accounts.add_user(OPERATOR, user.name, user.role, STAFF_PASSWORD, team=user.team)
        if user.disabled:
            store.accounts.disable_user(OPERATOR, user.name)

# Without DATABASE_URL the PostgreSQL half shows up as skipped, with the reason, rather than
# vanishing from the run (`make test` always provides a server: scripts/test_postgres.sh).
_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="DATABASE_URL is unset: PostgreSQL store tests need a server (`make test` starts one)"))]


def sites_from_geojson(path: Path) -> list[Site]:
    """Sites read straight from a sites GeoJSON file (stands in for geo.sites.sites_file.load_sites in tests)."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    found = []
    for feature in doc["features"]:
        p = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        topics = {
            topic: TopicState(Status(p[f"{topic.value}_status"]), p[f"{topic.value}_detail"],
                              p[f"{topic.value}_as_of"], tuple(p[f"{topic.value}_commitments"]))
            for topic in Topic
        }
        found.append(Site(p["site_id"], p["name"], lon, lat, Position(p["position"]), p["confidence"],
                          p["position_source"], topics))
    return found


@pytest.fixture
def fast_hashing(monkeypatch):
    """Cheap argon2 settings for tests: the real ones cost a third of a second per check, on purpose."""
    from argon2 import PasswordHasher

    from geo.db import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    dummy = cheap.hash("not anybody's password")
    monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
    monkeypatch.setattr(accounts, "_dummy_hash", lambda: dummy)


@pytest.fixture
def ward_sites(ward):
    """The ward's sites as read from its GeoJSON file (`ward` comes from tests/conftest.py)."""
    return sites_from_geojson(ward.path("sites"))


@pytest.fixture
def store_settings(tmp_path):
    return load_settings({"STATE_DIR": str(tmp_path / "state"), "WARD_DATA_DIR": str(DATA_DIR)})


@pytest.fixture(params=_BACKENDS)
def db_url(request, tmp_path):
    """A URL for an empty database: an SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state' / 'ward.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(normalise_url(os.environ["DATABASE_URL"]))
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def seeded_store(db_url, ward, store_settings, fast_hashing):
    """A store seeded from the ward's data files, as on first start: no accounts yet."""
    with Store.open(db_url, ward, settings=store_settings) as opened:
        seed_from_ward(opened, ward)
        yield opened


@pytest.fixture
def store(seeded_store):
    """A seeded store with accounts for the staff in ACTORS (see add_staff)."""
    add_staff(seeded_store)
    return seeded_store


@pytest.fixture
def bare_store(db_url, store_settings, fast_hashing):
    """A store with the schema but no sites (no ward given)."""
    with Store.open(db_url, settings=store_settings) as opened:
        yield opened
