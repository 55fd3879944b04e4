"""`python -m geo report --out FILE.pdf|FILE.html [--since YYYY-MM-DD]`:
the progress report, from the store.

The file's extension chooses the format.  "What changed" lists the public
history since --since (every recorded change when it is left out)."""
from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from geo import clock
from geo.errors import DataError, InvalidInput

FORMATS = (".pdf", ".html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="the file to write: .pdf or .html")
    parser.add_argument("--since", default=None, metavar="YYYY-MM-DD",
                        help="list what changed since this date (default: every recorded change)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="ward data folder holding ward.json (default: WARD_DATA_DIR)")


def parse_since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--since must be a date written YYYY-MM-DD, e.g. 2026-01-31, not '{value}'.") from None


def run(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(f"The report can be written as .pdf or .html, not '{args.out.suffix or args.out.name}'.")
    since = parse_since(args.since)

    from geo import settings
    from geo.plan.action_plan import load_plan
    from geo.commands import open_store
    from geo.reports.progress_report import build_report
    from geo.reports.report_html import to_html
    from geo.reports.report_pdf import to_pdf
    from geo.walks.public_walks import published_walks
    from geo.sites.ward import load_ward

    config = settings.load()
    ward = load_ward(args.data_dir or config.data_dir)
    plan = load_plan(ward.path("plan"))
    with open_store(config, ward, plan) as store:
        report = build_report(
            store.sites(), store.plan(), ward,
            store.history(since=since.isoformat() if since else None, include_partners=False),
            store.annotations(include_partners=False),
            since=since, generated=clock.now(), crime_rows=store.crime_rows(),
            walks=published_walks(store.walks), reviews=store.reviews.reviews(),
            voice=store.voice.summary(since),  # aggregates only
        )
    content = to_pdf(report) if suffix == ".pdf" else to_html(report)
    # Write beside the target, then rename: a failure never leaves half a report.
    partial = args.out.with_name(f".{args.out.name}.partial")
    try:
        partial.write_bytes(content)
        os.replace(partial, args.out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DataError(f"The report could not be written to {args.out}: {exc.strerror or exc}.") from None
    print(f"wrote {args.out}")
    return 0
