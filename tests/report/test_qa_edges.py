"""Report defects found by QA (docs: /work/notes/qa.md), each reproduced:
the end of an instrument by notice lost its label in the lanes; a saved
report holding the engine's "after the supported range" day (9999-12-31)
crashed `treatylang report` with TL901; that day was printed as a date."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from treatylang import api
from treatylang.diagnostics import DiagnosticError
from treatylang.report.saved import render

ROOT = Path(__file__).resolve().parents[2]


def _doc(scenario: str) -> dict:
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        return api.check([f"examples/{scenario}.scenario"]).to_dict()
    finally:
        os.chdir(here)


def test_instrument_lane_says_a_notice_ended_it():
    """Iran's notice of 2015-06-01 ends the 2001 treaty on 2017-04-05: each
    party's last in-force period says so (`ended_by`), in the JSON and as the
    lane's end label in the HTML. (The label was lost: the notice's end tied
    with an empty placeholder, and `min` kept the placeholder.)"""
    doc = _doc("notice_of_termination")
    life = doc["checks"][0]["instruments"][0]["life"]
    assert [p["ended_by"] for p in life] == ["notice by IRN given 2015-06-01"] * 2
    assert all(p["last_day"] == "2017-04-04" for p in life)
    html = render(doc, "html")
    assert "notice by IRN" in html


def test_an_unended_period_has_no_end_label():
    """A period that runs to the end of the timeline has `ended_by` null, never
    an empty string."""
    life = _doc("aggression_aid")["checks"][0]["instruments"][0]["life"]
    assert life and all(p["ended_by"] is None for p in life)


@pytest.mark.parametrize("fmt", ["text", "html", "json"])
@pytest.mark.parametrize("where", ["applied", "timeline", "trigger", "deadline"])
def test_saved_report_with_the_after_range_day_renders(fmt, where):
    """The engine writes a day carried past 9998-12-31 by date arithmetic as
    9999-12-31 (`date.max`). A saved report holding it where a day is drawn
    (an applied period, the timeline's end, a situation period) used to crash
    `treatylang report --format html` with an OverflowError (TL901); it now
    renders, or at worst is TL052 — never another exception."""
    doc = copy.deepcopy(_doc("caspian_pipeline"))
    check = doc["checks"][0]
    v = next(v for v in check["verdicts"] if v["triggers"])
    if where == "applied":
        v["applied"][0]["last_day"] = "9999-12-31"
    elif where == "timeline":
        check["timeline"]["last_day"] = "9999-12-31"
    elif where == "trigger":
        v["triggers"][0]["last_day"] = "9999-12-31"
    else:
        v["deadline"] = "9999-12-31"
    try:
        out = render(json.loads(json.dumps(doc)), fmt)
    except DiagnosticError as e:
        assert e.diagnostics[0].code == "TL052"
    else:
        assert out


def test_a_deadline_past_the_supported_range_reads_as_such(tmp_path):
    """A deadline that date arithmetic carries past the last supported day is
    shown as "after 9998-12-31", not as the placeholder date 9999-12-31."""
    (tmp_path / "edge.tl").write_text(
        'import "treatylang:vocabulary.tl"\n\naction consult cameo 040\n\n'
        "instrument edge_x treaty {\n"
        '  parties RUS "Russian Federation", IRN "Islamic Republic of Iran"\n'
        "  in force 2002-04-05\n\n"
        "  article a {\n"
        '    text en paraphrase "Each party consults the other within 30 days of an attack on it."\n\n'
        "    clause consult_after_attack: each party P must consult with the other party\n"
        "      within 30 days of any state use_force against P\n"
        "  }\n}\n", encoding="utf-8")
    (tmp_path / "edge.scenario").write_text(
        'scenario "edge of the date range"\ncheck "edge.tl"\n'
        '9998-12-20 USA cameo 190 IRN source "hypothetical"\n', encoding="utf-8")
    result = api.check([tmp_path / "edge.scenario"])
    doc = result.to_dict()
    assert any(v["deadline"] == "9999-12-31" for v in doc["checks"][0]["verdicts"])
    text = " ".join(result.to_text().split())
    assert "not yet due: the deadline falls after 9998-12-31, the last supported day" in text
    assert "9999-12-31" not in text


def test_same_day_order_is_named_as_what_would_decide(tmp_path):
    """An untimed aggression and an untimed aid on the same day: the summary
    said the verdict "would be decided by the exact days", though both days
    are exact; what is missing is their order within the day."""
    f = tmp_path / "same.csv"
    f.write_text("date,actor,target,code\n2003-03-20,USA,IRN,190\n2003-03-20,RUS,USA,072\n", encoding="utf-8")
    result = api.check("ru_ir_2001", events=f)
    text = " ".join(result.to_text().split())
    assert "would be decided by the order of the act and the situation's start or end" in text
    assert "the exact days" not in text


@pytest.fixture
def cli(capsys):
    """`cli("report", PATH)` → (code, out, err), `treatylang` run in-process."""
    from types import SimpleNamespace

    from treatylang.cli.main import main

    def run(*argv: str):
        code = main(list(argv))
        cap = capsys.readouterr()
        return SimpleNamespace(code=code, out=cap.out, err=cap.err)

    return run


def test_a_deeply_nested_json_file_is_tl050(cli, tmp_path):
    """`treatylang report deep.json` where the file is `[[[[…]]]]` 100,000
    deep crashed with TL901 (RecursionError in the JSON parser); it is TL050
    with a help line and exit 2."""
    f = tmp_path / "deep.json"
    f.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    r = cli("report", str(f))
    assert r.code == 2
    assert r.err.startswith("TL050 error:") and "nested too deeply" in r.err and "= help: " in r.err
    assert "TL901" not in r.err


@pytest.mark.parametrize("fmt", ["text", "html", "json"])
def test_a_report_with_no_checks_is_tl052(cli, tmp_path, fmt):
    """`{"schema_version": "1.2", "checks": []}` printed nothing and exited 0
    as text, but was TL052 as HTML; every format now says it holds no check."""
    f = tmp_path / "empty.json"
    f.write_text('{"schema_version": "1.2", "checks": []}', encoding="utf-8")
    r = cli("report", str(f), "--format", fmt)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("TL052 error: the report holds no check")


def test_a_joint_violation_reads_as_one_in_the_summary():
    """The Sino-Russian example's summary read "1 violation by CHN, 1 by CHN,
    RUS, 1 by RUS" — the joint missed consultation looked like two more
    parties' violations. It reads "1 by CHN and RUS jointly"."""
    line = _doc("sino_russian_2001")["checks"][0]["summary"]["line"]
    assert line.endswith("1 violation by CHN, 1 by CHN and RUS jointly, 1 by RUS")


def test_lanes_of_instances_without_variables_say_their_trigger():
    """`the parties must consult within 7 days of the start of threat_seen(_)`
    has one instance per threat; with no variable bound, both lanes of the
    Sino-Russian example read just "consult_on_threat". Each lane now names
    its trigger."""
    import re

    html = render(_doc("sino_russian_2001"), "html")
    labels = re.findall(r'<span class="lab-main">consult_on_threat</span>(?: <span class=lab-bind>([^<]*)</span>)?',
                        html)
    assert sorted(labels) == ["start of threat_seen(CHN)", "start of threat_seen(RUS)"]


def test_report_of_a_named_pipe_without_writer_does_not_hang(cli, tmp_path):
    """`treatylang report FIFO` with nobody writing blocked for ever in
    open(); it now reads the pipe as empty (TL050), at once."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    fifo = tmp_path / "run.json"
    os.mkfifo(fifo)
    r = cli("report", str(fifo))
    assert r.code == 2 and r.err.startswith("TL050 error:")


def test_report_of_a_device_is_tl007(cli):
    """`treatylang report /dev/zero` would read for ever: TL007, not a
    regular file."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero on this system")
    r = cli("report", "/dev/zero")
    assert r.code == 2 and r.err.startswith("TL007 error: /dev/zero is a device")


def test_report_reads_a_pipe_from_check(tmp_path):
    """`check … --format json | treatylang report /dev/stdin --format html`
    still works: a pipe with a writer is read to its end."""
    import subprocess
    import sys

    saved = json.dumps(_doc("aggression_aid"))
    r = subprocess.run([sys.executable, "-m", "treatylang", "report", "/dev/stdin"], input=saved, text=True,
                       capture_output=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1, r.stderr
    assert "CONCLUSION: 2 violated" in r.stdout
