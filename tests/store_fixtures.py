"""Shared store fixtures.  Import them into a test module or tests/conftest.py:

    from tests.store_fixtures import *  # noqa: F401,F403

`db_url` (and so `store` and `bare_store`) runs each test on a fresh SQLite
file, and again on PostgreSQL when DATABASE_URL is set (skipped, with the
reason, when it is not), in a database of its own that is dropped afterwards
(so parallel test workers, which share the one server, never meet).  Each is
a copy of one migrated once per test process; `empty_db_url` has no schema.
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
    "store_settings", "ward_sites", "empty_db_url", "_templates",
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


@pytest.fixture(scope="session")
def _templates(tmp_path_factory):
    """Databases migrated once per test process, each test's database a copy of one: running
    every migration again costs more than most store tests do.  tests/test_migrations.py takes
    `empty_db_url` and so still migrates from nothing, on both databases."""
    templates = _Templates(tmp_path_factory.mktemp("template"))
    yield templates
    templates.close()


class _Templates:
    def __init__(self, folder: Path):
        self.folder = folder
        self._sqlite: Path | None = None
        self._postgres: str | None = None
        self._admin = None
        self._filled: dict[tuple[str, str, int], tuple[object, str]] = {}  # see `fill`

    def sqlite_copy(self, target: Path) -> str:
        """A migrated SQLite file at `target`, copied with SQLite's own backup (WAL and all)."""
        if self._sqlite is None:
            self._sqlite = self.folder / "ward.db"
            Store.open(f"sqlite:///{self._sqlite}").close()
        target.parent.mkdir(parents=True, exist_ok=True)
        self._sqlite_restore(str(self._sqlite), str(target))
        return f"sqlite:///{target}"

    def postgres_database(self, *, migrated: bool, template: str | None = None) -> str:
        """A new PostgreSQL database on DATABASE_URL's server: a copy of `template` (a database's
        name), of a migrated template, or empty.  The server's user needs CREATEDB (scripts/test_postgres.sh's
        does).  Copied file by file: for a database this small, half the time of copying through the WAL."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        base = make_url(normalise_url(os.environ["DATABASE_URL"]))
        if self._admin is None:
            self._admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        if migrated and template is None:
            if self._postgres is None:
                name = f"template_{uuid.uuid4().hex[:12]}"
                with self._admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY'))
                Store.open(base.set(database=name).render_as_string(hide_password=False)).close()
                self._postgres = name
            template = self._postgres
        name = f"test_{uuid.uuid4().hex[:12]}"
        source = f' TEMPLATE "{template}"' if template else ""
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{source} STRATEGY FILE_COPY'))
        return base.set(database=name).render_as_string(hide_password=False)

    def filled_copy(self, level: str, ward, *, backend: str, target: Path) -> str:
        """A new database (an SQLite file at `target`, or a PostgreSQL database) that is a copy of one
        filled once per test process: "seeded" from `ward` as on first start, or "staffed", seeded and
        with add_staff's accounts.  Seeding and seven accounts cost more than a small store test does."""
        from sqlalchemy.engine import make_url

        key = (backend, level, id(ward))
        if key not in self._filled:  # the ward is kept with its template, so its id is never reused
            template = self.sqlite_copy(self.folder / f"{level}-{len(self._filled)}.db") if backend == "sqlite" \
                else self.postgres_database(migrated=True)
            settings = load_settings({"STATE_DIR": str(self.folder / "state"), "WARD_DATA_DIR": str(DATA_DIR)})
            with Store.open(template, ward, settings=settings) as filling:
                seed_from_ward(filling, ward)
                if level == "staffed":
                    add_staff(filling)
            self._filled[key] = (ward, template)
        template = make_url(self._filled[key][1]).database
        if backend == "sqlite":
            target.parent.mkdir(parents=True, exist_ok=True)
            self._sqlite_restore(template, str(target))
            return f"sqlite:///{target}"
        return self.postgres_database(migrated=True, template=template)

    @staticmethod
    def _sqlite_restore(source: str, target: str) -> None:
        import sqlite3

        with sqlite3.connect(source) as opened, sqlite3.connect(target) as copy:
            opened.backup(copy)
        opened.close()
        copy.close()

    def drop(self, url: str) -> None:
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))

    def close(self) -> None:
        if self._admin is None:
            return
        for _ward, template in self._filled.values():
            if template.startswith("postgresql"):
                self.drop(template)
        if self._postgres:
            self.drop(f"postgresql://x/{self._postgres}")
        self._admin.dispose()


def _database(request, tmp_path, *, migrated: bool):
    templates = request.getfixturevalue("_templates")
    path = tmp_path / "state" / "ward.db"
    level = _filled_level(request) if migrated else None
    if level:  # made a copy of the filled database straight away, not of the migrated one first
        url = templates.filled_copy(level, request.getfixturevalue("ward"), backend=request.param, target=path)
    elif request.param == "sqlite":
        url = templates.sqlite_copy(path) if migrated else f"sqlite:///{path}"
    else:
        url = templates.postgres_database(migrated=migrated)
    try:
        yield url
    finally:
        if request.param != "sqlite":
            templates.drop(url)


def _filled_level(request) -> str | None:
    """What the test's store fixture fills its database with (see _Templates.filled_copy), if it takes one."""
    names = request.fixturenames  # every fixture the test uses, however indirectly
    return "seeded" if "seeded_store" in names else "staffed" if "store" in names else None


@pytest.fixture(params=_BACKENDS)
def db_url(request, tmp_path):
    """A URL for a database with the newest schema and no rows: an SQLite file, or a
    PostgreSQL database of the test's own (parallel test workers never meet)."""
    yield from _database(request, tmp_path, migrated=True)


@pytest.fixture(params=_BACKENDS)
def empty_db_url(request, tmp_path):
    """Like db_url, with no schema at all: for tests of the migrations themselves."""
    yield from _database(request, tmp_path, migrated=False)


def _filled_store(db_url, ward, store_settings):
    """The store on db_url, which _database made a copy of the filled database (_filled_level)."""
    with Store.open(db_url, ward, settings=store_settings) as opened:
        yield opened


@pytest.fixture
def seeded_store(db_url, ward, store_settings, fast_hashing):
    """A store seeded from the ward's data files, as on first start: no accounts yet."""
    yield from _filled_store(db_url, ward, store_settings)


@pytest.fixture
def store(request, db_url, ward, store_settings, fast_hashing):
    """A seeded store with accounts for the staff in ACTORS (see add_staff)."""
    if "seeded_store" in request.fixturenames:  # the same store, whichever name a fixture asks for
        seeded = request.getfixturevalue("seeded_store")
        add_staff(seeded)
        yield seeded
        return
    yield from _filled_store(db_url, ward, store_settings)


@pytest.fixture
def bare_store(db_url, store_settings, fast_hashing):
    """A store with the schema but no sites (no ward given)."""
    with Store.open(db_url, settings=store_settings) as opened:
        yield opened
