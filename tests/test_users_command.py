"""`python -m geo users ...` and `python -m geo init-db`, run as a person would."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from geo.__main__ import main
from geo.errors import PermissionDenied
from tests.store_fixtures import ADMIN, DATA_DIR, ROOT_DIR

PASSWORD = "a long enough passphrase"


@pytest.fixture
def geo_cli(store, db_url, tmp_path):
    """Runs `python -m geo ...` in a new process against the test database (already created)."""
    env = {**os.environ, "DATABASE_URL": db_url, "STATE_DIR": str(tmp_path / "state"), "WARD_DATA_DIR": str(DATA_DIR)}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "geo", *args], input=stdin, capture_output=True, text=True,
                              cwd=ROOT_DIR, env=env, timeout=120)
    return run


def test_add_then_list_shows_the_account_and_it_can_sign_in(geo_cli, store):
    added = geo_cli("users", "add", "alice", "--role", "planning", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added alice, Planning team."
    assert PASSWORD not in added.stdout + added.stderr

    listed = geo_cli("users", "list")
    assert listed.returncode == 0
    assert listed.stdout.split("\n")[1].split() == ["alice", "planning", "active"]
    assert store.accounts.authenticate("alice", PASSWORD).name == "alice"


def test_disable_stops_the_account_signing_in(geo_cli, store):
    store.accounts.add_user(ADMIN, "alice", "pcda", PASSWORD)
    disabled = geo_cli("users", "disable", "alice")
    assert disabled.returncode == 0 and "Disabled alice" in disabled.stdout
    assert "disabled" in geo_cli("users", "list").stdout
    with pytest.raises(PermissionDenied, match="disabled"):
        store.accounts.authenticate("alice", PASSWORD)


@pytest.mark.parametrize("args, stdin, message", [
    (["users", "add", "alice", "--role", "planning", "--password-stdin"], PASSWORD, "already an account named alice"),
    (["users", "add", "bob", "--role", "mayor", "--password-stdin"], PASSWORD, "Role must be one of: planning, pcda, admin"),
    (["users", "add", "bob", "--role", "resident", "--password-stdin"], PASSWORD, "Role must be one of"),
    (["users", "add", "bob", "--role", "admin", "--password-stdin"], "short", "at least 10 characters"),
    (["users", "add", "bad name", "--role", "admin", "--password-stdin"], PASSWORD, "Account name must be"),
    (["users", "add", "bob", "--role", "admin"], "", "--password-stdin"),
    (["users", "disable", "ghost"], "", "no account named ghost"),
], ids=["duplicate", "unknown role", "resident", "short password", "bad name", "no password", "unknown account"])
def test_refusals_print_one_line_and_exit_1(geo_cli, store, args, stdin, message):
    store.accounts.add_user(ADMIN, "alice", "planning", PASSWORD)
    refused = geo_cli(*args, stdin=stdin + "\n")
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1 and refused.stderr.startswith("error: ")
    assert message in refused.stderr


def test_list_with_no_accounts_says_how_to_add_one(geo_cli):
    listed = geo_cli("users", "list")
    assert listed.returncode == 0 and "python -m geo users add" in listed.stdout


def test_init_db_creates_and_seeds_the_default_sqlite_file_and_can_run_again(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("WARD_DATA_DIR", str(DATA_DIR))
    assert main(["init-db"]) == 0
    first = capsys.readouterr().out
    assert f"Database ready at {tmp_path / 'state' / 'ward.db'}: 7 sites" in first
    assert "python -m geo users add" in first
    assert main(["init-db"]) == 0
    assert "7 sites" in capsys.readouterr().out
    assert (tmp_path / "state" / "ward.db").exists()
