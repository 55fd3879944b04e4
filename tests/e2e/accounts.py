"""Staff accounts for an app the browser tests started, made the way an
operator makes them: `python -m geo users add NAME --role ROLE --password-stdin`
(geo.__main__.main, run in this process: a new interpreter per account cost most
of a second; tests/test_users_command.py runs the real process), against that
app's own database (its STATE_DIR), and signed in through the sidebar's sign-in form."""
from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from itertools import count

from playwright.sync_api import expect

from tests.e2e import driver
from geo.__main__ import main
from tests.e2e.server import RunningApp

_serial = count(1)
# Every page has the sign-in box; this one has no map to wait for.
SIGN_IN_PAGE = ("/report", "How to report a problem")


@dataclass(frozen=True)
class Account:
    name: str
    password: str
    role: str


def add_account(app: RunningApp, role: str, team: str | None = None) -> Account:
    """A new account with `role` (planning, pcda, admin, partner with a team, ...) in `app`'s database.
    Names are unique within the test session, so tests never share an account."""
    serial = next(_serial)
    account = Account(f"{team or role}-{serial}-e2e", f"correct horse battery {serial}", role)
    team_args = ("--team", team) if team else ()
    users(app, "add", account.name, "--role", role, *team_args, "--password-stdin", stdin=account.password + "\n")
    return account


def signed_in(page, app: RunningApp, role: str, team: str | None = None) -> Account:
    """A new account with `role` (and team), signed in on `page` (which ends on SIGN_IN_PAGE)."""
    account = add_account(app, role, team)
    driver.open_app(page, app, *SIGN_IN_PAGE)
    driver.sign_in(page, account.name, account.password)
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {account.name}")).to_be_visible()
    return account


def users(app: RunningApp, *args: str, stdin: str = "") -> str:
    """`python -m geo users ARGS` against `app`'s database; what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with _environment(STATE_DIR=str(app.state_dir), DATABASE_URL=""), _stdin(stdin), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["users", *args])
        except SystemExit as exit_:  # argparse refusing the arguments
            code = exit_.code
    if code != 0:
        raise RuntimeError(f"`geo users {' '.join(args)}` failed ({code}): {err.getvalue() or out.getvalue()}")
    return out.getvalue()


@contextlib.contextmanager
def _environment(**values: str):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _stdin(text: str):
    saved, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved
