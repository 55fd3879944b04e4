"""The Alembic migrations build exactly the schema geo/tables.py declares."""
from __future__ import annotations

import threading

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from geo.db import Store
from geo.db.seed import seed_from_ward
from geo.db.engine import alembic_config, connect, migrate
from geo.db.tables import metadata

TABLES = {"sites", "site_topics", "gating_reviews", "annotations", "history", "users", "crime_counts",
          "signin_throttle", "signin_failures"}
HEAD = "0003"  # the newest revision


def test_upgrading_an_empty_database_matches_the_declared_tables(db_url):
    engine = connect(db_url)
    with engine.begin() as conn:
        migrate(conn)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert set(inspect(conn).get_table_names()) == TABLES | {"alembic_version"}
        assert MigrationContext.configure(conn).get_current_revision() == HEAD
    engine.dispose()


def test_the_migrations_have_one_head():
    engine = connect("sqlite://")
    with engine.connect() as conn:
        assert ScriptDirectory.from_config(alembic_config(conn)).get_heads() == [HEAD]


def test_downgrading_to_nothing_and_back_up_works(db_url):
    engine = connect(db_url)
    with engine.begin() as conn:
        migrate(conn)
        command.downgrade(alembic_config(conn), "base")
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        migrate(conn)
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    engine.dispose()


def test_several_first_starts_at_once_seed_only_once(db_url, ward, store_settings):
    errors: list[BaseException] = []

    def start() -> None:
        try:
            with Store.open(db_url, ward, settings=store_settings) as store:
                seed_from_ward(store, ward)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    with Store.open(db_url, settings=store_settings) as store:
        assert len(store.sites()) == 7
        assert len([c for c in store.history() if c.field == "site"]) == 7
