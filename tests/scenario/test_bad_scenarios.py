"""Golden diagnostics for malformed scenario files (tests/cases/bad/s*.scenario).

Each `sNN-….scenario` carries its expected output beside it in
`sNN-….expected`: the diagnostics rendered in the full form
(`treatylang.diagnostics.render(diags, "full")`), exactly as a user sees
them. The diagnostics are those of `load_scenario_and_model`, the path
`treatylang test` takes: parse, load the instruments the scenario names,
load the scenario with that model (so syntax, dates and names are all
reported in one run). A file that loads shows its warnings.

Refresh after an intended change with `pytest --update-golden` and review
the diff (`git diff tests/cases`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylang.diagnostics import DiagnosticError, render
from treatylang import limits
from treatylang.scenarios.load import load_scenario_and_model

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "cases" / "bad"
CASES = sorted(BAD.glob("s*.scenario"))


def diagnostics_of(rel: str) -> list:
    """The diagnostics of one scenario file (path relative to the repository
    root): errors, or the warnings of a file that loads."""
    # The cases name tests/scenario/fixtures/model.tl, outside their own folder:
    # the test allows it as `--allow-read tests/scenario/fixtures` would.
    try:
        with limits.use(limits.Limits(allow_read=(str(ROOT / "tests" / "scenario" / "fixtures"),))):
            scenario, _model = load_scenario_and_model(rel)
    except DiagnosticError as e:
        return list(e.diagnostics)
    return list(scenario.warnings)


def test_there_are_enough_cases():
    """The corpus holds at least eight malformed scenarios, each with its golden file."""
    assert len(CASES) >= 8
    assert all(c.with_suffix(".expected").exists() for c in CASES) or pytest.skip("run --update-golden")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_scenario_matches_golden(case, request, monkeypatch):
    """The rendered diagnostics equal the golden .expected file (paths shown
    relative to the repository root), and none of them is an internal error."""
    monkeypatch.chdir(ROOT)
    rel = case.relative_to(ROOT).as_posix()
    diags = diagnostics_of(rel)
    assert diags, f"{rel} produced no diagnostics"
    assert not any(d.code.startswith("TL9") for d in diags)
    got = render(diags, "full") + "\n"
    golden = case.with_suffix(".expected")
    if request.config.getoption("--update-golden", default=False) or not golden.exists():
        golden.write_text(got, encoding="utf-8")
        return
    assert got == golden.read_text(encoding="utf-8")
