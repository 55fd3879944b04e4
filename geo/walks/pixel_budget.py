"""A process-wide budget for images being decoded at once, in decoded bytes.  Each
decode holds its image's share (at most the whole budget, so a large one runs alone)
and waits while the others would take the total past it: memory for re-encodes
running together stays bounded however many photos arrive at once."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

BYTES_AT_ONCE = 200 * 1024 * 1024  # decoded: three 12-megapixel RGBA PNGs at once, or one 50-megapixel one


class PixelBudget:
    def __init__(self, size: int):
        self.size = size
        self._held = 0
        self._free = threading.Condition()

    @contextmanager
    def held(self, share: int) -> Iterator[None]:
        cost = max(1, min(share, self.size))
        with self._free:
            self._free.wait_for(lambda: self._held + cost <= self.size)
            self._held += cost
        try:
            yield
        finally:
            with self._free:
                self._held -= cost
                self._free.notify_all()

    @property
    def in_use(self) -> int:
        with self._free:
            return self._held


BUDGET = PixelBudget(BYTES_AT_ONCE)
