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
from geo.crime.offences import OffenceGroup
from geo.history import entries
from tests.store_fixtures import OPERATOR, STAFF_PASSWORD
from geo.status import Team

TABLES = {"sites", "site_topics", "gating_reviews", "annotations", "history", "users", "crime_counts",
          "signin_throttle", "signin_failures", "crime_summary", "commitments", "progress_entries",
          "walks", "walk_route", "walk_stops", "position_proposals", "walk_photos", "teams", "commitment_leads", "topic_reviews", "reviews", "review_items",
          "stop_fixes", "track_points", "sign_in_sessions", "voice_reports", "voice_verdicts", "voice_day_keys",
          "gating_cases", "gating_consultations", "gating_representations", "gating_notice_photos"}


def head() -> str:
    """The newest revision: the migrations form one chain, so there is exactly one."""
    engine = connect("sqlite://")
    with engine.connect() as conn:
        heads = ScriptDirectory.from_config(alembic_config(conn)).get_heads()
    assert len(heads) == 1, heads
    return heads[0]


def test_upgrading_an_empty_database_matches_the_declared_tables(empty_db_url):
    engine = connect(empty_db_url)
    with engine.begin() as conn:
        migrate(conn)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert set(inspect(conn).get_table_names()) == TABLES | {"alembic_version"}
        assert MigrationContext.configure(conn).get_current_revision() == head()
    engine.dispose()


def test_the_migrations_have_one_head():
    assert head() >= "0004"


def test_downgrading_to_nothing_and_back_up_works(empty_db_url):
    engine = connect(empty_db_url)
    with engine.begin() as conn:
        migrate(conn)
        command.downgrade(alembic_config(conn), "base")
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        migrate(conn)
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    engine.dispose()


def test_history_from_before_save_ids_is_kept_and_read_as_saves(empty_db_url, store_settings):
    engine = connect(empty_db_url)
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
    with Store.open(empty_db_url, settings=store_settings) as store:
        changes = store.history()
    assert [(c.team, c.save_id) for c in changes] == [(Team.STAFF, None)] * 3 + [(Team.SYSTEM, None)]
    shown = entries(changes, [])
    assert [(e.who, len(e.lines), e.reason) for e in shown] == [
        ("Staff", 1, ""), ("Staff", 2, "Meeting"), ("System", 1, "First start: loaded from sites.geojson.")]
    assert shown[1].summary == ("Gating status changed from Under review to Confirmed to go ahead; "
                                "gating details changed from \u201cOld.\u201d to \u201cAgreed.\u201d")


def test_several_first_starts_at_once_seed_only_once(empty_db_url, ward, store_settings):
    errors: list[BaseException] = []

    def start() -> None:
        try:
            with Store.open(empty_db_url, ward, settings=store_settings) as store:
                seed_from_ward(store, ward)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    with Store.open(empty_db_url, settings=store_settings) as store:
        assert len(store.sites()) == 7
        assert len([c for c in store.history() if c.field == "site"]) == 7


def test_upgrading_gives_old_notes_refs_and_sums_the_crime_counts(empty_db_url, store_settings):
    import sqlalchemy as sa

    from geo.crime.offences import MonthlyTotals
    from geo.model import User
    from geo.status import Role

    notes = sa.table("annotations", *(sa.column(c) for c in (
        "id", "site_id", "lon", "lat", "category", "severity", "observation", "recommendation", "visibility",
        "author", "created_at")))
    history = sa.table("history", *(sa.column(c) for c in ("at", "actor", "field", "new", "reason", "visibility")))
    counts = sa.table("crime_counts", *(sa.column(c) for c in ("major", "minor", "month", "count")))
    engine = connect(empty_db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        for i, visibility in ((1, "public"), (2, "partners"), (3, "public")):
            conn.execute(notes.insert().values(
                id=i, site_id=None, lon=-0.139, lat=51.527, category="lighting", severity="high",
                observation=f"Observation {i}", recommendation="", visibility=visibility, author="dana.pcda",
                created_at="2026-01-01T10:00:00Z"))
            conn.execute(history.insert().values(at=f"2026-01-01T10:00:0{i}Z", actor="dana.pcda", field="annotation",
                                                 new=f"#{i} Lighting, High: Observation {i}", reason="",
                                                 visibility=visibility))
        conn.execute(counts.insert(), [dict(major="DRUG OFFENCES", minor="POSSESSION", month="2026-01", count=4),
                                       dict(major="DRUG OFFENCES", minor="TRAFFICKING", month="2026-01", count=2),
                                       dict(major="BURGLARY", minor="RESIDENTIAL", month="2026-02", count=5)])
        migrate(conn)
    engine.dispose()

    with Store.open(empty_db_url, settings=store_settings) as store:
        staff = {a.id: a for a in store.annotations(include_partners=True)}
        assert len({a.ref for a in staff.values()}) == 3 and all(a.version == 1 for a in staff.values())
        public = [c.new for c in store.history(include_partners=False)]
        assert public == [f"Note {staff[3].ref}: Lighting, High: Observation 3",
                          f"Note {staff[1].ref}: Lighting, High: Observation 1"]
        assert f"Note {staff[2].ref}:" in store.history(include_partners=True)[1].new
        assert store.crime_totals() == MonthlyTotals.of(store.crime_rows())
        assert store.crime_totals().counts[OffenceGroup.DRUGS] == (6, 0)
        store.accounts.add_user(OPERATOR, "dana.pcda", Role.PCDA, STAFF_PASSWORD)  # every write re-reads its author
        store.withdraw_annotation(User("dana.pcda", Role.PCDA), 1, expected_version=1, reason="Mistake")
        assert [c.new for c in store.history(include_partners=False)] == public[:1]


def test_upgrading_gives_each_old_walk_the_team_that_planned_it(empty_db_url, store_settings):
    import sqlalchemy as sa

    walks = sa.table("walks", *(sa.column(c) for c in (
        "id", "ref", "title", "on_date", "starts", "phase", "follows", "invited", "attendance", "published",
        "completed", "version")))
    old_history = sa.table("history", *(sa.column(c) for c in ("at", "actor", "team", "field", "new", "reason",
                                                               "visibility")))
    engine = connect(empty_db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006")
        for i, ref in ((1, "abc234"), (2, "xyz789")):
            conn.execute(walks.insert().values(id=i, ref=ref, title=f"Walk {i}", on_date="2026-02-19", starts="18:30",
                                               phase="after_dark", follows="[]", invited="[]", attendance="{}",
                                               published=False, completed=False, version=1))
        conn.execute(old_history.insert().values(at="2026-01-01T10:00:00Z", actor="pat.planner", team="planning",
                                                 field="walk_planned", new="Walk abc234: Walk 1, 2026-02-19",
                                                 reason="", visibility="partners"))
        migrate(conn)
    engine.dispose()
    with Store.open(empty_db_url, settings=store_settings) as store:
        teams = {w.ref: w.team for w in store.walks.walks()}
    assert teams == {"abc234": Team.PLANNING, "xyz789": Team.COMMUNITY_SAFETY}  # no entry: who leads walks
