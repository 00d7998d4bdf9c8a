"""load_scenario: AST → Scenario, without a model and with one built from a
small clause file written to tmp_path."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from hypothesis import given

from treatylang.diagnostics import DiagnosticError
from treatylang.events.model import Event, Provenance
from treatylang.model import load_model
from treatylang.scenarios.load import (
    Declared, Expectation, Scenario, find_scenarios, load_scenario, load_scenario_and_model, load_scenario_text,
)
from treatylang.syntax.scenario_printer import print_scenario

from .strategies import scenario_asts

D = _dt.date

CLAUSES = """
type aid_kind = military | economic
action use_force cameo 18, 19, 20
action ceasefire cameo 0871
action assist(kind: aid_kind, since: date, n: integer) cameo 062, 072
situation aggression(aggressor: state, victim: party) {
  starts when aggressor use_force against victim
  ends when aggressor ceasefire victim
}
situation regime_pending { initially }
instrument tr_a treaty {
  parties RUS, IRN
  in force 2002-04-05
  article a1 {
    clause no_force: each party P must not use_force against the other party
    clause no_aid: each party P must not assist X while aggression(X, P)
  }
}
instrument tr_b treaty {
  parties RUS, IRN
  in force 2002-04-05
  article b1 {
    clause no_force: each party P must not use_force against the other party
    clause only_b: each party P must not assist any state X
  }
}
"""

SCENARIO = """\
scenario "The 2003 hypothetical"
check tr_a, tr_b
as of 2026-01-01

situation aggression(USA, IRN) from 2003-03-20 until 2003-05-01 source "UNSC (hypothetical)"

2003-03-20 USA use_force IRN source "hypothetical"
2003-04-02 08:30 RUS assist USA n=3 kind=military source "https://example.org/x"
2003-04 RUS cameo 072 USA

expect no_aid violated by RUS on 2003-04-02
expect tr_b.no_force not_triggered
expect tr_a.no_force violated 0 times
expect 1 violation
expect compliant
"""


@pytest.fixture
def model(tmp_path):
    """A model with two instruments that share the clause name `no_force`."""
    f = tmp_path / "t.tl"
    f.write_text(CLAUSES, encoding="utf-8")
    return load_model([f])


def load(text: str, model=None, name: str = "s.scenario", folder: Path | None = None) -> Scenario:
    path = str(folder / name) if folder else name
    return load_scenario_text(text, path, model)


# ----------------------------------------------------------------- without a model


def test_header_and_instruments():
    """Title, instruments (ids as written) and `as of` are carried over."""
    s = load(SCENARIO)
    assert (s.title, s.instruments, s.as_of) == ("The 2003 hypothetical", ("tr_a", "tr_b"), D(2026, 1, 1))


def test_events_in_file_order_with_provenance():
    """Events keep file order; seq is the position in the file; provenance is
    file:line plus the citation; attributes are sorted (name, value) pairs."""
    s = load(SCENARIO)
    assert s.events == (
        Event(D(2003, 3, 20), "USA", "IRN", None, "use_force", seq=0),
        Event(D(2003, 4, 2), "RUS", "USA", None, "assist", (("kind", "military"), ("n", "3")), time="08:30", seq=1),
        Event(D(2003, 4, 1), "RUS", "USA", "072", None, last_day=D(2003, 4, 30), precision="month", seq=2),
    )
    assert [e.provenance for e in s.events] == [
        Provenance("s.scenario", 7, "hypothetical"), Provenance("s.scenario", 8, "https://example.org/x"),
        Provenance("s.scenario", 9, None)]


def test_year_precision_event():
    """A year-only date spans the whole year."""
    e = load("check a\n2001 IRN threaten_force AZE region=caspian\n").events[0]
    assert (e.day, e.last_day, e.precision, e.end_day) == (D(2001, 1, 1), D(2001, 12, 31), "year", D(2001, 12, 31))


def test_declared_situations():
    """Declarations become Declared with an inclusive `until` (None: still holding)."""
    s = load(SCENARIO + "situation regime_pending from 1991-12-26\n")
    assert s.declared == (
        Declared("aggression", ("USA", "IRN"), D(2003, 3, 20), D(2003, 5, 1), "UNSC (hypothetical)"),
        Declared("regime_pending", (), D(1991, 12, 26), None, None),
    )
    assert s.declared[0].span.line == 5


def test_expectations_with_canonical_text():
    """Expectations keep the clause as written (no clause_id without a model)
    and carry their canonical text for reports."""
    s = load(SCENARIO)
    assert s.expectations == (
        Expectation("status", "no_aid", "violated", "RUS", D(2003, 4, 2), None,
                    "expect no_aid violated by RUS on 2003-04-02"),
        Expectation("status", "tr_b.no_force", "not_triggered", text="expect tr_b.no_force not_triggered"),
        Expectation("status", "tr_a.no_force", "violated", count=0, text="expect tr_a.no_force violated 0 times"),
        Expectation("count", count=1, text="expect 1 violation"),
        Expectation("compliant", text="expect compliant"),
    )
    assert [e.span.line for e in s.expectations] == [11, 12, 13, 14, 15]


def test_clause_file_paths_are_relative_to_the_scenario(tmp_path):
    """`check "x.tl"` names a file next to the scenario; Scenario.instruments
    holds the path as seen from the working directory."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.tl").write_text(CLAUSES, encoding="utf-8")
    f = tmp_path / "sub" / "s.scenario"
    f.write_text('check "x.tl", tr_a, "x.tl"\n', encoding="utf-8")
    s = load_scenario(f)
    assert s.instruments == (str(tmp_path / "sub" / "x.tl"), "tr_a")


