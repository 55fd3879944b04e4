"""Text that users typed is data, never markup.

`plain_markdown` makes any string show exactly as typed in Streamlit's
Markdown (st.markdown, st.caption, st.table cells, labels): every ASCII
punctuation character is backslash-escaped, which CommonMark defines as a
literal, and raw HTML, links, emphasis, `$maths$` and `:colour[...]`
directives all lose their meaning.  Line breaks become spaces, so a value
cannot start a heading or a list on its own line."""
from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def plain_markdown(value: object) -> str:
    text = _LINE_BREAKS.sub(" ", "" if value is None else str(value))
    return _PUNCTUATION.sub(r"\\\1", text)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A spreadsheet cell that no spreadsheet will run as a formula: text starting with
    = + - @, a tab or a carriage return gets a leading apostrophe.  Numbers are left alone.
    Text already starting with apostrophes before one of those gets one more, so that
    `restore_neutralised` gives back exactly what was written."""
    if isinstance(value, str) and value.lstrip("'").startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def restore_neutralised(value: str) -> str:
    """A cell read back from a spreadsheet as it was before `neutralise`: the apostrophe
    it added is taken off.  Other text, an apostrophe before plain words included, is kept."""
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def one_line(value: str, limit: int) -> str:
    """Collapse white space; cut to `limit` characters with an ellipsis."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
