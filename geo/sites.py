"""Sites as GeoJSON: the site schema on top of geo.geojson, and the way back.

A sites file is an RFC 7946 FeatureCollection of Points (WGS84 longitude and
latitude, EPSG:4326), one per site, with flat properties: site_id, name,
position, confidence, position_source and, for each topic, <topic>_status,
<topic>_detail, <topic>_as_of and <topic>_commitments.  data/sites.geojson
is the reference."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Collection, Iterable

from geo import geojson
from geo.errors import DataError
from geo.geojson import Level, Problem
from geo.model import Site, TopicState
from geo.status import Position, Status, Topic

SITE_ID_MAX = 64
NAME_MAX = 80
TEXT_MAX = 300  # one-line texts: details and position sources
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_AS_OF = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")

PROPERTIES = ("site_id", "name", "position", "confidence", "position_source") + tuple(
    f"{topic.value}_{part}" for topic in Topic for part in ("status", "detail", "as_of", "commitments"))


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


class _Bad(ValueError):
    """A property value that breaks the schema; the message is for the user."""


def _text(value: object, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"must be {what} (text), not {geojson.kind(value)}.")
    if not value.strip():
        raise _Bad(f"is empty; give {what}.")
    if "\n" in value or "\r" in value or not value.isprintable():
        raise _Bad("must be one line of plain text: no line breaks or control characters.")
    if len(value) > limit:
        raise _Bad(f"is {len(value)} characters; keep it to {limit}.")
    if value != value.strip():
        raise _Bad("starts or ends with spaces; remove them.")
    return value


def _site_id(value: object) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value) or len(value) > SITE_ID_MAX:
        raise _Bad(f"{geojson.show(value)} is not a site id; use lower-case letters, digits and single hyphens, "
                   f"e.g. 'george-mews' (at most {SITE_ID_MAX} characters).")
    return value


def _choice(value: object, enum, what: str):
    try:
        return enum(value)
    except (ValueError, TypeError):
        raise _Bad(f"{geojson.show(value)} is not {what}; use one of: {', '.join(e.value for e in enum)}.") from None


def _as_of(value: object) -> str:
    try:
        if isinstance(value, str) and _AS_OF.fullmatch(value):
            date.fromisoformat(value if len(value) == 10 else value + "-01")
            return value
    except ValueError:
        pass
    raise _Bad(f"{geojson.show(value)} is not a date; write YYYY-MM-DD or YYYY-MM, e.g. 2019-02.")


def _commitments(value: object, known: Collection[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Bad(f"must be a list of commitment ids, e.g. [\"st-4\"], not {geojson.kind(value)}.")
    for cid in value:
        if not isinstance(cid, str):
            raise _Bad(f"commitment ids are text; {geojson.show(cid)} is {geojson.kind(cid)}.")
        if cid not in known:
            near = difflib.get_close_matches(cid, sorted(known), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; the plan has: {', '.join(sorted(known))}."
            raise _Bad(f"{geojson.show(cid)} is not a commitment in the action plan{hint}")
    if len(set(value)) < len(value):
        raise _Bad("lists the same commitment twice.")
    return tuple(value)


def _site(props: dict, point: list, known: Collection[str], problem) -> Site | None:
    """The Site these properties describe, or None after reporting each bad value."""
    values = {}

    def take(key, convert, *args):
        if key not in props:
            problem(key, "missing; every site needs it.")
            return
        try:
            values[key] = convert(props[key], *args)
        except _Bad as exc:
            problem(key, str(exc))

    take("site_id", _site_id)
    take("name", _text, NAME_MAX, "the site's name")
    take("position", _choice, Position, "a position")
    take("confidence", _text, NAME_MAX, "how confident the position is, e.g. 'low'")
    take("position_source", _text, TEXT_MAX, "where the position comes from")
    for topic in Topic:
        take(f"{topic.value}_status", _choice, Status, "a status")
        take(f"{topic.value}_detail", _text, TEXT_MAX, f"a line on {topic.value}")
        take(f"{topic.value}_as_of", _as_of)
        take(f"{topic.value}_commitments", _commitments, known)
    if len(values) < len(PROPERTIES):
        return None
    topics = {t: TopicState(values[f"{t.value}_status"], values[f"{t.value}_detail"], values[f"{t.value}_as_of"],
                            values[f"{t.value}_commitments"]) for t in Topic}
    return Site(values["site_id"], values["name"], float(point[0]), float(point[1]), values["position"],
                values["confidence"], values["position_source"], topics)


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


class _Report:
    """Collects one feature's problems, each naming the feature by index and name."""

    def __init__(self, index: int, feature: dict):
        props = feature.get("properties")
        name = props.get("name") if isinstance(props, dict) else None
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
    parsed = geojson.Parsed(data, geojson.check(data)) if isinstance(data, dict) else geojson.parse(data)
    problems = list(parsed.problems)
    doc = parsed.obj
    is_collection = isinstance(doc, dict) and doc.get("type") == "FeatureCollection"
    if isinstance(doc, dict) and not is_collection and not parsed.errors:
        problems.append(Problem(f"a sites file must be a FeatureCollection of Points, not a {doc.get('type')}."))
    features = doc.get("features") if is_collection and isinstance(doc.get("features"), list) else []
    broken = {p.feature for p in parsed.errors}  # features already refused by geo.geojson
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
                report("site_id", f"'{site.site_id}' is already used by feature {ids[site.site_id]}; "
                       "site ids must be unique.")
            if _name_key(site.name) in names:
                report("name", f"feature {names[_name_key(site.name)]} has the same name; names must be unique.")
            ids.setdefault(site.site_id, i)
            names.setdefault(_name_key(site.name), i)
            if inside and not inside(site.lon, site.lat):
                report("geometry.coordinates", _outside_message(site, inside), Level.WARNING)
            if not report.has_errors:
                sites.append(site)
        problems.extend(report.problems)
    return SiteCheck(tuple(sites), tuple(p for p in problems if p.is_error),
                     tuple(p for p in problems if not p.is_error))


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
        problem("properties", f"a site needs properties ({', '.join(PROPERTIES[:5])}, ...); this one has none.")
        return None
    for key in props:
        if key not in PROPERTIES:
            near = difflib.get_close_matches(key, PROPERTIES, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else "."
            problem(key, f"not a site property, so it is ignored{hint}", Level.WARNING)
    site = _site(props, point or [0, 0], known, problem)  # checked even without a point, to report everything
    if site is not None and "id" in feature and feature["id"] != site.site_id:
        problem("id", f"the feature id {geojson.show(feature['id'])} differs from site_id '{site.site_id}'; "
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
        return f"{at} is outside the ward, but inside it with longitude and latitude swapped; GeoJSON puts longitude first."
    return f"{at} is outside the ward boundary; check the position."


def read_sites(path: Path, ward, plan) -> list[Site]:
    """The sites in a file, checked against the plan's commitments and the ward's boundary.

    Raises DataError listing the problems; warnings are not raised."""
    path = Path(path)
    result = check_sites(geojson.read_bytes(path), commitment_ids=plan.ids, boundary=ward.boundary)
    if not result.ok:
        raise DataError(f"{path.name} has {len(result.errors)} problem(s):\n{result.describe()}")
    return list(result.sites)


def load_sites(ward, plan) -> list[Site]:
    """The ward's own sites file, as named in ward.json."""
    return read_sites(ward.path("sites"), ward, plan)


def site_properties(site: Site) -> dict:
    """The flat properties of one site, in file order."""
    props = {"site_id": site.site_id, "name": site.name, "position": site.position.value,
             "confidence": site.confidence, "position_source": site.position_source}
    for topic in Topic:
        state = site.state(topic)
        props.update({f"{topic.value}_status": state.status.value, f"{topic.value}_detail": state.detail,
                      f"{topic.value}_as_of": state.as_of, f"{topic.value}_commitments": list(state.commitments)})
    return props


def sites_to_geojson(sites: Iterable[Site]) -> dict:
    """An RFC 7946 FeatureCollection (WGS84) that check_sites reads back to the same sites."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": s.site_id, "properties": site_properties(s),
         "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]}} for s in sites]}


def sites_to_frame(sites: Iterable[Site]):
    """A geopandas GeoDataFrame in EPSG:4326: one row per site, flat columns.

    Commitments are comma-separated ids ("st-4,st-8"); lon and lat are columns too."""
    import geopandas
    from shapely.geometry import Point

    rows = []
    for site in sites:
        row = site_properties(site)
        for topic in Topic:
            row[f"{topic.value}_commitments"] = ",".join(row[f"{topic.value}_commitments"])
        rows.append({**row, "lon": site.lon, "lat": site.lat})
    columns = list(PROPERTIES) + ["lon", "lat"]
    geometry = [Point(r["lon"], r["lat"]) for r in rows]
    return geopandas.GeoDataFrame(rows, columns=columns, geometry=geometry, crs="EPSG:4326")
