"""`python -m geo export --format geojson|csv [--what sites|annotations|plan]`:
open data on standard output.

Sites (the default) and annotations as GeoJSON or CSV, the action plan as
CSV only.  Only public annotations are ever read or written."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo import clock
from geo.errors import InvalidInput

WHAT = ("sites", "annotations", "plan")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=("geojson", "csv"), help="output format")
    parser.add_argument("--what", default="sites", choices=WHAT, help="what to export (default: sites)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="ward data folder holding ward.json (default: WARD_DATA_DIR)")


def run(args: argparse.Namespace) -> int:
    from geo import export, settings
    from geo.plan import load_plan
    from geo.ward import load_ward

    if args.what == "plan" and args.format != "csv":
        raise InvalidInput("The action plan is exported as CSV only: use --format csv.")
    config = settings.load()
    ward = load_ward(args.data_dir or config.data_dir)
    plan = load_plan(ward.path("plan"))
    if args.what == "plan":
        sys.stdout.write(export.export_plan_csv(plan, clock.today()))
        return 0

    from geo.commands import open_store

    with open_store(config, ward, plan) as store:
        sites = store.sites()
        notes = store.annotations(include_partners=False)
    if args.format == "csv":
        text = export.export_sites_csv(sites, notes) if args.what == "sites" else export.export_annotations_csv(notes)
    else:
        build = export.export_sites_geojson if args.what == "sites" else export.export_annotations_geojson
        text = json.dumps(build(sites, notes), ensure_ascii=False, indent=1) + "\n"
    sys.stdout.write(text)
    return 0
