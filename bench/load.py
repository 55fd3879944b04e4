"""Many residents at once: `python -m bench.load [--sessions 50,200]`.

N new sessions start at the same moment, each a websocket client speaking
Streamlit's protocol (what the browser does once its scripts have loaded): open
/_stcore/stream, send a BackMsg asking for a run of the default page, and read
ForwardMsgs until the map's component arrives and the run finishes.  Measured:

* time until each session has its map (p50, p95, max over the N);
* sessions per second: N over the time until the last one had it;
* server memory per session: the instances' RSS with all N connected, less their
  RSS before, over N;
* where the two cores went: CPU seconds of the instances and of this client
  (which shares the machine: on 2 cores it caps what a second instance can add).

The ward map is served as `make run` serves it (uvicorn server:app, one
instance on PostgreSQL, no proxy) and as a cluster of two behind nginx
(scripts/cluster.py), where every session carries its own sticky key.  Its
floor is the fastest bare Streamlit page with an empty map (bench/bare_app.py)
this machine can serve, measured in the same run every way Streamlit serves
it (FLOORS: uvicorn, `streamlit run` of the st.App, `streamlit run` of the
plain script); the goals are against the fastest of them.  Browsers' downloads are not part of
this (see bench/weight.py); a benchmark, not a test."""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from scripts.cluster import ROOT, Child, free_port, instance_python, start_cluster, wait_until_healthy

MAP_COMPONENT = "streamlit_folium.st_folium"
WARD_MAP, WARD_MAP_APP = "ward map (uvicorn server:app, as make run)", "server:app"
# The floor: the bare page (bench/bare_app.py) served every way Streamlit can serve it; the
# fastest in the same run is the floor (arguments for `python -m`; {port} is filled in).
FLOORS = {
    "bare page, uvicorn st.App (+ web.options)":
        ("uvicorn", "bench.bare_server:app", "--host", "127.0.0.1", "--port", "{port}", "--no-access-log"),
    "bare page, streamlit run st.App":
        ("streamlit", "run", "bench/bare_server.py", "--server.address", "127.0.0.1", "--server.port", "{port}"),
    "bare page, streamlit run script":
        ("streamlit", "run", "bench/bare_app.py", "--server.address", "127.0.0.1", "--server.port", "{port}"),
}
GOAL_TIME = 1.2  # one instance: all sessions have the map within 1.2x the fastest bare page's time
GOAL_SCALE = 1.7  # two instances: at least 1.7x the sessions per second of one


