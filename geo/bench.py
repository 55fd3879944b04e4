"""How the map scales with the number of sites: `python -m geo bench`.

A benchmark, not a test: it measures and prints one table, and asserts
nothing.  Every size is compared with a floor measured in the same run: the
same page with an empty map (0 sites).

    synthetic_sites(ward, n)   n valid sites at random points inside the ward
    time_build(...)            build_map + the HTML it renders, median of runs
    time_page(...)             a full AppTest run of the map page (app.py)
    time_updates(...)          gating updates through the store, 1 or more writers
    format_table(rows)         the table, as text

Positions are WGS84 longitude and latitude throughout.  Streamlit, folium's
HTML rendering and the store are imported inside the functions that use them.
"""
from __future__ import annotations

import math
import os
import statistics
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from geo.model import GatingReview, Site, TopicState, User
from geo.roles import Operator
from geo.status import Position, Role, Status, Topic

ROOT = Path(__file__).resolve().parent.parent
SEED = 20190219  # the evening walkabout, February 2019
APPROXIMATE_SHARE = 5 / 7  # as in the real sites
ADMIN = Operator("bench")  # imports the synthetic sites, as the command line would
PLANNER = User("bench.planner", Role.PLANNING)  # an account of its own, added by time_updates
REAL = 7  # this size uses the ward's own sites


@dataclass(frozen=True)
class Row:
    """One line of the table.  `met` is None when the line has no goal."""

    measure: str
    sites: str
    value: str
    ratio: str = ""
    goal: str = ""
    met: bool | None = None


# --- sites ---------------------------------------------------------------


def synthetic_sites(ward, n: int, *, seed: int = SEED) -> list[Site]:
    """`n` sites at random points inside `ward.boundary` (WGS84), each with a random
    status per topic and about 5 in 7 at approximate positions.  Same seed, same sites."""
    import numpy as np
    import shapely

    rng = np.random.default_rng(seed)
    boundary = ward.boundary
    shapely.prepare(boundary)
    minx, miny, maxx, maxy = boundary.bounds
    lons: list[float] = []
    lats: list[float] = []
    while len(lons) < n:
        x = rng.uniform(minx, maxx, 2 * n + 16)
        y = rng.uniform(miny, maxy, 2 * n + 16)
        inside = shapely.contains_xy(boundary, x, y)
        lons.extend(x[inside].tolist())
        lats.extend(y[inside].tolist())
    statuses = rng.integers(0, len(Status), size=(n, len(Topic))).tolist()
    approximate = (rng.random(n) < APPROXIMATE_SHARE).tolist()
    all_statuses = list(Status)
    sites = []
    for i in range(n):
        topics = {
            topic: TopicState(all_statuses[statuses[i][k]], f"Synthetic {topic.label.lower()} status.", "2019-02")
            for k, topic in enumerate(Topic)
        }
        sites.append(Site(
            site_id=f"bench-{i + 1:05d}",
            name=f"Bench site {i + 1}",
            lon=round(lons[i], 6),
            lat=round(lats[i], 6),
            position=Position.APPROXIMATE if approximate[i] else Position.SOURCED,
            confidence="low" if approximate[i] else "medium",
            position_source="synthetic, made by python -m geo bench",
            topics=topics,
        ))
    return sites


def sites_for(ward, plan, n: int) -> list[Site]:
    """The sites used at size `n`: none, the ward's own seven, or synthetic ones."""
    if n == 0:
        return []
    if n == REAL:
        from geo.sites import load_sites

        return load_sites(ward, plan)
    return synthetic_sites(ward, n)


def naive_map(ward, sites: Sequence[Site]):
    """For comparison only: one folium.Marker with a tooltip and a popup per site."""
    import folium

    minx, miny, maxx, maxy = ward.boundary.bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=16, tiles=None)
    for s in sites:
        status = s.state(Topic.GATING).status
        folium.Marker(
            [s.lat, s.lon],
            tooltip=f"{s.name}: gating {status.label.lower()}",
            popup=folium.Popup(f"<b>{s.name}</b><br>Gating: {status.label}"),
            icon=folium.Icon(color="gray"),
        ).add_to(m)
    return m


# --- (a) and (c): building the map and its HTML ----------------------------


def page_map(ward, sites: Sequence[Site]):
    """The map exactly as pages/map.py builds it with MAP_TILES=none."""
    from geo.mapview import build_map
    from geo.settings import load

    return build_map(ward, sites, topic=Topic.GATING, tiles="none", asset_base_url=load().asset_base_url)


def time_build(make: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median seconds to build a map with `make()` and render its HTML, and the HTML's size in bytes."""
    times, size = [], 0
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        html = make().get_root().render()
        times.append(time.perf_counter() - start)
        size = len(html.encode("utf-8"))
    return statistics.median(times), size


# --- a store holding the sites ------------------------------------------


@contextmanager
def empty_stays_empty() -> Iterator[None]:
    """A store opened here holds exactly the sites the bench gives it, or none at all
    (the floor): opening a store never seeds it (that is geo.db.seed's step)."""
    yield


def database_url(state_dir: Path) -> str:
    return f"sqlite:///{Path(state_dir) / 'ward.db'}"


def seed_store(state_dir: Path, ward, sites: Sequence[Site]) -> None:
    """A fresh SQLite store in `state_dir` holding exactly `sites`, written through
    Store.replace_sites (the import path, with its checks and history)."""
    from geo.db import Store

    with empty_stays_empty(), Store.open(database_url(state_dir), ward) as store:
        if sites:
            store.replace_sites(ADMIN, sites, "Synthetic sites for python -m geo bench.")


# --- (b): a full run of the map page ------------------------------------


@contextmanager
def app_settings(state_dir: Path) -> Iterator[None]:
    """STATE_DIR and MAP_TILES=none for the app, a cleared st.cache_resource, and no
    first-start seeding; everything put back afterwards."""
    import streamlit as st

    names = ("STATE_DIR", "MAP_TILES", "DATABASE_URL")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(STATE_DIR=str(state_dir), MAP_TILES="none")
    os.environ.pop("DATABASE_URL", None)
    st.cache_resource.clear()
    try:
        with empty_stays_empty():
            yield
    finally:
        st.cache_resource.clear()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def time_page(state_dir: Path, repeat: int) -> tuple[list[float], int]:
    """Seconds for each of `repeat` full runs of the map page (app.py's default page)
    by AppTest, and the bytes of the map component's arguments (what st_folium sends
    to the browser).  One warm-up run first opens the store and lets AppTest find
    the installed components; the timed runs are reruns of that session."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)

    def run() -> float:
        start = time.perf_counter()
        at.run()
        took = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"the map page failed: {[e.value for e in at.exception]}")
        return took

    with app_settings(state_dir):
        run()
        maps = at.get("component_instance")
        sent = len(maps[0].proto.json_args.encode("utf-8")) if maps else 0
        times = [run() for _ in range(max(repeat, 1))]
    return times, sent


# --- (d): gating updates through the store ------------------------------


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
                        expected_version=version, reason="python -m geo bench")
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


# --- the table ------------------------------------------------------------

HEADERS = ("Measure", "Sites", "Value", "x floor", "Goal", "")


def format_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned plain-text table."""
    cells = [HEADERS] + [
        (r.measure, r.sites, r.value, r.ratio, r.goal, "" if r.met is None else ("met" if r.met else "MISSED"))
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    right = {1, 2, 3}

    def line(row) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule] + [line(row) for row in cells[1:]])


def count(n: int) -> str:
    return f"{n:,}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def times(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor > 0 else ""
