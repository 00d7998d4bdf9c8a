"""Every scenario diagnostic (TL401–TL414, TL440, TL450–TL451): code, severity, line and column,
and no traceback whatever the input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylang.codes import CODES
from treatylang.diagnostics import DiagnosticError, render
from treatylang.model import load_model
from treatylang.scenarios.load import load_scenario_text, parse_scenario_text

CLAUSES = """
type aid_kind = military | economic
action use_force cameo 18, 19, 20
action assist(kind: aid_kind, since: date, n: integer) cameo 072
situation aggression(aggressor: state, victim: party) { starts when aggressor use_force against victim }
instrument tr_a treaty { parties RUS, IRN in force 2002-04-05
  article a1 { clause no_force: each party P must not use_force against the other party
                clause no_aid: each party P must not assist any state Y } }
instrument tr_b treaty { parties RUS, IRN in force 2002-04-05
  article b1 { clause no_force: each party P must not use_force against the other party } }
question q { reading q_yes default { held by "A" source "a" } reading q_no { held by "B" source "b" } }
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    f = tmp_path_factory.mktemp("m") / "t.tl"
    f.write_text(CLAUSES, encoding="utf-8")
    return load_model([f])


# (case id, scenario text, needs the model, expected (code, severity, line, column), text in the message)
CASES = [
    ("syntax-unexpected-token", "check a\nexpect x violated 2 2003\n", False, ("TL401", "error", 2, 21),
     "unexpected `2003`"),
    ("keyword-as-name", "check a\n2003-04-02 RUS\nexpect compliant\n", False, ("TL401", "error", 3, 1),
     "`expect` is a keyword"),
    ("syntax-bad-status", "check a\nexpect no_force violatd\n", False, ("TL401", "error", 2, 17), "not a status"),
    ("syntax-unterminated-string", 'check a\n2003 A x source "abc\n', False, ("TL401", "error", 2, 17),
     "unterminated string"),
    ("syntax-unexpected-character", "check a\n2003 A x; 2004 B y\n", False, ("TL401", "error", 2, 9),
     "unexpected character"),
    ("syntax-one-digit-month", "check a\n2003-4-02 A x\n", False, ("TL401", "error", 2, 5),
     "unexpected `-` after a number"),
    ("syntax-end-of-file", "check a\nexpect 2\n", False, ("TL401", "error", 2, 9), "end of file"),
    ("syntax-empty-parentheses", "check a\nsituation s() from 2001-01-01\n", False, ("TL401", "error", 2, 13),
     "unexpected `)`"),
    ("unknown-action", "check tr_a\n2003 RUS use_forc IRN\n", True, ("TL402", "error", 2, 10), "use_forc"),
    ("unknown-cameo-code", "check a\n2003 RUS cameo 999\n", False, ("TL402", "error", 2, 10), "999"),
    ("malformed-cameo-literal", "check a\n2003 RUS cameo 12345\n", False, ("TL402", "error", 2, 16),
     "not a CAMEO code"),
    ("unknown-clause", "check tr_a\nexpect no_forc violated\n", True, ("TL403", "error", 2, 8), "no_forc"),
    ("unknown-instrument-in-clause", "check tr_a\nexpect tr_x.no_force violated\n", True,
     ("TL403", "error", 2, 8), "tr_x"),
    ("no-instrument", "# nothing to check against\n2003 RUS x\n", False, ("TL404", "error", 1, 1), "no instrument"),
    ("impossible-date", "check a\n2003-02-29 A x\n", False, ("TL405", "error", 2, 1), "2003-02-29"),
    ("impossible-month", "check a\n2003-13 A x\n", False, ("TL405", "error", 2, 1), "2003-13"),
    ("imprecise-as-of", "check a\nas of 2026\n", False, ("TL405", "error", 2, 7), "needs a full date"),
    ("imprecise-on", "check a\nexpect x violated on 2003-04\n", False, ("TL405", "error", 2, 22),
     "needs a full date"),
    ("bad-time", "check a\n2003-01-01 24:00 A x\n", False, ("TL405", "error", 2, 12), "time of day"),
    ("time-on-imprecise-date", "check a\n2003-01 10:00 A x\n", False, ("TL405", "error", 2, 9), "full date"),
    ("until-before-from", "check a\nsituation s from 2003-02-01 until 2003-01-31\n", False,
     ("TL405", "error", 2, 29), "before"),
    ("unknown-situation", "check tr_a\nsituation agression(USA, IRN) from 2003-01-01\n", True,
     ("TL406", "error", 2, 11), "agression"),
    ("situation-arity", "check tr_a\nsituation aggression(USA) from 2003-01-01\n", True,
     ("TL406", "error", 2, 1), "takes 2 arguments"),
    ("unknown-check-id", "check tr_c\n", True, ("TL408", "error", 1, 7), "tr_c"),
    ("missing-clause-file", 'check "nowhere/x.tl"\n', False, ("TL408", "error", 1, 7), "no clause file"),
    ("ambiguous-clause", "check tr_a, tr_b\nexpect no_force violated\n", True, ("TL409", "error", 2, 8),
     "ambiguous"),
    ("on-with-pending", "check a\nexpect x pending on 2003-01-01\n", False, ("TL410", "error", 2, 18), "`on`"),
    ("count-with-fulfilled", "check a\nexpect x fulfilled 2 times\n", False, ("TL410", "error", 2, 20),
     "2 times"),
    ("by-with-pending", "check a\nexpect x pending by RUS\n", False, ("TL410", "error", 2, 18), "`by RUS`"),
    ("binding-twice", "check a\nexpect x(P=RUS, P=IRN) violated\n", False, ("TL413", "error", 2, 17), "twice"),
    ("binding-unknown-variable", "check tr_a\nexpect no_force(Q=RUS) violated\n", True,
     ("TL440", "error", 2, 16), "`Q`"),
    ("binding-event-variable", "check tr_a\nexpect no_aid(Y=RUS) violated\n", True,
     ("TL440", "error", 2, 14), "`Y`"),
    ("enum-value", "check tr_a\n2003 RUS assist USA kind=militry\n", True, ("TL412", "error", 2, 21), "militry"),
    ("role-not-a-cameo-role", "check a\n2003 RUS(GUV) x USA\n", False, ("TL415", "error", 2, 9), "GUV"),
    ("date-value", 'check tr_a\n2003 RUS assist USA since="soon"\n', True, ("TL412", "error", 2, 21),
     "not a date"),
    ("integer-value", "check tr_a\n2003 RUS assist USA n=2.5\n", True, ("TL412", "error", 2, 21),
     "not an integer"),
    ("title-twice", 'scenario "a"\ncheck a\nscenario "b"\n', False, ("TL413", "error", 3, 1), "twice"),
    ("as-of-twice", "check a\nas of 2001-01-01\nas of 2002-01-01\n", False, ("TL413", "error", 3, 1), "twice"),
    ("attribute-twice", "check a\n2003 A x k=1 k=2\n", False, ("TL413", "error", 2, 14), "twice"),
    ("part-twice", "check a\nexpect x violated on 2001-01-01 on 2001-01-02\n", False, ("TL413", "error", 2, 33),
     "twice"),
    ("event-after-as-of", "check a\nas of 2003-01-01\n2003-01-02 A x\n", False, ("TL414", "error", 3, 1),
     "after the end"),
    ("on-after-as-of", "check a\nas of 2003-01-01\nexpect x violated on 2003-02-01\n", False,
     ("TL414", "error", 3, 19), "after the end"),
    ("situation-after-as-of", "check a\nas of 2003-01-01\nsituation s from 2003-02-01\n", False,
     ("TL414", "error", 3, 1), "after the end"),
    ("unknown-reading", "check tr_a\nreading q_noo\n", True, ("TL450", "error", 2, 1), "q_noo"),
    ("unknown-reading-in-expectation", "check tr_a\nexpect tr_a.no_force pending under q_ye\n", True,
     ("TL450", "error", 2, 1), "q_ye"),
    ("two-readings-of-one-question", "check tr_a\nreading q_yes, q_no\n", True, ("TL451", "error", 2, 1),
     "same question"),
]


