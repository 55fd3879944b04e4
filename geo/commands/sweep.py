"""`python -m geo sweep`: delete residents' reports and verdicts older than VOICE_RETENTION_DAYS, and past
days' source keys (geo.db.voice_store).  Every report the app takes sweeps first, and no page counts an old
row; run this daily (cron or a systemd timer) so old rows go even when nobody reports."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="ward data folder holding ward.json (default: WARD_DATA_DIR)")


def run(args: argparse.Namespace) -> int:
    from geo import settings
    from geo.commands import open_store
    from geo.sites.ward import load_ward

    config = settings.load()
    ward = load_ward(args.data_dir or config.data_dir)
    with open_store(config, ward) as store:
        gone = store.voice.sweep()
    print(f"deleted {gone} rows older than {config.voice_retention_days} days (residents' reports, verdicts "
          "and past days' keys)")
    return 0
