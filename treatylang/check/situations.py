"""Situations (fluents) over a timeline: instances and their intervals.

An instance is a situation name with actual arguments, e.g. aggression(USA, IRN).
It holds over half-open intervals of *positions* in the timeline: from the
event (or declared day) that starts it, up to but excluding the event that
ends it. For reports, intervals are shown in days: [start day, end day).
"""

from __future__ import annotations

import datetime as _dt

from ..events.model import Event
from ..model import Model, SituationDef
from .matching import match_who
from .results import EventRef


class Instance:
    """One holding interval of a situation instance (mutable while open)."""

    __slots__ = ("name", "args", "start", "start_last", "end", "end_last", "started_by", "ended_by", "source",
                 "declared")

    def __init__(self, name: str, args: tuple[str, ...], start: _dt.date, started_by: EventRef | None,
                 source: str | None = None, declared: bool = False, start_last: _dt.date | None = None):
        self.name = name
        self.args = args
        self.start = start
        # Last day the start may have been (an imprecise starting event).
        self.start_last = start_last or start
        self.end_last: _dt.date | None = None  # last day the end may have been (imprecise ending event)
        self.end: _dt.date | None = None
        self.started_by = started_by
        self.ended_by: EventRef | None = None
        self.source = source
        self.declared = declared

    def describe(self) -> str:
        return f"{self.name}({', '.join(self.args)})" if self.args else self.name


class Situations:
    """Tracks open instances and keeps every interval seen (bounded by the
    number of distinct instances that ever held, not by the number of events)."""

    def __init__(self, model: Model, names: set[str], parties: set[str]):
        self.defs: dict[str, SituationDef] = {n: model.situations[n] for n in names}
        self.parties = tuple(sorted(parties))
        self.open: dict[tuple[str, tuple[str, ...]], Instance] = {}
        # Set once an imprecise event starts or ends an instance: from then on
        # acts that no instance covers are re-examined at the end.
        self.uncertain = False
        self.history: list[Instance] = []
        # Called as listener(edge, instance, position) when an instance starts
        # or ends inside the timeline ("start" | "end"); `position` is the sort
        # key of the event that did it, or (day, "", -1) for a declared day —
        # before every event of that day. An `initially` instance never starts.
        self.listener = None
        self.by_action: dict[str, list[tuple[SituationDef, bool, object]]] = {}
        for d in self.defs.values():
            for pat in d.starts:
                self.by_action.setdefault(pat.action, []).append((d, True, pat))
            for pat in d.ends:
                self.by_action.setdefault(pat.action, []).append((d, False, pat))

    def begin(self, start: _dt.date) -> None:
        """Open the situations that hold `initially`."""
        for d in self.defs.values():
            if d.initially:
                self._start(d.name, (), start, None, "holds initially (clause file)", pos=None)

    def _start(self, name, args, day, ref, source=None, declared=False, start_last=None, pos=None) -> None:
        key = (name, args)
        if key in self.open:
            return  # already holding: a second start changes nothing
        inst = Instance(name, args, day, ref, source, declared, start_last)
        self.open[key] = inst
        self.history.append(inst)
        if self.listener is not None and pos is not None:
            self.listener("start", inst, pos)

    def _end(self, name, args, day, ref, end_last=None, pos=None) -> None:
        inst = self.open.pop((name, args), None)
        if inst is not None:
            inst.end = day
            inst.end_last = end_last or day
            inst.ended_by = ref
            if inst.end_last > day:
                self.uncertain = True
            if self.listener is not None and pos is not None:
                self.listener("end", inst, pos)

    def declare_start(self, name: str, args: tuple[str, ...], day: _dt.date, source: str | None) -> None:
        self._start(name, args, day, None, source or "declared in the scenario", True, pos=(day, "", -1))

    def declare_end(self, name: str, args: tuple[str, ...], day: _dt.date) -> None:
        self._end(name, args, day, None, pos=(day, "", -1))

    def on_event(self, e: Event, actions: tuple[str, ...]) -> None:
        for a in actions:
            for d, starts, pat in self.by_action.get(a, ()):
                # Third-state arguments are checked where a clause uses the
                # instance (relative to that clause's instrument), not here:
                # USA is a party to one instrument and a third state to another.
                kinds = {p: ("state" if k == "third_state" else k) for p, k in d.params}
                env: dict[str, str] = {}
                if not match_who(pat.actor, e.actor, env, self.parties, kinds):
                    continue
                if pat.target is not None and not match_who(pat.target, e.target, env, self.parties, kinds):
                    continue
                names = [p for p, _ in d.params]
                if starts:
                    if any(n not in env for n in names):
                        continue  # a start must fix every argument
                    self._start(d.name, tuple(env[n] for n in names), e.day, EventRef.of(e), start_last=e.end_day,
                                pos=e.sort_key())
                    if e.end_day > e.day:
                        self.uncertain = True
                else:
                    for key in list(self.open):
                        if key[0] == d.name and all(env.get(n, v) == v for n, v in zip(names, key[1])):
                            self._end(key[0], key[1], e.day, EventRef.of(e), e.end_day, pos=e.sort_key())

    def holding(self, name: str) -> list[Instance]:
        return [i for (n, _), i in self.open.items() if n == name]
