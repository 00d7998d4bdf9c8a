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


@dataclass(frozen=True)
class Span:
    """Somewhere from the start of `day` to the end of `last`: an instrument's
    entry into force counted from an imprecise ratification (§5.4, §15)."""

    day: _dt.date
    last: _dt.date
    time = None

    @property
    def end_day(self) -> _dt.date:
        return self.last


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
    precise = a.end_day == a.day and b.end_day == b.day and not isinstance(a, (WholeDay, Span)) \
        and not isinstance(b, (WholeDay, Span))
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


def facts(ins: InstrumentDef, chosen: frozenset) -> dict:
    """§15.1: the life-cycle statements of `ins` that hold under the chosen
    readings (names): a statement `under` readings holds if one of them is
    chosen, and then stands in place of the unmarked one of its kind."""
    f = {"in_force": ins.in_force, "entry": ins.entry, "term": ins.term, "renew": ins.renew, "notice": ins.notice,
         "from_signature": ins.term_from_signature, "superseded": ins.superseded, "withdrawn": list(ins.withdrawn),
         "withdrawal_notice": ins.withdrawal_notice, "reinstated": ins.reinstated, "terminated": ins.terminated}
    for p in ins.premises:
        if not set(p.readings) & chosen:
            continue
        if p.field == "term":
            f["term"], f["renew"], f["notice"], f["from_signature"] = p.value
        elif p.field == "withdrawn":
            f["withdrawn"].append(p.value)
        elif p.field == "in_force":
            f["in_force"], f["entry"] = p.value, None
        elif p.field == "entry":
            f["entry"], f["in_force"] = p.value, None
        else:
            f[p.field] = p.value
    return f


