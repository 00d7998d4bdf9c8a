"""`check --reading`, `treatylang diff --readings A B`, and scenarios that
expect verdicts under a reading: exit statuses, reports, JSON."""

from __future__ import annotations

import json

import pytest

CLAUSES = """
question status "Did the measures apply again from 2010?" {
  reading again default {
    held by "A"
    source "a"
  }
  reading void {
    held by "B"
    source "b"
  }
}

action supply

instrument measures treaty {
  parties RUS, IRN
  in force 2000-01-01
  superseded by measures from 2005-01-01 under void

  article a {
    text en "RUS does not supply IRN."

    clause no_supply: RUS must not supply IRN
  }
}
"""

SCENARIO = """check "t.tl"
2003-01-01 RUS supply IRN
2006-01-01 RUS supply IRN
as of 2006-12-31
expect no_supply violated 2 times
expect no_supply violated 1 time under void
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "t.tl").write_text(CLAUSES, encoding="utf-8")
    sc = tmp_path / "t.scenario"
    sc.write_text(SCENARIO, encoding="utf-8")
    return tmp_path


def test_check_reports_the_readings_used(cli, files):
    """The memo names each question's reading, default or chosen, with who
    holds it; the JSON report lists them under `readings`."""
    r = cli("check", str(files / "t.scenario"))
    assert r.code == 1
    assert "Readings:     status: again (the default; held by A)" in r.out
    r = cli("check", str(files / "t.scenario"), "--reading", "void", "--format", "json")
    doc = json.loads(r.out)
    assert doc["checks"][0]["readings"] == [{"question": "status", "reading": "void", "default": False,
                                             "held_by": ["B"], "sources": ["b"]}]
    assert doc["summary"]["violations"] == 1


def test_unknown_reading_exits_2_with_a_diagnostic(cli, files):
    """`--reading` naming no reading is TL250 (did you mean), two readings of
    one question TL254; both exit 2 without a traceback."""
    r = cli("check", str(files / "t.scenario"), "--reading", "voidd")
    assert r.code == 2 and "TL250" in r.err and "did you mean `void`" in r.err
    r = cli("check", str(files / "t.scenario"), "--reading", "void,again")
    assert r.code == 2 and "TL254" in r.err


def test_diff_lists_the_changed_instance(cli, files):
    """`diff --readings default void` lists the one instance that changes,
    the act concerned and the premise; exit 1. The same choice twice: exit 0."""
    r = cli("diff", "--readings", "default", "void", str(files / "t.scenario"))
    assert r.code == 1, r.err
    assert "measures.no_supply" in r.out
    assert "2006-01-01 RUS supply → IRN" in r.out and "violation → none" in r.out
    assert "instrument measures: `superseded by measures from 2005-01-01` under void (held under B)" in r.out
    assert r.out.rstrip().endswith("1 instance changes; 0 do not.")
    r = cli("diff", "--readings", "void", "void", str(files / "t.scenario"))
    assert r.code == 0 and "nothing can change" in r.out


def test_diff_json(cli, files):
    """The JSON form has both sides, each change with before/after, the acts
    and the premises (which side they hold under)."""
    r = cli("diff", "--readings", "default", "void", str(files / "t.scenario"), "--format", "json")
    doc = json.loads(r.out)
    assert doc["changed"] is True and doc["schema_version"] == "1.0"
    d = doc["diffs"][0]
    assert [x["reading"] for x in d["a"]] == ["again"] and [x["reading"] for x in d["b"]] == ["void"]
    (c,) = d["changes"]
    assert (c["clause_id"], c["before"], c["after"]) == ("measures.no_supply", "violated", "violated")
    assert [(a["date"], a["before"], a["after"]) for a in c["acts"]] == [("2006-01-01", "violation", "none")]
    assert c["premises"] == [{"where": "instrument measures", "statement": "superseded by measures from 2005-01-01",
                              "readings": ["void"], "holds_under": "b"}]


def test_diff_needs_a_timeline(cli):
    """`diff` without a scenario or event file is a usage error (exit 2)."""
    r = cli("diff", "--readings", "a", "b", "ru_ir_2001")
    assert r.code == 2 and "nothing to compare" in r.err


def test_expectations_under_a_reading(cli, files):
    """`expect … under R` is matched against the check under R; the others
    against the defaults."""
    r = cli("test", str(files / "t.scenario"))
    assert r.code == 0, r.out
    assert "2 expectations  ok" in r.out
