"""What QA found using the command line and the API as documented
(/work/notes/qa.md), each reproduced: the tutorial's printed output, event
files given without --events, the format names `check --help` lists,
the events summary's counts, and scenario paths passed to `api.check`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from treatylang import api

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE_MD = ROOT / "docs" / "language.md"


def _block_after(marker: str) -> str:
    """The first ```text block after `marker` in docs/language.md."""
    doc = LANGUAGE_MD.read_text(encoding="utf-8")
    rest = doc[doc.index(marker):]
    m = re.search(r"```text\n(.*?)```", rest, re.S)
    assert m, marker
    return m.group(1)


def test_tutorial_lint_output_is_what_lint_prints(cli, tmp_path, monkeypatch):
    """Step 6 of the tutorial misspells the permission in `except` and shows
    lint's output. The docs showed the whole clause line underlined at 17:5;
    lint marks the misspelt name (18:14). The block must be what lint prints."""
    for name in ("tutorial_vocabulary.tl", "tutorial_aide_memoire.tl"):
        shutil.copy(ROOT / "examples" / "snippets" / name, tmp_path / name)
    f = tmp_path / "tutorial_aide_memoire.tl"
    f.write_text(f.read_text(encoding="utf-8").replace("except existing_contracts", "except existing_contract"),
                 encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # lint prints the path as given, relative to the file's folder here
    r = cli("lint", "tutorial_aide_memoire.tl")
    assert r.code == 2
    shown = _block_after("Misspell the permission in `except`")
    assert r.out + r.err == shown


def test_tutorial_fmt_output_is_what_fmt_writes(cli, tmp_path):
    """Step 7 of the tutorial: the messy file, formatted, is the block the
    docs show."""
    shutil.copy(ROOT / "examples" / "snippets" / "tutorial_vocabulary.tl", tmp_path)
    messy = _block_after("Layout is not yours to worry about")
    tidy = _block_after("keeping every comment) as:")
    f = tmp_path / "tutorial_aide_memoire.tl"
    f.write_text(messy, encoding="utf-8")
    assert cli("fmt", str(f)).code == 0
    assert f.read_text(encoding="utf-8") == tidy


@pytest.mark.parametrize("name", ["day.parquet", "day.feather", "day.arrow", "icews.tab"])
def test_a_columnar_event_file_without_events_suggests_events(cli, name):
    """`check ru_ir_2001 day.parquet` (no --events) said "nothing to check"
    (TL005): a Parquet or Arrow file was not recognised as an event file.
    Now TL021 suggests `--events`."""
    r = cli("check", "ru_ir_2001", name)
    assert r.code == 2
    assert "TL021" in r.err and f"--events {name}" in r.err


def test_check_help_lists_every_event_format(capsys):
    """`check --events-format` lists every format the readers know (it listed
    eight of twelve: no parquet, arrow, icews-json, gdelt-json); `diff` too."""
    from treatylang.cli.events import FORMATS
    from treatylang.cli.main import main

    for command in ("check", "diff"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        help_text = " ".join(capsys.readouterr().out.split())
        for f in FORMATS:
            assert f in help_text, (command, f)


def test_events_summary_says_one_event(cli, tmp_path):
    """A quad class with one event read "1 events"."""
    f = tmp_path / "one.csv"
    f.write_text("date,actor,target,code\n2003-03-20,USA,IRN,190\n", encoding="utf-8")
    r = cli("events", str(f))
    assert r.code == 0
    assert "4 material conflict: 1 event\n" in r.out
    assert "1 events" not in r.out


def test_api_check_takes_a_scenario_path_as_the_command_line_does():
    """`treatylang.check(["x.scenario"])` said "nothing to check: give a
    scenario file (.scenario)" although it was given one: like the command
    line, a `.scenario` path among the instruments is a scenario."""
    scenario = str(ROOT / "examples" / "aggression_aid.scenario")
    a = api.check(["ru_ir_2001", scenario])
    b = api.check("ru_ir_2001", scenario)
    assert a.to_dict() == b.to_dict()
    assert not a.compliant
    assert api.check(scenario).summary == b.summary


@pytest.mark.parametrize("argv", [
    ["check", "ru_ir_2001", "--as-of", "2006-12-31", "examples/aggression_aid.scenario"],
    ["check", "--as-of", "2006-12-31", "ru_ir_2001", "examples/aggression_aid.scenario"],
    ["check", "ru_ir_2001", "examples/aggression_aid.scenario", "--as-of", "2006-12-31"],
])
def test_options_may_come_between_the_inputs(cli, monkeypatch, argv):
    """`check ru_ir_2001 --as-of DATE x.scenario` failed with argparse's
    "unrecognized arguments: x.scenario" (exit 2): once the `*` positional had
    taken `ru_ir_2001`, a later input was not accepted. Every placement of the
    option now gives the same report."""
    monkeypatch.chdir(ROOT)
    r = cli(*argv, "--format", "json")
    assert r.code == 1, r.err
    assert "unrecognized" not in r.err
    ref = cli("check", "ru_ir_2001", "examples/aggression_aid.scenario", "--as-of", "2006-12-31", "--format", "json")
    assert r.out == ref.out


def test_an_unknown_option_between_inputs_is_still_a_usage_error(capsys, monkeypatch):
    """Intermixed parsing must not swallow a misspelt option: exit 2 naming it."""
    from treatylang.cli.main import main

    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as e:
        main(["check", "ru_ir_2001", "--as-off", "2006-12-31", "examples/aggression_aid.scenario"])
    assert e.value.code == 2
    assert "unrecognized arguments: --as-off" in capsys.readouterr().err


def test_readme_lists_every_command():
    """The README's command table listed six of the ten commands (no
    `report`, `diff`, `plan`, `sql`) and `check --format text|json` without
    html. Every command in `COMMANDS` has a row."""
    from treatylang.cli.main import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `treatylang ")]
    for command in COMMANDS:
        assert any(f"`treatylang {command}" in row for row in table), command
    assert "`--format text\\|json\\|html`" in readme