@dataclass(frozen=True)
class Load:
    times: list[float]  # seconds to the map, per session
    wall: float  # seconds until the last session had its map
    rss_per_session: float  # bytes
    server_cpu: float = 0.0  # CPU seconds the instances spent, start to last map
    client_cpu: float = 0.0  # CPU seconds this client spent

    @property
    def rate(self) -> float:
        return len(self.times) / self.wall

    def quantile(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def one_session(url: str, key: str | None, start_line: asyncio.Event, connected: asyncio.Event,
                      hold: asyncio.Event, started_at: list[float]) -> float:
    """Seconds from the common start to this session's map; keeps the socket open until `hold`."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    headers = {"Cookie": f"ward_instance={key}"} if key else {}
    await start_line.wait()
    address = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    async with websockets.connect(address, subprotocols=["streamlit"], additional_headers=headers,
                                  max_size=None, open_timeout=300, ping_timeout=None) as ws:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        rerun.rerun_script.page_script_hash = ""
        await ws.send(rerun.SerializeToString())
        has_map = None
        while True:
            message = ForwardMsg()
            message.ParseFromString(await ws.recv())
            kind = message.WhichOneof("type")
            if kind == "delta" and _is_map(message.delta):
                has_map = time.perf_counter() - started_at[0]
            if kind == "script_finished":
                break
        if has_map is None:
            raise RuntimeError("a session finished its run without a map")
        connected.set()
        await hold.wait()
        return has_map


def _is_map(delta) -> bool:
    if delta.WhichOneof("type") != "new_element":
        return False
    element = delta.new_element
    return (element.WhichOneof("type") == "component_instance"
            and element.component_instance.component_name == MAP_COMPONENT)


async def crowd(url: str, n: int, *, sticky: bool, pids: list[int]) -> Load:
    """`n` sessions at once against `url`."""
    start_line, hold = asyncio.Event(), asyncio.Event()
    done = [asyncio.Event() for _ in range(n)]
    started_at = [0.0]
    tasks = [asyncio.create_task(one_session(url, uuid.uuid4().hex if sticky else None, start_line, d, hold,
                                             started_at)) for d in done]
    before = sum(rss(p) for p in pids)
    cpu_before, client_before = sum(cpu(p) for p in pids), time.process_time()
    started_at[0] = time.perf_counter()
    start_line.set()
    waiting = asyncio.gather(*(d.wait() for d in done))
    failed = asyncio.gather(*tasks)  # raises at once if a session fails
    await asyncio.wait([asyncio.ensure_future(waiting), asyncio.ensure_future(failed)],
                       return_when=asyncio.FIRST_COMPLETED)
    if failed.done() and failed.exception():
        raise failed.exception()
    wall = time.perf_counter() - started_at[0]
    after = sum(rss(p) for p in pids)
    server_cpu, client_cpu = sum(cpu(p) for p in pids) - cpu_before, time.process_time() - client_before
    hold.set()
    times = await failed
    return Load(times, max(times) if times else wall, max(after - before, 0) / n, server_cpu, client_cpu)


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(app: str, instances: int, n: int, work: Path) -> Load:
    """A fresh cluster of `instances` running `app` as `make run` serves it (uvicorn); one session
    first per instance (opens the store, warms the caches), then `n` at once: at the instance
    itself when alone, else through nginx."""
    cluster = start_cluster(instances, state=work / f"{app.split(':')[0]}-{instances}-{n}",
                            env={"MAP_TILES": "none"}, app=app)
    try:
        url = f"http://{cluster.instances[0].address}" if instances == 1 else cluster.url
        return _warm_then_crowd(url, n, sticky=instances > 1, pids=[c.process.pid for c in cluster.instances],
                                warm=instances * 2)
    finally:
        cluster.stop()


def measure_floor(serving: str, n: int, work: Path) -> Load:
    """The bare page (bench/bare_app.py) as FLOORS[serving] serves it: a process of its own, no database."""
    folder = work / f"floor-{list(FLOORS).index(serving)}-{n}"
    folder.mkdir(parents=True)
    port = free_port()
    command = [instance_python(), "-m", *(word.format(port=port) for word in FLOORS[serving])]
    env = {**os.environ, "STATE_DIR": str(folder), "MAP_TILES": "none", "STREAMLIT_SERVER_HEADLESS": "true",
           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    log = folder / "server.log"
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    child = Child(serving, process, log, f"127.0.0.1:{port}")
    try:
        url = f"http://{child.address}"
        wait_until_healthy(url, 120, child, path="/_stcore/health")
        return _warm_then_crowd(url, n, sticky=False, pids=[process.pid], warm=2)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _warm_then_crowd(url: str, n: int, *, sticky: bool, pids: list[int], warm: int) -> Load:
    for _ in range(warm):
        asyncio.run(crowd(url, 1, sticky=sticky, pids=pids))
    return asyncio.run(crowd(url, n, sticky=sticky, pids=pids))


def table(results: dict[tuple[str, int], Load], n: int) -> str:
    """Rows for `n` sessions: each floor serving, the ward map on one instance and on two."""
    lines = [f"{n} simultaneous sessions: seconds until each has its map; memory per session",
             f"{'where':<28}{'page':<44}{'p50 s':>7}{'p95 s':>7}{'max s':>7}{'sess/s':>8}{'MB/sess':>9}"
             f"{'server CPU s':>14}{'client CPU s':>14}"]
    for (page, instances), load in results.items():
        where = "one instance" if instances == 1 else f"{instances} instances behind nginx"
        lines.append(f"{where:<28}{page:<44}{load.quantile(0.5):>7.2f}{load.quantile(0.95):>7.2f}"
                     f"{max(load.times):>7.2f}{load.rate:>8.1f}{load.rss_per_session / 1e6:>9.2f}"
                     f"{load.server_cpu:>14.1f}{load.client_cpu:>14.1f}")
    floors = {page: load for (page, _), load in results.items() if page in FLOORS}
    ours = results.get((WARD_MAP, 1))
    if ours and floors:
        fastest = min(floors, key=lambda page: max(floors[page].times))
        ratio = max(ours.times) / max(floors[fastest].times)
        lines.append(f"one instance, all {n} have the map: {ratio:.2f}x the fastest bare page's time "
                     f"({fastest}, same run; goal: at most {GOAL_TIME}x) {'met' if ratio <= GOAL_TIME else 'NOT met'}")
    two = results.get((WARD_MAP, 2))
    if ours and two:
        scale = two.rate / ours.rate
        lines.append(f"two instances: {scale:.2f}x the sessions per second of one "
                     f"(goal: at least {GOAL_SCALE}x) {'met' if scale >= GOAL_SCALE else 'NOT met'}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="50,200", help="crowd sizes (default 50,200)")
    parser.add_argument("--instances", default="1,2", help="cluster sizes for the ward map (default 1,2)")
    args = parser.parse_args(argv)
    tables = []
    with tempfile.TemporaryDirectory(prefix="ward-load.") as tmp:
        for n in [int(x) for x in args.sessions.split(",")]:
            results: dict[tuple[str, int], Load] = {}
            for serving in FLOORS:
                results[(serving, 1)] = measure_floor(serving, n, Path(tmp))
                print(f"  {n} sessions: measured the bare page, {serving}", flush=True)
            for instances in [int(x) for x in args.instances.split(",")]:
                results[(WARD_MAP, instances)] = measure(WARD_MAP_APP, instances, n, Path(tmp))
                print(f"  {n} sessions: measured the ward map on {instances} instance(s)", flush=True)
            tables.append(table(results, n))
    print("\n\n".join(tables))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
