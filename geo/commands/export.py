"""`python -m geo export --format geojson|csv|gpkg|shp [--what sites|annotations|plan] [--out PATH]`:
open data on standard output, or in the file PATH.

Sites (the default) and annotations as GeoJSON or CSV, the sites also as a
GeoPackage (gpkg) or a zipped Shapefile (shp), the action plan as CSV only.
GeoPackage and Shapefile are binary: give --out, or pipe the output; they are
never written to a terminal.  Only public annotations are ever read or written."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo import clock
from geo.errors import DataError, InvalidInput

WHAT = ("sites", "annotations", "plan")
BINARY = ("gpkg", "shp")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=("geojson", "csv") + BINARY,
                        help="output format: gpkg is a GeoPackage, shp a zipped Shapefile (sites only)")
    parser.add_argument("--what", default="sites", choices=WHAT, help="what to export (default: sites)")
    parser.add_argument("--out", type=Path, default=None, metavar="PATH",
                        help="write to this file instead of standard output")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="ward data folder holding ward.json (default: WARD_DATA_DIR)")


def run(args: argparse.Namespace) -> int:
    from geo import settings
    from geo.plan.action_plan import load_plan
    from geo.sites.ward import load_ward

    if args.what == "plan" and args.format != "csv":
        raise InvalidInput("The action plan is exported as CSV only: use --format csv.")
    if args.format in BINARY and args.what != "sites":
        raise InvalidInput(f"Only the sites are exported as {args.format}: use --what sites, or GeoJSON or CSV.")
    if args.format in BINARY and args.out is None and sys.stdout.isatty():
        raise InvalidInput(f"A {args.format} file is binary, so it is not written to the terminal: "
                           f"give --out sites.{'zip' if args.format == 'shp' else 'gpkg'}, or redirect the output.")
    config = settings.load()
    ward = load_ward(args.data_dir or config.data_dir)
    plan = load_plan(ward.path("plan"))
    _write(_build(args, config, ward, plan), args.out)
    return 0


def _build(args: argparse.Namespace, config, ward, plan) -> str | bytes:
    from geo.opendata import site_export as export

    from geo.commands import open_store

    with open_store(config, ward, plan) as store:
        if args.what == "plan":
            return export.export_plan_csv(store.plan(), clock.today())
        sites = store.sites()
        notes = store.annotations(include_partners=False)
    if args.format in BINARY:
        from geo.sites import gis

        return gis.to_gpkg(sites) if args.format == "gpkg" else gis.to_shapefile_zip(sites)
    if args.format == "csv":
        return export.export_sites_csv(sites, notes) if args.what == "sites" else export.export_annotations_csv(notes)
    build = export.export_sites_geojson if args.what == "sites" else export.export_annotations_geojson
    return json.dumps(build(sites, notes), ensure_ascii=False, indent=1) + "\n"


def _write(content: str | bytes, out: Path | None) -> None:
    if out is None:
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
        return
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise DataError(f"{out} could not be written: {exc.strerror or exc}.") from None
