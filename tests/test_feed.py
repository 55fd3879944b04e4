"""geo/opendata/feed.py: what changed, as Atom 1.0, checked by parsing it back."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from datetime import datetime, UTC

import pytest

from geo.opendata.feed import ATOM, FeedLinks, changes_feed
from geo.model import Change
from geo.status import Team

A = f"{{{ATOM}}}"
LINKS = FeedLinks("http://example.org/feeds/changes.atom", "http://example.org/changes")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


CHANGES = [
    Change(3, _at(25, 9, 30), "pat.planner", "george-mews", "gating_status", "under_review", "in_progress",
           "Consultation closed", Team.PLANNING, "save-3"),
    Change(2, _at(24, 16), "ada.admin", None, "crime_counts", "0 counts", "42 counts", "", Team.ADMIN, "save-2"),
    Change(1, _at(20, 10), "pat.planner", "exmouth-mews", "name", "Exmouth", "Exmouth Mews", "Spelling",
           Team.PLANNING, "save-1"),
]


@pytest.fixture(autouse=True)
def _sites(ward_sites):
    global SITES
    SITES = ward_sites


def _parse(changes=CHANGES, links=LINKS, **kwargs):
    return ET.fromstring(changes_feed(changes, sites=SITES, links=links, **kwargs))


def test_the_feed_is_atom_with_one_entry_per_change(ward):
    feed = _parse(ward=ward)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{A}{name}").text
    assert feed.find(f"{A}updated").text == "2026-11-25T09:30:00Z"  # the newest change
    entries = feed.findall(f"{A}entry")
    assert len(entries) == len(CHANGES)
    for entry in entries:
        assert all(entry.find(f"{A}{name}").text for name in ("id", "title", "updated"))
        assert entry.find(f"{A}id").text.startswith("urn:uuid:")
    assert len({e.find(f"{A}id").text for e in entries}) == len(CHANGES)


def test_entries_are_plain_words_by_the_team_never_a_staff_account(ward):
    feed = _parse(ward=ward)
    first = feed.find(f"{A}entry")
    assert first.find(f"{A}title").text == "George Mews: Gating status changed from Under review to Work under way"
    content = first.find(f"{A}content")
    assert content.get("type") == "text" and content.text.startswith("25 November 2026, George Mews.")
    assert content.text.endswith("Why: Consultation closed")
    authors = [a.text for a in feed.iter(f"{A}name")]
    assert authors == ["Regent's Park ward safety map team", "Planning team", "Administrator", "Planning team"]
    text = ET.tostring(feed, encoding="unicode")
    assert "pat.planner" not in text and "ada.admin" not in text


def test_the_feed_names_its_licence_and_links(ward):
    feed = _parse(ward=ward)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": LINKS.self, "alternate": LINKS.alternate, "license": ward.licence.url}
    assert ward.licence.name in feed.find(f"{A}rights").text


def test_a_site_feed_is_titled_with_the_site_and_has_its_own_id(ward):
    ward_feed, site_feed = _parse(ward=ward), _parse(CHANGES[:1], ward=ward, site_id="george-mews")
    assert site_feed.find(f"{A}title").text == "What changed: George Mews"
    assert site_feed.find(f"{A}id").text != ward_feed.find(f"{A}id").text
    # The same change has the same entry id in both feeds.
    assert site_feed.find(f"{A}entry/{A}id").text == ward_feed.find(f"{A}entry/{A}id").text


def test_ids_stay_the_same_wherever_the_app_is_served(ward):
    elsewhere = _parse(ward=ward, links=FeedLinks("https://ward.example/feeds/changes.atom", "https://ward.example/"))
    here = _parse(ward=ward)
    assert [e.text for e in here.iter(f"{A}id")] == [e.text for e in elsewhere.iter(f"{A}id")]


def test_text_that_xml_cannot_hold_is_dropped_and_markup_stays_text(ward):
    odd = replace(CHANGES[0], reason="<b>bold</b> & a bell\x07")
    entry = _parse([odd], ward=ward).find(f"{A}entry")
    assert entry.find(f"{A}content").text.endswith("Why: <b>bold</b> & a bell")


def test_an_empty_feed_is_still_valid_atom(ward):
    feed = _parse([], ward=ward)
    assert feed.find(f"{A}updated").text and feed.findall(f"{A}entry") == []


def test_each_commitment_has_its_own_feed_of_public_changes(store_settings, fast_hashing):
    from geo.status import Progress, Visibility
    from tests.asgi import get
    from tests.store_fixtures import SNT_OFFICER, add_staff
    from tests.test_web import _serve

    app, opener = _serve(store_settings)
    store = opener.get().store
    add_staff(store, [SNT_OFFICER])
    store.set_commitment_status(SNT_OFFICER, "st-3", Progress.IN_PROGRESS, expected_version=1,
                                words="Two extra patrols a week.")
    store.add_progress(SNT_OFFICER, "st-3", "2026-12-01", "Names of suspects shared.", visibility=Visibility.PARTNERS)
    store.add_progress(SNT_OFFICER, "lt-1", "2026-12-01", "Joint review booked.")
    try:
        reply = get(app, "/feeds/commitments/st-3.atom")
        assert reply.status == 200
        body = reply.body.decode()
        assert "What changed: commitment ST-3" in body and "Two extra patrols a week." in body
        assert "Joint review booked." not in body  # another commitment's
        assert "Names of suspects" not in body and SNT_OFFICER.name not in body
        assert "/plan?commitment=st-3" in body
        assert get(app, "/feeds/commitments/st-99.atom").status == 404
    finally:
        opener.close()
