"""Sign-in throttling (geo/db/signin.py): racing attempts check no more passwords
than the budget and lock once, one name is checked one attempt at a time, an
unknown name is treated like a real one, a stranger cannot lock a staff member
out, argon2 runs at most VERIFIERS at a time, and refused attempts are kept,
bounded, for administrators."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta, UTC

import pytest

from geo.db import accounts as accounts_module, signin
from geo.errors import InvalidInput, PermissionDenied
from geo.roles import Operator
from tests.store_fixtures import ROOT_DIR

ADMIN = Operator("ada.admin")
PASSWORD = "correct horse battery staple"
WRONG = "Wrong name or password."
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
LOCKED_HERE = ("Sign-in with this name is locked after too many wrong passwords; try again in 15 minutes "
               "(after 09:15 UTC). An administrator can unlock an account sooner.")


HOLD = 60  # seconds a held password check waits for the other attempts; only a hang reaches it


class CountingHasher:
    """Wraps the test hasher: counts password checks and the most running at once.  A check
    holds until `ready()` (see race), so checks that race really run side by side."""

    def __init__(self, inner):
        self._inner = inner
        self.changed = threading.Condition()
        self.checked = self.running = self.most_at_once = 0
        self.ready = lambda: True

    def verify(self, password_hash, password):
        with self.changed:
            self.checked += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.changed.notify_all()
            held = self.changed.wait_for(self.ready, HOLD)
        try:
            if not held:
                raise TimeoutError(f"a password check waited {HOLD} s for the other attempts")
            return self._inner.verify(password_hash, password)
        finally:
            with self.changed:
                self.running -= 1
                self.changed.notify_all()

    def __getattr__(self, name):
        return getattr(self._inner, name)


@pytest.fixture
def hasher(monkeypatch, fast_hashing):
    counting = CountingHasher(accounts_module._hasher())
    monkeypatch.setattr(accounts_module, "_hasher", lambda: counting)
    return counting


@pytest.fixture
def accounts(bare_store, hasher):
    bare_store.accounts.add_user(ADMIN, "alice", "planning", PASSWORD)
    return bare_store.accounts


def attempt(accounts, name, password="not the password", client="attacker", now=NOW) -> str:
    """The answer a person would see: the account's name, or the refusal."""
    try:
        return accounts.authenticate(name, password, now=now, client=client).name
    except PermissionDenied as refused:
        return str(refused)


def race(accounts, hasher, attempts: list[tuple[str, str]]) -> list[str]:
    """Each (name, client) attempt in a thread of its own, all let go at once (a Barrier).  A password
    check holds until every attempt is being checked or answered, so nothing is checked before
    the others have arrived, and a check that could run beside another does."""
    answers: list[str] = []
    start = threading.Barrier(len(attempts))
    hasher.ready = lambda: hasher.running + len(answers) == len(attempts)

    def one(name: str, client: str) -> None:
        start.wait()
        answer = attempt(accounts, name, client=client)
        with hasher.changed:
            answers.append(answer)
            hasher.changed.notify_all()

    threads = [threading.Thread(target=one, args=pair) for pair in attempts]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(2 * HOLD)
    finally:
        hasher.ready = lambda: True
    return answers


class NoQueue(signin.Gate):
    """As if each attempt came through another app instance: no queue per name, only the database."""

    @contextmanager
    def turn(self, name):
        yield


def test_thirty_wrong_passwords_checked_at_once_check_five_and_lock_once(accounts, hasher, monkeypatch):
    monkeypatch.setattr(accounts_module, "GATE", NoQueue(verifiers=30))
    answers = race(accounts, hasher, [("alice", "attacker")] * 30)
    assert sorted(answers) == sorted([WRONG] * 5 + [LOCKED_HERE] * 25)
    assert hasher.checked == hasher.most_at_once == 5  # all five side by side, counted before any finished
    assert Counter(f.outcome for f in accounts.failed_sign_ins(ADMIN)) == {"wrong password": 5,
                                                                           "too many attempts": 25}
    # Locked once, for the first lock's 15 minutes, where the guessing came from; not from elsewhere.
    assert attempt(accounts, "alice", PASSWORD) == LOCKED_HERE
    assert attempt(accounts, "alice", PASSWORD, client="alice's desk") == "alice"


