"""A value read from the database and reused for a moment: what a crowd of new sessions
asks for on every run (the data's revision, Store.revision) is read once per moment, not
once per run.

    revision = RecentRead(db, read_revision, fresh_for=0.25)
    revision()   # read now, or the value read less than 0.25 s ago

A write in this process makes the next call read again, so a session sees its own
process's writes at once; another process's (another instance, a command) show within
`fresh_for` seconds."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from geo.db.engine import Database

T = TypeVar("T")


class RecentRead(Generic[T]):
    def __init__(self, db: Database, read: Callable[[], T], *, fresh_for: float):
        self._db = db
        self._read = read
        self._fresh_for = fresh_for
        self._memo: tuple[int, float, T] | None = None  # (writes finished before the read, when, value)
        self._reading = threading.Lock()

    def __call__(self) -> T:
        found = self._fresh()
        if found is not None:
            return found[0]
        with self._reading:  # a crowd arriving together waits for one read rather than making its own
            found = self._fresh()
            if found is not None:
                return found[0]
            writes = self._db.finished_writes  # before the read: a write ending during it makes the memo stale
            now = time.monotonic()
            value = self._read()
            self._memo = (writes, now, value)
            return value

    def _fresh(self) -> tuple[T] | None:
        memo = self._memo
        if memo is not None and memo[0] == self._db.finished_writes and time.monotonic() - memo[1] < self._fresh_for:
            return (memo[2],)
        return None
