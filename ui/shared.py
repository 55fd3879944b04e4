"""What every session shares, made once per key: the map page's inputs and its rendered map,
once per data revision (ui/context.py).

    built = Shared(make, keep=8)
    built.get(key, *args)   # make(*args) the first time this key is asked for, then the same object

A dict behind a lock, not st.cache_resource: that hashes its arguments on every call, a share of
every run worth saving when a crowd arrives, and these keys are small tuples already.  One
thing is made at a time (a new revision is made once, not once per waiting session); the
`keep` newest keys are kept."""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Shared(Generic[T]):
    def __init__(self, make: Callable[..., T], *, keep: int):
        self._make = make
        self._keep = keep
        self._made: dict[Hashable, T] = {}
        self._making = threading.Lock()

    def get(self, key: Hashable, *args) -> T:
        found = self._made.get(key)
        if found is not None:
            return found
        with self._making:
            found = self._made.get(key)
            if found is None:
                found = self._made[key] = self._make(*args)
                while len(self._made) > self._keep:
                    del self._made[next(iter(self._made))]  # the oldest key made
        return found
