"""Property tests over the Russia–Iran clause files, written as a user would.

Each test says something that must hold in *every* timeline, and hypothesis
looks for a timeline where it does not. A failure prints that timeline as a
scenario file (see docs/testing.md: turning it into a regression scenario).

    pytest examples/properties
    HYPOTHESIS_PROFILE=thorough pytest examples/properties

Each strategy is narrowed to the actions, actors and years a property is
about: a random timeline over all fourteen actions and thirty years rarely
puts an aggression, a ceasefire and an act of aid in the right order.
"""

from __future__ import annotations

import datetime as _dt

from hypothesis import given

from treatylang.testing import scenarios

ENTRY_INTO_FORCE_2001 = _dt.date(2002, 4, 5)
SUPERSEDED_2025 = _dt.date(2025, 10, 2)
GC_UNTIL = _dt.date(1999, 12, 31)  # existing_contracts: `until 1999-12-31`, inclusive
GC_CONTRACT_BEFORE = _dt.date(1995, 6, 30)  # `when contract_date before 1995-06-30`, strict

AID_CLAUSES = ("no_aid_to_aggressor", "no_arms_to_aggressor")
AGGRESSION_ACTIONS = ["use_force", "ceasefire", "make_peace", "assist", "humanitarian_aid"]


# ----------------------------------------------------------------- an oracle


def aggressors_when(sc, victim: str = "IRN"):
    """For each event of the timeline, in time order, the states that *may*
    be committing aggression against `victim` at that moment: by the events
    (a state's use of force against the victim starts it, its ceasefire or
    peace with the victim ends it — vocabulary.tl), or because a declared
    `aggression(X, victim)` covers the day. Yields (event, states).

    Deliberately generous (a union of the two readings), so "Russia aided no
    one on this list" is a safe premise."""
    at_war: set[str] = set()
    for e in sc.events:
        acts = sc.actions_of(e)
        if "use_force" in acts and e.target == victim:
            at_war.add(e.actor)
        if ("ceasefire" in acts or "make_peace" in acts) and e.target == victim:
            at_war.discard(e.actor)
        declared = {d.args[0] for d in sc.declared
                    if d.name == "aggression" and d.args[1] == victim
                    and d.start <= e.day and (d.until is None or e.day <= d.until)}
        yield e, at_war | declared


def russian_aid_to_aggressor(sc):
    """Events in which Russia assists a state that may be committing
    aggression against Iran at the time (see `aggressors_when`)."""
    return [e for e, aggressors in aggressors_when(sc)
            if e.actor == "RUS" and "assist" in sc.actions_of(e) and e.target in aggressors]


# ----------------------------------------------------------------- strategies

#: Timelines of force, ceasefires and aid around the 2001 and 2025 treaties,
#: with Russia's aid to an aggressor of Iran taken out.
WITHOUT_RUSSIAN_AID_TO_AGGRESSOR = scenarios(
    ["ru_ir_2001", "ru_ir_2025"], actions=AGGRESSION_ACTIONS, third_states=("USA",),
    start=_dt.date(2001, 1, 1), end=_dt.date(2027, 12, 31), min_events=1, max_events=10,
).map(lambda sc: sc.without(lambda e: e in russian_aid_to_aggressor(sc)))

#: Anything at all around the entry into force of the 2001 treaty.
AROUND_2002 = scenarios("ru_ir_2001", start=_dt.date(1999, 1, 1), end=_dt.date(2004, 12, 31))

#: Aggression and aid either side of the 2025 treaty's entry into force.
AROUND_2025 = scenarios(
    ["ru_ir_2001", "ru_ir_2025"], actions=["use_force", "ceasefire", "assist", "transfer_arms"],
    third_states=("USA", "ISR"), start=_dt.date(2024, 1, 1), end=_dt.date(2027, 12, 31), min_events=1,
    max_events=10,
)

#: Acts in and around the Caspian, with the region sometimes not given.
CASPIAN = scenarios(
    "caspian_2001", actions=["recognise_border", "lay_seabed_pipeline", "deploy_forces",
                             "caspian_convention_in_force"],
    third_states=("AZE", "KAZ"), start=_dt.date(1999, 1, 1), end=_dt.date(2022, 12, 31),
)

