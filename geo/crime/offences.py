"""Ward recorded crime: the Metropolitan Police's ward-level CSV, read into
rows of (major, minor, 'YYYY-MM', count) and summed into the offence groups
that bear on the action plan.

The file layout is the London Datastore's "MPS Ward Level Crime": columns
MajorText, MinorText, WardName, WardCode, LookUp_BoroughName, then one
column per month named YYYYMM.  Rows and columns are counted as a
spreadsheet shows them: the header is row 1.  A month after the current one
(in London) is refused: its figures cannot exist yet.

`MonthlyTotals` is what the crime pages show: a number per month and offence
group, made once when counts are loaded and kept by the store, so a page never
reads every count.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from collections.abc import Iterable, Mapping

from geo import clock
from geo.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

REQUIRED_COLUMNS = ("MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName")
_MONTH_COLUMN = re.compile(r"^\d{6}$")


class CrimeRow(NamedTuple):
    major: str
    minor: str
    month: str  # 'YYYY-MM'
    count: int


class OffenceGroup(str, Enum):
    """The offence groups the plan talks about, plus everything else."""

    DRUGS = "drugs"
    VIOLENCE = "violence"
    BURGLARY = "burglary"
    CRIMINAL_DAMAGE = "criminal_damage"
    ROBBERY = "robbery"
    THEFT = "theft"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            OffenceGroup.DRUGS: "Drug offences",
            OffenceGroup.VIOLENCE: "Violence against the person",
            OffenceGroup.BURGLARY: "Burglary",
            OffenceGroup.CRIMINAL_DAMAGE: "Arson and criminal damage",
            OffenceGroup.ROBBERY: "Robbery",
            OffenceGroup.THEFT: "Theft, including vehicle crime",
            OffenceGroup.OTHER: "Other offences",
        }[self]


# The one table from the MPS MajorText to our groups.  Vehicle offences are
# almost all thefts of and from vehicles (the rest is interfering with or
# taking a vehicle), so they count as theft: they bear on the mews and car
# parks in the gating review.  Sexual offences, public order, weapons and
# "miscellaneous crimes against society" are not named in the plan and go to
# OTHER, so every offence is still counted somewhere.
GROUP_OF_MAJOR: dict[str, OffenceGroup] = {
    "DRUG OFFENCES": OffenceGroup.DRUGS,
    "VIOLENCE AGAINST THE PERSON": OffenceGroup.VIOLENCE,
    "BURGLARY": OffenceGroup.BURGLARY,
    "ARSON AND CRIMINAL DAMAGE": OffenceGroup.CRIMINAL_DAMAGE,
    "ROBBERY": OffenceGroup.ROBBERY,
    "THEFT": OffenceGroup.THEFT,
    "VEHICLE OFFENCES": OffenceGroup.THEFT,
}


def group_of(major: str) -> OffenceGroup:
    return GROUP_OF_MAJOR.get(major.strip().upper(), OffenceGroup.OTHER)


# --- reading the file -------------------------------------------------------


def load_crime_file(path: Path, ward_code: str) -> list[CrimeRow]:
    """Read and check an MPS ward crime CSV for the ward `ward_code`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataError(f"The crime file {path} could not be read: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise DataError(f"The crime file {path.name} is not UTF-8 text: "
                        "save it as CSV (UTF-8) and try again.") from None
    return parse_crime_csv(text, ward_code, name=path.name)


