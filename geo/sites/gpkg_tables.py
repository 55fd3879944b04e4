"""A GeoPackage's layers as plain tables, read with sqlite3 before GDAL opens the file.

A GeoPackage is an SQLite database, and SQLite runs what the file declares: a layer
that is a view runs its query (a recursive one never ends), a trigger runs on a
write, a computed column on every read.  So, on a private copy of an upload:
only layers stored as real tables are accepted, every view and trigger is dropped
unread, and a layer with computed columns is refused.  GDAL then sees plain data."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from geo.errors import DataError

_LAYER_KINDS = ("features", "attributes")  # a point layer, or a table with no geometry
_REEXPORT = "export the sites layer from your GIS again as a plain table"


def plain_layers(path: Path, name: str, max_layers: int) -> list[str]:
    """The file's layers, after its views and triggers are dropped (the file is changed).
    DataError with a sentence when the file is not a GeoPackage, holds too many layers,
    or a layer is a view, a virtual table or has computed columns."""
    try:
        with closing(_connect(path)) as db:
            kinds = {row[1]: (row[0], row[2] or "") for row in
                     db.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view')")}
            if kinds.get("gpkg_contents", ("",))[0] != "table":
                raise DataError(f"{name} could not be read as a GeoPackage; it may be damaged, or another kind "
                                "of file.")
            layers = [str(row[0]) for row in db.execute(
                "SELECT table_name FROM gpkg_contents WHERE data_type IN (?, ?) LIMIT ?", (*_LAYER_KINDS,
                                                                                            max_layers + 1))]
            if len(layers) > max_layers:
                raise DataError(f"{name} holds more than {max_layers} layers; a sites file holds one, the "
                                f"sites layer: {_REEXPORT}.")
            for layer in layers:
                _check_layer(db, layer, kinds.get(layer), name)
            _drop_views_and_triggers(db)
    except sqlite3.Error:
        raise DataError(f"{name} could not be read as a GeoPackage; it may be damaged, or another kind "
                        "of file.") from None
    return layers


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)  # autocommit: each DROP stands alone
    db.execute("PRAGMA trusted_schema = OFF")  # the schema may not call functions with side effects
    return db


def _check_layer(db: sqlite3.Connection, layer: str, kind: tuple[str, str] | None, name: str) -> None:
    if kind is None:
        raise DataError(f"{name} names a layer '{layer}' that is not in the file; {_REEXPORT}.")
    if kind[0] == "view":
        raise DataError(f"{name}: the layer '{layer}' is a database view, not a table, and views are not run "
                        f"on import; {_REEXPORT}.")
    if kind[1].lstrip().upper().startswith("CREATE VIRTUAL"):
        raise DataError(f"{name}: the layer '{layer}' is a virtual table, not a plain one; {_REEXPORT}.")
    # table_xinfo's `hidden`: 2 and 3 are computed (generated) columns, worked out on every read
    computed = [str(row[1]) for row in db.execute("SELECT * FROM pragma_table_xinfo(?)", (layer,)) if row[6] in (2, 3)]
    if computed:
        raise DataError(f"{name}: the layer '{layer}' has computed columns ({', '.join(computed[:5])}), which are "
                        f"not run on import; {_REEXPORT}.")


def _drop_views_and_triggers(db: sqlite3.Connection) -> None:
    """Dropped without running: GDAL's own spatial-index triggers only matter when writing."""
    found = db.execute("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger')").fetchall()
    for kind, item in found:
        db.execute(f'DROP {"VIEW" if kind == "view" else "TRIGGER"} IF EXISTS "{item.replace(chr(34), chr(34) * 2)}"')