@pytest.mark.parametrize("name,text,needs_model,want,fragment", CASES, ids=[c[0] for c in CASES])
def test_each_diagnostic(name, text, needs_model, want, fragment, model):
    """Each malformed scenario raises DiagnosticError whose first diagnostic
    has the expected code, severity, line and column, and names the problem."""
    with pytest.raises(DiagnosticError) as e:
        load_scenario_text(text, "t.scenario", model if needs_model else None)
    d = e.value.diagnostics[0]
    assert (d.code, d.severity, d.span.line, d.span.col) == want, render(e.value.diagnostics)
    assert fragment in d.message
    assert d.snippet  # the source line is captured for the gutter
    full = render(e.value.diagnostics, "full")
    assert full.startswith(f"{want[0]} {want[1]}:") and "Traceback" not in full


@pytest.mark.parametrize("text,want", [
    ("check a\n2003 USA x\n2001 RUS y\n", ("TL407", 3, 1)),
    ("check tr_a\n2003 RUS assist USA region=caspian\n", ("TL411", 2, 21)),
    ("check a\n2003 RUX x\n", ("TL420", 2, 6)),
    ("check a\n2003-06-01 RUS x EUR\n", ("TL420", 2, 18)),
    ("check a\n2003-06-01 SUN x\n", ("TL421", 2, 12)),
])
def test_each_warning(text, want, model):
    """Warnings (TL407 out of order, TL411 undeclared attribute, TL420 an actor
    or target that is no known state, TL421 a former state out of its time)
    do not stop loading; they are returned on Scenario.warnings with their position."""
    s = load_scenario_text(text, "t.scenario", model if text.startswith("check tr_a") else None)
    [w] = s.warnings
    assert (w.code, w.span.line, w.span.col) == want and w.severity == "warning"


