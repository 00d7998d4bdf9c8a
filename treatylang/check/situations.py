"""Situations (fluents) over a timeline (docs/semantics.md §5).

An *instance* is a situation with actual arguments, e.g. aggression(USA, IRN).
Its starting and ending events (and declared starts and ends, and `initially`)
are kept with the span of moments each may have happened at (`positions.py`)
and whether it surely happened as a start or end (a single report, an actor
that may not be a state, a use of force that may be a response: only
*possibly*). Whether the instance holds at an act follows one rule:

    it holds if the last of its starting and ending events before the act is
    a start. Every event that *may* be that last one counts — one that may
    come before the act and after which no event that surely happened
    certainly comes before the act. If all of them are starts it holds, if
    all are ends (or none may come first and none surely does) it does not;
    otherwise it may hold (unknown).

An event that is itself the start of an instance is covered by it when it is
judged as an act under that instance.

`Fluent.state` answers the question for an act's span in O(log n) (plus the
events of the day, or of an imprecise event's range, around it): events are
sorted by their first moment, the surely-happened ones also by their last,
with the latest first moment among them kept as a running maximum.
"""

from __future__ import annotations

import bisect
import datetime as _dt

from ..events.model import Event
from ..limits import days_before
from ..model import Model, SituationDef
from .matching import match_who
from .positions import Moment, boundary, end_of, just_after, span
from .results import EventRef, Trigger

ONE_DAY = _dt.timedelta(days=1)


class SitEvent:
    """One event's effect on one instance: a start (or an end), over [lo, hi],
    certain or only possible (with the reasons)."""

    __slots__ = ("lo", "hi", "start", "certain", "why", "event", "_ref", "source", "initial")

    def __init__(self, lo: Moment, hi: Moment, start: bool, certain: bool, why: tuple[str, ...] = (),
                 event: Event | None = None, source: str | None = None, initial: bool = False):
        self.lo, self.hi, self.start, self.certain, self.why = lo, hi, start, certain, why
        self.event = event
        self._ref: EventRef | None = None
        self.source = source
        self.initial = initial  # `initially`: holds from the start of the timeline, never starts in it

    @property
    def ref(self) -> EventRef | None:
        if self._ref is None and self.event is not None:
            self._ref = EventRef.of(self.event)
        return self._ref


class Interval:
    """Days on which an instance may have held: [start, end) (`end` None:
    still holding at the end of the timeline); `ended`: the day of what
    ended it (the last day it held, for an event that day; `end` for a
    declared end). `sure`: it surely held at some moment; `doubts`: why it
    only possibly held, where it did."""

    __slots__ = ("start", "end", "ended", "sure", "first_sure", "start_ev", "end_ev", "doubts")

    def __init__(self, start, end, sure, start_ev, doubts):
        self.start, self.end, self.sure, self.start_ev, self.doubts = start, end, sure, start_ev, doubts
        self.ended = end
        self.first_sure: _dt.date | None = start if sure else None  # the first day it surely held
        self.end_ev: SitEvent | None = None

    @property
    def started_by(self) -> EventRef | None:
        return self.start_ev.ref if self.start_ev is not None else None

    @property
    def source(self) -> str | None:
        return self.start_ev.source if self.start_ev is not None else None


