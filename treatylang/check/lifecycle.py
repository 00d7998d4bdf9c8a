"""When an instrument is in force: entry into force, term and renewal,
termination by notice, withdrawal, supersession (docs/semantics.md §2).

An instrument applies on days in [start, end) for a party. `end` starts from
what the clause file says and may move earlier when a notice of termination
arrives in the timeline (processed in time order, so it never moves the end
before the day being checked).
"""

from __future__ import annotations

import calendar
import datetime as _dt

from ..model import InstrumentDef

NOTICE_ACTION = "notice_of_termination"  # built-in: `RUS notice_of_termination IRN instrument=ru_ir_2001`


def add(day: _dt.date, amount: int, unit: str) -> _dt.date:
    """`day` plus a duration; months and years keep the day of month, clamped
    to the month's length (2000-02-29 + 1 year = 2001-02-28)."""
    if unit == "day":
        return day + _dt.timedelta(days=amount)
    if unit == "week":
        return day + _dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    y, m = divmod(day.month - 1 + months, 12)
    y += day.year
    m += 1
    return _dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def sub(day: _dt.date, amount: int, unit: str) -> _dt.date:
    if unit in ("day", "week"):
        return day - _dt.timedelta(days=amount * (7 if unit == "week" else 1))
    return add(day, -amount, unit)


class Lifecycle:
    """In-force state of one instrument during an evaluation."""

    def __init__(self, ins: InstrumentDef):
        self.ins = ins
        self.start = ins.in_force
        end = None
        if ins.superseded:
            end = ins.superseded[1]
        if ins.term and not ins.renew:
            t_end = add(ins.in_force, *ins.term) if ins.in_force else None
            end = min(end, t_end) if end and t_end else (end or t_end)
        self.end_all = end
        self.end_party: dict[str, _dt.date] = {}
        bilateral = len(ins.parties) == 2
        for party, day in ins.withdrawn:
            self._end_for(party, day, bilateral)
        self.notices: list[tuple[str, _dt.date, _dt.date]] = []  # (party, given, effective)

    def _end_for(self, party: str, day: _dt.date, bilateral: bool) -> None:
        # A bilateral instrument ends for both when one party leaves it.
        if bilateral:
            self.end_all = min(self.end_all, day) if self.end_all else day
        else:
            self.end_party[party] = min(self.end_party.get(party, day), day)

    def end(self, party: str | None = None) -> _dt.date | None:
        ends = [d for d in (self.end_all, self.end_party.get(party) if party else None) if d]
        return min(ends) if ends else None

    def in_force(self, day: _dt.date, party: str | None = None) -> bool:
        if self.start is None or day < self.start:
            return False
        end = self.end(party)
        return end is None or day < end

    def period_end(self, given: _dt.date) -> _dt.date:
        """When a notice given on `given` takes effect (Art. 21 style): at the
        end of the current period if given at least `notice` before it, else at
        the end of the next period. Without a renewal rule, after the
        withdrawal notice (or at once)."""
        ins = self.ins
        if ins.term and ins.renew and self.start:
            expiry = add(self.start, *ins.term)
            while True:
                # No notice period given: notice takes effect at the end of
                # the current period, whenever in it the notice is given.
                if given < expiry and (ins.notice is None or given <= sub(expiry, *ins.notice)):
                    return expiry
                if given >= expiry:
                    expiry = add(expiry, *ins.renew)
                    continue
                return add(expiry, *ins.renew)
        if ins.withdrawal_notice:
            return add(given, *ins.withdrawal_notice)
        return given

    def notice(self, party: str, given: _dt.date) -> _dt.date:
        effective = self.period_end(given)
        self.notices.append((party, given, effective))
        self._end_for(party, effective, len(self.ins.parties) == 2)
        return effective

    def intervals(self, party: str | None = None) -> tuple[_dt.date, _dt.date | None] | None:
        if self.start is None:
            return None
        end = self.end(party)
        if end is not None and end <= self.start:
            return None
        return (self.start, end)
