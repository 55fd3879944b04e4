"""RFC 7946 GeoJSON: decode a document safely and check its structure.

Knows nothing about sites.  Nothing here raises on bad input: every defect
becomes a Problem (an error or a warning) with a sentence for the user.
Coordinates are expected in WGS84 longitude and latitude (EPSG:4326)."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from geo.errors import DataError

MAX_BYTES = 50 * 1024 * 1024
MAX_DECIMALS = 7  # about 1 cm; anything finer is false precision (RFC 7946 §11.2)

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                  "GeometryCollection")
TYPES = ("Feature", "FeatureCollection") + GEOMETRY_TYPES

# How many arrays wrap the positions in each geometry type's coordinates.
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
_WHAT = ("a position (an array of numbers)", "an array of positions", "an array of lines or rings",
         "an array of polygons")

# Members that would give an object another type's meaning (RFC 7946 §7.1).
_FORBIDDEN = {"FeatureCollection": ("coordinates", "geometries", "geometry", "properties"),
              "Feature": ("coordinates", "geometries", "features"), "geometry": ("geometry", "properties", "features")}
_WGS84_NAMES = ("CRS84", "EPSG::4326", "EPSG:4326")


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One defect: where it is, which field, what is wrong and what to do."""

    message: str
    field: str = ""  # e.g. "geometry.coordinates[0]"
    feature: int | None = None  # index in the FeatureCollection's features
    name: str | None = None  # the feature's "name" property, when it has one
    severity: Level = Level.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Level.ERROR

    @property
    def where(self) -> str:
        """'feature 3 (George Mews)', or '' for the document as a whole."""
        if self.feature is None:
            return ""
        return f"feature {self.feature}" + (f" ({clean(self.name)})" if self.name else "")

    def __str__(self) -> str:
        return ": ".join(part for part in (self.where, clean(self.field, 80), self.message) if part)


class Parsed(NamedTuple):
    obj: object  # the decoded JSON, or None when it could not be decoded
    problems: list[Problem]

    errors = property(lambda self: [p for p in self.problems if p.is_error])
    warnings = property(lambda self: [p for p in self.problems if not p.is_error])


def clean(text: str, limit: int = 60) -> str:
    """User text made safe for one line of a terminal: no control characters, bounded length."""
    safe = (c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else f"\\x{ord(c):02x}" for c in text[:limit])
    return "".join(safe) + ("…" if len(text) > limit else "")


def show(value: object) -> str:
    """A short description of a JSON value for a message: its text for scalars, its kind otherwise."""
    if isinstance(value, str):
        return repr(clean(value, 40))
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return clean(repr(value), 30) if abs(value) < 1e300 else "a huge number"
    return {dict: "an object", list: "an array"}.get(type(value), type(value).__name__)


def kind(value: object) -> str:
    """'an object', 'an array', 'a string', 'a number', 'null', 'true' or 'false'."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return "a string" if isinstance(value, str) else "a number"
    return show(value)


def read_bytes(path: Path, *, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, or a DataError saying in one sentence why they cannot be had."""
    path = Path(path)
    try:
        if path.is_dir():
            raise DataError(f"{path} is a folder; give the path of a GeoJSON file.")
        size = path.stat().st_size
        if size > limit:
            raise DataError(f"{path} is {size / 1e6:.0f} MB; files over {limit / 1e6:.0f} MB are refused.")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise DataError(f"No file at {path}.") from None
    except OSError as exc:
        raise DataError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > limit:
        raise DataError(f"{path} is over {limit / 1e6:.0f} MB; files that large are refused.")
    return data


class _Refused(Exception):
    """A JSON value GeoJSON cannot hold, found while decoding."""


def _refuse_constant(name: str):
    raise _Refused(f"{name} is not a number JSON allows; write a finite number or null.")


def _finite_float(text: str) -> float:
    if not math.isfinite(value := float(text)):
        raise _Refused(f"the number {clean(text, 30)} is too large to be a coordinate or a value.")
    return value


