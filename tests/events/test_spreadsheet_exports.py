"""Spreadsheet exports that are not UTF-8, comma-separated lines are named for what they are (QA O10).

A UTF-16 CSV (Excel "Unicode text") was "the header has no `date` column" over
a line of NULs; a `;`-separated CSV was "not CSV…"; CR-only line ends read the
whole file as one header line. Each is now a file-level diagnostic that says
what the file is and how to re-save it — detected or with a forced format.
"""

from __future__ import annotations

import pytest

from treatylang.diagnostics import DiagnosticError
from treatylang.events import detect_format

from .conftest import read_all, write

CSV = "date,actor,target,code\r\n2003-03-20,USA,IRN,190\r\n"


def diag(path, fmt=None):
    with pytest.raises(DiagnosticError) as info:
        if fmt is None:
            detect_format(str(path))
        else:
            read_all(path, fmt=fmt)
    (d,) = info.value.diagnostics
    return d


@pytest.mark.parametrize("encoding,enc", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
                                          ("utf-32", "UTF-32")])
@pytest.mark.parametrize("fmt", [None, "csv", "jsonl"])
def test_utf16_and_utf32_files_are_named_and_re_save_is_suggested(tmp_path, encoding, enc, fmt):
    """With or without a byte-order mark, detected or forced: TL518 naming the encoding and how to convert."""
    p = write(tmp_path / "u.csv", CSV.encode(encoding))
    d = diag(p, fmt)
    assert d.code == "TL518" and f"is {enc} text" in d.message
    assert "UTF-8" in d.help and "iconv" in d.help


def test_semicolon_separated_csv_gets_a_separator_hint(tmp_path):
    """A `;` header is TL508 saying the separator is `;` (detected), TL511 the same (forced csv)."""
    p = write(tmp_path / "s.csv", "date;actor;target;code\n2003-03-20;USA;IRN;190\n")
    d = diag(p)
    assert d.code == "TL508" and "separated by `;`" in d.message and "`,`" in d.help
    d = diag(p, "csv")
    assert d.code == "TL511" and "separated by `;`" in d.message


@pytest.mark.parametrize("fmt", [None, "csv"])
def test_cr_only_line_ends_are_named(tmp_path, fmt):
    """Lines ended by CR alone are TL519 with the conversion in the help, not a bad header."""
    p = write(tmp_path / "m.csv", CSV.replace("\r\n", "\r"))
    d = diag(p, fmt)
    assert d.code == "TL519" and "CR alone" in d.message and "tr " in d.help


def test_crlf_and_a_stray_nul_still_read(tmp_path):
    """CRLF files read as before, and one NUL in a row is not taken for UTF-16."""
    events, rep = read_all(write(tmp_path / "w.csv", CSV + "2003-03-21,RUS,USA,0\x0072\r\n"))
    assert [e.actor for e in events] == ["USA"] and rep.bad_count == 1 and rep.accounted()
