"""A site's fields, declared once.

Each Field is one flat property of a sites file (data/sites.geojson is the
reference): its name, the words people read (label), a Shapefile column name
of at most 10 characters, the longest value it takes and the check its value
passes.  The per-topic fields (<topic>_status, _detail, _as_of and
_commitments) are made from geo.status.Topic, so a new topic or a new field
is a change here only.

Everything that reads or writes a site's fields asks this module: the file
checker (geo.sites.sites_file), the store's check (geo.checks), the history diff
(geo.db.rows), the exports (geo.opendata.site_export, geo.sites.gis) and the sites table
(geo.sites.summary).  `properties` is the one flattener; `check_properties` is the
one check, so a value is refused with the same sentence wherever it comes
from.  Extras are read-only properties the exports add (labels, public
annotations): a checker accepts them silently and ignores them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from collections.abc import Callable, Collection, Mapping

from geo.sites import geojson
from geo.model import Site, TopicState
from geo.status import TOPICS, Position, Status, Topic

SITE_ID_MAX = 64
NAME_MAX = 100  # names and other short texts
LINE_MAX = 300  # one-line texts: details and position sources
LIST_SEPARATOR = "; "  # how a list is written as text: CSV, GeoPackage, Shapefile and the history
LOCATION_KEY = "location"  # the history's key for a move: "lon,lat" (WGS84); files hold it as the geometry

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_AS_OF = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


class Invalid(ValueError):
    """A value that breaks the schema.  The message is a sentence for the user that leaves
    the field to the caller: 'is 120 characters; keep it to 100.'"""


# A check takes the value as a file holds it and the action plan's commitment ids (None when
# they are not known, as in the store), and returns the value as geo.model holds it.
Check = Callable[[object, "Collection[str] | None"], object]


@dataclass(frozen=True)
class Field:
    name: str  # the flat property in files and exports, e.g. "gating_status"
    label: str  # for people: "Gating status"
    short: str  # the Shapefile column, at most 10 characters
    check: Check
    read: Callable[[Site], object]  # the site's value as a file holds it
    limit: int | None = None  # longest text, in characters
    topic: Topic | None = None
    part: str = ""  # for a topic's fields: "status", "detail", "as_of" or "commitments"
    is_list: bool = False


@dataclass(frozen=True)
class Extra:
    """A read-only property the exports add; checkers accept and ignore it."""

    name: str
    label: str
    short: str | None = None  # the Shapefile column; None when it is no column (a list)
    after: str = ""  # the field it follows in a table
    read: Callable[[Site], object] | None = None


# --- checks -------------------------------------------------------------------------


def _text(limit: int, what: str) -> Check:
    def check(value, _known=None) -> str:
        if not isinstance(value, str):
            raise Invalid(f"must be {what} (text), not {geojson.kind(value)}.")
        if not value.strip():
            raise Invalid(f"is empty; give {what}.")
        if "\n" in value or "\r" in value or not value.isprintable():
            raise Invalid("must be one line of plain text: no line breaks or control characters.")
        if len(value) > limit:
            raise Invalid(f"is {len(value)} characters; keep it to {limit}.")
        if value != value.strip():
            raise Invalid("starts or ends with spaces; remove them.")
        return value
    return check


def _site_id(value, _known=None) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value) or len(value) > SITE_ID_MAX:
        raise Invalid(f"{geojson.show(value)} is not a site id; use lower-case letters, digits and single hyphens, "
                      f"e.g. 'george-mews' (at most {SITE_ID_MAX} characters).")
    return value


def _choice(enum: type[Enum], what: str) -> Check:
    def check(value, _known=None):
        try:
            return enum(value)
        except (ValueError, TypeError):
            raise Invalid(f"{geojson.show(value)} is not {what}; use one of: "
                          f"{', '.join(e.value for e in enum)}.") from None
    return check


def _as_of(value, _known=None) -> str:
    try:
        if isinstance(value, str) and _AS_OF.fullmatch(value):
            date.fromisoformat(value if len(value) == 10 else value + "-01")
            return value
    except ValueError:
        pass
    raise Invalid(f"{geojson.show(value)} is not a date; write YYYY-MM-DD or YYYY-MM, e.g. 2019-02.")


def _commitments(value, known: Collection[str] | None) -> tuple[str, ...]:
    import difflib

    if not isinstance(value, (list, tuple)):
        raise Invalid(f"must be a list of commitment ids, e.g. [\"st-4\"], not {geojson.kind(value)}.")
    for cid in value:
        if not isinstance(cid, str):
            raise Invalid(f"commitment ids are text; {geojson.show(cid)} is {geojson.kind(cid)}.")
        if known is None and not cid.strip():
            raise Invalid("a commitment id is empty.")
        if known is not None and cid not in known:
            near = difflib.get_close_matches(cid, sorted(known), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; the plan has: {', '.join(sorted(known))}."
            raise Invalid(f"{geojson.show(cid)} is not a commitment in the action plan{hint}")
    if len(set(value)) < len(value):
        raise Invalid("lists the same commitment twice.")
    return tuple(value)


def file_value(value):
    """An enum member as the code a file holds; anything else as it is (the check says what is wrong)."""
    return value.value if isinstance(value, Enum) else value


def _state(site: Site, topic: Topic) -> TopicState:
    return site.topics[topic]


# --- the fields -----------------------------------------------------------------------

def _text_field(name: str, label: str, short: str, limit: int, what: str, read, **more) -> Field:
    """A one-line text field: `what` completes "must be ..." in its messages."""
    return Field(name, label, short, _text(limit, what), read, limit, **more)


SITE_ID = Field("site_id", "Site id", "site_id", _site_id, lambda s: s.site_id, SITE_ID_MAX)
NAME = _text_field("name", "Site name", "name", NAME_MAX, "the site's name", lambda s: s.name)
POSITION = Field("position", "Position", "position", _choice(Position, "a position"), lambda s: file_value(s.position))
CONFIDENCE = _text_field("confidence", "Position confidence", "confidence", NAME_MAX,
                         "how confident the position is, e.g. 'low'", lambda s: s.confidence)
POSITION_SOURCE = _text_field("position_source", "Position source", "pos_source", LINE_MAX,
                              "where the position comes from", lambda s: s.position_source)


def _topic_fields(topic: Topic) -> tuple[Field, ...]:
    """A topic's four fields: named <topic>_<part>, labelled "<Topic> <part>", short <top>_<part>."""
    t, label, short = topic.value, topic.label, topic.value[:3]
    return (
        Field(f"{t}_status", f"{label} status", f"{short}_status", _choice(Status, "a status"),
              lambda s: file_value(_state(s, topic).status), topic=topic, part="status"),
        _text_field(f"{t}_detail", f"{label} details", f"{short}_detail", LINE_MAX, f"a line on {t}",
                    lambda s: _state(s, topic).detail, topic=topic, part="detail"),
        Field(f"{t}_as_of", f"{label} status date", f"{short}_as_of", _as_of,
              lambda s: _state(s, topic).as_of, topic=topic, part="as_of"),
        Field(f"{t}_commitments", f"{label} commitments", f"{short}_commit", _commitments,
              lambda s: list(_state(s, topic).commitments), topic=topic, part="commitments", is_list=True),
    )