def _looks_like_utf16(data: bytes) -> bool:
    """Text such as JSON saved as UTF-16 with no byte-order mark: a NUL byte beside nearly
    every character, all at odd offsets (little-endian) or all at even ones (big-endian)."""
    sample = bytes(data[:1024])
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return False
    even, odd = (half.count(0) / len(half) for half in (sample[0::2], sample[1::2]))
    return (odd >= 0.9 and even <= 0.1) or (even >= 0.9 and odd <= 0.1)


def _as_text(data: bytes | str) -> tuple[str | None, str]:
    """The document as text, or (None, why it cannot be read as UTF-8 text)."""
    if not isinstance(data, (bytes, bytearray)):
        return data, ""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, "the file is UTF-16 text; save it as UTF-8."
    if _looks_like_utf16(data):
        return None, "This file looks like UTF-16 text without a byte-order mark; save it as UTF-8."
    try:
        return bytes(data).decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        return None, f"the file is not UTF-8 text (bad byte at offset {exc.start}); is it really GeoJSON?"


def _has_broken_escape(text: str, obj: object) -> bool:
    """True when a \\u escape left a lone surrogate in a string (which no UTF-8 file can hold)."""
    if not re.search(r"\\u[dD][89a-fA-F]", text):
        return False
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError):
        return True
    return False


def decode(data: bytes | str) -> Parsed:
    """Strict JSON (RFC 8259 / I-JSON): UTF-8, finite numbers, unique keys. Never raises."""
    problem = lambda message: Parsed(None, [Problem(message)])  # noqa: E731
    data, unreadable = _as_text(data)
    if data is None:
        return problem(unreadable)
    if not data.strip():
        return problem("the file is empty.")
    duplicates: list[str] = []

    def unique(pairs):
        seen = {}
        for key, value in pairs:
            if key in seen and len(duplicates) < 10:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        obj = json.loads(data, object_pairs_hook=unique, parse_constant=_refuse_constant, parse_float=_finite_float)
    except _Refused as exc:
        return problem(str(exc))
    except json.JSONDecodeError as exc:
        rest = data[exc.pos:].rstrip()
        short = not rest or exc.msg.startswith("Unterminated string") and "\n" not in rest
        hint = "; the file ends too early: is it cut short?" if short else ""
        return problem(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}){hint}")
    except RecursionError:
        return problem("the JSON is nested too deeply to be GeoJSON.")
    except (ValueError, MemoryError, OverflowError):
        return problem("a number in the file is too long to read.")
    problems = [Problem(f"the key {show(k)} appears twice in one object; each key may appear once.")
                for k in dict.fromkeys(duplicates)]
    if _has_broken_escape(data, obj):
        problems.append(Problem("a string holds a broken \\u escape (a lone surrogate); fix the text."))
    return Parsed(obj, problems)


def parse(data: bytes | str, *, wgs84: bool = True) -> Parsed:
    """Decode and check a document; wgs84=False skips the longitude/latitude range check. Never raises."""
    decoded = decode(data)
    if decoded.obj is None and decoded.problems:
        return decoded
    return Parsed(decoded.obj, decoded.problems + check(decoded.obj, wgs84=wgs84))


def check(obj: object, *, wgs84: bool = True) -> list[Problem]:
    """Every RFC 7946 problem with a decoded document, errors and warnings."""
    checker = _Checker(wgs84)
    try:
        checker.root(obj)
    except RecursionError:
        checker.add("", "the document is nested too deeply to be GeoJSON.")
    return checker.problems


