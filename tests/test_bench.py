"""The benchmark's own parts: its synthetic sites are valid and inside the
ward, and the whole command prints its table at a tiny size.  No timings are
asserted: `python -m geo bench` measures, it does not test."""
from __future__ import annotations

import argparse

import shapely

from geo import bench
from geo.commands import bench as command
from geo.status import Position, Topic
from geo.checks import Bounds, check_site


def test_synthetic_sites_are_valid_and_inside_the_ward(ward):
    sites = bench.synthetic_sites(ward, 300)
    assert len(sites) == 300
    assert len({s.site_id for s in sites}) == 300
    bounds = Bounds.of_ward(ward)
    assert [check_site(s, bounds) for s in sites] == sites  # the store's own checks change nothing
    assert all(shapely.contains_xy(ward.boundary, s.lon, s.lat) for s in sites)
    approximate = sum(s.position is Position.APPROXIMATE for s in sites) / len(sites)
    assert 0.6 < approximate < 0.83  # about 5 in 7
    assert len({s.state(Topic.GATING).status for s in sites}) > 3


def test_the_same_seed_gives_the_same_sites(ward):
    assert bench.synthetic_sites(ward, 20) == bench.synthetic_sites(ward, 20)


def test_the_command_prints_its_table_at_a_tiny_size(monkeypatch, capsys):
    monkeypatch.setattr(command, "NAIVE", 5)
    monkeypatch.setattr(command, "STORE_SITES", 12)
    assert command.run(argparse.Namespace(sizes=[3], repeat=1, no_browser=True)) == 0
    table = capsys.readouterr().out
    for measure in ("Map page, full AppTest run", "build_map + render HTML", "Map HTML per site",
                    "Gating update p99 (8 writers, own sites)", "naive 5"):
        assert measure in table
    assert "0 (floor)" in table and "Chromium" not in table


def test_table_columns_line_up():
    rows = [bench.Row("A measure", "1,000", "12.5 ms", "1.20x", "<= 1.5x floor", True),
            bench.Row("Another, longer measure", "7", "3 B")]
    lines = bench.format_table(rows).splitlines()
    assert lines[0].startswith("Measure") and set(lines[1]) <= {"-", " "}
    assert lines[2].endswith("met") and lines[2].index("12.5 ms") + len("12.5 ms") == lines[3].index("3 B") + len("3 B")
