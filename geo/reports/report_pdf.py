"""The progress report as an A4 PDF, laid out with reportlab's platypus.

reportlab's Paragraph reads a small markup language ('<b>', '<font>', ...),
so every piece of text goes through `_t` (which escapes &, < and >) on its
way into one; the only live markup is what this module writes for a
`Tone` or a status symbol.  The font is DejaVu Sans from matplotlib's own
data folder, so the status symbols and any accented names print on every
machine without a download.
"""
from __future__ import annotations

import io
import os
from html import escape

import matplotlib
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from geo.reports import document as doc
from geo.status import Status

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN

# geo.status shape names -> a glyph of the same shape, printed in the status colour.
GLYPHS = {
    "ring": "\u25cb", "triangle": "\u25b2", "diamond": "\u25c6", "square": "\u25a0",
    "hexagon": "\u2b22", "star": "\u2605", "cross": "\u2716",
}

# How each Tone is printed: markup put round the (escaped) text.
TONES = {
    doc.Tone.PLAIN: ("", ""),
    doc.Tone.STRONG: ("<b>", "</b>"),
    doc.Tone.QUIET: ("<font color='#444444'>", "</font>"),
    doc.Tone.ALERT: ("<font color='#A33A00'><b>", "</b></font>"),
}


def to_pdf(report: doc.Report) -> bytes:
    """The report as an A4 portrait PDF."""
    _register_fonts()
    st = _styles()

    def footer(canvas, page):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor("#555555")
        canvas.drawString(MARGIN, 9 * mm, report.running_footer)
        canvas.drawRightString(A4[0] - MARGIN, 9 * mm, f"Page {page.page}")
        canvas.restoreState()

    out = io.BytesIO()
    layout = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=14 * mm, bottomMargin=16 * mm,
        title=report.title, author=report.author, subject=report.subject,
    )
    layout.build(_story(report, st), onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _t(value: str) -> str:
    """Text safe inside a reportlab Paragraph: markup characters escaped."""
    return escape(value, quote=False).replace("\n", "<br/>")


def _spans(spans: doc.Line) -> str:
    return "".join(f"{TONES[s.tone][0]}{_t(s.text)}{TONES[s.tone][1]}" for s in spans)


def _symbol(status: Status) -> str:
    return f"<font color='{status.colour}' size='9'>{GLYPHS.get(status.shape, '')}</font> "


def _cell(cell: doc.Cell) -> str:
    lines = [("\u2022 " if cell.bulleted else "") + _spans(x) for x in cell.lines]
    return (_symbol(cell.symbol) if cell.symbol else "") + "<br/>".join(lines)


def _story(report: doc.Report, st: dict) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(_t(report.title), st["title"]),
        Paragraph("<br/>".join(_t(m) for m in report.meta), st["meta"]),
    ]
    for section in report.sections:
        heading = [CondPageBreak(40 * mm), Paragraph(_t(section.heading), st["h2"])]
        blocks = [_block(b, st) for b in section.blocks]
        if blocks and not isinstance(section.blocks[0], doc.Table):
            # A heading never sits alone at the foot of a page; a table's own header row repeats instead.
            story.append(KeepTogether(heading + blocks[0]))
            blocks = blocks[1:]
        else:
            story += heading
        story += [f for flowables in blocks for f in flowables]
    return story


def _block(block: doc.Block, st: dict) -> list[Flowable]:
    if isinstance(block, doc.Paragraph):
        return [Paragraph(_spans(block.spans), st["small" if block.aside else "body"])]
    if isinstance(block, doc.Subheading):
        return [CondPageBreak(35 * mm), Paragraph(_t(block.text), st["h3"])]
    if isinstance(block, doc.Bullets):
        return [Paragraph(_spans(item), st["bullet"], bulletText="\u2022") for item in block.items]
    if isinstance(block, doc.Figure):
        image = Image(io.BytesIO(block.png))
        scale = WIDTH / image.imageWidth
        image.drawWidth, image.drawHeight = WIDTH, image.imageHeight * scale
        return [KeepTogether([image, Paragraph(_t(block.caption), st["small"])])]
    return [_table(block, st)]


def _table(table: doc.Table, st: dict) -> Table:
    """A grid whose header row repeats on each page."""
    data = [[Paragraph(_t(h), st["head"]) for h in table.head]]
    data += [[Paragraph(_cell(c), st["cell"]) for c in row] for row in table.rows]
    grid = Table(data, colWidths=[w / 100 * WIDTH for w in table.widths], repeatRows=1)
    grid.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, "#AAAAAA"),
        ("BACKGROUND", (0, 0), (-1, 0), "#EEF3F8"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return grid


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, os.path.join(folder, "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, splitLongWords=1)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=4),
        "meta": ParagraphStyle("meta", base, textColor="#444444", spaceAfter=6),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=5,
                             textColor="#0B3D66"),
        "h3": ParagraphStyle("h3", base, fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=8, spaceAfter=3,
                             keepWithNext=1),
        "cell": ParagraphStyle("cell", base, fontSize=7.4, leading=9),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=7.6, leading=9.2),
        "small": ParagraphStyle("small", base, fontSize=7.8, leading=10, textColor="#333333"),
        "bullet": ParagraphStyle("bullet", base, leftIndent=10, bulletIndent=0, spaceAfter=2),
    }
