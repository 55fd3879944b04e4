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


def reasons_text(reasons: dict) -> str:
    """"Badly lit 5 · Being followed 3", the most said first."""
    return " · ".join(f"{r.label} {n}" for r, n in sorted(reasons.items(), key=lambda x: -x[1]))


def area_rows(found: Aggregate) -> list[dict[str, object]]:
    """The aggregate as a table: each published square, the rest of the ward, and the whole ward."""
    rows = [{"Area": a.name, "Reports": a.count, "What they said": reasons_text(a.reasons)} for a in found.areas]
    rest = found.elsewhere
    if rest.count:
        rows.append({"Area": f"{rest.name} (in no square with {found.k} or more)", "Reports": rest.count,
                     "What they said": reasons_text(rest.reasons) if rest.count >= found.k
                     else f"Shown once {found.k} or more share a place"})
    rows.append({"Area": "Whole ward", "Reports": found.total, "What they said": reasons_text(found.reasons)})
    return rows
