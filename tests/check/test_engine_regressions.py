"""Regressions found by the example scenarios (each once a wrong verdict)."""

import datetime as dt

from treatylang.check import evaluate
from treatylang.events.model import Event, Provenance
from treatylang.model import load_instruments


def ev(day, actor, target, action=None, code=None, seq=0, **attrs):
    return Event(dt.date.fromisoformat(day), actor, target, code=code, action=action,
                 attrs=tuple(sorted(attrs.items())), seq=seq, provenance=Provenance("t", seq))


def statuses(result, clause_id):
    return {v.status for v in result.by_clause(clause_id)}


def test_deadline_before_the_timeline_is_unknown_not_violated():
    """(Gore–Chernomyrdin's complete_existing holds only under the reading
    completion_duty.) A `by 1999-12-31` obligation checked on a timeline that starts in 2003
    cannot be judged: a fulfilling event may lie before the timeline."""
    model = load_instruments(["gore_chernomyrdin_1995"])
    r = evaluate(model, ["gore_chernomyrdin_1995"], [ev("2003-04-02", "RUS", "IRN", code="040")],
                 readings=("completion_duty",))
    assert statuses(r, "gore_chernomyrdin_1995.complete_existing") == {"unknown"}


def test_deadline_missed_inside_the_timeline_is_violated():
    """When the timeline covers the whole period of the duty and no fulfilling
    event occurs, the obligation is violated at its deadline."""
    model = load_instruments(["gore_chernomyrdin_1995"])
    r = evaluate(model, ["gore_chernomyrdin_1995"], [ev("1995-06-01", "RUS", "IRN", code="040"),
                                                     ev("2000-06-01", "RUS", "IRN", code="040", seq=1)],
                 readings=("completion_duty",))
    [v] = r.by_clause("gore_chernomyrdin_1995.complete_existing")
    assert v.status == "violated" and v.blame == ("RUS",)
    assert v.findings[-1].kind == "missed_deadline" and v.findings[-1].day == dt.date(1999, 12, 31)


def test_gore_chernomyrdin_is_a_sunset_by_default():
    """Issue 8: the default reading of "complete deliveries by 31 December
    1999" is a sunset (no deliveries after it), not a duty to deliver: on a
    file of coded diplomatic events nothing is violated, and no verdict
    rests on the absence of an act coded data cannot observe."""
    model = load_instruments(["gore_chernomyrdin_1995"])
    events = [ev("1995-06-01", "RUS", "IRN", code="040"), ev("1998-03-01", "RUS", "USA", code="036", seq=1),
              ev("2000-06-01", "RUS", "IRN", code="042", seq=2)]
    r = evaluate(model, ["gore_chernomyrdin_1995"], events)
    assert not r.by_clause("gore_chernomyrdin_1995.complete_existing")
    assert all(v.status != "violated" for v in r.verdicts)
    # A delivery after 1999 is a violation of the sunset (no_transfers).
    late = evaluate(model, ["gore_chernomyrdin_1995"],
                    events + [ev("2000-03-01", "RUS", "IRN", "transfer_arms", seq=3, contract_date="1991-01-01")])
    assert statuses(late, "gore_chernomyrdin_1995.no_transfers") == {"violated"}


def test_imprecise_attribute_dates_are_ranges():
    """`contract_date=1991` is wholly before 1995-06-30 (the permission applies);
    `contract_date=1995` straddles it (unknown, never violated)."""
    model = load_instruments(["gore_chernomyrdin_1995"])
    events = [ev("1995-07-01", "RUS", "IRN", code="040"),
              ev("1997-04-02", "RUS", "IRN", "transfer_arms", seq=1, contract_date="1991"),
              ev("1997-04-03", "RUS", "IRN", "transfer_arms", seq=2, contract_date="1995")]
    r = evaluate(model, ["gore_chernomyrdin_1995"], events)
    [v] = r.by_clause("gore_chernomyrdin_1995.no_transfers")
    kinds = [(f.day.isoformat(), f.kind) for f in v.findings]
    assert kinds == [("1997-04-02", "context"), ("1997-04-03", "unknown")]
    assert v.status == "unknown"
