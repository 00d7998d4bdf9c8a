"""Parsing every construct of the scenario language into its AST."""

from __future__ import annotations

import datetime as _dt

import pytest

from treatylang.diagnostics import DiagnosticError
from treatylang.scenarios.load import parse_scenario_file, parse_scenario_text
from treatylang.syntax.scenario_ast import (
    AsOf, Attr, Check, Declare, EventLine, Expect, InstrumentRef, ScenarioFile, Title,
)

D = _dt.date


def one(text: str):
    """The single statement `text` parses to."""
    tree = parse_scenario_text(text, "t.scenario")
    assert len(tree.items) == 1, tree.items
    return tree.items[0]


# ----------------------------------------------------------------- header


def test_empty_file_and_comments_only():
    """An empty file, or one with only comments and blank lines, is an empty scenario."""
    assert parse_scenario_text("", "t.scenario") == ScenarioFile(())
    assert parse_scenario_text("# nothing\n\n   # here\n", "t.scenario") == ScenarioFile(())


def test_title():
    """`scenario "…"` gives the title, with escapes undone."""
    assert one('scenario "The \\"2003\\" case"') == Title('The "2003" case')


def test_check_ids_and_paths():
    """`check` takes instrument ids (bare) and clause-file paths ("strings")."""
    assert one('check ru_ir_2001, "../t/local.tl", ru_ir_2025') == Check((
        InstrumentRef("ru_ir_2001"), InstrumentRef("../t/local.tl", True), InstrumentRef("ru_ir_2025")))


def test_as_of():
    """`as of` takes a full date."""
    assert one("as of 2026-01-01") == AsOf(D(2026, 1, 1))


# ----------------------------------------------------------------- situations


def test_situation_with_arguments_until_and_source():
    """`situation NAME(ARGS) from D until D source "…"`, over two lines."""
    item = one('situation aggression(USA, IRN) from 2003-03-20 until 2003-05-01\n  source "UNSC"')
    assert item == Declare("aggression", ("USA", "IRN"), D(2003, 3, 20), D(2003, 5, 1), "UNSC")


def test_situation_without_parameters_or_end():
    """A situation without parameters has no parentheses; no `until` means still holding."""
    assert one("situation caspian_regime_pending from 1991-12-26") == Declare(
        "caspian_regime_pending", (), D(1991, 12, 26), None, None)


def test_situation_with_source_but_no_until():
    """`source` may follow `from` directly."""
    assert one('situation s(A) from 2001-01-01 source "x"') == Declare("s", ("A",), D(2001, 1, 1), None, "x")


# ----------------------------------------------------------------- events


def test_event_with_target_and_source():
    """`DATE ACTOR ACTION TARGET source "…"`."""
    assert one('2003-03-20 USA use_force IRN source "hypothetical"') == EventLine(
        "2003-03-20", "USA", "use_force", None, "IRN", source="hypothetical")


def test_event_without_target():
    """An event may have no target."""
    assert one("2003-03-20 RUS mobilise") == EventLine("2003-03-20", "RUS", "mobilise")


def test_event_time_is_normalised():
    """A time `8:30` is kept as `08:30`; seconds are allowed."""
    assert one("2003-04-02 8:30 RUS assist USA").time == "08:30"
    assert one("2003-04-02 23:59:59 RUS assist USA").time == "23:59:59"


def test_event_imprecise_dates_kept_as_written():
    """Month and year precision dates are kept as written (`2003-04`, `2001`)."""
    assert one("2003-04 RUS assist USA").date == "2003-04"
    assert one("2001 IRN threaten_force AZE").date == "2001"


def test_event_cameo_code_keeps_leading_zeros():
    """`cameo 072` is the code "072", never 72; four-digit codes are not years."""
    item = one("2003-04 RUS cameo 072 USA")
    assert (item.action, item.code, item.target) == (None, "072", "USA")
    assert one("2003-04 RUS cameo 0331").code == "0331"


def test_event_attributes_of_every_value_kind():
    """Attribute values: word, integer, signed decimal, date, year, and "string"."""
    item = one('2003-04-02 RUS transfer_arms IRN kind=military n=12 x=-2.5 signed=1998-05-01 y=1998 '
               'c="air defence" k="source"')
    assert item.attrs == (Attr("kind", "military"), Attr("n", "12"), Attr("x", "-2.5"),
                          Attr("signed", "1998-05-01"), Attr("y", "1998"), Attr("c", "air defence"),
                          Attr("k", "source"))


