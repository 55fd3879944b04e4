"""Time from navigation to the site features drawn, in headless Chromium, for the
app holding N sites and for the same app at its floor.

It reuses the browser-test harness in tests/e2e: server.start for a free port
and a fresh STATE_DIR, driver.launch and driver.offline_context for Chromium
with the harness flags and no internet.  Every app runs the real app.py."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence

from geo.model import Site

from bench.page import ROOT
from bench.store import seed_store, sites_shown

# Drawn means: the layer control is on the map (folium adds it last) and so is
# every marker of the layer shown first.  Nothing else on this map is a marker.
DRAWN = ".leaflet-marker-icon, .leaflet-control-layers"
VIEWPORT = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class Drawing:
    seconds: float  # median, navigation to drawn
    sites: int  # how many the app showed


def time_drawing(work_dir: Path, ward, sizes: dict[int, Sequence[Site]], repeat: int) -> dict[int, Drawing]:
    """Median seconds from navigation to the map drawn, per size.  All apps run at
    once and are loaded in turn, after one warm-up load each, so drift on the
    machine falls on every size alike.  One browser context is shared, so Leaflet
    and the other assets come from its cache after the warm-up, as for a returning
    visitor."""
    from playwright.sync_api import sync_playwright

    from tests.e2e import driver, server

    apps, state_dirs, held = {}, {}, {}
    try:
        for n, sites in sizes.items():
            state_dirs[n] = work_dir / f"browser-{n}"
            seed_store(state_dirs[n], sites)
            held[n] = sites_shown(state_dirs[n], ward)
            apps[n] = server.start(ROOT / "app.py", state_dirs[n], env={"MAP_TILES": "none"})
        with sync_playwright() as playwright:
            browser = driver.launch(playwright)
            try:
                context, _refused = driver.offline_context(browser, viewport=VIEWPORT)
                times: dict[int, list[float]] = {n: [] for n in apps}
                for round_ in range(max(repeat, 1) + 1):
                    for n, app in apps.items():
                        took = _load(driver, context, app.url, held[n])
                        if round_:  # round 0 is the warm-up
                            times[n].append(took)
                context.close()
            finally:
                browser.close()
    finally:
        for app in apps.values():
            server.stop(app)
    return {n: Drawing(statistics.median(t), held[n]) for n, t in times.items()}


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
