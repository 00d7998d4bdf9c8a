"""`treatylang test`: expectations, failures, coverage, JUnit, and the pytest
plugin collecting scenario files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _scenario(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


AID = """scenario "aid"
check ru_ir_2001
2003-03-20 USA cameo 190 IRN source "hypothetical"
2003-04-02 RUS assist USA kind=military source "https://example.org/aid"
as of 2003-06-30
"""


def test_all_examples_pass(cli):
    """Every shipped example scenario loads and all its expectations pass."""
    r = cli("test", "examples/")
    assert r.code == 0, r.out + r.err
    assert " 0 failed" in r.out and "not loaded" not in r.out


def test_examples_exercise_every_checkable_clause(cli):
    """`treatylang test examples/ --coverage`: every checkable clause of every
    shipped instrument is exercised by some example (exit 0)."""
    r = cli("test", "examples/", "--coverage")
    assert r.code == 0, r.out + r.err
    assert "MISS" not in r.out and re.search(r"coverage: (\d+) of \1 checkable clauses exercised", r.out)
    from treatylang.model import shipped_index

    for iid in shipped_index():
        assert f"ok   {iid}." in r.out, iid
    assert "gore_chernomyrdin_1995.existing_contracts (permission)" in r.out


def test_every_shipped_instrument_is_covered_by_examples():
    """The coverage listing spans every shipped instrument's checkable
    clauses (none is left out because no example named its instrument)."""
    from treatylang.model import load_instruments, shipped_index
    from treatylang.scenarios.runner import coverage, run_paths

    cov = coverage(run_paths([EXAMPLES]))
    model = load_instruments(list(shipped_index()))
    every = {c.id for i in model.instruments.values() for c in i.clauses if c.checkable}
    assert every <= {cid for cid, _ in cov.clauses}
    assert not cov.missing


def test_failing_expectation_is_explained(cli, tmp_path):
    """A failing expectation exits 1 and shows file:line, what was expected
    and the verdicts actually found, with their evidence."""
    sc = _scenario(tmp_path, "fail.scenario", AID + "expect no_aid_to_aggressor violated by RUS on 2003-04-03\n")
    r = cli("test", str(sc))
    assert r.code == 1
    assert f"FAIL {sc}:6: expect no_aid_to_aggressor violated by RUS on 2003-04-03" in r.out
    assert "expected: some verdict of ru_ir_2001.no_aid_to_aggressor is violated" in r.out
    assert "a violation on 2003-04-03" in r.out
    assert "ru_ir_2001.no_aid_to_aggressor [X = USA, P = IRN]: violated by RUS" in r.out
    assert "2003-04-02 RUS assist → USA kind=military" in r.out
    assert "https://example.org/aid" in r.out


@pytest.mark.parametrize("expect, ok", [
    ("expect no_aid_to_aggressor violated", True),
    ("expect no_aid_to_aggressor violated by RUS", True),
    ("expect no_aid_to_aggressor violated by IRN", False),
    ("expect no_aid_to_aggressor violated on 2003-04-02", True),
    ("expect no_aid_to_aggressor violated 1 time", True),
    ("expect no_aid_to_aggressor violated 2 times", False),
    ("expect no_aid_to_aggressor pending", False),
    ("expect ru_ir_2001.no_force pending", True),
    ("expect no_arms_to_aggressor pending", True),
    ("expect compliant", False),
    ("expect 1 violation", True),
    ("expect 2 violations", False),
])
def test_expectation_semantics(cli, tmp_path, expect, ok):
    """Each form of `expect` passes exactly when the documented rule holds."""
    sc = _scenario(tmp_path, "x.scenario", AID + expect + "\n")
    r = cli("test", str(sc))
    assert r.code == (0 if ok else 1), r.out + r.err


def test_imprecise_event_matches_on_any_of_its_days(cli, tmp_path):
    """`on DATE` matches a violation by an event dated only by month on any
    day of that month."""
    body = AID.replace("2003-04-02 RUS", "2003-04 RUS") + "expect no_aid_to_aggressor violated on 2003-04-17\n"
    r = cli("test", str(_scenario(tmp_path, "m.scenario", body)))
    assert r.code == 0, r.out


def test_broken_scenario_is_exit_2_and_others_still_run(cli, tmp_path):
    """A scenario that does not load is reported (diagnostics on stderr, exit
    2); the other scenarios are still run and listed."""
    _scenario(tmp_path, "a_good.scenario", AID + "expect 1 violation\n")
    _scenario(tmp_path, "b_bad.scenario", "check ru_ir_2001\n2003-04-02 RUS assist\nexpect bogus violated\n")
    r = cli("test", str(tmp_path))
    assert r.code == 2
    assert "a_good.scenario" in r.out and "1 expectation  ok" in r.out
    assert "b_bad.scenario" in r.out and "ERROR: does not load" in r.out
    assert "TL403" in r.err and "Traceback" not in r.err


def test_fixture_folders_are_skipped_unless_named(cli, tmp_path):
    """Scenarios below a `fixtures` or `cases` folder are parser test data:
    a folder search skips them; naming the file runs it."""
    _scenario(tmp_path, "good.scenario", AID + "expect 1 violation\n")
    (tmp_path / "cases").mkdir()
    bad = _scenario(tmp_path / "cases", "bad.scenario", "not a scenario\n")
    r = cli("test", str(tmp_path))
    assert r.code == 0 and "bad.scenario" not in r.out
    assert cli("test", str(bad)).code == 2


def test_missing_path_and_empty_folder_exit_2(cli, tmp_path):
    """A path that does not exist (TL001) and a folder without scenarios are
    bad input."""
    assert cli("test", str(tmp_path / "nope")).code == 2
    r = cli("test", str(tmp_path))
    assert r.code == 2 and "no scenario files found" in r.err


def test_coverage_gate_fails_on_unexercised_clause(cli, tmp_path):
    """With --coverage, an unexercised checkable clause makes the exit status
    1 even though every expectation passes; without it, 0."""
    sc = _scenario(tmp_path, "one.scenario", AID + "expect 1 violation\n")
    assert cli("test", str(sc)).code == 0
    r = cli("test", str(sc), "--coverage")
    assert r.code == 1
    assert "coverage: 1 of 5 checkable clauses exercised" in r.out
    assert "MISS ru_ir_2001.no_force (prohibition)" in r.out


def test_permission_counts_as_exercised_when_it_defeats_a_prohibition(tmp_path):
    """A permission is exercised by the context finding it leaves on the
    prohibition it defeated — and not otherwise."""
    from treatylang.scenarios.runner import run_scenario

    body = ('check gore_chernomyrdin_1995\n'
            '1997-04-02 RUS transfer_arms IRN category=offensive contract_date=1990-05-01\n')
    o = run_scenario(_scenario(tmp_path, "perm.scenario", body))
    assert "gore_chernomyrdin_1995.existing_contracts" in o.exercised
    assert "gore_chernomyrdin_1995.no_transfers" in o.exercised
    late = body.replace("1997-04-02", "2000-04-02")
    o2 = run_scenario(_scenario(tmp_path, "late.scenario", late))
    assert "gore_chernomyrdin_1995.existing_contracts" not in o2.exercised


def test_junit_is_well_formed_and_counts(cli, tmp_path):
    """--format junit: well-formed XML with one testsuite per scenario, one
    testcase per expectation, failures with expected vs actual, an error
    case for a scenario that does not load."""
    _scenario(tmp_path, "a.scenario", AID + "expect 1 violation\nexpect compliant\n")
    _scenario(tmp_path, "b.scenario", "check ru_ir_2001\n2003-04-02 RUS\n")
    _scenario(tmp_path, "c.scenario", AID)
    r = cli("test", str(tmp_path), "--format", "junit")
    assert r.code == 2
    root = ET.fromstring(r.out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("4", "1", "1", "1")
    suites = {Path(s.get("name")).name: s for s in root.findall("testsuite")}
    assert set(suites) == {"a.scenario", "b.scenario", "c.scenario"}
    cases = suites["a.scenario"].findall("testcase")
    assert [c.get("name") for c in cases] == ["line 6: expect 1 violation", "line 7: expect compliant"]
    failure = cases[1].find("failure")
    assert failure is not None and "expected: no violated verdict" in failure.text
    assert "no_aid_to_aggressor" in failure.text
    assert suites["b.scenario"].find("testcase/error") is not None
    assert suites["c.scenario"].find("testcase/skipped") is not None


def test_junit_is_deterministic(cli):
    """The JUnit output has no timestamps or durations: same bytes twice."""
    a = cli("test", "examples/", "--format", "junit")
    b = cli("test", "examples/", "--format", "junit")
    assert a.out == b.out
    ET.fromstring(a.out)
    assert 'time="0"' in a.out and "timestamp" not in a.out


# ----------------------------------------------------------------- the pytest plugin


def _pytest(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "-p", "no:randomly", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_plugin_collects_examples(tmp_path):
    """`pytest examples/` in a copy of the example scenarios collects one item
    per `expect` line, and they all pass (the clause files some of them
    check are copied beside them)."""
    dest = tmp_path / "examples"
    dest.mkdir()
    for f in [*EXAMPLES.glob("*.scenario"), *EXAMPLES.glob("*.tl")]:
        shutil.copy(f, dest / f.name)
    p = _pytest(["examples/"], tmp_path)
    from treatylang.scenarios.runner import run_paths

    expected = sum(len(o.outcomes) for o in run_paths([dest]))
    assert p.returncode == 0, p.stdout + p.stderr
    assert f"{expected} passed" in p.stdout


def test_plugin_reports_failures_readably_and_ignores_other_files(tmp_path):
    """A failing expectation is one failed item showing expected vs actual;
    a broken scenario is a failed `load` item; other files (.txt, .tl) are
    not collected; scenarios under fixtures/ are skipped unless named."""
    _scenario(tmp_path, "aid.scenario", AID + "expect 1 violation\nexpect compliant\n")
    _scenario(tmp_path, "broken.scenario", "check ru_ir_2001\n2003-04-02 RUS\n")
    (tmp_path / "notes.txt").write_text("expect compliant\n", encoding="utf-8")
    (tmp_path / "fixtures").mkdir()
    _scenario(tmp_path / "fixtures", "bad.scenario", "this is not a scenario\n")
    p = _pytest(["."], tmp_path)
    out = p.stdout
    assert p.returncode == 1
    assert "1 passed" in out and "2 failed" in out
    assert "aid.scenario::line 7: expect compliant" in out
    assert "expected: no violated verdict" in out
    assert "broken.scenario::load" in out and "TL401" in out
    assert "fixtures/bad.scenario" not in out
    named = _pytest(["fixtures/bad.scenario"], tmp_path)
    assert "fixtures/bad.scenario::load" in named.stdout
    off = _pytest([".", "--no-scenarios"], tmp_path)
    assert "no tests ran" in off.stdout


def test_plugin_works_without_hypothesis(tmp_path):
    """The plugin never imports hypothesis: with hypothesis made
    unimportable, `pytest` still collects and passes a scenario."""
    _scenario(tmp_path, "aid.scenario", AID + "expect 1 violation\n")
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'hypothesis' or name.startswith('hypothesis.'):\n"
        "            raise ImportError('hypothesis blocked for this test')\n"
        "        return None\n"
        "sys.meta_path.insert(0, _Block())\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(blocker) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("PYTEST_ADDOPTS", None)
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                        "-p", "no:hypothesispytest", "aid.scenario"], cwd=tmp_path, capture_output=True, text=True,
                       env=env, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "1 passed" in p.stdout


def test_example_scenarios_are_canonically_formatted(cli):
    """`treatylang fmt --check` leaves every example scenario as it is."""
    files = sorted(str(p.relative_to(ROOT)) for p in EXAMPLES.glob("*.scenario"))
    r = cli("fmt", "--check", *files)
    assert r.code == 0, r.out
