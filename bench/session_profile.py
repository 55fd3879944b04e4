"""Where a new resident session's server time goes: `python -m bench.session_profile`.

Starts one instance (bench/profiled_server.py: server.py with each script run
under cProfile), opens a few sessions one after another with the load
benchmark's websocket client, and prints the profile of the last new session's
first run (the caches are warm by then, as for any resident but the first)."""
from __future__ import annotations

import argparse
import asyncio
import io
import pstats
import tempfile
from pathlib import Path

from bench.load import crowd
from scripts.cluster import start_cluster


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.session_profile")
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--lines", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ward-profile.") as tmp:
        profiles = Path(tmp) / "profiles"
        profiles.mkdir()
        cluster = start_cluster(1, state=Path(tmp), env={"MAP_TILES": "none", "PROFILE_DIR": str(profiles)},
                                app="bench.profiled_server:app")
        try:
            url = f"http://{cluster.instances[0].address}"
            pid = cluster.instances[0].process.pid
            for _ in range(args.sessions):
                load = asyncio.run(crowd(url, 1, sticky=False, pids=[pid]))
                print(f"session: map after {load.times[0] * 1000:.0f} ms")
        finally:
            cluster.stop()
        last = max(profiles.glob("run-*.prof"), key=lambda p: int(p.stem.split("-")[1]))
        out = io.StringIO()
        stats = pstats.Stats(str(last), stream=out)
        print(f"script run of the last session: {stats.total_tt * 1000:.0f} ms")
        stats.sort_stats("cumulative").print_stats(args.lines)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