def test_racing_attempts_at_one_name_are_checked_one_at_a_time_and_waiting_costs_nothing(
        accounts, hasher, monkeypatch):
    monkeypatch.setattr(accounts_module, "GATE", signin.Gate(wait=0.5))  # a short wait for a turn
    answers = race(accounts, hasher, [("alice", "attacker")] * 30)
    assert sorted(answers) == sorted([WRONG] + [signin.BUSY] * 29)  # the rest queued behind the first
    assert hasher.checked == hasher.most_at_once == 1
    assert [attempt(accounts, "alice") for _ in range(5)] == [WRONG] * 4 + [LOCKED_HERE]  # 4 of 5 were left


def test_argon2_runs_at_most_verifiers_at_once_across_names(accounts, hasher, monkeypatch):
    monkeypatch.setattr(accounts_module, "GATE", signin.Gate(wait=0.5))
    answers = race(accounts, hasher, [(f"name-{k}", f"client-{k}") for k in range(12)])
    assert sorted(answers) == sorted([WRONG] * signin.VERIFIERS + [signin.BUSY] * (12 - signin.VERIFIERS))
    assert hasher.checked == hasher.most_at_once == signin.VERIFIERS


def test_a_made_up_name_gets_exactly_what_a_real_one_gets(accounts, hasher):
    real = [attempt(accounts, "alice") for _ in range(7)]
    checked = hasher.checked
    made_up = [attempt(accounts, "alicia") for _ in range(7)]
    assert real == made_up == [WRONG] * 5 + [LOCKED_HERE] * 2
    assert hasher.checked == 2 * checked == 10  # the made-up name's passwords are "checked" too
    later = NOW + timedelta(minutes=14, seconds=30)
    assert attempt(accounts, "alice", PASSWORD, now=later) == attempt(accounts, "alicia", PASSWORD, now=later)


def test_a_stranger_cannot_lock_a_staff_member_out(accounts, store_settings):
    limit = store_settings.signin_max_failures
    assert attempt(accounts, "alice", PASSWORD, client="alice's desk") == "alice"  # her usual place
    for k in range(signin.NAME_FACTOR):  # guessing from many addresses, up to the name's ceiling
        for _ in range(limit):
            assert attempt(accounts, "alice", client=f"botnet-{k}") == WRONG
    assert attempt(accounts, "alice", PASSWORD, client="a new address").startswith("Sign-in with this name is locked")
    assert attempt(accounts, "alice", PASSWORD, client="alice's desk") == "alice"


def test_one_address_cannot_sweep_many_names(accounts, store_settings):
    accounts.add_user(ADMIN, "bob", "pcda", PASSWORD)
    assert attempt(accounts, "alice", PASSWORD, client="the office") == "alice"  # she has signed in there
    budget = store_settings.signin_max_failures * signin.CLIENT_FACTOR
    for k in range(budget):  # someone else at the same address tries name after name
        assert attempt(accounts, f"staff-{k // 3}", client="the office") == WRONG
    refused = attempt(accounts, "bob", PASSWORD, client="the office")
    assert refused.startswith("Sign-in from your connection is locked") and "try again in 15 minutes" in refused
    assert "administrator" not in refused  # unlocking an account would not help here
    assert attempt(accounts, "bob", PASSWORD, client="bob's phone") == "bob"
    assert attempt(accounts, "alice", PASSWORD, client="the office") == "alice"  # a known place still works


def test_each_lock_of_the_same_key_lasts_twice_as_long_until_it_is_quiet_for_a_day(accounts):
    when = NOW
    for minutes in (15, 30, 60):
        for _ in range(5):
            assert attempt(accounts, "alice", now=when) == WRONG
        assert f"try again in {minutes} minutes" in attempt(accounts, "alice", PASSWORD, now=when)
        when += timedelta(minutes=minutes, seconds=1)
    when += timedelta(days=1, minutes=1)
    for _ in range(5):
        attempt(accounts, "alice", now=when)
    assert "try again in 15 minutes" in attempt(accounts, "alice", PASSWORD, now=when)


