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

from ..check.engine import Evaluator
from ..check.lifecycle import NOTICE_ACTION
from ..check.matching import ActionIndex
from ..events.model import Event
from .compile import Plan, compile_plan


def admits_event(plan: Plan, index: ActionIndex, e: Event) -> bool:
    """`Plan.admits` for a built event, its actions found as the evaluator
    finds them (names, CAMEO codes, PLOVER attributes)."""
    if e.action == NOTICE_ACTION:
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
                     as_of: _dt.date | None = None, plan: Plan | None = None, readings: Iterable[str] = ()):
    """Evaluate only the events `plan` admits (see the module docstring)."""
    ids = list(dict.fromkeys(instrument_ids))
    ev = Evaluator(model, ids, declared, as_of, readings)
    plan = plan or compile_plan(model, ids, readings)
    index = ev.actions
    relevant = ev.relevant
    kept: list[Event] = []
    checked = matched = 0
    first = last = None
    for e in events:
        if as_of is not None and e.day > as_of:
            continue
        end = e.last_day or e.day
        first = e.day if first is None or e.day < first else first
        last = end if last is None or end > last else last
        if admits_event(plan, index, e):
            kept.append(e)
            continue
        checked += 1
        if e.action != NOTICE_ACTION and not relevant.isdisjoint(index.for_event(e)):
            matched += 1
    kept.sort(key=Event.sort_key)
    if first is not None:
        ev.first, ev.last = first, last
        ev._begin(min([first] + ev.declared_days))
    for e in kept:
        ev.feed(e)
    ev.checked += checked
    ev.matched += matched
    return ev.finish()
