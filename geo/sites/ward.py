"""The ward being served: its name, code, boundary and data files.

All of it comes from `ward.json` in the data folder, so another ward is
served by pointing WARD_DATA_DIR at another folder."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import DataError

_REQUIRED = ("name", "code", "boundary", "sites", "plan")


@dataclass(frozen=True)
class Attribution:
    data: str
    licence: str
    text: str


@dataclass(frozen=True)
class Licence:
    """The licence the ward's open data is published under."""

    name: str
    url: str


@dataclass(frozen=True)
class Ward:
    name: str
    code: str
    borough: str
    data_dir: Path
    files: dict
    attributions: tuple[Attribution, ...]
    licence: Licence | None = None  # None: ward.json names no open-data licence
    # The plan's contacts (geo.plan.action_plan.Contact ids) residents send a representation on a
    # proposed gating order to: "representations_contacts" in ward.json.
    representations_contacts: tuple[str, ...] = ()

    def path(self, key: str) -> Path:
        """Path of the data file named under `key` in ward.json."""
        if not self.files.get(key):
            raise DataError(f"ward.json in {self.data_dir} names no '{key}' file.")
        return self.data_dir / self.files[key]

    @cached_property
    def boundary(self) -> BaseGeometry:
        """The ward boundary in WGS84 (EPSG:4326)."""
        return read_boundary(self.path("boundary"))

    @cached_property
    def boundary_geojson(self) -> dict:
        return shapely.geometry.mapping(self.boundary)


def read_boundary(path: Path) -> BaseGeometry:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        geoms = [shape(f["geometry"]) for f in doc["features"]] if "features" in doc else [shape(doc)]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"The ward boundary {path.name} could not be read: {exc}") from None
    boundary = shapely.union_all(geoms)
    if boundary.is_empty or not boundary.is_valid or boundary.geom_type not in ("Polygon", "MultiPolygon"):
        raise DataError(f"The ward boundary {path.name} is not a valid polygon.")
    minx, miny, maxx, maxy = boundary.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise DataError(f"The ward boundary {path.name} is not in WGS84 longitude and latitude.")
    return boundary


def load_ward(data_dir: Path) -> Ward:
    config = data_dir / "ward.json"
    try:
        raw = json.loads(config.read_text(encoding="utf-8"))
    except OSError:
        raise DataError(f"No ward.json in {data_dir}: point WARD_DATA_DIR at a ward data folder.") from None
    except ValueError as exc:
        raise DataError(f"{config} is not valid JSON: {exc}") from None
    missing = [key for key in _REQUIRED if not isinstance(raw.get(key), str) or not raw[key]]
    if missing:
        raise DataError(f"{config} is missing: {', '.join(missing)}.")
    attributions = tuple(
        Attribution(a.get("data", ""), a.get("licence", ""), a.get("text", ""))
        for a in raw.get("attribution", [])
    )
    files = {k: raw.get(k) for k in ("boundary", "sites", "plan", "crime", "teams")}
    return Ward(raw["name"], raw["code"], raw.get("borough", ""), data_dir, files, attributions,
                _licence(raw.get("open_data_licence"), config),
                tuple(str(c) for c in raw.get("representations_contacts", ())))


def _licence(raw, config: Path) -> Licence | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) and raw[k] for k in ("name", "url")):
        raise DataError(f"{config}: open_data_licence needs a \"name\" and a \"url\".")
    if not raw["url"].startswith("https://"):
        raise DataError(f"{config}: the open_data_licence url must start https://, not {raw['url']!r}.")
    return Licence(raw["name"], raw["url"])
