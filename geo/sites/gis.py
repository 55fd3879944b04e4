"""GeoPackage (.gpkg) and zipped Shapefile (.zip), the formats council GIS teams
use, read and written with geopandas (pyogrio engine).

Written: one point layer, "sites", in WGS84 (EPSG:4326): a row per site with
the columns of geo.sites.schema.TABLE_COLUMNS, every cell text (lists joined by
"; ").  A Shapefile's columns carry the schema's short names (dBase allows 10
characters) and a cell holds at most 254 bytes, so a longer text refuses the
Shapefile export, naming the site and field, rather than being cut short.

Read: the file becomes the FeatureCollection a sites GeoJSON would be, so
geo.sites.sites_file.check_sites checks it with the same messages.  A file in another
CRS, such as British National Grid (EPSG:27700), is reprojected to WGS84
and a note says so; a file with no CRS is taken as WGS84 (the checker spots
eastings and northings).  Positions are rounded to 7 decimals (about 1 cm):
binary formats carry no written precision to judge.  A damaged file, or a zip
without a Shapefile, is a DataError with one sentence, never a traceback; so is a
file with more than MAX_LAYERS layers or MAX_FEATURES features, or a layer with no
geometry.  A GeoPackage's views and triggers are never run (geo.sites.gpkg_tables).
The import reads through geo.sites.gis_worker, in a process with time and memory limits.
"""
from __future__ import annotations

import io
import json
import tempfile
import warnings
import zipfile
from pathlib import Path, PurePosixPath
from collections.abc import Sequence

from geo.sites import schema
from geo.errors import DataError
from geo.model import Site

LAYER = "sites"
DBF_CELL_BYTES = 254
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_LAYERS = 10  # a sites file holds one layer; a GIS export sometimes a few more
MAX_FEATURES = 5000  # a ward has tens of sites, a borough a few thousand
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


# --- writing -----------------------------------------------------------------------------


def sites_frame(sites: Sequence[Site]):
    """A GeoDataFrame in EPSG:4326: one row per site, the schema's table columns as text."""
    import geopandas
    from shapely.geometry import Point

    columns = [column.name for column in schema.TABLE_COLUMNS]
    rows = [schema.table_row(site) for site in sites]
    return geopandas.GeoDataFrame(rows, columns=columns, geometry=[Point(s.lon, s.lat) for s in sites],
                                  crs="EPSG:4326")


def to_gpkg(sites: Sequence[Site]) -> bytes:
    """The sites as a GeoPackage file's bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{LAYER}.gpkg"
        sites_frame(sites).to_file(path, layer=LAYER, driver="GPKG", engine="pyogrio")
        return path.read_bytes()


def to_shapefile_zip(sites: Sequence[Site]) -> bytes:
    """The sites as a zip holding sites.shp, .shx, .dbf, .prj and .cpg (UTF-8).

    Raises DataError when a text is longer than a Shapefile column holds."""
    frame = sites_frame(sites)
    _check_cells_fit(frame, sites)
    frame = frame.rename(columns={column.name: column.short for column in schema.TABLE_COLUMNS})
    out = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        frame.to_file(Path(tmp) / f"{LAYER}.shp", driver="ESRI Shapefile", engine="pyogrio", encoding="UTF-8")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(tmp).iterdir()):
                archive.write(path, path.name)
    return out.getvalue()


def _check_cells_fit(frame, sites: Sequence[Site]) -> None:
    for column in schema.TABLE_COLUMNS:
        for site, text in zip(sites, frame[column.name], strict=False):
            size = len(text.encode("utf-8"))
            if size > DBF_CELL_BYTES:
                raise DataError(
                    f"{site.name}: {column.label} is {size} bytes, more than a Shapefile column holds "
                    f"({DBF_CELL_BYTES}); use the GeoPackage, which keeps it whole.")


# --- reading -----------------------------------------------------------------------------


def read_gpkg(data: bytes, name: str = "the file", *, max_layers: int = MAX_LAYERS,
              max_features: int = MAX_FEATURES) -> tuple[dict, list[str]]:
    """(the FeatureCollection, notes) in a GeoPackage's bytes: its only layer, or the one named "sites"."""
    from geo.sites.gpkg_tables import plain_layers

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.gpkg"
        path.write_bytes(data)
        layers = plain_layers(path, name, max_layers)  # views and triggers dropped, unread
        if not layers:
            raise DataError(f"{name} holds no layers; export the sites layer from your GIS again.")
        if len(layers) > 1 and LAYER not in layers:
            raise DataError(f"{name} holds {len(layers)} layers ({', '.join(layers[:5])}); keep only the sites "
                            f"layer, or name it '{LAYER}'.")
        return _read(path, LAYER if LAYER in layers else layers[0], name, max_features)


