from dataclasses import replace
from datetime import date

from geo.sites.summary import commitment_rows, site_rows, sites_for_commitment, unknowns
from tests.conftest import SITE_NAMES


def test_site_rows_say_each_status_and_since_when(sites):
    rows = {r["Site name"]: r for r in site_rows(sites)}
    assert list(rows) == SITE_NAMES
    assert rows["Lindale play area"]["Fencing status"] == "Confirmed to go ahead (since March 2019)"
    assert rows["George Mews"]["Gating status"] == "Under review (since February 2019)"
    assert list(rows["George Mews"]) == ["Site name", "Lighting status", "Gating status", "Fencing status", "Position"]


def test_commitments_link_back_to_their_sites(plan, sites):
    linked = {s.name: [t.value for t in topics] for s, topics in sites_for_commitment("st-4", sites)}
    assert linked == {"George Mews": ["gating"], "Exmouth Mews": ["gating"], "Tolmer's Square": ["gating"]}
    rows = {r["Ref"]: r for r in commitment_rows(plan, sites, date(2026, 11, 26))}
    assert rows["ST-3"]["Sites"] == "None named"
    assert rows["ST-1"]["Target date"] == "Review April 2019 (target date passed)"


def test_unknowns_are_said_plainly_and_stay_short_for_many_sites(sites):
    notes = unknowns(sites)
    assert notes[0].startswith("5 of 7 positions are approximate") and "Lindale play area" in notes[0]
    many = [replace(s, site_id=f"s{i}", name=f"Site {i}") for i, s in enumerate(sites * 300)]
    long_note = unknowns(many)[0]
    assert "and 1,490 more" in long_note and len(long_note) < 400


def test_each_commitment_stands_in_one_place_and_the_summary_counts_them(plan):
    from geo.sites.summary import Standing, standing, standings

    today = date(2026, 11, 26)
    counts = standings(plan.commitments, today)
    assert sum(counts.values()) == len(plan.commitments)
    st1 = plan.commitment("st-1")  # in progress, target April 2019
    assert standing(st1, today) is Standing.OVERDUE
    assert standing(st1, date(2019, 3, 1)) is Standing.IN_PROGRESS
    assert standing(plan.commitment("st-3"), date(2019, 3, 1)) is Standing.NOT_STARTED
