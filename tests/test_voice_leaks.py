"""No raw point, single report or report time leaves the server: residents report at known coordinates at a
known moment, then every public route, public page (what AppTest would send the browser, every element's
message), export, feed, Open311 answer and the progress report is searched for those coordinates, to 4
decimal places, and for the moment.  None is found.  (The browser's websocket frames are searched too, in
tests/e2e/test_voice.py.)  The same search run before the reports finds nothing either, so a hit could only
be a leak, and the published square does show up: the search reads what residents read."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.applications import Starlette

from geo import clock, navigation
from tests.asgi import get
from tests.conftest import text_of


def _moment() -> datetime:
    """When every report below arrives: 45 days ago (well inside the time reports are kept), and 12 hours off
    the clock, so no page's own "updated at 04:17" can match the report's time while the suite runs."""
    real = datetime.now(UTC)
    return (real - timedelta(days=45)).replace(hour=(real.hour + 12) % 24, minute=17, second=29, microsecond=0)


MOMENT = _moment()
# Five near one another (the middle of one 100 m square, away from every site), and one alone to the north.
CLUSTER = [(-0.14404 + 0.00002 * i, 51.52627 + 0.00001 * i) for i in range(5)]
LONELY = (-0.14893, 51.53312)
CLIENTS = [f"203.0.113.{10 + i}" for i in range(6)]


def _pattern(lon: float, lat: float) -> str:
    """The point to 4 decimal places (rounded or cut), longitude then latitude or the other way round, with at
    most a few characters between them: JSON, CSV, Leaflet's {"lat":..,"lng":..} or text.  A single number
    alone would match one of the ward boundary's hundreds of vertices."""
    def four(value: float) -> str:
        return "(?:" + "|".join({re.escape(f"{value:.4f}"), re.escape(f"{int(value * 1e4) / 1e4:.4f}")}) + r")\d*"

    gap = r"[^0-9]{1,24}"
    return f"{four(lon)}{gap}{four(lat)}|{four(lat)}{gap}{four(lon)}"


def _needles() -> dict[str, re.Pattern]:
    found = {f"point {lon}, {lat}": re.compile(_pattern(lon, lat)) for lon, lat in CLUSTER + [LONELY]}
    moment = {str(int(MOMENT.timestamp()))}
    for at in (MOMENT, MOMENT.astimezone(clock.LONDON)):  # as stored, and as a page would write it
        moment |= {f"{at:%Y-%m-%d}", f"{at:%H:%M}", f"{at.day} {at:%B %Y}"}
    return found | {f"the moment as {m}": re.compile(re.escape(m)) for m in moment} | {
        f"address {c}": re.compile(re.escape(c)) for c in CLIENTS}


def _walk(node, out: list[str]) -> None:
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(str(proto))
    for child in getattr(node, "children", {}).values():
        _walk(child, out)


def _pages(app) -> list[tuple[str, str]]:
    """(where, everything it sends) for every public page, and a site's panel."""
    seen = []
    for spec in navigation.PUBLIC_PAGES:
        at = app(spec.path)
        if spec is navigation.MAP:
            at.selectbox(key="site_choice").select("george-mews").run()
        parts = [text_of(at)]
        _walk(at._tree, parts)
        seen.append((f"page {spec.url_path}", "\n".join(parts)))
    return seen