class Life:
    """§3: when `ins` may be in force, given the notices (and §3.8
    ratifications) of the timeline, under the chosen readings (§15)."""

    def __init__(self, ins: InstrumentDef, notices: list[Event], ordered: bool, chosen: frozenset = frozenset(),
                 ratifications: list[Event] = ()):
        self.ins = ins
        self.ordered = ordered
        self.f = facts(ins, chosen)
        self.notices = [n for n in notices if n.attr("instrument") in (None, ins.name)]
        self._ends: dict = {}
        self._once: dict = {}
        # §3.8: each party's ratification, as the days it may have been on.
        self.ratified = {}
        for party, text in ins.ratifications:
            self.ratified[party] = (_dt.date.min, _dt.date.max) if text is None else _days_of(text)
        for e in ratifications:
            if e.attr("instrument") in (None, ins.name) and e.actor in ins.party_codes and e.actor not in self.ratified:
                self.ratified[e.actor] = (e.day, e.end_day)

    # §3.8: entry into force
    def start_days(self, party: str | None):
        """The first and last day it may have entered into force for `party`
        (None for a party that is not bound, or an instrument never in force)."""
        f = self.f
        if f["entry"] is None:
            return (f["in_force"], f["in_force"]) if f["in_force"] else None
        count, delay = f["entry"]
        need = count if count is not None else len(self.ins.parties)
        lows = [d[0] for d in self.ratified.values()]
        highs = [d[1] for d in self.ratified.values()]
        if len(lows) < need:
            return None
        # The earliest day by which `need` parties may have ratified, and the
        # earliest by which they surely have.
        lo = min(d for d in lows if sum(x <= d for x in lows) >= need)
        hi = min(d for d in highs if sum(x <= d for x in highs) >= need)
        lo, hi = _later(lo, delay), _later(hi, delay)
        if party is not None and party in self.ins.party_codes:
            own = self.ratified.get(party)
            if own is None:
                return None
            lo, hi = max(lo, _later(own[0], delay)), max(hi, _later(own[1], delay))
        return lo, hi

    def term_base(self):
        return self.ins.signed if self.f["from_signature"] else (self.start_days(None) or (None,))[0]

    def periods(self, party: str | None) -> list:
        """§3: inclusive [first, last] day pairs on which it may be in force
        for `party` (last None: no end): the first period, then the
        reinstated one (§3.9)."""
        out = []
        s = self.start_days(party)
        if s is not None:
            end = self.end_day(party, first_only=True)
            if end is None or end > s[0]:
                out.append((s[0], None if end is None else end - DAY))
        again = self.f["reinstated"]
        if again is not None:
            if out and (out[-1][1] is None or out[-1][1] >= again - DAY):
                out[-1] = (out[-1][0], None)
            else:
                out.append((again, None))
        return out

    def fixed_end(self, party: str | None) -> _dt.date | None:
        """§3.2, §3.5, §3.6, §3.9: the end the clause file gives."""
        f = self.f
        ends = []
        if f["superseded"]:
            ends.append(f["superseded"][1])
        if f["terminated"]:
            ends.append(f["terminated"])
        base = self.term_base()
        if f["term"] and not f["renew"] and base:
            ends.append(plus(base, *f["term"]))
        for who, day in f["withdrawn"]:
            if len(self.ins.parties) == 2 or who == party:
                ends.append(day)
        return min(ends) if ends else None

    def effects(self, n: Event, given: _dt.date) -> set:
        """§3.4: what a notice given on day `given` may do: a set of end
        positions (a Boundary, or the notice itself for an end at once), with
        None for "no end at all"."""
        ins, f = self.ins, self.f
        fixed = self.fixed_end(n.actor)
        start = self.start_days(None)
        if start is None or given < start[0] or (fixed is not None and given >= fixed):
            return {None}  # not in force for the party that gives it: no effect
        if f["term"] and f["renew"]:  # §3.3
            period_end = plus(self.term_base(), *f["term"])
            while given >= period_end:  # the period in which the notice is given
                period_end = plus(period_end, *f["renew"])
            following = plus(period_end, *f["renew"])
            if f["notice"] is None:  # the notice period is not known
                return {Boundary(period_end), Boundary(following)}
            return {Boundary(period_end)} if given <= minus(period_end, *f["notice"]) else {Boundary(following)}
        if f["withdrawal_notice"]:
            return {Boundary(plus(given, *f["withdrawal_notice"]))}
        if not ins.binding:
            return {AtOnce(n)}  # a political commitment ends at once
        if f["term"]:
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
        start = self.start_days(party)
        again = self.f["reinstated"]
        if start is None and again is None:
            return False
        values = set()
        combos = self.possible_ends(party)
        if isinstance(e, Boundary):  # the start of a day: before every event of it
            if again is not None and e.day >= again:
                return True  # §3.9: reinstated
            if start is None or e.day < start[0]:
                return False
            if e.day < start[1]:
                return None  # §3.8: it may not yet have entered into force
            return True if all(all(e.day < x.day if isinstance(x, Boundary) else e.day <= x.notice.day
                                   for x in combo) for combo in combos) else (
                False if all(any(e.day >= x.day if isinstance(x, Boundary) else e.day > x.notice.end_day
                                 for x in combo) for combo in combos) else None)
        day = e.day
        while day <= e.end_day:
            window = (window_from is None or day >= window_from) and (window_until is None or day <= window_until)
            if window and again is not None and day >= again:
                values.add(True)  # §3.9: in force again
            elif not window or start is None or day < start[0]:
                values.add(False)
            elif day < start[1]:
                values |= {True, False}  # §3.8: on or after the earliest entry, before the surest
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

    def end_day(self, party: str | None, first_only: bool = False):
        """The first day on which it is surely no longer in force for
        `party` (None: it may never end); a notice that ends it within a day
        leaves that day in force. A reinstated instrument never ends (§3.9),
        unless only its first period is asked about."""
        if self.f["reinstated"] is not None and not first_only:
            return None
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
        if (window_until and window_until < as_of) or (window_from and window_from > as_of):
            return False
        if self.f["reinstated"] is not None and self.f["reinstated"] <= as_of:
            return True
        start = self.start_days(party)
        if start is None or start[0] > as_of:
            return False
        return any(all(isinstance(x, Boundary) and x.day > as_of for x in combo)
                   for combo in self.possible_ends(party))


def _days_of(text: str):
    """§3.8: the days a ratification written as a day, a month or a year may
    have been on."""
    from treatylang.events.model import parse_date

    first, last, _ = parse_date(text)
    return first, last


def _later(day: _dt.date, delay):
    """A day plus an entry-into-force delay (unknown bounds stay unknown)."""
    if delay is None or day in (_dt.date.min, _dt.date.max):
        return day
    return plus(day, *delay)