#: Arms contracts and deliveries under the Gore–Chernomyrdin aide-mémoire.
GORE_CHERNOMYRDIN = scenarios(
    "gore_chernomyrdin_1995", actions=["transfer_arms", "conclude_arms_contract"], actors=("RUS", "IRN"),
    start=_dt.date(1994, 1, 1), end=_dt.date(2001, 12, 31), min_events=1, max_events=10,
)

#: Aid during aggressions declared directly (no events start or end them),
#: while the 2001 treaty is in force.
DECLARED_AGGRESSION = scenarios(
    "ru_ir_2001", actions=["assist"], situations=["aggression"], actors=("RUS", "USA"),
    start=_dt.date(2003, 1, 1), end=_dt.date(2004, 12, 31), by_code=False, max_events=4, max_declared=3,
)


# ----------------------------------------------------------------- properties


@given(WITHOUT_RUSSIAN_AID_TO_AGGRESSOR)
def test_no_aid_to_aggressor_without_russian_aid(sc):
    """In any timeline where Russia never assists a state while that state
    commits aggression against Iran, Russia violates no `no_aid_to_aggressor`
    clause (2001 or 2025)."""
    for v in sc.check().verdicts:
        if v.clause == "no_aid_to_aggressor":
            assert "RUS" not in v.blame, v


@given(AROUND_2002)
def test_2001_treaty_not_violated_before_entry_into_force(sc):
    """No clause of the 2001 treaty is violated by an event dated before its
    entry into force on 2002-04-05."""
    assert sc.model.instruments["ru_ir_2001"].in_force == ENTRY_INTO_FORCE_2001
    for v in sc.check().verdicts:
        for f in v.violations():
            assert f.day >= ENTRY_INTO_FORCE_2001, (v.clause, f)


@given(AROUND_2025)
def test_only_2025_treaty_violated_by_aid_after_it_replaced_2001(sc):
    """From 2025-10-02, when the 2025 treaty replaced the 2001 one, aid to an
    aggressor violates only the 2025 treaty's clauses; before that day, only
    the 2001 treaty's."""
    for v in sc.check().verdicts:
        if v.clause not in AID_CLAUSES:
            continue
        for f in v.violations():
            expected = "ru_ir_2025" if f.day >= SUPERSEDED_2025 else "ru_ir_2001"
            assert v.instrument == expected, (v.clause_id, f)


@given(CASPIAN)
def test_caspian_statement_never_violated_outside_the_caspian(sc):
    """The Caspian joint statement is never violated by an act that is not
    recorded as being in the Caspian (`region=caspian`): an act elsewhere, or
    one whose region is not known, is at most `unknown`."""
    for v in sc.check().verdicts:
        for f in v.violations():
            assert f.event is not None and dict(f.event.attrs).get("region") == "caspian", (v.clause_id, f)


@given(GORE_CHERNOMYRDIN)
def test_deliveries_under_existing_contracts_are_permitted_until_1999(sc):
    """A Russian arms delivery to Iran made on or before 1999-12-31 under a
    contract concluded before the aide-mémoire (1995-06-30) never violates
    `no_transfers`: the permission `existing_contracts` covers it."""
    for v in sc.check().by_clause("gore_chernomyrdin_1995.no_transfers"):
        for f in v.violations():
            contract = dict(f.event.attrs).get("contract_date")
            covered = f.day <= GC_UNTIL and contract is not None and _dt.date.fromisoformat(contract) < GC_CONTRACT_BEFORE
            assert not covered, f


@given(DECLARED_AGGRESSION)
def test_aid_during_declared_aggression_is_a_violation(sc):
    """While the 2001 treaty is in force and an aggression against Iran is
    declared for the day, Russian assistance to the aggressor is a violation
    of `no_aid_to_aggressor` (the converse of the first property: the clause
    is not silent when it should speak). Declarations may overlap or touch:
    they are joined (docs/semantics.md §5.3; deviation D6, which this
    property found, is fixed)."""
    result = sc.check()
    for e in sc.events:
        if e.actor != "RUS" or e.action != "assist":
            continue
        if any(d.args == (e.target, "IRN") and d.start <= e.day and (d.until is None or e.day <= d.until)
               for d in sc.declared):
            violated = [f for v in result.by_clause("ru_ir_2001.no_aid_to_aggressor")
                        if v.binding == (("X", e.target), ("P", "IRN")) for f in v.violations()]
            assert any(f.event.line == e.provenance.line for f in violated), e
