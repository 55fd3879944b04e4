"""Hostile GIS files for the import's tests, made small in memory: a GeoPackage whose
sites layer is a view over an endless recursive query, and a zipped Shapefile that unzips
to hundreds of megabytes (one MultiPoint of millions of identical points, which deflate
packs a thousand to one), streamed into the zip so the test never holds it whole."""
from __future__ import annotations

import io
import sqlite3
import struct
import tempfile
import zipfile
from pathlib import Path

ENDLESS_SITES_VIEW = """
ALTER TABLE sites RENAME TO sites_stored;
CREATE VIEW sites AS
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
    SELECT s.* FROM sites_stored AS s, n WHERE n.i < 0;
"""


def endless_view_gpkg(gpkg: bytes) -> bytes:
    """`gpkg` (a sites GeoPackage) with its sites layer turned into a view that never ends:
    the recursive query counts for ever, looking for a number below zero."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.gpkg"
        path.write_bytes(gpkg)
        db = sqlite3.connect(path)
        for trigger, in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            db.execute(f'DROP TRIGGER "{trigger}"')  # GDAL's spatial-index triggers name the table
        db.executescript(ENDLESS_SITES_VIEW)
        db.close()
        return path.read_bytes()


def sqlite_gpkg(gpkg: bytes, script: str) -> bytes:
    """`gpkg` after running the SQL `script` on it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "changed.gpkg"
        path.write_bytes(gpkg)
        db = sqlite3.connect(path)
        db.executescript(script)
        db.close()
        return path.read_bytes()


_CHUNK_POINTS = 65_536


def multipoint_bomb_zip(points: int) -> bytes:
    """A zipped Shapefile of one feature: a MultiPoint of `points` copies of one position
    (16 bytes each: 12 million of them unzip to 192 MB)."""
    content = 4 + 32 + 4 + 16 * points  # shape type, box, count, points
    header = _shp_header(100 + 8 + content, shape_type=8)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("bomb.shp", "w", force_zip64=True) as shp:
            shp.write(header + struct.pack(">2i", 1, content // 2))
            shp.write(struct.pack("<i4di", 8, -0.15, 51.52, -0.15, 51.52, points))
            chunk = struct.pack("<2d", -0.15, 51.52) * _CHUNK_POINTS
            whole, rest = divmod(points, _CHUNK_POINTS)
            for _ in range(whole):
                shp.write(chunk)
            shp.write(chunk[:16 * rest])
        archive.writestr("bomb.shx", _shp_header(100 + 8, shape_type=8) + struct.pack(">2i", 50, content // 2))
        archive.writestr("bomb.dbf", _dbf_one_row(b"bomb"))
    return out.getvalue()


def _shp_header(length: int, shape_type: int) -> bytes:
    return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length // 2) + struct.pack("<2i", 1000, shape_type)
            + struct.pack("<8d", -0.15, 51.52, -0.15, 51.52, 0, 0, 0, 0))


def _dbf_one_row(value: bytes, width: int = 10) -> bytes:
    field = b"name".ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([width, 0]) + b"\0" * 14
    head = struct.pack("<B3BIHH20x", 3, 126, 1, 1, 1, 32 + 32 + 1, 1 + width)
    return head + field + b"\r" + b" " + value.ljust(width) + b"\x1a"
