"""Golden diagnostics for malformed clause files (tests/cases/bad/NN-*.tl).

Each case is a file `NN-short-name.tl` (or `NNN-…`, numbered after the code
it shows, for the codes of later issues), or a folder `NN-short-name/` whose
`main.tl` is checked (for cases that need several files, like an import
cycle). Its first line is a comment `# expect: TLxxx …` naming the code the
case is about; the golden file `NN-short-name.expected` beside it holds the
diagnostics rendered in the full form (`render(diags, "full")`), with paths
relative to tests/cases/bad.

The diagnostics are those of `treatylang.lint.lint_paths([path])`, the path
`treatylang lint` takes. Where treatylang.model.lint does not exist (an early
checkout), syntax-only cases fall back to the parser and the rest are
skipped; once it exists, every case runs through it, with no skip and no
xfail beyond the known bugs listed in KNOWN_BUGS.

Refresh after an intended change with `pytest tests/cases --update-golden`
and review the diff (`git diff tests/cases`). Scenario cases (`s*.scenario`)
in the same folder belong to tests/scenario/test_bad_scenarios.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from treatylang.diagnostics import Diagnostic, DiagnosticError, render

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
ROOT = HERE.parents[1]
HAVE_LINT = importlib.util.find_spec("treatylang.model.lint") is not None


def _cases() -> list[tuple[str, str]]:
    """(case name, path of the file to check relative to BAD), sorted."""
    out = []
    for p in sorted(BAD.iterdir()):
        if not re.match(r"\d{2,3}-", p.name):
            continue
        if p.is_dir() and (p / "main.tl").exists():
            out.append((p.name, f"{p.name}/main.tl"))
        elif p.is_file() and p.suffix == ".tl":
            out.append((p.stem, p.name))
    return out


CASES = _cases()

# Cases that fail because of a known bug outside the test suite (xfail,
# strict). When the bug is fixed: delete the entry here, run
# `pytest tests/cases --update-golden`, review the new golden file.
KNOWN_BUGS: dict[str, str] = {}


def expected_codes(rel: str) -> set[str]:
    """The codes named on the case's `# expect:` line."""
    first = (BAD / rel).read_bytes().split(b"\n", 1)[0].decode("ascii", "replace")
    assert first.startswith("# expect:"), f"{rel}: first line must be `# expect: TLxxx …`"
    return set(re.findall(r"TL\d{3}", first))


def diagnostics_of(rel: str) -> list[Diagnostic]:
    """Diagnostics for one case; the working directory must be BAD."""
    if HAVE_LINT:
        from treatylang.model.lint import lint_paths

        return list(lint_paths([rel]))
    from treatylang.syntax import parse_file

    try:
        parse_file(rel)
    except DiagnosticError as e:
        return list(e.diagnostics)
    pytest.skip("needs treatylang.model.lint (the file parses)")


def rendered(diags: list[Diagnostic]) -> str:
    """The golden text: full form, paths relative to BAD, one final newline."""
    text = render(diags, "full")
    return text.replace(str(BAD) + os.sep, "").replace(BAD.as_posix() + "/", "") + "\n"


def test_corpus_is_large_enough():
    """At least 45 clause-file cases, each with its golden file and `# expect:` line."""
    assert len(CASES) >= 45
    for name, rel in CASES:
        assert expected_codes(rel), name
        assert (BAD / f"{name}.expected").exists() or name in KNOWN_BUGS, f"{name}: no golden file"


# Codes of the catalogue that nothing emits yet, so no case can show them.
NOT_EMITTED: dict[str, str] = {
    "TL254": "two readings of one question: a command-line error (tests/cli/test_readings.py)"}


def test_corpus_covers_every_clause_file_code():
    """Every syntax (TL1xx), resolution (TL2xx) and lint (TL3xx) code of the
    catalogue has a case, except codes nothing emits yet (NOT_EMITTED)."""
    from treatylang.codes import CODES

    named = set().union(*(expected_codes(rel) for _, rel in CASES))
    wanted = {c for c in CODES if c[2] in "123"} - set(NOT_EMITTED)
    assert sorted(wanted - named) == []


@pytest.mark.parametrize(
    "name,rel",
    [pytest.param(n, r, marks=pytest.mark.xfail(reason=KNOWN_BUGS[n], strict=True)) if n in KNOWN_BUGS else (n, r)
     for n, r in CASES],
    ids=[n for n, _ in CASES],
)
def test_bad_case_matches_golden(name, rel, monkeypatch, update_golden):
    """The case yields at least one diagnostic, each with a code, a line and a
    column and none an internal error; the code on its `# expect:` line is
    among them; the rendered output equals the golden file."""
    monkeypatch.chdir(BAD)
    diags = diagnostics_of(rel)
    assert diags, f"{rel} produced no diagnostics"
    for d in diags:
        assert re.fullmatch(r"TL\d{3}", d.code), d
        assert d.span.line >= 1 and d.span.col >= 1, d
        assert not d.code.startswith("TL9"), d
    assert expected_codes(rel) & {d.code for d in diags}, [d.code for d in diags]

    got = rendered(diags)
    golden = BAD / f"{name}.expected"
    if update_golden:
        golden.write_text(got, encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden.name}: run pytest tests/cases --update-golden and review"
    assert got == golden.read_text(encoding="utf-8")


# ----------------------------------------------------------------- through the CLI

CLI_CASES = ["01-unexpected-token", "08-unterminated-string", "16-unmatched-close-brace", "26-undefined-action",
             "41-import-cycle", "65-not-utf8"]


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "treatylang", *args], cwd=BAD, capture_output=True, text=True,
                          timeout=60, env=env)


@pytest.mark.skipif(importlib.util.find_spec("treatylang.cli.lint") is None, reason="no `lint` command yet")
@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_lint_exits_2_without_traceback(name):
    """`python -m treatylang lint FILE` on a bad case exits 2, prints the
    expected code, and never a Python traceback."""
    rel = dict(CASES)[name]
    proc = _run_cli("lint", rel)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out
    assert "Traceback" not in out
    assert expected_codes(rel) & set(re.findall(r"TL\d{3}", out)), out


@pytest.mark.skipif(importlib.util.find_spec("treatylang.cli.lint") is None, reason="no `lint` command yet")
def test_cli_lint_json_form_lists_the_same_codes():
    """`--format json` prints a JSON list of diagnostics with the same codes as
    the library call."""
    rel = dict(CASES)["28-undefined-situation"]
    proc = _run_cli("lint", "--format", "json", rel)
    assert proc.returncode == 2, proc.stderr
    data = json.loads(proc.stdout)
    cwd = os.getcwd()
    try:
        os.chdir(BAD)
        want = sorted(d.code for d in diagnostics_of(rel))
    finally:
        os.chdir(cwd)
    assert sorted(d["code"] for d in data) == want
    assert all({"file", "line", "column", "message"} <= set(d) for d in data)
