"""The phone's answer to "Use my location" (geo.walks.geolocation): a position to propose, or
words that say what went wrong and what to do, with the typed fields as the way on."""
from __future__ import annotations

import pytest

from geo.errors import InvalidInput
from geo.walks.geolocation import ACCURACY_MAX_M, ERRORS, TIMEOUT_S, UNREADABLE, Fix, read_fix


@pytest.mark.parametrize("reading, fix", [
    ({"lat": 51.527312345, "lon": -0.137021234, "accuracy": 8.46, "n": 1}, Fix(51.527312, -0.137021, 8.5)),
    ({"lat": 51.5273, "lon": -0.137, "accuracy": 1000, "n": 2}, Fix(51.5273, -0.137, 1000.0)),
    ({"lat": 51, "lon": 0, "accuracy": 0.01, "n": 3}, Fix(51.0, 0.0, 0.1)),  # never rounded down to 0 m
])
def test_a_position_is_read_to_six_places_and_the_accuracy_in_metres(reading, fix):
    assert read_fix(reading) == fix


def test_a_fix_describes_itself_in_words_a_walker_can_check():
    assert Fix(51.527312, -0.137021, 8.5).describe() == "51.527312, -0.137021, within 8 m"


@pytest.mark.parametrize("error, words", [
    ("denied", "Your phone did not share its location"),
    ("unavailable", "could not work out where it is"),
    ("timeout", f"did not find its position within {TIMEOUT_S} seconds"),
    ("unsupported", "cannot share its location with the app"),
])
def test_each_refusal_says_what_happened_and_that_the_position_can_be_typed(error, words):
    with pytest.raises(InvalidInput) as refused:
        read_fix({"error": error, "n": 1})
    assert words in str(refused.value) and str(refused.value) == ERRORS[error]
    assert "type the latitude, longitude and accuracy below" in str(refused.value)


def test_a_position_too_rough_to_place_a_site_says_how_rough():
    with pytest.raises(InvalidInput, match=f"within 2,400 m, too rough to place a site \\(at most {ACCURACY_MAX_M:,} m\\)"):
        read_fix({"lat": 51.5273, "lon": -0.137, "accuracy": 2400, "n": 1})


@pytest.mark.parametrize("reading", [
    None, "51.5,-0.13", [], {"error": "gremlins"}, {"lat": 51.5, "lon": -0.13},
    {"lat": "51.5", "lon": -0.13, "accuracy": 5}, {"lat": True, "lon": -0.13, "accuracy": 5},
    {"lat": 91, "lon": -0.13, "accuracy": 5}, {"lat": 51.5, "lon": 181, "accuracy": 5},
    {"lat": 51.5, "lon": -0.13, "accuracy": 0}, {"lat": float("nan"), "lon": -0.13, "accuracy": 5},
])
def test_an_answer_that_cannot_be_read_says_so(reading):
    with pytest.raises(InvalidInput, match=f"^{UNREADABLE}$"):
        read_fix(reading)


HERE = {"lat": 51.5273, "lon": -0.137, "accuracy": 5, "n": 1}
FORGED = [  # answers a forged component message could carry (what json.loads can make, and worse)
    ("a list", [51.5, -0.13, 5]),
    ("a number", 51.5),
    ("true", True),
    ("an empty object", {}),
    ("no longitude", {"lat": 51.5, "accuracy": 5, "n": 1}),
    ("no accuracy", {"lat": 51.5, "lon": -0.13, "n": 1}),
    ("a string latitude", {**HERE, "lat": "51.5"}),
    ("a null latitude", {**HERE, "lat": None}),
    ("a list latitude", {**HERE, "lat": [51.5]}),
    ("an object longitude", {**HERE, "lon": {"value": -0.13}}),
    ("nested junk", {**HERE, "lat": {"lat": {"lat": [[51.5]]}}}),
    ("NaN", {**HERE, "lon": float("nan")}),
    ("infinity", {**HERE, "lat": float("inf")}),
    ("minus infinity accuracy", {**HERE, "accuracy": float("-inf")}),
    ("an int beyond a float", {**HERE, "lat": 10 ** 400}),
    ("a huge latitude", {**HERE, "lat": 1e300}),
    ("a negative accuracy", {**HERE, "accuracy": -5}),
    ("a zero accuracy", {**HERE, "accuracy": 0.0}),
    ("a string accuracy", {**HERE, "accuracy": "5 m"}),
    ("a false accuracy", {**HERE, "accuracy": False}),
    ("a list error", {"error": ["denied"], "n": 1}),
    ("an object error", {"error": {"code": 1}, "n": 1}),
    ("a null error", {"error": None, "n": 1}),
    ("a numeric error", {"error": 1, "n": 1}),
    ("an unknown error", {"error": "denied " * 1000, "n": 1}),
    ("a string press count", {**HERE, "n": "1"}),
    ("a negative press count", {**HERE, "n": -1}),
    ("a list press count", {**HERE, "n": [1]}),
]


@pytest.mark.parametrize("reading", [r for _, r in FORGED], ids=[name for name, _ in FORGED])
def test_a_forged_answer_gets_the_sentence_never_an_exception(reading):
    with pytest.raises(InvalidInput) as refused:
        read_fix(reading)
    assert str(refused.value) == UNREADABLE
    assert "type the latitude, longitude and accuracy below" in str(refused.value)


@pytest.mark.parametrize("accuracy, said", [(1e300, "more than 10,000 km"), (10 ** 400 // 10 ** 300, "more than 10,000 km"),
                                            (1000.04, "1,000 m")])
def test_a_huge_accuracy_is_said_in_a_short_sentence(accuracy, said):
    with pytest.raises(InvalidInput) as refused:
        read_fix({**HERE, "accuracy": accuracy})
    assert f"within {said}, too rough to place a site" in str(refused.value) and len(str(refused.value)) < 300


def test_extra_keys_do_not_stop_a_good_position():
    assert read_fix({**HERE, "speed": "fast", "coords": {"a": [1]}}) == Fix(51.5273, -0.137, 5.0)