def test_timeline_end():
    """timeline_end is `as of` when given, else the latest day of the events
    and declared situations (an expectation's `on` does not extend it)."""
    assert load(SCENARIO).timeline_end == D(2026, 1, 1)
    assert load("check a\n2003-04 RUS x\n2003-04-02 RUS y\n").timeline_end == D(2003, 4, 30)
    assert load("check a\nsituation s from 2004-01-01 until 2004-02-01\n").timeline_end == D(2004, 2, 1)
    assert load("check a\n2003 A x\nexpect x violated on 2005-01-01\n").timeline_end == D(2003, 12, 31)
    assert load("check a\n").timeline_end is None


def test_out_of_order_events_warn_but_load():
    """An event written after a later one is a TL407 warning, returned on the
    scenario; loading goes on. Overlapping imprecise dates are not out of order."""
    s = load("check a\n2003-04-02 RUS x\n2003-04 USA y\n2003-03-31 IRN z\n2003-04-02 GBR w\n")
    assert [(d.code, d.severity, d.span.line, d.span.col) for d in s.warnings] == [("TL407", "warning", 4, 1)]
    assert len(s.events) == 4


def test_unknown_cameo_code_without_model():
    """CAMEO codes are checked against the codebook even without a model."""
    with pytest.raises(DiagnosticError) as e:
        load("check a\n2003 RUS cameo 42 USA\n")
    d = e.value.diagnostics[0]
    assert (d.code, d.span.line, d.span.col) == ("TL402", 2, 10)
    assert "042" in d.help


@given(scenario_asts())
def test_loading_any_scenario_gives_a_scenario_or_diagnostics(tree):
    """Loading a generated scenario (no model) returns a Scenario or raises
    DiagnosticError — never anything else; every event of the file is loaded."""
    text = print_scenario(tree)
    try:
        s = load_scenario_text(text, "g.scenario")
    except DiagnosticError as e:
        # TL4xx: the scenario language; TL0xx: reading limits (a `check "PATH"`
        # outside the folders the file may read is TL008)
        assert e.diagnostics and all(d.code.startswith(("TL4", "TL0")) for d in e.diagnostics)
        return
    assert len(s.events) == sum(1 for i in tree.items if type(i).__name__ == "EventLine")
    assert [e.seq for e in s.events] == list(range(len(s.events)))


# ----------------------------------------------------------------- with a model


def test_with_model_resolves_clause_ids(model):
    """A bare clause name resolves against the checked instruments; qualified
    names are kept; clause_id is set."""
    s = load("check tr_a, tr_b\nexpect no_aid violated\nexpect only_b pending\nexpect tr_b.no_force pending\n",
             model)
    assert [e.clause_id for e in s.expectations] == ["tr_a.no_aid", "tr_b.only_b", "tr_b.no_force"]


