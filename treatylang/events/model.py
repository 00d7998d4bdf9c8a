"""The event model shared by scenarios, event-file readers and the evaluator.

An event is a report that `actor` did `action` (or CAMEO `code`) to `target` on
a day. Imprecise dates (`2001-03`, `2001`) are kept as a range of days
[`day`, `last_day`]; `precision` says which. Every event keeps where it came
from (`provenance`), and — after deduplication — every other report of the
same thing (`also_reported`), so a finding can always be followed back.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from attrs import define, field

from ..limits import FIRST_DAY, LAST_DAY, RANGE_TEXT

Date = _dt.date

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# Events are slotted but not frozen attrs classes: a frozen attrs __init__
# assigns through object.__setattr__, which costs ~4.7 s per million events
# against ~1.2 s here (benchmarks/), and readers build millions. Nothing in
# treatylang mutates an event after it is made; use attrs.evolve to change one.
@define(slots=True, eq=True)
class Provenance:
    """Where an event came from: file and 1-based line, an optional source URL
    or citation, and the identifiers the data set gives it (GLOBALEVENTID, ICEWS
    Event ID and Story ID, PLOVER id…) as sorted (name, value) pairs."""

    file: str
    line: int
    source: str | None = None
    ids: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        parts = [f"{self.file}:{self.line}"]
        parts += [f"{k}={v}" for k, v in self.ids]
        if self.source:
            parts.append(self.source)
        return " ".join(parts)


@define(slots=True, eq=True)
class Event:
    """One dated event. `attrs` is a sorted tuple of (name, value) pairs so the
    event stays hashable and its printed form deterministic."""

    day: Date
    actor: str
    target: str | None
    code: str | None = None  # CAMEO code, a string: leading zeros are kept
    action: str | None = None  # an action name, for events written by hand
    attrs: tuple[tuple[str, str], ...] = ()
    last_day: Date | None = None  # None: same as `day` (precise date)
    precision: str = "day"  # "day" | "month" | "year"
    time: str | None = None  # "HH:MM" or "HH:MM:SS" when given
    seq: int = 0  # stated order in its file: the tie-break within a day
    provenance: Provenance = field(factory=lambda: Provenance("<unknown>", 0), eq=False)
    also_reported: tuple[Provenance, ...] = field(default=(), eq=False)
    # Who acted in what capacity: CAMEO role codes (GOV, MIL, COP, CVL, REB…)
    # from GDELT's Actor1Type1–3Code, ICEWS sectors, PLOVER actor fields or a
    # scenario; empty when the data does not say.
    actor_roles: tuple[str, ...] = ()
    target_roles: tuple[str, ...] = ()
    # A fact the analyst asserts (scenario line, plain CSV/JSONL row: False) or
    # a machine-coded report of a possible act (GDELT, ICEWS, PLOVER: True).
    coded: bool = False
    # What stands behind a coded row, as the data set counts it (GDELT
    # NumArticles / NumSources; 1 for one ICEWS or PLOVER record).
    reports: int = 1
    sources: int = 1

    @property
    def end_day(self) -> Date:
        """Latest day the event may have happened (== `day` when precise)."""
        return self.last_day or self.day

    def attr(self, name: str) -> str | None:
        for k, v in self.attrs:
            if k == name:
                return v
        return None

    def sort_key(self) -> tuple:
        """Time order: day, then time of day if given, then stated order."""
        return (self.day, self.time or "", self.seq)


def parse_date(text: str) -> tuple[Date, Date, str]:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` into (first day, last day,
    precision). Raises ValueError with a readable reason."""
    m = _DATE_RE.match(text.strip())
    if not m:
        raise ValueError(f"`{text}` is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)")
    y = int(m.group(1))
    if not FIRST_DAY.year <= y <= LAST_DAY.year:
        raise ValueError(f"`{text}`: year {m.group(1)} is outside the supported range, {RANGE_TEXT}")
    if m.group(2) is None:
        return Date(y, 1, 1), Date(y, 12, 31), "year"
    mo = int(m.group(2))
    if not 1 <= mo <= 12:
        raise ValueError(f"`{text}`: month {mo} is not 1–12")
    if m.group(3) is None:
        return Date(y, mo, 1), Date(y, mo, calendar.monthrange(y, mo)[1]), "month"
    d = int(m.group(3))
    last = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= last:
        raise ValueError(f"`{text}`: day {d} is not 1–{last} in {y}-{mo:02d}")
    day = Date(y, mo, d)
    return day, day, "day"


def format_date(e: Event) -> str:
    """The date as the user wrote it, honouring imprecision."""
    if e.precision == "year":
        return f"{e.day.year:04d}"
    if e.precision == "month":
        return f"{e.day.year:04d}-{e.day.month:02d}"
    return e.day.isoformat()
