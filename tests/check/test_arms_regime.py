"""The arms-transfer regime's examples: what `diff` lists on the S-300 and
the snapback examples (the issue's acceptance criteria), and the life cycles
of the Security Council measures and the 2018 Caspian Convention as the
engine and the compiled plan see them."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import treatylang
from treatylang.check.lifecycle import Lifecycle
from treatylang.model import load_instruments
from treatylang.plan.compile import compile_plan

ROOT = Path(__file__).resolve().parents[2]
ARMS = ROOT / "examples" / "arms"
D = _dt.date


def test_s300_diff_names_exactly_the_instances_that_change():
    """Between the two S-300 readings exactly two instances change — 1929's
    sales clause (the November 2015 contract) and 2231 Annex B para 5 (the
    April 2016 delivery) — each citing the S-300 row of the weapon table."""
    d = treatylang.diff([], [ARMS / "s300_2016.scenario"], readings_a=["s300_outside"], readings_b=["s300_in_vii"])
    got = {(c.clause_id, c.before, c.after, tuple(a.event.date for a in c.acts)) for c in d.changes}
    assert got == {("unscr_1929.no_register_sales", "fulfilled", "violated", ("2015-11",)),
                   ("unscr_2231.register_arms", "pending", "violated", ("2016-04",))}
    for c in d.changes:
        assert {m.text for m in c.premises} == {"S_300PMU_1 = outside_register", "S_300PMU_1 = missiles"}


def test_snapback_diff_lists_only_acts_from_2025_09_28():
    """Between the two snapback readings the acts that change are exactly
    those dated on or after 2025-09-28; the delivery of 27 September is in
    no change, and every change rests on a `reinstated from 2025-09-28`."""
    sc = ARMS / "snapback_2025.scenario"
    d = treatylang.diff([], [sc], readings_a=["snapback_valid"], readings_b=["snapback_void"])
    acts = [a for c in d.changes for a in c.acts]
    assert sorted(a.event.date for a in acts) == ["2025-09-28", "2025-10-01", "2025-10-05", "2025-10-20"]
    assert all(a.day >= D(2025, 9, 28) for a in acts)
    assert {c.clause_id for c in d.changes} == {"unscr_1737.no_proliferation_items", "unscr_1747.no_arms_from_iran",
                                                "unscr_1929.no_register_arms", "unscr_1929.no_register_sales"}
    for c in d.changes:
        assert [m.text for m in c.premises] == ["reinstated from 2025-09-28"]


def test_reinstated_resolution_is_in_force_in_two_periods():
    """UNSCR 1929 under the default reading: in force 2010-06-09 to
    2016-01-15 and again from 2025-09-28 (for every state: it has no party
    list); under snapback_void only the first period."""
    from treatylang.model.readings import choose, select

    model = load_instruments(["unscr_1929"])
    valid = Lifecycle(select(model, choose(model)).instruments["unscr_1929"])
    void = Lifecycle(select(model, choose(model, ["snapback_void"])).instruments["unscr_1929"])
    assert valid.periods(None) == [(D(2010, 6, 9), D(2016, 1, 16)), (D(2025, 9, 28), None)]
    assert valid.periods("RUS") == valid.periods(None)
    assert void.periods(None) == [(D(2010, 6, 9), D(2016, 1, 16))]
    assert valid.day_applies(D(2020, 1, 1), "RUS") is False and valid.day_applies(D(2025, 10, 1), "CHN") is True


def test_caspian_convention_enters_into_force_on_the_fifth_ratification():
    """Four ratifications in the clause file: not in force. A fifth (Iran's,
    as a `ratification` event) puts it in force that day for everyone."""
    from treatylang.events.model import Event

    ins = load_instruments(["caspian_convention_2018"]).instruments["caspian_convention_2018"]
    lc = Lifecycle(ins)
    assert lc.periods(None) == [] and lc.periods("RUS") == []
    lc.add_ratification(Event(D(2027, 3, 1), "IRN", None, action="ratification",
                              attrs=(("instrument", "caspian_convention_2018"),)))
    assert lc.periods(None) == [(D(2027, 3, 1), None)] and lc.periods("IRN") == [(D(2027, 3, 1), None)]


def test_plan_keeps_events_after_a_reinstatement_and_before_a_ratification():
    """The compiled plan's windows (what an executor may skip) never leave
    out an act a reinstated resolution or a convention in force on a
    future ratification can judge."""
    model = load_instruments(["unscr_1929", "caspian_convention_2018", "caspian_2001"])
    plan = compile_plan(model, ["unscr_1929", "caspian_2001"])
    t = next(t for t in plan.terms if t.owner == "unscr_1929.no_register_arms")
    assert t.lo == D(2010, 6, 9) and t.hi is None
    assert plan.admits("transfer_arms", None, "RUS", "IRN", D(2026, 1, 1), D(2026, 1, 1))
    assert plan.admits("ratification", None, "IRN", None, D(2027, 1, 1), D(2027, 1, 1))
