"""Deviations of the engine from docs/semantics.md (§14): fixed ones and open ones.

Each test is a minimal repro — a clause file (or the shipped instruments), a
timeline, and the verdict a sensible reading requires. While a deviation
stands, its test is marked `xfail(strict=True)`: the day the engine is fixed
it passes, the strict xfail turns that into a failure, and whoever fixed it
removes the mark, updates §14 of the doc and the `DEVIATION` lines of
tests/properties/reference.py. Tests of fixed deviations stay, unmarked, as
regression tests.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from treatylang.check import evaluate
from treatylang.diagnostics import DiagnosticError
from treatylang.model import load_model

from .timeline import engine_rows, parse_timeline, show_rows

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "treaties").glob("*.tl"))


def load(tmp_path, clauses: str | None):
    if clauses is None:
        return load_model(SHIPPED)
    path = tmp_path / "ex.tl"
    path.write_text(clauses, encoding="utf-8")
    return load_model([path])


def check(tmp_path, clauses: str | None, timeline: str):
    """(verdict rows, printable rows, result) of `timeline` against `clauses`
    (None: the shipped instruments)."""
    model = load(tmp_path, clauses)
    tl = parse_timeline(timeline)
    ids = tl.check or tuple(model.instruments)
    result = evaluate(model, ids, tl.events, tl.declared, tl.as_of)
    rows = engine_rows(model, result, tl)
    return rows, show_rows(rows), result


def status(rows, clause_id: str, **binding) -> str:
    hits = [r[3] for r in rows if r[0] == clause_id and r[1] == frozenset(binding.items())]
    assert len(hits) == 1, (clause_id, binding, rows)
    return hits[0]


# ----------------------------------------------------------------- fixed (regression tests)


def test_d1_imprecise_within_trigger(tmp_path):
    """D1 (fixed): a trigger known only to the month gives deadlines from 30
    days after its first to 30 days after its last possible day; a reply in
    that gap is `unknown` (it used to crash with ValueError)."""
    rows, text, _ = check(tmp_path, """
action attack
action consult
instrument ex treaty {
  parties RUS, IRN
  in force 2002-01-01
  article a {
    text en "A party attacked consults the other within 30 days."
    clause consult: each party P must consult with the other party
      within 30 days of any state attack against P
  }
}
""", """
e1 2003-03 USA attack IRN
e2 2003-04-15 IRN consult RUS
as of 2003-12-31
""")
    assert status(rows, "ex.consult", P="IRN") == "unknown", text


def test_d2_imprecise_situation_start(tmp_path):
    """D2 (fixed): ru_ir_2001: aggression(USA, IRN) starts some day in March
    2003; Russian aid on 10 March may precede it: `unknown`, not `violated`."""
    rows, text, _ = check(tmp_path, None, """
check ru_ir_2001
e1 2003-03 USA use_force IRN
e2 2003-03-10 RUS assist USA
""")
    assert status(rows, "ru_ir_2001.no_aid_to_aggressor", X="USA", P="IRN") == "unknown", text


def test_d3_permission_on_another_action_does_not_defeat(tmp_path):
    """D3 (fixed): `except aid_ok` where aid_ok permits `assist`: a `transfer`
    is not an assist, so aid_ok cannot excuse it."""
    rows, text, _ = check(tmp_path, """
action transfer
action assist
instrument ex treaty {
  parties RUS, IRN
  in force 2002-01-01
  article a {
    text en "x"
    clause no_transfers: RUS must not transfer to IRN
      except aid_ok
    clause aid_ok: RUS may assist IRN
  }
}
""", """
e1 2003-01-05 RUS transfer IRN
""")
    assert status(rows, "ex.no_transfers") == "violated", text


def test_d4_imprecise_act_and_later_notice(tmp_path):
    """D4 (fixed): caspian_2001 (a joint statement: a notice takes effect at
    once): a pipeline laid some day in 2005, a notice on 1 June 2005: the act
    may postdate the termination."""
    rows, text, _ = check(tmp_path, None, """
check caspian_2001
e1 2005 RUS lay_seabed_pipeline region=caspian
e2 2005-06-01 IRN notice_of_termination RUS instrument=caspian_2001
""")
    assert status(rows, "caspian_2001.no_own_pipeline", P="RUS") == "unknown", text


def test_d5_permission_window_inside_imprecise_date(tmp_path):
    """D5 (fixed): a permission for 10–20 March; a delivery some day in March
    may be permitted: `unknown`, not `violated`."""
    rows, text, _ = check(tmp_path, """
action deliver
instrument ex treaty {
  parties RUS, IRN
  in force 2002-01-01
  article a {
    text en "x"
    clause no_deliveries: RUS must not deliver to IRN
      except window
    clause window: RUS may deliver to IRN
      from 2003-03-10
      until 2003-03-20
  }
}
""", """
e1 2003-03 RUS deliver IRN
""")
    assert status(rows, "ex.no_deliveries") == "unknown", text


def test_d5_prohibition_window_inside_imprecise_date(tmp_path):
    """D5 (fixed): a prohibition for 10–20 March; a strike some day in March
    may fall inside it: `unknown` (it used to give no finding at all)."""
    rows, text, _ = check(tmp_path, """
action strike
instrument ex treaty {
  parties RUS, IRN
  in force 2002-01-01
  article a {
    text en "x"
    clause no_strike: RUS must not strike IRN
      from 2003-03-10
      until 2003-03-20
  }
}
""", """
e1 2003-03 RUS strike IRN
as of 2003-12-31
""")
    assert status(rows, "ex.no_strike") == "unknown", text


def test_d6_adjacent_declarations_are_joined(tmp_path):
    """D6 (fixed): January and February declared separately hold as one."""
    rows, text, _ = check(tmp_path, None, """
