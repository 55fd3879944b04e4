"""`python -m geo validate PATH`: check a sites file (GeoJSON, GeoPackage or zipped
Shapefile) against the ward, exactly as the administrators' import does.

Exit 0 when the file is valid: warnings on stderr, "ok: N sites" on stdout.
Exit 1 with one line per problem on stderr, naming the feature and the field."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

SHOWN = 200  # problems printed before the rest are only counted


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the sites file to check: .geojson, .gpkg or a zipped Shapefile (.zip)")
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                        help="ward data folder holding ward.json, for the plan's commitments and the boundary "
                             "(default: WARD_DATA_DIR)")


def _print(label: str, problems, stream) -> None:
    for problem in problems[:SHOWN]:
        print(f"{label}: {problem}", file=stream)
    if len(problems) > SHOWN:
        print(f"{label}: ... and {len(problems) - SHOWN} more {label}s.", file=stream)


def run(args: argparse.Namespace) -> int:
    from geo import settings
    from geo.sites import geojson
    from geo.plan.action_plan import load_plan
    from geo.sites.sites_file import check_site_file
    from geo.sites.ward import load_ward

    ward = load_ward(args.data_dir or settings.load().data_dir)
    plan = load_plan(ward.path("plan"))
    data = geojson.read_bytes(args.path)
    result = check_site_file(data, args.path.name, commitment_ids=plan.ids, boundary=ward.boundary)
    _print("error", result.errors, sys.stderr)
    _print("warning", result.warnings, sys.stderr)
    if not result.ok:
        return 1
    count = len(result.sites)
    print(f"ok: {count} site{'s' if count != 1 else ''}")
    return 0