def test_with_model_scope_is_the_checked_instruments(model):
    """A bare name is unique when only one checked instrument has it: with only
    tr_a checked, `no_force` is tr_a.no_force."""
    s = load("check tr_a\nexpect no_force violated\n", model)
    assert s.expectations[0].clause_id == "tr_a.no_force"


def test_with_model_scope_from_a_clause_file_path(model, tmp_path):
    """Instruments declared in a file named by path are the checked ones."""
    s = load('check "t.tl"\nexpect tr_a.no_force violated\nexpect only_b violated\n', model, folder=tmp_path)
    assert [e.clause_id for e in s.expectations] == ["tr_a.no_force", "tr_b.only_b"]


def test_with_model_ambiguous_bare_name(model):
    """A bare name two checked instruments share is TL409, with both spellings as help."""
    with pytest.raises(DiagnosticError) as e:
        load("check tr_a, tr_b\nexpect no_force violated\n", model)
    d = e.value.diagnostics[0]
    assert (d.code, d.span.line, d.span.col) == ("TL409", 2, 8)
    assert "`tr_a.no_force`" in d.help and "`tr_b.no_force`" in d.help


def test_with_model_clause_of_an_unchecked_instrument(model):
    """A bare name found only in an instrument the scenario does not check is
    TL403, with help naming the qualified spelling."""
    with pytest.raises(DiagnosticError) as e:
        load("check tr_a\nexpect only_b violated\n", model)
    d = e.value.diagnostics[0]
    assert d.code == "TL403" and "tr_b.only_b" in d.help


def test_with_model_valid_events_and_attributes(model):
    """Known actions, declared attributes of the right type, and CAMEO codes an
    action maps to load without diagnostics."""
    s = load("check tr_a\n2003-04-02 RUS assist USA kind=military since=2003-01 n=-3\n"
             "2003-04-03 RUS cameo 072 USA kind=economic\nsituation aggression(USA, IRN) from 2003-03-20\n"
             "situation regime_pending from 1991-12-26\n", model)
    assert s.warnings == () and len(s.events) == 2


def test_with_model_undeclared_attribute_is_a_warning(model):
    """An attribute the action does not declare is a TL411 warning (ignored by
    the checker); the scenario still loads."""
    s = load("check tr_a\n2003-04-02 RUS assist USA kinds=military\n", model)
    [w] = s.warnings
    assert (w.code, w.severity, w.span.line, w.span.col) == ("TL411", "warning", 2, 27)
    assert w.help == "did you mean `kind`?"


def test_with_model_builtin_notice_of_termination(model):
    """`notice_of_termination` is built in (the evaluator ends instruments by
    it): it needs no declaration; its `instrument=` must name a loaded
    instrument (TL412), other attributes are TL411 warnings."""
    s = load("check tr_a\n2015-06-01 IRN notice_of_termination RUS instrument=tr_a\n"
             "2015-06-02 IRN notice_of_termination RUS\n", model)
    assert s.warnings == () and s.events[0].attr("instrument") == "tr_a"
    with pytest.raises(DiagnosticError) as e:
        load("check tr_a\n2015-06-01 IRN notice_of_termination RUS instrument=tr_x note=x\n", model)
    assert [(d.code, d.span.col) for d in e.value.diagnostics] == [("TL412", 42), ("TL411", 58)]


def test_with_model_collects_every_error_once(model):
    """All errors of a file are raised together, sorted by position."""
    text = ("check tr_a, tr_c\nsituation aggresion(USA, IRN) from 2003-03-20\nsituation aggression(USA) from 2003-03-20\n"
            "2003-03-20 USA use_forc IRN\n2003-04-02 RUS assist USA kind=militry\nexpect tr_a.no_aidd violated\n")
    with pytest.raises(DiagnosticError) as e:
        load(text, model)
    got = [(d.code, d.span.line, d.span.col) for d in e.value.diagnostics]
    assert got == [("TL408", 1, 13), ("TL406", 2, 11), ("TL406", 3, 1), ("TL402", 4, 16), ("TL412", 5, 27),
                   ("TL403", 6, 8)]


