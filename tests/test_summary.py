from dataclasses import replace
from datetime import date

from geo.sites.summary import sites_for_commitment, unknowns


def test_commitments_link_back_to_their_sites(plan, sites):
    linked = {s.name: [t.value for t in topics] for s, topics in sites_for_commitment("st-4", sites)}
    assert linked == {"George Mews": ["gating"], "Exmouth Mews": ["gating"], "Tolmer's Square": ["gating"]}


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
