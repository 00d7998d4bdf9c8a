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

from treatylang.check import engine, lifecycle, matching, situations
from treatylang.events import model as events_model


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
    """A situation never ends once started: `Situations._end` does nothing,
    so a ceasefire or peace (or the `until` of a declared situation) no
    longer ends an aggression."""
    with _patched(situations.Situations, "_end", lambda self, *args, **kwargs: None):
        yield


@contextlib.contextmanager
def declarations_ignored() -> Iterator[None]:
    """Situations declared in a scenario never start: `Situations.declare_start`
    does nothing, so only events can start an aggression."""
    with _patched(situations.Situations, "declare_start", lambda self, name, args, day, source: None):
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

    def init(self, ins):
        original(self, attrs.evolve(ins, superseded=None))

    with _patched(lifecycle.Lifecycle, "__init__", init):
        yield


@contextlib.contextmanager
def entry_into_force_on_signature() -> Iterator[None]:
    """Every instrument is taken to be in force from its signature, not from
    its entry into force (the 2001 treaty from 2001-03-12 instead of
    2002-04-05)."""
    original = lifecycle.Lifecycle.__init__

    def init(self, ins):
        if ins.in_force is not None and ins.signed is not None:
            ins = attrs.evolve(ins, in_force=ins.signed)
        original(self, ins)

    with _patched(lifecycle.Lifecycle, "__init__", init):
        yield


@contextlib.contextmanager
def until_exclusive() -> Iterator[None]:
    """A clause window's `until D` excludes D (the documented rule is that it
    includes it): a delivery on 1999-12-31 is no longer covered by
    Gore–Chernomyrdin's `existing_contracts … until 1999-12-31`."""

    def _time(self, c, e):
        lc = self.life[c.instrument]
        party = e.actor if e.actor in self.parties[c.instrument] else None

        def ok(day: _dt.date) -> bool:
            if not lc.in_force(day, party):
                return False
            if c.window_from and day < c.window_from:
                return False
            if c.window_until and day >= c.window_until:  # the mutation: `>` became `>=`
                return False
            return True

        first = ok(e.day)
        if e.last_day is None or e.last_day == e.day:
            return first
        return first if ok(e.last_day) == first else None

    with _patched(engine.Evaluator, "_time", _time):
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
    their times of day say otherwise (and the evaluator's out-of-order guard,
    which would notice, is bypassed)."""
    original_feed = engine.Evaluator.feed

    def feed(self, e):
        self.last_key = None
        return original_feed(self, e)

    with _patched(events_model.Event, "sort_key", lambda self: (self.day, self.seq)), \
            _patched(engine.Evaluator, "feed", feed):
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
