"""When an instrument is in force: entry into force, term and renewal, notices of
termination, withdrawal, supersession (docs/semantics.md §3).

An instrument applies to a party from its entry into force (the start of that
day) until its *end*. What the clause file says fixes the end (a term without
renewal, supersession, a withdrawal); a notice of termination in the timeline
can bring it earlier — never later. Because a notice may be imprecise (`2021`)
or its effect may not be known (a renewal whose notice period the sources do
not give; a treaty that says nothing on denunciation), the end is a *range* of
moments: certainly in force before `end_lo`, certainly not from `end_hi` on
(`None`: it may never end), either in between. Moments are those of
`positions.py`.

What a notice does (VCLT Arts. 54, 56; docs/semantics.md §3.4):

* a renewal rule (`term T, renew R unless notice N before expiry`): the notice
  prevents the next renewal — the instrument ends at the end of the current
  period if the notice is given at least N before it, else at the end of the
  following period. Without `unless notice …` the notice period is unknown:
  the end of the current period or of the following one;
* `withdrawal notice D` (a denunciation clause): D after the notice;
* a political commitment with neither: at once, at the notice's own moment;
* a binding instrument with a fixed term and neither: no effect (the term is
  its provision on termination; it cannot be denounced at will);
* a binding instrument with no term and neither: possibly twelve months after
  the notice (VCLT Art. 56(2): only if a right of denunciation is implied,
  which the checker cannot know), never certainly.

Usage: build one `Lifecycle` per instrument, `add_notice` every notice of the
timeline (any order), then ask `applies`, `end_range`, `notes`.
"""

from __future__ import annotations

import datetime as _dt

from ..events.model import Event
from ..limits import AFTER_RANGE, add_clamped, day_text
from ..model import InstrumentDef
from .positions import Moment, boundary, span

NOTICE_ACTION = "notice_of_termination"  # built-in: `RUS notice_of_termination IRN instrument=ru_ir_2001`
# built-in: `IRN ratification instrument=caspian_convention_2018` (a party's
# ratification in the timeline, for an instrument in force on ratification)
RATIFICATION_ACTION = "ratification"
IMPLIED_NOTICE = (12, "month")  # VCLT Art. 56(2)


def add(day: _dt.date, amount: int, unit: str) -> _dt.date:
    """`day` plus a duration; months and years keep the day of month, clamped
    to the month's length (2000-02-29 + 1 year = 2001-02-28). A result past
    the supported range is `limits.AFTER_RANGE`, later than every day a
    timeline can hold (`term 100000 years` never ends within it)."""
    return add_clamped(day, amount, unit)


def sub(day: _dt.date, amount: int, unit: str) -> _dt.date:
    if day == AFTER_RANGE:
        return day  # still after every supported day
    return add(day, -amount, unit)


def inside(lo: Moment, hi: Moment, start: Moment | None, end_lo: Moment | None,
           end_hi: Moment | None) -> bool | None:
    """Is an event spanning [lo, hi] inside [start, end), where the end lies
    somewhere in [end_lo, end_hi] (None: no end; `end_hi` None: it may never
    end)? True on every moment it may have happened at, False on none, None
    otherwise (three-valued)."""
    if start is None or hi < start or (end_hi is not None and lo > end_hi):
        return False
    # In force from its start inclusive: a declared day that is also the day
    # of entry into force (both the start of that day) is inside.
    if start <= lo and (end_lo is None or hi < end_lo):
        return True
    return None


def inside_from(lo: Moment, hi: Moment, start: tuple[Moment, Moment] | None, end_lo: Moment | None,
                end_hi: Moment | None) -> bool | None:
    """`inside`, for a start that lies somewhere in [start_lo, start_hi] (an
    entry into force counted from an imprecise ratification)."""
    if start is None:
        return False
    s_lo, s_hi = start
    if s_lo == s_hi:
        return inside(lo, hi, s_lo, end_lo, end_hi)
    if hi < s_lo or (end_hi is not None and lo > end_hi):
        return False
    if s_hi < lo and (end_lo is None or hi < end_lo):
        return True
    return None


def _or(a: bool | None, b: bool | None) -> bool | None:
    """Kleene disjunction: in force in one period or the other."""
    if a is True or b is True:
        return True
    return None if None in (a, b) else False