def test_event_attributes_without_target():
    """`NAME=` after the action is an attribute, not a target (one token of look-ahead)."""
    item = one("2001 IRN threaten_force region=caspian")
    assert item.target is None and item.attrs == (Attr("region", "caspian"),)


def test_newlines_are_not_significant():
    """Statements are told apart by their first token, not by line breaks."""
    tree = parse_scenario_text("check a 2001 X act Y 2002 X act expect compliant", "t.scenario")
    assert [type(i).__name__ for i in tree.items] == ["Check", "EventLine", "EventLine", "Expect"]
    assert tree.items[1].target == "Y" and tree.items[2].target is None


def test_event_spans_of_parts():
    """The date and the action carry their own spans, for precise diagnostics."""
    item = one("2003-04-02 RUS cameo 072 USA")
    assert (item.date_span.col, item.date_span.end_col) == (1, 11)
    assert (item.action_span.col, item.action_span.end_col) == (16, 25)


# ----------------------------------------------------------------- expectations


def test_expect_compliant_and_counts():
    """`expect compliant`, `expect N violations`, `expect 1 violation`."""
    assert one("expect compliant") == Expect("compliant")
    assert one("expect 2 violations") == Expect("count", count=2)
    assert one("expect 1 violation") == Expect("count", count=1)


@pytest.mark.parametrize("status", ["violated", "fulfilled", "pending", "not_triggered", "not_in_force", "unknown"])
def test_expect_every_status(status):
    """Each of the six statuses is accepted."""
    assert one(f"expect ru_ir_2001.no_force {status}") == Expect("status", "ru_ir_2001.no_force", status)


def test_expect_parts_in_any_order():
    """`N times`, `by` and `on` may come in any order; the AST does not record it."""
    want = Expect("status", "no_aid", "violated", 2, "RUS", D(2003, 4, 2))
    assert one("expect no_aid violated 2 times by RUS on 2003-04-02") == want
    assert one("expect no_aid violated on 2003-04-02 by RUS 2 times") == want


def test_expect_bare_clause_name():
    """A clause may be named without its instrument."""
    assert one("expect no_aid violated by RUS").clause == "no_aid"


def test_comments_anywhere_between_tokens():
    """`#` comments are ignored, also inside a statement; `#` in a string is text."""
    item = one('2003-04-02 RUS # who\n assist # what\n USA source "a#b" # cited')
    assert item == EventLine("2003-04-02", "RUS", "assist", None, "USA", source="a#b")


def test_statement_order_is_kept():
    """Statements keep file order (events' order breaks ties within a day)."""
    tree = parse_scenario_text("expect compliant\n2001 B b\ncheck a\n2001 A a\n", "t.scenario")
    assert [type(i).__name__ for i in tree.items] == ["Expect", "EventLine", "Check", "EventLine"]


def test_parse_scenario_file(tmp_path):
    """parse_scenario_file reads a file; a missing one is TL001, not an OSError."""
    f = tmp_path / "a.scenario"
    f.write_text("check a\n", encoding="utf-8")
    assert parse_scenario_file(f) == ScenarioFile((Check((InstrumentRef("a"),)),))
    with pytest.raises(DiagnosticError) as e:
        parse_scenario_file(tmp_path / "missing.scenario")
    assert e.value.diagnostics[0].code == "TL001"


def test_keywords_are_reserved_everywhere():
    """A name that spells a keyword is rejected even where the contextual lexer
    reads it as a NAME (`2003 RUS source IRN`): TL401 at the word."""
    with pytest.raises(DiagnosticError) as e:
        parse_scenario_text("2001 RUS source IRN", "t.scenario")
    d = e.value.diagnostics[0]
    assert (d.code, d.span.col, d.message) == ("TL401", 10, "`source` is a keyword, not an action")


def test_attribute_values_may_spell_keywords():
    """Values are data, not names: a bare `source` after `=` is the value "source"."""
    assert one("2001 RUS act k=source").attrs == (Attr("k", "source"),)
