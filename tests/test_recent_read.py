"""geo.db.recent: the data's revision, read once per moment by a crowd of runs, and again at once
after a write in this process.  Runs on SQLite, and on PostgreSQL too when DATABASE_URL is set."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from sqlalchemy import select

from geo.db import Store
from geo.db import recent
from geo.db import tables as t
from geo.db.engine import Database
from geo.db.recent import RecentRead
from geo.db.store import REVISION_FRESH_S
from geo.model import GatingReview
from geo.status import Status
from tests.store_fixtures import PLANNER, ROOT_DIR


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(recent.time, "monotonic", fake)
    return fake


def counted(db: Database):
    reads = []

    def read():
        with db.read() as conn:
            reads.append(conn.execute(select(t.sites.c.site_id)).scalars().all())
        return len(reads)

    return reads, read


def test_a_crowd_of_runs_shares_one_read_until_the_moment_passes(db_url, clock):
    db = Database.open(db_url)
    reads, read = counted(db)
    revision = RecentRead(db, read, fresh_for=0.25)
    answers = []
    threads = [threading.Thread(target=lambda: answers.extend(revision() for _ in range(20))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 160 and len(reads) == 1  # 160 runs from 8 threads at once: one read
    clock.now += 0.24
    assert revision() == 1 and len(reads) == 1
    clock.now += 0.02
    assert revision() == 2 and len(reads) == 2  # a quarter of a second on: read again
    db.close()


def test_a_write_in_this_process_is_seen_at_the_next_call_whoever_wrote_it(db_url, clock):
    db, other = Database.open(db_url), Database.open(db_url)  # two sessions' stores on one database
    reads, read = counted(db)
    revision = RecentRead(db, read, fresh_for=60)
    assert revision() == 1 and revision() == 1
    with other.write():
        pass
    assert revision() == 2
    with pytest.raises(RuntimeError), other.write():
        raise RuntimeError("a refused write")
    assert revision() == 3  # whatever the outcome: a write that ended may have changed something
    db.close()
    other.close()


def _save(store, detail: str, version: int) -> None:
    store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail=detail,
                             review=GatingReview(options="Two gates"), expected_version=version, reason="Meeting")


def test_the_stores_revision_moves_at_once_with_a_save_here(store, db_url, ward):
    """Two sessions of one instance: the map's cache key follows the other's save without waiting."""
    other = Store.open(db_url, ward)
    before = other.revision()
    _save(store, "Seen by the other session.", 1)
    assert other.revision() != before
    other.close()


def test_another_process_s_save_shows_once_the_moment_has_passed(store, db_url, clock):
    """Another instance (or a command) writes: this one's revision follows within REVISION_FRESH_S."""
    before = store.revision()
    code = ("import sys; from geo.db import Store; from geo.model import GatingReview; "
            "from geo.status import Status; from tests.store_fixtures import PLANNER; s = Store.open(sys.argv[1]); "
            "s.save_gating_review(PLANNER, 'george-mews', status=Status.CONFIRMED, detail='From elsewhere.', "
            "review=GatingReview(options='Two gates'), expected_version=1, reason='Meeting')")
    subprocess.run([sys.executable, "-c", code, db_url], cwd=ROOT_DIR, check=True, capture_output=True)
    assert store.revision() == before  # within the moment: the crowd's shared read
    clock.now += REVISION_FRESH_S
    assert store.revision() != before
