"""server.py with every script run profiled (cProfile), for bench/session_profile.py.
Each run's statistics go to $PROFILE_DIR/run-<n>.prof."""
import cProfile
import itertools
import os
from pathlib import Path

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

from server import app  # noqa: F401  (the app uvicorn serves)

_runs = itertools.count(1)
_plain_run = ScriptRunner._run_script


def _profiled_run(self, rerun_data):
    profile = cProfile.Profile()
    profile.enable()
    try:
        return _plain_run(self, rerun_data)
    finally:
        profile.disable()
        profile.dump_stats(Path(os.environ["PROFILE_DIR"]) / f"run-{next(_runs)}.prof")


ScriptRunner._run_script = _profiled_run
