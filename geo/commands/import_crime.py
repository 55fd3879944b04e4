"""`python -m geo import-crime FILE.csv [--data-dir DIR]`: load a newer MPS
ward crime CSV of the same layout into the store.

The whole file is checked first; a refused file changes nothing.  Months in
the file replace those months in the store; other months are kept."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the MPS ward crime CSV (MajorText, MinorText, ..., YYYYMM columns)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="ward data folder holding ward.json (default: WARD_DATA_DIR)")


def run(args: argparse.Namespace) -> int:
    from geo import settings
    from geo.commands.users import cli_user  # the command line acts as an administrator
    from geo.crime.offences import load_crime_file, month_range
    from geo.model import describe_date
    from geo.commands import open_store
    from geo.sites.ward import load_ward

    config = settings.load()
    ward = load_ward(args.data_dir or config.data_dir)
    rows = load_crime_file(args.path, ward.code)  # refuses before the store is touched
    with open_store(config, ward) as store:
        done = store.replace_crime(cli_user(), rows, reason=f"Imported {args.path.name} from the command line")
    first, last = month_range(rows)
    kinds = len({(r.major, r.minor) for r in rows})
    print(
        f"loaded {len(rows)} counts ({kinds} offence type{'' if kinds == 1 else 's'}) for "
        f"{describe_date(first)} to {describe_date(last)}; replaced {done.get('replaced', 0)} earlier counts "
        "for those months."
    )
    return 0
