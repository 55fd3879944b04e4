"""The progress report as one self-contained HTML page, from
templates/report.html.j2: inline CSS, the map as a PNG data URI, no
scripts and nothing fetched.  Jinja escapes every piece of text; the only
markup put in as is the status symbols, our own SVG from geo.sites.symbols."""
from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from geo.sites import symbols
from geo.reports.document import Report
from geo.status import Status

TEMPLATES = Path(__file__).with_name("templates")


def to_html(report: Report) -> bytes:
    """The page, UTF-8 encoded."""
    return _environment().get_template("report.html.j2").render(report=report).encode("utf-8")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["symbol"] = _symbol
    env.filters["data_uri"] = _png_data_uri
    return env


def _symbol(status: Status) -> Markup:
    return Markup(symbols.svg(status, size=18))


def _png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
