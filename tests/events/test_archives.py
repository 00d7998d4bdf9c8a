"""Zip and gzip files that hold something other than one event file say so (QA O4).

A zip of two files was read through the first only, with `complete: true`
and no word about the second; an empty zip and a `.gz` that is not gzip were
"the first line is not a header". Now: TL520 naming the members, TL002
"holds no file", TL002 "not gzip data".
"""

from __future__ import annotations

import zipfile

import pytest

from treatylang.diagnostics import DiagnosticError

from .conftest import read_all, write

CSV = "date,actor,target,code\n2003-03-20,USA,IRN,190\n"


def diag(path, fmt=None):
    with pytest.raises(DiagnosticError) as info:
        read_all(path, fmt=fmt)
    (d,) = info.value.diagnostics
    return d


@pytest.mark.parametrize("fmt", [None, "csv"])
def test_zip_with_two_files_is_tl520_naming_both(tmp_path, fmt):
    """Two members: nothing is read, and the diagnostic names both files and how to proceed."""
    p = tmp_path / "two.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("a.csv", CSV)
        z.writestr("b.csv", CSV)
    d = diag(p, fmt)
    assert d.code == "TL520" and "2 files" in d.message and "`a.csv`" in d.message and "`b.csv`" in d.message
    assert "unzip" in d.help


def test_zip_with_one_file_and_macos_metadata_reads_the_file(tmp_path):
    """`__MACOSX/._a.csv` beside `a.csv` is no second event file: the zip reads."""
    p = tmp_path / "mac.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("a.csv", CSV)
        z.writestr("__MACOSX/._a.csv", "\x00\x05")
    events, rep = read_all(p)
    assert [e.actor for e in events] == ["USA"] and rep.accounted() and rep.complete


def test_empty_zip_says_it_holds_no_file(tmp_path):
    """An archive with no member (it starts with the end-of-archive record) is TL002 "holds no file"."""
    p = tmp_path / "empty.zip"
    zipfile.ZipFile(p, "w").close()
    d = diag(p)
    assert d.code == "TL002" and "holds no file" in d.message and d.help


@pytest.mark.parametrize("name,word", [("e.csv.gz", "gzip"), ("e.zip", "zip")])
def test_a_compressed_name_on_uncompressed_bytes_says_so(tmp_path, name, word):
    """An HTML error page saved as `.gz` / `.zip` is TL002 naming the first bytes, not a header problem."""
    d = diag(write(tmp_path / name, "<!DOCTYPE html>\n<p>Not found</p>\n"))
    assert d.code == "TL002" and f"not {'gzip data' if word == 'gzip' else 'a zip archive'}" in d.message
    assert "3C 21" in d.message and d.help


def test_a_cut_short_zip_has_a_help_line(tmp_path):
    """A zip whose central directory is missing is TL002 with a help line."""
    p = tmp_path / "cut.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("a.csv", CSV * 50)
    write(p, p.read_bytes()[:60])
    d = diag(p)
    assert d.code == "TL002" and d.help