def _routes(settings, store) -> list[tuple[str, str]]:
    import web
    from web.routes import OUR_PREFIXES

    options = web.options(settings)
    server = Starlette(routes=options["routes"], middleware=options["middleware"],
                       exception_handlers=options["exception_handlers"])
    fill = {"site_id": [s.site_id for s in store.sites()], "commitment_id": [c.id for c in store.plan().commitments]}
    fill["request_id"] = fill["commitment_id"]
    seen = []
    for route in server.routes:
        names = re.findall(r"{(\w+)[}:]", route.path)
        if "rest" in names or "ref" in names:  # 404s below our prefixes; photos (none is published here)
            continue
        if route.path.startswith(("/recorder", "/api/")):  # the walk recorder: below, as a stranger sees it
            continue
        for value in (fill[names[0]] if names else [None]):
            path = route.path.replace(f"{{{names[0]}}}", value) if names else route.path
            reply = get(server, path)
            # A bare prefix (/opendata) is a 404 with a sentence: its body is searched all the same.
            assert reply.status == (404 if path.strip("/") in OUR_PREFIXES else 200), (path, reply.text)
            seen.append((f"route {path}", reply.body.decode("utf-8", "replace")))
    for path in ("/recorder/", "/recorder/recorder.js", "/api/session", "/api/recorder/walks"):
        seen.append((f"route {path}", get(server, path).body.decode("utf-8", "replace")))
    options["lifespan"].__self__.close()
    return seen


def _exports(tmp_path: Path) -> list[tuple[str, str]]:
    from geo.__main__ import main

    tmp_path.mkdir(parents=True)
    seen = []
    for what, formats in {"sites": ("geojson", "csv", "gpkg"), "annotations": ("geojson", "csv"),
                          "plan": ("csv",)}.items():
        for fmt in formats:
            out = tmp_path / f"{what}.{fmt}"
            assert main(["export", "--format", fmt, "--what", what, "--out", str(out)]) == 0
            seen.append((f"export {what} {fmt}", out.read_bytes().decode("latin-1")))
    report = tmp_path / "report.html"
    assert main(["report", "--out", str(report), "--since", "2026-01-01"]) == 0
    seen.append(("progress report", report.read_text(encoding="utf-8")))
    return seen


def _everything(app, settings, store, tmp_path) -> list[tuple[str, str]]:
    return _pages(app) + _routes(settings, store) + _exports(tmp_path)


def _hits(seen) -> list[tuple[str, str]]:
    needles = _needles()
    return [(where, name) for where, text in seen for name, needle in needles.items() if needle.search(text)]


@pytest.fixture
def reported(app, ward, monkeypatch, tmp_path):
    from geo.commands import open_store
    from geo.settings import load

    app()  # the first start loads the ward
    settings = load()
    with open_store(settings, ward) as store:
        before = _everything(app, settings, store, tmp_path / "before")
        with monkeypatch.context() as moved:
            moved.setattr(clock, "utc_now", lambda: MOMENT)
            moved.setattr(clock, "now", lambda: MOMENT.astimezone(clock.LONDON))
            for client, (lon, lat) in zip(CLIENTS, CLUSTER + [LONELY], strict=True):
                store.voice.report(client, reasons=["badly_lit", "isolated"], time_of_day="after_dark",
                                   when_felt="this_month", lon=lon, lat=lat, seconds_open=30)
                store.voice.give_verdict(client, "still_a_problem", site_id="george-mews")
        after = _everything(app, settings, store, tmp_path / "after")
        square = store.voice.aggregate().areas[0].cell
    return before, after, square


def test_no_point_time_or_address_of_a_report_is_in_any_page_route_export_feed_or_report(reported):
    before, after, square = reported
    assert _hits(before) == []  # the search finds nothing by chance
    assert _hits(after) == []
    shown = [where for where, text in after if square.name in text]
    assert "page feel-unsafe" in shown and "progress report" in shown  # what is published is there to find
    lon, lat = square.corners()[0]
    corner = re.compile(_pattern(lon, lat))
    assert any(corner.search(text) for where, text in after if where == "page feel-unsafe")  # the map is searched


@pytest.mark.parametrize("leak", ['{"lat": 51.52627, "lng": -0.14404}', "-0.14404,51.52627", "[-0.1440, 51.5263]",
                                  "51.5263, -0.1440", "Point 51.52627, -0.14404"])
def test_the_search_would_find_the_point_written_any_usual_way(leak):
    assert re.search(_pattern(*CLUSTER[0]), leak)
