"""Open-data exports: the sites, their statuses and public annotations as
GeoJSON or CSV, and the action plan as CSV.

Every function is pure: it takes plain data and returns a dict or a string.
GeoPackage and zipped Shapefile are written by geo.sites.gis.

GeoJSON layout (RFC 7946: WGS84 longitude/latitude, no `crs` member):

* `export_sites_geojson`: one Point Feature per site, `id` = site id, with
  the properties of data/sites.geojson (geo.sites.schema.properties) and the
  schema's read-only extras: the labels and `annotations`, a list of the
  site's public design-out-crime annotations.  `python -m geo validate` and
  the admin import read the file back to the same sites with no error and no
  warning.  Nothing else is in the collection.
* `export_annotations_geojson`: one Feature per public annotation, `id` =
  "annotation-<ref>" (the note's random public reference, never its database
  id, which would count the partners-only notes between), at its own point, or at its site's when it has none
  (geometry null when it has neither).  Annotations tied to a point but to
  no site are only in this export.

An annotation's author is a staff account name, so it is never exported.
Only public annotations that are not withdrawn are exported, whatever the
caller passes in.

CSV cells that a spreadsheet would read as a formula (text starting with
= + - @, a tab or a carriage return) get a leading apostrophe.  Numbers
(longitude, latitude, counts) are written as numbers and left alone.
"""
from __future__ import annotations

import csv
import io
from datetime import date
from collections.abc import Iterable, Sequence

from geo.sites import schema
from geo.model import Annotation, Site, iso_utc
from geo.plan.action_plan import TERMS, ActionPlan
from geo.text import neutralise


def public_only(annotations: Iterable[Annotation]) -> list[Annotation]:
    """The annotations anyone may see; partners-only and withdrawn ones are dropped."""
    return [a for a in annotations if a.is_public]


# --- GeoJSON -----------------------------------------------------------------


def export_sites_geojson(sites: Sequence[Site], annotations: Iterable[Annotation]) -> dict:
    """An RFC 7946 FeatureCollection of the sites, each with its public annotations."""
    notes = public_only(annotations)
    return {"type": "FeatureCollection",
            "features": [_site_feature(s, [a for a in notes if a.site_id == s.site_id]) for s in sites]}


def export_annotations_geojson(sites: Sequence[Site], annotations: Iterable[Annotation]) -> dict:
    """An RFC 7946 FeatureCollection of the public annotations, one Feature each."""
    where = {s.site_id: (s.lon, s.lat) for s in sites}
    return {"type": "FeatureCollection", "features": [_annotation_feature(a, where) for a in public_only(annotations)]}


def _site_feature(site: Site, notes: list[Annotation]) -> dict:
    props = {**schema.properties(site), **schema.labels(site),
             schema.ANNOTATIONS.name: [_annotation_properties(a) for a in notes]}
    return {"type": "Feature", "id": site.site_id, "geometry": point(site.lon, site.lat), "properties": props}


def _annotation_feature(a: Annotation, where: dict[str, tuple[float, float]]) -> dict:
    if a.lon is not None and a.lat is not None:
        geometry = point(a.lon, a.lat)
    elif a.site_id in where:
        geometry = point(*where[a.site_id])
    else:
        geometry = None
    return {"type": "Feature", "id": f"annotation-{a.ref}", "geometry": geometry,
            "properties": _annotation_properties(a)}


def _annotation_properties(a: Annotation) -> dict:
    return {
        "annotation_id": a.ref,
        schema.SITE_ID.name: a.site_id,  # the site it is about
        "lon": a.lon,
        "lat": a.lat,
        "category": a.category.value,
        "category_label": a.category.label,
        "severity": a.severity.value,
        "observation": a.observation,
        "recommendation": a.recommendation,
        "created_at": iso_utc(a.created_at) if a.created_at else "",
    }


def point(lon: float, lat: float) -> dict:
    """An RFC 7946 Point at (lon, lat), WGS84, to 7 decimal places (about 1 cm)."""
    return {"type": "Point", "coordinates": [round(float(lon), 7), round(float(lat), 7)]}


# --- CSV ---------------------------------------------------------------------


def export_sites_csv(sites: Sequence[Site], annotations: Iterable[Annotation]) -> str:
    """One row per site: the schema's table columns with lon and lat after the name, and public annotations."""
    notes = public_only(annotations)
    columns = [column.name for column in schema.TABLE_COLUMNS]
    at = columns.index(schema.NAME.name) + 1
    header = columns[:at] + ["lon", "lat"] + columns[at:] + ["public_annotation_count", "public_annotations"]
    rows = []
    for s in sites:
        cells = list(schema.table_row(s).values())
        mine = [a for a in notes if a.site_id == s.site_id]
        rows.append(cells[:at] + [round(s.lon, 7), round(s.lat, 7)] + cells[at:]
                    + [len(mine), " | ".join(_annotation_text(a) for a in mine)])
    return csv_text(header, rows)


def export_annotations_csv(annotations: Iterable[Annotation]) -> str:
    """One row per public annotation; lon and lat are empty when it is tied to a site only."""
    header = ["annotation_id", schema.SITE_ID.name, "lon", "lat", "category", "category_label", "severity",
              "observation", "recommendation", "created_at"]
    rows = [[_annotation_properties(a)[h] for h in header] for a in public_only(annotations)]
    return csv_text(header, rows)


def _annotation_text(a: Annotation) -> str:
    text = f"{a.category.label} ({a.severity.label.lower()}): {a.observation}"
    if a.recommendation:
        text += f" Recommendation: {a.recommendation}"
    return text


def export_plan_csv(plan: ActionPlan, today: date) -> str:
    """One row per commitment; `target_passed` is judged against `today`."""
    header = [
        "id", "term", "asked", "will_do", "lead", "target", "target_by", "target_passed",
        "status", "status_label", "latest_progress_date", "latest_progress", "all_progress",
    ]
    rows = []
    for c in plan.commitments:
        latest = c.latest_progress
        rows.append([
            c.id, TERMS.get(c.term, c.term), c.asked, " / ".join(c.will_do), c.lead,
            c.target_text, c.target_by.isoformat(), "yes" if c.target_passed(today) else "no",
            c.status.value, c.status.label,
            latest.date if latest else "", latest.text if latest else "",
            " | ".join(f"{p.date}: {p.text}" for p in c.progress),
        ])
    return csv_text(header, rows)


def csv_text(header: list[str], rows: list[list]) -> str:
    """A CSV document: the header, then the rows, every cell neutralised (geo.text.neutralise)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
