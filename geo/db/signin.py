"""Sign-in attempts: who may try a password now, and how many at once.

What it guards against: guessing a staff password; racing many attempts at
once past the limit; running the server out of memory (an argon2 check takes
64 MB); finding out which staff names exist; locking staff out on purpose.

The client is whatever the app passes in (ui/chrome.py client_id): the
connection's IP address; behind a proxy named in TRUSTED_PROXIES, on this machine
or another, the hop that proxy added to X-Forwarded-For (geo/proxies.py; without
the setting the header is never believed); an address on this machine, the browser
session.  So the budgets hold the same behind a remote proxy as on one host.

Budgets.  Wrong passwords are counted per lock window (SIGNIN_LOCK_SECONDS)
under three keys, and an attempt is refused once any of its budgets is spent:

- (name, client): SIGNIN_MAX_FAILURES.  A guesser at one address gets 5 tries
  at a name; the owner of the name, elsewhere, is not affected.
- client: CLIENT_FACTOR times that, over any names: stops one address trying
  a few passwords against every name.
- name: NAME_FACTOR times that, over all clients: slows guessing from many
  addresses.

A client that has signed in with a name before (a known pair, remembered for
TRUST_KEPT) is held to the (name, client) budget only: guessing elsewhere, or
by someone else behind the same office address, does not lock a staff member
out of their usual place.  A stranger can use up a name's budget only for
places that name has never signed in from.

Each lock of the same key lasts twice as long as the one before (15 minutes,
30, an hour, ... up to a day) until the key has been quiet for a day.  A right
password clears its (name, client) count and gives back what it took from the
other two.  An administrator can unlock an account: its name and (name, client)
counts and locks are cleared (the client-wide budget is not the account's).

Counted before checking.  An attempt takes one from each budget in a single
write transaction (the rows are locked on PostgreSQL; SQLite's write lock is
database-wide), and only then is the password checked.  So however many
attempts arrive at once, on one instance or several, at most the budget are
checked.  Within a process there is also one attempt per name at a time (the
rest queue) and at most VERIFIERS argon2 computations at once; an attempt that
waits longer than WAIT seconds is told to try again in a moment and costs no
budget.

Same answer for every name.  The counts are kept per name string as typed,
whether or not an account has that name; an unknown name is checked against a
dummy hash, is counted and locked the same way and gets the same sentences.

Refused attempts (wrong password, too many attempts, disabled account) are
kept for administrators, the newest FAILURES_KEPT only.
"""
from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from collections.abc import Iterator

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from geo.errors import PermissionDenied
from geo.model import FailedSignIn
from geo.db.tables import signin_failures, signin_throttle
from geo.limits import CLIENT_MAX, USER_NAME_MAX

PAIR, NAME, CLIENT = "pair", "name", "client"
CLIENT_FACTOR = 4
NAME_FACTOR = 10
LONGEST_LOCK = timedelta(days=1)
FORGET_AFTER = timedelta(days=1)  # a quiet key starts again from its first, shortest lock
TRUST_KEPT = timedelta(days=90)  # how long a client that signed in stays known for that name
FAILURES_KEPT = 500
VERIFIERS = 2
WAIT = 10.0  # seconds an attempt may wait for its turn or for a verifier

BUSY = "Signing in is busy just now; try again in a moment."


class SignInBusy(PermissionDenied):
    """Too many sign-ins at this moment; nothing was counted."""


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def key_name(name) -> str:
    """The name as the throttle keys it: the string as typed, cut to the longest account name."""
    return name[:USER_NAME_MAX] if isinstance(name, str) else ""


def key_client(client) -> str:
    return client[:CLIENT_MAX] if isinstance(client, str) else ""


@dataclass(frozen=True)
class Limits:
    max_failures: int
    lock_seconds: int

    def budget(self, scope: str) -> int:
        return self.max_failures * {PAIR: 1, CLIENT: CLIENT_FACTOR, NAME: NAME_FACTOR}[scope]

    def lock(self, locks_before: int) -> timedelta:
        return min(timedelta(seconds=self.lock_seconds) * 2 ** min(locks_before, 16), LONGEST_LOCK)


