"""geo/voice: the StreetSafe reasons, British National Grid squares, the k rule with its merging into
bigger squares, and the abuse rules' sentences.  Pure: no database."""
from __future__ import annotations

from datetime import date

import pytest

from geo.voice.abuse import Refused, check_person, source_key
from geo.voice.aggregate import Report, aggregate
from geo.voice.grid import Cell, cell_at
from geo.voice.reasons import Kind, TimeOfDay, UnsafeReason
from geo.walks.walkabout import Reason

DAY = date(2026, 11, 3)


def _reports(cell: Cell, n: int, *reasons: UnsafeReason, on: date = DAY) -> list[Report]:
    return [Report(cell, frozenset(reasons or (UnsafeReason.BADLY_LIT,)), TimeOfDay.AFTER_DARK, on)] * n


def test_the_reasons_are_streetsafes_with_the_walkabouts_words_for_the_place():
    place = [r for r in UnsafeReason if r.kind is Kind.PLACE]
    assert [(r.value, r.label) for r in place] == [(r.value, r.label) for r in Reason]
    assert [r.label for r in UnsafeReason if r.kind is Kind.BEHAVIOUR] == [
        "Verbal harassment by a stranger", "Verbal harassment by a group", "Being followed", "Other harassment"]


@pytest.mark.parametrize("lon, lat, ref", [
    (-0.1405, 51.5290, "TQ 290 827"),  # by Mornington Crescent
    (-0.1276, 51.5072, "TQ 300 803"),  # Trafalgar Square
])
def test_a_point_falls_in_the_100_m_square_councils_read_as_a_grid_reference(lon, lat, ref):
    cell = cell_at(lon, lat)
    assert (cell.size, cell.ref) == (100, ref)
    assert cell.easting % 100 == 0 and cell.northing % 100 == 0
    west, south = min(x for x, _ in cell.corners()), min(y for _, y in cell.corners())
    east, north = max(x for x, _ in cell.corners()), max(y for _, y in cell.corners())
    assert west <= lon <= east and south <= lat <= north


def test_every_small_square_lies_in_one_bigger_square():
    cell = Cell(100, 529_300, 182_700)
    assert cell.within(200) == Cell(200, 529_200, 182_600)
    assert cell.within(400) == Cell(400, 529_200, 182_400)
    assert cell.within(400).name == "400 m square at TQ 292 824"


def test_a_square_with_k_reports_is_shown_with_its_reasons_and_a_lonely_one_merges_into_the_ward():
    busy, lonely = Cell(100, 529_200, 182_500), Cell(100, 527_000, 184_000)
    found = aggregate(_reports(busy, 5, UnsafeReason.BADLY_LIT, UnsafeReason.FOLLOWED) + _reports(lonely, 1), k=5)
    assert [(a.cell, a.count) for a in found.areas] == [(busy, 5)]
    assert found.areas[0].reasons == {UnsafeReason.BADLY_LIT: 5, UnsafeReason.FOLLOWED: 5}
    assert (found.elsewhere.count, found.total) == (1, 6)
    assert found.reasons == {UnsafeReason.BADLY_LIT: 5, UnsafeReason.FOLLOWED: 5}  # the lonely one's are not


def test_squares_too_small_alone_merge_into_the_200_then_400_m_square_around_them():
    reports = (_reports(Cell(100, 529_200, 182_400), 3) + _reports(Cell(100, 529_300, 182_500), 2)  # one 200 m
               + _reports(Cell(100, 528_800, 182_800), 2) + _reports(Cell(100, 528_900, 183_100), 3))  # one 400 m
    found = aggregate(reports, k=5)
    assert [(a.cell.name, a.count) for a in found.areas] == [
        ("400 m square at TQ 288 828", 5), ("200 m square at TQ 292 824", 5)]
    assert found.elsewhere.count == 0 and found.total == 10


def test_no_published_number_counts_fewer_than_k_but_the_placeless_rest_of_the_ward():
    reports = [r for i in range(40) for r in _reports(Cell(100, 528_000 + 100 * (i % 13), 182_000 + 100 * (i % 7)),
                                                      1 + i % 3)]
    found = aggregate(reports, k=5)
    assert all(a.count >= 5 for a in found.areas)
    assert found.total == len(reports)


def test_staff_see_a_square_rising_when_its_last_four_weeks_beat_the_four_before():
    cell = Cell(100, 529_200, 182_500)
    reports = _reports(cell, 2, on=date(2026, 10, 20)) + _reports(cell, 4, on=date(2026, 11, 20))
    found = aggregate(reports, k=5, today=date(2026, 11, 30))
    assert [(a.recent, a.before, a.rising) for a in found.areas] == [(4, 2, True)]
    assert aggregate(reports, k=5).areas[0].recent == 0  # the public aggregate carries no times at all


def test_a_source_is_kept_as_a_keyed_hash_that_changes_with_the_days_key():
    today, tomorrow = b"k" * 32, b"j" * 32
    assert source_key("203.0.113.9", today) == source_key("203.0.113.9", today)
    assert source_key("203.0.113.9", today) != source_key("203.0.113.9", tomorrow)
    assert "203.0.113.9" not in source_key("203.0.113.9", today)


@pytest.mark.parametrize("seconds, trap, words", [
    (0.2, "", "quicker than a person"),
    (None, "", "quicker than a person"),
    (30, "http://spam.example", "hidden from people"),
])
def test_a_form_sent_too_fast_or_with_the_hidden_box_filled_is_refused_with_a_sentence(seconds, trap, words):
    with pytest.raises(Refused, match=words) as refused:
        check_person(seconds, trap, floor=3)
    assert str(refused.value).endswith(".")


def test_a_person_who_took_their_time_passes():
    check_person(4.0, "", floor=3)
