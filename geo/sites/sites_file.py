"""Sites files: the site schema (geo.sites.schema) on top of geo.sites.geojson, and the way back.

A sites file is an RFC 7946 FeatureCollection of Points (WGS84 longitude and
latitude, EPSG:4326), one per site, with the flat properties geo.sites.schema
declares; data/sites.geojson is the reference.  A GeoPackage or a zipped
Shapefile (geo.sites.gis) is turned into the same features and checked the same way."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Collection

from geo.sites import geojson
from geo.sites import schema
from geo.errors import DataError
from geo.sites.geojson import Level, Problem
from geo.model import Site



@dataclass(frozen=True)
class SiteCheck:
    """The outcome of checking a sites document.  `sites` holds every feature that passed;
    use them only when `ok`."""

    sites: tuple[Site, ...]
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def describe(self, limit: int = 20) -> str:
        """The errors as lines of text, at most `limit` of them."""
        lines = [str(p) for p in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"... and {len(self.errors) - limit} more.")
        return "\n".join(lines)


class _Report:
    """Collects one feature's problems, each naming the feature by index and name."""

    def __init__(self, index: int, feature: dict):
        props = feature.get("properties")
        name = props.get(schema.NAME.name) if isinstance(props, dict) else None
        self.index, self.name = index, name if isinstance(name, str) else None
        self.problems: list[Problem] = []

    def __call__(self, field: str, message: str, severity: Level = Level.ERROR) -> None:
        self.problems.append(Problem(message, field, self.index, self.name, severity))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def check_sites(data: bytes | str | dict, *, commitment_ids: Collection[str], boundary=None) -> SiteCheck:
    """Check a sites document: GeoJSON structure, then the site schema.

    `data` is the file's bytes or text, or an already decoded dict.  `commitment_ids`
    are the action plan's ids; `boundary` is the ward's shapely geometry in WGS84,
    or None to skip the inside-the-ward check.  Never raises on bad input."""
    parsed = _parsed(data)
    if isinstance(parsed, Problem):
        return SiteCheck((), (parsed,), ())
    problems = list(parsed.problems)
    doc = parsed.obj
    is_collection = isinstance(doc, dict) and doc.get("type") == "FeatureCollection"
    if isinstance(doc, dict) and not is_collection and not parsed.errors:
        problems.append(Problem(f"a sites file must be a FeatureCollection of Points, not a {doc.get('type')}."))
    features = doc.get("features") if is_collection and isinstance(doc.get("features"), list) else []
    broken = {p.feature for p in parsed.errors}  # features already refused by geo.sites.geojson
    inside = _inside(boundary)
    sites: list[Site] = []
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, feature in enumerate(features):
        if i in broken or not isinstance(feature, dict):
            continue
        report = _Report(i, feature)
        site = _feature(feature, commitment_ids, report)
        if site is not None:
            if site.site_id in ids:
                report(schema.SITE_ID.name, f"'{site.site_id}' is already used by feature {ids[site.site_id]}; "
                       "site ids must be unique.")
            name_key = schema.name_key(site.name)
            if name_key in names:
                report(schema.NAME.name, f"feature {names[name_key]} has the same name; names must be unique.")
            ids.setdefault(site.site_id, i)
            names.setdefault(name_key, i)
            if inside and not inside(site.lon, site.lat):
                report("geometry.coordinates", _outside_message(site, inside), Level.WARNING)
            if not report.has_errors:
                sites.append(site)
        problems.extend(report.problems)
    return SiteCheck(tuple(sites), tuple(p for p in problems if p.is_error),
                     tuple(p for p in problems if not p.is_error))


def _parsed(data: bytes | str | dict) -> geojson.Parsed | Problem:
    """The document decoded and checked as GeoJSON; or, when it holds more features than an
    import takes, that one Problem, found before any feature is checked (each costs time)."""
    from geo.sites.gis import MAX_FEATURES

    decoded = geojson.Parsed(data, []) if isinstance(data, dict) else geojson.decode(data)
    features = decoded.obj.get("features") if isinstance(decoded.obj, dict) else None
    if isinstance(features, list) and len(features) > MAX_FEATURES:
        return Problem(f"the file holds {len(features):,} features, more than the {MAX_FEATURES:,} an import "
                       "takes; a ward's sites file holds tens. Check that this is the sites file.")
    if decoded.obj is None and decoded.problems:
        return decoded
    return geojson.Parsed(decoded.obj, decoded.problems + geojson.check(decoded.obj))


