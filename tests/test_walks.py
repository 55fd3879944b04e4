"""geo.walks.walkabout: the vocabularies walks are recorded in, and the ward's sunset."""
from __future__ import annotations

from datetime import date, time

import pytest

from geo.walks.walkabout import CPTED_HEADINGS, PARAMETERS, Parameter, Phase, Reason, suggested_phase, sunset

GEORGE_MEWS = (51.5268, -0.1381)  # lat, lon


@pytest.mark.parametrize("on, expected", [
    (date(2019, 2, 19), time(17, 22)),  # the 2019 walk: the sun set at about 17:23 GMT
    (date(2026, 6, 21), time(21, 22)),  # midsummer, British Summer Time
    (date(2026, 12, 21), time(15, 53)),  # midwinter
])
def test_sunset_for_the_ward_is_right_to_a_couple_of_minutes(on, expected):
    got = sunset(on, *GEORGE_MEWS)
    minutes = lambda t: t.hour * 60 + t.minute  # noqa: E731
    assert abs(minutes(got) - minutes(expected)) <= 2


def test_the_sun_never_sets_at_the_pole_in_summer():
    assert sunset(date(2026, 6, 21), 89.0, 0.0) is None


@pytest.mark.parametrize("starts, phase", [(time(16, 0), Phase.DAYLIGHT), (time(17, 40), Phase.DUSK),
                                           (time(19, 0), Phase.AFTER_DARK)])
def test_a_start_time_suggests_its_phase(starts, phase):
    assert suggested_phase(starts, time(17, 22)) is phase


def test_nine_parameters_each_with_words_for_four_levels_feeling_last():
    assert len(PARAMETERS) == 9 and PARAMETERS[-1] is Parameter.FEELING
    assert all(len(p.levels) == 4 and all(p.levels) for p in PARAMETERS)
    assert Parameter.LIGHTING.describe(0) == "0: No lighting"


def test_streetsafe_reasons_and_cpted_headings():
    assert [r.label for r in Reason] == ["No CCTV", "Badly lit", "Empty or isolated", "Blind spots",
                                        "Restricted visibility", "Rundown", "Signs of drug or alcohol use"]
    assert len(CPTED_HEADINGS) == 6 and len(set(CPTED_HEADINGS)) == 6