TOPIC_FIELDS: dict[Topic, dict[str, Field]] = {
    topic: {f.part: f for f in _topic_fields(topic)} for topic in TOPICS}
FIELDS: tuple[Field, ...] = (SITE_ID, NAME, POSITION, CONFIDENCE, POSITION_SOURCE) + tuple(
    f for topic in TOPICS for f in TOPIC_FIELDS[topic].values())
NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
_BY_NAME = {f.name: f for f in FIELDS}

POSITION_LABEL = Extra("position_label", "Position, in words", "pos_label", POSITION.name,
                       lambda s: s.position.label)
STATUS_LABELS = {topic: Extra(f"{topic.value}_status_label", f"{topic.label} status, in words",
                              f"{topic.value[:3]}_label", TOPIC_FIELDS[topic]["status"].name,
                              lambda s, topic=topic: _state(s, topic).status.label) for topic in TOPICS}
ANNOTATIONS = Extra("annotations", "Public design-out-crime notes")  # filled by geo.opendata.site_export
EXTRAS: tuple[Extra, ...] = (POSITION_LABEL, *STATUS_LABELS.values(), ANNOTATIONS)
EXTRA_NAMES = frozenset(e.name for e in EXTRAS)


def name_key(name: str) -> str:
    """What makes two site names the same: case and runs of spaces do not count."""
    return " ".join(name.casefold().split())


