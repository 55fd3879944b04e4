"""Stores holding the bench's sites, and gating updates through the store.

Every write goes through the store's public methods, as the app's own do."""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence

from geo.roles import Operator
from geo.model import GatingReview, Site, User
from geo.status import Role, Status

ADMIN = Operator("bench")  # imports the synthetic sites, as the command line would
PLANNER = User("bench.planner", Role.PLANNING)  # an account of its own, added by time_updates


def database_url(state_dir: Path) -> str:
    """The SQLite file the app uses when STATE_DIR is `state_dir`."""
    return f"sqlite:///{Path(state_dir) / 'ward.db'}"


def seed_store(state_dir: Path, sites: Sequence[Site]) -> None:
    """A fresh SQLite store in `state_dir` holding `sites`, written through
    Store.replace_sites (the import path, with its checks and history).

    The store is opened without a ward, so it seeds nothing of its own; an app
    opening it later finds sites there and seeds nothing either.  With no sites
    the store is left empty: see `sites_shown`."""
    from geo.db import Store

    Path(state_dir).mkdir(parents=True, exist_ok=True)
    with Store.open(database_url(state_dir)) as store:
        if sites:
            store.replace_sites(ADMIN, sites, "Synthetic sites for python -m bench.")


def sites_shown(state_dir: Path, ward) -> int:
    """How many sites the app will show from the store in `state_dir`, as the app
    opens it.  An empty store does not stay empty: the app's first start fills it
    with the ward's own sites (geo.db.seed), so the floor of a run through the app
    holds those sites."""
    from geo.db import Store
    from geo.db.seed import seed_from_ward

    with Store.open(database_url(state_dir), ward) as store:
        seed_from_ward(store, ward)
        return len(store.sites())


@dataclass(frozen=True)
class UpdateTimes:
    writers: int
    same_site: bool
    latencies: tuple[float, ...]  # seconds per save attempt, saved or answered StaleEdit
    retries: int  # StaleEdit answers (then retried with the current version)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]  # nearest rank


def time_updates(state_dir: Path, ward, *, writers: int, updates_each: int, same_site: bool) -> UpdateTimes:
    """`writers` threads each saving `updates_each` gating reviews through one Store
    on SQLite, as the app's session threads would.  Each writer updates its own site,
    or all contend on the first site (same_site).  A writer passes the version it
    last saw; on StaleEdit it takes the current version from the error and tries
    again.  Each attempt is timed on its own: a StaleEdit is an answer the editor
    gets (with the newer values), as in the app, where no save is retried blindly."""
    from geo.errors import StaleEdit
    from geo.db import Store

    store = Store.open(database_url(state_dir), ward)
    if store.accounts.current(PLANNER) is None:  # every write re-reads its actor's account
        store.accounts.add_user(ADMIN, PLANNER.name, PLANNER.role, "bench planner's password")
    ids = [s.site_id for s in store.sites()]
    if len(ids) < writers:
        raise ValueError(f"{writers} writers need {writers} sites; the store holds {len(ids)}.")
    start_line = threading.Barrier(writers)
    latencies: list[float] = []
    retries = [0]
    lock = threading.Lock()
    statuses = list(Status)

    def write(w: int) -> None:
        site_id = ids[0] if same_site else ids[w]
        version = store.site(site_id).version
        mine, tries = [], 0
        start_line.wait()
        for k in range(updates_each):
            while True:
                start = time.perf_counter()
                try:
                    saved = store.save_gating_review(
                        PLANNER, site_id, status=statuses[(w + k) % len(statuses)],
                        detail=f"Bench update {k} by writer {w}.", review=GatingReview(note=f"Update {k}, writer {w}."),
                        expected_version=version, reason="python -m bench")
                    break
                except StaleEdit as exc:
                    mine.append(time.perf_counter() - start)
                    tries += 1
                    version = exc.current.version
            mine.append(time.perf_counter() - start)
            version = saved.version
        with lock:
            latencies.extend(mine)
            retries[0] += tries

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        store.close()
    if len(latencies) != writers * updates_each + retries[0]:
        raise RuntimeError("a writer failed; see the traceback above.")
    return UpdateTimes(writers, same_site, tuple(latencies), retries[0])
