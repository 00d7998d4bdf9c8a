"""Input order never matters: the evaluator keeps what a clause can use and
judges it once every event is in."""

import random

from hypothesis import given, strategies as st

from treatylang.check.engine import evaluate
from treatylang.testing import scenarios

INSTRUMENTS = ("ru_ir_2001", "ru_ir_2025", "caspian_2001", "gore_chernomyrdin_1995")


@given(scenarios(list(INSTRUMENTS)), st.randoms(use_true_random=False), st.booleans())
def test_shuffled_stream_gives_the_same_result(scen, rnd: random.Random, ordered):
    """Shuffling the events (their stated order `seq` unchanged) and giving
    them as a one-shot iterator yields exactly the Result of the list in time
    order: verdicts, evidence, timeline extent and counts — with and without
    `order as written`."""
    shuffled = list(scen.events)
    rnd.shuffle(shuffled)
    expected = evaluate(scen.model, scen.instruments, list(scen.events), scen.declared, scen.as_of, ordered=ordered)
    actual = evaluate(scen.model, scen.instruments, iter(shuffled), scen.declared, scen.as_of, ordered=ordered)
    assert actual == expected