def test_scenario_loaded_twice_is_equal(model):
    """Loading is deterministic: the same file gives equal scenarios (warnings
    and spans aside), with and without a model apart from clause_id."""
    a, b = load(SCENARIO.replace("check tr_a, tr_b", "check tr_a")), load(SCENARIO.replace("check tr_a, tr_b", "check tr_a"))
    assert a == b
    m = load(SCENARIO.replace("check tr_a, tr_b", "check tr_a").replace("tr_b.no_force", "tr_a.no_force"), model)
    assert m.expectations[0].clause_id == "tr_a.no_aid"


def test_load_scenario_and_model(tmp_path):
    """load_scenario_and_model loads the instruments a scenario names and the
    scenario with them, so model-free and name errors come in one report."""
    (tmp_path / "t.tl").write_text(CLAUSES, encoding="utf-8")
    f = tmp_path / "s.scenario"
    f.write_text('check "t.tl"\n2003 RUS assist USA\nexpect tr_a.no_aid violated\n', encoding="utf-8")
    s, m = load_scenario_and_model(f)
    assert set(m.instruments) == {"tr_a", "tr_b"} and s.expectations[0].clause_id == "tr_a.no_aid"
    f.write_text('check "t.tl"\n2003 RUS cameo 999\n2003 RUS asist USA\n', encoding="utf-8")
    with pytest.raises(DiagnosticError) as e:
        load_scenario_and_model(f)
    assert [(d.code, d.span.line) for d in e.value.diagnostics] == [("TL402", 2), ("TL402", 3)]


# ----------------------------------------------------------------- finding files


def test_find_scenarios(tmp_path):
    """Folders yield their *.scenario files recursively and sorted (hidden
    folders skipped); named files are kept whatever their suffix; each once."""
    for rel in ("b.scenario", "a/z.scenario", "a/y.scenario", ".hidden/h.scenario", "c.tl", "x.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("check a\n", encoding="utf-8")
    got = find_scenarios([tmp_path / "x.txt", tmp_path, tmp_path / "b.scenario"])
    assert got == [tmp_path / "x.txt", tmp_path / "a/y.scenario", tmp_path / "a/z.scenario", tmp_path / "b.scenario"]
    with pytest.raises(DiagnosticError) as e:
        find_scenarios([tmp_path / "missing"])
    assert e.value.diagnostics[0].code == "TL001"


def test_order_as_written_is_loaded_and_printed():
    """`order as written` sets `Scenario.ordered`, is printed back by the
    canonical printer, and may be given only once (TL413)."""
    from treatylang.diagnostics import DiagnosticError
    from treatylang.scenarios.load import load_scenario_text
    from treatylang.syntax.scenario_ast import parse_scenario_text
    from treatylang.syntax.scenario_printer import print_scenario

    text = "check ru_ir_2001\norder as written\n2003-03-20 USA use_force IRN\n"
    assert load_scenario_text(text, "o.scenario").ordered
    assert not load_scenario_text("check ru_ir_2001\n", "o.scenario").ordered
    assert "order as written" in print_scenario(parse_scenario_text(text, "o.scenario"))
    try:
        load_scenario_text(text + "order as written\n", "o.scenario")
    except DiagnosticError as e:
        assert any(d.code == "TL413" for d in e.diagnostics)
    else:
        raise AssertionError("a second `order as written` was accepted")


def test_a_bare_id_declared_in_a_named_clause_file(tmp_path):
    """`check "x.tl", tr_a`: `tr_a` is declared in x.tl (not a shipped id),
    as docs/scenarios.md allows — it loads (it was TL003 from the command
    line); an id x.tl does not declare is TL408."""
    (tmp_path / "x.tl").write_text(CLAUSES, encoding="utf-8")
    f = tmp_path / "s.scenario"
    f.write_text('check "x.tl", tr_a\n', encoding="utf-8")
    s, model = load_scenario_and_model(f)
    assert "tr_a" in model.instruments and s.instruments == (str(tmp_path / "x.tl"), "tr_a")
    f.write_text('check "x.tl", tr_zz\n', encoding="utf-8")
    with pytest.raises(DiagnosticError) as e:
        load_scenario_and_model(f)
    assert [d.code for d in e.value.diagnostics] == ["TL408"]
