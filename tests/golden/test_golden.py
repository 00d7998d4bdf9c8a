"""Golden reports: the text memo, the JSON document and the HTML page of a
few examples, byte for byte; and `treatylang report` renders each saved
JSON golden back into the same memo and page.

A change in the report format or in a verdict shows up here as a diff. When
the change is intended, refresh the files with

    .venv/bin/python -m pytest tests/golden --update-golden

and review the diff (`git diff tests/golden`) before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylang.cli import main

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

CASES = {
    "aggression_aid": ("check", "ru_ir_2001", "examples/aggression_aid.scenario"),
    "timeline_1995_2001": ("check", "examples/timeline_1995_2001.scenario"),
    "events_aggression_aid": ("check", "ru_ir_2001", "--events", "examples/events/aggression_aid.csv"),
    "supersession_2025": ("check", "examples/supersession_2025.scenario"),
    "caspian_pipeline": ("check", "examples/caspian_pipeline.scenario"),
    "notice_of_termination": ("check", "examples/notice_of_termination.scenario"),
}
FORMATS = {"text": ".txt", "json": ".json", "html": ".html"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_report(name, fmt, request, capsys, monkeypatch):
    """The report of `treatylang CASE --format FMT` equals the golden file
    tests/golden/NAME.EXT (rewritten instead with --update-golden)."""
    monkeypatch.chdir(ROOT)
    code = main([*CASES[name], "--format", fmt])
    out = capsys.readouterr().out
    assert code in (0, 1)
    golden = HERE / f"{name}{FORMATS[fmt]}"
    if request.config.getoption("--update-golden", default=False):
        golden.write_text(out, encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden.name}: run pytest tests/golden --update-golden"
    expected = golden.read_text(encoding="utf-8")
    assert out == expected, f"{golden.name} differs: review, then refresh with --update-golden"


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_saved_json_renders_the_same(name, fmt, capsys, monkeypatch):
    """`treatylang report NAME.json --format FMT` prints exactly what
    `check --format FMT` printed for the same run (the renderers read only
    the report document)."""
    monkeypatch.chdir(ROOT)
    saved = HERE / f"{name}.json"
    if not saved.exists():
        pytest.skip(f"no golden file {saved.name} yet")
    code = main(["report", str(saved), "--format", fmt])
    out = capsys.readouterr().out
    assert code in (0, 1)
    expected = (HERE / f"{name}{FORMATS[fmt]}").read_text(encoding="utf-8")
    assert out == expected