@pytest.mark.parametrize("extra, code", [
    (["--from", "2010-01-01", "--to", "2009-01-01"], "TL004"),
    (["--events-format", "gdelt2"], "TL004"),
])
def test_usage_errors_have_a_help_line(cli, monkeypatch, extra, code):
    """`--from` after `--to`, and `--events-format` without `--events`, gave a
    diagnostic with no help line; every diagnostic says what to do."""
    monkeypatch.chdir(ROOT)
    r = cli("check", "ru_ir_2001", "examples/aggression_aid.scenario", *extra)
    assert r.code == 2
    assert r.err.startswith(f"{code} error:")
    assert "= help: " in r.err


GDELT = ROOT.parent / "shared" / "data" / "gdelt" / "20191024143000.export.CSV"
needs_gdelt = pytest.mark.skipif(not GDELT.exists(), reason="../shared/data/gdelt is absent (shared data not beside the repo)")


@needs_gdelt
@pytest.mark.parametrize("argv", [
    ["events", str(GDELT), "--actor", "RUS", "IRN"],
    ["events", str(GDELT), "--actor", "RUS,IRN"],
    ["events", "--actor", "RUS", "IRN", str(GDELT)],
])
def test_events_actor_codes_by_spaces_or_commas(cli, argv):
    """`events FILE --actor RUS,IRN` read the comma list as one code and kept
    no event (good 0), silently; `events --actor RUS IRN FILE` took FILE as a
    code ("FILE is required"). All three spellings keep the same 120 events."""
    r = cli(*argv, "--format", "json")
    assert r.code == 0, r.err
    import json

    report = json.loads(r.out)["report"]
    assert report["good"] == 120
    assert report["skipped"]["actor_filter"]["count"] == 1171


@pytest.mark.parametrize("code", ["rus", "Russia", "RU"])
def test_events_actor_that_is_not_a_code_is_a_usage_error(cli, tmp_path, code):
    """An --actor value that is not a state code matched nothing and emptied
    the summary without a word; it is TL004 with a help line."""
    f = tmp_path / "one.csv"
    f.write_text("date,actor,target,code\n2003-03-20,USA,IRN,190\n", encoding="utf-8")
    r = cli("events", str(f), "--actor", code)
    assert r.code == 2
    assert r.err.startswith("TL004 error: bad --actor code") and "= help: " in r.err


