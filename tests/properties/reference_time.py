"""The reference evaluator's time: order of events and life cycles, by the book.

docs/semantics.md §1.2 (the order of events) and §3 (when an instrument is in
force) transcribed as directly as possible: relations between two things in
time are worked out case by case from the text, and an instrument's possible
ends by trying every day a notice may have been given on. Nothing here is
shared with treatylang/check/ (which uses intervals of moments instead).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import itertools
from dataclasses import dataclass

from treatylang.events.model import Event
from treatylang.model import InstrumentDef

DAY = _dt.timedelta(days=1)
BEFORE, AFTER, UNKNOWN, SAME = "before", "after", "unknown", "same"


# ----------------------------------------------------------------- §3 durations


def plus(day: _dt.date, amount: int, unit: str) -> _dt.date:
    """§3.2: days and weeks exactly; months and years keep the day of the month,
    clamped to the length of the month reached."""
    if unit == "day":
        return day + amount * DAY
    if unit == "week":
        return day + 7 * amount * DAY
    months = day.year * 12 + (day.month - 1) + amount * (12 if unit == "year" else 1)
    year, month = months // 12, months % 12 + 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def minus(day: _dt.date, amount: int, unit: str) -> _dt.date:
    return plus(day, -amount, unit)


# ----------------------------------------------------------------- §1.2 order


@dataclass(frozen=True)
class Boundary:
    """The start of a day, before every event of it: entry into force, a
    declared start (`order` 0) or end (`order` 1), `initially` (`order` -1),
    the end of an instrument at a period's end."""

    day: _dt.date
    order: int = 0

    @property
    def end_day(self) -> _dt.date:
        return self.day


@dataclass(frozen=True)
class Final:
    """After every event of a timeline ending on `as_of` (and before the
    start of any later day)."""

    as_of: _dt.date


@dataclass(frozen=True)
class WholeDay:
    """Every moment of a day: "in force on day D" (§11) asks about all of them."""

    day: _dt.date

    @property
    def end_day(self) -> _dt.date:
        return self.day


@dataclass(eq=False)
class AtOnce:
    """The end of a political commitment at the moment of a notice."""

    notice: Event


def relation(a, b, ordered: bool) -> str:
    """§1.2: is `a` before `b`, after it, or is their order unknown? `a` and
    `b` are events, Boundaries or the Final moment."""
    if a is b:
        return SAME
    if isinstance(a, AtOnce):
        a = a.notice
    if isinstance(b, AtOnce):
        b = b.notice
    if isinstance(a, Final) or isinstance(b, Final):
        if isinstance(a, Final) and isinstance(b, Final):
            return SAME
        if isinstance(a, Final):
            return {BEFORE: AFTER, AFTER: BEFORE}[relation(b, a, ordered)]
        if isinstance(a, Boundary):
            return BEFORE if a.day <= b.as_of else AFTER
        # An imprecise event read because its first day is in the timeline
        # may have happened after its end.
        return BEFORE if a.end_day <= b.as_of else UNKNOWN
    if isinstance(a, Boundary) and isinstance(b, Boundary):
        return BEFORE if (a.day, a.order) < (b.day, b.order) else AFTER if (a.day, a.order) > (b.day, b.order) \
            else UNKNOWN
    if isinstance(a, Boundary):
        return {BEFORE: AFTER, AFTER: BEFORE}.get(relation(b, a, ordered), UNKNOWN)
    if isinstance(b, Boundary):
        # An event is before the start of day D if its last possible day is
        # before D, after it if its first is on or after D.
        if a.end_day < b.day:
            return BEFORE
        if a.day >= b.day:
            return AFTER
        return UNKNOWN
    # Two events: by their days where their ranges do not meet.
    if a.end_day < b.day:
        return BEFORE
    if b.end_day < a.day:
        return AFTER
    precise = a.end_day == a.day and b.end_day == b.day and not isinstance(a, WholeDay) \
        and not isinstance(b, WholeDay)
    if precise and ordered:
        # `order as written`: untimed events first, then by time, then as written.
        ka, kb = (a.time or "", a.seq), (b.time or "", b.seq)
        return BEFORE if ka < kb else AFTER if ka > kb else UNKNOWN
    if precise and a.time and b.time and a.time != b.time:
        return BEFORE if a.time < b.time else AFTER
    return UNKNOWN


