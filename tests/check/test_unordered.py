"""`evaluate_unordered`: the path for event files that are not in time order."""

import random

from hypothesis import given, strategies as st

from treatylang.check.engine import evaluate_unordered
from treatylang.testing import scenarios

INSTRUMENTS = ("ru_ir_2001", "ru_ir_2025", "caspian_2001", "gore_chernomyrdin_1995")


@given(scenarios(list(INSTRUMENTS)), st.randoms(use_true_random=False))
def test_unordered_stream_gives_the_sorted_verdicts(scen, rnd: random.Random):
    """Shuffling a stream and checking it with the keep-relevant-then-sort path
    gives exactly the Result of checking the time-ordered list (verdicts,
    evidence, timeline extent and the number of events checked)."""
    shuffled = list(scen.events)
    rnd.shuffle(shuffled)
    expected = scen.check()
    actual = evaluate_unordered(scen.model, scen.instruments, iter(shuffled), scen.declared, scen.as_of)
    assert actual.verdicts == expected.verdicts
    assert (actual.start, actual.as_of, actual.events_checked) == (expected.start, expected.as_of,
                                                                     expected.events_checked)
