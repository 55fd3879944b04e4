"""The progress report as an A4 PDF, laid out with reportlab's platypus.

reportlab's Paragraph reads a small markup language ('<b>', '<font>', ...),
so every piece of text goes through `_t` (which escapes &, < and >) before
it is put into a Paragraph; only the markup written here is left live.  The
font is DejaVu Sans from matplotlib's own data folder, so the status
symbols and any accented names print on every machine without a download.
"""
from __future__ import annotations

import io
import os
from html import escape
from pathlib import Path

from geo.report import CommitmentLine, Report, SiteLine

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"

# geo.status shape names -> a glyph of the same shape, printed in the status colour.
GLYPHS = {
    "ring": "\u25cb", "triangle": "\u25b2", "diamond": "\u25c6", "square": "\u25a0",
    "hexagon": "\u2b22", "star": "\u2605", "cross": "\u2716",
}


def _t(value: object) -> str:
    """Text safe inside a reportlab Paragraph: markup characters escaped."""
    return escape("" if value is None else str(value), quote=False).replace("\n", "<br/>")


def _register_fonts() -> None:
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, os.path.join(folder, "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, BOLD)


def _styles() -> dict:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, splitLongWords=1)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=4),
        "meta": ParagraphStyle("meta", base, textColor="#444444", spaceAfter=6),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=5,
                             textColor="#0B3D66"),
        "cell": ParagraphStyle("cell", base, fontSize=7.4, leading=9),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=7.6, leading=9.2),
        "small": ParagraphStyle("small", base, fontSize=7.8, leading=10, textColor="#333333"),
        "bullet": ParagraphStyle("bullet", base, leftIndent=10, bulletIndent=0, spaceAfter=2),
    }


