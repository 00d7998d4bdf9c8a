"""Findings capped per clause instance inside the evaluator (`max_findings`):
the result is the full result capped afterwards (`cap_result`) — same
statuses, blame, kept findings and exact counts — while the evaluator keeps
only the findings it will report."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatylang import api
from treatylang.check import evaluate
from treatylang.check.results import Findings, Finding, cap_result
from treatylang.model import load_instruments
from treatylang.testing import scenarios

SHIPPED = ("ru_ir_2001", "caspian_2001", "ru_ir_2025", "gore_chernomyrdin_1995")
MODEL = load_instruments(SHIPPED)
# The peers' property (../shared/bench/peer/peer_property.tl), one clause instance per aided state.
PEER_TL = """action aid cameo 072
action attack cameo 190
action ceasefire cameo 0871

situation attack_on(aggressor: state, victim: state) {
  starts when aggressor attack against victim
  ends when aggressor ceasefire with victim
}

instrument peer treaty {
  parties RUS, IRN
  in force 2002-01-01

  article a {
    clause no_aid: RUS must not aid X while attack_on(X, IRN)
  }
}
"""


@settings(max_examples=60)
@given(sc=scenarios(MODEL, instruments=SHIPPED, min_events=4, max_events=30), limit=st.integers(0, 4))
def test_capping_in_the_engine_is_capping_afterwards(sc, limit):
    """For any timeline over the shipped instruments and any cap, the
    evaluator capping as it goes gives the result of capping the full
    result: verdicts, blame, kept findings and their exact tallies."""
    full = evaluate(sc.model, sc.instruments, sc.events, sc.declared, sc.as_of)
    capped = evaluate(sc.model, sc.instruments, sc.events, sc.declared, sc.as_of, max_findings=limit)
    assert cap_result(capped, limit) == cap_result(full, limit)


def _many_aids(tmp_path: Path, n: int) -> Path:
    """An attack on Iran by USA, then `n` acts of Russian aid to USA: each a
    violation of the peer clause's one instance."""
    rows = ["date,actor,target,code,id", "2003-01-01,USA,IRN,190,a0"]
    day = _dt.date(2003, 1, 2)
    for i in range(n):
        rows.append(f"{day + _dt.timedelta(days=i)},RUS,USA,072,v{i}")
    path = tmp_path / "events.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_the_evaluator_keeps_only_the_findings_it_reports(tmp_path):
    """200 violations of one clause instance with --max-findings 3: the
    evaluator's record of the instance holds 3 findings and the exact count
    of 200; the JSON report is the one capping the full result gives."""
    from treatylang.check.engine import Evaluator
    from treatylang.events import open_events

    path = _many_aids(tmp_path, 200)
    tl = tmp_path / "peer.tl"
    tl.write_text(PEER_TL)
    model = load_instruments([str(tl)])
    ev = Evaluator(model, list(model.instruments), max_findings=3)
    for e in open_events(str(path)):
        ev.feed(e)
    result = ev.finish()
    (rec,) = ev.recs["peer.no_aid"].values()
    assert rec.findings.items is None and len(rec.findings.keeper.heap) == 3
    (v,) = result.verdicts
    assert v.status == "violated" and len(v.findings) == 3 and v.violation_count() == 200
    a = api.check([str(tl)], events=str(path), max_findings=3).to_json()
    full = api.check([str(tl)], events=str(path), max_findings=None)
    full.runs = tuple(__import__("attrs").evolve(r, result=cap_result(r.result, 3)) for r in full.runs)
    assert a == full.to_json()


def test_status_rests_on_every_finding_not_the_kept_ones():
    """A kept finding set can hide what decides a verdict: with a cap of one,
    an unknown outranks a later fulfilment and a first violator's finding
    outranks a second's. `Findings` still knows every kind and every
    violator."""
    day = _dt.date(2003, 1, 1)
    fs = Findings(1)
    fs.append(Finding("unknown", day, "cannot decide"))
    fs.append(Finding("fulfilment", day, "fulfils"))
    fs.append(Finding("violation", day, "a", None, ("RUS",)))
    fs.append(Finding("violation", day, "b", None, ("IRN",)))
    assert fs.has("fulfilment") and fs.seen.violators == {"RUS", "IRN"}
    assert [f.reason for f in fs.kept()] == ["a"] and fs.exact().total == 4


def _worked_examples():
    import importlib.util
    import sys

    here = Path(__file__).resolve().parents[1] / "semantics"
    spec = importlib.util.spec_from_file_location("_cap_sem_timeline", here / "timeline.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # attrs classes need their module registered
    spec.loader.exec_module(mod)
    return here / "examples", mod.read_timeline


EXAMPLES_DIR, READ_TIMELINE = _worked_examples()


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES_DIR.glob("*.tl")))
def test_capping_in_the_engine_on_every_worked_example(name):
    """Every worked example of docs/semantics.md (every construct: standing
    states, joint acts, deadlines, within): capping at one finding in the
    evaluator gives the full result capped at one."""
    from treatylang.model import load_model

    model = load_model([EXAMPLES_DIR / f"{name}.tl"])
    tl = READ_TIMELINE(EXAMPLES_DIR / f"{name}.timeline")
    ids = tl.check or tuple(model.instruments)
    full = evaluate(model, ids, tl.events, tl.declared, tl.as_of)
    capped = evaluate(model, ids, tl.events, tl.declared, tl.as_of, max_findings=1)
    assert cap_result(capped, 1) == cap_result(full, 1)
