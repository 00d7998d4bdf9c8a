"""Per-binding expectations (`expect CLAUSE(P=RUS) …`) and `fulfilled by X`.

Issue 14: `expect c(P=CHN) violated` was a syntax error although
docs/semantics.md writes verdicts that way, and `expect … fulfilled by RUS`
was accepted but could never pass (a fulfilled verdict blames no one).
"""

from __future__ import annotations

import pytest

from treatylang.scenarios.runner import run_scenario

CLAUSES = """\
action declare_threat
action consult

instrument sr treaty {
  parties RUS, CHN
  in force 2002-01-01

  article a {
    text en paraphrase "When either party declares a threat, each party consults the other within 30 days."

    clause consult: each party P must consult with the other party
      within 30 days of any party declare_threat
  }
}
"""

TIMELINE = """\
check "sr.tl"
as of 2003-12-31
2003-01-01 RUS declare_threat
2003-01-05 CHN consult RUS
"""


def _outcomes(tmp_path, expectations: str):
    (tmp_path / "sr.tl").write_text(CLAUSES, encoding="utf-8")
    scen = tmp_path / "t.scenario"
    scen.write_text(TIMELINE + expectations, encoding="utf-8")
    out = run_scenario(scen)
    assert not out.errors, out.errors
    return [(o.text, o.passed) for o in out.outcomes]


@pytest.mark.parametrize("line,passes", [
    ("expect consult(P=CHN) fulfilled", True),
    ("expect consult(P=RUS) violated", True),
    ("expect consult(P=RUS) fulfilled", False),  # China's consultation is not Russia's
    ("expect consult(P=CHN) violated", False),
    ("expect consult fulfilled", True),  # some instance
    ("expect consult(P=CHN) fulfilled by CHN", True),
    ("expect consult fulfilled by RUS", False),  # no act of Russia fulfilled anything
    ("expect consult(P=RUS) violated by RUS", True),
    ("expect consult(P=RUS) violated by CHN", False),
])
def test_binding_and_by_pick_the_instance(tmp_path, line, passes):
    """A binding picks the instances whose variables have those values;
    `fulfilled by X` passes when an act of X fulfilled the instance."""
    assert _outcomes(tmp_path, line + "\n") == [(line, passes)]


def test_by_with_a_status_no_act_decides_is_rejected(tmp_path):
    """`pending by RUS` could never mean anything: TL410, with a hint to bind the variable."""
    (tmp_path / "sr.tl").write_text(CLAUSES, encoding="utf-8")
    scen = tmp_path / "t.scenario"
    scen.write_text(TIMELINE + "expect consult pending by RUS\n", encoding="utf-8")
    out = run_scenario(scen)
    [d] = out.errors
    assert d.code == "TL410" and "consult(P=RUS)" in d.help
