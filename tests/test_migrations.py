"""The Alembic migrations build exactly the schema geo/tables.py declares."""
from __future__ import annotations

import threading

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import insert, inspect

from geo.db import Store
from geo.db.seed import seed_from_ward
from geo.db.engine import alembic_config, connect, migrate
from geo.db.tables import history, metadata
from geo.history import entries
from geo.status import Team

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


def test_history_from_before_save_ids_is_kept_and_read_as_saves(db_url, store_settings):
    engine = connect(db_url)
    old = [("2026-11-01T08:00:00Z", "system", "site", None, "George Mews", "First start: loaded from sites.geojson."),
           ("2026-11-20T10:00:00Z", "pat.planner", "gating.status", "under_review", "confirmed", "Meeting"),
           ("2026-11-20T10:00:00Z", "pat.planner", "gating.detail", "Old.", "Agreed.", "Meeting"),
           ("2026-11-21T10:00:00Z", "pat.planner", "gating.detail", "Agreed.", "Ordered.", "")]
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(insert(history), [dict(at=at, actor=actor, site_id="george-mews", field=field, old=before,
                                            new=after, reason=reason, visibility="public")
                                       for at, actor, field, before, after, reason in old])
    engine.dispose()
    with Store.open(db_url, settings=store_settings) as store:
        changes = store.history()
    assert [(c.team, c.save_id) for c in changes] == [(Team.STAFF, None)] * 3 + [(Team.SYSTEM, None)]
    shown = entries(changes, [])
    assert [(e.who, len(e.lines), e.reason) for e in shown] == [
        ("Staff", 1, ""), ("Staff", 2, "Meeting"), ("System", 1, "First start: loaded from sites.geojson.")]
    assert shown[1].summary == ("Gating status changed from Under review to Confirmed to go ahead; "
                                "gating details changed from \u201cOld.\u201d to \u201cAgreed.\u201d")


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