def read_shapefile_zip(data: bytes, name: str = "the file", *,
                       max_features: int = MAX_FEATURES) -> tuple[dict, list[str]]:
    """(the FeatureCollection, notes) in a zip holding one Shapefile (.shp, .shx, .dbf, best with .prj)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DataError(f"{name} is not a zip file; a zipped Shapefile is a .zip holding the layer's .shp, "
                        ".shx, .dbf and .prj files.") from None
    with archive, tempfile.TemporaryDirectory() as tmp:
        parts = _shapefile_parts(archive, name)
        notes = [] if ".prj" in parts else [
            "the Shapefile has no .prj file, so its positions are taken as WGS84 longitude and latitude."]
        try:
            for suffix, member in parts.items():
                with archive.open(member) as source:
                    (Path(tmp) / f"upload{suffix}").write_bytes(source.read(MAX_UNZIPPED + 1))
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, ValueError):
            raise DataError(f"{name} is damaged or encrypted, so its files cannot be taken out; "
                            "zip the Shapefile again.") from None
        collection, more = _read(Path(tmp) / "upload.shp", None, name, max_features)
        return collection, notes + more


def _shapefile_parts(archive: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    """The members making up the zip's one Shapefile, by suffix; DataError when there is none, or several."""
    members = [m for m in archive.infolist() if not m.is_dir() and "__MACOSX" not in m.filename
               and not PurePosixPath(m.filename).name.startswith(".")]  # macOS adds these to zips
    if sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise DataError(f"{name} unzips to over {MAX_UNZIPPED // 1_000_000} MB; a ward's sites are far smaller.")
    shapes = [m.filename for m in members if m.filename.lower().endswith(".shp")]
    if not shapes:
        raise DataError(f"{name} holds no .shp file; a zipped Shapefile needs the layer's .shp, .shx, .dbf and "
                        ".prj files.")
    if len(shapes) > 1:
        raise DataError(f"{name} holds {len(shapes)} Shapefiles ({', '.join(shapes[:5])}); zip one layer only.")
    stem = shapes[0][:-4]
    parts = {m.filename[len(stem):].lower(): m for m in members
             if m.filename[:len(stem)] == stem and m.filename[len(stem):].lower() in _SHAPEFILE_PARTS}
    missing = [suffix for suffix in (".shx", ".dbf") if suffix not in parts]
    if missing:
        raise DataError(f"{name} has {PurePosixPath(shapes[0]).name} but no {' or '.join(missing)} beside it; a "
                        "Shapefile needs its .shp, .shx and .dbf files together.")
    return parts


def _read(path: Path, layer: str | None, name: str, max_features: int) -> tuple[dict, list[str]]:
    import pyogrio

    said = f"the layer '{layer}'" if layer else "the Shapefile"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL's remarks on odd headers; a failure raises below
            info = pyogrio.read_info(path, layer=layer)
            if info["geometry_type"] is None:
                raise DataError(f"{name}: {said} has no geometry, so no site has a position; export the "
                                "sites from your GIS as a point layer.")
            if info["features"] > max_features:
                raise DataError(f"{name}: {said} holds {info['features']:,} features, more than the "
                                f"{max_features:,} an import takes; a ward's sites file holds tens. Check that "
                                "this is the sites layer.")
            frame = pyogrio.read_dataframe(path, layer=layer, max_features=max_features)
    except (DataError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - GDAL's errors are many; each means the same to the user
        if "memory" in str(exc).lower():  # GDAL ran out: the reading worker's limit (geo.sites.gis_worker)
            raise MemoryError(str(exc)) from None
        raise DataError(f"{name} could not be read: the layer may be damaged, or not a point layer.") from None
    notes = []
    if frame.crs is not None and not _is_wgs84(frame.crs):
        crs = frame.crs
        code = crs.to_epsg()
        said = f"{crs.name} (EPSG:{code})" if code else crs.name
        try:
            frame = frame.to_crs("EPSG:4326")
        except Exception:  # noqa: BLE001 - pyproj's errors, as one sentence
            raise DataError(f"{name} is in {said}, which cannot be converted to WGS84; reproject it to "
                            "EPSG:4326 in your GIS and try again.") from None
        notes.append(f"the file is in {said}; its positions were reprojected to WGS84 (EPSG:4326).")
    return _collection(frame), notes


def _is_wgs84(crs) -> bool:
    return crs.to_epsg() == 4326 or crs.equals("OGC:CRS84")


def _collection(frame) -> dict:
    """A GeoDataFrame as the FeatureCollection of a sites GeoJSON: columns to flat properties."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    features = []
    for geometry, cells in zip(frame.geometry, frame[columns].itertuples(index=False, name=None), strict=False):
        props = {}
        for column, cell in zip(columns, cells, strict=False):
            key = schema.long_name(column)
            props[key] = schema.from_text(key, _plain(cell))
        features.append({"type": "Feature", "properties": props, "geometry": _geometry(geometry)})
    return {"type": "FeatureCollection", "features": features}


def _plain(cell):
    """A table cell as a JSON value: an empty cell as empty text, numbers and dates as Python's own."""
    import pandas

    if pandas.api.types.is_scalar(cell) and pandas.isna(cell):
        return ""
    if hasattr(cell, "isoformat"):  # a date or timestamp column
        return cell.isoformat()[:10]
    if hasattr(cell, "item"):  # a numpy number
        return cell.item()
    return cell


def _geometry(geometry) -> dict | None:
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type == "Point":
        return {"type": "Point", "coordinates": [round(c, 7) for c in geometry.coords[0]]}
    from shapely.geometry import mapping

    return json.loads(json.dumps(mapping(geometry)))  # tuples to the arrays GeoJSON has
