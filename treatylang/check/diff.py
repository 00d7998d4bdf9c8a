"""Checking one timeline under two choices of readings, and what changes.

`diff_readings` evaluates the same events against the same instruments twice
— under readings A and under readings B — and keeps only the clause
instances whose verdict differs: a different status, or an act whose finding
differs (violation, unknown, permitted, fulfilment, or none). Each change
cites the statements under readings that hold under one choice and not the
other *and* that the clause depends on (`treatylang.model.readings.premises_of`):
the premise that made the difference. An instance none of whose premises
differ is never listed; tests/properties/test_readings_diff.py checks that on
generated clause files and timelines (docs/semantics.md, "Readings").
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from attrs import field, frozen

from ..events.model import Event
from ..model import Model
from ..model.readings import Marked, choose, differing, premises_of
from .engine import evaluate
from .results import EventRef, Result, Verdict

NO_FINDING = "none"


@frozen
class ActChange:
    """One act whose finding differs: its kind under A and under B
    ("violation", "unknown", "permitted", "fulfilment", "missed_deadline" or
    "none")."""

    event: EventRef | None
    day: _dt.date
    before: str
    after: str


@frozen
class Change:
    """A clause instance whose verdict differs between the two choices.
    `before`/`after` is None when the clause does not exist under that choice
    (a clause `under` a reading)."""

    instrument: str
    article: str
    clause: str
    binding: tuple[tuple[str, str], ...]
    trigger: EventRef | None  # the triggering event of a `within` instance
    before: str | None
    after: str | None
    acts: tuple[ActChange, ...]
    premises: tuple[Marked, ...]

    @property
    def clause_id(self) -> str:
        return f"{self.instrument}.{self.clause}"


@frozen
class ReadingsDiff:
    """What changes between readings A and B for one timeline."""

    a: tuple[tuple[str, str, bool], ...]  # (question, reading, default) for the questions A and B differ on
    b: tuple[tuple[str, str, bool], ...]
    changes: tuple[Change, ...]
    unchanged: int
    result_a: Result = field(eq=False)
    result_b: Result = field(eq=False)


def _key(within: set[str], v: Verdict) -> tuple:
    """An instance's identity across the two results: clause and binding, and
    for a `within` obligation (clause ids in `within`) the event — or the
    situation start or end — that triggered it."""
    trig = None
    if v.clause_id in within and v.triggers:
        t = v.triggers[0]
        trig = _ref_key(t.event) if t.event is not None else (t.description, t.start.isoformat())
    return (v.instrument, v.clause, v.binding, trig)


def _ref_key(ref: EventRef) -> tuple:
    return (ref.file, ref.line, ref.date, ref.actor, ref.target or "", ref.what)


def _acts(v: Verdict | None) -> dict[tuple, tuple[str, EventRef | None, _dt.date]]:
    """Each act's (or missed deadline's) finding kind in verdict `v`."""
    out: dict[tuple, tuple[str, EventRef | None, _dt.date]] = {}
    for f in v.findings if v is not None else ():
        kind = "permitted" if f.kind == "context" and f.reason.startswith("permitted by") else f.kind
        if kind == "context":
            continue  # "too late" and the like: not a finding on the act
        key = _ref_key(f.event) if f.event is not None else ("deadline", f.day.isoformat())
        out[key] = (kind, f.event, f.day)
    return out


def compare(model: Model, ra: Result, rb: Result, chosen_a: dict, chosen_b: dict) -> tuple[tuple[Change, ...], int]:
    """The changed instances between two results of the same timeline."""
    within = {c.id for c in model.all_clauses() if c.has_within}
    va = {_key(within, v): v for v in ra.verdicts}
    vb = {_key(within, v): v for v in rb.verdicts}
    order = list(dict.fromkeys(list(va) + list(vb)))
    changes, unchanged = [], 0
    premises_cache: dict[str, tuple[Marked, ...]] = {}
    for k in order:
        a, b = va.get(k), vb.get(k)
        acts_a, acts_b = _acts(a), _acts(b)
        acts = []
        for ak in dict.fromkeys(list(acts_a) + list(acts_b)):
            ka = acts_a.get(ak, (NO_FINDING, None, None))
            kb = acts_b.get(ak, (NO_FINDING, None, None))
            if ka[0] != kb[0]:
                acts.append(ActChange(ka[1] or kb[1], ka[2] or kb[2], ka[0], kb[0]))
        sa, sb = (a.status if a else None), (b.status if b else None)
        if sa == sb and not acts:
            unchanged += 1
            continue
        v = a or b
        cid = v.clause_id
        if cid not in premises_cache:
            premises_cache[cid] = differing(premises_of(model, cid), chosen_a, chosen_b)
        trig = None
        if k[3] is not None:
            trig = v.triggers[0].event
        changes.append(Change(v.instrument, v.article, v.clause, v.binding, trig, sa, sb, tuple(acts),
                              _relevant(premises_cache[cid], acts)))
    return tuple(changes), unchanged


def _relevant(premises: tuple[Marked, ...], acts: list[ActChange]) -> tuple[Marked, ...]:
    """The premises to cite: every one, except that a derive row is cited
    only if an act concerned has its key (the S-300's row, not the Buk's)
    — unless that would leave none."""
    used = {(k, v) for a in acts if a.event is not None for k, v in a.event.attrs}
    kept = tuple(m for m in premises if m.source is None or (m.source, m.key) in used)
    return kept or premises


def diff_readings(model: Model, instrument_ids: Iterable[str], events: Iterable[Event], declared=(),
                  as_of: _dt.date | None = None, readings_a: Iterable[str] = (),
                  readings_b: Iterable[str] = ()) -> ReadingsDiff:
    """Evaluate `events` under readings A and under readings B (names; the
    defaults for questions not named) and compare."""
    ids = list(instrument_ids)
    readings_a, readings_b = tuple(readings_a), tuple(readings_b)
    chosen_a, chosen_b = choose(model, readings_a), choose(model, readings_b)
    events = list(events)
    ra = evaluate(model, ids, events, declared, as_of, readings_a)
    rb = evaluate(model, ids, events, declared, as_of, readings_b)
    changes, unchanged = compare(model, ra, rb, chosen_a, chosen_b)
    qs = [q for q in sorted(chosen_a) if chosen_a[q] != chosen_b.get(q)]
    side_a = tuple((q, chosen_a[q], model.readings[chosen_a[q]].default) for q in qs)
    side_b = tuple((q, chosen_b[q], model.readings[chosen_b[q]].default) for q in qs)
    return ReadingsDiff(side_a, side_b, changes, unchanged, ra, rb)
