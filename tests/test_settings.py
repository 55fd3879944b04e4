"""Settings: declared once, read from the environment, refused in one clear line."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo import settings
from geo.errors import DataError

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_work_on_a_fresh_machine():
    config = settings.load({})
    assert config.data_dir == ROOT / "data"
    assert config.database_url == f"sqlite:///{ROOT / 'var' / 'ward.db'}"
    assert config.signin_max_failures == 5


def test_environment_overrides_and_empty_means_default(tmp_path):
    config = settings.load({"STATE_DIR": str(tmp_path), "SIGNIN_LOCK_SECONDS": "60", "MAP_TILES": ""})
    assert config.database_url == f"sqlite:///{tmp_path / 'ward.db'}"
    assert config.signin_lock_seconds == 60
    assert config.map_tiles == "OpenStreetMap"


@pytest.mark.parametrize("value", ["five", "0", "-3", "2.5"])
def test_a_bad_number_is_one_sentence_naming_the_setting(value):
    with pytest.raises(DataError, match=f"^The setting SIGNIN_MAX_FAILURES must be a whole number from 1 up, not '{value}'.$"):
        settings.load({"SIGNIN_MAX_FAILURES": value})


def test_a_command_with_a_bad_setting_prints_one_line_and_no_traceback(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "STATE_DIR": str(tmp_path), "SIGNIN_LOCK_SECONDS": "soon"}
    done = subprocess.run([sys.executable, "-m", "geo", "users", "list"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == "error: The setting SIGNIN_LOCK_SECONDS must be a whole number from 1 up, not 'soon'.\n"


def test_the_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name, _, _ in settings.describe() if f"`{name}`" not in readme] == []


@pytest.mark.parametrize("value, expected", [
    ("https://map.example.gov.uk/", "https://map.example.gov.uk"),
    ("http://10.0.0.5:8501", "http://10.0.0.5:8501"),
    ("https://council.example/ward-map/", "https://council.example/ward-map"),
])
def test_the_public_address_is_read_without_its_trailing_slash(value, expected):
    assert settings.load({"WARD_PUBLIC_URL": value}).public_url == expected
    assert settings.load({}).public_url == "http://localhost:8501"  # what `make run` serves


@pytest.mark.parametrize("value", ["map.example.gov.uk", "ftp://map.example", "javascript:alert(1)", "https://",
                                   "http://user:pw@map.example", "http://map.example:99999", "http://map.example/?a=1",
                                   "http://map.example/#top", "http://map example", 'http://map.example/"><x'])
def test_a_public_address_that_is_not_one_is_refused_in_one_sentence(value):
    with pytest.raises(DataError, match="^The setting WARD_PUBLIC_URL must be the app's public address, such as "
                                        f"https://map.example.gov.uk, not '{re.escape(value)}'.$"):
        settings.load({"WARD_PUBLIC_URL": value})


def test_the_server_with_a_bad_setting_stops_with_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "STATE_DIR": str(tmp_path), "WARD_PUBLIC_URL": "map.example.gov.uk"}
    done = subprocess.run([sys.executable, "-c", "import server"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == ("error: The setting WARD_PUBLIC_URL must be the app's public address, such as "
                           "https://map.example.gov.uk, not 'map.example.gov.uk'.\n")
