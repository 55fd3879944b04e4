"""`python -m geo report --out FILE`: the progress report from the store."""
from __future__ import annotations

import pytest
from markupsafe import escape

from geo.__main__ import main
from tests.conftest import SITE_NAMES



def test_html_report(cli_env, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out), "--since", "2020-01-01"]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "What changed since 1 January 2020" in page
    assert "Drug offences: " in page  # crime context from the store's seeded counts
    assert all(escape(name) in page for name in SITE_NAMES)


def test_pdf_report(cli_env, tmp_path):
    out = tmp_path / "Report.PDF"
    assert main(["report", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--out", "report.docx"], "error: The report can be written as .pdf or .html, not '.docx'.\n"),
        (["--out", "report"], "error: The report can be written as .pdf or .html, not 'report'.\n"),
        (["--out", "r.pdf", "--since", "yesterday"],
         "error: --since must be a date written YYYY-MM-DD, e.g. 2026-01-31, not 'yesterday'.\n"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_1(cli_env, capsys, args, message):
    assert main(["report", *args]) == 1
    assert capsys.readouterr().err == message


def test_an_unwritable_place_is_one_line(cli_env, tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "no" / "such" / "r.html")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: The report could not be written to ") and err.count("\n") == 1
