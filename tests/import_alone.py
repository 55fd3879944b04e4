"""Import each module named on the command line alone, in a process that has imported none of the app:

    python -m tests.import_alone geo.status geo.sites.ward ...

prints one JSON object, each module's name to "" (it imported) or the end of its traceback.

A new interpreter for each module cost about 0.18 s, most of it importing the same third-party libraries
again.  Here a first child imports every module and reports which other modules that took; this
process imports those (never a module of the app), then forks one child per module.  Each child
starts with no module of the app imported, as a fresh interpreter does, so an import that works only
after another has run first (a cycle, say) fails in it just the same."""
from __future__ import annotations

import importlib
import json
import os
import sys
import traceback

APP = ("geo", "ui", "web", "tests", "app", "server", "pages", "scripts", "bench")


def _in_child(work) -> str:
    """Run `work()` in a forked child; return the str it returned, or the end of its traceback."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            out = work()
        except BaseException:  # noqa: BLE001  (whatever the import raised is the answer)
            out = "\n".join(traceback.format_exc().splitlines()[-25:]) or "failed"
        with os.fdopen(write, "w") as pipe:
            pipe.write(out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        out = pipe.read()
    os.waitpid(pid, 0)
    return out


def _import(name: str) -> str:
    importlib.import_module(name)
    return ""


def _libraries(modules: list[str], own: set[str]) -> str:
    for name in modules:
        importlib.import_module(name)
    return json.dumps(sorted(name for name in sys.modules if name.partition(".")[0] not in own and name != "__main__"))


def main(modules: list[str]) -> dict[str, str]:
    own = set(APP) | {name.partition(".")[0] for name in modules}  # never imported here
    found = _in_child(lambda: _libraries(modules, own))
    try:
        libraries = json.loads(found)
    except ValueError:
        libraries = []  # one of them failed: each is tried alone below, and says why
    for name in libraries:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001  (only a head start: the child imports it again if it must)
            pass
    assert not [name for name in sys.modules if name.partition(".")[0] in own - {"tests"}], "the app was imported"
    return {name: _in_child(lambda name=name: _import(name)) for name in modules}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
