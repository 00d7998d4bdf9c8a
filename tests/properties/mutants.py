"""Deliberately broken evaluators, for checking that the properties can fail.

Each mutant is a context manager that monkeypatches one piece of the engine
(treatylang/check/) for the duration of a `with` block and restores it
afterwards, even on error:

    with mutants.supersession_ignored():
        sc.check()  # the 2001 treaty now outlives its replacement

A property suite that passes on a mutant is too weak to notice that bug;
tests/properties/test_mutants.py asserts that, for each mutant, the
properties named in `CATCHES` find a counterexample (and that the same
properties pass on the real engine).

The mutants patch classes and modules, never the objects under test, so they
affect every evaluation started inside the block, including the ones in
`GeneratedScenario.check()`.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from typing import Callable, Iterator

import attrs

from treatylang.check import engine, evidence, lifecycle, matching, positions, situations


@contextlib.contextmanager
def _patched(owner, name: str, value) -> Iterator[None]:
    old = owner.__dict__[name] if name in getattr(owner, "__dict__", {}) else getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, old)


# ----------------------------------------------------------------- the mutants


@contextlib.contextmanager
def ceasefire_never_ends_aggression() -> Iterator[None]:
    """A situation never ends once started: `Fluent.add` drops every ending
    event, so a ceasefire or peace (or the `until` of a declared situation)
    no longer ends an aggression."""
    original = situations.Fluent.add

    def add(self, x):
        if x.start:
            original(self, x)

    with _patched(situations.Fluent, "add", add):
        yield


@contextlib.contextmanager
def declarations_ignored() -> Iterator[None]:
    """Situations declared in a scenario never hold: `Situations.declare`
    does nothing, so only events can start an aggression."""
    with _patched(situations.Situations, "declare", lambda self, *args, **kwargs: None):
        yield


@contextlib.contextmanager
def permissions_ignored() -> Iterator[None]:
    """A permission no longer defeats its prohibition:
    `Evaluator._permissions_for` finds none."""
    with _patched(engine.Evaluator, "_permissions_for", lambda self, c: []):
        yield


@contextlib.contextmanager
def supersession_ignored() -> Iterator[None]:
    """`superseded by … from D` is dropped when an instrument's life cycle is
    worked out: a replaced treaty stays in force."""
    original = lifecycle.Lifecycle.__init__

    def init(self, ins, ordered=False):
        original(self, attrs.evolve(ins, superseded=None), ordered)

    with _patched(lifecycle.Lifecycle, "__init__", init):
        yield


@contextlib.contextmanager
def entry_into_force_on_signature() -> Iterator[None]:
    """Every instrument is taken to be in force from its signature, not from
    its entry into force (the 2001 treaty from 2001-03-12 instead of
    2002-04-05)."""
    original = lifecycle.Lifecycle.__init__

    def init(self, ins, ordered=False):
        if ins.in_force is not None and ins.signed is not None:
            ins = attrs.evolve(ins, in_force=ins.signed)
        original(self, ins, ordered)

    with _patched(lifecycle.Lifecycle, "__init__", init):
        yield


@contextlib.contextmanager
def until_exclusive() -> Iterator[None]:
    """A clause window's `until D` excludes D (the documented rule is that it
    includes it): a delivery on 1999-12-31 is no longer covered by
    Gore–Chernomyrdin's `existing_contracts … until 1999-12-31`."""
    original = lifecycle.Lifecycle.applies

    def applies(self, lo, hi, party, window_from=None, window_until=None):
        if window_until is not None:
            window_until -= _dt.timedelta(days=1)  # the mutation: the last day is left out
        return original(self, lo, hi, party, window_from, window_until)

    with _patched(lifecycle.Lifecycle, "applies", applies):
        yield


@contextlib.contextmanager
def missing_attribute_matches() -> Iterator[None]:
    """Unknown data is taken as matching: when an event lacks an attribute a
    condition needs, the conditions count as met (instead of `unknown`), so a
    border recognition with no region violates the Caspian statement."""
    original = matching.conditions

    def conditions(when, unless, e, *args):
        got = original(when, unless, e, *args)
        return True if got is None else got

    with _patched(engine, "conditions", conditions):
        yield


@contextlib.contextmanager
def time_of_day_ignored() -> Iterator[None]:
    """Events of one day are taken in their stated order (`seq`) even when
    their times of day say otherwise: every precise event is a moment ordered
    by its position in the file alone."""
    original = positions.span

    def span(e, ordered):
        if e.last_day is not None and e.last_day != e.day:
            return original(e, ordered)
        p = (e.day, 1, "", e.seq)
        return p, p

    with _patched(evidence, "span", span), _patched(situations, "span", span), _patched(lifecycle, "span", span):
        yield


@contextlib.contextmanager
def cameo_root_matching() -> Iterator[None]:
    """A CAMEO code is matched by its two-digit root: an action mapped to
    `072` also takes `073` (humanitarian aid) and `070`, one mapped to `138`
    takes every threat (`13x`), one mapped to `0871` every `08x`."""

    def for_code(self, code: str) -> tuple[str, ...]:
        hit = self._cache.get(code)
        if hit is None:
            names = [a for p, acts in self.by_prefix.items() if p[:2] == code[:2] for a in acts]
            hit = self._cache[code] = tuple(sorted(set(names)))
        return hit

    with _patched(matching.ActionIndex, "for_code", for_code):
        yield


#: Every mutant, by name.
MUTANTS: dict[str, Callable[[], contextlib.AbstractContextManager]] = {
    f.__name__: f for f in (
        ceasefire_never_ends_aggression, declarations_ignored, permissions_ignored, supersession_ignored, entry_into_force_on_signature,
        until_exclusive, missing_attribute_matches, time_of_day_ignored, cameo_root_matching,
    )
}
