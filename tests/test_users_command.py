"""`python -m geo users ...` and `python -m geo init-db`, run as a person would."""
from __future__ import annotations

import contextlib
import getpass
import io
import os
import subprocess
import sys

import pytest

from geo.__main__ import main
from geo.errors import PasswordChangeRequired, PermissionDenied
from geo.status import Role
from tests.store_fixtures import DATA_DIR, OPERATOR, ROOT_DIR

PASSWORD = "a long enough passphrase"


@pytest.fixture
def store(seeded_store):
    """The seeded store with no accounts: those listed are the ones each test adds."""
    return seeded_store


@pytest.fixture
def cli_environment(store, db_url, tmp_path):
    """What a command reads from the environment: the test database (already created)."""
    return {"DATABASE_URL": db_url, "STATE_DIR": str(tmp_path / "state"), "WARD_DATA_DIR": str(DATA_DIR)}


@pytest.fixture
def geo_process(cli_environment):
    """Runs `python -m geo ...` in a new process, as a person would."""
    env = {**os.environ, **cli_environment}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "geo", *args], input=stdin, capture_output=True, text=True,
                              cwd=ROOT_DIR, env=env, timeout=120)
    return run


@pytest.fixture
def geo_cli(cli_environment, monkeypatch):
    """Runs the same `python -m geo ...` (geo.__main__.main) in this process, its standard streams
    captured: a new interpreter for each command costs most of a second, and one test proves the
    real process (test_add_then_list_shows_the_account_and_it_can_sign_in)."""
    for name, value in cli_environment.items():
        monkeypatch.setenv(name, value)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse refusing the arguments
                code = exit_.code
        return subprocess.CompletedProcess(["python", "-m", "geo", *args], code, out.getvalue(), err.getvalue())
    return run


def test_add_then_list_shows_the_account_and_it_can_sign_in(geo_process, store):
    added = geo_process("users", "add", "alice", "--role", "planning", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added alice, Planning team."
    assert PASSWORD not in added.stdout + added.stderr

    listed = geo_process("users", "list")
    assert listed.returncode == 0
    assert listed.stdout.split("\n")[1].split() == ["alice", "planning", "active"]
    assert store.accounts.authenticate("alice", PASSWORD).name == "alice"


def test_disable_stops_the_account_signing_in(geo_cli, store):
    store.accounts.add_user(OPERATOR, "alice", "pcda", PASSWORD)
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
    (["users", "role", "alice", "mayor"], "", "Role must be one of"),
    (["users", "reset", "ghost"], "", "no account named ghost"),
    (["users", "unlock", "ghost"], "", "no account named ghost"),
], ids=["duplicate", "unknown role", "resident", "short password", "bad name", "no password", "unknown account",
        "role unknown", "reset unknown", "unlock unknown"])
def test_refusals_print_one_line_and_exit_1(geo_cli, store, args, stdin, message):
    store.accounts.add_user(OPERATOR, "alice", "planning", PASSWORD)
    refused = geo_cli(*args, stdin=stdin + "\n")
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1 and refused.stderr.startswith("error: ")
    assert message in refused.stderr


def test_role_unlock_reset_and_enable_run_an_account(geo_cli, store):
    store.accounts.add_user(OPERATOR, "alice", "planning", PASSWORD)
    role = geo_cli("users", "role", "alice", "pcda")
    assert role.returncode == 0 and role.stdout.strip() == "alice is now Police Crime Prevention Design Advisor."
    for _ in range(5):
        with pytest.raises(PermissionDenied, match="Wrong name or password"):
            store.accounts.authenticate("alice", "not the password", client="the office")
    assert "locked-until" in geo_cli("users", "list").stdout
    unlocked = geo_cli("users", "unlock", "alice")
    assert unlocked.returncode == 0 and "Unlocked alice" in unlocked.stdout
    assert store.accounts.authenticate("alice", PASSWORD, client="the office").role is Role.PCDA

    reset = geo_cli("users", "reset", "alice")
    assert reset.returncode == 0 and "not shown again" in reset.stdout
    one_time = reset.stdout.split("One-time password for alice: ")[1].split()[0]
    assert "must-change-password" in geo_cli("users", "list").stdout
    with pytest.raises(PasswordChangeRequired):
        store.accounts.authenticate("alice", one_time)

    assert geo_cli("users", "disable", "alice").returncode == 0
    enabled = geo_cli("users", "enable", "alice")
    assert enabled.returncode == 0 and enabled.stdout.strip() == "Enabled alice; they can sign in again."
    assert [c.actor for c in store.history(include_partners=True)][:4] == [f"command line ({getpass.getuser()})"] * 4


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
