"""How a record's text, date and yes-or-no fields are declared and checked (geo.records declares the
records).  A declared field carries its name, the words people read, its longest value and
whether it is required: the store checks values with it, the history and conflict notices
label changes with it, the page forms take their labels and limits from it (ui.forms), and
geo.db.tables sizes its column from it.  Each failure is an InvalidInput naming the field."""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum

from geo.errors import InvalidInput

DATE_LENGTH = 10  # YYYY-MM-DD
_MONTH = re.compile(r"\d{4}-\d{2}")
# C0 and C1 control characters other than tab, line feed and carriage return: NUL cannot be stored on
# PostgreSQL at all, and none of them is text a person meant to type.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_text(value, label: str, longest: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label} must be text.")
    value = value.strip()
    if _CONTROL.search(value):
        raise InvalidInput(f"{label} contains a control character (such as NUL) that cannot be stored; remove it.")
    if required and not value:
        raise InvalidInput(f"{label} is required.")
    if len(value) > longest:
        raise InvalidInput(f"{label} is {len(value)} characters long; the most it can take is {longest}.")
    return value


def check_enum(kind: type[Enum], value, label: str):
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(f"{label} must be one of: {', '.join(m.value for m in kind)}.") from None


def check_date(value, label: str, *, month_ok: bool = False) -> str:
    """An ISO date (or, with month_ok, a year-month), or empty."""
    value = check_text(value, label, DATE_LENGTH)
    if not value:
        return value
    try:
        if month_ok and _MONTH.fullmatch(value):
            date.fromisoformat(value + "-01")
        elif len(value) != DATE_LENGTH:
            raise ValueError
        else:
            date.fromisoformat(value)
    except ValueError:
        example = "YYYY-MM-DD or YYYY-MM" if month_ok else "YYYY-MM-DD"
        raise InvalidInput(f"{label} must be a date written {example}, not '{value}'.") from None
    return value


@dataclass(frozen=True)
class Text:
    """A text field.  `lines`: a paragraph (a text area on a form) rather than one line."""

    name: str
    label: str
    limit: int
    required: bool = False
    lines: bool = False
    help: str = ""  # a form's hint under the label

    def check(self, value, *, required: bool | None = None) -> str:
        """The value stripped, or InvalidInput; `required` overrides the declaration for one use."""
        return check_text(value, self.label, self.limit, required=self.required if required is None else required)


@dataclass(frozen=True)
class Date:
    """An ISO date (YYYY-MM-DD), or with month_ok a year-month too; empty unless required."""

    name: str
    label: str
    required: bool = False
    month_ok: bool = False
    help: str = ""
    limit: int = DATE_LENGTH

    def check(self, value) -> str:
        value = check_date(value, self.label, month_ok=self.month_ok)
        if self.required and not value:
            raise InvalidInput(f"{self.label} is required (YYYY-MM-DD).")
        return value


@dataclass(frozen=True)
class Flag:
    """A yes-or-no field (a checkbox on a form); `shown_as` is how a public page marks a record that has it."""

    name: str
    label: str
    shown_as: str = ""
    help: str = ""

    def check(self, value) -> bool:
        """The value, or False when it is missing (None); InvalidInput for anything but True or False."""
        if value is None:
            return False
        if not isinstance(value, bool):
            raise InvalidInput(f"{self.label}: must be yes or no, not {value!r}.")
        return value


Field = Text | Date | Flag


@dataclass(frozen=True)
class Record:
    """A record's declared fields, in the order forms, histories and exports show them."""

    name: str  # in words: "gating review"
    fields: tuple[Field, ...]

    def __getitem__(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"A {self.name} has no field {name!r}.")

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def check(self, values: Mapping[str, object]) -> dict[str, str | bool]:
        """Every field's value checked, by name (a missing one counts as empty)."""
        return {f.name: f.check(values.get(f.name)) for f in self.fields}
