"""Priority between instruments (`prevails over ID by lex …`, semantics §10.1):
the prevailing instrument's permissions defeat the other's prohibitions, the
finding names the principle, and lint checks what it can of the claim."""

import datetime as dt
from pathlib import Path

from treatylang.check import evaluate
from treatylang.events.model import Event, Provenance
from treatylang.model import load_model
from treatylang.model.lint import lint_model

EXAMPLE = Path(__file__).resolve().parents[1] / "semantics" / "examples" / "42-priority.tl"


def ev(day, actor, seq, **attrs):
    return Event(dt.date.fromisoformat(day), actor, None, action="deploy",
                 attrs=tuple(sorted(attrs.items())), seq=seq, provenance=Provenance("t", seq))


def _model():
    return load_model([EXAMPLE])


def test_finding_names_the_principle():
    """An act `new.drills` permits while `new` prevails over `old` is no
    violation of `old.no_deploy`; its context finding names the permission,
    its instrument and the principle (lex posterior)."""
    model = _model()
    r = evaluate(model, ["old", "new"], [ev("2005-06-01", "RUS", 1, purpose="drill")])
    [v] = [v for v in r.by_clause("old.no_deploy") if v.binding == (("P", "RUS"),)]
    assert v.status != "violated"
    [f] = [f for f in v.findings if f.kind == "context"]
    assert f.reason == "permitted by `drills` (new), which prevails over `old` by lex posterior"


def test_priority_needs_the_prevailing_instrument_in_force():
    """Before `new` enters into force its permission defeats nothing."""
    model = _model()
    r = evaluate(model, ["old", "new"], [ev("2004-06-01", "RUS", 1, purpose="drill")])
    assert {v.status for v in r.by_clause("old.no_deploy") if v.binding == (("P", "RUS"),)} == {"violated"}


def test_only_checked_instruments_prevail():
    """As for `overrides` (§10), only the permissions of the instruments being
    checked count: checking `old` alone judges the act as `old` wrote it."""
    model = _model()
    r = evaluate(model, ["old"], [ev("2005-06-01", "RUS", 1, purpose="drill")])
    assert {v.status for v in r.by_clause("old.no_deploy") if v.binding == (("P", "RUS"),)} == {"violated"}


def test_worked_example_lints_clean():
    """The worked example's priority is sound for lint: `new` is the later
    instrument (no TL340), both are in force from 2005 (no TL341) and its
    permission is on an action `old` forbids (no TL342)."""
    assert not lint_model(_model())


def test_a_prevailing_instrument_left_out_is_noted():
    """Checking `old` alone judges it as written, and its prohibition's
    verdicts say that `new`, loaded but not checked, prevails over it."""
    model = _model()
    r = evaluate(model, ["old"], [ev("2005-06-01", "RUS", 1, purpose="drill")])
    [v] = [v for v in r.by_clause("old.no_deploy") if v.binding == (("P", "RUS"),)]
    assert "`new` prevails over `old` by lex posterior, but is not checked: its permission `drills` did not " \
           "count; check it too" in v.notes
    both = evaluate(model, ["old", "new"], [ev("2005-06-01", "RUS", 1, purpose="drill")])
    assert not any("not checked" in n for v in both.verdicts for n in v.notes)


def test_an_overriding_instrument_left_out_is_noted():
    """The same note for `overrides` across instruments (worked example 23b):
    checking `a` alone, its prohibition's verdicts name `b`, whose permission
    overrides it."""
    model = load_model([EXAMPLE.with_name("23b-overrides-across-instruments.tl")])
    r = evaluate(model, ["a"], [ev("2005-06-01", "RUS", 1, purpose="drill")])
    notes = {n for v in r.by_clause("a.no_deploy") for n in v.notes}
    assert "`b` overrides `no_deploy`, but is not checked: its permission `drills` did not count; check it too" \
        in notes
