"""What a visit to the map weighs, and how long its sites take to appear on a
slow phone link: `python -m bench.weight [--url URL]`.

Chromium's network emulation (CDP Network.emulateNetworkConditions: 1.6 Mbit/s
down, 750 kbit/s up, 150 ms latency); a request to any other host than the
app's own is counted (`elsewhere`), which should stay 0.  A first visit starts with
an empty cache; the second is the same browser opening the map again, its
cache kept.  Reported for each: seconds from navigation to every site marker
drawn (the bare page: to its empty map drawn), responses that came over the
network (not from the browser's cache), bytes on the wire (as encoded) and
uncompressed, and the heaviest files.  Without --url it starts the app itself
(fresh SQLite, no tiles) twice, in the same run: the floor, a bare Streamlit
page with an empty map (bench/bare_app.py as st.App with web.options()), and the ward map as `make run`
serves it (server.py); the goals are against the floor."""
from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.page import ROOT

PHONE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
SITES = 7  # the ward's own sites, all drawn on the layer shown first
GOAL_SECONDS = 6.0  # first visit: sites drawn within 6 s ...
GOAL_RATIO = 1.15  # ... and within 1.15x the bare page's time to its empty map
GOAL_SECOND_VISIT = 50_000  # second visit: bytes on the wire
BARE, WARD = "bare page (empty st_folium map, bench/bare_app.py)", "ward map as `make run` serves it (server.py)"
# The bare page through the browser tests' launcher (st.App with web.options(), run from a copy
# beside static/, as Streamlit serves the static folder next to the script).
SERVINGS = {BARE: ("bench/bare_app.py", None, 0), WARD: ("app.py", "server:app", SITES)}
MARKERS = ".leaflet-marker-icon"


@dataclass
class Visit:
    seconds: float
    wire: int = 0  # bytes transferred, as encoded
    body: int = 0  # bytes uncompressed
    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # url -> (wire, body, encoding)
    protocols: set[str] = field(default_factory=set)  # as Chromium reports them: http/1.1, h2

    @property
    def elsewhere(self) -> list[str]:
        """Responses from a host other than this machine (none, with no internet)."""
        from tests.e2e import driver

        return [url for url in self.files if not driver.is_local(url)]


