"""Headless Chromium for the browser tests and scripts/screenshot.py: launching
it offline, and finding the map streamlit-folium draws in its iframe."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browser download cannot work here
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# What Leaflet draws for a feature: an SVG path (polygons, circle markers) or a marker icon.
FEATURES = ".leaflet-interactive, .leaflet-marker-icon"


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)


def offline_context(browser, **options):
    """A browser context that refuses every request to a host other than this
    machine, so a test proves the page works with no internet.  Returns the
    context and the list it appends each refused URL to."""
    context = browser.new_context(**options)
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort("internetdisconnected")

    context.route(lambda url: not is_local(url), refuse)
    return context, refused


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


def map_frame(page, timeout: float = 30_000):
    """The frame inside streamlit-folium's iframe (the first map on the page)."""
    return page.wait_for_selector(MAP_IFRAME, state="attached", timeout=timeout).content_frame()


def wait_for_map(frame, count: int, selector: str = FEATURES, timeout: float = 30_000) -> int:
    """Wait until Leaflet has drawn at least `count` features in `frame` and every
    stylesheet and image there has loaded; return how many features it drew.
    On a timeout, fail with what was drawn and which files did not load."""
    try:
        frame.wait_for_function(
            """([selector, count]) =>
                document.querySelectorAll(selector).length >= count
                && [...document.querySelectorAll('link[rel="stylesheet"]')].every(link => link.sheet)
                && [...document.images].every(img => img.complete)""",
            arg=[selector, count], timeout=timeout,
        )
    except PlaywrightTimeoutError:
        drawn, failed = frame.evaluate(
            """selector => [document.querySelectorAll(selector).length,
                performance.getEntriesByType("resource")
                    .filter(r => !r.responseStatus || r.responseStatus >= 400)
                    .map(r => `${r.responseStatus || "failed"} ${r.name}`)]""",
            selector,
        )
        raise AssertionError(
            f"the map drew {drawn} of {count} features in {timeout / 1000:.0f}s; "
            f"files that did not load: {failed or 'none'}"
        ) from None
    return frame.evaluate("selector => document.querySelectorAll(selector).length", selector)


def broken_images(frame) -> list[str]:
    """Images from this machine in `frame` that loaded with nothing to show.
    (Map tiles from other hosts are refused offline, so they are left out.)"""
    srcs = frame.evaluate("[...document.images].filter(i => i.complete && !i.naturalWidth).map(i => i.src)")
    return [src for src in srcs if is_local(src)]


SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "artifacts" / "screenshots"


def screenshot(page, name: str) -> Path:
    """Save the whole page as artifacts/screenshots/NAME.png (git-ignored)."""
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
