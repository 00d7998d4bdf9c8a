"""The plan applied in Python: keep only the events the plan admits, then
evaluate them — the reference for what every pushdown must preserve.

`evaluate_planned(model, ids, events)` gives the same `Result` as
`check.engine.evaluate` on the same events (the soundness law, pinned by
tests/plan/test_plan.py): the events it drops are counted (`events_checked`,
`events_matched`) and set the timeline's extent, but are never matched.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from ..check.acts import IDENTITY_ATTRS
from ..check.engine import Evaluator
from ..check.matching import ActionIndex
from ..events.model import Event
from .compile import BUILT_IN, Plan, compile_plan


def admits_event(plan: Plan, index: ActionIndex, e: Event) -> bool:
    """`Plan.admits` for a built event, its actions found as the evaluator
    finds them (names, CAMEO codes, PLOVER attributes)."""
    if e.action in BUILT_IN:
        return True
    acts = plan.relevant.intersection(index.for_event(e))
    if not acts:
        return False
    last = e.last_day or e.day
    for t in plan.terms:
        if t.action in acts and t.actor.admits(e.actor) and t.target.admits(e.target) and t.in_window(e.day, last):
            return True
    return False


def evaluate_planned(model, instrument_ids: Iterable[str], events: Iterable[Event], declared=(),
                     as_of: _dt.date | None = None, plan: Plan | None = None, readings: Iterable[str] = (), *,
                     ordered: bool = False, corroboration=None, max_findings: int | None = None):
    """Evaluate only the events `plan` admits (see the module docstring);
    `corroboration` as for `check.engine.evaluate`, and `max_findings`.

    The streaming path of `check` runs this: the evaluator keeps only the
    acts some clause or situation can bind (an attack on a state no clause
    protects is counted, never kept), so its memory and its second phase
    grow with those, not with every event of a relevant action."""
    ids = list(dict.fromkeys(instrument_ids))
    ev = Evaluator(model, ids, declared, as_of, readings, ordered=ordered, corroboration=corroboration,
                   max_findings=max_findings)
    plan = plan or compile_plan(model, ids, readings)
    for_event = ev.actions.for_event
    relevant = ev.relevant
    terms: dict[str, list] = {}
    for t in plan.terms:
        terms.setdefault(t.action, []).append(t)
    feed = ev.feed
    checked = matched = asserted = facts = 0
    coded: set[tuple] = set()
    first = last = None
    for e in events:
        if as_of is not None and e.day > as_of:
            continue
        if e.action in BUILT_IN:  # notices and ratifications: always fed
            feed(e)
            continue
        acts = for_event(e)
        if acts and not relevant.isdisjoint(acts):
            if admitted(terms, acts, e):
                feed(e)
                continue
            matched += 1
            if e.coded:
                coded.add(act_key(e))
            else:
                asserted += 1
        if not e.coded:
            facts += 1  # an asserted fact: the timeline is not coded reports only (§13)
        end = e.last_day or e.day
        if first is None:
            first, last = e.day, end
        else:
            if e.day < first:
                first = e.day
            if end > last:
                last = end
        checked += 1
    extend(ev, first, last, checked, matched, asserted + len(coded))
    ev.asserted += facts
    return ev.finish()


def admitted(terms: dict, acts: tuple[str, ...], e: Event) -> bool:
    """`Plan.admits` for an event of relevant actions `acts` (also what the
    Spark reading tasks test their events with)."""
    last = e.last_day or e.day
    for a in acts:
        for t in terms.get(a, ()):
            if t.actor.admits(e.actor) and t.target.admits(e.target) and t.in_window(e.day, last):
                return True
    return False


def act_key(e: Event) -> tuple:
    """What makes coded reports one act (as `check.acts.Acts` merges them).
    It holds the day, actor, target and code, so the plan admits all the
    reports of an act or none: counts of acts add up across the two sides."""
    return (e.day, e.last_day, e.time, e.actor, e.target, e.code, e.action, e.actor_roles, e.target_roles,
            tuple(a for a in e.attrs if a[0] in IDENTITY_ATTRS))


def extend(ev: Evaluator, first, last, checked: int, matched: int, acts: int) -> None:
    """Tell the evaluator about the events it was not given: they count
    (`events_checked`; `events_matched`, acts and reports for those a clause
    or situation could use by their action) and set the timeline's extent."""
    if first is not None:
        ev.first = first if ev.first is None or first < ev.first else ev.first
        ev.last = last if ev.last is None or last > ev.last else ev.last
    ev.checked += checked
    ev.matched += matched
    ev.acts.count += acts
    ev.acts.reports += matched
