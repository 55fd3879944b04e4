"""What a first visit to the map weighs, and how long its sites take to appear
on a slow phone link: `python -m bench.weight [--url URL]`.

Chromium's network emulation (CDP Network.emulateNetworkConditions: 1.6 Mbit/s
down, 750 kbit/s up, 150 ms latency), an empty cache, no internet.  Reported:
seconds from navigation to every site marker drawn, bytes on the wire (as
encoded: compressed where the server compressed) and bytes uncompressed, and
the heaviest files.  Without --url it starts the app itself twice (fresh
SQLite, no tiles): as Streamlit serves app.py alone (before) and as `make run`
serves it (after), and prints both."""
from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.page import ROOT

PHONE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
SITES = 7  # the ward's own sites, all drawn on the layer shown first
GOAL_SECONDS = 7.0
SERVINGS = {  # before and after, in the same run
    "before: app.py as Streamlit serves it (no compression, its own fonts)": "bench.plain_server:app",
    "after: as `make run` serves it (server.py: brotli/gzip, system text font, small icon font)": "server:app",
}
MARKERS = ".leaflet-marker-icon"


@dataclass
class Visit:
    seconds: float
    wire: int = 0  # bytes transferred, as encoded
    body: int = 0  # bytes uncompressed
    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # url -> (wire, body, encoding)


def first_visit(url: str, *, conditions: dict | None = PHONE, timeout: float = 120.0) -> Visit:
    """Load `url` in a fresh browser context over the emulated link; time to the sites drawn."""
    from playwright.sync_api import sync_playwright

    from tests.e2e import driver

    with sync_playwright() as playwright:
        browser = driver.launch(playwright)
        try:
            context, _refused = driver.offline_context(browser, viewport={"width": 390, "height": 844})
            page = context.new_page()
            visit = Visit(0.0)
            _record(context, page, visit, conditions)
            start = time.perf_counter()
            page.goto(url)
            frame = driver.map_frame(page, timeout=timeout * 1000)
            frame.wait_for_function("([s, n]) => document.querySelectorAll(s).length >= n",
                                    arg=[MARKERS, SITES], polling=50, timeout=timeout * 1000)
            visit.seconds = time.perf_counter() - start
            page.wait_for_timeout(500)  # let the last responses finish reporting their sizes
            context.close()
        finally:
            browser.close()
    return visit


def _record(context, page, visit: Visit, conditions: dict | None) -> None:
    """Emulate the link on the page (and its map iframe, same process) and count every response."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if conditions:
        cdp.send("Network.emulateNetworkConditions", conditions)
    responses: dict[str, dict] = {}

    def on_response(event):
        r = event["response"]
        encoding = {k.lower(): v for k, v in r.get("headers", {}).items()}.get("content-encoding", "")
        responses[event["requestId"]] = {"url": r["url"], "encoding": encoding}

    def on_finished(event):
        seen = responses.get(event["requestId"])
        if seen is None:
            return
        wire = int(event.get("encodedDataLength", 0))
        body = seen.get("body", 0)
        visit.wire += wire
        visit.files[seen["url"]] = (wire, body, seen["encoding"])

    def on_data(event):
        seen = responses.get(event["requestId"])
        if seen is not None:
            seen["body"] = seen.get("body", 0) + int(event.get("dataLength", 0))

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.dataReceived", on_data)
    cdp.on("Network.loadingFinished", on_finished)

    def finish():
        visit.body = sum(b for _w, b, _e in visit.files.values())

    page.on("close", lambda _p: finish())
    context.on("close", lambda _c: finish())


def report(visit: Visit, top: int = 12) -> str:
    lines = [f"sites drawn after {visit.seconds:.1f} s; {visit.wire / 1e6:.2f} MB on the wire, "
             f"{sum(b for _w, b, _e in visit.files.values()) / 1e6:.2f} MB uncompressed, "
             f"{len(visit.files)} responses"]
    heaviest = sorted(visit.files.items(), key=lambda item: -item[1][0])[:top]
    for url, (wire, body, encoding) in heaviest:
        path = url.split("//", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
        lines.append(f"  {wire / 1e3:8.1f} kB wire {body / 1e3:8.1f} kB body {encoding or '-':5} /{path}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.weight", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an app already running (default: start one)")
    parser.add_argument("--fast", action="store_true", help="no network emulation")
    args = parser.parse_args(argv)
    conditions = None if args.fast else PHONE
    if args.url:
        print(report(first_visit(args.url, conditions=conditions)))
        return 0
    from tests.e2e import server

    for label, asgi in SERVINGS.items():
        with tempfile.TemporaryDirectory() as tmp:
            with server.running(ROOT / "app.py", Path(tmp), env={"MAP_TILES": "none"}, asgi=asgi) as app:
                first_visit(app.url, conditions=None)  # the first session opens the store; not measured
                print(f"{label}:\n" + report(first_visit(app.url, conditions=conditions)), flush=True)
    print(f"goal: sites drawn within {GOAL_SECONDS:.0f} s (it was 20.3 s before any of this work)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