def test_an_administrator_unlocks_an_account_at_once(accounts):
    for _ in range(6):
        attempt(accounts, "alice")
    assert attempt(accounts, "alice", PASSWORD) == LOCKED_HERE
    accounts.unlock(ADMIN, "alice")
    assert attempt(accounts, "alice", PASSWORD) == "alice"
    assert accounts.sign_in_locks(NOW) == {}


def test_a_busy_server_says_so_and_counts_nothing(accounts, hasher, monkeypatch):
    monkeypatch.setattr(accounts_module, "GATE", signin.Gate(verifiers=1, wait=0))
    busy = accounts_module.GATE
    with busy.verifier():  # every argon2 turn is taken
        answers = {attempt(accounts, "alice") for _ in range(8)}
    assert answers == {"Signing in is busy just now; try again in a moment."} and hasher.checked == 0
    assert attempt(accounts, "alice", PASSWORD) == "alice"  # none of the 8 counted against the budget
    assert accounts.failed_sign_ins(ADMIN) == []


def test_refused_sign_ins_are_kept_for_administrators_newest_first_and_bounded(accounts, monkeypatch):
    monkeypatch.setattr(signin, "FAILURES_KEPT", 4)
    for name in ("alice", "bob", "<b>carol</b>", "alice", "alice", "alice", "alice", "alice"):
        attempt(accounts, name)
    accounts.disable_user(ADMIN, "alice")
    attempt(accounts, "alice", PASSWORD, client="alice's desk")
    kept = accounts.failed_sign_ins(ADMIN)
    assert [(f.name, f.client, f.outcome) for f in kept] == [
        ("alice", "alice's desk", "account disabled"), ("alice", "attacker", "too many attempts"),
        ("alice", "attacker", "wrong password"), ("alice", "attacker", "wrong password")]
    assert kept[0].at.endswith("Z")
    with pytest.raises(PermissionDenied, match="sign in to manage accounts"):
        accounts.failed_sign_ins(None)


def test_peak_memory_stays_bounded_with_real_argon2(tmp_path):
    """Twenty sign-ins at once with the real argon2 settings (64 MB each) in a fresh
    process: at most VERIFIERS run at once, so the process grows by about 2 x 64 MB,
    not 20 x 64 MB."""
    probe = subprocess.run([sys.executable, "-m", "tests.signin_memory", str(tmp_path / "probe.db"), "20"],
                           cwd=ROOT_DIR, capture_output=True, text=True, timeout=600)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert set(found["answers"]) <= {WRONG, signin.BUSY} and found["answers"].count(WRONG) >= 2
    assert found["peak_growth_mb"] < 300, found  # 20 at once unguarded: about 1,300 MB


UNUSABLE_NAMES = {
    "a NUL byte": ("ali\x00ce", "Account name contains a control character (such as NUL) that cannot be stored; "
                                "remove it."),
    "another control character": ("alice\x1b[2J", "Account name contains a control character (such as NUL) that "
                                                  "cannot be stored; remove it."),
    "too long": ("a" * 65, "Account name is 65 characters long; the most it can take is 64."),
    "empty": ("   ", "Account name is required."),
}


@pytest.mark.parametrize("name, says", UNUSABLE_NAMES.values(), ids=list(UNUSABLE_NAMES))
def test_a_name_no_account_can_have_gets_the_editors_sentence_and_nothing_is_written(accounts, hasher, name, says):
    """On both databases: PostgreSQL refuses NUL in any text, so it must never reach a query."""
    for _ in range(6):  # more than the budget: had any been counted, the sixth would be locked
        with pytest.raises(InvalidInput) as refused:
            accounts.authenticate(name, PASSWORD, now=NOW, client="attacker")
        assert str(refused.value) == says
    assert accounts.failed_sign_ins(ADMIN) == [] and hasher.checked == 0
    assert attempt(accounts, "alice", PASSWORD) == "alice"  # the attacker's budgets are untouched
