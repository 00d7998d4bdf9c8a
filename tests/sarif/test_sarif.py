"""`treatylang lint --format sarif`: a SARIF 2.1.0 log, valid against the
SARIF schema (vendored here, see SOURCE.md), that says what the other forms
say."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from treatylang.api import lint, render_diagnostics

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCHEMA = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

BROKEN = '''import "vocabulary.tl"

instrument x treaty {
  parties RUS "Russian Federation", IRN "Iran"
  article a "A" {
    text en "The parties shall not."
    clause c: each party P must not use_forse against the other party
  }
}
'''


def validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


@pytest.fixture
def broken(tmp_path):
    """A clause file with an error (undefined action) and a warning (no
    entry into force), importing the shipped vocabulary."""
    f = tmp_path / "broken.tl"
    f.write_text(BROKEN.replace('import "vocabulary.tl"', 'import "treatylang:vocabulary.tl"'), encoding="utf-8")
    return f


def test_schema_is_the_sarif_2_1_0_schema():
    """The vendored file is a SARIF 2.1.0 schema that rejects a log without runs."""
    assert "2.1.0" in SCHEMA["title"]
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0"})


def test_lint_sarif_is_valid_and_complete(cli, broken):
    """The SARIF log of a broken file validates, has one result per
    diagnostic with its code, level, message, help and region, and one rule
    per code; exit status as for the other forms."""
    r = cli("lint", str(broken), "--format", "sarif")
    assert r.code == 2
    log = json.loads(r.out)
    validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "treatylang"
    diags = lint([broken])
    assert [x["ruleId"] for x in run["results"]] == [d.code for d in diags]
    first = run["results"][0]
    assert first["ruleId"] == "TL201" and first["level"] == "error"
    assert "undefined action `use_forse`" in first["message"]["text"]
    assert "did you mean `use_force`?" in first["message"]["text"]
    region = first["locations"][0]["physicalLocation"]["region"]
    d = diags[0]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (d.span.line, d.span.col, d.span.end_col)
    assert region["snippet"]["text"] == d.snippet
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == {d.code for d in diags}
    assert all(x["ruleIndex"] == [rule["id"] for rule in run["tool"]["driver"]["rules"]].index(x["ruleId"])
               for x in run["results"])


def test_clean_lint_is_an_empty_valid_log(cli):
    """A clean instrument gives a valid log with no results, exit 0."""
    r = cli("lint", "ru_ir_2001", "--format", "sarif")
    assert r.code == 0, r.err
    log = json.loads(r.out)
    validate(log)
    assert log["runs"][0]["results"] == []


def test_relative_and_absolute_paths_and_command_line_problems(tmp_path, monkeypatch):
    """Relative paths are relative URIs against %SRCROOT% (with `/`, spaces
    escaped); absolute paths are file URIs; a problem with the command line
    has no location. Every form validates."""
    from treatylang.api import Diagnostic, Span

    ds = [Diagnostic("TL201", "x", Span("my dir/a b.tl", 3, 2, 3, 5), "  foo bar"),
          Diagnostic("TL302", "y", Span(str(tmp_path / "c.tl"), 1, 1, 2, 3)),
          Diagnostic("TL001", "z", Span("<command line>", 1, 1, 1, 2))]
    log = json.loads(render_diagnostics(ds, "sarif"))
    validate(log)
    by_rule = {x["ruleId"]: x["locations"] for x in log["runs"][0]["results"]}
    assert by_rule["TL001"] == []
    uris = [by_rule[c][0]["physicalLocation"]["artifactLocation"] for c in ("TL201", "TL302")]
    assert {"uri": "my%20dir/a%20b.tl", "uriBaseId": "%SRCROOT%"} in uris
    assert any(u["uri"].startswith("file:///") and "uriBaseId" not in u for u in uris)


def test_sarif_is_deterministic(cli, broken):
    """Same input, same bytes."""
    assert cli("lint", str(broken), "--format", "sarif").out == cli("lint", str(broken), "--format", "sarif").out
