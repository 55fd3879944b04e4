"""geo/sites/directory.py: finding a site among many by its number or what a person types."""
from dataclasses import replace

import pytest

from geo.sites.directory import SiteDirectory


@pytest.fixture(scope="module")
def many(sites):
    """The ward's seven sites repeated to 700, each with a name of its own."""
    names = ["Lindale play area", "George Mews", "Exmouth Mews", "Tolmer's Square"]
    return SiteDirectory([replace(s, site_id=f"s{i}", name=f"{names[i % 4]} {i + 1}")
                          for i, s in enumerate(sites * 100)])


def test_sites_are_looked_up_by_id_and_numbered_in_their_order(sites):
    directory = SiteDirectory(sites)
    first = sites[0]
    assert len(directory) == 7 and first.site_id in directory and "nowhere" not in directory
    assert directory.get(first.site_id) is first and directory.get("nowhere") is None and directory.get(None) is None
    assert directory.number(sites[2].site_id) == 3
    assert directory.label(sites[2].site_id) == f"3. {sites[2].name}"
    assert list(directory.names()) == [s.site_id for s in sites]


@pytest.mark.parametrize("typed, first, count", [
    ("", "Lindale play area 1", 20),  # nothing typed: the first sites, in order
    ("  ", "Lindale play area 1", 20),
    ("12", "Tolmer's Square 12", 17),  # its number first, then names with 12: 112, 120-129, 212, ..., 612
    ("456", "Tolmer's Square 456", 1),
    ("george mews 42", "George Mews 42", 9),  # case ignored: 42, 142, 242, 342, 422, 426, 442, 542, 642
    ("mews 42", "George Mews 42", 11),  # and Exmouth Mews 423 and 427
    ("square 700", "Tolmer's Square 700", 1),
    ("Mews George 2", "George Mews 2", 20),  # every word, in any order
    ("nowhere", None, 0),
    ("9999", None, 0),  # no such number, and no name has it
])
def test_find_puts_the_site_of_that_number_then_name_matches_first(many, typed, first, count):
    found = many.find(typed, limit=20)
    assert len(found) == count
    assert (found[0].name if found else None) == first
    assert len({s.site_id for s in found}) == len(found)  # the numbered site is not listed twice
    assert all(all(w in s.name.casefold() for w in typed.casefold().split()) for s in found[1:])


def test_names_starting_with_the_text_come_before_names_containing_it(many):
    found = [s.name for s in many.find("exmouth", limit=5)]
    assert found == ["Exmouth Mews 3", "Exmouth Mews 7", "Exmouth Mews 11", "Exmouth Mews 15", "Exmouth Mews 19"]
    assert [s.name for s in many.find("mews", limit=3)] == ["George Mews 2", "Exmouth Mews 3", "George Mews 6"]
