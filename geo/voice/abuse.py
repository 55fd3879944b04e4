"""The rules that keep one person, or one script, from filling the counts; no third party involved.

- A source (the client's address, as ui.chrome.client_id gives it) is kept only as a keyed hash, the key
  random and new each day and then deleted, so no raw address is stored and yesterday's hashes cannot
  be matched to anyone.
- One source adds at most one report per 100 m square per day, and one verdict per commitment or site.
- Each source has an hourly budget (VOICE_HOURLY_LIMIT).
- A person, not a script: the form must be open a few seconds (VOICE_MIN_SECONDS) and a box hidden from
  people must stay empty.
Every refusal is a `Refused`, a sentence saying what happened and what to do, never a silent drop."""
from __future__ import annotations

import hashlib
import hmac

from geo.errors import InvalidInput


class Refused(InvalidInput):
    """A report or verdict not kept, and why, in words for the person who sent it."""


def source_key(client: str, day_key: bytes) -> str:
    """The source as stored: HMAC-SHA256 of the client under the day's key (hex, 32 characters)."""
    return hmac.new(day_key, str(client).encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def check_person(seconds_open: float | None, trap: str, floor: int) -> None:
    """Refuse a form filled faster than `floor` seconds, or with the hidden box filled."""
    if trap:
        raise Refused("This report was not kept: a box that is hidden from people was filled in, which only "
                      "programs do. If you are a person, reload the page and send it again.")
    if seconds_open is None or seconds_open < floor:
        raise Refused(f"This report was not kept: it was sent less than {floor} seconds after the form opened, "
                      "quicker than a person can choose. Check your choices and send it again.")


SAME_PLACE_TODAY = ("You have already told us about this spot today, so this report was not added: one report "
                    "per place per day from each connection keeps the counts fair. Thank you for telling us.")
SAME_TARGET_TODAY = "You have already told us about {what} today, so this was not counted again. Thank you."


def over_budget(limit: int) -> Refused:
    return Refused(f"This was not kept: {limit} have already come from your connection in the last hour, the "
                   "most we take from one place. Please try again in an hour.")
