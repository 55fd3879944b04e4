"""Start and stop a Streamlit app for the browser tests and scripts/screenshot.py
the way the product runs (`make run`): as the ASGI application in server.py,
under uvicorn, on a free port; poll /_stcore/health until it answers,
terminate at the end.  Another script (a test fixture app) runs through a
small launcher that gives it the same st.App options (web.options): routes,
security headers, lifespan.

Each app gets its own STATE_DIR, so it starts on a fresh SQLite database."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator

from scripts.cluster import Child, free_port, wait_until_healthy
from web.request_limits import UVICORN_FLAGS

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass
class RunningApp:
    url: str  # http://localhost:PORT, no trailing slash
    state_dir: Path
    log: Path
    process: subprocess.Popen


# A fixture app's st.App, with the product's options.
_LAUNCHER = """import streamlit as st

import web

app = st.App({script!r}, **web.options())
"""


def start(script: Path, state_dir: Path, *, timeout: float = 60.0, env: dict[str, str] | None = None,
          asgi: str | None = None) -> RunningApp:
    """Serve `script` with uvicorn as server.py does app.py (or the uvicorn app `asgi` names);
    return once /_stcore/health answers."""
    state_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = state_dir / "streamlit.log"
    command = [
        sys.executable, "-m", "uvicorn", asgi or _asgi_app(Path(script), state_dir),
        "--app-dir", str(state_dir),
        "--host", "127.0.0.1",
        "--port", str(port),
        *UVICORN_FLAGS,  # as `make run`: oversized requests reach the app's 414 and 431
    ]
    child_env = {
        **os.environ,
        "STATE_DIR": str(state_dir),
        "DATABASE_URL": "",  # an SQLite file in STATE_DIR, whatever the caller's shell says
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "WARD_PUBLIC_URL": f"http://localhost:{port}",  # the address the tests open, for links in feeds and pages
        **(env or {}),
    }
    with log.open("wb") as out:
        # cwd is the repo root so Streamlit reads .streamlit/config.toml (static serving).
        process = subprocess.Popen(command, cwd=ROOT, env=child_env, stdout=out, stderr=subprocess.STDOUT)
    app = RunningApp(f"http://localhost:{port}", state_dir, log, process)
    try:
        wait_until_healthy(app.url, timeout, Child("the app", process, log), path="/_stcore/health")
    except BaseException:
        stop(app)
        raise
    return app


def stop(app: RunningApp) -> None:
    if app.process.poll() is None:
        app.process.terminate()
        try:
            app.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.process.kill()
            app.process.wait()


@contextmanager
def running(script: Path, state_dir: Path, **kwargs) -> Iterator[RunningApp]:
    app = start(script, state_dir, **kwargs)
    try:
        yield app
    finally:
        stop(app)


def _asgi_app(script: Path, state_dir: Path) -> str:
    """The uvicorn app for `script`: server:app for app.py, else a launcher module in state_dir."""
    script = script.resolve()
    if script == ROOT / "app.py":
        return "server:app"
    (state_dir / "launcher.py").write_text(_LAUNCHER.format(script=str(_beside_static(script, state_dir))))
    return "launcher:app"


def _beside_static(script: Path, state_dir: Path) -> Path:
    """Streamlit serves the static/ folder next to the script it runs.  A script
    elsewhere than the repo root (a test fixture app) runs from a copy placed
    beside a link to the repo's static/."""
    script = script.resolve()
    if script.parent == ROOT:
        return script
    folder = state_dir / "app"
    folder.mkdir(exist_ok=True)
    link = folder / "static"
    if not link.exists():
        link.symlink_to(ROOT / "static", target_is_directory=True)
    shutil.copyfile(script, folder / script.name)
    return folder / script.name
