"""The browser half of `python -m geo bench`: time from navigation to the site
features drawn, in headless Chromium, for the app holding N sites and for the
same app holding none.

It reuses the browser-test harness in tests/e2e (server.start for a free port
and a fresh STATE_DIR, driver.launch and driver.offline_context for Chromium
with the harness flags and no internet), imported from the repository root.

Each app runs app.py through a small bench-only wrapper that turns off the
store's first-start seeding, so a store the bench left empty stays empty; the
wrapper runs for every size, so the apps differ only in their data."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Sequence

from geo.bench import ROOT, seed_store
from geo.model import Site

# Drawn means: the layer control is on the map (folium adds it last) and so is
# every marker of the layer shown first.  Nothing else on this map is a marker.
DRAWN = ".leaflet-marker-icon, .leaflet-control-layers"
VIEWPORT = {"width": 1280, "height": 900}

_WRAPPER = '''"""Bench only: app.py with the store's first-start seeding off."""
from pathlib import Path


_app = Path({app!r})
exec(compile(_app.read_text(encoding="utf-8"), str(_app), "exec"), {{"__name__": "__main__", "__file__": str(_app)}})
'''


def _harness():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.e2e import driver, server

    return driver, server


def _prepare(state_dir: Path, ward, sites: Sequence[Site]) -> Path:
    """Seed the store in `state_dir` and write the wrapper app; return its path."""
    state_dir.mkdir(parents=True, exist_ok=True)
    seed_store(state_dir, ward, sites)
    folder = state_dir / "app"  # where the harness puts its copy, beside a link to static/
    folder.mkdir(exist_ok=True)
    (folder / "pages").symlink_to(ROOT / "pages", target_is_directory=True)  # app.py names pages/*.py
    script = state_dir / "bench_app.py"
    script.write_text(_WRAPPER.format(app=str(ROOT / "app.py")), encoding="utf-8")
    return script


def time_drawing(work_dir: Path, ward, sizes: dict[int, Sequence[Site]], repeat: int) -> dict[int, float]:
    """Median seconds from navigation to the map drawn, per size (0 is the empty
    map).  All apps run at once and are loaded in turn, after one warm-up load
    each, so drift on the machine falls on every size alike.  One browser context
    is shared, so Leaflet and the other assets come from its cache after the
    warm-up, as for a returning visitor."""
    from playwright.sync_api import sync_playwright

    driver, server = _harness()
    apps = {}
    try:
        for n, sites in sizes.items():
            state_dir = work_dir / f"browser-{n}"
            apps[n] = server.start(_prepare(state_dir, ward, sites), state_dir, env={"MAP_TILES": "none"})
        with sync_playwright() as playwright:
            browser = driver.launch(playwright)
            try:
                context, _refused = driver.offline_context(browser, viewport=VIEWPORT)
                times: dict[int, list[float]] = {n: [] for n in apps}
                for round_ in range(max(repeat, 1) + 1):
                    for n, app in apps.items():
                        took = _load(driver, context, app.url, n)
                        if round_:  # round 0 is the warm-up
                            times[n].append(took)
                context.close()
            finally:
                browser.close()
    finally:
        for app in apps.values():
            server.stop(app)
    return {n: statistics.median(t) for n, t in times.items()}


def _load(driver, context, url: str, sites: int) -> float:
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        frame = driver.map_frame(page, timeout=120_000)
        _wait_until_drawn(frame, sites + 1)
        return time.perf_counter() - start
    finally:
        page.close()


def _wait_until_drawn(frame, count: int) -> None:
    """driver.wait_for_map's test, polled on a timer: requestAnimationFrame, which
    it polls on, can stall for long spells while a big page lays out."""
    frame.wait_for_function(
        """([selector, count]) =>
            document.querySelectorAll(selector).length >= count
            && [...document.querySelectorAll('link[rel="stylesheet"]')].every(link => link.sheet)""",
        arg=[DRAWN, count], polling=10, timeout=120_000,
    )
