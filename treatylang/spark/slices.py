"""Slicing a check into parts that can be evaluated apart, and merging them.

MonPoly's slicing, for treatylang: a slice is a set of instruments whose
verdicts depend on no event or state the other slices own, so each slice is
evaluated on its own executor by the same `Evaluator`, fed only the events
its own plan admits, and the verdicts are put back together in the order
the one-pass evaluator would have produced them.

What ties instruments together in the evaluator (check/engine.py), and so
puts them in one slice:

* a permission of one instrument that defeats a prohibition of another
  (`except`, `overrides`: `Evaluator._permissions_for`);
* situations. The evaluator keeps one `Situations` for all the instruments
  it checks, whose instances are started for the parties of every one of
  them; that no instrument's verdicts depend on instances started for
  another's parties is not proven here, so every instrument whose clauses
  use a situation (`while`, a deadline counted from one, or a standing
  state `must not hold`) is in one slice
  with the others that do.

Everything else is per instrument: lifecycles and notices, clause windows,
obligations, findings. The counts that span the whole timeline
(`events_checked`, `events_matched`, its first and last day) are computed
over every event by the tasks that read them, and given to every slice.

Slicing by situation binding (one slice per aggressor, say) is not done:
the plan does not yet say which bindings are independent (an act may need
several instances, a permission another binding).
"""

from __future__ import annotations

import datetime as _dt
import pickle
from typing import Iterable

from ..check.engine import Evaluator
from ..check.results import Result
from ..events.model import Event


def components(ev: Evaluator) -> list[tuple[str, ...]]:
    """The slices of a check (instrument ids, each slice in check order),
    from an evaluator set up for every instrument (no events fed)."""
    ids = list(ev.ids)
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb, key=ids.index)] = min(ra, rb, key=ids.index)

    for c in ev.clauses:
        for p in ev.perms.get(c.id, ()):
            union(c.instrument, p.instrument)
    with_situations = [c.instrument for c in ev.clauses
                       if c.situations or c.within_situation is not None or c.holds is not None]
    for i in with_situations[1:]:
        union(with_situations[0], i)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: ids.index(g[0]))


def evaluate_slice(model, ids: Iterable[str], readings, as_of: _dt.date | None, ordered: bool,
                   first: _dt.date | None, last: _dt.date | None, events: list[Event]) -> Result:
    """The verdicts of one slice: its admitted events, in file order, on
    the timeline [first, last] that every event of the check spans."""
    ev = Evaluator(model, ids, (), as_of, readings, ordered=ordered)
    ev.first, ev.last = first, last
    for e in events:
        ev.feed(e)
    return ev.finish()


def order(events: list[tuple[int, int, Event]]) -> list[Event]:
    """Events in file order: file, line, place in their record (the order
    the streaming path feeds them in: it decides nothing but ties between
    the events of one PLOVER record)."""
    events.sort(key=lambda t: (t[0], t[2].provenance.line, t[1]))
    return [e for _, _, e in events]


def merge(ev: Evaluator, results: dict[tuple[str, ...], Result], checked: int, matched: int, acts: int) -> Result:
    """One `Result` from the slices' results, as the one-pass evaluator
    `ev` (set up for every instrument) would have produced it: verdicts,
    declaratory clauses and notices in instrument order; the counts over
    the whole timeline (events checked and matched, acts) as given."""
    by_ins = {i: r for ids, r in results.items() for i in ids}
    some = next(iter(results.values()))
    for r in results.values():
        if (r.start, r.as_of) != (some.start, some.as_of):  # every slice saw the same timeline
            raise AssertionError("slices disagree on the timeline's extent")
    verdicts, declaratory, notices = [], [], []
    for i in ev.ids:
        r = by_ins[i]
        verdicts += [v for v in r.verdicts if v.instrument == i]
        declaratory += [d for d in r.declaratory if d.instrument == i]
        notices += [n for n in r.notices if n[0] == i]
    return Result(ev.ids, some.start, some.as_of, tuple(verdicts), tuple(declaratory), checked, matched,
                  tuple(notices), readings=ev.readings_used, acts=acts, reports=matched)


def dumps(x) -> bytes:
    return pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL)
