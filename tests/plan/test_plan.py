"""The compiled plan: its printed form for the shipped instruments (a golden
file), and the law every executor relies on — evaluating only the events the
plan admits gives the same result as evaluating them all."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from treatylang.cli import main
from treatylang.model import load_instruments
from treatylang.plan import compile_plan
from treatylang.plan.pyexec import evaluate_planned
from treatylang.testing import scenarios

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "plan_shipped.txt"
SHIPPED = ("ru_ir_2001", "caspian_2001", "ru_ir_2025", "gore_chernomyrdin_1995")
MODEL = load_instruments(SHIPPED)


def test_plan_golden(request, capsys, monkeypatch):
    """`treatylang plan` of the four shipped instruments equals
    tests/golden/plan_shipped.txt (rewritten with --update-golden)."""
    monkeypatch.chdir(ROOT)
    assert main(["plan", *SHIPPED]) == 0
    out = capsys.readouterr().out
    if request.config.getoption("--update-golden", default=False):
        GOLDEN.write_text(out, encoding="utf-8")
        return
    assert out == GOLDEN.read_text(encoding="utf-8"), "plan differs: review, then refresh with --update-golden"


def test_plan_narrows_situation_triggers():
    """Only attacks on a party start an `aggression` a clause can use: the
    plan's start term for it admits targets RUS and IRN, not every state."""
    plan = compile_plan(MODEL, ["ru_ir_2001"])
    starts = [t for t in plan.terms if t.role == "starts" and t.owner == "aggression"]
    assert starts and all(t.target.codes == frozenset({"RUS", "IRN"}) for t in starts)
    assert plan.admits(None, "190", "USA", "IRN", *[__import__("datetime").date(1990, 1, 1)] * 2)
    assert not plan.admits(None, "190", "USA", "CHN", *[__import__("datetime").date(1990, 1, 1)] * 2)


def test_unknown_instrument_is_a_diagnostic(capsys):
    """`treatylang plan` with a name that is neither an instrument nor a file exits 2 with a diagnostic."""
    assert main(["plan", "no_such_instrument"]) == 2
    assert "TL" in capsys.readouterr().err


@settings(max_examples=60)
@given(sc=scenarios(MODEL, instruments=SHIPPED, max_events=12))
def test_evaluating_admitted_events_only_changes_nothing(sc):
    """For any timeline over the shipped instruments, evaluating only the
    events the plan admits (the others counted and setting the extent) gives
    exactly the result of evaluating every event."""
    full = sc.check()
    planned = evaluate_planned(sc.model, sc.instruments, sc.events, sc.declared, sc.as_of)
    assert planned == full


@pytest.mark.parametrize("instruments", [("ru_ir_2001",), ("caspian_2001",), ("gore_chernomyrdin_1995",)])
@settings(max_examples=30)
@given(data=__import__("hypothesis").strategies.data())
def test_law_per_instrument(instruments, data):
    """The same law, one shipped instrument at a time (its plan is narrower)."""
    sc = data.draw(scenarios(MODEL, instruments=instruments, max_events=10))
    assert evaluate_planned(sc.model, sc.instruments, sc.events, sc.declared, sc.as_of) == sc.check()


def _worked_examples():
    import importlib.util
    import sys

    here = ROOT / "tests" / "semantics"
    spec = importlib.util.spec_from_file_location("_plan_sem_timeline", here / "timeline.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # attrs classes need their module registered
    spec.loader.exec_module(mod)
    return here / "examples", mod.read_timeline


EXAMPLES_DIR, READ_TIMELINE = _worked_examples()


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES_DIR.glob("*.tl")))
def test_law_on_every_worked_example(name):
    """Every worked example of docs/semantics.md (together they use every
    construct of the language): evaluating only the events the plan admits
    gives the same result as evaluating them all."""
    from treatylang.check import evaluate
    from treatylang.model import load_model

    model = load_model([EXAMPLES_DIR / f"{name}.tl"])
    tl = READ_TIMELINE(EXAMPLES_DIR / f"{name}.timeline")
    ids = tl.check or tuple(model.instruments)
    full = evaluate(model, ids, tl.events, tl.declared, tl.as_of)
    assert evaluate_planned(model, ids, tl.events, tl.declared, tl.as_of) == full


_NEW_CONSTRUCTS = (EXAMPLES_DIR / "42-priority.tl", ROOT / "examples" / "sino_russian_2001.tl")


@pytest.mark.parametrize("path", _NEW_CONSTRUCTS, ids=lambda p: p.name)
@settings(max_examples=30)
@given(data=__import__("hypothesis").strategies.data())
def test_law_on_random_timelines_of_the_new_constructs(path, data):
    """The law on random timelines over clause files of issue 14's constructs:
    priority between instruments (`prevails over`), and the Sino-Russian
    example (standing state, third role, effect conditions, a joint act from
    a situation's start)."""
    from treatylang.model import load_model

    model = load_model([path])
    sc = data.draw(scenarios(model, instruments=tuple(model.instruments), max_events=12))
    assert evaluate_planned(sc.model, sc.instruments, sc.events, sc.declared, sc.as_of) == sc.check()


def test_facts_the_plan_drops_still_make_the_timeline_more_than_coded_reports():
    """An asserted fact the plan does not admit (China's nuclear strike on the
    United States, which no clause of the Sino-Russian example protects) still
    tells the evaluator that the timeline is not machine-coded reports only:
    the missed consultation after a declared threat is `violated`, as
    `evaluate` says — not `unknown` for want of a code for `consult`
    (docs/semantics.md §13)."""
    import datetime as dt

    from treatylang.check import evaluate
    from treatylang.events.model import Event, Provenance
    from treatylang.model import load_model
    from treatylang.testing.generated import DeclaredSituation

    model = load_model([ROOT / "examples" / "sino_russian_2001.tl"])
    ids = tuple(model.instruments)
    events = [Event(dt.date(2000, 1, 1), "CHN", "USA", None, "use_nuclear_weapons", (), None, "day", None, 0,
                    Provenance("<test>", 1))]
    declared = [DeclaredSituation("threat_seen", ("CHN",), dt.date(2003, 1, 1))]
    as_of = dt.date(2003, 1, 8)
    full = evaluate(model, ids, events, declared, as_of)
    assert "violated" in {v.status for v in full.verdicts if v.clause == "consult_on_threat"}
    assert evaluate_planned(model, ids, events, declared, as_of) == full
