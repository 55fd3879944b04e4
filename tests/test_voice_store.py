"""geo/db/voice_store.py: reports kept by square only, the abuse rules under a flood, the retention sweep with
the clock moved on, and "still a problem" on a done commitment flagging it.  On SQLite, and on PostgreSQL
when DATABASE_URL is set."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from geo import clock
from geo.db import tables as t
from geo.errors import PermissionDenied
from geo.status import Progress
from geo.voice.abuse import Refused
from geo.voice.grid import cell_at
from tests.store_fixtures import ACTORS, HOTSPOT_MEMBER, PLANNER

GEORGE_MEWS = "george-mews"
START = datetime(2026, 11, 3, 4, 17, 29, tzinfo=UTC)


class Clock:
    """geo.clock, moved by hand."""

    def __init__(self, monkeypatch, at: datetime):
        self.at = at
        monkeypatch.setattr(clock, "utc_now", lambda: self.at)
        monkeypatch.setattr(clock, "now", lambda: self.at.astimezone(clock.LONDON))

    def move(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def moved(monkeypatch):
    return Clock(monkeypatch, START)


def _report(store, client: str, **where):
    where = where or {"site_id": GEORGE_MEWS}
    return store.voice.report(client, reasons=["badly_lit", "followed"], time_of_day="after_dark",
                              when_felt="this_month", seconds_open=12, **where)


def _rows(store, table) -> int:
    with store._db.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_five_people_at_one_site_make_a_square_and_nothing_of_the_point_or_address_is_kept(store, moved):
    for i in range(5):
        assert "Thank you" in _report(store, f"203.0.113.{i}")
    found = store.voice.aggregate()
    assert [(a.count, a.reasons) for a in found.areas] == [(5, {r: 5 for r in found.areas[0].reasons})]
    assert found.areas[0].cell == cell_at(*_position(store, GEORGE_MEWS))
    with store._db.read() as conn:
        kept = [tuple(r) for r in conn.execute(select(t.voice_reports))]
    assert not any("203.0.113" in str(v) for row in kept for v in row)
    assert {c.name for c in t.voice_reports.columns}.isdisjoint({"lon", "lat", "site_id", "client"})


def _position(store, site_id):
    site = store.site(site_id)
    return site.lon, site.lat


def test_a_flood_of_200_from_one_source_in_a_minute_is_refused_in_sentences_and_moves_no_square_by_more_than_one(
        store, moved):
    for i in range(4):  # four neighbours already reported at George Mews: one more would show the square
        _report(store, f"198.51.100.{i}")
    before = {a.cell: a.count for a in store.voice.aggregate().areas}
    lon, lat = _position(store, GEORGE_MEWS)
    rng = random.Random(20)
    refusals = []
    for i in range(200):
        moved.move(seconds=0.3)
        where = {"site_id": GEORGE_MEWS} if i % 4 == 0 else {
            "lon": lon + rng.uniform(-0.004, 0.004), "lat": lat + rng.uniform(-0.003, 0.003)}
        try:
            _report(store, "192.0.2.66", **where)
        except Refused as exc:
            refusals.append(str(exc))
    assert len(refusals) == 200 - store._settings.voice_hourly_limit
    assert all(len(r.split()) > 8 and r.endswith(".") for r in refusals)
    assert any("already told us about this spot today" in r for r in refusals)
    assert any("in the last hour" in r for r in refusals)
    with store._db.read() as conn:  # per square, the flood added one at most
        squares = conn.execute(select(t.voice_reports.c.easting, t.voice_reports.c.northing, func.count())
                               .group_by(t.voice_reports.c.easting, t.voice_reports.c.northing)).all()
    george = cell_at(lon, lat)
    counts = {(e, n): c for e, n, c in squares}
    assert counts.pop((george.easting, george.northing)) == 4 + 1
    assert max(counts.values()) == 1
    after = {a.cell: a.count for a in store.voice.aggregate().areas}
    assert before == {} and after == {george: 5}  # the square shows: one flood report, four neighbours'


def test_an_hour_later_the_same_connection_may_send_again_but_never_twice_to_one_square_that_day(store, moved):
    _report(store, "192.0.2.66")
    moved.move(hours=2)
    with pytest.raises(Refused, match="already told us about this spot today"):
        _report(store, "192.0.2.66")
    moved.move(days=1)
    assert "Thank you" in _report(store, "192.0.2.66")  # a new day, a new key: a new source


def test_a_report_needs_a_place_and_a_reason_each_said_in_a_sentence(store, moved):
    with pytest.raises(Exception, match="tap the map, or choose a site"):
        store.voice.report("x", reasons=["badly_lit"], time_of_day="dusk", when_felt="earlier", seconds_open=9)
    with pytest.raises(Exception, match="at least one reason"):
        store.voice.report("x", reasons=[], time_of_day="dusk", when_felt="earlier", seconds_open=9,
                           site_id=GEORGE_MEWS)
    with pytest.raises(Exception, match="outside Regent's Park ward"):
        store.voice.report("x", reasons=["rundown"], time_of_day="dusk", when_felt="earlier", seconds_open=9,
                           lon=-2.0, lat=53.0)
    assert _rows(store, t.voice_reports) == 0


def test_after_the_retention_period_the_sweep_deletes_old_rows_and_the_aggregates_still_add_up(store, moved):
    for i in range(5):
        _report(store, f"203.0.113.{i}")
    store.voice.give_verdict("203.0.113.1", "still_a_problem", site_id=GEORGE_MEWS)
    moved.move(days=200)
    for i in range(6):
        _report(store, f"198.51.100.{i}", site_id="lindale-play-area")
    assert store.voice.aggregate().total == 11
    moved.move(days=170)  # the first five are now 370 days old: past the 365 kept
    assert store.voice.aggregate().total == 6  # no page counts them, even before the sweep
    assert _rows(store, t.voice_reports) == 11
    assert store.voice.sweep() >= 6
    assert _rows(store, t.voice_reports) == 6
    assert _rows(store, t.voice_verdicts) == 0
    assert _rows(store, t.voice_day_keys) == 0  # past days' keys go too: old hashes match no one
    found = store.voice.aggregate()
    assert found.total == sum(a.count for a in found.areas) + found.elsewhere.count == 6
    assert [a.cell for a in found.areas] == [cell_at(*_position(store, "lindale-play-area"))]


def _mark_done(store, cid="st-1"):
    version = store.commitment(cid).version
    store.set_commitment_status(HOTSPOT_MEMBER, cid, Progress.DONE, expected_version=version,
                                words="Patrols doubled through 2026; open drug use reports fell.")


def test_three_still_a_problem_on_a_done_commitment_flag_it_but_not_those_from_before_it_was_done(store, moved):
    moved.at = datetime.now(UTC) - timedelta(days=2)
    store.voice.give_verdict("203.0.113.1", "still_a_problem", commitment_id="st-1")  # while in progress
    moved.at = datetime.now(UTC) + timedelta(minutes=1)
    _mark_done(store)
    for i in range(2):
        store.voice.give_verdict(f"198.51.100.{i}", "still_a_problem", commitment_id="st-1")
    assert store.voice.flagged() == {}
    tally = store.voice.give_verdict("198.51.100.9", "still_a_problem", commitment_id="st-1")
    assert (tally.still, tally.fixed) == (4, 0)
    assert store.voice.flagged() == {"st-1": 3}
    with pytest.raises(Refused, match="already told us about ST-1 today"):
        store.voice.give_verdict("198.51.100.9", "looks_fixed", commitment_id="st-1")


def test_residents_are_asked_only_about_commitments_done_or_in_progress(store, moved):
    with pytest.raises(Exception, match="only about commitments marked done or in progress"):
        store.voice.give_verdict("x", "still_a_problem", commitment_id="st-3")  # not started


@pytest.mark.parametrize("who", [k for k, u in ACTORS.items() if u is None or u.disabled or u.role.value == "resident"])
def test_rising_squares_are_for_staff_only(store, moved, who):
    with pytest.raises(PermissionDenied):
        store.voice.trends(ACTORS[who])
    assert store.voice.trends(PLANNER).total == 0


def test_the_report_counts_what_changed_since_its_date(store, moved):
    for i in range(5):
        _report(store, f"203.0.113.{i}")
    since = (moved.at + timedelta(days=10)).date()
    moved.move(days=20)
    for i in range(5):
        _report(store, f"198.51.100.{i}", site_id="lindale-play-area")
    summary = store.voice.summary(since)
    assert (summary.then.total, summary.now.total) == (5, 10)
    assert (len(summary.then.areas), len(summary.now.areas)) == (1, 2)


def test_the_sweep_command_deletes_old_rows_and_says_how_many(cli_env, ward, monkeypatch, capsys):
    from geo.__main__ import main
    from geo.commands import open_store

    Clock(monkeypatch, START)
    with open_store(cli_env, ward) as opened:
        _report(opened, "203.0.113.1")
    Clock(monkeypatch, START + timedelta(days=366))
    assert main(["sweep"]) == 0
    assert capsys.readouterr().out.startswith("deleted 2 rows older than 365 days")  # the report and its day's key
    with open_store(cli_env, ward) as opened:
        assert _rows(opened, t.voice_reports) == 0


def test_only_the_voice_store_reads_the_raw_tables_so_no_export_feed_route_or_backup_can():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    allowed = {"geo/db/tables.py", "geo/db/voice_store.py", "geo/db/migrations/versions/0012_voice.py"}
    names = [table.name for table in t.NEVER_EXPORTED]
    found = {str(f.relative_to(root)) for folder in ("geo", "web", "ui", "pages", "scripts", "bench", "deploy")
             for f in (root / folder).rglob("*") if f.is_file() and f.suffix in (".py", ".j2", ".js", ".sh", ".conf")
             and any(n in f.read_text(encoding="utf-8") for n in names + ["NEVER_EXPORTED"])}
    assert found == allowed
