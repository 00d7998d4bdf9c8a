"""Contested readings: choosing them, the model they give, derived
attributes, and `diff_readings` (docs/semantics.md, "Readings")."""

from __future__ import annotations

import datetime as _dt

import pytest

from treatylang.check.diff import diff_readings
from treatylang.check.engine import evaluate
from treatylang.diagnostics import DiagnosticError
from treatylang.events.model import Event, Provenance
from treatylang.model import load_model
from treatylang.model.readings import choose, defaults, premises_of, select

CLAUSES = """
question status "Is the old instrument still in force after 2010?" {
  reading still_valid default {
    held by "A"
    source "a"
  }
  reading void_2010 {
    held by "B"
    source "b"
  }
}

question scope "Is the S-300 in category VII?" {
  reading outside default {
    held by "C"
    source "c"
  }
  reading inside {
    held by "D"
    source "d"
  }
}

type weapon_system = tank | sam | gun
type register_category = battle_tanks | missiles | outside_register

derive register from weapon {
  tank = battle_tanks
  sam = outside_register under outside
  sam = missiles under inside
}

action strike
action transfer(weapon: weapon_system, register: register_category)

instrument old treaty {
  parties RUS, IRN
  in force 2000-01-01
  superseded by old from 2010-01-01 under void_2010

  article a {
    text en "Neither party strikes the other."

    clause no_strike: each party P must not strike the other party
  }
}

instrument embargo treaty {
  parties RUS, IRN
  in force 2000-01-01

  article a {
    text en "No transfers of register items to Iran."

    clause no_register: any state must not transfer to IRN
      unless register is outside_register
    clause extra: RUS must not strike IRN
      under inside
  }
}
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    f = tmp_path_factory.mktemp("readings") / "t.tl"
    f.write_text(CLAUSES, encoding="utf-8")
    return load_model([f])


def ev(day: str, actor: str, action: str, target: str, seq: int, **attrs) -> Event:
    return Event(_dt.date.fromisoformat(day), actor, target, action=action, attrs=tuple(sorted(attrs.items())),
                 seq=seq, provenance=Provenance("t.scenario", seq + 1))


EVENTS = [
    ev("2005-01-01", "RUS", "strike", "IRN", 0),
    ev("2012-01-01", "RUS", "strike", "IRN", 1),
    ev("2013-01-01", "RUS", "transfer", "IRN", 2, weapon="sam"),
    ev("2013-02-01", "CHN", "transfer", "IRN", 3, weapon="tank"),
    ev("2013-03-01", "CHN", "transfer", "IRN", 4, weapon="gun"),
    ev("2013-04-01", "CHN", "transfer", "IRN", 5, weapon="sam", register="missiles"),
]


def statuses(result):
    return {(v.clause_id, v.binding): (v.status, tuple(f.event.line for f in v.violations() if f.event))
            for v in result.verdicts}


def test_defaults_and_choice(model):
    """With no reading named every question takes its default; naming a
    reading replaces its question's default only."""
    assert defaults(model) == {"status": "still_valid", "scope": "outside"}
    assert choose(model, ["inside"]) == {"status": "still_valid", "scope": "inside"}


def test_unknown_reading_and_two_of_one_question_are_errors(model):
    """An unknown reading is TL250 with a did-you-mean; two readings of one
    question are TL254."""
    with pytest.raises(DiagnosticError) as e:
        choose(model, ["insid"])
    assert e.value.diagnostics[0].code == "TL250" and "inside" in (e.value.diagnostics[0].help or "")
    with pytest.raises(DiagnosticError) as e:
        choose(model, ["inside", "outside"])
    assert e.value.diagnostics[0].code == "TL254"


