"""`plan` and `sql` given a scenario plan the instruments it checks (QA O5).

They parsed the scenario as a clause file: TL101 "unexpected `scenario`".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylang.cli import main

REPO = Path(__file__).resolve().parents[2]
SCENARIO = REPO / "examples" / "aggression_aid.scenario"


def out_of(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_of_a_scenario_is_the_plan_of_its_instruments(capsys):
    """`plan x.scenario` prints exactly `plan ru_ir_2001` (the scenario's `check` line), exit 0."""
    code, by_scenario, err = out_of(capsys, "plan", SCENARIO)
    assert code == 0 and err == ""
    _, by_id, _ = out_of(capsys, "plan", "ru_ir_2001")
    assert by_scenario == by_id and by_scenario.startswith("plan for ru_ir_2001")


def test_sql_of_a_scenario_is_the_sql_of_its_instruments(capsys):
    """`sql x.scenario` prints the same query as `sql ru_ir_2001`."""
    pytest.importorskip("sqlglot")
    code, by_scenario, _ = out_of(capsys, "sql", SCENARIO)
    _, by_id, _ = out_of(capsys, "sql", "ru_ir_2001")
    assert code == 0 and by_scenario == by_id and "SELECT" in by_scenario


def test_a_scenario_without_check_line_is_tl404_with_help(capsys, tmp_path):
    """A scenario naming no instrument: TL404 with a help line, exit 2, not a parse error."""
    p = tmp_path / "s.scenario"
    p.write_text('scenario "s"\n2003-03-20 USA cameo 190 IRN\n')
    code, out, err = out_of(capsys, "plan", p)
    assert code == 2 and "TL404" in err and "help:" in err and "TL101" not in err
