"""Squares of the British National Grid (EPSG:27700), the cells reports are counted in.

A report is kept only as the 100 m square it fell in, never as the point itself.  Squares merge into
the 200 m and 400 m squares holding them (each aligned on the grid, so every small square lies in one
bigger one).  A square is named by its south-west corner as an OS grid reference ("TQ 288 824"),
which councils read; `corners` gives its outline in WGS84 (EPSG:4326) for the map."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

SIZES = (100, 200, 400)  # metres: the smallest square first, then the squares it merges into


@cache
def _to_grid():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


@cache
def _to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


@dataclass(frozen=True, order=True)
class Cell:
    size: int  # metres
    easting: int  # the south-west corner, metres east on the grid (EPSG:27700)
    northing: int

    def within(self, size: int) -> Cell:
        """The square of `size` metres holding this one."""
        return Cell(size, self.easting // size * size, self.northing // size * size)

    @property
    def ref(self) -> str:
        """The south-west corner as a six-figure OS grid reference, e.g. "TQ 288 824"."""
        return f"{_letters(self.easting, self.northing)} {self.easting % 100_000 // 100:03d} " \
               f"{self.northing % 100_000 // 100:03d}"

    @property
    def name(self) -> str:
        """"100 m square at TQ 288 824": what a table or a map label calls it."""
        return f"{self.size} m square at {self.ref}"

    def corners(self) -> list[tuple[float, float]]:
        """The square's outline, closed, as WGS84 (lon, lat), rounded to 6 places."""
        e, n, s = self.easting, self.northing, self.size
        xs, ys = _to_wgs84().transform([e, e + s, e + s, e, e], [n, n, n + s, n + s, n])
        return [(round(x, 6), round(y, 6)) for x, y in zip(xs, ys, strict=True)]


def cell_at(lon: float, lat: float, size: int = SIZES[0]) -> Cell:
    """The square of `size` metres that the WGS84 point (lon, lat) falls in."""
    e, n = _to_grid().transform(lon, lat)
    return Cell(size, int(e // size * size), int(n // size * size))


def _letters(easting: int, northing: int) -> str:
    """The two letters of the 100 km square (the OS scheme: 5x5 letters without I)."""
    e100k, n100k = easting // 100_000, northing // 100_000
    first = (19 - n100k) - (19 - n100k) % 5 + (e100k + 10) // 5
    second = (19 - n100k) * 5 % 25 + e100k % 5
    return "".join(chr(65 + i + (i > 7)) for i in (first, second))
