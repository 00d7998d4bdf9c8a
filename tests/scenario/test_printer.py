"""The canonical printer and `fmt` on scenarios: round trips, idempotence,
comments kept, identity fixture.

Generated ASTs come from tests/scenario/strategies.py (`scenario_asts`).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from treatylang.syntax.formatter import format_text
from treatylang.scenarios.load import parse_scenario_text, print_scenario, scenario_lines
from treatylang.syntax.scenario_printer import value

from .strategies import attr_values, scenario_asts

FIXTURE = Path(__file__).with_name("fixtures") / "identity.scenario"


def fmt(text: str) -> str:
    return format_text(text, "t.scenario")


# ----------------------------------------------------------------- properties


@given(scenario_asts())
def test_parse_of_print_is_identity(tree):
    """parse_scenario_text(print_scenario(t)) == t for every generated scenario (spans aside)."""
    assert parse_scenario_text(print_scenario(tree), "t.scenario") == tree


@given(scenario_asts())
def test_printed_text_is_already_formatted(tree):
    """`fmt` leaves printer output unchanged: the printer is the canonical form."""
    text = print_scenario(tree)
    assert fmt(text) == text


@given(scenario_asts())
def test_printing_is_a_fixed_point(tree):
    """print ∘ parse ∘ print == print."""
    text = print_scenario(tree)
    assert print_scenario(parse_scenario_text(text, "t.scenario")) == text


@given(scenario_asts())
def test_every_line_stands_for_its_statement(tree):
    """scenario_lines gives one line per statement, each with the source region
    of its statement (what the formatter places comments by)."""
    text = print_scenario(tree)
    parsed = parse_scenario_text(text, "t.scenario")
    lines = scenario_lines(parsed)
    assert len(lines) == len(parsed.items)
    for ln, item in zip(lines, parsed.items):
        assert (ln.start, ln.end) == (item.span.start, item.span.end)
        assert text[ln.start:ln.end] == ln.text


@given(attr_values())
def test_attribute_values_read_back_unchanged(v):
    """Every attribute value prints (bare or quoted) so that it parses back to itself."""
    tree = parse_scenario_text(f"2001 A act x={value(v)}", "t.scenario")
    assert tree.items[0].attrs[0].value == v


@given(scenario_asts(), st.data())
def test_fmt_keeps_every_comment(tree, data):
    """Comments put after any statement, or on their own line, survive `fmt`
    (each exactly once) and a second `fmt` changes nothing."""
    lines = print_scenario(tree).split("\n")[:-1]
    out, comments = [], []
    for i, ln in enumerate(lines):
        if data.draw(st.booleans(), label=f"leading {i}"):
            comments.append(f"# lead {i}.")
            out.append(comments[-1])
        if ln and data.draw(st.booleans(), label=f"trailing {i}"):
            comments.append(f"# trail {i}.")
            ln = f"{ln}   {comments[-1]}"
        out.append(ln)
    text = "\n".join(out) + "\n"
    once = fmt(text)
    for c in comments:
        assert once.count(c) == 1, (c, once)
    assert fmt(once) == once
    assert parse_scenario_text(once, "t.scenario") == tree


# ----------------------------------------------------------------- examples


def test_identity_fixture_is_canonical():
    """tests/scenario/fixtures/identity.scenario (one of each construct, with
    comments) is a fixed point of `fmt`, byte for byte."""
    text = FIXTURE.read_text(encoding="utf-8")
    assert fmt(text) == text


def test_fmt_canonical_layout():
    """`fmt` joins continuation lines, normalises spacing and times, orders an
    expectation's parts, and separates kinds of statement by a blank line."""
    messy = (
        '# header\nscenario   "S"\ncheck a,b\n   as of 2026-01-01\n'
        'situation aggression( USA , IRN )   from 2003-03-20\n    source "UNSC"\n'
        '2003-03-20  9:05   USA use_force IRN   kind = x\n'
        'expect no_aid violated on 2003-04-02 by RUS\n'
    )
    assert fmt(messy) == (
        '# header\nscenario "S"\ncheck a, b\nas of 2026-01-01\n\n'
        'situation aggression(USA, IRN) from 2003-03-20 source "UNSC"\n\n'
        '2003-03-20 09:05 USA use_force IRN kind=x\n\n'
        'expect no_aid violated by RUS on 2003-04-02\n'
    )


def test_fmt_keeps_paragraphs_and_never_reorders_events():
    """A blank line between events is kept (once); events are never sorted."""
    text = "check a\n\n2003 B b\n\n\n\n2001 A a\n2002 C c\n"
    assert fmt(text) == "check a\n\n2003 B b\n\n2001 A a\n2002 C c\n"


def test_fmt_comment_placement():
    """A trailing comment stays on its statement's line, a comment alone on its
    line stays before the next statement, and a final comment stays last."""
    text = ("check a   # ids\n# the invasion\n2003-03-20 USA use_force IRN # day one\n"
            "   source \"x\"\nexpect compliant\n# end\n")
    assert fmt(text) == ("check a  # ids\n\n# the invasion\n2003-03-20 USA use_force IRN source \"x\"  # day one\n\n"
                         "expect compliant\n\n# end\n")


def test_values_quoted_only_when_needed():
    """Words, numbers and real dates print bare; keywords, spaces, impossible
    dates and the empty string are quoted."""
    assert [value(v) for v in ("military", "12", "-2.5", "2001-03", "1998-05-01")] == \
        ["military", "12", "-2.5", "2001-03", "1998-05-01"]
    assert [value(v) for v in ("source", "a b", "0000", "2001-02-30", "", "x-y")] == \
        ['"source"', '"a b"', '"0000"', '"2001-02-30"', '""', '"x-y"']


def test_instrument_paths_stay_quoted():
    """A quoted `check` entry is a path, and prints quoted even when it looks like an id."""
    assert fmt('check "ru_ir_2001", ru_ir_2025\n') == 'check "ru_ir_2001", ru_ir_2025\n'