def test_select_keeps_only_the_chosen_statements(model):
    """The selected model has the statements of the chosen readings and no
    others: a premise replaces the life-cycle field, a clause under another
    reading is gone, derive rows are filtered."""
    dflt = select(model, choose(model))
    void = select(model, choose(model, ["void_2010", "inside"]))
    assert dflt.instruments["old"].superseded is None
    assert void.instruments["old"].superseded == ("old", _dt.date(2010, 1, 1))
    assert [c.name for c in dflt.instruments["embargo"].clauses] == ["no_register"]
    assert [c.name for c in void.instruments["embargo"].clauses] == ["no_register", "extra"]
    assert {r.key: r.value for r in void.derives[0].rows} == {"tank": "battle_tanks", "sam": "missiles"}
    assert dflt.selected == (("scope", "outside"), ("status", "still_valid"))


def test_life_cycle_reading_changes_in_force(model):
    """Under `void_2010` the old treaty ends on 2010-01-01: the 2012 strike is
    no longer a violation; under the default it is."""
    a = statuses(evaluate(model, ["old"], EVENTS))
    b = statuses(evaluate(model, ["old"], EVENTS, readings=["void_2010"]))
    assert a[("old.no_strike", (("P", "RUS"),))] == ("violated", (1, 2))
    assert b[("old.no_strike", (("P", "RUS"),))] == ("violated", (1,))


def test_derived_attribute_decides_and_explicit_value_wins(model):
    """The derive table fills in `register` from `weapon` under the chosen
    reading; an event that gives `register` keeps it; a weapon with no row
    leaves it missing, so the clause's condition is unknown, never violated."""
    a = evaluate(model, ["embargo"], EVENTS)
    v = a.by_clause("embargo.no_register")[0]
    kinds = {f.event.line: f.kind for f in v.findings}
    assert kinds == {4: "violation", 5: "unknown", 6: "violation"}  # tank, gun (no row), explicit missiles
    b = evaluate(model, ["embargo"], EVENTS, readings=["inside"])
    kinds = {f.event.line: f.kind for f in b.by_clause("embargo.no_register")[0].findings}
    assert kinds == {3: "violation", 4: "violation", 5: "unknown", 6: "violation"}


def test_result_names_the_readings_used(model):
    """A result lists the questions that concern the checked instruments,
    with the reading used and whether it is the default."""
    assert evaluate(model, ["old"], EVENTS).readings == (("status", "still_valid", True),)
    assert evaluate(model, ["embargo"], EVENTS, readings=["inside"]).readings == (("scope", "inside", False),)


def test_premises_of_a_clause(model):
    """A clause depends on its own `under`, its instrument's life-cycle
    premises and the derive rows of the attributes its conditions test."""
    assert {m.text for m in premises_of(model, "old.no_strike")} == {"superseded by old from 2010-01-01"}
    assert {m.text for m in premises_of(model, "embargo.no_register")} == {"sam = outside_register",
                                                                           "sam = missiles"}
    assert {m.where for m in premises_of(model, "embargo.extra")} == {"clause embargo.extra"}


def test_diff_lists_only_what_changes(model):
    """diff_readings lists the instances whose status or findings change,
    with the acts concerned and the premises that differ; the rest is
    counted as unchanged."""
    d = diff_readings(model, ["old", "embargo"], EVENTS, readings_a=[], readings_b=["inside"])
    by = {c.clause_id: c for c in d.changes}
    assert set(by) == {"embargo.no_register", "embargo.extra"}
    reg = by["embargo.no_register"]
    assert (reg.before, reg.after) == ("violated", "violated")
    assert [(a.event.line, a.before, a.after) for a in reg.acts] == [(3, "none", "violation")]
    assert {m.text for m in reg.premises} == {"sam = outside_register", "sam = missiles"}
    extra = by["embargo.extra"]
    assert (extra.before, extra.after) == (None, "violated")
    assert d.a == (("scope", "outside", True),) and d.b == (("scope", "inside", False),)
    assert d.unchanged == 2  # old.no_strike for RUS and for IRN


def test_diff_of_a_choice_with_itself_is_empty(model):
    """Comparing a choice of readings with itself changes nothing."""
    d = diff_readings(model, ["old", "embargo"], EVENTS, readings_a=["inside"], readings_b=["inside"])
    assert d.changes == () and d.a == ()