def _run_latin1(*argv: str):
    """`python -m treatylang ARGV` with stdout and stderr encoded as latin-1
    (a console or a redirect under a latin-1 locale); output as bytes."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONIOENCODING="latin-1")
    return subprocess.run([sys.executable, "-m", "treatylang", *argv], cwd=ROOT, capture_output=True, env=env,
                          timeout=120)


def test_the_memo_on_a_latin1_console_is_not_an_internal_error():
    """`PYTHONIOENCODING=latin-1 treatylang check ru_ir_2001 x.scenario` was
    TL901 (UnicodeEncodeError on the memo's em dash), exit 3. The memo is
    written, characters the console cannot show escaped, with the verdict's
    exit status."""
    r = _run_latin1("check", "ru_ir_2001", "examples/aggression_aid.scenario")
    assert r.returncode == 1, r.stderr
    assert b"TL901" not in r.stderr
    assert b"CONCLUSION: 2 violated" in r.stdout and b"\\u2014" in r.stdout


@pytest.mark.parametrize("argv, kind", [
    (["check", "ru_ir_2001", "examples/aggression_aid.scenario", "--format", "json"], "json"),
    (["check", "ru_ir_2001", "examples/aggression_aid.scenario", "--format", "html"], "html"),
    (["test", "examples/aggression_aid.scenario", "--format", "junit"], "xml"),
])
def test_documents_are_utf8_whatever_the_locale(argv, kind):
    """JSON, HTML and JUnit XML are UTF-8 documents by definition; under a
    latin-1 locale they are still written as UTF-8 (the HTML says
    `charset="utf-8"`, the XML `encoding="UTF-8"`), with the em dash intact."""
    r = _run_latin1(*argv)
    assert r.returncode in (0, 1), r.stderr
    text = r.stdout.decode("utf-8")  # raises if it is not UTF-8
    if kind == "json":
        import json

        assert "—" in json.dumps(json.loads(text), ensure_ascii=False)
    elif kind == "html":
        assert "—" in text
    else:
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')


@pytest.mark.parametrize("argv, says", [
    (["ru_ir_2001", "examples/aggression_aid.scenario", "--from", "2010-01-01"], "every event is outside --from/--to"),
    (["ru_ir_2001", "--events", "examples/events/aggression_aid.csv", "--from", "2010-01-01"],
     "no event of the file was checked"),
    (["ru_ir_2001", "--events", "{header_only}"], "no event of the file was checked"),
    (["ru_ir_2001", "--events", "{all_bad}"], "no event of the file was checked"),
])
def test_nothing_checked_is_said(cli, tmp_path, argv, says):
    """A header-only or all-bad event file read "8 not in force — no
    violations", exit 0; `--from` past every event of a scenario read "6
    complied with so far". Nothing was checked: TL020 says so on stderr
    (the exit status stays that of the verdicts)."""
    header_only = tmp_path / "header.csv"
    header_only.write_text("date,actor,target,code\n", encoding="utf-8")
    all_bad = tmp_path / "bad.csv"
    all_bad.write_text("date,actor,target,code\n2003-13-20,USA,IRN,190\n", encoding="utf-8")
    argv = [a.format(header_only=header_only, all_bad=all_bad) for a in argv]
    r = cli("check", *argv)
    assert r.code == 0
    assert "TL020 warning" in r.err and says in r.err and "nothing was checked" in r.err


@pytest.mark.parametrize("argv", [
    ["ru_ir_2001", "examples/aggression_aid.scenario"],
    ["examples/before_entry_into_force.scenario"],
    ["ru_ir_2001", "--events", "examples/events/aggression_aid.csv", "--from", "2003-04-01"],
])
def test_no_nothing_checked_warning_when_something_was(cli, argv):
    """TL020 stays quiet when events were checked, and for a scenario that
    has no event to leave out."""
    r = cli("check", *argv)
    assert "TL020" not in r.err


def test_diagnostics_json_keeps_stderr_one_json_document(cli, tmp_path):
    """`--diagnostics json check … --events FILE` with bad rows printed a JSON
    array, then the prose line "FILE: 3 bad rows not checked", then (with a
    warning) a second array: stderr did not parse. It is now one array of
    the bad rows and the warnings."""
    import json

    f = tmp_path / "bad.csv"
    f.write_text("date,actor,target,code\n2003-03-20,USA,IRN,190\n2003-13-01,USA,IRN,190\n2003-03-22,RUS,IRN,19x\n",
                 encoding="utf-8")
    r = cli("--diagnostics", "json", "check", "ru_ir_2001", "--events", str(f), "--as-of", "1990-01-01")
    codes = sorted(d["code"] for d in json.loads(r.err))
    assert codes == ["TL020", "TL502", "TL503"]
    plain = cli("check", "ru_ir_2001", "--events", str(f))
    assert "2 bad rows not checked" in plain.err


@needs_gdelt
@pytest.mark.parametrize("argv", [
    ["ru_ir_2001", "--events", str(GDELT), "--actor", "RUS", "IRN"],
    ["ru_ir_2001", "--events", str(GDELT), "--actor", "RUS,IRN"],
    ["--events", str(GDELT), "--actor", "RUS", "IRN", "treaties/ru_ir_2001.tl"],
])
def test_check_actor_codes_by_spaces_or_commas(cli, argv):
    """`check … --actor RUS,IRN` (the new check option) read the comma list
    as one code: 0 events checked, exit 0 (F13 again, on `check`); `--actor
    RUS IRN FILE.tl` took the clause file as a code. All spellings check the
    same 120 events."""
    import json

    r = cli("check", *argv, "--format", "json")
    assert r.code in (0, 1), r.err
    assert json.loads(r.out)["checks"][0]["timeline"]["events_checked"] == 120


def test_check_actor_that_is_not_a_code_is_a_usage_error(cli):
    """`check … --actor rus` matched nothing; `--actor RUS IRN ru_ir_2001`
    took the instrument id as a code. Both are TL004 with a help line."""
    for argv in (["ru_ir_2001", "--events", "examples/events/aggression_aid.csv", "--actor", "rus"],
                 ["--actor", "RUS", "IRN", "ru_ir_2001", "--events", "examples/events/aggression_aid.csv"]):
        r = cli("check", *argv)
        assert r.code == 2
        assert r.err.startswith("TL004 error: bad --actor code") and "= help: " in r.err
