"""`python -m geo COMMAND ...`: the command line.

Each command lives in geo/commands/<name>.py with `add_arguments(parser)`
and `run(args) -> int`.  Errors a user can cause print one line on stderr
and exit 1; nothing prints a traceback."""
from __future__ import annotations

import argparse
import importlib
import sys

from geo.errors import WardError

COMMANDS = {
    "validate": "Check a sites file (GeoJSON, GeoPackage or zipped Shapefile); exit 1 with one line per problem.",
    "users": "Add, list and disable staff accounts.",
    "init-db": "Create or upgrade the database and seed it from the data folder.",
    "export": "Write sites or the action plan as GeoJSON or CSV, or the sites as GeoPackage or Shapefile.",
    "report": "Write the progress report as PDF or HTML.",
    "import-crime": "Load a newer ward crime CSV of the same layout.",
    "sweep": "Delete residents' reports and verdicts older than VOICE_RETENTION_DAYS (run it daily).",
}


def _module(name: str):
    return importlib.import_module(f"geo.commands.{name.replace('-', '_')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description="The ward safety map.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_ in COMMANDS.items():
        sub.add_parser(name, help=help_, description=help_)
    argv = sys.argv[1:] if argv is None else argv
    # Build only the chosen command's arguments, so one command's imports never slow another.
    known, _ = parser.parse_known_args(argv[:1] or ["--help"])
    module = _module(known.command)
    command_parser = argparse.ArgumentParser(prog=f"python -m geo {known.command}", description=COMMANDS[known.command])
    module.add_arguments(command_parser)
    args = command_parser.parse_args(argv[1:])
    try:
        return module.run(args)
    except WardError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
