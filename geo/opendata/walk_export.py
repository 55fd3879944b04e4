"""Published walkabouts as open data: the walks as GeoJSON, their recorded stops
as GeoJSON and CSV.  Pure functions over geo.walks.public_walks.PublicWalk, so only
published walks reach them (a PublicWalk cannot hold any other), their stops
without CPTED observations, attendance by role and count; no names, no photos.

GeoJSON layout (RFC 7946: WGS84 longitude/latitude, no `crs` member):

* `walks_geojson`: one Feature per walk, newest first, `id` = "walk-<ref>"
  (the walk's random public reference).  Its geometry is the planned route, a
  LineString through the route's stops in order (a Point when the route has
  one stop, null when it has none); `route` lists those stops with their site
  ids.  Stops recorded off the route are in the stops export only.
* `walk_stops_geojson`: one Point Feature per recorded stop, `id` = the stop's
  public id "walk-<ref>-<n>" (n: its number on the walk, in route order; the
  same id Open311 gives its finding), with the CSV's columns as properties.

`walk_stops_csv` has one row per recorded stop, the columns of STOP_COLUMNS.
Scores are numbers 0 to 3 (empty when not scored), in Safetipin's order; the
words for each level are in geo.walks.walkabout.Parameter.levels.  `site` is the site's
name, or "new point" for a point that is not a site.
"""
from __future__ import annotations

from collections.abc import Sequence

from geo.sites import schema
from geo.opendata.site_export import csv_text, point
from geo.model import Site
from geo.walks.public_walks import PublicWalk, attendance_text, outcome_text, stop_label
from geo.walks.walkabout import PARAMETERS, StopRecord, Walk

NEW_POINT = "new point"
STOP_COLUMNS = (
    "stop_id", "walk_id", "walk_title", "walk_date", "walk_starts", "phase", "phase_label", "stop_order", "stop",
    schema.SITE_ID.name, "site", "lon", "lat", *(p.value for p in PARAMETERS), "streetsafe_reasons", "felt_safe",
    "priority", "finding", "outcome", "outcome_ref", "what_it_became",
)


def walks_geojson(walks: Sequence[PublicWalk]) -> dict:
    """An RFC 7946 FeatureCollection of the published walks, one Feature (the route) each."""
    return {"type": "FeatureCollection", "features": [_walk_feature(w) for w in walks]}


def walk_stops_geojson(walks: Sequence[PublicWalk], sites: Sequence[Site]) -> dict:
    """An RFC 7946 FeatureCollection of the published walks' recorded stops, one Point Feature each."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": row["stop_id"], "geometry": point(row["lon"], row["lat"]), "properties": row}
        for row in stop_rows(walks, sites)]}


def walk_stops_csv(walks: Sequence[PublicWalk], sites: Sequence[Site]) -> str:
    """One row per recorded stop of the published walks; cells a spreadsheet would run are neutralised."""
    return csv_text(list(STOP_COLUMNS), [[row[c] for c in STOP_COLUMNS] for row in stop_rows(walks, sites)])


def stop_rows(walks: Sequence[PublicWalk], sites: Sequence[Site]) -> list[dict]:
    """Every recorded stop of the published walks as the columns of STOP_COLUMNS: walks newest first,
    stops in route order."""
    names = {s.site_id: s.name for s in sites}
    return [_stop_row(w, n, stop, names) for w in walks for n, stop in w.numbered()]


def _walk_feature(public: PublicWalk) -> dict:
    walk = public.walk
    route = [[s.lon, s.lat] for s in walk.route]
    if len(route) > 1:
        geometry = {"type": "LineString", "coordinates": [point(lon, lat)["coordinates"] for lon, lat in route]}
    else:
        geometry = point(*route[0]) if route else None
    return {"type": "Feature", "id": f"walk-{walk.ref}", "geometry": geometry, "properties": {
        **_walk_columns(walk),
        "attendance": {role.value: n for role, n in walk.attendance},
        "attendance_text": attendance_text(walk),
        "follows": list(walk.follows),
        "route": [{"order": i, "label": s.label, schema.SITE_ID.name: s.site_id} for i, s in enumerate(walk.route, 1)],
        "stop_count": len(public.stops),
        "finding_count": sum(1 for s in public.stops if s.has_finding),
    }}


def _walk_columns(walk: Walk) -> dict:
    return {"walk_id": walk.ref, "walk_title": walk.title, "walk_date": walk.on.isoformat(),
            "walk_starts": f"{walk.starts:%H:%M}", "phase": walk.phase.value, "phase_label": walk.phase.label}


def _stop_row(public: PublicWalk, number: int, stop: StopRecord, names: dict[str, str]) -> dict:
    return {
        "stop_id": public.stop_id(number),
        **_walk_columns(public.walk),
        "stop_order": number,
        "stop": stop_label(public.walk, stop, names),
        schema.SITE_ID.name: stop.site_id or "",
        "site": names.get(stop.site_id, stop.site_id) if stop.site_id else NEW_POINT,
        "lon": round(stop.lon, 7),
        "lat": round(stop.lat, 7),
        **{p.value: stop.scores.get(p) for p in PARAMETERS},
        "streetsafe_reasons": "; ".join(r.label for r in stop.reasons),
        "felt_safe": {None: "", True: "yes", False: "no"}[stop.felt_safe],
        "priority": stop.priority.value,
        "finding": stop.finding,
        "outcome": stop.outcome.value if stop.has_finding else "",
        "outcome_ref": stop.outcome_ref if stop.has_finding else "",
        "what_it_became": outcome_text(stop),
    }
