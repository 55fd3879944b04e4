"""Residents' one-tap verdicts on the plan ("Still a problem" / "Looks fixed now") and what they flag.

A commitment marked done that three or more residents say is still a problem (counted since it was
marked done) is flagged: on its lead team's list and on the next review meeting's agenda."""
from __future__ import annotations

from dataclasses import dataclass

from geo.status import Progress

FLAG_AT = 3
COMMITMENT, SITE = "commitment", "site"  # what a verdict is about
ASKED_ABOUT = (Progress.DONE, Progress.IN_PROGRESS)  # the commitments residents are asked about


def asks_residents(status: Progress) -> bool:
    return status in ASKED_ABOUT


@dataclass(frozen=True)
class Tally:
    still: int = 0  # "Still a problem"
    fixed: int = 0  # "Looks fixed now"

    @property
    def words(self) -> str:
        """"Residents so far: 3 say still a problem, 1 says it looks fixed now", or that none has."""
        if not (self.still or self.fixed):
            return "No resident has said yet."
        return (f"Residents so far: {self.still} {'says' if self.still == 1 else 'say'} still a problem, "
                f"{self.fixed} {'says' if self.fixed == 1 else 'say'} it looks fixed now.")


def is_flagged(status: Progress, still_since_done: int) -> bool:
    return status is Progress.DONE and still_since_done >= FLAG_AT


def flag_words(still_since_done: int) -> str:
    return (f"{still_since_done} residents say this is still a problem since it was marked done: "
            "it is on the next review meeting's agenda.")
