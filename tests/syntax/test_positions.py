"""Syntax diagnostics point at the right place and quote the right line.

Lines are counted as the lexer counts them: only "\\n" ends a line. Python's
`str.splitlines()` also splits at a lone carriage return, form feed,
vertical tab, U+001C–U+001E, U+0085, U+2028 and U+2029; code that uses it to
find the quoted source line goes wrong after any of those (see the last
tests below, regression tests for that bug). A lone "\\r" can sit inside a
string literal: the printer does not escape it.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylang.diagnostics import DiagnosticError, render
from treatylang.syntax.printer import print_file
from treatylang.syntax import parse_text
from treatylang.testing.strategies import file_asts

# Characters str.splitlines() treats as line ends besides "\n".
OTHER_LINE_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _error(text: str):
    with pytest.raises(DiagnosticError) as info:
        parse_text(text, "x.tl")
    (d,) = info.value.diagnostics
    return d


@given(tree=file_asts(), junk=st.sampled_from(["title 5", "clause", "}", "instrument x", "@", '"open']))
def test_error_after_a_valid_file_points_at_the_bad_line(tree, junk):
    """A bad last line appended to any generated file is reported on that
    line, and the diagnostic quotes exactly that line — also when a string
    holds a character str.splitlines() would take for a line end."""
    text = print_file(tree)
    bad = text + junk + "\n"
    d = _error(bad)
    line = text.count("\n") + 1
    assert d.span.line == line, render([d])
    assert d.snippet == junk, render([d])


def test_caret_sits_under_the_offending_token():
    """The underline starts at the token's column and is as wide as the token."""
    d = _error('instrument t treaty {\n  title 12345\n}\n')
    assert (d.span.line, d.span.col, d.span.end_col) == (2, 9, 14)
    assert render([d]).splitlines()[4] == "  |         ^^^^^"


def test_form_feed_does_not_shift_the_quoted_line():
    """A form feed (a page break, common in texts pasted from old documents)
    is whitespace to the lexer; the diagnostic still quotes the bad line."""
    d = _error("instrument t treaty {\f\n  title 5\n}\n")
    assert d.span.line == 2
    assert d.snippet == "  title 5"


def test_line_separator_inside_a_string_does_not_shift_the_quoted_line():
    """A U+2028 inside a string literal does not end a line."""
    d = _error('instrument t treaty {\n  title "a\u2028b"\n  title 5\n}\n')
    assert d.span.line == 3
    assert d.snippet == "  title 5"


def test_carriage_return_inside_a_string_does_not_move_end_of_file():
    """End of file is reported on the last line even when a string literal
    holds a lone carriage return (which print_file writes raw)."""
    d = _error('instrument t treaty {\n  title "\r"\n}\ninstrument x\n')
    assert d.code == "TL103"
    assert (d.span.line, d.snippet) == (4, "instrument x")


@pytest.mark.parametrize("ch", list(OTHER_LINE_BREAKS), ids=lambda c: f"U+{ord(c):04X}")
def test_no_other_line_break_in_a_string_shifts_the_quoted_line(ch):
    """None of the characters str.splitlines() takes for a line end, inside a
    string literal, moves the line a later error is reported on or quoted from."""
    d = _error(f'instrument t treaty {{\n  title "a{ch}b"\n  title 5\n}}\n')
    assert (d.span.line, d.snippet) == (3, "  title 5")
