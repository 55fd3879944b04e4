"""`python -m bench [--sizes 7,1000,10000] [--no-browser] [--repeat N]`.

Measures, at each size and at a floor measured in the same run: building the
map and its HTML, a full AppTest run of the map page, the bytes of map HTML,
gating updates through the store with 1 and 8 writers, and (in Chromium) the
time from navigation to the sites drawn.  Prints one table with the goals
marked met or missed.  A benchmark, not a test: it exits 0 either way.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.table import Row, count, format_table, ms, times

FLOOR = 0
NAIVE = 1000
STORE_SITES = 1000
WRITERS = 8
BROWSER_MAX = 1000  # the browser is timed at the sizes up to this one


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes takes whole numbers separated by commas, not '{text}'.") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("--sizes takes numbers of sites of 1 or more, e.g. 7,1000,10000.")
    return sizes


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure map building, page runs, HTML size, store latency and drawing time.")
    parser.add_argument("--sizes", type=_sizes, default=[7, 1000, 10000],
                        help="numbers of sites, comma-separated (default: 7,1000,10000; 7 uses the real sites)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs per measurement; the median is shown (default: 5)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return run(parser().parse_args(argv))
    except KeyboardInterrupt:
        return 130


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _label(n: int) -> str:
    return "0 (floor)" if n == FLOOR else count(n)


def _floor_label(shown: int) -> str:
    return f"{count(shown)} (floor)"


def _time_builds(ward, sites, sizes, repeat):
    """Median build time and HTML bytes of the map at each size, and of the naive map."""
    from bench import maps

    builders = {n: (lambda n=n: maps.page_map(ward, sites[n])) for n in sizes}
    builders["naive"] = lambda: maps.naive_map(ward, sites[NAIVE])
    built = {key: [] for key in builders}
    size_of = {}
    for round_ in range(repeat + 1):  # in turn, so drift on the machine falls on every size alike
        for key, make in builders.items():
            took, size_of[key] = maps.time_build(make, 1)
            if round_:  # round 0 warms up imports and templates
                built[key].append(took)
    return {key: statistics.median(v) for key, v in built.items()}, size_of


def run(args: argparse.Namespace) -> int:
    from bench.page import quiet_streamlit

    quiet_streamlit()  # before anything imports Streamlit

    from bench import page, store
    from bench.sites import sites_for, synthetic_sites
    from geo.plan.action_plan import load_plan
    from geo.settings import load
    from geo.sites.ward import load_ward

    repeat = max(1, args.repeat)
    started = time.perf_counter()
    ward = load_ward(load().data_dir)
    plan = load_plan(ward.path("plan"))
    sizes = [FLOOR] + args.sizes
    sites = {n: sites_for(ward, plan, n) for n in sorted(set(sizes) | {NAIVE})}
    rows: list[Row] = []

    _say(f"Building maps at {', '.join(count(n) for n in sizes)} sites and a naive map at {count(NAIVE)}...")
    build, size_of = _time_builds(ward, sites, sizes, repeat)

    with tempfile.TemporaryDirectory(prefix="ward-bench-") as tmp:
        work = Path(tmp)
        runs, sent = {}, {}
        for n in sizes:
            _say(f"Seeding a store with {count(n)} sites and running the map page...")
            store.seed_store(work / f"page-{n}", sites[n])
            runs[n], sent[n] = page.time_page(work / f"page-{n}", repeat)
        runs[FLOOR] += page.time_page(work / f"page-{FLOOR}", repeat)[0]  # the floor again, after the rest
        page_floor = store.sites_shown(work / f"page-{FLOOR}", ward)
        page_time = {n: statistics.median(v) for n, v in runs.items()}

        _say(f"Gating updates on a store of {count(STORE_SITES)} sites...")
        store.seed_store(work / "store", sites.get(STORE_SITES) or synthetic_sites(ward, STORE_SITES))
        updates = [
            store.time_updates(work / "store", ward, writers=1, updates_each=40 * repeat, same_site=False),
            store.time_updates(work / "store", ward, writers=WRITERS, updates_each=10 * repeat, same_site=False),
            store.time_updates(work / "store", ward, writers=WRITERS, updates_each=10 * repeat, same_site=True),
        ]

        drawn = {}
        if not args.no_browser:
            from bench.browser import time_drawing

            shown = [n for n in sizes if n <= BROWSER_MAX]
            _say(f"Loading the app in Chromium at {', '.join(count(n) for n in shown)} sites...")
            drawn = time_drawing(work, ward, {n: sites[n] for n in shown}, repeat)

    for n in sizes:
        goal = {1000: 1.5, 10000: 2.0}.get(n)  # issue 19: 10,000 sites at most twice the floor
        rows.append(Row("Map page, full AppTest run", _floor_label(page_floor) if n == FLOOR else count(n),
                        ms(page_time[n]), times(page_time[n], page_time[FLOOR]),
                        f"<= {goal}x floor" if goal else "", page_time[n] / page_time[FLOOR] <= goal if goal else None))
    for n in sizes:
        rows.append(Row("build_map + render HTML", _label(n), ms(build[n]), times(build[n], build[FLOOR])))
    rows.append(Row("naive map (Marker+tooltip+popup)", f"naive {count(NAIVE)}", ms(build["naive"]),
                    times(build["naive"], build[FLOOR])))
    for n in sizes:
        rows.append(Row("Map HTML", _label(n), f"{size_of[n]:,} B", times(size_of[n], size_of[FLOOR])))
    rows.append(Row("Map HTML", f"naive {count(NAIVE)}", f"{size_of['naive']:,} B",
                    times(size_of["naive"], size_of[FLOOR])))
    for n in [n for n in sizes if n] + ["naive"]:
        per = (size_of[n] - size_of[FLOOR]) / (NAIVE if n == "naive" else n)
        rows.append(Row("Map HTML per site, above floor", f"naive {count(NAIVE)}" if n == "naive" else _label(n),
                        f"{per:,.0f} B", "", "< 250 B" if n != "naive" else "", per < 250 if n != "naive" else None))
    for n in sizes:
        rows.append(Row("st_folium payload sent", _floor_label(page_floor) if n == FLOOR else count(n),
                        f"{sent[n]:,} B", times(sent[n], sent[FLOOR])))
    for n in [n for n in sizes if n >= 1000]:  # below that the page's fixed part outweighs the sites
        per = sent[n] / n
        rows.append(Row("st_folium payload per site", count(n), f"{per:,.0f} B", "", "< 100 B", per < 100))
    for u in updates:
        who = f"{u.writers} writer{'s' if u.writers > 1 else ''}" + (
            "" if u.writers == 1 else (", same site" if u.same_site else ", own sites"))
        retried = f", {u.retries} of {len(u.latencies)} answered StaleEdit" if u.same_site else ""
        rows.append(Row(f"Gating update p50 ({who})", count(STORE_SITES), ms(u.percentile(50))))
        goal = u.writers == WRITERS
        rows.append(Row(f"Gating update p99 ({who}{retried})", count(STORE_SITES), ms(u.percentile(99)), "",
                        "< 50 ms" if goal else "", u.percentile(99) < 0.050 if goal else None))
    for n, d in drawn.items():
        goal = n == 1000
        floor = drawn[FLOOR].seconds
        rows.append(Row("Chromium: navigation to sites drawn", _floor_label(d.sites) if n == FLOOR else count(n),
                        ms(d.seconds), times(d.seconds, floor),
                        "<= 1.3x empty map" if goal else "", d.seconds / floor <= 1.3 if goal else None))

    print(format_table(rows))
    app_floor = max([page_floor] + [d.sites for n, d in drawn.items() if n == FLOOR])
    print(f"\nMedians of {repeat} runs; floor = the same page with an empty map (0 sites)"
          + (f", except where the Sites column says '{_floor_label(app_floor)}': runs through the app, whose "
             f"floor is its first start, showing the ward's own {count(app_floor)} sites (the app fills an "
             f"empty database from the ward's files on first start)" if app_floor else "") + ". "
          f"Updates: closed loop, no pause between updates, threads sharing one Store on SQLite; "
          f"'own sites' = each writer updates its own site, 'same site' = all {WRITERS} contend on one, "
          f"each save attempt timed on its own, whether it saved or answered StaleEdit (the editor is shown "
          f"the newer values), then tried again with the current version. "
          f"Took {time.perf_counter() - started:.0f} s.")
    return 0
