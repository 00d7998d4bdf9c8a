"""Where an event may lie in time: a span of possible moments (docs/semantics.md §1.2).

Row order in an event file is not evidence of sequence, so an event is not a
point on a line but a *span* of moments it may have happened at:

* a precise date with a time of day: that moment;
* a precise date without one: the whole day;
* a month or a year: every moment of that range.

Two events are *ordered* when one's span ends before the other's begins; events
on the same day without times (or at the same time) are not. A scenario that
states its order (`order as written`) or an event file checked with
`--ordered` makes the events of one precise day points in the order of the
sort key (day, time, file order), untimed events first — the rule of earlier
versions.

A moment is a tuple ``(day, k, time, seq)``: ``k`` 0 is the boundary at the
start of the day (entry into force, a declared situation's first day, the day
after a window), 1 a moment inside the day, 2 the end of the day. Tuples
compare in that order, so a boundary of day D comes before every event of D.
"""

from __future__ import annotations

import datetime as _dt

from ..events.model import Event

Moment = tuple


def boundary(day: _dt.date, seq: int = 0) -> Moment:
    """The start of `day`, before every event of that day."""
    return (day, 0, "", seq)


def end_of(day: _dt.date) -> Moment:
    """After every event of `day` (the end of the timeline is `end_of(as_of)`)."""
    return (day, 3, "", 0)


def span(e: Event, ordered: bool) -> tuple[Moment, Moment]:
    """The first and last moment `e` may have happened at."""
    last = e.last_day
    if last is not None and last != e.day:
        return (e.day, 1, "", 0), (last, 2, "", 0)
    if ordered:
        p = (e.day, 1, e.time or "", e.seq)
        return p, p
    if e.time:
        p = (e.day, 1, e.time, 0)
        return p, p
    return (e.day, 1, "", 0), (e.day, 2, "", 0)


def just_after(m: Moment) -> Moment:
    """A moment after `m` and before anything that comes after it."""
    return m + (1,)
