"""`treatylang events FILE`: the summary, its JSON form, exit statuses and the progress line."""

from __future__ import annotations

import io
import itertools
import json
import re

import pytest

from treatylang.cli import main
from treatylang.cli import events as events_cmd
from treatylang.events import reader as reader_module

from .conftest import gdelt_row, write


@pytest.fixture
def export(tmp_path):
    """A small GDELT 2.0 export: RUS→IRN twice, IRN→USA, a row with no state actor, one bad row."""
    rows = [
        gdelt_row(id="1", sqldate="20191022", code="036"),
        gdelt_row(id="2", sqldate="20191023", code="190", quad="4", goldstein="-10.0"),
        gdelt_row(id="3", sqldate="20191024", a1code="IRNMIL", a1country="IRN", a2code="USA", a2country="USA",
                  code="190", quad="4"),
        gdelt_row(id="4", a1code="GOV", a1country=""),
        gdelt_row(id="5", code="999"),
        gdelt_row(id="6", sqldate="20181024", a2code="RUS", a2country="RUS"),  # misdated, self-directed
    ]
    return write(tmp_path / "20191024.export.CSV", "\n".join(rows) + "\n")


def test_text_summary(export, capsys):
    """The text summary gives counts with reasons, the date span, the top dyads, codes by quad class with
    labels, and the bad rows in short form; bad rows do not change the exit status."""
    assert main(["events", str(export)]) == 0
    out = capsys.readouterr().out
    assert "(gdelt2)" in out
    assert "records read   6" in out and "good           4" in out
    assert "no_actor: no usable actor" in out
    assert "bad            1" in out and "TL503" in out
    assert "date span      2018-10-24 … 2019-10-24" in out
    assert "RUS → IRN" in out and "IRN → USA" in out
    assert "4 material conflict: 2 events" in out and "190 Use conventional military force" in out
    assert "1 verbal cooperation: 2 events" in out and "036 Express intent to meet or negotiate" in out
    assert f"{export}:5:" in out  # the bad row, short form
    assert "self-directed" in out and "misdated?" in out


def test_json_summary(export, capsys):
    """--format json prints one versioned document with the report, dyads and quad classes."""
    assert main(["events", str(export), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == events_cmd.SCHEMA
    rep = doc["report"]
    assert (rep["records"], rep["good"], rep["bad_count"], rep["accounted"]) == (6, 4, 1, True)
    assert rep["skipped"]["no_actor"]["count"] == 1
    assert doc["top_dyads"][0] == {"actor": "RUS", "target": "IRN", "events": 2}
    classes = {g["quad_class"]: g for g in doc["quad_classes"]}
    assert classes[4]["events"] == 2 and classes[4]["codes"][0]["label"] == "190 Use conventional military force"
    assert doc["possibly_misdated"]["events"] == 1 and doc["self_directed"]["events"] == 1


def test_filters_on_the_command_line(export, capsys):
    """--from, --to and --actor filter the events and are counted as skipped with their reasons."""
    assert main(["events", str(export), "--from", "2019-10-23", "--to", "2019-10-31", "--actor", "USA",
                 "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)["report"]
    assert rep["good"] == 1
    assert {k: v["count"] for k, v in rep["skipped"].items()} == {"no_actor": 1, "before_from": 2, "actor_filter": 1}


def test_explicit_format_overrides_detection(export, capsys):
    """--events-format names the format; any GDELT name reads each row by its own column count, so a 61-column
    file named gdelt1 still reads as GDELT 2.0 rows, and the report says how many rows had which layout."""
    assert main(["events", str(export), "--events-format", "gdelt1", "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)["report"]
    assert rep["format"] == "gdelt1" and rep["bad_by_code"] == {"TL503": 1}
    assert rep["layouts"] == {"gdelt2": 6}


def test_missing_file_exits_2_with_a_diagnostic(tmp_path, capsys):
    """A missing file exits 2 with TL001 on stderr, and no traceback."""
    assert main(["events", str(tmp_path / "nope.CSV")]) == 2
    err = capsys.readouterr().err
    assert "TL001" in err and "Traceback" not in err


def test_unrecognised_file_exits_2(tmp_path, capsys):
    """A file of no known format exits 2 with TL508 and its help."""
    p = write(tmp_path / "notes.txt", "dear diary\n")
    assert main(["events", str(p)]) == 2
    err = capsys.readouterr().err
    assert "TL508" in err and "--events-format" in err


def test_strict_makes_a_bad_row_fatal(export, capsys):
    """--strict stops at the first bad row: exit 2 with that row's diagnostic."""
    assert main(["events", str(export), "--strict"]) == 2
    err = capsys.readouterr().err
    assert "TL503" in err and ":5:" in err


def test_no_progress_line_when_stderr_is_not_a_terminal(export, capsys, monkeypatch):
    """Without a terminal on stderr there is no progress line, whatever the file size."""
    monkeypatch.setattr(reader_module, "PROGRESS_EVERY", 1)
    assert main(["events", str(export)]) == 0
    assert capsys.readouterr().err == ""


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal(export, monkeypatch):
    """On a terminal a long read shows a progress line on stderr (percent, records, events), cleared at
    the end."""
    monkeypatch.setattr(reader_module, "PROGRESS_EVERY", 1)
    clock = itertools.count(0, 1.0)  # every look at the clock is a second later: the read is "long"
    monkeypatch.setattr(events_cmd.time, "monotonic", lambda: next(clock))
    tty = _Tty()
    monkeypatch.setattr("sys.stderr", tty)
    assert main(["events", str(export)]) == 0
    err = tty.getvalue()
    assert "\rreading " in err and "% " in err and "records" in err
    assert err.endswith("\r\033[K")


def test_events_without_cameo_code_are_grouped_by_what_they_are(tmp_path, capsys):
    """Events with no CAMEO code are listed by PLOVER event type or action name, not lumped together."""
    p = write(tmp_path / "p.jsonl", "\n".join(json.dumps(r) for r in [
        {"date": "2001-03-12", "actor": [{"code": "RUS"}], "event": "ASSAULT"},
        {"date": "2001-03-12", "actor": [{"code": "RUS"}], "event": "ASSAULT"},
        {"date": "2001-03-12", "actor": [{"code": "IRN"}], "event": "DEMAND"},
    ]) + "\n")
    assert main(["events", str(p), "--format", "json"]) == 0
    (group,) = json.loads(capsys.readouterr().out)["quad_classes"]
    assert group["name"] == "no CAMEO code"
    assert [(c["label"], c["events"]) for c in group["codes"]] == [("PLOVER ASSAULT", 2), ("PLOVER DEMAND", 1)]


def test_dedupe_and_min_mentions_options(export, capsys):
    """--dedupe reports how many reports were merged; --min-mentions drops GDELT events with fewer mentions."""
    # a second report of row 6, which is still held back when it arrives
    again = gdelt_row(id="7", sqldate="20181024", a2code="RUS", a2country="RUS")
    dup = write(export.parent / "dup.CSV", export.read_text() + again + "\n")
    assert main(["events", str(dup), "--dedupe"]) == 0
    assert re.search(r"merged +1   report folded into earlier events \(dedupe\)", capsys.readouterr().out)
    assert main(["events", str(export), "--min-mentions", "6", "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)["report"]
    assert rep["good"] == 0 and rep["skipped"]["min_mentions"]["count"] == 4
