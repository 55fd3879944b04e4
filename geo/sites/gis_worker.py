"""GeoPackages and zipped Shapefiles are read in a worker process, never in the server's own.

GDAL and SQLite do what a file asks, and a hostile or broken file can ask for hours of work
or gigabytes of memory.  So each upload is read by `python -m geo.sites.gis_worker` with limits
(ReadLimits): the worker caps its own address space (RLIMIT_AS) and CPU time (RLIMIT_CPU)
before it reads a byte, the layers and features are counted before they are read
(geo.sites.gis), and the caller stops the worker at the deadline.  A file that passes a
limit is refused with a sentence; the server never held the file's contents in memory and
goes on serving everyone else meanwhile.

    collection, notes = read_bounded(data, "gpkg", "sites.gpkg")   # or "zip"; DataError when refused

The worker reads the file on stdin and writes one JSON answer on stdout:
{"collection": ..., "notes": [...]} or {"refused": "the sentence"}."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from geo.errors import DataError

ROOT = Path(__file__).resolve().parent.parent.parent  # the checkout, which holds geo/
KINDS = ("gpkg", "zip")
ANSWER_MAX = 64 * 1024 * 1024  # bytes of JSON a worker may send back: far above any ward's sites
_QUIET_THREADS = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


@dataclass(frozen=True)
class ReadLimits:
    seconds: float = 30.0  # from start to answer, the worker's own start-up (about 1 s) included
    memory_mb: int = 1024  # the worker's whole address space; its libraries take about 500 MB
    layers: int = 10
    features: int = 5000


LIMITS = ReadLimits()


def read_bounded(data: bytes, kind: str, name: str, limits: ReadLimits = LIMITS) -> tuple[dict, list[str]]:
    """(the FeatureCollection, notes) in `data`, a GeoPackage ("gpkg") or zipped Shapefile ("zip"),
    read by a worker within `limits`.  DataError with a sentence when refused or stopped."""
    command = [sys.executable, "-m", "geo.sites.gis_worker", kind, name, json.dumps(asdict(limits))]
    env = {**os.environ, **_QUIET_THREADS,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          cwd=ROOT, env=env) as worker:
        try:
            out, _ = worker.communicate(data, timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            raise DataError(f"{name} took longer than {limits.seconds:g} seconds to read, so reading it was "
                            f"stopped and nothing was changed. {_SMALLER}") from None
    try:
        answer = json.loads(out)
    except ValueError:  # killed (past its CPU time, or by the system) or crashed before it could answer
        answer = {"refused": f"{name} could not be read: reading it was stopped before it finished, and "
                             f"nothing was changed. {_SMALLER}"}
    if "refused" in answer:
        raise DataError(answer["refused"])
    return answer["collection"], answer["notes"]


_SMALLER = "A ward's sites file is far smaller: export just the sites layer from your GIS and try again."


def _too_big(name: str, limits: ReadLimits) -> str:
    return (f"{name} needed more than the {limits.memory_mb} MB of memory an import may use, so reading it was "
            f"stopped and nothing was changed. {_SMALLER}")


# --- the worker ------------------------------------------------------------------------------


def _bound(limits: ReadLimits) -> None:
    import resource

    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, int(limits.seconds) + 1)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _answer(kind: str, name: str, limits: ReadLimits, data: bytes) -> dict:
    from geo.sites import gis

    try:
        if kind == "gpkg":
            collection, notes = gis.read_gpkg(data, name, max_layers=limits.layers, max_features=limits.features)
        elif kind == "zip":
            collection, notes = gis.read_shapefile_zip(data, name, max_features=limits.features)
        else:
            raise DataError(f"{name}: only a GeoPackage or a zipped Shapefile is read here.")
    except DataError as exc:
        return {"refused": str(exc)}
    except MemoryError:
        return {"refused": _too_big(name, limits)}
    return {"collection": collection, "notes": notes}


def main(argv: list[str]) -> int:
    kind, name, limits = argv[0], argv[1], ReadLimits(**json.loads(argv[2]))
    _bound(limits)
    data = sys.stdin.buffer.read()
    try:
        out = json.dumps(_answer(kind, name, limits, data)).encode()
    except MemoryError:
        out = b""
    if not out or len(out) > ANSWER_MAX:
        out = json.dumps({"refused": _too_big(name, limits)}).encode()
    sys.stdout.buffer.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