def _min(a, b):
    return b if a is None else a if b is None else min(a, b)


class _Notice:
    __slots__ = ("party", "event", "lo", "hi", "certain", "why")

    def __init__(self, party, event, lo, hi, certain, why):
        self.party, self.event, self.lo, self.hi, self.certain, self.why = party, event, lo, hi, certain, why


class Lifecycle:
    """In-force state of one instrument during an evaluation."""

    def __init__(self, ins: InstrumentDef, ordered: bool = False):
        self.ins = ins
        self.ordered = ordered
        self.bilateral = len(ins.parties) == 2
        # Ratifications (party → the days it may have been on), from the
        # clause file and, for an instrument in force on ratification, from
        # `ratification` events of the timeline (`add_ratification`).
        self.ratified: dict[str, tuple[_dt.date, _dt.date]] = {}
        for party, text in ins.ratifications:
            self.ratified[party] = _ratification_days(text)
        self._set_start()
        self._set_end()
        # `reinstated from D`: in force again, for everyone, from D on.
        self.again: Moment | None = boundary(ins.reinstated) if ins.reinstated else None
        self.notices: list[_Notice] = []
        self.ignored: list[tuple[Event, str]] = []  # notices with no effect, and why
        self._ranges: dict[str | None, tuple] = {}

    def _set_end(self) -> None:
        """The ends the clause file gives. The term counts from entry into
        force, or from signature (`term … from signature`); a term without
        renewal ends the instrument."""
        ins = self.ins
        self.term_base = ins.signed if ins.term_from_signature else self.start_day
        end = ins.superseded[1] if ins.superseded else None
        end = _min(end, ins.terminated)
        if ins.term and not ins.renew and self.term_base:
            end = _min(end, add(self.term_base, *ins.term))
        self.end_all = end  # a day: the first on which it no longer applies to anyone
        self.end_party: dict[str, _dt.date] = {}
        for party, day in ins.withdrawn:
            if self.bilateral:
                self.end_all = _min(self.end_all, day)
            else:
                self.end_party[party] = _min(self.end_party.get(party), day)

    # ------------------------------------------------------------ entry into force
    def _set_start(self) -> None:
        """Entry into force: a day (`in force D`), or the n-th or last
        ratification (plus a delay) — for everyone; for a party that ratified
        later, its own ratification (plus the delay). An imprecise
        ratification gives a range of days (`start_range`)."""
        ins = self.ins
        self._starts: dict[str | None, tuple[_dt.date, _dt.date] | None] = {}
        if ins.entry is None:
            day = ins.in_force
            self._general = (day, day) if day else None
        else:
            count, delay = ins.entry
            need = count if count is not None else len(ins.parties)
            days = list(self.ratified.values())
            if need < 1 or len(days) < need:
                self._general = None
            else:
                lo = sorted(d[0] for d in days)[need - 1]
                hi = sorted(d[1] for d in days)[need - 1]
                self._general = (_plus(lo, delay), _plus(hi, delay))
        self.start_day = self._general[0] if self._general else None
        self.start: Moment | None = boundary(self.start_day) if self.start_day else None

    def start_range(self, party: str | None) -> tuple[Moment, Moment] | None:
        """The moments at which it may have entered into force for `party`
        (None: ends that bind everyone, i.e. the instrument's own entry into
        force); None if it never did."""
        if party not in self._starts:
            ins = self.ins
            got = self._general
            if got is not None and ins.entry is not None and party is not None and party in ins.party_codes:
                own = self.ratified.get(party)
                if own is None:
                    got = None  # a party that has not ratified is not bound
                else:
                    delay = ins.entry[1]
                    got = (max(got[0], _plus(own[0], delay)), max(got[1], _plus(own[1], delay)))
            self._starts[party] = got
        got = self._starts[party]
        return (boundary(got[0]), boundary(got[1])) if got else None

    def add_ratification(self, e: Event) -> None:
        """A `ratification` event: the actor's ratification, on the event's
        day (or range), unless the clause file already dates it."""
        if self.ins.entry is None or e.actor not in self.ins.party_codes or e.actor in self.ratified:
            return
        self.ratified[e.actor] = (e.day, e.end_day)
        self._set_start()
        self._set_end()
        self._ranges.clear()

    # ------------------------------------------------------------ fixed ends
    def fixed_end(self, party: str | None) -> _dt.date | None:
        """The end the clause file gives, for `party` (None: ends that bind everyone)."""
        return _min(self.end_all, self.end_party.get(party) if party else None)

    # ------------------------------------------------------------ notices
    def period_end(self, given: _dt.date) -> tuple[_dt.date, _dt.date]:
        """Renewal rule: the earliest and latest end a notice given on `given`
        can have (the same day when the notice period is known)."""
        ins = self.ins
        expiry = add(self.term_base, *ins.term)
        while given >= expiry:  # a notice on the day a period expires belongs to the next
            expiry = add(expiry, *ins.renew)
        following = add(expiry, *ins.renew)
        if ins.notice is None:
            return expiry, following  # notice period unknown
        return (expiry, expiry) if given <= sub(expiry, *ins.notice) else (following, following)

    def add_notice(self, e: Event) -> None:
        """Take a notice of termination into account (in any order: the end
        only ever moves earlier)."""
        ins = self.ins
        party = e.actor
        if party not in ins.party_codes or self.start is None:
            self.ignored.append((e, f"{party} is not a party" if party not in ins.party_codes
                                 else "the instrument was never in force"))
            return
        lo_m, hi_m = span(e, self.ordered)
        fixed = self.fixed_end(party)
        valid = inside(lo_m, hi_m, self.start, *((boundary(fixed),) * 2 if fixed else (None, None)))
        if valid is False:
            self.ignored.append((e, "given while the instrument was not in force for that party"))
            return
        first, last = e.day, e.end_day
        why = None
        if ins.term and ins.renew:
            lo_d, hi_d = self.period_end(first)[0], self.period_end(last)[1]
            if ins.notice is None:
                why = "the notice period is not known: the end of the current period or of the next"
            lo, hi = boundary(lo_d), boundary(hi_d)
        elif ins.withdrawal_notice:
            lo, hi = boundary(add(first, *ins.withdrawal_notice)), boundary(add(last, *ins.withdrawal_notice))
        elif not ins.binding:
            lo, hi = lo_m, hi_m  # a political commitment ends at once
        elif ins.term:
            self.ignored.append((e, "a treaty with a fixed term and no denunciation clause cannot be denounced "
                                    "at will: the notice has no effect"))
            return
        else:
            # VCLT Art. 56: no provision on termination. Denunciation only if a
            # right is implied, with twelve months' notice: possible, never certain.
            lo, hi = boundary(add(first, *IMPLIED_NOTICE)), boundary(add(last, *IMPLIED_NOTICE))
            valid = None
            why = "the instrument has no provision on termination: a right of denunciation may be implied " \
                  "(VCLT Art. 56), and then the notice takes effect twelve months later"
        if valid is None and why is None:
            why = "the notice may have been given before the instrument was in force"
        self.notices.append(_Notice(party, e, lo, hi, valid is True, why))
        self._ranges.clear()

    def end_range(self, party: str | None) -> tuple[Moment | None, Moment | None]:
        """(end_lo, end_hi) for `party`: certainly in force before `end_lo`,
        certainly not from `end_hi` on; None for no end / may never end."""
        got = self._ranges.get(party)
        if got is None:
            fixed = self.fixed_end(party)
            lo = hi = boundary(fixed) if fixed else None
            for n in self.notices:
                # Bilateral: a notice ends it for both parties (and so for
                # everyone); multilateral: only for the party that gave it.
                if self.bilateral or n.party == party:
                    lo = _min(lo, n.lo)
                    if n.certain:
                        hi = _min(hi, n.hi)
            got = self._ranges[party] = (lo, hi)
        return got

    # ------------------------------------------------------------ questions
    def applies(self, lo: Moment, hi: Moment, party: str | None, window_from: _dt.date | None = None,
                window_until: _dt.date | None = None) -> bool | None:
        """In force for `party` (and inside the window) on every moment of
        [lo, hi] (True), on none (False), or on some (None)."""
        start = self.start_range(party)
        w_end = boundary(window_until + _dt.timedelta(days=1)) if window_until is not None else None
        w_start = boundary(window_from) if window_from is not None else None
        first = False
        if start is not None:
            if w_start is not None:
                start = (max(start[0], w_start), max(start[1], w_start))
            end_lo, end_hi = self.end_range(party)
            end_lo, end_hi = _min(end_lo, w_end), _min(end_hi, w_end)
            first = inside_from(lo, hi, start, end_lo, end_hi)
        if self.again is None or first is True:
            return first
        again = max(self.again, w_start) if w_start is not None else self.again
        return _or(first, inside(lo, hi, again, w_end, w_end))

    def day_applies(self, day: _dt.date, party: str | None) -> bool | None:
        """In force on the whole of `day`, on none of it, or in part."""
        return self.applies((day, 1, "", 0), (day, 2, "", 0), party)

    def periods(self, party: str | None) -> list[tuple[_dt.date, _dt.date | None]]:
        """The days on which it may be in force for `party`, as [first, until)
        periods (`until` None: no end): one, or two for an instrument
        reinstated after it ended; none if it certainly never is. A notice
        that ends it within a day counts that day as in force."""
        out = []
        start = self.start_range(party)
        if start is not None:
            first = start[0][0]
            hi = _day_after(self.end_range(party)[1])
            if hi is None or hi > first:
                out.append((first, hi))
        if self.again is not None:
            if out and (out[-1][1] is None or out[-1][1] >= self.again[0]):
                out[-1] = (out[-1][0], None)  # no gap: one period
            else:
                out.append((self.again[0], None))
        return out

    def days(self, party: str | None) -> tuple[_dt.date, _dt.date | None] | None:
        """From the first to the last day on which it may be in force for
        `party`, [first, until) (`until` None: no end); None if it certainly
        never is (`periods` gives the gaps)."""
        ps = self.periods(party)
        if not ps:
            return None
        return ps[0][0], ps[-1][1]

    def notes(self) -> list[str]:
        out = []
        for n in self.notices:
            given = _date_text(n.event)
            lo, hi = _day_after(n.lo), _day_after(n.hi)
            if n.lo[1] != 0:
                when = "at once"
            elif lo == hi:
                when = day_text(lo)
            else:
                when = f"between {day_text(lo)} and {day_text(hi)}"
            text = f"{n.party} gave notice of termination on {given}; effective {when}"
            if not n.certain:
                text = f"{n.party} gave notice of termination on {given}; possibly effective {when}"
            if n.why:
                text += f" ({n.why})"
            out.append(text)
        for e, why in self.ignored:
            out.append(f"{e.actor} gave notice of termination on {_date_text(e)}: {why}")
        return out

    def renewals(self, first: _dt.date, last: _dt.date) -> list[_dt.date]:
        """Automatic renewals (period ends) in [first, last] before any end."""
        ins = self.ins
        if not (ins.term and ins.renew and self.term_base):
            return []
        end_lo, _ = self.end_range(None)
        out, expiry = [], add(self.term_base, *ins.term)
        while expiry <= last:
            if end_lo is not None and boundary(expiry) >= end_lo:
                break
            if expiry >= first:
                out.append(expiry)
            expiry = add(expiry, *ins.renew)
        return out


def _plus(day: _dt.date, delay: tuple[int, str] | None) -> _dt.date:
    """`day` plus an entry-into-force delay; the unknown bounds stay as they are."""
    if delay is None or day in (_dt.date.min, _dt.date.max):
        return day
    return add(day, *delay)


def _ratification_days(text: str | None) -> tuple[_dt.date, _dt.date]:
    """The days a ratification written `2019-02-08`, `2018-12`, `2018` or
    with no date may have been on."""
    if text is None:
        return _dt.date.min, _dt.date.max
    from ..events.model import parse_date

    first, last, _ = parse_date(text)
    return first, last


def _day_after(m: Moment | None) -> _dt.date | None:
    """The first day on which nothing of the instrument is left, for an end
    at moment `m`: its day for a day boundary, the next day for an end within
    a day (the instrument still applied earlier that day)."""
    if m is None:
        return None
    return m[0] if m[1] == 0 else m[0] + _dt.timedelta(days=1)


def _date_text(e: Event) -> str:
    from ..events.model import format_date

    return format_date(e) + (f" {e.time}" if e.time else "")
