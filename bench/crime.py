"""The crime and action-plan pages with the shipped crime file and with a
generated one of about 20 MB (the largest upload the admin page takes).

    .venv/bin/python -m bench.crime [--megabytes 20] [--repeat 5]

Each page is run by Streamlit's AppTest, alternating between a database with
the shipped file and one with the generated file (a warm-up run, then three
timed reruns, `repeat` times each).  The best run is compared (a busy machine
only ever adds time); medians are shown too.  The pages read the monthly summary the store
keeps (months x offence groups), not every count, so the goal is each page
within 1.2x of its time with the shipped file.  Uses a throwaway SQLite
database; nothing in var/ is touched.
"""
from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.page import app_settings

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"Recorded crime": "pages/crime.py", "Action plan": "pages/action_plan.py"}
GOAL = 1.2
MAJORS = ("DRUG OFFENCES", "VIOLENCE AGAINST THE PERSON", "BURGLARY", "ARSON AND CRIMINAL DAMAGE", "ROBBERY",
          "THEFT", "VEHICLE OFFENCES", "PUBLIC ORDER OFFENCES", "SEXUAL OFFENCES", "POSSESSION OF WEAPONS")


def generated_crime_csv(ward, months: list[str], megabytes: float, *, seed: int = 7) -> str:
    """An MPS ward crime CSV for `ward` of about `megabytes`: the shipped file's months,
    and as many made-up offence types (long names, as real ones can be) as it takes."""
    rng = random.Random(seed)
    header = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName," + ",".join(m.replace("-", "") for m in months)
    lines, size, i = [header], len(header), 0
    while size < megabytes * 1024 * 1024:
        major = MAJORS[i % len(MAJORS)]
        minor = f"GENERATED OFFENCE TYPE {i:07d} FOR THE BENCHMARK NAMED AS LONG AS SOME REAL ONES ARE"
        counts = ",".join(str(rng.randint(0, 12)) for _ in months)
        line = f'{major},{minor},"{ward.name}",{ward.code},Camden,{counts}'
        lines.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(lines) + "\n"


def time_page(state_dir: Path, page: str, reruns: int = 3) -> list[float]:
    """Seconds for each of `reruns` AppTest reruns of `page` on the database in `state_dir`,
    after a warm-up run that opens the store."""
    from streamlit.testing.v1 import AppTest

    with app_settings(state_dir):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        at.switch_page(page)
        at.run()
        took = []
        for _ in range(reruns):
            start = time.perf_counter()
            at.run()
            took.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{page} failed: {[e.value for e in at.exception]}")
    return took


def load_generated(state_dir: Path, data_dir: Path, megabytes: float) -> str:
    """Seed a store in `state_dir`, then import a generated crime file over the shipped
    months, as an administrator would.  A line saying what was loaded and how long it took."""
    from geo.crime.offences import MonthlyTotals, parse_crime_csv
    from geo.db import Store
    from geo.db.seed import seed_from_ward
    from geo.model import User
    from geo.status import Role
    from geo.sites.ward import load_ward

    ward = load_ward(data_dir)

    with Store.open(f"sqlite:///{state_dir / 'ward.db'}", ward) as store:
        seed_from_ward(store, ward)
        text = generated_crime_csv(ward, list(store.crime_totals().months), megabytes)
        start = time.perf_counter()
        rows = parse_crime_csv(text, ward.code, name="generated.csv")
        parsed = time.perf_counter() - start
        store.replace_crime(User("bench.admin", Role.ADMIN), rows, reason="python -m bench.crime")
        loaded = time.perf_counter() - start - parsed
        assert store.crime_totals() == MonthlyTotals.of(rows)
    return (f"Generated file: {len(text.encode()) / 1024 / 1024:.1f} MB, {len(rows):,} counts; "
            f"parsed in {parsed:.1f} s, loaded (counts and summary) in {loaded:.1f} s.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crime", description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=20.0, help="size of the generated crime file")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each page on each database")
    args = parser.parse_args(argv)

    from geo import settings
    from geo.db import Store
    from geo.db.seed import seed_from_ward
    from geo.sites.ward import load_ward

    ward = load_ward(settings.load().data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        shipped_dir, big_dir = Path(tmp) / "shipped", Path(tmp) / "generated"
        with Store.open(f"sqlite:///{shipped_dir / 'ward.db'}", ward) as store:
            seed_from_ward(store, ward)
        # The import runs in a process of its own, as an upload in another session would:
        # the pages are timed in a process that never held millions of rows.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            loaded = pool.submit(load_generated, big_dir, ward.data_dir, args.megabytes).result()
        # Alternate between the databases, so a busy machine slows both alike.
        times: dict[tuple[str, Path], list[float]] = {}
        for _ in range(max(args.repeat, 1)):
            for page in PAGES.values():
                for state_dir in (shipped_dir, big_dir):
                    times.setdefault((page, state_dir), []).extend(time_page(state_dir, page))

    print(loaded)
    runs = len(times[next(iter(PAGES.values())), shipped_dir])
    print(f"Page runs, best and median of {runs} (ms): shipped file | generated file | ratio of the bests")
    worst = 0.0
    for label, page in PAGES.items():
        (best, middle), (big_best, big_middle) = (
            (min(times[page, d]) * 1000, statistics.median(times[page, d]) * 1000) for d in (shipped_dir, big_dir))
        worst = max(worst, big_best / best)
        ratio = big_best / best
        print(f"  {label:<16}{best:>6.0f} {middle:>6.0f} |{big_best:>6.0f} {big_middle:>6.0f} |{ratio:>6.2f}x")
    print(f"Goal: each page within {GOAL}x of the shipped file: {'met' if worst <= GOAL else 'NOT met'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