class Fluent:
    """One situation instance and everything that starts or ends it."""

    def __init__(self, name: str, args: tuple[str, ...]):
        self.name = name
        self.args = args
        self.events: list[SitEvent] = []
        self._intervals: list[Interval] | None = None
        self._timeline: tuple[_dt.date, _dt.date] | None = None
        self._iv_starts: list[_dt.date] | None = None  # the intervals' starts, for `since`
        self._own: dict[int, SitEvent] = {}

    def describe(self) -> str:
        return f"{self.name}({', '.join(self.args)})" if self.args else self.name

    def add(self, x: SitEvent) -> None:
        self.events.append(x)

    # ------------------------------------------------------------ the rule
    def freeze(self) -> None:
        ev = sorted(self.events, key=lambda x: (x.lo, x.hi, x.start))
        self.events = ev
        self.los = [x.lo for x in ev]
        self.his = [x.hi for x in ev]
        self.starts = [0]
        for x in ev:
            self.starts.append(self.starts[-1] + x.start)
        sure = sorted((x.hi, x.lo) for x in ev if x.certain)
        self.sure_his = [h for h, _ in sure]
        self.sure_maxlo: list[Moment] = []
        for _, lo in sure:
            self.sure_maxlo.append(lo if not self.sure_maxlo or lo > self.sure_maxlo[-1] else self.sure_maxlo[-1])
        self.maxspan = max(((x.hi[0] - x.lo[0]).days for x in ev), default=0)
        self.start_los = [x.lo for x in ev if x.start]
        self.start_evs = [x for x in ev if x.start]
        self.ends_by_day: dict[_dt.date, list[SitEvent]] = {}
        for x in ev:
            if not x.start and x.certain:
                self.ends_by_day.setdefault(x.hi[0], []).append(x)
        for x in ev:
            if x.event is not None:
                # An event's own effect: its end if it both starts and ends the instance.
                prev = self._own.get(id(x.event))
                if prev is None or not x.start:
                    self._own[id(x.event)] = x

    def _window(self, lo: Moment, hi: Moment) -> tuple[int, int, Moment | None]:
        """(k, j, latest): the events that may be the last before an act over
        [lo, hi] are those of [k, j) (plus, before k, longer ones ending at or
        after `latest`); `latest` is None when no surely-happened event surely
        came before the act."""
        j = bisect.bisect_right(self.los, hi)  # events that may come before the act: [0, j)
        i = bisect.bisect_left(self.sure_his, lo)  # surely-happened events surely before it: i of them
        if i == 0:
            return 0, j, None
        latest = self.sure_maxlo[i - 1]  # an event ending before this surely came after the others
        return bisect.bisect_left(self.los, latest), j, latest

    def _longer(self, k: int, latest: Moment):
        """Events before index k (first moment before `latest`) that may end after it."""
        for idx in range(bisect.bisect_left(self.los, (days_before(latest[0], self.maxspan),)), k):
            if self.his[idx] >= latest:
                yield idx

    def state(self, lo: Moment, hi: Moment, me: Event | None = None) -> bool | None:
        """Does the instance hold at an act spanning [lo, hi]? (`me`: the act,
        so that an act that starts the instance itself is covered by it.)"""
        if me is not None:
            own = self._own.get(id(me))
            if own is not None and own.certain:
                return own.start
        k, j, latest = self._window(lo, hi)
        if latest is None:
            # Nothing surely came first: "not holding" is possible.
            return None if self.starts[j] else False
        n_start = self.starts[j] - self.starts[k] if j > k else 0
        has_t, has_f = n_start > 0, (j - k) - n_start > 0
        if not (has_t and has_f):
            for idx in self._longer(k, latest):
                if self.events[idx].start:
                    has_t = True
                else:
                    has_f = True
        return True if has_t and not has_f else False if has_f and not has_t else None

    def doubts(self, lo: Moment, hi: Moment) -> list[str]:
        """Why the instance only possibly holds at [lo, hi]: the events that
        may be the last before it, when they only possibly happened or their
        order with the act is not known."""
        k, j, latest = self._window(lo, hi)
        idxs = list(self._longer(k, latest)) if latest is not None else []
        idxs += range(max(k, j - 20), j)
        out: list[str] = []
        for idx in idxs:
            x = self.events[idx]
            what = x.ref.describe() if x.ref is not None else f"the declared {'start' if x.start else 'end'}"
            verb = "starts" if x.start else "ends"
            if not x.certain:
                w = f"{what} possibly {verb} {self.describe()}: " + "; ".join(x.why)
            elif not x.hi < lo:
                w = f"{what} ({verb} {self.describe()}) may come before or after it: their order is not known"
            else:
                continue
            if w not in out:
                out.append(w)
        return out

    # ------------------------------------------------------------ days, for reports and verdicts
    def set_timeline(self, first: _dt.date, as_of: _dt.date) -> None:
        """The timeline the intervals are worked out over (once asked for)."""
        self._timeline = (first, as_of)
        self._intervals = None
        self._iv_starts = None

    @property
    def intervals(self) -> list[Interval]:
        """The days on which the instance may have held (`build_intervals`),
        worked out on first use: most instances of a large run are never
        used by a clause (attacks on states no clause protects), and this
        is the costliest part of an instance (a few `state` calls per day
        on which something starts or ends it)."""
        if self._intervals is None:
            self._intervals = self.build_intervals(*self._timeline) if self._timeline is not None else []
        return self._intervals

    def build_intervals(self, first: _dt.date, as_of: _dt.date) -> list[Interval]:
        """The days on which the instance may have held, from `first` to
        `as_of`, as intervals. A day counts if the instance may hold at some
        moment of it (a situation that starts and ends on one day held on that
        day); an interval is `sure` if at some moment it surely held."""
        ends_on: dict[_dt.date, list[Moment]] = {}
        for x in self.events:
            ends_on.setdefault(x.hi[0], []).append(x.hi)
        days = {first}
        for x in self.events:
            days.update((x.lo[0], x.hi[0], x.hi[0] + ONE_DAY))
        probes = sorted(d for d in days if first <= d <= as_of)
        out: list[Interval] = []
        cur = None
        for n, d in enumerate(probes):
            nxt = probes[n + 1] if n + 1 < len(probes) else as_of + ONE_DAY
            points = [(d, 0, "", -9)] + [just_after(m) for m in ends_on.get(d, ())]
            states = [self.state(p, p) for p in points]
            day = (self.state((d, 0, "", -9), (d, 3, "", 0)) is not False, True in states,
                   [p for p, st in zip(points, states) if st is None])
            after = self.state((d, 3, "", 0), (d, 3, "", 0))
            gap = (after is not False, after is True, [(d, 3, "", 0)] if after is None else [])
            for (possible, sure, unsure), a, b in ((day, d, d + ONE_DAY), (gap, d + ONE_DAY, nxt)):
                if not possible and cur is not None and a == d + ONE_DAY and cur.end == a:
                    cur.ended = d  # ended by an event of day d, on which it still held
                if a >= b:
                    continue
                if not possible:
                    if cur is not None:
                        cur.end_ev = self._ending(cur.ended)
                    cur = None
                    continue
                if cur is None:
                    cur = Interval(a, b, sure, self._started(a, b), [])
                    out.append(cur)
                else:
                    cur.end = cur.ended = b
                    if sure and cur.first_sure is None:
                        cur.first_sure = a
                    cur.sure = cur.sure or sure
                for p in unsure:
                    for w in self.doubts(p, p):
                        if w not in cur.doubts:
                            cur.doubts.append(w)
        if out and out[-1].end is not None and out[-1].end > as_of:
            # Still (possibly) holding after the last event of the timeline?
            if self.state(end_of(as_of), end_of(as_of)) is not False:
                out[-1].end = out[-1].ended = None
            else:
                out[-1].ended = as_of  # ended by an event on the last day
                out[-1].end_ev = self._ending(as_of)
        return out

    def _started(self, a: _dt.date, b: _dt.date) -> SitEvent | None:
        """What began an interval starting on day `a`: of the starts that may
        be on that day, the earliest (first possible moment, then last, then
        the first written)."""
        i = bisect.bisect_left(self.start_los, (days_before(a, self.maxspan),))
        j = bisect.bisect_right(self.start_los, (a, 9))
        for x in self.start_evs[i:j]:
            if x.hi[0] >= a:
                return x
        return None

    def _ending(self, ended: _dt.date) -> SitEvent | None:
        """What ended an interval whose last trace is day `ended`: of the
        surely happened ends whose last possible moment is on that day (an
        event of that day, or a declared end at its start), the latest (first
        possible moment, then last, then the last written)."""
        best = None
        for x in self.ends_by_day.get(ended, ()):
            if best is None or (x.lo, x.hi) >= (best.lo, best.hi):
                best = x
        return best

    def state_before(self, x: SitEvent) -> bool | None:
        """Did the instance hold just before its own event `x`? The rule of
        the module docstring, with `x` left out (used for the few obligations
        counted from a start or an end, so written for clarity, not speed)."""
        others = [e for e in self.events if e is not x]
        cands = [e for e in others if e.lo <= x.hi and not any(
            y.certain and e.hi < y.lo and y.hi < x.lo for y in others)]
        nothing_first = not any(y.certain and y.hi < x.lo for y in others)
        values = {e.start for e in cands} | ({False} if nothing_first else set())
        return True if values == {True} else False if values == {False} else None

    def edges(self, edge: str) -> list[tuple[SitEvent, bool, str]]:
        """The starts (`edge` "start") or ends ("end") of the instance inside
        the timeline: (what did it, surely, why not surely). A start surely
        started it if it surely happened and the instance surely did not hold
        just before it; an end likewise. An `initially` instance never starts."""
        out = []
        for iv in self.intervals:
            x = iv.start_ev if edge == "start" else iv.end_ev
            if x is None or x.initial or (edge == "end" and iv.end is None):
                continue
            before = self.state_before(x)
            certain = x.certain and before is (edge != "start")
            why = "; ".join(self.doubts(x.lo, x.hi)) if not certain else ""
            if not certain and not why:
                why = f"{self.describe()} may already have {'held' if edge == 'start' else 'ended'} before it"
            out.append((x, certain, why))
        return out

    def triggers(self) -> list[Trigger]:
        out = []
        for iv in self.intervals:
            desc = self.describe()
            if not iv.sure:
                desc += " (possibly)"
            late = iv.first_sure if iv.first_sure is not None and iv.first_sure > iv.start else None
            out.append(Trigger(desc, iv.start, iv.end, iv.started_by, iv.source, start_last=late, certain=iv.sure,
                               doubt="; ".join(iv.doubts) or None, ended=iv.ended))
        return out

    def since(self, day: _dt.date) -> _dt.date | None:
        """The first day of the interval that holds on `day` (intervals are
        in order and apart, so the last one starting by `day`; found by
        bisection: every violation's description asks)."""
        ivs = self.intervals
        if self._iv_starts is None:
            self._iv_starts = [iv.start for iv in ivs]
        i = bisect.bisect_right(self._iv_starts, day) - 1
        if i >= 0 and (ivs[i].end is None or day < ivs[i].end):
            return ivs[i].start
        return None

    def ever_sure(self) -> bool:
        return any(iv.sure for iv in self.intervals)


