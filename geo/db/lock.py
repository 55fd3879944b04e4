"""A first-come, first-served lock.

`threading.Lock` lets a thread that just released it take it again ahead of
threads already waiting, so under steady contention some writers wait far
longer than others.  Here each caller takes a ticket and is served in turn,
which bounds the wait to the work queued ahead of it.  Re-entrant for the
thread that holds it."""
from __future__ import annotations

import threading


class FairLock:
    def __init__(self) -> None:
        self._turn = threading.Condition(threading.Lock())
        self._next_ticket = 0
        self._serving = 0
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> FairLock:
        me = threading.get_ident()
        with self._turn:
            if self._owner == me:
                self._depth += 1
                return self
            ticket = self._next_ticket
            self._next_ticket += 1
            while ticket != self._serving:
                self._turn.wait()
            self._owner, self._depth = me, 1
        return self

    def __exit__(self, *_exc) -> None:
        with self._turn:
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._serving += 1
                self._turn.notify_all()
