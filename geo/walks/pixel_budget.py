"""A process-wide budget of pixels for images being decoded at once.  Each decode
holds its image's pixel count (at most the whole budget, so a large one runs
alone) and waits while the others would take the total past it: memory for
re-encodes running together stays bounded however many photos arrive at once."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

PIXELS_AT_ONCE = 50_000_000  # about 600 MB of decode buffers at the worst (RGBA, with a copy)


class PixelBudget:
    def __init__(self, pixels: int):
        self.pixels = pixels
        self._held = 0
        self._free = threading.Condition()

    @contextmanager
    def held(self, pixels: int) -> Iterator[None]:
        cost = max(1, min(pixels, self.pixels))
        with self._free:
            self._free.wait_for(lambda: self._held + cost <= self.pixels)
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


BUDGET = PixelBudget(PIXELS_AT_ONCE)
