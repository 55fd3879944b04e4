"""The checks a value passes before the store writes it: lengths, choices,
dates, versions, and positions inside the ward (WGS84 longitude and latitude).
Each failure is an InvalidInput whose sentence names the field."""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, UTC

from geo import clock
from geo.sites import geojson
from geo.sites import schema
from geo.errors import InvalidInput
from geo.records import GATING_REVIEW
from geo.model import Annotation, GatingReview, Site, TopicState, describe_date
from geo.status import Category, Severity, Topic, Visibility
from geo.fields import check_enum, check_text
from geo.limits import NAME_MAX
from geo.records import DESIGN_NOTE

_MONTH = re.compile(r"\d{4}-\d{2}")
PAD_DEGREES = 0.01  # about 700 m east-west and 1.1 km north-south in London


def check_version(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput("The version of the record you opened must be a whole number from 1 up; reload the page.")
    return value


def check_since(value: str) -> str:
    """An ISO date or timestamp, as UTC text comparable with history.at."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise InvalidInput(f"'Since' must be a date (YYYY-MM-DD) or a timestamp, not '{value}'.") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Bounds:
    """Where a point may go: the ward's bounding box padded a little, or anywhere in WGS84."""

    west: float = -180.0
    south: float = -90.0
    east: float = 180.0
    north: float = 90.0
    place: str = "the world"

    @classmethod
    def of_ward(cls, ward) -> Bounds:
        if ward is None:
            return cls()
        west, south, east, north = ward.boundary.bounds
        return cls(max(west - PAD_DEGREES, -180), max(south - PAD_DEGREES, -90),
                   min(east + PAD_DEGREES, 180), min(north + PAD_DEGREES, 90), f"{ward.name} ward")

    def check(self, lon, lat) -> tuple[float, float]:
        """(lon, lat) as floats, WGS84 degrees, or InvalidInput."""
        out = []
        for label, value in (("Longitude", lon), ("Latitude", lat)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InvalidInput(f"{label} must be a number of degrees, not {value!r}.")
            out.append(float(value))
        lon, lat = out
        if not (self.west <= lon <= self.east and self.south <= lat <= self.north):
            raise InvalidInput(
                f"The point {lon:.6f}, {lat:.6f} (longitude, latitude) is outside {self.place}: longitude must be "
                f"between {self.west:.4f} and {self.east:.4f} and latitude between {self.south:.4f} "
                f"and {self.north:.4f}.")
        return lon, lat


def check_review(review: GatingReview) -> GatingReview:
    if not isinstance(review, GatingReview):
        raise InvalidInput("The gating review is missing.")
    return GatingReview(**GATING_REVIEW.check(asdict(review)))


def check_site(site: Site, bounds: Bounds) -> Site:
    """The site with its values as geo.model holds them, or InvalidInput for the first bad field:
    the same check, and the same sentence, as a sites file gets (geo.sites.schema.check_properties)."""
    if not isinstance(site, Site):
        raise InvalidInput("Each site must be a Site.")
    who = f"Site {geojson.show(site.site_id)}"
    for topic in Topic:
        if not isinstance(site.topics.get(topic), TopicState):
            raise InvalidInput(f"{who}: {topic.label} status is missing.")
    values, problems = schema.check_properties(schema.properties(site))
    if problems:
        field, message = problems[0]
        raise InvalidInput(message_for(field, message, who=None if field is schema.SITE_ID else who))
    lon, lat = bounds.check(site.lon, site.lat)
    return schema.site_from(values, lon, lat, site.version)


def check_field(field: schema.Field, value):
    """One field's value as geo.model holds it, or InvalidInput saying what is wrong, as a file would hear."""
    try:
        return field.check(schema.file_value(value), None)
    except schema.Invalid as exc:
        raise InvalidInput(message_for(field, str(exc))) from None


def message_for(field: schema.Field, message: str, who: str | None = None) -> str:
    """'Site 'george-mews': Site name: is 120 characters; keep it to 100.'"""
    return ": ".join(part for part in (who, field.label, message) if part)


def check_annotation(a: Annotation, bounds: Bounds) -> Annotation:
    if not isinstance(a, Annotation):
        raise InvalidInput("The annotation is missing.")
    site_id = a.site_id or None
    if site_id is not None and not isinstance(site_id, str):
        raise InvalidInput("Site must be a site id.")
    if (a.lon is None) != (a.lat is None):
        raise InvalidInput("A point needs both a longitude and a latitude.")
    lon, lat = bounds.check(a.lon, a.lat) if a.lon is not None else (None, None)
    if site_id is None and lon is None:
        raise InvalidInput("An annotation needs a site or a point on the map.")
    return replace(
        a, site_id=site_id, lon=lon, lat=lat,
        category=check_enum(Category, a.category, "Category"),
        severity=check_enum(Severity, a.severity, "Severity"),
        observation=DESIGN_NOTE["observation"].check(a.observation),
        recommendation=DESIGN_NOTE["recommendation"].check(a.recommendation),
        visibility=check_enum(Visibility, a.visibility, "Visibility"))


def check_crime_rows(rows) -> list[tuple[str, str, str, int]]:
    """Each row (major, minor, 'YYYY-MM', count) once, for a month that has begun in London."""
    clean, seen = [], set()
    latest = clock.this_month()
    for i, row in enumerate(rows, start=1):
        try:
            major, minor, month, count = row
        except (TypeError, ValueError):
            raise InvalidInput(f"Crime row {i} must have a major category, minor category, month and count.") from None
        major = check_text(major, f"Crime row {i}: major category", NAME_MAX, required=True)
        minor = check_text(minor, f"Crime row {i}: minor category", NAME_MAX, required=True)
        if not isinstance(month, str) or not _MONTH.fullmatch(month) or not 1 <= int(month[5:]) <= 12:
            raise InvalidInput(f"Crime row {i}: month must be written YYYY-MM, not '{month}'.")
        if month > latest:
            raise InvalidInput(f"Crime row {i}: {describe_date(month)} has not started yet (it is "
                               f"{describe_date(latest)} in London); figures for months to come cannot be loaded.")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidInput(f"Crime row {i}: count must be a whole number from 0 up, not {count!r}.")
        if (major, minor, month) in seen:
            raise InvalidInput(f"Crime row {i}: {major} / {minor} for {month} appears twice.")
        seen.add((major, minor, month))
        clean.append((major, minor, month, count))
    if not clean:
        raise InvalidInput("There are no crime counts to load.")
    return clean
