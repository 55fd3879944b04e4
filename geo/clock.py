"""One notion of time: the ward's own clock, Europe/London.

"Today" (target dates passed, 'as of' dates, file names, months allowed in
imports) is the date in London; moments (history, sign-in locks) are aware
datetimes, stored as UTC."""
from __future__ import annotations

from datetime import date, datetime, UTC
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    """This moment, in London time (timezone-aware)."""
    return datetime.now(LONDON)


def today() -> date:
    """Today's date in London."""
    return now().date()


def utc_now() -> datetime:
    return datetime.now(UTC)


def this_month() -> str:
    """The current month in London, 'YYYY-MM': the latest month crime figures can be for."""
    return today().strftime("%Y-%m")