@dataclass(frozen=True)
class Reservation:
    """One attempt's share of the budgets, taken before its password is checked."""
    name: str
    client: str
    scopes: tuple[str, ...]  # the budgets it took one from


@dataclass(frozen=True)
class Refusal:
    scope: str
    until: datetime

    def message(self, now: datetime) -> str:
        minutes = max(1, math.ceil((self.until - now).total_seconds() / 60))
        wait = f"try again in {minutes} minute{'' if minutes == 1 else 's'} (after {self.until:%H:%M} UTC)"
        if self.scope == CLIENT:
            return f"Sign-in from your connection is locked after too many wrong passwords; {wait}."
        return (f"Sign-in with this name is locked after too many wrong passwords; {wait}. "
                "An administrator can unlock an account sooner.")


@dataclass
class _Count:
    """One signin_throttle row, with failures and locks that have run out cleared."""
    scope: str
    failures: int
    window_ends: datetime | None
    locked_until: datetime | None
    locks: int
    trusted: bool
    changed: dict = field(default_factory=dict)

    @classmethod
    def of(cls, row, now: datetime) -> _Count:
        count = cls(row.scope, row.failures, _parse(row.window_ends), _parse(row.locked_until), row.locks,
                    bool(row.trusted))
        if count.locked_until is not None and count.locked_until <= now:
            count.failures, count.window_ends, count.locked_until = 0, None, None
        elif count.window_ends is not None and count.window_ends <= now and count.locked_until is None:
            count.failures, count.window_ends = 0, None
        return count

    def refused_until(self, budget: int) -> datetime | None:
        if self.locked_until is not None:
            return self.locked_until
        return self.window_ends if self.failures >= budget else None  # a count always has a window

    def values(self, now: datetime) -> dict:
        return dict(failures=self.failures, window_ends=self.window_ends and _stamp(self.window_ends),
                    locked_until=self.locked_until and _stamp(self.locked_until), locks=self.locks,
                    trusted=self.trusted, last_at=_stamp(now))


def _keys(name: str, client: str) -> dict[str, tuple[str, str]]:
    return {CLIENT: ("", client), NAME: (name, ""), PAIR: (name, client)}  # one order, so locks never cross


def _where(scope: str, name: str, client: str):
    t = signin_throttle.c
    return and_(t.scope == scope, t.name == name, t.client == client)


def _insert_missing(conn: Connection, rows: list[dict]) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    conn.execute(dialect_insert(signin_throttle).values(rows).on_conflict_do_nothing())


def _read(conn: Connection, name: str, client: str, now: datetime) -> dict[str, _Count]:
    keys = _keys(name, client)
    _insert_missing(conn, [dict(scope=s, name=n, client=c, failures=0, window_ends=None, locked_until=None,
                                locks=0, trusted=False, last_at=_stamp(now)) for s, (n, c) in keys.items()])
    counts = {}
    for scope, (n, c) in keys.items():
        row = conn.execute(select(signin_throttle).where(_where(scope, n, c)).with_for_update()).one()
        counts[scope] = _Count.of(row, now)
    return counts


def _write(conn: Connection, name: str, client: str, counts: dict[str, _Count], now: datetime) -> None:
    for scope, (n, c) in _keys(name, client).items():
        conn.execute(update(signin_throttle).where(_where(scope, n, c)).values(**counts[scope].values(now)))


def reserve(conn: Connection, name: str, client: str, now: datetime, limits: Limits) -> Reservation | Refusal:
    """Take one from each budget of this attempt, or say why not (then nothing is taken)."""
    _prune(conn, now)
    counts = _read(conn, name, client, now)
    scopes = (PAIR,) if counts[PAIR].trusted else tuple(counts)
    refusals = [Refusal(s, until) for s in scopes if (until := counts[s].refused_until(limits.budget(s)))]
    if refusals:
        _write(conn, name, client, counts, now)
        return max(refusals, key=lambda r: r.until)
    for scope in scopes:
        count = counts[scope]
        count.failures += 1
        count.window_ends = count.window_ends or now + timedelta(seconds=limits.lock_seconds)
    _write(conn, name, client, counts, now)
    return Reservation(name, client, scopes)


