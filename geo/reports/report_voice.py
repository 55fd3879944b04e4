"""The progress report's "What residents told us": aggregates only (geo.voice), reasons counted, the change
since the report's "since" date, and the commitments residents say are still a problem.  No single report,
point or time: the same squares everyone sees on the I felt unsafe here page."""
from __future__ import annotations

from geo.model import describe_date
from geo.reports.document import Bullets, Cell, Paragraph, Section, Span, Table, Tone, line
from geo.voice.feedback import FLAG_AT
from geo.voice.reasons import UnsafeReason
from geo.voice.voice_summary import VoiceSummary, area_rows

HEADING = "What residents told us"


def voice_section(voice: VoiceSummary | None) -> Section | None:
    if voice is None:
        return None
    now = voice.now
    blocks = [Paragraph(line(
        f"Residents' \"I felt unsafe here\" reports, counted by squares of the British National Grid. A square is "
        f"shown only once {now.k} or more reports share it; fewer are counted in the bigger square around it, "
        "or in the rest of the ward. Single reports, their points and times are never published."), aside=True)]
    if now.total:
        rows = area_rows(now)
        blocks.append(Table(("Area", "Reports", "What they said"), tuple(
            (Cell.of(str(r["Area"])), Cell.of(str(r["Reports"])), Cell.of(str(r["What they said"]))) for r in rows),
            widths=(40, 12, 48)))
    else:
        blocks.append(Paragraph(line("No resident has reported feeling unsafe yet.")))
    if voice.then is not None:
        blocks.append(_change(voice))
    if voice.tallies:
        blocks.append(Table(("Commitment", "Still a problem", "Looks fixed now", ""), tuple(
            (Cell.of(line(Span(cid.upper(), Tone.STRONG))), Cell.of(str(t.still)), Cell.of(str(t.fixed)),
             Cell.of(line(Span(f"Done, but {FLAG_AT} or more say still a problem: back on the review agenda",
                               Tone.ALERT)) if cid in voice.flagged else ""))
            for cid, t in voice.tallies), widths=(16, 18, 18, 48)))
    return Section(HEADING, tuple(blocks))


def _change(voice: VoiceSummary) -> Bullets:
    then, now, since = voice.then, voice.now, describe_date(voice.since.isoformat())
    items = [line(Span(f"{now.total} reports now", Tone.STRONG), f", {then.total} before {since} "
                  f"({_signed(now.total - then.total)}); {len(now.areas)} squares shown, {len(then.areas)} then.")]
    old, new = then.reasons, now.reasons
    items += [line(f"{r.label}: {new.get(r, 0)} ({_signed(new.get(r, 0) - old.get(r, 0))} since {since})")
              for r in UnsafeReason if new.get(r) or old.get(r)]
    return Bullets(tuple(items))


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else "no change" if n == 0 else str(n)
