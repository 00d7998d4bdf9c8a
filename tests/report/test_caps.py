"""Capped findings with exact counts (check/results.py: Tally, Keeper,
cap_result), what verdicts rest on, the reader's words for statuses."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from jsonschema import Draft202012Validator

from treatylang.check.results import EventRef, Finding, Keeper, Result, Tally, Verdict, cap_result
from treatylang.report import CheckRun, summary_line, violations_by_party
from treatylang.report.analysis import rests_on, status_word
from treatylang.report.document import to_dict
from treatylang.report.text import render as render_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
D = _dt.date


def _f(day: int, kind="violation", reports=1, coded=True, actor="RUS") -> Finding:
    ref = EventRef(f"2003-04-{day:02d}", actor, "USA", "cameo 072", (), "g.csv", day + 1, None, (),
                   coded=coded, reports=reports)
    return Finding(kind, D(2003, 4, day), "`c` forbids this", ref)


def _verdict(findings) -> Verdict:
    return Verdict("t", "a", "c", "violated", (("P", "IRN"),), ("RUS",), tuple(findings),
                   applied=((D(2003, 4, 1), None),))


def test_tally_counts_kinds_months_and_single_reports():
    """A tally counts findings and reports per kind with first and last day,
    per (kind, actor, target, month), and the violations on one coded report."""
    t = Tally.of([_f(1), _f(3, reports=4), _f(2, kind="unknown")])
    assert t.count("violation") == 2 and t.reports("violation") == 5 and t.count("unknown") == 1
    assert t.first("violation") == D(2003, 4, 1) and t.last("violation") == D(2003, 4, 3)
    assert t.single_report == 1 and t.total == 3
    assert ("violation", "RUS", "USA", "2003-04", 2, 5) in t.cells


def test_keeper_keeps_the_most_telling_in_time_order():
    """The keeper keeps violations before undecided acts, then the most
    reports, then the earliest, and returns them in arrival order."""
    k = Keeper(2)
    for f in [_f(1, kind="unknown"), _f(2), _f(3, reports=9), _f(4)]:
        k.add(f)
    assert [f.day.day for f in k.kept()] == [2, 3]


def test_cap_keeps_counts_exact_and_verdicts_unchanged():
    """Capping keeps N findings per instance; statuses, the summary line and
    the violations per party do not change; the memo says 'showing N of M'."""
    v = _verdict([_f(d) for d in range(1, 21)])
    r = Result(("t",), D(2003, 4, 1), D(2003, 4, 30), (v,))
    capped = cap_result(r, 3)
    cv = capped.verdicts[0]
    assert len(cv.findings) == 3 and cv.violation_count() == 20 and cv.status == "violated"
    assert summary_line(capped) == summary_line(r) == "1 violated — 20 violations by RUS"
    assert violations_by_party(capped) == {"RUS": 20}
    assert capped.max_findings == 3


def test_rests_on_names_a_single_report_and_what_the_verdict_would_be():
    """One violating act on one coded report decides the verdict: the report
    says so, and what the verdict becomes without it; many acts do not."""
    one = rests_on(_verdict([_f(2)]), "must not", D(2003, 4, 30))
    assert one["acts"] == 1 and one["single_report_acts"] == 1 and one["without_them"] == "complied with so far"
    assert one["decisive"] == ["rests on a single report (g.csv:3): drop it and the verdict becomes complied with "
                               "so far"]
    many = rests_on(_verdict([_f(d) for d in range(1, 10)]), "must not", D(2003, 4, 30))
    assert many["decisive"] == [] and many["without_them"] is None
    asserted = rests_on(_verdict([_f(2, coded=False)]), "must not", D(2003, 4, 30))
    assert asserted["asserted"] and "asserted in the timeline" in asserted["decisive"][0]


def test_status_words_have_one_spelling_each():
    """Each JSON status reads as one phrase per modality."""
    assert status_word("pending", "must not") == "complied with so far"
    assert status_word("pending", "must") == "not yet due"
    assert status_word("unknown", "must") == status_word("unknown", "must not") == "undetermined"
    assert status_word("not_in_force", None) == "not in force"


def test_capped_report_validates_and_says_showing(tmp_path):
    """A capped run's JSON validates and keeps exact counts; its memo says
    'showing 3 of 20'."""
    from treatylang.model import load_instruments

    model = load_instruments(["ru_ir_2001"])
    v = Verdict("ru_ir_2001", "non_use_of_force", "no_force", "violated", (("P", "RUS"),), ("RUS",),
                tuple(_f(d) for d in range(1, 21)), applied=((D(2003, 4, 1), None),))
    r = cap_result(Result(("ru_ir_2001",), D(2003, 4, 1), D(2003, 4, 30), (v,)), 3)
    run = CheckRun(r, model, "g.csv", "events")
    doc = to_dict([run])
    Draft202012Validator(SCHEMA).validate(doc)
    vd = doc["checks"][0]["verdicts"][0]
    assert vd["counts"]["total"] == 20 and vd["counts"]["kept"] == 3 and len(vd["findings"]) == 3
    assert "showing 3 of 20" in render_text([run])