def render_pdf(report: Report, path: Path) -> None:
    """Write the report to `path` (A4 portrait)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    st = _styles()
    width = A4[0] - 28 * mm
    story = _story(report, st, width)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor("#555555")
        canvas.drawString(14 * mm, 9 * mm, f"{report.ward} ward progress report, generated {report.generated_text}")
        canvas.drawRightString(A4[0] - 14 * mm, 9 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm, bottomMargin=16 * mm,
        title=report.title, author=f"{report.ward} ward safety map", subject=report.plan_title,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def _story(report: Report, st: dict, width: float) -> list:
    from reportlab.platypus import Paragraph

    story = [
        Paragraph(_t(report.title), st["title"]),
        Paragraph(
            f"{_t(report.plan_title)}<br/>{_t(report.ward)} ward, {_t(report.borough)}<br/>"
            f"Generated {_t(report.generated_text)}", st["meta"],
        ),
    ]
    for term in report.terms:
        story += _heading(_t(term.title), st)
        story.append(_commitment_table(term.lines, st, width))
    story += _sites(report, st, width)
    story += _changes(report, st, width)
    if report.annotations:
        story += _heading("Design-out-crime observations", st)
        rows = [[n.site, n.category, n.severity, n.observation, n.recommendation, n.when] for n in report.annotations]
        story.append(_table(["Where", "Heading", "Severity", "Observation", "Recommendation", "Date"], rows, st,
                            [w * width for w in (0.14, 0.13, 0.10, 0.27, 0.25, 0.11)]))
    if report.crime:
        story += _heading("Recorded crime in the ward", st)
        story += [Paragraph(_t(s), st["bullet"], bulletText="\u2022") for s in report.crime]
        story.append(Paragraph("Offences recorded by the Metropolitan Police for the whole ward; they are not "
                               "tied to the sites above.", st["small"]))
    story += _heading("What the data does not know", st)
    story += [Paragraph(_t(n), st["bullet"], bulletText="\u2022") for n in report.notes]
    story += _heading("Glossary", st)
    story.append(_table(["Term", "Meaning"], [list(g) for g in report.glossary], st, [0.32 * width, 0.68 * width]))
    story += _heading("Sources and licences", st)
    story += [
        Paragraph(f"<b>{_t(a.data)}</b> ({_t(a.licence)}): {_t(a.text)}", st["bullet"], bulletText="\u2022")
        for a in report.attributions
    ]
    return story


def _commitment_table(lines: tuple[CommitmentLine, ...], st: dict, width: float):
    head = ["You asked", "We will do", "Lead officer or team", "Target date", "Progress update", "Status"]
    rows = []
    for c in lines:
        asked = f"<b>{_t(c.ref)}</b> {_t(c.asked)}"
        if c.sites:
            asked += f"<br/><font color='#444444'>Sites: {_t(', '.join(c.sites))}</font>"
        will = "<br/>".join(f"\u2022 {_t(w)}" for w in c.will_do)
        target = _t(c.target)
        if c.target_passed:
            target += "<br/><font color='#A33A00'><b>Target date passed</b></font>"
        rows.append([asked, will, _t(c.lead), target, _t(c.progress), _t(c.status.label)])
    widths = [w * width for w in (0.20, 0.24, 0.13, 0.11, 0.22, 0.10)]
    return _grid(head, rows, st, widths)


def _sites(report: Report, st: dict, width: float) -> list:
    from reportlab.platypus import Image, KeepTogether, Paragraph

    story = _heading("Sites: lighting, gating and fencing", st)
    if report.map_png:
        image = Image(io.BytesIO(report.map_png))
        scale = width / image.imageWidth
        image.drawWidth, image.drawHeight = width, image.imageHeight * scale
        caption = Paragraph("Numbers match the table below. Each status has its own shape and colour; a dashed "
                            "ring marks an approximate position.", st["small"])
        story = [KeepTogether(story + [image, caption])]
    if report.sites:
        head = ["No.", "Site"] + [s.topic.label for s in report.sites[0].states]
        rows = [_site_row(s) for s in report.sites]
        story.append(_grid(head, rows, st, [w * width for w in (0.05, 0.17, 0.26, 0.26, 0.26)]))
    return story


def _site_row(site: SiteLine) -> list[str]:
    name = f"<b>{_t(site.name)}</b>"
    if site.approximate:
        name += "<br/><font color='#444444'>Approximate position</font>"
    cells = [str(site.number), name]
    for s in site.states:
        glyph = GLYPHS.get(s.status.shape, "")
        cells.append(
            f"<font color='{s.status.colour}' size='9'>{glyph}</font> <b>{_t(s.status.label)}</b> "
            f"<font color='#444444'>since {_t(s.since)}</font><br/>{_t(s.detail)}"
        )
    return cells


def _changes(report: Report, st: dict, width: float) -> list:
    from reportlab.platypus import Paragraph

    story = _heading(_t(report.changes_heading), st)
    if not report.changes:
        story.append(Paragraph("No changes have been recorded in this period.", st["body"]))
        return story
    rows = [[c.when, c.site, c.text, c.who] for c in report.changes]
    story.append(_table(["Date", "Site", "Change", "By"], rows, st,
                        [0.14 * width, 0.17 * width, 0.55 * width, 0.14 * width]))
    return story


def _heading(markup: str, st: dict) -> list:
    """A section heading that never sits alone at the foot of a page."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Paragraph

    return [CondPageBreak(40 * mm), Paragraph(markup, st["h2"])]


def _table(head: list[str], rows: list[list], st: dict, widths: list[float]):
    """A grid of plain-text cells (escaped here)."""
    return _grid(head, [[_t(cell) for cell in row] for row in rows], st, widths)


def _grid(head: list[str], rows: list[list[str]], st: dict, widths: list[float]):
    """A grid whose cells are already-escaped Paragraph markup; header repeats on each page."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(_t(h), st["head"]) for h in head]]
    data += [[Paragraph(cell, st["cell"]) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, "#AAAAAA"),
        ("BACKGROUND", (0, 0), (-1, 0), "#EEF3F8"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table
