"""Walkabout benchmarks: saving one stop through the store (p50, p99), cleaning a
12-megapixel phone photo (geo.walks.photo_cleaner: upright, shrunk, re-encoded without metadata),
and the server's peak memory while three such photos are re-encoded at once (goal: under 600 MB).

    .venv/bin/python -m bench.walks [--stops 200]
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, time as clock_time
from pathlib import Path

from geo.model import User
from geo.roles import Operator
from geo.status import Role
from geo.walks.walkabout import Parameter, Phase, Reason, RouteStop, StopEntry

PEAK_GOAL_MB = 600
AT_ONCE = 3
ROOT = Path(__file__).resolve().parent.parent
# In a process of its own, so its peak is the server's: the app's modules loaded as `server` loads
# them, then the photos re-encoded on threads at once, as three walkers' saves would be.
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through exec.
_PEAK = """
import json, sys, threading
import server  # noqa: F401  (the app as uvicorn serves it: its modules and their memory)
from geo.walks.photo_cleaner import clean
def kb(field):
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(field + ":"))
uploads = [open(path, "rb").read() for path in sys.argv[1:]]
before = kb("VmHWM")
threads = [threading.Thread(target=clean, args=(u,)) for u in uploads]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"before_mb": before / 1024, "peak_mb": kb("VmHWM") / 1024}))
"""

LEADER = User("bench.safety", Role.COMMUNITY_SAFETY)
WALKER = User("bench.cwg", Role.CWG)


def time_stop_saves(state_dir: Path, stops: int) -> dict[str, float]:
    """Milliseconds to save one stop (p50, p99) on a fresh SQLite store seeded with the ward."""
    from geo.db import Store
    from geo.db.seed import seed_from_ward
    from geo.settings import load
    from geo.sites.ward import load_ward

    settings = load({"STATE_DIR": str(state_dir)})
    ward = load_ward(settings.data_dir)
    with Store.open(settings.database_url, ward, settings=settings) as store:
        seed_from_ward(store, ward)
        for user in (LEADER, WALKER):
            store.accounts.add_user(Operator("bench"), user.name, user.role, "the bench's long password")
        walk = store.walks.plan(LEADER, title="Bench walk", on=date(2026, 2, 19), starts=clock_time(18, 30),
                                phase=Phase.AFTER_DARK, route=[RouteStop(s.site_id, 0, 0, "") for s in store.sites()],
                                invited=(WALKER.role,))  # the walker's role may record on it (geo.roles)
        entry = StopEntry(0, None, None, None, scores={p: 1 for p in Parameter}, reasons=(Reason.BADLY_LIT,),
                          felt_safe=False, why="Lamp out, nobody about", positives="New gate", finding="Fix the lamp")
        times = []
        for i in range(stops):
            start = time.perf_counter()
            store.walks.record_stop(WALKER, walk.id, replace(entry, route_seq=i % len(walk.route)))
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p99": times[min(len(times) - 1, round(0.99 * len(times)) - 1)]}


def phone_photo() -> bytes:
    """A 4000 x 3000 (12 MP) JPEG carrying EXIF and GPS, of noise: as hard to compress as a real photo."""
    from PIL import Image

    image = Image.effect_noise((4000, 3000), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 31.0, 36.6)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def peak_memory_of_cleans(folder: Path, at_once: int = AT_ONCE) -> dict[str, float]:
    """The server process's memory (MB) with its modules loaded, and at its peak while `at_once`
    12-megapixel photos are re-encoded at the same time."""
    upload = phone_photo()
    paths = []
    for i in range(at_once):
        paths.append(folder / f"photo{i}.jpg")
        paths[-1].write_bytes(upload)
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", _PEAK, *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_photo_clean(repeat: int = 3) -> float:
    """Milliseconds to clean a 4000 x 3000 (12 MP) JPEG carrying EXIF and GPS (best of `repeat`)."""
    from geo.walks.photo_cleaner import clean

    upload = phone_photo()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        clean(upload)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as state:
        saves = time_stop_saves(Path(state), args.stops)
    print(f"save one walk stop (SQLite, {args.stops} stops): p50 {saves['p50']:.1f} ms, p99 {saves['p99']:.1f} ms")
    print(f"clean a 12-megapixel phone photo: {time_photo_clean():.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        memory = peak_memory_of_cleans(Path(folder))
    met = "met" if memory["peak_mb"] < PEAK_GOAL_MB else "MISSED"
    print(f"server's peak memory, {AT_ONCE} 12-megapixel photos re-encoded at once: {memory['peak_mb']:.0f} MB "
          f"(modules loaded: {memory['before_mb']:.0f} MB; goal < {PEAK_GOAL_MB} MB: {met})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
