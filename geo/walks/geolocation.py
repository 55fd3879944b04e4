"""Where the phone says it is: the browser's answer to "Use my location"
(navigator.geolocation, read by ui/components/phone_position/), turned into a
position to propose, or into words that say what went wrong and what to do.

The browser sends one of
    {"lat": 51.52731, "lon": -0.13702, "accuracy": 8.5, "n": 3}
    {"error": "denied" | "unavailable" | "timeout" | "unsupported", "n": 3}
(n counts the presses, so two identical answers are still two answers).
Latitude and longitude are WGS84 degrees; accuracy is the radius in metres
the phone is 95% sure of.  Nothing here needs a browser or Streamlit."""
from __future__ import annotations

import math
from dataclasses import dataclass

from geo.errors import InvalidInput

ACCURACY_MAX_M = 1000  # a rougher position than this cannot place a site
TIMEOUT_S = 20  # how long the phone may take to find its position
_TYPE_IT = "type the latitude, longitude and accuracy below instead"

ERRORS = {
    "denied": "Your phone did not share its location: this browser, or the phone's settings, do not let this "
              f"site use it. Allow location for this site and tap Use my location again, or {_TYPE_IT}.",
    "unavailable": "Your phone could not work out where it is just now. Check that location is switched on, "
                   f"step into the open and try again, or {_TYPE_IT}.",
    "timeout": f"Your phone did not find its position within {TIMEOUT_S} seconds. Try again in the open, "
               f"or {_TYPE_IT}.",
    "unsupported": "This browser cannot share its location with the app (it needs the app's secure https:// "
                   f"address). Please {_TYPE_IT}.",
}
UNREADABLE = f"The position your phone sent could not be read. Try again, or {_TYPE_IT}."


@dataclass(frozen=True)
class Fix:
    """A position as the phone reports it: WGS84 degrees and the accuracy in metres."""

    lat: float
    lon: float
    accuracy_m: float

    def describe(self) -> str:
        return f"{self.lat:.6f}, {self.lon:.6f}, within {self.accuracy_m:,.0f} m"


def read_fix(reading: object) -> Fix:
    """The browser's answer as a Fix (degrees to 6 places, about 10 cm; metres to 1 place),
    or InvalidInput whose message tells the walker what happened and what to do.

    The answer comes from the browser, so it is checked like any form value: whatever it holds
    (another type, missing or extra keys, NaN, infinities, numbers too large for a float,
    strings, lists, nested junk), the outcome is a Fix or InvalidInput, never another exception."""
    if not isinstance(reading, dict) or not _presses(reading.get("n", 0)):
        raise InvalidInput(UNREADABLE)
    if "error" in reading:
        error = reading["error"]
        raise InvalidInput(ERRORS.get(error, UNREADABLE) if isinstance(error, str) else UNREADABLE)
    lat, lon, accuracy = (_number(reading.get(k)) for k in ("lat", "lon", "accuracy"))
    if lat is None or lon is None or accuracy is None or not -90 <= lat <= 90 or not -180 <= lon <= 180 \
            or accuracy <= 0:
        raise InvalidInput(UNREADABLE)
    if accuracy > ACCURACY_MAX_M:
        rough = f"{accuracy:,.0f} m" if accuracy < 1e7 else "more than 10,000 km"
        raise InvalidInput(f"Your phone only knows where it is to within {rough}, too rough to place a "
                           f"site (at most {ACCURACY_MAX_M:,} m). Wait a minute outdoors for the phone to find "
                           f"its GPS and try again, or {_TYPE_IT}.")
    return Fix(round(lat, 6), round(lon, 6), max(round(accuracy, 1), 0.1))


def _number(value: object) -> float | None:
    """A finite number as a float, or None (a bool, a string, a list, NaN, an infinity, an int too large)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int beyond float's range
        return None
    return number if math.isfinite(number) else None


def _presses(value: object) -> bool:
    """n, the count of presses: a whole number from 0 up (the app does not use it beyond that)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
