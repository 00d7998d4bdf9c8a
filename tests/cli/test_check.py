"""`treatylang check`: exit statuses, bad input, event files, determinism."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from treatylang.cli import check as check_cmd

ROOT = Path(__file__).resolve().parents[2]
MAIN = ("check", "ru_ir_2001", "examples/aggression_aid.scenario")


# ----------------------------------------------------------------- exit status


def test_main_example_reports_violation_and_exits_1(cli):
    """The README's main command finds Russia's aid to the aggressor: exit 1,
    a memo naming the clause, the binding, the blamed party and the source."""
    r = cli(*MAIN)
    assert r.code == 1, r.err
    assert "no_aid_to_aggressor" in r.out
    assert "X = USA, P = IRN: violated by RUS" in r.out
    assert "examples/aggression_aid.scenario:" in r.out
    assert r.out.rstrip().splitlines()[-1].startswith("Summary: 2 violated")
    assert "2 violations by RUS" in r.out


def test_compliant_scenario_exits_0(cli):
    """A scenario with no violated verdict exits 0."""
    r = cli("check", "examples/aggression_consultations.scenario")
    assert r.code == 0, r.out + r.err
    assert "no violations" in r.out


def test_scenario_instruments_come_from_its_check_line(cli):
    """Without instruments on the command line, the scenario's `check` line
    names them; instruments given on the command line are added."""
    alone = cli("check", "examples/timeline_1995_2001.scenario")
    assert alone.code == 0
    assert "gore_chernomyrdin_1995 —" in alone.out and "caspian_2001 —" in alone.out
    added = cli("check", "ru_ir_2025", "examples/aggression_aid.scenario")
    assert "ru_ir_2025 — Comprehensive Strategic Partnership Treaty" in added.out


def test_several_scenarios_give_several_memos(cli):
    """Each scenario is its own timeline with its own summary; exit 1 if any
    has a violation."""
    r = cli("check", "examples/aggression_consultations.scenario", "examples/aggression_aid.scenario")
    assert r.code == 1
    assert r.out.count("Summary:") == 2
    assert r.out.index("aggression_consultations.scenario") < r.out.index("aggression_aid.scenario")


# ----------------------------------------------------------------- bad input: exit 2, no traceback


@pytest.mark.parametrize("argv, code, needle", [
    (("check", "ru_ir_2001", "examples/no_such.scenario"), "TL001", "no_such.scenario"),
    (("check", "ru_ir_9999", "examples/aggression_aid.scenario"), "TL003", "did you mean"),
    (("check", "ru_ir_2001"), "TL005", "nothing to check"),
    (("check",), "TL005", "nothing to check"),
    (("check", "ru_ir_2001", "examples/aggression_aid.scenario", "--events", "examples/events/aggression_aid.csv"),
     "TL004", "not both"),
    (("check", "--events", "examples/events/aggression_aid.csv"), "TL005", "no instrument"),
    (("check", "ru_ir_2001", "--events", "examples/events/nope.csv"), "TL001", "nope.csv"),
    (("check", "ru_ir_2001", "--events", "examples/events/aggression_aid.csv", "--events-format", "xml"),
     "TL004", "unknown event format"),
    (("check", *MAIN[1:], "--as-of", "2003-13-01"), "TL004", "--as-of"),
    (("check", *MAIN[1:], "--from", "2003-05-01", "--to", "2003-04-01"), "TL004", "after --to"),
    (("check", "ru_ir_2001", "examples/aggression_aid.scenario", "--events-format", "csv"), "TL004",
     "needs --events"),
])
def test_bad_input_exits_2_with_a_diagnostic(cli, argv, code, needle):
    """Every kind of bad input or usage is exit 2 with a coded diagnostic on
    stderr and nothing on stdout."""
    r = cli(*argv)
    assert r.code == 2
    assert code in r.err and needle in r.err
    assert r.out == ""
    assert "Traceback" not in r.err


def test_malformed_scenario_exits_2(cli, tmp_path):
    """A scenario with a syntax error is a TL4xx diagnostic with file:line and
    a caret, exit 2."""
    bad = tmp_path / "bad.scenario"
    bad.write_text('scenario "x"\ncheck ru_ir_2001\n2003-04-02 RUS assist USA kind=\n', encoding="utf-8")
    r = cli("check", str(bad))
    assert r.code == 2
    assert "TL40" in r.err and f"{bad}:3" in r.err and "^" in r.err


def test_scenario_with_unknown_action_and_clause_exits_2(cli, tmp_path):
    """Names are resolved against the model: an unknown action (TL402) and an
    expectation naming no clause (TL403) are both reported, at once."""
    bad = tmp_path / "names.scenario"
    bad.write_text('check ru_ir_2001\n2003-04-02 RUS asist USA\nexpect no_aid violated\n', encoding="utf-8")
    r = cli("check", str(bad))
    assert r.code == 2
    assert "TL402" in r.err and "TL403" in r.err and "did you mean `assist`" in r.err


def test_unknown_instrument_in_scenario_exits_2(proc, tmp_path):
    """A scenario naming an instrument that does not exist fails in a real
    process with exit 2 and no traceback."""
    bad = tmp_path / "unknown.scenario"
    bad.write_text('check ru_ir_1999\n2003-04-02 RUS assist USA\n', encoding="utf-8")
    p = proc("check", str(bad))
    assert p.returncode == 2
    assert "TL003" in p.stderr and "Traceback" not in p.stderr
    assert p.stdout == ""


def test_garbage_event_file_exits_2_without_traceback(proc, tmp_path):
    """An event file that is no known format is TL508 (exit 2), in a real
    process, without a traceback."""
    junk = tmp_path / "junk.dat"
    junk.write_bytes(b"\x00\x01 not an event file \xff\n")
    p = proc("check", "ru_ir_2001", "--events", str(junk))
    assert p.returncode == 2
    assert "TL50" in p.stderr and "Traceback" not in p.stderr


# ----------------------------------------------------------------- event files


def _csv(tmp_path: Path, rows: list[str], name: str = "ev.csv") -> Path:
    path = tmp_path / name
    path.write_text("date,actor,target,code,action,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_events_file_example_is_checked(cli):
    """The CSV example is streamed through the checker: the aid of
    2003-04-02 (CAMEO 072) violates, the aid after the ceasefire does not."""
    r = cli("check", "ru_ir_2001", "--events", "examples/events/aggression_aid.csv")
    assert r.code == 1
    assert "cameo 072 “Provide military aid”" in r.out
    assert "examples/events/aggression_aid.csv:5 · id=h4" in r.out
    assert "2003-05-20" not in r.out.split("findings:")[1].split("no_arms_to_aggressor")[0]


def test_bad_rows_are_reported_counted_and_skipped(cli, tmp_path):
    """Bad rows go to stderr with file:line and reason, are counted in the
    report (header and summary), and the check runs on the good rows."""
    ev = _csv(tmp_path, [
        "2003-03-20,USA,IRN,190,,a",
        "2003-02-30,RUS,USA,072,,bad date",
        "2003-04-02,RUS,USA,072,,b",
        "2003-04-03,RUS,USA,99999,,bad code",
    ])
    r = cli("check", "ru_ir_2001", "--events", str(ev))
    assert r.code == 1
    assert f"{ev}:3:" in r.err and f"{ev}:5:" in r.err
    assert "TL502" in r.err and "TL503" in r.err
    assert "2 bad rows not checked" in r.err
    assert "2 bad rows not checked (listed on stderr)" in r.out
    assert "(2 bad event rows not checked)" in r.out
    assert "violated by RUS" in r.out


def test_strict_makes_a_bad_row_fatal(cli, tmp_path):
    """--strict: the first bad row stops the check with exit 2 and its
    diagnostic; no report is printed."""
    ev = _csv(tmp_path, ["2003-03-20,USA,IRN,190,,a", "2003-04-03,RUS,USA,99999,,bad code"])
    r = cli("check", "ru_ir_2001", "--events", str(ev), "--strict")
    assert r.code == 2
    assert "TL503" in r.err and r.out == ""


def test_strict_makes_scenario_warnings_fatal(cli, tmp_path):
    """--strict: a scenario warning (events written out of date order, TL407)
    is fatal; without it the check runs and shows the warning."""
    sc = tmp_path / "order.scenario"
    sc.write_text("check ru_ir_2001\n2003-04-02 RUS assist USA\n2003-03-20 USA cameo 190 IRN\n", encoding="utf-8")
    loose = cli("check", str(sc))
    assert loose.code == 1 and "TL407" in loose.err and "Warning:" in loose.out
    strict = cli("check", str(sc), "--strict")
    assert strict.code == 2 and "TL407" in strict.err and strict.out == ""


def test_row_order_of_an_event_file_does_not_matter(cli, tmp_path):
    """Rows in any order give the same report: the evaluator keeps the events
    a clause can use and judges them once the file is read, so a file not in
    time order needs no second pass and no note."""
    rows = ["2003-03-20,USA,IRN,190,,a", "2003-04-02,RUS,USA,072,,b"]
    ordered = cli("check", "ru_ir_2001", "--events", str(_csv(tmp_path, rows, "sorted.csv")), "--format", "json")
    shuffled = cli("check", "ru_ir_2001", "--events", str(_csv(tmp_path, rows[::-1], "shuffled.csv")),
                   "--format", "json")
    a, b = json.loads(ordered.out), json.loads(shuffled.out)
    assert a["summary"] == b["summary"] and a["summary"]["violations"] == 1
    assert not a["checks"][0]["notes"] and not b["checks"][0]["notes"]


def test_from_and_to_filter_events(cli, tmp_path):
    """--from/--to leave out events outside the range; they are counted as
    skipped and noted."""
    ev = _csv(tmp_path, ["2003-03-20,USA,IRN,190,,a", "2003-04-02,RUS,USA,072,,b", "2003-06-02,RUS,USA,072,,c"])
    r = cli("check", "ru_ir_2001", "--events", str(ev), "--to", "2003-04-01", "--format", "json")
    doc = json.loads(r.out)
    assert r.code == 0
    skipped = {s["reason"]: s["count"] for s in doc["checks"][0]["event_file"]["skipped"]}
    assert skipped.get("after_to") == 2
    assert any("--to 2003-04-01" in n for n in doc["checks"][0]["notes"])


def test_events_with_undeclared_actions_are_noted(cli, tmp_path):
    """An event naming an action no clause file declares matches nothing; the
    report says so instead of dropping it silently."""
    ev = _csv(tmp_path, ["2003-03-20,USA,IRN,190,,a", "2003-04-02,RUS,USA,,send_tanks,b"])
    r = cli("check", "ru_ir_2001", "--events", str(ev))
    text = " ".join(r.out.split())
    assert "`send_tanks` ×1" in text and "matches no clause" in text


def test_notice_of_termination_from_an_event_file(cli):
    """Art. 21: a notice given on 2015-06-01 ends the treaty on 2017-04-05; a
    threat before that is a violation, one after it is not."""
    r = cli("check", "ru_ir_2001", "--events", "examples/events/notice_of_termination.jsonl", "--format", "json")
    doc = json.loads(r.out)
    assert r.code == 1
    assert doc["summary"]["violations"] == 1
    v = [v for v in doc["checks"][0]["verdicts"] if v["status"] == "violated"]
    assert [f["date"] for f in v[0]["findings"]] == ["2016-12-01"]
    assert any("effective 2017-04-05" in n for n in v[0]["notes"])


def test_as_of_overrides_the_scenario(cli):
    """--as-of moves the end of the timeline: before the aid, nothing is
    violated yet."""
    r = cli(*MAIN, "--as-of", "2003-03-31")
    assert r.code == 0
    assert "2003-03-20 to 2003-03-31" in r.out


# ----------------------------------------------------------------- progress


def test_progress_only_for_big_files(monkeypatch):
    """The progress printer writes nothing for a small file and an updating
    line (ending in a newline) for a big one."""

    class Rep:
        file, records, events_yielded, complete = "big.csv", 10, 9, False

    out = io.StringIO()
    show = check_cmd._progress_printer(out)
    show(Rep, 10, 1000)
    assert out.getvalue() == ""
    big = check_cmd.PROGRESS_MIN_BYTES * 2
    show(Rep, big // 2, big)
    assert out.getvalue().startswith("\rreading big.csv:  50%")
    Rep.complete = True
    show(Rep, big, big)
    assert out.getvalue().endswith("\n")


def test_no_progress_when_stderr_is_not_a_terminal(cli):
    """Redirected stderr (as under pytest) never gets progress lines."""
    r = cli("check", "ru_ir_2001", "--events", "examples/events/aggression_aid.csv")
    assert "reading " not in r.err and "\r" not in r.err


# ----------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_same_input_same_bytes(proc, fmt):
    """Two runs of the same check, as separate processes, print the same
    bytes (no timestamps, no dict-order or hash-seed effects)."""
    args = ("check", "examples/timeline_1995_2001.scenario", "--reading", "completion_duty", "--format", fmt)
    a, b = proc(*args), proc(*args)
    assert a.returncode == b.returncode == 1
    assert a.stdout == b.stdout and a.stdout


def test_report_has_no_absolute_paths(cli):
    """Reports show paths as given: the installed clause files' absolute
    paths never appear."""
    for fmt in ("text", "json"):
        r = cli("check", "examples/timeline_1995_2001.scenario", "--format", fmt)
        assert str(ROOT) not in r.out


def test_json_with_bad_rows_validates_and_lists_them(cli, tmp_path):
    """The JSON report of an event file with bad rows validates against the
    schema and lists each bad row as a diagnostic with file and line."""
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    ev = _csv(tmp_path, ["2003-03-20,USA,IRN,190,,a", "2003-04-03,RUS,USA,99999,,bad code"])
    r = cli("--diagnostics", "json", "check", "ru_ir_2001", "--events", str(ev), "--format", "json")
    doc = json.loads(r.out)
    Draft202012Validator(schema).validate(doc)
    ef = doc["checks"][0]["event_file"]
    assert ef["bad_count"] == 1 and ef["bad"][0]["line"] == 3 and ef["bad"][0]["code"] == "TL503"
    assert doc["summary"]["bad_rows"] == 1
    assert json.loads(r.err.split("\n" + str(ev))[0])[0]["file"] == str(ev)
