"""What the progress report says residents told us: aggregates only, reasons counted, the change since the
report's "since" date, and the commitments residents flagged.  Pure: geo.db.voice_store builds it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.voice.aggregate import Aggregate
from geo.voice.feedback import Tally


@dataclass(frozen=True)
class VoiceSummary:
    now: Aggregate
    then: Aggregate | None  # the reports received before `since`, counted by the same rule
    since: date | None
    tallies: tuple[tuple[str, Tally], ...]  # (commitment id, verdicts), those with any
    flagged: tuple[str, ...]  # commitment ids flagged (geo.voice.feedback.is_flagged)
