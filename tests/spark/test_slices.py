"""Slicing a check by instrument, without Spark: which instruments go
together, and the law that evaluating the slices apart and merging gives the
one-pass evaluator's result."""

from __future__ import annotations

from hypothesis import given

from treatylang import api
from treatylang.check.engine import Evaluator, evaluate
from treatylang.spark.progress import line
from treatylang.spark.slices import components, evaluate_slice, merge, order
from treatylang.testing import scenarios

ALL = ["ru_ir_2001", "caspian_2001", "ru_ir_2025", "gore_chernomyrdin_1995"]


def test_components_of_the_shipped_instruments():
    """The instruments whose clauses use situations share a slice; the 1995
    aide-mémoire, which uses none, is a slice of its own."""
    model = api.load_instruments(ALL)
    assert components(Evaluator(model, ALL)) == [("ru_ir_2001", "caspian_2001", "ru_ir_2025"),
                                                 ("gore_chernomyrdin_1995",)]
    assert components(Evaluator(model, ["gore_chernomyrdin_1995", "ru_ir_2001"])) == [
        ("gore_chernomyrdin_1995",), ("ru_ir_2001",)]


def test_a_permission_across_instruments_joins_their_slices(tmp_path):
    """A permission of one instrument that overrides a prohibition of
    another puts both in one slice."""
    (tmp_path / "a.tl").write_text(
        'action sell_arms cameo 0871\n'
        'instrument a treaty {\n  parties RUS, IRN\n  in force 2002-01-01\n'
        '  article one {\n    clause no_sales: each party P must not sell_arms\n  }\n}\n', encoding="utf-8")
    (tmp_path / "b.tl").write_text(
        'import "a.tl"\n'
        'instrument b treaty {\n  parties RUS, IRN\n  in force 2003-01-01\n'
        '  article one {\n    clause may_sell: each party P may sell_arms\n      overrides a.no_sales\n  }\n}\n',
        encoding="utf-8")
    model = api.load_instruments([str(tmp_path / "a.tl"), str(tmp_path / "b.tl")])
    assert components(Evaluator(model, ["a", "b"])) == [("a", "b")]


@given(scenarios(ALL, max_events=12, max_declared=0, as_of=False))
def test_slices_merged_equal_one_pass(sc):
    """For any timeline of the shipped instruments, each slice evaluated on
    its own events and merged (with the counts over the whole timeline)
    equals `evaluate` over every instrument at once."""
    model = sc.model
    whole = evaluate(model, ALL, list(sc.events))
    full = Evaluator(model, ALL)
    first = min((e.day for e in sc.events), default=None)
    last = max((e.end_day for e in sc.events), default=None)
    results = {ids: evaluate_slice(model, ids, (), None, False, first, last,
                                   order([(0, 0, e) for e in sc.events])) for ids in components(full)}
    got = merge(full, results, whole.events_checked, whole.events_matched, whole.acts)
    assert got == whole


def test_progress_line():
    """The progress line: tasks, records, records per second, time left
    from the share of tasks done."""
    assert line(1, 4, 250_000, 10.0) == "spark: 1/4 tasks, 250,000 records read (25,000 records/s), about 30s left"
    assert line(4, 4, 10, 2.0) == "spark: 4/4 tasks, 10 records read (5 records/s)"
    assert line(3, 4, 0, 120.0).endswith("about 40s left")


def test_priority_between_instruments_joins_their_slices():
    """An instrument that `prevails over` another defeats its prohibitions
    with its permissions (semantics §10.1): both go in one slice."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "semantics" / "examples" / "42-priority.tl"
    model = api.load_instruments([str(path)])
    assert components(Evaluator(model, ["old", "new"])) == [("old", "new")]


def test_a_standing_state_is_a_use_of_a_situation(tmp_path):
    """A clause `must not hold S(…)` uses situation S as a `while` does: its
    instrument shares the slice of the other instruments that use situations."""
    (tmp_path / "a.tl").write_text(
        'action aim\naction threaten\n'
        'situation targeting(holder: party, at: party) {\n  starts when holder aim against at\n}\n'
        'situation threat(by: party) {\n  starts when by threaten\n}\n'
        'instrument a treaty {\n  parties RUS, CHN\n  in force 2002-01-01\n'
        '  article one {\n    clause no_targeting: each party P must not hold targeting(P, _)\n  }\n}\n'
        'instrument b treaty {\n  parties RUS, CHN\n  in force 2002-01-01\n'
        '  article one {\n    clause no_aim: each party P must not aim\n      while threat(P)\n  }\n}\n',
        encoding="utf-8")
    model = api.load_instruments([str(tmp_path / "a.tl")])
    assert components(Evaluator(model, ["a", "b"])) == [("a", "b")]