def _feature(feature: dict, known: Collection[str], problem) -> Site | None:
    """One structurally valid feature as a Site, reporting schema problems through `problem`."""
    geometry, props = feature.get("geometry"), feature.get("properties")
    point = None
    if not isinstance(geometry, dict):
        problem("geometry", "a site needs a Point geometry; this one has none.")
    elif geometry.get("type") != "Point":
        problem("geometry.type", f"sites are Points; this is a {geometry.get('type')}. Put a Point at the site.")
    else:
        point = geometry["coordinates"]
        if len(point) == 3:
            problem("geometry.coordinates", "the third number (height) is ignored.", Level.WARNING)
    if not isinstance(props, dict):
        problem("properties", f"a site needs properties ({', '.join(schema.NAMES[:5])}, ...); this one has none.")
        return None
    for key in props:
        if key not in schema.NAMES and key not in schema.EXTRA_NAMES:
            near = difflib.get_close_matches(key, schema.NAMES, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else "."
            problem(key, f"not a site property, so it is ignored{hint}", Level.WARNING)
    values, problems = schema.check_properties(props, known)  # checked even without a point, to report everything
    for f, message in problems:
        problem(f.name, message)
    site = None if problems else schema.site_from(values, *(point or [0, 0])[:2])
    if site is not None and "id" in feature and feature["id"] != site.site_id:
        problem("id", f"the feature id {geojson.show(feature['id'])} differs from {schema.SITE_ID.name} "
                f"'{site.site_id}'; "
                "make them the same, or drop id.")
    return site if point is not None else None


def _inside(boundary):
    """A fast point-in-ward test for a shapely geometry in WGS84, or None without one."""
    if boundary is None:
        return None
    from shapely.geometry import Point
    from shapely.prepared import prep

    prepared = prep(boundary)
    return lambda lon, lat: prepared.covers(Point(lon, lat))


def _outside_message(site: Site, inside) -> str:
    at = f"({site.lon}, {site.lat})"
    if inside(site.lat, site.lon):
        return (f"{at} is outside the ward, but inside it with longitude and latitude swapped; "
                "GeoJSON puts longitude first.")
    return f"{at} is outside the ward boundary; check the position."


def check_site_file(data: bytes, filename: str, *, commitment_ids: Collection[str], boundary=None) -> SiteCheck:
    """Check a sites file: a GeoPackage (.gpkg) or zipped Shapefile (.zip), known by its name or its
    first bytes, is turned into features in a worker with time and memory limits (geo.sites.gis_worker)
    and checked as GeoJSON is; anything else is read as GeoJSON.  Never raises on bad input: an
    unreadable file, or one past a limit, is one error."""
    from geo.sites.gis_worker import read_bounded

    suffix = Path(filename).suffix.lower()
    if suffix == ".gpkg" or data[:16] == b"SQLite format 3\x00":
        kind = "gpkg"
    elif suffix == ".zip" or data[:4] == b"PK\x03\x04":
        kind = "zip"
    else:
        return check_sites(data, commitment_ids=commitment_ids, boundary=boundary)
    try:
        collection, notes = read_bounded(data, kind, geojson.clean(Path(filename).name))
    except DataError as exc:
        return SiteCheck((), (Problem(str(exc)),), ())
    result = check_sites(collection, commitment_ids=commitment_ids, boundary=boundary)
    notes = tuple(Problem(note, severity=Level.WARNING) for note in notes)
    return SiteCheck(result.sites, result.errors, notes + result.warnings)


def read_sites(path: Path, ward, plan) -> list[Site]:
    """The sites in a file, checked against the plan's commitments and the ward's boundary.

    Raises DataError listing the problems; warnings are not raised."""
    path = Path(path)
    result = check_site_file(geojson.read_bytes(path), path.name, commitment_ids=plan.ids, boundary=ward.boundary)
    if not result.ok:
        raise DataError(f"{path.name} has {len(result.errors)} problem(s):\n{result.describe()}")
    return list(result.sites)


def load_sites(ward, plan) -> list[Site]:
    """The ward's own sites file, as named in ward.json."""
    return read_sites(ward.path("sites"), ward, plan)

