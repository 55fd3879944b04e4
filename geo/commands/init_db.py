"""`python -m geo init-db`: create or upgrade the database and, on first start,
seed it from the ward's data files.  Safe to run again: it never seeds twice."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="ward data folder holding ward.json (default: WARD_DATA_DIR)")


def run(args: argparse.Namespace) -> int:
    from geo import settings
    from geo.plan.action_plan import load_plan
    from geo.commands import open_store
    from geo.sites.ward import load_ward

    config = settings.load()
    ward = load_ward(args.data_dir or config.data_dir)
    with open_store(config, ward, load_plan(ward.path("plan"))) as store:
        sites, counts, users = len(store.sites()), len(store.crime_rows()), len(store.accounts.list_users())
        print(f"Database ready at {store.where}: {sites} sites, {counts} crime counts, {users} accounts.")
    if not users:
        print("No staff accounts yet. Add the first administrator with:\n"
              "  python -m geo users add NAME --role admin --password-stdin")
    return 0