def _is_number(value: object) -> bool:
    try:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _decimals(value: float) -> int:
    exponent = Decimal(repr(value)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _ring_area(ring: list) -> float:
    """Twice the signed planar area: positive when anticlockwise."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))


def _range_message(lon: float, lat: float) -> str:
    at = f"[{show(lon)}, {show(lat)}]"
    if 1000 <= lon <= 700_000 and 1000 <= lat <= 1_300_000:
        return (f"{at} is not WGS84 longitude/latitude; it looks like British National Grid (EPSG:27700) "
                "eastings and northings. Reproject the file to WGS84 (EPSG:4326), e.g. ogr2ogr -t_srs EPSG:4326.")
    if abs(lat) > 90 >= abs(lon) and abs(lat) <= 180:
        return f"{at}: latitude {show(lat)} is beyond ±90; are longitude and latitude swapped? Longitude comes first."
    return (f"{at} is outside WGS84 longitude (-180..180) and latitude (-90..90); "
            "the file may be in a projected CRS: reproject it to WGS84 (EPSG:4326).")


class _Checker:
    def __init__(self, wgs84: bool):
        self.wgs84 = wgs84
        self.problems: list[Problem] = []
        self.feature: int | None = None
        self.name: str | None = None
        self.precision_flagged = False

    def add(self, field: str, message: str, severity: Level = Level.ERROR) -> None:
        self.problems.append(Problem(message, field, self.feature, self.name, severity))

    def root(self, obj: object) -> None:
        if not isinstance(obj, dict):
            self.add("", f"the document is {kind(obj)}, not a JSON object; GeoJSON starts with {{\"type\": ...}}.")
            return
        kind_ = self.type_of(obj, "", TYPES)
        if kind_:
            {"FeatureCollection": self.collection, "Feature": self.feature_}.get(kind_, self.geometry)(obj)

    def type_of(self, obj: dict, field: str, allowed: tuple[str, ...]) -> str | None:
        """The object's type, reporting a missing, misspelt or unexpected one; None when unusable."""
        at = f"{field}.type" if field else "type"
        value = obj.get("type")
        if "type" not in obj:
            guess = ("Feature" if "geometry" in obj or "properties" in obj else
                     "FeatureCollection" if "features" in obj else None)
            if guess in allowed:
                self.add(at, f"missing; this looks like a {guess}: add \"type\": \"{guess}\".")
                return guess
            self.add(at, f"missing; every GeoJSON object needs a type, one of: {', '.join(allowed)}.")
            return None
        if not isinstance(value, str):
            self.add(at, f"'type' must be a string such as \"{allowed[0]}\", not {kind(value)}.")
            return None
        if value in allowed:
            return value
        fixed = next((t for t in allowed if t.lower() == value.lower()), None)
        if fixed:
            self.add(at, f"{show(value)} is not a GeoJSON type; types are case-sensitive: use \"{fixed}\".")
            return fixed
        expected = f"expected \"{allowed[0]}\"" if len(allowed) == 1 else f"use one of: {', '.join(allowed)}"
        self.add(at, f"{show(value)} is not a GeoJSON type here; {expected}.")
        return None

    def members(self, obj: dict, field: str, role: str, label: str) -> None:
        """bbox, crs and members that would change the object's meaning."""
        prefix = f"{field}." if field else ""
        for name in _FORBIDDEN[role]:
            if name in obj:
                self.add(prefix + name, f"a {label} must not have a '{name}' member (RFC 7946 §7.1); remove it.")
        if "crs" in obj:
            self.crs(obj["crs"], prefix + "crs")
        if "bbox" in obj:
            self.bbox(obj["bbox"], prefix + "bbox")

    def crs(self, value: object, field: str) -> None:
        props = value.get("properties") if isinstance(value, dict) else None
        name = props.get("name") if isinstance(props, dict) else None
        if isinstance(name, str) and name.upper().endswith(_WGS84_NAMES):
            self.add(field, "the 'crs' member was dropped by RFC 7946; it names WGS84 anyway, so delete it.",
                     Level.WARNING)
        else:
            self.add(field, "the 'crs' member was dropped by RFC 7946: GeoJSON is always WGS84 longitude/latitude; "
                     "reproject the file to WGS84 (EPSG:4326) and remove 'crs'.")

    def bbox(self, value: object, field: str) -> None:
        if not isinstance(value, list):
            self.add(field, f"bbox must be an array of 4 or 6 numbers, not {kind(value)}.")
        elif len(value) not in (4, 6):
            self.add(field, f"bbox must have 4 or 6 numbers (2D or 3D); found {len(value)}.")
        else:
            bad = next((i for i, v in enumerate(value) if not _is_number(v)), None)
            if bad is not None:
                item = value[bad]
                self.add(f"{field}[{bad}]", f"bbox values must be numbers; this is {kind(item)} {show(item)}.")

    def collection(self, obj: dict) -> None:
        self.members(obj, "", "FeatureCollection", "FeatureCollection")
        features = obj.get("features")
        if not isinstance(features, list):
            self.add("features", "missing; a FeatureCollection needs a 'features' array (it may be empty)."
                     if "features" not in obj else f"'features' must be an array, not {kind(features)}.")
            return
        for i, feature in enumerate(features):
            self.feature = i
            props = feature.get("properties") if isinstance(feature, dict) else None
            self.name = props.get("name") if isinstance(props, dict) and isinstance(props.get("name"), str) else None
            self.feature_(feature)
        self.feature, self.name = None, None

    def feature_(self, obj: object) -> None:
        if not isinstance(obj, dict):
            self.add("", f"must be a Feature object, not {kind(obj)}.")
            return
        if self.type_of(obj, "", ("Feature",)) is None:
            return
        self.members(obj, "", "Feature", "Feature")
        if "id" in obj and (isinstance(obj["id"], bool) or not isinstance(obj["id"], (str, int, float))):
            self.add("id", f"'id' must be a string or a number, not {kind(obj['id'])}.")
        if "properties" not in obj:
            self.add("properties", "missing; a Feature needs 'properties' (an object, or null).")
        elif obj["properties"] is not None and not isinstance(obj["properties"], dict):
            self.add("properties", f"'properties' must be an object or null, not {kind(obj['properties'])}.")
        if "geometry" not in obj:
            self.add("geometry", "missing; a Feature needs 'geometry' (a geometry object, or null).")
        elif obj["geometry"] is not None:
            self.geometry(obj["geometry"], "geometry")

    def geometry(self, obj: object, field: str = "", in_collection: bool = False) -> None:
        if not isinstance(obj, dict):
            self.add(field, f"must be a geometry object or null, not {kind(obj)}.")
            return
        kind_ = self.type_of(obj, field, GEOMETRY_TYPES)
        if kind_ is None:
            return
        self.members(obj, field, "geometry", kind_)
        prefix = f"{field}." if field else ""
        if kind_ == "GeometryCollection":
            self.collection_of_geometries(obj, prefix, in_collection)
        elif "coordinates" not in obj:
            self.add(prefix + "coordinates", f"missing; a {kind_} needs a 'coordinates' array.")
        elif self.shape(obj["coordinates"], _DEPTH[kind_], prefix + "coordinates", kind_):
            self.rules(obj["coordinates"], kind_, prefix + "coordinates")

    def collection_of_geometries(self, obj: dict, prefix: str, nested: bool) -> None:
        field = prefix + "geometries"
        if nested:  # reported, and not descended into: nesting could go arbitrarily deep
            self.add(prefix.rstrip("."), "a GeometryCollection inside a GeometryCollection (RFC 7946 §3.1.8); "
                     "flatten it into one collection.")
            return
        members = obj.get("geometries")
        if not isinstance(members, list):
            self.add(field, f"a GeometryCollection needs a 'geometries' array, not {kind(members)}.")
            return
        if len(members) == 1:
            self.add(field, "a GeometryCollection with only one geometry (RFC 7946 §3.1.8); "
                     "use that geometry itself.")
        for i, member in enumerate(members):
            self.geometry(member, f"{field}[{i}]", in_collection=True)

    def shape(self, coords: object, depth: int, field: str, kind_: str) -> bool:
        """True when `coords` is `depth` arrays around valid positions; reports the first defect."""
        if depth == 0:
            return self.position(coords, field)
        if not isinstance(coords, list):
            self.add(field, f"{kind_} coordinates need {_WHAT[depth]} here, but found {kind(coords)}.")
            return False
        for i, item in enumerate(coords):
            if not isinstance(item, list):
                point = len(coords) in (2, 3) and all(map(_is_number, coords))
                hint = "; these numbers look like a Point's coordinates" if point else ""
                self.add(f"{field}[{i}]", f"{kind_} coordinates need {_WHAT[depth - 1]} here, "
                         f"but found {kind(item)}{hint}.")
                return False
            if not self.shape(item, depth - 1, f"{field}[{i}]", kind_):
                return False
        return True

    def position(self, value: object, field: str) -> bool:
        if not isinstance(value, list):
            self.add(field, f"a position must be an array of 2 or 3 numbers, not {kind(value)}.")
            return False
        bad = next((i for i, v in enumerate(value) if not _is_number(v)), None)
        if bad is not None:
            item = value[bad]
            found = f"{show(item)} is a string: write numbers without quotes" if isinstance(item, str) else (
                f"found {kind(item)}")
            self.add(f"{field}[{bad}]", f"a position holds numbers; {found}.")
            return False
        if len(value) < 2:
            self.add(field, f"a position needs longitude and latitude; found only {len(value)} number(s).")
            return False
        if len(value) > 3:
            self.add(field, f"a position has at most 3 numbers (longitude, latitude, height); found {len(value)}.")
            return False
        return True

    def rules(self, coords: list, kind_: str, field: str) -> None:
        """Counts, closed rings, winding, ranges and precision, once the nesting is right."""
        if kind_ in ("LineString", "Polygon"):
            parts = [(field, coords)]
        elif kind_ in ("MultiLineString", "MultiPolygon"):
            parts = [(f"{field}[{i}]", part) for i, part in enumerate(coords)]
        else:
            parts = []
        for at, part in parts:
            if "Line" in kind_ and len(part) < 2:
                self.add(at, f"a line needs at least 2 positions; found {len(part)}.")
                return
            if "Polygon" in kind_ and not self.polygon(part, at):
                return
        positions = [coords] if kind_ == "Point" else list(_flatten(coords, _DEPTH[kind_]))
        if self.wgs84:
            outside = next((p for p in positions if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90)), None)
            if outside is not None:
                self.add(field, _range_message(outside[0], outside[1]))
        if not self.precision_flagged:
            fine = next((v for p in positions for v in p[:2] if isinstance(v, float) and _decimals(v) > MAX_DECIMALS),
                        None)
            if fine is not None:
                self.precision_flagged = True
                self.add(field, f"{show(fine)} has {_decimals(fine)} decimal places, finer than 1 cm; 6 (about 10 cm) "
                         "is plenty (RFC 7946 §11.2). Only the first such value is reported.", Level.WARNING)

    def polygon(self, rings: list, field: str) -> bool:
        for i, ring in enumerate(rings):
            at = f"{field}[{i}]"
            if len(ring) < 4:
                self.add(at, "a linear ring needs at least 4 positions (the first repeated at the end); "
                         f"found {len(ring)}.")
                return False
            if ring[0] != ring[-1]:
                self.add(at, f"a linear ring must end where it starts: first position {ring[0]} "
                         f"differs from last {ring[-1]}.")
                return False
        for i, ring in enumerate(rings):
            area = _ring_area(ring)
            if i == 0 and area < 0:
                self.add(f"{field}[0]", "the exterior ring runs clockwise; RFC 7946 §3.1.6 asks for anticlockwise "
                         "(right-hand rule). Accepted, but rewind it.", Level.WARNING)
            elif i > 0 and area > 0:
                self.add(f"{field}[{i}]", f"interior ring {i} (a hole) runs anticlockwise; RFC 7946 §3.1.6 asks for "
                         "clockwise holes (right-hand rule). Accepted, but rewind it.", Level.WARNING)
        return True


def _flatten(coords: list, depth: int):
    if depth == 0:
        yield coords
        return
    for item in coords:
        yield from _flatten(item, depth - 1)
