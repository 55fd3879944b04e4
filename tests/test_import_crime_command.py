"""`python -m geo import-crime FILE.csv`: check, then load into the store."""
from __future__ import annotations

import pytest

from geo.__main__ import main
from geo.commands import open_store

CODE = "E05013668"



def _rows(settings, ward):
    with open_store(settings, ward) as store:
        return store.crime_rows()


def test_a_newer_month_is_added_and_others_kept(cli_env, ward, tmp_path, capsys):
    before = _rows(cli_env, ward)
    newer = tmp_path / "newer.csv"
    newer.write_text(
        "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202603,202604\n"
        f"DRUG OFFENCES,POSSESSION OF DRUGS,Regent's Park,{CODE},Camden,4,6\n",
        encoding="utf-8",
    )
    assert main(["import-crime", str(newer)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("loaded 2 counts (1 offence type) for March 2026 to April 2026")
    after = _rows(cli_env, ward)
    assert ("DRUG OFFENCES", "POSSESSION OF DRUGS", "2026-04", 6) in after
    assert [r for r in after if r[2] < "2026-03"] == [r for r in before if r[2] < "2026-03"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("MajorText,WardName,LookUp_BoroughName,202604\nX,R,Camden,1\n", "missing columns: MinorText, WardCode."),
        (f"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202604\nX,Y,R,{CODE},Camden,lots\n",
         "row 2, column 202604: 'lots' is not a whole number"),
        ("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202604\nX,Y,R,E05000142,Camden,1\n",
         "this map serves ward E05013668"),
    ],
)
def test_a_refused_file_loses_nothing(cli_env, ward, tmp_path, capsys, text, words):
    before = _rows(cli_env, ward)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    assert main(["import-crime", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: bad.csv") and words in err and err.count("\n") == 1
    assert _rows(cli_env, ward) == before


def test_a_missing_file_is_one_line(cli_env, tmp_path, capsys):
    assert main(["import-crime", str(tmp_path / "nope.csv")]) == 1
    err = capsys.readouterr().err
    assert "could not be read" in err and err.count("\n") == 1