check ru_ir_2001
situation aggression(USA, IRN) from 2003-01-01 until 2003-01-31
situation aggression(USA, IRN) from 2003-02-01 until 2003-02-28
e1 2003-02-10 RUS assist USA
""")
    assert status(rows, "ru_ir_2001.no_aid_to_aggressor", X="USA", P="IRN") == "violated", text


def test_d6_overlapping_declarations_are_joined(tmp_path):
    """D6 (fixed): an inner declaration's end does not close the outer one."""
    rows, text, _ = check(tmp_path, None, """
check ru_ir_2001
situation aggression(USA, IRN) from 2003-01-01 until 2003-03-31
situation aggression(USA, IRN) from 2003-02-01 until 2003-02-28
e1 2003-03-10 RUS assist USA
""")
    assert status(rows, "ru_ir_2001.no_aid_to_aggressor", X="USA", P="IRN") == "violated", text


def test_d7_deadline_before_the_timeline_is_not_violated(tmp_path):
    """D7 (fixed): gore_chernomyrdin_1995.complete_existing (by 1999-12-31)
    against a timeline of 2005: the completion may lie in the unseen 1990s."""
    rows, text, _ = check(tmp_path, None, """
check gore_chernomyrdin_1995
e1 2005-01-01 RUS assist IRN
""")
    assert status(rows, "gore_chernomyrdin_1995.complete_existing") == "unknown", text


def test_d8_by_and_within_together_are_rejected(tmp_path):
    """D8 (fixed): `by` and `within` on one obligation used to make every
    trigger `violated`; the combination is now an error (TL313)."""
    with pytest.raises(DiagnosticError) as exc:
        load(tmp_path, """
action attack
action consult
instrument ex treaty {
  parties RUS, IRN
  in force 2002-01-01
  article a {
    text en "x"
    clause consult: each party P must consult with the other party
      within 30 days of any state attack against P
      by 2010-01-01
  }
}
""")
    assert any(d.code == "TL313" for d in exc.value.diagnostics)


def test_d9_party_words_in_situation_triggers_are_rejected(tmp_path):
    """D9 (fixed): `any party` in a situation trigger made one instrument's
    verdicts depend on the other instruments checked with it; such triggers
    are now an error (TL215)."""
    with pytest.raises(DiagnosticError) as exc:
        load(tmp_path, """
action settle
situation regime_pending {
  initially
  ends when any party settle
}
""")
    assert any(d.code == "TL215" for d in exc.value.diagnostics)


def test_d10_situation_starting_within_imprecise_act(tmp_path):
    """D10 (fixed): aggression declared from 20 March; aid some day in March
    may fall inside it: `unknown` (it used to be ignored)."""
    rows, text, _ = check(tmp_path, None, """
check ru_ir_2001
situation aggression(USA, IRN) from 2003-03-20 until 2003-04-30
e1 2003-03 RUS assist USA
""")
    assert status(rows, "ru_ir_2001.no_aid_to_aggressor", X="USA", P="IRN") == "unknown", text


def test_d11_no_unknown_where_the_clause_applies_on_no_day(tmp_path):
    """D11 (fixed): in force from 2004; window from 2003-03-10; an act some day in March
    2003 is outside the in-force period whatever its day: no finding."""
    rows, text, _ = check(tmp_path, """
action strike
instrument ex treaty {
  parties RUS, IRN
  in force 2004-01-01
  article a {
    text en "x"
    clause no_strike: RUS must not strike IRN
      from 2003-03-10
  }
}
""", """
e1 2003-03 RUS strike IRN
as of 2004-12-31
""")
    assert status(rows, "ex.no_strike") == "pending", text


def test_d12_joined_declarations_keep_the_timeline_extent(tmp_path):
    """D12 (fixed): joining overlapping declarations must not shorten the
    timeline: it still reaches the last day a declaration names."""
    _, text, result = check(tmp_path, None, """
check ru_ir_2001
situation aggression(USA, IRN) from 2003-01-01 until 2004-12-31
situation aggression(USA, IRN) from 2003-06-01
e1 2003-02-01 RUS assist IRN
""")
    assert result.as_of == _dt.date(2004, 12, 31), result.as_of


def test_d13_situation_starting_on_the_first_day_later_in_file_order(tmp_path):
    """D13 (fixed): `2003-03 RUS assist USA` sorts on 1 March before the attack written
    after it; the aid may be on any day of March, during the aggression."""
    rows, text, _ = check(tmp_path, None, """
check ru_ir_2001
e1 2003-03 RUS assist USA
e2 2003-03-01 USA use_force IRN
""")
    assert status(rows, "ru_ir_2001.no_aid_to_aggressor", X="USA", P="IRN") == "unknown", text


def test_d14_imprecise_situation_end(tmp_path):
    """D14 (fixed): a ceasefire some day in April; aid on 10 April may precede it."""
    rows, text, _ = check(tmp_path, None, """
check ru_ir_2001
e1 2003-03-20 USA use_force IRN
e2 2003-04 USA ceasefire IRN
e3 2003-04-10 RUS assist USA
""")
    assert status(rows, "ru_ir_2001.no_aid_to_aggressor", X="USA", P="IRN") == "unknown", text


# ----------------------------------------------------------------- open
# None at the moment: docs/semantics.md §14 lists the open questions, which are
# decisions rather than bugs. A new deviation gets an xfail(strict=True) test here.
