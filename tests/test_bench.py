"""The benchmark's own parts (bench/): its synthetic sites are valid and inside
the ward, its stores hold exactly its sites, its arguments are read as a person
means them, and the whole command prints its table at a tiny size.  No timings
are asserted: `python -m bench` measures, it does not test."""
from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
import shapely

from bench import command
from bench.sites import synthetic_sites
from bench.store import database_url, seed_store, sites_shown
from bench.table import Row, format_table, ms, times
from tests.conftest import ROOT
from geo.checks import Bounds, check_site
from geo.status import Position, Topic
from geo.db import Store
from tests.store_fixtures import ROOT_DIR


def test_synthetic_sites_are_valid_and_inside_the_ward(ward):
    sites = synthetic_sites(ward, 300)
    assert len(sites) == 300
    assert len({s.site_id for s in sites}) == 300
    bounds = Bounds.of_ward(ward)
    assert [check_site(s, bounds) for s in sites] == sites  # the store's own checks change nothing
    assert all(shapely.contains_xy(ward.boundary, s.lon, s.lat) for s in sites)
    approximate = sum(s.position is Position.APPROXIMATE for s in sites) / len(sites)
    assert 0.6 < approximate < 0.83  # about 5 in 7
    assert len({s.state(Topic.GATING).status for s in sites}) > 3


def test_the_same_seed_gives_the_same_sites(ward):
    assert synthetic_sites(ward, 20) == synthetic_sites(ward, 20)


def test_a_seeded_store_shows_the_app_exactly_the_bench_sites(tmp_path, ward):
    sites = synthetic_sites(ward, 12)
    seed_store(tmp_path / "state", sites)
    assert sites_shown(tmp_path / "state", ward) == 12
    with Store.open(database_url(tmp_path / "state"), ward) as store:  # as the app opens it
        assert [s.site_id for s in store.sites()] == [s.site_id for s in sites]


@pytest.mark.parametrize("text, sizes", [("7", [7]), ("1000,7,7", [7, 1000]), (" 10, 3 ,", [3, 10])])
def test_sizes_are_read_sorted_and_without_repeats(text, sizes):
    assert command.parser().parse_args(["--sizes", text]).sizes == sizes


@pytest.mark.parametrize("text, says", [("7,many", "whole numbers"), ("0,7", "1 or more"), (",", "1 or more")])
def test_bad_sizes_are_refused_with_a_sentence(text, says, capsys):
    with pytest.raises(SystemExit) as exited:
        command.parser().parse_args(["--sizes", text])
    assert exited.value.code == 2
    assert says in capsys.readouterr().err


def test_defaults_measure_three_sizes_five_times_with_the_browser():
    args = command.parser().parse_args([])
    assert (args.sizes, args.repeat, args.no_browser) == ([7, 1000, 10000], 5, False)


def test_python_dash_m_bench_reads_its_arguments():
    done = subprocess.run([sys.executable, "-m", "bench", "--sizes", "0"], capture_output=True, text=True,
                          cwd=ROOT_DIR, timeout=120)
    assert done.returncode == 2
    assert "python -m bench" in done.stderr and "--sizes takes numbers of sites of 1 or more" in done.stderr


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
    rows = [Row("A measure", "1,000", "12.5 ms", "1.20x", "<= 1.5x floor", True),
            Row("Another, longer measure", "7", "3 B")]
    lines = format_table(rows).splitlines()
    assert lines[0].startswith("Measure") and set(lines[1]) <= {"-", " "}
    assert lines[2].endswith("met") and lines[2].index("12.5 ms") + len("12.5 ms") == lines[3].index("3 B") + len("3 B")


def test_a_missed_goal_is_shouted_and_numbers_read_as_people_write_them():
    lines = format_table([Row("Slow", "10,000", ms(12.34), times(3.2, 1.0), "<= 3.0x floor", False)]).splitlines()
    assert lines[2].split() == ["Slow", "10,000", "12.3", "s", "3.20x", "<=", "3.0x", "floor", "MISSED"]
    assert (ms(0.0125), times(5, 0)) == ("12.5 ms", "")  # no ratio against a zero floor


def test_the_walks_benchmark_prints_its_rows(capsys, monkeypatch, tmp_path):
    from bench import walks

    monkeypatch.setenv("WARD_DATA_DIR", str(ROOT / "data"))
    assert walks.main(["--stops", "3"]) == 0
    printed = capsys.readouterr().out
    assert "save one walk stop (SQLite, 3 stops): p50" in printed and "clean a 12-megapixel phone photo" in printed
    assert "server's peak memory, 3 12-megapixel photos re-encoded at once:" in printed