def settle(conn: Connection, taken: Reservation, right: bool, now: datetime, limits: Limits) -> None:
    """After the check: a right password gives back what it took and marks the client as known for
    the name; a wrong one keeps its count, and a spent budget locks its key."""
    counts = _read(conn, taken.name, taken.client, now)
    for scope in taken.scopes:
        count = counts[scope]
        if right:
            count.failures = max(0, count.failures - 1)
        elif count.failures >= limits.budget(scope) and count.locked_until is None:
            count.locked_until = now + limits.lock(count.locks)
            count.locks += 1
    if right:
        counts[PAIR] = _Count(PAIR, 0, None, None, 0, True)
    _write(conn, taken.name, taken.client, counts, now)


def refund(conn: Connection, taken: Reservation, now: datetime) -> None:
    """Give back an attempt whose password was never checked."""
    counts = _read(conn, taken.name, taken.client, now)
    for scope in taken.scopes:
        counts[scope].failures = max(0, counts[scope].failures - 1)
    _write(conn, taken.name, taken.client, counts, now)


def unlock(conn: Connection, name: str) -> None:
    """Clear a name's counts and locks, for every client (clients that signed in stay known)."""
    t = signin_throttle.c
    conn.execute(update(signin_throttle).where(t.name == name, t.scope.in_((NAME, PAIR))).values(
        failures=0, window_ends=None, locked_until=None, locks=0))


def locked_names(conn: Connection, now: datetime) -> dict[str, datetime]:
    """Names locked now, for some clients or all, each with when its last lock ends."""
    t = signin_throttle.c
    rows = conn.execute(select(t.name, func.max(t.locked_until)).where(
        t.scope.in_((NAME, PAIR)), t.locked_until > _stamp(now)).group_by(t.name))
    return {name: _parse(until) for name, until in rows}


def record_failure(conn: Connection, name: str, client: str, outcome: str, now: datetime) -> None:
    f = signin_failures
    new_id = conn.execute(insert(f).values(at=_stamp(now), name=name, client=client, outcome=outcome)
                          ).inserted_primary_key[0]
    conn.execute(delete(f).where(f.c.id <= new_id - FAILURES_KEPT))


def recent_failures(conn: Connection, limit: int) -> list[FailedSignIn]:
    f = signin_failures
    rows = conn.execute(select(f.c.at, f.c.name, f.c.client, f.c.outcome).order_by(f.c.id.desc()).limit(limit))
    return [FailedSignIn(*row) for row in rows]


def _prune(conn: Connection, now: datetime) -> None:
    """Drop keys that are neither locked nor counting and have been quiet for a while."""
    t = signin_throttle.c
    quiet, long_quiet = _stamp(now - FORGET_AFTER), _stamp(now - TRUST_KEPT)
    conn.execute(delete(signin_throttle).where(
        t.last_at < quiet, or_(t.locked_until.is_(None), t.locked_until < _stamp(now)),
        or_(t.trusted.is_(False), t.last_at < long_quiet)))


class Gate:
    """Within one process: one attempt per name at a time, and a bounded number of
    argon2 computations at once (each takes 64 MB)."""

    def __init__(self, verifiers: int = VERIFIERS, wait: float = WAIT):
        self._verifiers = threading.BoundedSemaphore(verifiers)
        self._wait = wait
        self._guard = threading.Lock()
        self._turns: dict[str, list] = {}  # name: [its lock, attempts holding or waiting for it]

    @contextmanager
    def turn(self, name: str) -> Iterator[None]:
        with self._guard:
            entry = self._turns.setdefault(name, [threading.Lock(), 0])
            entry[1] += 1
        try:
            if not entry[0].acquire(timeout=self._wait):
                raise SignInBusy(BUSY)
            try:
                yield
            finally:
                entry[0].release()
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._turns[name]

    @contextmanager
    def verifier(self) -> Iterator[None]:
        """A turn at argon2: checking or making a password hash."""
        if not self._verifiers.acquire(timeout=self._wait):
            raise SignInBusy(BUSY)
        try:
            yield
        finally:
            self._verifiers.release()


GATE = Gate()
