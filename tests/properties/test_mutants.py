"""The properties can fail: each mutant evaluator (tests/properties/mutants.py)
is caught by the properties meant to catch it, and the same properties pass
on the real engine.

For every (mutant, property) pair in `CATCHES`, hypothesis' `find` searches
— deterministically, with a fixed budget of examples — for a timeline on
which the property fails under the mutant, and shrinks it. The test then
checks that the shrunk counterexample passes on the real engine (so it is the
mutation the property noticed, not a bug of the real engine), and runs the
property on the real engine with the current profile's number of examples.

The properties are the ones users and CI run: the example properties in
examples/properties/test_ru_ir_properties.py (loaded from that file, by their
test function's `.hypothesis.inner_test` and the module's strategy) and the
law functions of tests/properties/test_laws.py, with the same strategies.

Run one mutant and see the counterexample it produced:

    pytest tests/properties/test_mutants.py -k until_exclusive -rP
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Callable

import pytest
from attrs import frozen
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from treatylang.testing.timelines import GeneratedScenario

from . import mutants, test_laws

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "properties" / "test_ru_ir_properties.py"


def _load_examples():
    """The example property module, imported from its file under a private
    name (examples/ is not a package; pytest may import it under another)."""
    name = "_treatylang_example_ru_ir_properties"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EXAMPLES)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


EX = _load_examples()


@frozen
class Property:
    """A property as data: what to generate, and a check that raises
    AssertionError when the property does not hold for a generated value."""

    name: str
    strategy: st.SearchStrategy
    check: Callable[[object], None]


def _example(test, strategy) -> Property:
    return Property(test.__name__, strategy, test.hypothesis.inner_test)


PROPERTIES = {p.name: p for p in (
    _example(EX.test_no_aid_to_aggressor_without_russian_aid, EX.WITHOUT_RUSSIAN_AID_TO_AGGRESSOR),
    _example(EX.test_2001_treaty_not_violated_before_entry_into_force, EX.AROUND_2002),
    _example(EX.test_only_2025_treaty_violated_by_aid_after_it_replaced_2001, EX.AROUND_2025),
    _example(EX.test_caspian_statement_never_violated_outside_the_caspian, EX.CASPIAN),
    _example(EX.test_deliveries_under_existing_contracts_are_permitted_until_1999, EX.GORE_CHERNOMYRDIN),
    _example(EX.test_aid_during_declared_aggression_is_a_violation, EX.DECLARED_AGGRESSION),
    Property("law_order", test_laws.ORDER_CASES, lambda case: test_laws.law_order(*case)),
    Property("law_irrelevant_event", test_laws.IRRELEVANT_CASES, lambda case: test_laws.law_irrelevant_event(*case)),
    Property("law_refinement", test_laws.REFINEMENT, test_laws.law_refinement),
)}

#: Which properties must catch which mutant.
CATCHES: dict[str, tuple[str, ...]] = {
    "ceasefire_never_ends_aggression": ("test_no_aid_to_aggressor_without_russian_aid",),
    "declarations_ignored": ("test_aid_during_declared_aggression_is_a_violation",),
    "permissions_ignored": ("test_deliveries_under_existing_contracts_are_permitted_until_1999",),
    "supersession_ignored": ("test_only_2025_treaty_violated_by_aid_after_it_replaced_2001",),
    "entry_into_force_on_signature": ("test_2001_treaty_not_violated_before_entry_into_force",),
    "until_exclusive": ("test_deliveries_under_existing_contracts_are_permitted_until_1999",),
    "missing_attribute_matches": ("law_refinement", "test_caspian_statement_never_violated_outside_the_caspian"),
    "time_of_day_ignored": ("law_order",),
    "cameo_root_matching": ("law_irrelevant_event",),
}

#: The search budget under a mutant: fixed and derandomised, so whether a
#: mutant is caught does not depend on the profile or on luck. Shrinking the
#: counterexample (for reading it: `-rP` prints it) costs more than finding
#: it, so only the `thorough` profile shrinks.
SHRINK = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
SEARCH = settings(max_examples=2000, derandomize=True, database=None, deadline=None,
                  phases=(Phase.generate, Phase.shrink) if SHRINK else (Phase.generate,),
                  suppress_health_check=list(HealthCheck))


def _fails(prop: Property) -> Callable[[object], bool]:
    def failing(value) -> bool:
        try:
            prop.check(value)
        except AssertionError:
            return True
        return False

    return failing


def _caught(mutant: str, p: Property) -> Callable[[object], bool]:
    """True for a value on which the property fails under the mutant and
    holds on the real engine (a reduction must keep both: dropping events can
    break what the property's strategy guarantees)."""
    failing = _fails(p)

    def caught(value) -> bool:
        with mutants.MUTANTS[mutant]():
            if not failing(value):
                return False
        return not failing(value)

    return caught


def _reduced(value, failing):
    """The counterexample with events hypothesis left in for no reason taken
    out (`GeneratedScenario.reduced`); a law's Case keeps its second part."""
    if isinstance(value, GeneratedScenario):
        return value.reduced(failing)
    if isinstance(value, test_laws.Case) and not isinstance(value.extra, (list, tuple)):
        return test_laws.Case(value.scenario.reduced(lambda sc: failing(test_laws.Case(sc, value.extra))), value.extra)
    if isinstance(value, test_laws.Case):  # an order: drop events and renumber the order to match
        case = value
        changed = True
        while changed:
            changed = False
            for j in range(len(case.scenario.events)):
                sc = case.scenario
                smaller = test_laws.Case(sc.with_events(sc.events[:j] + sc.events[j + 1:]),
                                         [i - (i > j) for i in case.extra if i != j])
                if failing(smaller):
                    case, changed = smaller, True
                    break
        for change in ({"declared": ()}, {"as_of": None}):
            smaller = test_laws.Case(case.scenario.evolve(**change), case.extra)
            if failing(smaller):
                case = smaller
        return case
    return value


def test_every_mutant_is_covered():
    """Each mutant in mutants.MUTANTS names at least one property that must
    catch it, and every named property exists."""
    assert set(CATCHES) == set(mutants.MUTANTS)
    for names in CATCHES.values():
        assert names and all(n in PROPERTIES for n in names)


CASES = [(m, p) for m, props in CATCHES.items() for p in props]


@pytest.mark.parametrize("mutant, prop", CASES, ids=[f"{m}-{p}" for m, p in CASES])
def test_property_catches_mutant(mutant, prop):
    """Under the mutant, the property has a counterexample (found and shrunk
    by hypothesis); on the real engine, that counterexample passes."""
    p = PROPERTIES[prop]
    with mutants.MUTANTS[mutant]():
        try:
            counterexample = find(p.strategy, _fails(p), settings=SEARCH)
        except NoSuchExample:
            pytest.fail(f"`{prop}` did not catch the mutant `{mutant}` in {SEARCH.max_examples} examples")
    counterexample = _reduced(counterexample, _caught(mutant, p))
    print(f"counterexample for {mutant} ({prop}):\n{counterexample!r}")
    p.check(counterexample)  # the real engine: no AssertionError


@pytest.mark.parametrize("prop", sorted({p for ps in CATCHES.values() for p in ps}))
def test_property_passes_on_the_real_engine(prop):
    """Each property that catches a mutant holds on the real engine (as many
    examples as the hypothesis profile asks for)."""
    p = PROPERTIES[prop]

    def holds(value) -> None:
        p.check(value)

    given(p.strategy)(holds)()
