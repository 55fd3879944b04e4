"""geo/crime/offences.py: reading the MPS ward crime CSV and summing it by offence group."""
from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pytest

from geo.crime.offences import (
    GROUP_OF_MAJOR, REQUIRED_COLUMNS, CrimeRow, MonthlyTotals, OffenceGroup, group_of,
    load_crime_file, month_range, parse_crime_csv, trend,
)
from geo.errors import DataError

CODE = "E05013668"
HEADER = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202501,202502"


@pytest.fixture(scope="module")
def crime_path(ward):
    return ward.path("crime")


@pytest.fixture(scope="module")
def rows(crime_path):
    return load_crime_file(crime_path, CODE)


def _raw(crime_path) -> list[dict]:
    with open(crime_path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _csv(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# --- the real file ------------------------------------------------------------


def test_the_real_file_reads_every_row_and_month(rows, crime_path):
    raw = _raw(crime_path)
    months = [c for c in raw[0] if c.isdigit()]
    assert len(rows) == len(raw) * len(months) == 29 * 25
    assert month_range(rows) == ("2024-03", "2026-03")
    assert all(isinstance(r, CrimeRow) and r.count >= 0 for r in rows)
    assert sum(r.count for r in rows) == sum(int(line[m]) for line in raw for m in months)


def test_every_offence_in_the_real_file_has_a_deliberate_group(crime_path):
    """A new MajorText in a newer file would land in OTHER silently; this lists what does today."""
    majors = {line["MajorText"] for line in _raw(crime_path)}
    others = {m for m in majors if group_of(m) is OffenceGroup.OTHER}
    assert others == {
        "MISCELLANEOUS CRIMES AGAINST SOCIETY", "POSSESSION OF WEAPONS", "PUBLIC ORDER OFFENCES", "SEXUAL OFFENCES",
    }
    assert set(GROUP_OF_MAJOR) <= majors
    assert {group_of(m) for m in majors} == set(OffenceGroup)


def test_drug_trend_matches_the_raw_csv(rows, crime_path):
    # Computed independently: the last 12 month columns against the 12 before them.
    raw = _raw(crime_path)
    months = sorted(c for c in raw[0] if c.isdigit())
    recent, previous = months[-12:], months[-24:-12]
    drugs = [line for line in raw if line["MajorText"] == "DRUG OFFENCES"]
    want_recent = sum(int(line[m]) for line in drugs for m in recent)
    want_previous = sum(int(line[m]) for line in drugs for m in previous)

    got = trend(rows, OffenceGroup.DRUGS)
    assert (got.recent, got.previous) == (want_recent, want_previous)
    assert (got.recent_from, got.recent_to) == ("2025-04", "2026-03")
    assert (got.previous_from, got.previous_to) == ("2024-04", "2025-03")
    word = "up" if want_recent > want_previous else "down"
    assert got.sentence == (
        f"Drug offences: {want_recent} in the 12 months to March 2026, {word} from {want_previous} in the year before."
    )


def test_monthly_totals_by_group(rows, crime_path):
    totals = MonthlyTotals.of(rows).frame()
    assert list(totals.columns) == [g.value for g in OffenceGroup]
    assert isinstance(totals.index, pd.DatetimeIndex) and totals.index.name == "month"
    assert len(totals) == 25 and totals.index.is_monotonic_increasing
    assert totals.index[0] == pd.Timestamp("2024-03-01")
    raw = _raw(crime_path)
    theft = sum(int(line["202603"]) for line in raw if line["MajorText"] in ("THEFT", "VEHICLE OFFENCES"))
    assert totals.loc["2026-03-01", "theft"] == theft
    assert int(totals.to_numpy().sum()) == sum(r.count for r in rows)


def test_monthly_totals_of_nothing_is_an_empty_frame():
    totals = MonthlyTotals.of([]).frame()
    assert totals.empty and list(totals.columns) == [g.value for g in OffenceGroup]


# --- files that are refused ------------------------------------------------------


@pytest.mark.parametrize(
    "drop, message",
    [
        (("MinorText", "WardCode"), "missing columns: MinorText, WardCode."),
        (("MajorText",), "missing columns: MajorText."),
        (REQUIRED_COLUMNS, "missing columns: " + ", ".join(REQUIRED_COLUMNS) + "."),
    ],
)
def test_a_file_missing_columns_names_them(drop, message):
    header = [c for c in HEADER.split(",") if c not in drop]
    values = {"MajorText": "BURGLARY", "MinorText": "X", "WardName": "R", "WardCode": CODE,
              "LookUp_BoroughName": "Camden", "202501": "1", "202502": "2"}
    text = _csv(",".join(header), ",".join(values[c] for c in header))
    with pytest.raises(DataError) as caught:
        parse_crime_csv(text, CODE, name="upload.csv")
    assert str(caught.value) == f"upload.csv is not an MPS ward crime file: {message}"


def test_a_file_without_month_columns_is_refused():
    text = _csv("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,Total",
                f"BURGLARY,X,R,{CODE},Camden,4")
    with pytest.raises(DataError, match=r"no month columns \(YYYYMM\)"):
        parse_crime_csv(text, CODE)


def test_a_month_column_that_is_no_month_is_refused():
    text = _csv(HEADER.replace("202502", "202513"), f"BURGLARY,X,R,{CODE},Camden,1,2")
    with pytest.raises(DataError, match="column 202513 is not a month"):
        parse_crime_csv(text, CODE)


def test_another_wards_file_is_refused():
    text = _csv(HEADER, f"BURGLARY,X,R,{CODE},Camden,1,2", "BURGLARY,Y,Other,E05000143,Camden,1,2")
    with pytest.raises(DataError) as caught:
        parse_crime_csv(text, CODE, name="f.csv")
    assert "row 3" in str(caught.value) and "E05000143" in str(caught.value) and CODE in str(caught.value)


def test_the_real_file_is_refused_for_another_ward(crime_path):
    with pytest.raises(DataError, match="ward code is E05013668, but this map serves ward E05000142"):
        load_crime_file(crime_path, "E05000142")


@pytest.mark.parametrize(
    "cell, words",
    [("x", "'x' is not a whole number"), ("2.5", "'2.5' is not a whole number"), ("", "empty is not a whole number"),
     ("-3", "-3 is negative")],
)
def test_bad_counts_are_refused_with_row_and_column(cell, words):
    text = _csv(HEADER, f"BURGLARY,X,R,{CODE},Camden,1,2", f"ROBBERY,Y,R,{CODE},Camden,4,{cell}")
    with pytest.raises(DataError) as caught:
        parse_crime_csv(text, CODE, name="f.csv")
    assert str(caught.value).startswith(f"f.csv, row 3, column 202502: {words}")


def test_the_same_offence_twice_is_refused():
    text = _csv(HEADER, f"BURGLARY,X,R,{CODE},Camden,1,2", f"BURGLARY,X,R,{CODE},Camden,1,2")
    with pytest.raises(DataError, match="BURGLARY / X already appears in row 2"):
        parse_crime_csv(text, CODE)


@pytest.mark.parametrize("text, words", [("", "is empty"), ("\n\n", "is empty"), (HEADER + "\n", "no rows of counts")])
def test_empty_files_are_refused(text, words):
    with pytest.raises(DataError, match=words):
        parse_crime_csv(text, CODE)


def test_a_missing_file_is_one_sentence(tmp_path):
    with pytest.raises(DataError, match="could not be read"):
        load_crime_file(tmp_path / "nope.csv", CODE)


def test_a_byte_order_mark_and_extra_columns_are_fine(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(_csv(HEADER + ",Notes", f"DRUG OFFENCES,X,R,{CODE},Camden,1,2,hello"), encoding="utf-8-sig")
    assert load_crime_file(path, CODE) == [("DRUG OFFENCES", "X", "2025-01", 1), ("DRUG OFFENCES", "X", "2025-02", 2)]


# --- trends ------------------------------------------------------------------------


def _months(first_year: int, first_month: int, counts: list[int], major="DRUG OFFENCES") -> list[CrimeRow]:
    rows = []
    for i, n in enumerate(counts):
        number = first_year * 12 + first_month - 1 + i
        rows.append(CrimeRow(major, "X", f"{number // 12:04d}-{number % 12 + 1:02d}", n))
    return rows


@pytest.mark.parametrize(
    "counts, sentence",
    [
        ([1] * 12 + [2] * 12, "Drug offences: 24 in the 12 months to December 2025, up from 12 in the year before."),
        ([2] * 12 + [1] * 12, "Drug offences: 12 in the 12 months to December 2025, down from 24 in the year before."),
        ([1] * 24, "Drug offences: 12 in the 12 months to December 2025, the same as in the year before."),
        ([90] * 12 + [100] * 12, "Drug offences: 1,200 in the 12 months to December 2025, up from 1,080 in the "
                                 "year before."),
        ([1] * 20, "Drug offences: 12 in the 12 months to December 2025; the data does not go back far enough "
                   "to compare with the year before."),
    ],
)
def test_trend_sentences(counts, sentence):
    rows = _months(2024, 1 + 24 - len(counts), counts)  # always ending December 2025
    got = trend(rows, OffenceGroup.DRUGS)
    assert got.sentence == sentence


def test_trend_counts_only_its_group_and_other_windows():
    rows = _months(2025, 1, [5] * 6) + _months(2025, 1, [100] * 6, major="ROBBERY")
    got = trend(rows, OffenceGroup.DRUGS, months=3)
    assert (got.recent, got.previous, got.change) == (15, 15, 0)
    assert got.sentence == "Drug offences: 15 in the 3 months to June 2025, the same as in the 3 months before."
    assert got.words == "15 in the 3 months to June 2025, the same as in the 3 months before."  # under its name
    assert trend(rows, OffenceGroup.ROBBERY, months=3).sentence.startswith("Robbery: 300 in the 3 months")
    assert trend([], OffenceGroup.DRUGS) is None


def test_months_with_no_offence_at_all_at_the_start_are_flagged_as_incomplete():
    from geo.crime.offences import CrimeRow, MonthlyTotals, empty_leading_months

    rows = [CrimeRow("DRUG OFFENCES", "POSSESSION", m, c) for m, c in
            [("2024-03", 0), ("2024-04", 0), ("2024-05", 4), ("2024-06", 0)]]
    assert empty_leading_months(MonthlyTotals.of(rows).frame()) == ["2024-03", "2024-04"]


def test_the_real_file_starts_with_an_empty_month(ward):
    from geo.crime.offences import MonthlyTotals, empty_leading_months, load_crime_file

    rows = load_crime_file(ward.path("crime"), ward.code)
    assert empty_leading_months(MonthlyTotals.of(rows).frame()) == ["2024-03"]


# --- months to come ------------------------------------------------------------------


def test_a_month_after_the_current_one_is_refused_naming_it():
    text = _csv(HEADER.replace("202502", "202612"), f"BURGLARY,X,R,{CODE},Camden,1,2")
    with pytest.raises(DataError) as caught:
        parse_crime_csv(text, CODE, name="f.csv", today=date(2026, 11, 30))
    assert str(caught.value) == ("f.csv: column 202612 is for December 2026, which has not started yet (it is "
                                 "November 2026 in London); remove the months to come and try again.")
    this_month = _csv(HEADER.replace("202502", "202611"), f"BURGLARY,X,R,{CODE},Camden,1,2")
    assert [r.month for r in parse_crime_csv(this_month, CODE, today=date(2026, 11, 1))] == ["2025-01", "2026-11"]


def test_without_a_date_the_current_month_in_london_is_the_latest(monkeypatch):
    from geo import clock

    monkeypatch.setattr(clock, "today", lambda: date(2025, 1, 31))
    text = _csv(HEADER, f"BURGLARY,X,R,{CODE},Camden,1,2")
    with pytest.raises(DataError, match="column 202502 is for February 2025"):
        parse_crime_csv(text, CODE)


# --- the monthly summary the pages read --------------------------------------------


def _pivot(rows) -> pd.DataFrame:
    """monthly_totals as it was first written (a pandas pivot of every row): the reference."""
    columns = [g.value for g in OffenceGroup]
    frame = pd.DataFrame({"month": [r[2] for r in rows], "group": [group_of(r[0]).value for r in rows],
                          "count": [r[3] for r in rows]})
    table = frame.pivot_table(index="month", columns="group", values="count", aggfunc="sum", fill_value=0)
    table = table.reindex(columns=columns, fill_value=0).astype("int64")
    table.index = pd.DatetimeIndex(pd.to_datetime(table.index + "-01"), name="month")
    table.columns.name = None
    return table.sort_index()


def test_the_summary_gives_the_real_files_figures_exactly(rows):
    summary = MonthlyTotals.of(rows)
    assert len(summary.cells()) == 25 * len(OffenceGroup)  # months x groups, not one per count
    pd.testing.assert_frame_equal(summary.frame(), _pivot(rows))
    assert MonthlyTotals.from_cells(summary.cells()) == summary
    assert summary.span == month_range(rows)
    for group in OffenceGroup:
        assert summary.trend(group) == trend(rows, group)
    assert trend(summary, OffenceGroup.DRUGS) == trend(rows, OffenceGroup.DRUGS)


def test_an_empty_summary():
    assert MonthlyTotals.of([]).span is None and MonthlyTotals.of([]).trend(OffenceGroup.DRUGS) is None
    pd.testing.assert_frame_equal(MonthlyTotals().frame(), MonthlyTotals.of([]).frame())