def visits(url: str, *, markers: int = SITES, conditions: dict | None = PHONE, timeout: float = 120.0,
           browser_args: tuple[str, ...] = (), **context_options) -> tuple[Visit, Visit]:
    """A first visit to `url` in a fresh browser context over the emulated link, then a second
    in the same context with its cache; each timed to the sites drawn (`markers` of them; with
    none, to the empty map)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e import driver

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=driver.CHROMIUM, headless=True,
                                             args=[*driver.LAUNCH_ARGS, *browser_args])
        try:
            # Not driver.offline_context: Playwright's request routing turns Chromium's cache off,
            # and the second visit is about that cache.  The app's CSP names no other host.
            context = browser.new_context(viewport={"width": 390, "height": 844}, **context_options)
            first = _visit(context, url, markers, conditions, timeout, cache=False)
            second = _visit(context, url, markers, conditions, timeout, cache=True)
            context.close()
        finally:
            browser.close()
    return first, second


def first_visit(url: str, *, markers: int = SITES, conditions: dict | None = PHONE, timeout: float = 120.0) -> Visit:
    return visits(url, markers=markers, conditions=conditions, timeout=timeout)[0]


def _visit(context, url: str, markers: int, conditions: dict | None, timeout: float, *, cache: bool) -> Visit:
    from tests.e2e import driver

    page = context.new_page()
    visit = Visit(0.0)
    _record(context, page, visit, conditions, cache=cache)
    start = time.perf_counter()
    page.goto(url, timeout=timeout * 1000)
    frame = driver.map_frame(page, timeout=timeout * 1000)
    wanted = [MARKERS, markers] if markers else [".leaflet-container", 1]  # the bare page: its empty map
    frame.wait_for_function("([s, n]) => document.querySelectorAll(s).length >= n", arg=wanted, polling=50,
                            timeout=timeout * 1000)
    visit.seconds = time.perf_counter() - start
    page.wait_for_timeout(500)  # let the last responses finish reporting their sizes
    page.close()
    return visit


def _record(context, page, visit: Visit, conditions: dict | None, *, cache: bool = False) -> None:
    """Emulate the link on the page (and its map iframe, same process) and count every response
    that came over the network; with `cache`, the browser's cache answers what it can."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": not cache})
    if conditions:
        cdp.send("Network.emulateNetworkConditions", conditions)
    responses: dict[str, dict] = {}

    def on_response(event):
        r = event["response"]
        if r.get("fromDiskCache") or r.get("fromPrefetchCache") or r.get("fromServiceWorker"):
            return  # answered by the browser itself: nothing on the wire
        encoding = {k.lower(): v for k, v in r.get("headers", {}).items()}.get("content-encoding", "")
        responses[event["requestId"]] = {"url": r["url"], "encoding": encoding}
        visit.protocols.add(r.get("protocol", "?"))

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
    lines = [f"sites drawn after {visit.seconds:.1f} s; {visit.wire / 1e3:.0f} kB on the wire, "
             f"{sum(b for _w, b, _e in visit.files.values()) / 1e3:.0f} kB uncompressed, "
             f"{len(visit.files)} responses, {len(visit.elsewhere)} from elsewhere"]
    heaviest = sorted(visit.files.items(), key=lambda item: -item[1][0])[:top]
    for url, (wire, body, encoding) in heaviest:
        path = url.split("//", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
        lines.append(f"  {wire / 1e3:8.1f} kB wire {body / 1e3:8.1f} kB body {encoding or '-':5} /{path}")
    return "\n".join(lines)


def table(results: dict[str, tuple[Visit, Visit]]) -> str:
    """One row per serving and visit, then the goals against the bare page."""
    lines = ["over 1.6 Mbit/s and 150 ms (Chromium's emulation)",
             f"{'page':<52}{'visit':<8}{'drawn s':>8}{'responses':>10}{'wire kB':>9}{'body kB':>9}"]
    for page, pair in results.items():
        for name, visit in zip(("first", "second"), pair, strict=True):
            lines.append(f"{page:<52}{name:<8}{visit.seconds:>8.1f}{len(visit.files):>10}{visit.wire / 1e3:>9.0f}"
                         f"{sum(b for _w, b, _e in visit.files.values()) / 1e3:>9.0f}")
    if BARE in results and WARD in results:
        (bare, _), (first, second) = results[BARE], results[WARD]
        ratio = first.seconds / bare.seconds
        met = ratio <= GOAL_RATIO and first.seconds <= GOAL_SECONDS
        lines.append(f"first visit: sites drawn after {first.seconds:.1f} s, {ratio:.2f}x the bare page's empty map "
                     f"(goal: at most {GOAL_RATIO}x and {GOAL_SECONDS:.0f} s) {'met' if met else 'NOT met'}")
        light = second.wire < GOAL_SECOND_VISIT
        lines.append(f"second visit: {len(second.files)} responses, {second.wire / 1e3:.1f} kB on the wire "
                     f"(goal: under {GOAL_SECOND_VISIT / 1e3:.0f} kB) {'met' if light else 'NOT met'}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.weight", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an app already running (default: start one)")
    parser.add_argument("--fast", action="store_true", help="no network emulation")
    args = parser.parse_args(argv)
    conditions = None if args.fast else PHONE
    if args.url:
        first, second = visits(args.url, conditions=conditions)
        print(f"first visit: {report(first)}\nsecond visit: {report(second)}")
        return 0
    from tests.e2e import server

    results = {}
    for label, (script, asgi, markers) in SERVINGS.items():
        with tempfile.TemporaryDirectory() as tmp:
            with server.running(ROOT / script, Path(tmp), env={"MAP_TILES": "none"}, asgi=asgi) as app:
                visits(app.url, markers=markers, conditions=None)  # the first session opens the store; not measured
                results[label] = visits(app.url, markers=markers, conditions=conditions)
        print(f"{label}, first visit: {report(results[label][0])}", flush=True)
    print(table(results))
    if BARE in results and WARD in results:
        print(beyond_the_floor(results[WARD][0], results[BARE][0]))
    return 0


def beyond_the_floor(visit: Visit, floor: Visit) -> str:
    """What `visit` fetched that the bare page did not: the cost of the ward map's own elements."""
    def path(url: str) -> str:
        return "/" + url.split("//", 1)[-1].split("/", 1)[-1].split("?", 1)[0]

    bare = {path(url) for url in floor.files}
    extra = sorted(((path(url), wire) for url, (wire, _b, _e) in visit.files.items() if path(url) not in bare),
                   key=lambda item: -item[1])
    lines = [f"first visit, beyond the bare page: {len(extra)} responses, {sum(w for _p, w in extra) / 1e3:.0f} kB"]
    lines += [f"  {wire / 1e3:6.1f} kB {name}" for name, wire in extra]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
