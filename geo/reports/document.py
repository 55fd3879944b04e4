"""The progress report as a document: a title, then sections of
paragraphs, subheadings, bullet lists, tables and figures, every piece of it plain text.

This is the one description of what the report says and in which order.
The renderers (geo.reports.report_html, geo.reports.report_pdf) walk it and decide only
how things look; neither adds or rewords anything.  Text is never markup:
emphasis is a `Tone` beside the text, a status symbol is the `Status`
itself, and each renderer escapes text its own way."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from geo.status import Status


class Tone(str, Enum):
    """How a piece of text stands out from the text around it."""

    PLAIN = "plain"
    STRONG = "strong"
    QUIET = "quiet"  # a side note: smaller or greyer
    ALERT = "alert"  # something a reader must not miss, e.g. "Target date passed"


@dataclass(frozen=True)
class Span:
    text: str
    tone: Tone = Tone.PLAIN


Line = tuple[Span, ...]


def line(*parts: Span | str) -> Line:
    """A line of spans; a bare string is plain text."""
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts)


def plain_text(spans: Line) -> str:
    return "".join(s.text for s in spans)


@dataclass(frozen=True)
class Cell:
    """One table cell: lines of text, one under another (a bullet list when
    `bulleted`), after the symbol of `symbol` when it is set."""

    lines: tuple[Line, ...]
    symbol: Status | None = None
    bulleted: bool = False

    @classmethod
    def of(cls, *lines: Line | str | None, symbol: Status | None = None, bulleted: bool = False) -> Cell:
        """A cell from lines (a bare string is one plain line; None is left out)."""
        kept = tuple(line(x) if isinstance(x, str) else x for x in lines if x is not None)
        return cls(kept, symbol, bulleted)

    @property
    def text(self) -> str:
        return "\n".join(plain_text(x) for x in self.lines)


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    spans: Line
    aside: bool = False  # a remark beside the main text, printed smaller

    @property
    def text(self) -> str:
        return plain_text(self.spans)


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section, e.g. one walk's title in the walkabouts section."""

    kind: ClassVar[str] = "subheading"
    text: str


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[Line, ...]

    @property
    def texts(self) -> list[str]:
        return [plain_text(item) for item in self.items]


@dataclass(frozen=True)
class Table:
    """A header row and rows of cells; `widths` are the columns' shares of
    the page width, in per cent."""

    kind: ClassVar[str] = "table"
    head: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]

    def __post_init__(self):
        if len(self.widths) != len(self.head) or any(len(row) != len(self.head) for row in self.rows):
            raise ValueError("a table needs one width and one cell per column in every row")

    def column(self, heading: str) -> list[str]:
        """The text of every cell under `heading`."""
        i = self.head.index(heading)
        return [row[i].text for row in self.rows]


@dataclass(frozen=True)
class Figure:
    kind: ClassVar[str] = "figure"
    png: bytes
    alt: str  # what the picture shows, for readers who cannot see it
    caption: str


Block = Paragraph | Subheading | Bullets | Table | Figure


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


@dataclass(frozen=True)
class Report:
    title: str
    meta: tuple[str, ...]  # lines under the title: the plan, the ward, when it was made
    author: str
    subject: str
    running_footer: str  # printed at the foot of every page, beside the page number
    sections: tuple[Section, ...]

    def section(self, heading: str) -> Section:
        """The section headed `heading` (KeyError when there is none)."""
        for s in self.sections:
            if s.heading == heading:
                return s
        raise KeyError(heading)