def test_rus_before_1992_gets_a_note():
    """RUS on a day the USSR still existed gets a note (TL422), which is no warning; a year that runs past the
    USSR's end does not."""
    s = load_scenario_text("check a\n1985-06-01 RUS x IRN\n1991 RUS y IRN\n", "t.scenario", None)
    [w] = s.warnings
    assert (w.code, w.severity, w.span.line, w.span.col) == ("TL422", "note", 2, 12) and "USSR" in w.help


def test_every_scenario_code_is_catalogued_and_tested():
    """Every TL4xx code in the catalogue is exercised by a test above."""
    tested = {c[3][0] for c in CASES} | {"TL407", "TL411", "TL420", "TL421", "TL422"}
    assert {c for c in CODES if c.startswith("TL4")} == tested


def test_errors_and_warnings_are_raised_together(model):
    """When a file has errors, its warnings come with them, sorted by position."""
    with pytest.raises(DiagnosticError) as e:
        load_scenario_text("check tr_a\n2003 RUS assist USA region=x\n2001 RUS use_forc IRN\n", "t.scenario", model)
    assert [d.code for d in e.value.diagnostics] == ["TL411", "TL407", "TL402"]


@given(st.text(max_size=200))
def test_no_text_gives_a_traceback(text):
    """Any text at all parses, or raises DiagnosticError (never another exception)."""
    try:
        parse_scenario_text(text, "f.scenario")
    except DiagnosticError as e:
        assert e.diagnostics


_WORDS = st.sampled_from([
    "scenario", "check", "as", "of", "situation", "from", "until", "source", "cameo", "expect", "compliant",
    "violated", "pending", "times", "by", "on", "2003", "2003-04", "2003-04-02", "2003-02-30", "08:30", "99:99",
    "072", "12", "RUS", "assist", "x.y", "(", ")", ",", "=", '"s"', '"', "#c\n", "\n", "kind=military", "-1.5",
])


@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_no_token_soup_gives_a_traceback(text):
    """Sequences of the language's own tokens (which get much further into the
    parser and builder than random text) load or raise DiagnosticError only."""
    try:
        load_scenario_text(text, "f.scenario")
    except DiagnosticError as e:
        assert e.diagnostics and all(d.code.startswith("TL4") for d in e.diagnostics)