def may_precede(a, b, ordered: bool) -> bool:
    return relation(a, b, ordered) in (BEFORE, UNKNOWN, SAME)


# ----------------------------------------------------------------- §3 in force


class Life:
    """§3: when `ins` may be in force, given the notices of the timeline."""

    def __init__(self, ins: InstrumentDef, notices: list[Event], ordered: bool):
        self.ins = ins
        self.ordered = ordered
        self.notices = [n for n in notices if n.attr("instrument") in (None, ins.name)]
        self._ends: dict = {}
        self._once: dict = {}

    def fixed_end(self, party: str | None) -> _dt.date | None:
        """§3.2, §3.5, §3.6: the end the clause file gives."""
        ins = self.ins
        ends = []
        if ins.superseded:
            ends.append(ins.superseded[1])
        if ins.term and not ins.renew and ins.in_force:
            ends.append(plus(ins.in_force, *ins.term))
        for who, day in ins.withdrawn:
            if len(ins.parties) == 2 or who == party:
                ends.append(day)
        return min(ends) if ends else None

    def effects(self, n: Event, given: _dt.date) -> set:
        """§3.4: what a notice given on day `given` may do: a set of end
        positions (a Boundary, or the notice itself for an end at once), with
        None for "no end at all"."""
        ins = self.ins
        fixed = self.fixed_end(n.actor)
        if ins.in_force is None or given < ins.in_force or (fixed is not None and given >= fixed):
            return {None}  # not in force for the party that gives it: no effect
        if ins.term and ins.renew:  # §3.3
            period_end = plus(ins.in_force, *ins.term)
            while given >= period_end:  # the period in which the notice is given
                period_end = plus(period_end, *ins.renew)
            following = plus(period_end, *ins.renew)
            if ins.notice is None:  # the notice period is not known
                return {Boundary(period_end), Boundary(following)}
            return {Boundary(period_end)} if given <= minus(period_end, *ins.notice) else {Boundary(following)}
        if ins.withdrawal_notice:
            return {Boundary(plus(given, *ins.withdrawal_notice))}
        if not ins.binding:
            return {AtOnce(n)}  # a political commitment ends at once
        if ins.term:
            return {None}  # a fixed term and no denunciation clause: no effect
        return {None, Boundary(plus(given, 12, "month"))}  # VCLT Art. 56: perhaps, twelve months later

    def possible_ends(self, party: str | None) -> set:
        """Every combination of ends the instrument may have for `party`: the
        fixed end and what each notice may do, for every day it may have been
        given on (a frozenset of end positions; empty: it never ends).

        Of the Boundaries in a combination only the earliest can matter (every
        question asked of a combination — in force at a moment, its end day,
        in force after the timeline — is answered by its earliest end), so a
        combination keeps just that one and the notices that may end it at
        once. Without that, the product of the notices' options is 367^k sets
        for k notices dated by year under VCLT Art. 56 (3 notices: ~5·10^7
        sets, tens of GB): the differential test once grew to 22 GB so."""
        cached = self._ends.get(party)
        if cached is not None:
            return cached
        never = _dt.date.max  # stands for "no end" below
        fixed = self.fixed_end(party)
        # The notices that may end it at once → the possible earliest Boundary days.
        groups: dict[frozenset, set] = {frozenset(): {fixed or never}}
        two = len(self.ins.parties) == 2
        for k, n in enumerate(self.notices):
            if n.actor not in self.ins.party_codes or not (two or n.actor == party):
                continue
            got = set()
            day = n.day
            while day <= n.end_day:
                got |= self.effects(n, day)
                day += DAY
            days = {x.day if isinstance(x, Boundary) else never for x in got if not isinstance(x, AtOnce)}
            at_once = any(isinstance(x, AtOnce) for x in got)
            new: dict[frozenset, set] = {}
            for ats, earliest in groups.items():
                if days:
                    # min(b, d) over every pair: b survives if some d is as late,
                    # d survives if some b is as late.
                    top_d, top_b = max(days), max(earliest)
                    new.setdefault(ats, set()).update({b for b in earliest if b <= top_d},
                                                      {d for d in days if d <= top_b})
                if at_once:
                    new.setdefault(ats | {k}, set()).update(earliest)
            groups = new
        out = {frozenset(([Boundary(b)] if b != never else []) + [self._at_once(self.notices[k]) for k in sorted(ats)])
               for ats, earliest in groups.items() for b in earliest}
        self._ends[party] = out
        return out

    def _at_once(self, n: Event) -> "AtOnce":
        """One AtOnce per notice (AtOnce compares by identity)."""
        return self._once.setdefault(id(n), AtOnce(n))

    def in_force(self, e, party: str | None, window_from=None, window_until=None):
        """§3, §4, §1.3: True if in force (and inside the window) on every day
        and in every order the event may have, False on none, None otherwise.
        Ends at once are the notices' own moments: an act of the same day
        without times may come before or after one."""
        ins = self.ins
        if ins.in_force is None:
            return False
        values = set()
        combos = self.possible_ends(party)
        if isinstance(e, Boundary):  # the start of a day: before every event of it
            if e.day < ins.in_force:
                return False
            return True if all(all(e.day < x.day if isinstance(x, Boundary) else e.day <= x.notice.day
                                   for x in combo) for combo in combos) else (
                False if all(any(e.day >= x.day if isinstance(x, Boundary) else e.day > x.notice.end_day
                                 for x in combo) for combo in combos) else None)
        day = e.day
        while day <= e.end_day:
            ok = day >= ins.in_force and (window_from is None or day >= window_from) and (
                window_until is None or day <= window_until)
            if not ok:
                values.add(False)
            else:
                for combo in combos:
                    rels = set()
                    for end in combo:
                        if isinstance(end, Boundary):
                            rels.add(BEFORE if day < end.day else AFTER)
                        elif e.end_day == e.day and not isinstance(e, WholeDay):
                            rels.add(relation(e, end.notice, self.ordered))
                        else:  # an imprecise act on `day`, against a notice's moment
                            n = end.notice
                            rels.add(BEFORE if day < n.day else AFTER if day > n.end_day else UNKNOWN)
                    if AFTER in rels or SAME in rels:
                        values.add(False)
                    elif UNKNOWN in rels:
                        values |= {True, False}
                    else:
                        values.add(True)
            day += DAY
        return values.pop() if len(values) == 1 else None

    def end_day(self, party: str | None):
        """The first day on which it is surely no longer in force for
        `party` (None: it may never end); a notice that ends it within a day
        leaves that day in force."""
        latest = None
        for combo in self.possible_ends(party):
            if not combo:
                return None
            day = min(end.day if isinstance(end, Boundary) else end.notice.end_day + DAY for end in combo)
            latest = day if latest is None else max(latest, day)
        return latest

    def may_apply_after(self, as_of: _dt.date, party: str | None, window_from=None, window_until=None) -> bool:
        """May it still be in force (and inside the window) after the last
        event of a timeline ending on `as_of`?"""
        if self.ins.in_force is None or self.ins.in_force > as_of or (window_until and window_until < as_of) or (
                window_from and window_from > as_of):
            return False
        return any(all(isinstance(x, Boundary) and x.day > as_of for x in combo)
                   for combo in self.possible_ends(party))
