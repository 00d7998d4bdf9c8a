"""Every file-access and unexpected-character diagnostic carries a help line (QA O2, O3)."""

from __future__ import annotations

import os

import pytest

from treatylang import confine
from treatylang.diagnostics import DiagnosticError
from treatylang.syntax.scenario_ast import parse_scenario_text
from treatylang.syntax.parse import parse_text


def diag_of(fn, *args):
    with pytest.raises(DiagnosticError) as info:
        fn(*args)
    (d,) = info.value.diagnostics
    return d


@pytest.mark.parametrize("fn", [confine.read_bytes, confine.open_regular])
def test_missing_file_has_help(tmp_path, fn):
    """A missing file (clause, scenario or event file) is TL001 with a help line."""
    d = diag_of(fn, str(tmp_path / "nope.csv"))
    assert d.code == "TL001" and "check the path" in d.help


@pytest.mark.parametrize("fn", [confine.read_bytes, confine.open_regular])
def test_folder_has_help(tmp_path, fn):
    """A folder where a file is wanted is TL002 with help to name a file inside it."""
    d = diag_of(fn, str(tmp_path))
    assert d.code == "TL002" and "inside the folder" in d.help


@pytest.mark.parametrize("fn", [confine.read_bytes, confine.open_regular])
@pytest.mark.parametrize("exc,word", [(PermissionError(13, "Permission denied"), "permissions"),
                                      (OSError(5, "Input/output error"), "refused")])
def test_unreadable_file_has_help(tmp_path, monkeypatch, fn, exc, word):
    """Permission denied and other read errors are TL002 with a help line (os.open made to fail:
    the tests may run as root, which reads anything)."""
    p = tmp_path / "x.csv"
    p.write_text("date,actor,target,code\n")

    def refuse(*a, **k):
        raise exc

    monkeypatch.setattr(os, "open", refuse)
    d = diag_of(fn, str(p))
    assert d.code == "TL002" and word in d.help


def test_check_with_a_missing_event_file_shows_the_help(run, tmp_path):
    """The CLI prints the help of TL001 for `check --events nope.csv`, exit 2."""
    r = run("check", "ru_ir_2001", "--events", str(tmp_path / "nope.csv"))
    assert r.code == 2 and "TL001" in r.err and "help:" in r.err


def scenario_diag(event_line: str):
    with pytest.raises(DiagnosticError) as info:
        parse_scenario_text(f'scenario "s"\ncheck ru_ir_2001\n{event_line}\n', "s.scenario")
    return info.value.diagnostics[0]


def test_bad_time_of_day_character_explains_times():
    """`2003-03-20T25:00` is TL401 at the `:` with help on how a time of day is written."""
    d = scenario_diag("2003-03-20T25:00 USA cameo 190 IRN")
    assert (d.code, d.span.line, d.span.col) == ("TL401", 3, 14)
    assert "HH:MM" in d.help


def test_non_ascii_letter_suggests_the_ascii_letter():
    """`ÜSA` is TL401 at the `Ü`; the help says names are ASCII and suggests `U`."""
    d = scenario_diag("2003-03-20 ÜSA cameo 190 IRN")
    assert (d.code, d.span.col) == ("TL401", 12)
    assert "ASCII" in d.help and "`U`" in d.help


def test_any_other_unexpected_character_has_help():
    """A stray `@` in a scenario or a `~` in a clause file gets a help line too."""
    assert scenario_diag("2003-03-20 USA cameo 190 IRN @x").help
    with pytest.raises(DiagnosticError) as info:
        parse_text('instrument x treaty {\n  article a {\n    clause c declaratory: "a" ~\n  }\n}\n', "x.tl")
    d = info.value.diagnostics[0]
    assert d.code == "TL102" and "`~`" in d.message and d.help