class Situations:
    """All instances of the situations the checked clauses use."""

    def __init__(self, model: Model, names: set[str], parties: set[str], ordered: bool):
        self.defs: dict[str, SituationDef] = {n: model.situations[n] for n in names}
        self.parties = tuple(sorted(parties))
        self.ordered = ordered
        self.fluents: dict[tuple[str, tuple[str, ...]], Fluent] = {}
        self.by_action: dict[str, list[tuple[SituationDef, bool, object]]] = {}
        for d in self.defs.values():
            for pat in d.starts:
                self.by_action.setdefault(pat.action, []).append((d, True, pat))
            for pat in d.ends:
                self.by_action.setdefault(pat.action, []).append((d, False, pat))
        self._ends: list[tuple[SituationDef, dict, SitEvent]] = []
        # `party` and `third state` are judged where a clause uses the
        # instance (USA is a party to one instrument and a third state to
        # another); here every actor of a kind `state` must be a state.
        self._kinds = {d.name: {p: ("state" if k == "third_state" else k) for p, k in d.params}
                       for d in self.defs.values()}
        self._names = {d.name: [p for p, _ in d.params] for d in self.defs.values()}

    def fluent(self, name: str, args: tuple[str, ...]) -> Fluent:
        key = (name, args)
        f = self.fluents.get(key)
        if f is None:
            f = self.fluents[key] = Fluent(name, args)
        return f

    def of(self, name: str) -> list[Fluent]:
        return [f for (n, _), f in sorted(self.fluents.items()) if n == name]

    def get(self, name: str, args: tuple[str, ...]) -> Fluent | None:
        return self.fluents.get((name, args))

    # ------------------------------------------------------------ building
    def declare(self, name: str, args: tuple[str, ...], start: _dt.date, until: _dt.date | None,
                source: str | None) -> None:
        """A declared instance: from the start of `start` to the end of `until`."""
        f = self.fluent(name, args)
        src = source or "declared in the scenario"
        f.add(SitEvent(boundary(start), boundary(start), True, True, (), None, src))
        if until is not None:
            end = boundary(until + ONE_DAY, 1)
            f.add(SitEvent(end, end, False, True, (), None, src))

    def entry_ends(self) -> list[tuple[str, str]]:
        """(situation, instrument) for each `ends when INSTRUMENT enters into
        force` of the situations the clauses use."""
        return [(d.name, iid) for d in self.defs.values() for iid in d.ends_on_entry]

    def end_on_entry(self, name: str, rng: tuple[Moment, Moment], source: str) -> None:
        """End every instance of `name` when an instrument enters into force,
        at a moment in `rng` (a range when a ratification is imprecise)."""
        x = SitEvent(rng[0], rng[1], False, True, (), None, source)
        self._ends.append((self.defs[name], {}, x))
        if not self.defs[name].params:
            self.fluent(name, ())  # an `initially` instance the end applies to

    def begin(self, start: _dt.date, skip: set[str] = frozenset()) -> None:
        """Instances that hold `initially`: from the start of the timeline
        (none for the situations in `skip`: ended before it began)."""
        for d in self.defs.values():
            if d.initially and d.name in skip:
                self.fluent(d.name, ())  # the instance the clauses name, holding on no day
            elif d.initially:
                m = (start, 0, "", -1)
                self.fluent(d.name, ()).add(SitEvent(m, m, True, True, (), None, "holds initially (clause file)",
                                                     initial=True))

    def on_event(self, e: Event, actions: tuple[str, ...], judge) -> None:
        """Record what event `e` starts and ends. `judge(e, sdef, pat, env)`
        returns (True | None | False, reasons): whether the event surely,
        possibly or not at all counts as that trigger (corroboration, the
        actor's role…); kinds of actors are judged here."""
        lo, hi = span(e, self.ordered)
        for a in actions:
            for d, starts, pat in self.by_action.get(a, ()):
                kinds = self._kinds[d.name]
                env: dict[str, str] = {}
                why: list[str] = []
                ok = match_who(pat.actor, e.actor, env, self.parties, kinds, why, e.coded, e.day)
                if ok is False:
                    continue
                if pat.target is not None:
                    t = match_who(pat.target, e.target, env, self.parties, kinds, why, e.coded, e.day)
                    if t is False:
                        continue
                    ok = None if None in (ok, t) else True
                names = self._names[d.name]
                if starts and any(n not in env for n in names):
                    continue  # a start must fix every argument
                sure, more = judge(e, d, pat, env)
                if sure is False:
                    continue
                certain = ok is True and sure is True
                x = SitEvent(lo, hi, starts, certain, tuple(why + list(more)), e)
                if starts:
                    self.fluent(d.name, tuple(env[n] for n in names)).add(x)
                else:
                    self._ends.append((d, env, x))

    def finish(self, first: _dt.date | None, as_of: _dt.date | None) -> None:
        """Apply the ending events to every instance they agree with, and work
        out the intervals."""
        # An end that binds every argument ends one instance, found by its
        # key; one that leaves some open is looked up by the values it binds
        # (each instance still gets its ends in event order).
        index: dict[tuple, dict[tuple, list[Fluent]]] = {}
        for d, env, x in self._ends:
            names = [p for p, _ in d.params]
            bound = tuple(i for i, p in enumerate(names) if p in env)
            if len(bound) == len(names):
                f = self.fluents.get((d.name, tuple(env[p] for p in names)))
                if f is not None:
                    f.add(x)
                continue
            by = index.get((d.name, bound))
            if by is None:
                by = index[(d.name, bound)] = {}
                for (n, args), f in self.fluents.items():
                    if n == d.name:
                        by.setdefault(tuple(args[i] for i in bound), []).append(f)
            for f in by.get(tuple(env[names[i]] for i in bound), ()):
                f.add(x)
        for f in self.fluents.values():
            f.freeze()
            if first is not None and as_of is not None:
                f.set_timeline(first, as_of)
