"""The report renderers: the memo's content, the JSON document and its
schema, the shared wording (summary line, labels)."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from treatylang import limits
from treatylang.check.engine import evaluate
from treatylang.check.results import EventRef, Finding, Result, Verdict
from treatylang.model import load_instruments, load_model
from treatylang.report import CheckRun, article_label, cameo_label, summary_line, violations_by_party
from treatylang.report.json_report import SCHEMA_VERSION, render as render_json, to_dict
from treatylang.report.document import event_dict
from treatylang.report.memo import describe_event
from treatylang.report.text import render as render_text
from treatylang.scenarios.runner import check_scenario

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
EXAMPLES = sorted((ROOT / "examples").glob("*.scenario"))
D = _dt.date


def _run(name: str, readings=()) -> CheckRun:
    """Check examples/NAME.scenario, with paths relative to the repository."""
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        return check_scenario(f"examples/{name}.scenario", readings=readings)[1]
    finally:
        os.chdir(here)


def _ref(day: str, actor: str, what: str, target: str | None = None) -> EventRef:
    return EventRef(day, actor, target, what, (), "x.csv", 2, None, ())


# ----------------------------------------------------------------- shared wording


def test_summary_line_counts_statuses_and_violations_by_party():
    """The summary line lists verdicts per status in the fixed order, then
    violation findings per party (events by their actor, missed deadlines by
    the blamed party)."""
    v1 = Verdict("t", "a", "c1", "violated", blame=("RUS",), findings=(
        Finding("violation", D(2003, 4, 2), "r", _ref("2003-04-02", "RUS", "assist")),
        Finding("violation", D(2003, 4, 3), "r", _ref("2003-04-03", "RUS", "assist")),
        Finding("context", D(2003, 4, 4), "r", _ref("2003-04-04", "IRN", "assist"))))
    v2 = Verdict("t", "a", "c2", "violated", blame=("IRN",),
                 findings=(Finding("missed_deadline", D(1999, 12, 31), "late"),))
    v3 = Verdict("t", "a", "c3", "pending")
    v4 = Verdict("t", "a", "c4", "unknown")
    r = Result(("t",), D(2003, 1, 1), D(2003, 12, 31), (v3, v1, v4, v2))
    assert violations_by_party(r) == {"IRN": 1, "RUS": 2}
    assert summary_line(r) == "2 violated, 1 undetermined, 1 not yet due — 1 violation by IRN, 2 by RUS"
    assert summary_line(r, bad_rows=3).endswith("(3 bad event rows not checked)")
    empty = Result(("t",), None, None, ())
    assert summary_line(empty) == "no checkable clause — no violations"


def test_cameo_labels_and_event_description():
    """A CAMEO-coded event is shown with its codebook label; an unknown code
    gets no label and no crash."""
    assert cameo_label("072") == "Provide military aid"
    assert cameo_label("9999") is None and cameo_label(None) is None
    text = describe_event(event_dict(_ref("2003-04-02", "RUS", "cameo 072", "USA")))
    assert text == "2003-04-02  RUS → USA  cameo 072 “Provide military aid”"


def test_article_labels_carry_their_confidence():
    """Article labels: a confirmed number, an unconfirmed number (said so),
    and no number (unnumbered)."""
    model = load_model([ROOT / "examples" / "snippets" / "article.tl"])
    arts = {a.name: a for a in model.instruments["article_demo"].articles}
    assert article_label(arts["art21"]) == "Art. 21 — Entry into force, term and renewal"
    assert article_label(arts["example"]) == "Art. 7 (number unconfirmed) — Illustration"
    assert article_label(arts["third_state_aggression"]) == "Aggression by a third state (unnumbered)"


# ----------------------------------------------------------------- the memo


def test_memo_has_header_body_and_summary():
    """The memo names the scenario, each instrument with kind and in-force
    dates, the timeline, the events; then articles with quoted text, clauses
    with verdicts, evidence; then the summary line last."""
    text = render_text([_run("aggression_aid")])
    lines = text.splitlines()
    assert lines[0] == "treatylang compliance report"
    assert "Scenario:     examples/aggression_aid.scenario" in text
    assert "treaty (binding); parties RUS, IRN; signed 2001-03-12 at Moscow" in text
    assert "in force 2002-04-05" in text and "superseded by ru_ir_2025 from 2025-10-02" in text
    assert "Timeline:     2003-03-20 to 2003-06-30 (both days included)" in text
    assert "Events:       4 checked, 3 matched a clause or situation" in text
    assert "Aggression by a third state (unnumbered)" in text
    assert "[en, translation]" in text and "[en, paraphrase]" in text
    assert "no_aid_to_aggressor: the other party must not assist X while aggression(X, P)" in text
    assert "• X = USA, P = IRN: violated by RUS" in text
    assert "trigger: aggression(USA, IRN) from 2003-03-20" in text
    assert "started by 2003-03-20  USA → IRN  cameo 190 “Use conventional military force”" in text
    assert "applied: 2003-03-20 – 2003-06-30" in text
    assert "- 2003-04-02  RUS → USA  assist kind=military" in text
    assert "source: examples/aggression_aid.scenario:19 · hypothetical" in text
    assert "recorded, not checked: help_settle" in " ".join(text.split())
    assert lines[-1] == "Summary: 2 violated, 6 complied with so far — 2 violations by RUS"
    assert text.endswith("\n") and not any(line != line.rstrip() for line in lines)


def test_memo_explains_unknown_missed_deadline_and_permission():
    """Undecidable events, a missed deadline (no event) and a permission's
    context finding are all shown with their reasons."""
    # Under the literal reading of Gore–Chernomyrdin: its default is a sunset.
    text = render_text([_run("timeline_1995_2001", readings=("completion_duty",))])
    flat = " ".join(text.split())
    assert "undetermined: the data needed to decide is missing" in flat
    assert "undecided: cannot decide: the date 2000-01-01…2000-12-31 is imprecise" in flat
    assert "- 1999-12-31 missed deadline: no `complete_deliveries` by RUS on or before 1999-12-31" in flat
    assert "context: permitted by `existing_contracts` (gore_chernomyrdin_1995)" in flat
    assert "a permission: no verdict of its own" in flat
    assert "(then withdrawn by RUS)" in flat
    assert "aide-mémoire (political commitment)" in flat


def test_memo_states_why_a_superseded_clause_stopped():
    """After a supersession the old clause's verdict says when and why it
    ceased to apply."""
    text = render_text([_run("supersession_2025")])
    assert "applied: 2025-09-01 – 2025-10-01 (then superseded by ru_ir_2025)" in text
    assert "on the authority of: hypothetical: a determination of aggression" in " ".join(text.split())


def test_memo_of_empty_timeline_does_not_crash():
    """A check with no events at all renders (empty timeline, clauses not in
    force or not triggered)."""
    model = load_instruments(["ru_ir_2001"])
    result = evaluate(model, ["ru_ir_2001"], [])
    run = CheckRun(result, model, "empty.csv", "events")
    text = render_text([run])
    assert "Timeline:     empty" in text
    doc = to_dict([run])
    Draft202012Validator(SCHEMA).validate(doc)


# ----------------------------------------------------------------- JSON


def test_schema_is_valid_draft_2020_12():
    """docs/report.schema.json is itself a valid draft 2020-12 schema, and
    its $id and version pattern agree with the version the code writes."""
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].endswith("/" + SCHEMA_VERSION)
    assert SCHEMA_VERSION.startswith("1.")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_report_validates(path):
    """The JSON report of every example scenario validates against the
    schema."""
    run = _run(path.stem)
    doc = json.loads(render_json([run]))
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert doc["schema_version"] == SCHEMA_VERSION


def test_json_document_content():
    """The JSON carries the same facts as the memo: statuses, bindings as an
    object, inclusive intervals, evidence with provenance and CAMEO labels."""
    doc = to_dict([_run("aggression_aid")])
    check = doc["checks"][0]
    assert doc["compliant"] is False and doc["summary"]["violations_by_party"] == {"RUS": 2}
    v = next(v for v in check["verdicts"] if v["clause_id"] == "ru_ir_2001.no_aid_to_aggressor")
    assert v["binding"] == {"X": "USA", "P": "IRN"} and v["blame"] == ["RUS"]
    assert v["applied"] == [{"first_day": "2003-03-20", "last_day": "2003-06-30"}]
    trig = v["triggers"][0]
    assert trig["last_day"] is None and trig["event"]["cameo"] == {"code": "190",
                                                                   "label": "Use conventional military force"}
    f = v["findings"][0]
    assert f["kind"] == "violation" and f["event"]["attributes"] == {"kind": "military"}
    assert f["event"]["provenance"] == {"file": "examples/aggression_aid.scenario", "line": 19,
                                        "source": "hypothetical", "ids": {}}
    assert check["summary"]["line"] == "2 violated, 6 complied with so far — 2 violations by RUS"


def test_json_is_deterministic_and_keeps_unicode():
    """Rendering twice gives the same text; non-ASCII stays as is; one
    trailing newline."""
    runs = [_run("timeline_1995_2001")]
    a, b = render_json(runs), render_json(runs)
    assert a == b
    assert "aide-mémoire" in a and "\\u" not in a
    assert a.endswith("}\n") and not a.endswith("\n\n")


def test_obligation_counted_from_an_event_and_clause_file_paths(tmp_path):
    """A `within … of` obligation shows its triggering event and deadline; an
    instrument given as a clause-file path is checked like a shipped one, and
    its report validates."""
    sc = tmp_path / "within.scenario"
    sc.write_text(f'check "{ROOT / "examples" / "snippets" / "qualifiers.tl"}"\n'
                  '2003-03-20 USA cameo 190 RUS source "x"\n'
                  'as of 2003-05-31\n', encoding="utf-8")
    with limits.use(limits.Limits(allow_read=(str(ROOT / "examples"),))):  # outside tmp_path, so allowed
        _, run = check_scenario(sc)
    text = render_text([run])
    flat = " ".join(text.split())
    assert "consult_after_attack: each party P must consult with the other party within 30 days" in flat
    assert "• P = RUS: violated by RUS" in flat
    assert "trigger: 2003-03-20 USA → RUS cameo 190 “Use conventional military force”" in flat
    assert "deadline: 2003-04-19" in flat
    assert "missed deadline: no `consult` within 30 day(s) of the trigger" in flat
    Draft202012Validator(SCHEMA).validate(to_dict([run]))


def test_a_clause_without_verdict_says_why():
    """A checkable clause with no verdict line says why: held only under a
    reading the run did not choose (and how to choose it), or not evaluated."""
    from treatylang.report.text import _no_verdict

    check = {"readings": [{"reading": "sunset"}]}
    line = _no_verdict({"rule": "RUS must complete_deliveries to IRN by 1999-12-31 under completion_duty"}, check)
    assert "`completion_duty`" in line and "--reading completion_duty" in line
    assert _no_verdict({"rule": "RUS must not assist X"}, check).startswith("not checked: no instance")
