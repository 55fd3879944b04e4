"""Form widgets made from a declared field (geo.records): the label, the limit, the hint and
one line or a paragraph all come from the declaration, so a form accepts exactly what the
store will.  `about` adds which one this is, e.g. "Photo caption (lamp.jpg)"."""
from __future__ import annotations

import streamlit as st

from geo.fields import Date, Flag, Text


def label(field: Text | Date | Flag, about: str = "") -> str:
    return f"{field.label} ({about})" if about else field.label


def text(field: Text, *, key: str, value: str = "", about: str = "", where=st, **options) -> str:
    """A text input, or a text area for a paragraph field; `where` is st or a column."""
    widget = where.text_area if field.lines else where.text_input
    return widget(label(field, about), value=value, max_chars=field.limit, help=field.help or None, key=key,
                  **options)


def password(field: Text, *, key: str, about: str = "", where=st, **options) -> str:
    return where.text_input(label(field, about), type="password", max_chars=field.limit, help=field.help or None,
                            key=key, **options)


def checkbox(field: Flag, *, key: str, value: bool = False, about: str = "", where=st) -> bool:
    return where.checkbox(label(field, about), value=value, help=field.help or None, key=key)


def trap(*, key: str) -> str:
    """The box a person never sees (the page hides it) and a script fills in: a form that comes back
    with it filled was not sent by a person (geo.records.TRAP)."""
    from geo.records import TRAP

    return text(TRAP, key=key)
