"""web/streamlit_env.py: Streamlit's STREAMLIT_* variables count under uvicorn as under `streamlit run`,
and the app as `make run` serves it never watches its source files (each session's watcher walked every
loaded module after each run: four times the server time for 50 new sessions, bench/load.py)."""
import os
import subprocess
import sys

import pytest
from streamlit import config

from geo.errors import WardError
from web import streamlit_env
from tests.conftest import ROOT  # the repository root, where .streamlit/ lives


@pytest.fixture
def restored():
    """Each option this test sets is put back as config.toml and the defaults had it."""
    before = {key: option.value for key, option in config.get_config_options().items()}
    yield
    for key, value in before.items():
        if config.get_option(key) != value:
            config.set_option(key, value)


@pytest.mark.parametrize("variable, raw, key, value", [
    ("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "20", "server.maxUploadSize", 20),
    ("STREAMLIT_SERVER_HEADLESS", "false", "server.headless", False),
    ("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "poll", "server.fileWatcherType", "poll"),
    ("STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS", "https://a.example https://b.example", "server.corsAllowedOrigins",
     ["https://a.example", "https://b.example"]),
])
def test_a_streamlit_variable_sets_its_option_as_the_cli_would(restored, variable, raw, key, value):
    assert streamlit_env.apply({variable: raw}) == [key]
    assert config.get_option(key) == value


def test_a_bad_value_stops_with_a_sentence_naming_the_variable(restored):
    with pytest.raises(WardError, match="STREAMLIT_SERVER_MAX_UPLOAD_SIZE='lots' is not a valid value"):
        streamlit_env.apply({"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "lots"})
    assert config.get_option("server.maxUploadSize") != "lots"


def test_other_variables_change_nothing(restored):
    assert streamlit_env.apply({"PATH": "/bin", "STREAMLIT_NO_SUCH_OPTION": "1"}) == []


def _served_option(key: str, env: dict[str, str]) -> str:
    """`key` as Streamlit sees it once server.py (what uvicorn imports) has loaded, in a fresh process."""
    code = f"import server; from streamlit import config; print(config.get_option({key!r}))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_the_served_app_watches_no_files_even_without_the_variable():
    assert _served_option("server.fileWatcherType", {}) == "none"


def test_the_served_app_takes_a_streamlit_variable_from_its_environment():
    assert _served_option("server.maxUploadSize", {"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "17"}) == "17"