# --- flattening and back --------------------------------------------------------------


def properties(site: Site) -> dict:
    """The site's flat properties, as a sites file holds them, in file order: the one flattener."""
    return {f.name: f.read(site) for f in FIELDS}


def labels(site: Site) -> dict:
    """The export's read-only labels: position_label and <topic>_status_label."""
    return {e.name: e.read(site) for e in EXTRAS if e.read is not None}


def to_text(value) -> str:
    """A property as one cell of text: lists joined by LIST_SEPARATOR."""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else str(value)


def from_text(name: str, text):
    """A cell of a table (CSV, GeoPackage, Shapefile) as the property a file holds: lists are split
    at ';' or ','.  Any other field's value, and an unknown column's, is given back as it is."""
    if name in _BY_NAME and _BY_NAME[name].is_list and isinstance(text, str):
        return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]
    return text


def _table_columns() -> tuple[Field | Extra, ...]:
    after: dict[str, list[Extra]] = {}
    for extra in EXTRAS:
        if extra.short is not None:
            after.setdefault(extra.after, []).append(extra)
    return tuple(column for f in FIELDS for column in (f, *after.get(f.name, ())))


# A table's columns (CSV, GeoPackage, Shapefile): every field, each label right after its field.
TABLE_COLUMNS: tuple[Field | Extra, ...] = _table_columns()
_SHORT = {column.short: column.name for column in TABLE_COLUMNS}


def table_row(site: Site) -> dict[str, str]:
    """The site as one row of a table, every cell text."""
    return {column.name: to_text(column.read(site)) for column in TABLE_COLUMNS}


def long_name(column: str) -> str:
    """A table's column as the flat name: a Shapefile's short name is turned back; any other as it is."""
    return column if column in _BY_NAME or column in EXTRA_NAMES else _SHORT.get(column, column)


def site_from(values: Mapping[str, object], lon: float, lat: float, version: int = 1) -> Site:
    """The Site whose checked values (as check_properties returns them) these are; lon and lat WGS84."""
    topics = {topic: TopicState(*(values[TOPIC_FIELDS[topic][part].name]
                                  for part in ("status", "detail", "as_of", "commitments")))
              for topic in TOPICS}
    return Site(values[SITE_ID.name], values[NAME.name], float(lon), float(lat), values[POSITION.name],
                values[CONFIDENCE.name], values[POSITION_SOURCE.name], topics, version)


def check_properties(props: Mapping[str, object], commitment_ids: Collection[str] | None = None,
                     ) -> tuple[dict[str, object], list[tuple[Field, str]]]:
    """Every field's value checked: (the values as geo.model holds them, [(field, sentence)] for
    each missing or bad one).  Keys that are not fields are left alone.  `commitment_ids` are
    the plan's; None checks only that commitments are ids."""
    values, problems = {}, []
    for f in FIELDS:
        if f.name not in props:
            problems.append((f, "missing; every site needs it."))
            continue
        try:
            values[f.name] = f.check(props[f.name], commitment_ids)
        except Invalid as exc:
            problems.append((f, str(exc)))
    return values, problems


# --- the history ------------------------------------------------------------------------


def history_values(site: Site) -> dict[str, str]:
    """The site's fields as the history records them, by flat name (the site id is the entry's own)."""
    values = {LOCATION_KEY: f"{site.lon},{site.lat}"}
    values.update((name, to_text(value)) for name, value in properties(site).items() if name != SITE_ID.name)
    return values


def site_diff(old: Site, new: Site) -> list[tuple[str, str | None, str | None]]:
    """(field key, old text, new text) for each field that differs."""
    before, after = history_values(old), history_values(new)
    return [(key, before[key], after[key]) for key in before if before[key] != after[key]]


def _flat_key(key: str) -> str:
    """A history key in today's spelling: entries written before the flat names say 'gating.status'."""
    topic, dot, part = key.partition(".")
    if dot and topic in {t.value for t in TOPICS} and f"{topic}_{part}" in _BY_NAME:
        return f"{topic}_{part}"
    return key


def field_for(field_key: str) -> Field | None:
    """The site field a history key names ('gating_status', or 'gating.status' from older entries)."""
    return _BY_NAME.get(_flat_key(field_key))