def parse_crime_csv(text: str, ward_code: str, *, name: str = "The crime file",
                    today: date | None = None) -> list[CrimeRow]:
    """Rows of (major, minor, 'YYYY-MM', count) from the CSV text; refuses
    anything that is not the MPS ward layout for this ward, and months after
    the one `today` falls in (default: today in London)."""
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise DataError(f"{name} is empty.")
    header = [cell.strip() for cell in table[0]]
    index = _check_header(header, name)
    latest = (today or clock.today()).strftime("%Y-%m")
    months = _month_columns(header, name, latest)
    if len(table) < 2:
        raise DataError(f"{name} has a header but no rows of counts.")
    rows: list[CrimeRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(table[1:], start=2):
        cells = raw + [""] * (len(header) - len(raw))
        major, minor = cells[index["MajorText"]].strip(), cells[index["MinorText"]].strip()
        code = cells[index["WardCode"]].strip()
        if code != ward_code:
            raise DataError(
                f"{name}, row {number}: the ward code is {code or 'empty'}, "
                f"but this map serves ward {ward_code}."
            )
        if not major or not minor:
            raise DataError(f"{name}, row {number}: MajorText and MinorText must not be empty.")
        if (major, minor) in seen:
            raise DataError(
                f"{name}, row {number}: {major} / {minor} already appears in row {seen[(major, minor)]}."
            )
        seen[(major, minor)] = number
        for column, month in months:
            count = _count(cells[column], name, number, header[column])
            rows.append(CrimeRow(major, minor, month, count))
    return rows


def _check_header(header: list[str], name: str) -> dict[str, int]:
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        raise DataError(f"{name} is not an MPS ward crime file: missing columns: {', '.join(missing)}.")
    dupes = sorted({col for col in header if col and header.count(col) > 1})
    if dupes:
        raise DataError(f"{name} has these columns more than once: {', '.join(dupes)}.")
    return {col: header.index(col) for col in REQUIRED_COLUMNS}


def _month_columns(header: list[str], name: str, latest: str) -> list[tuple[int, str]]:
    months = []
    for column, title in enumerate(header):
        if not _MONTH_COLUMN.match(title):
            continue
        year, month = int(title[:4]), int(title[4:])
        if not 1 <= month <= 12:
            raise DataError(f"{name}: column {title} is not a month (YYYYMM).")
        text = f"{year:04d}-{month:02d}"
        if text > latest:
            raise DataError(
                f"{name}: column {title} is for {_month_name(text)}, which has not started yet (it is "
                f"{_month_name(latest)} in London); remove the months to come and try again.")
        months.append((column, text))
    if not months:
        raise DataError(f"{name} is not an MPS ward crime file: no month columns (YYYYMM).")
    return months


def _count(cell: str, name: str, row: int, column: str) -> int:
    value = cell.strip()
    if not re.fullmatch(r"[+-]?\d+", value):
        shown = f"'{value}'" if value else "empty"
        raise DataError(f"{name}, row {row}, column {column}: {shown} is not a whole number of offences.")
    count = int(value)
    if count < 0:
        raise DataError(f"{name}, row {row}, column {column}: {count} is negative; counts must be 0 or more.")
    return count


# --- summaries --------------------------------------------------------------


def month_range(rows: Iterable[CrimeRow]) -> tuple[str, str] | None:
    """The first and last month ('YYYY-MM') in the rows, or None if there are none."""
    months = sorted({r[2] for r in rows})
    return (months[0], months[-1]) if months else None




def empty_leading_months(totals: pd.DataFrame) -> list[str]:
    """Months ('YYYY-MM') at the start of `totals` with no offence recorded at all.

    A ward with thousands of residents never has a month with no crime, so such
    a month is almost surely not yet filled in, not a quiet month."""
    empty = []
    for month, row in totals.iterrows():
        if row.sum() != 0:
            break
        empty.append(month.strftime("%Y-%m"))
    return empty


@dataclass(frozen=True)
class Trend:
    """One offence group's count in the latest `months` months and the same
    number of months before them (None when the data does not go back that far)."""

    group: OffenceGroup
    months: int
    recent: int
    recent_from: str  # 'YYYY-MM'
    recent_to: str
    previous: int | None
    previous_from: str
    previous_to: str

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.recent - self.previous

    @property
    def sentence(self) -> str:
        """e.g. 'Drug offences: 120 in the 12 months to March 2026, down from 150 in the year before.'"""
        return f"{self.group.label}: {self.words}"

    @property
    def words(self) -> str:
        """The sentence without the group's name: '120 in the 12 months to March 2026, down from ...'"""
        head = f"{self.recent:,} in the {self.months} months to {_month_name(self.recent_to)}"
        before = "the year before" if self.months == 12 else f"the {self.months} months before"
        if self.previous is None:
            return f"{head}; the data does not go back far enough to compare with {before}."
        if self.recent == self.previous:
            return f"{head}, the same as in {before}."
        word = "down" if self.recent < self.previous else "up"
        return f"{head}, {word} from {self.previous:,} in {before}."


def trend(rows: Iterable[CrimeRow] | MonthlyTotals, group: OffenceGroup, months: int = 12) -> Trend | None:
    """The group's latest `months` calendar months against the `months` before.
    None when there are no rows at all."""
    return _totals(rows).trend(group, months)




def _totals(data: Iterable[CrimeRow] | MonthlyTotals) -> MonthlyTotals:
    return data if isinstance(data, MonthlyTotals) else MonthlyTotals.of(data)


@dataclass(frozen=True)
class MonthlyTotals:
    """Offences per month and offence group: all the crime pages show, whatever
    the size of the file it came from (months x groups numbers, not one per count).

    `counts[group][i]` is the group's total in `months[i]`; every group has a
    number for every month loaded, 0 included."""

    months: tuple[str, ...] = ()  # 'YYYY-MM', oldest first
    counts: Mapping[OffenceGroup, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[CrimeRow]) -> MonthlyTotals:
        """Sum (major, minor, 'YYYY-MM', count) rows into offence groups."""
        groups: dict[str, OffenceGroup] = {}
        sums: dict[tuple[str, OffenceGroup], int] = {}
        months: set[str] = set()
        for major, _minor, month, count in rows:
            group = groups.get(major)
            if group is None:
                group = groups[major] = group_of(major)
            months.add(month)
            sums[month, group] = sums.get((month, group), 0) + count
        return cls._build(months, sums)

    @classmethod
    def from_cells(cls, cells: Iterable[tuple[str, str, int]]) -> MonthlyTotals:
        """From (month, offence group value, count) cells, as `cells` gives them."""
        sums: dict[tuple[str, OffenceGroup], int] = {}
        months: set[str] = set()
        for month, group, count in cells:
            months.add(month)
            sums[month, OffenceGroup(group)] = count
        return cls._build(months, sums)

    @classmethod
    def _build(cls, months: set[str], sums: Mapping[tuple[str, OffenceGroup], int]) -> MonthlyTotals:
        ordered = tuple(sorted(months))
        return cls(ordered, {g: tuple(sums.get((m, g), 0) for m in ordered) for g in OffenceGroup})

    def cells(self) -> list[tuple[str, str, int]]:
        """(month, offence group value, count) for every month and group: what the store keeps."""
        return [(m, g.value, self.counts[g][i]) for i, m in enumerate(self.months) for g in OffenceGroup]

    @property
    def span(self) -> tuple[str, str] | None:
        """The first and last month ('YYYY-MM'), or None when nothing is loaded."""
        return (self.months[0], self.months[-1]) if self.months else None

    def frame(self) -> pd.DataFrame:
        """Offences per month (a DatetimeIndex of month starts named 'month') and
        offence group (one int column per OffenceGroup, by value)."""
        import pandas as pd

        columns = [g.value for g in OffenceGroup]
        if not self.months:
            return pd.DataFrame(columns=columns, index=pd.DatetimeIndex([], name="month"), dtype="int64")
        index = pd.DatetimeIndex(pd.to_datetime([m + "-01" for m in self.months]), name="month")
        data = {g.value: list(self.counts[g]) for g in OffenceGroup}
        return pd.DataFrame(data, index=index, columns=columns).astype("int64")

    def trend(self, group: OffenceGroup, months: int = 12) -> Trend | None:
        """The group's latest `months` calendar months against the `months` before.
        None when nothing is loaded."""
        if not self.months:
            return None
        first, last = _month_number(self.months[0]), _month_number(self.months[-1])
        recent_from = last - months + 1
        previous_from = recent_from - months
        totals = {_month_number(m): n for m, n in zip(self.months, self.counts[group], strict=False)}
        recent = sum(totals.get(m, 0) for m in range(recent_from, last + 1))
        previous = None
        if first <= previous_from:
            previous = sum(totals.get(m, 0) for m in range(previous_from, recent_from))
        return Trend(
            group, months, recent, _month_text(recent_from), _month_text(last),
            previous, _month_text(previous_from), _month_text(recent_from - 1),
        )


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month_text(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _month_name(month: str) -> str:
    return date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")
