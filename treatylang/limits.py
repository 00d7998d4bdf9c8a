"""The limits that keep every input bounded: dates, numbers, sizes, and the
folders files named inside other files may come from (docs/limits.md).

Dates: every date read (clause files, scenarios, event rows, options) must lie
in [FIRST_DAY, LAST_DAY]. Arithmetic on them (`term 100000 years`, a deadline
`within 10^9 days`) may leave that range; `add_clamped` then answers
`AFTER_RANGE` (or `BEFORE_RANGE`), a day later (earlier) than every supported
day. Comparisons with supported days stay exact, so verdicts never change:
an instrument whose term ends after 9998 is in force on every day a timeline
can hold. LAST_DAY is a year short of `date.max` so that `day + 1 day` never
overflows on a supported day.

Sizes and folders are run-wide settings (`Limits`), set by the command line
(`--max-file-size`, `--max-record-size`, `--max-ratio`, `--allow-read`) with
`use(...)`, and read deep in the pipeline with `current()`; library callers
get the defaults unless they wrap their calls in `use(...)`.
"""

from __future__ import annotations

import calendar
import contextlib
import contextvars
import datetime as _dt
from typing import Iterator

from attrs import evolve, frozen

FIRST_DAY = _dt.date(1, 1, 1)
LAST_DAY = _dt.date(9998, 12, 31)
AFTER_RANGE = _dt.date.max  # "some day after LAST_DAY"
BEFORE_RANGE = _dt.date.min  # "some day before FIRST_DAY" (equal to FIRST_DAY: see add_clamped)
RANGE_TEXT = "0001-01-01 to 9998-12-31"

# Integers in input text (counts, durations) are read only up to this many
# digits: Python refuses to convert more than 4,300, and nothing meaningful
# needs more than eighteen (an int64).
MAX_INT_DIGITS = 18

MIB = 1 << 20


def in_range(day: _dt.date) -> bool:
    """Whether `day` is a supported day."""
    return FIRST_DAY <= day <= LAST_DAY


def out_of_range(day: _dt.date) -> str | None:
    """None for a supported day, else the reason it is not (for a message)."""
    if day > LAST_DAY:
        return f"{day.isoformat()} is after the last supported day, {LAST_DAY.isoformat()}"
    return None


def days_before(day: _dt.date, n: int | _dt.timedelta) -> _dt.date:
    """`day` minus `n` days, or the first representable day when that is
    earlier (a look-back from an event dated near 0001-01-01 must not raise)."""
    n = n if isinstance(n, _dt.timedelta) else _dt.timedelta(days=n)
    return day - n if day - _dt.date.min >= n else _dt.date.min


def add_clamped(day: _dt.date, amount: int, unit: str) -> _dt.date:
    """`day` plus `amount` days, weeks, months or years; months and years keep
    the day of month, clamped to the month's length (2000-02-29 + 1 year =
    2001-02-28). A result after LAST_DAY is AFTER_RANGE; one before the first
    representable day is BEFORE_RANGE. (BEFORE_RANGE is also 0001-01-01, a
    supported day: only a notice given on 0001-01-01 could be misjudged, and
    no instrument is in force then.)"""
    try:
        if unit == "day":
            out = day + _dt.timedelta(days=amount)
        elif unit == "week":
            out = day + _dt.timedelta(weeks=amount)
        else:
            months = amount * (12 if unit == "year" else 1)
            y, m = divmod(day.month - 1 + months, 12)
            y += day.year
            m += 1
            if y > LAST_DAY.year:
                return AFTER_RANGE
            if y < 1:
                return BEFORE_RANGE
            out = _dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))
    except (OverflowError, ValueError):
        return AFTER_RANGE if amount > 0 else BEFORE_RANGE
    return AFTER_RANGE if out > LAST_DAY else out


def day_text(day: _dt.date) -> str:
    """A day for a report: AFTER_RANGE reads as what it means."""
    return f"after {LAST_DAY.isoformat()}" if day > LAST_DAY else day.isoformat()


def int_or_none(text: str, max_digits: int = MAX_INT_DIGITS) -> int | None:
    """The integer in `text` (digits only), or None when it has more than
    `max_digits` digits (leading zeros not counted)."""
    digits = text.lstrip("0")
    if len(digits) > max_digits:
        return None
    return int(text)


# --------------------------------------------------------------------- run-wide


@frozen
class Limits:
    """Run-wide bounds on what is read. Sizes are in bytes; 0 means no limit."""

    max_file_size: int = 2 * MIB  # a clause or scenario file (parsing costs ~2.5 s and ~100 MB per MiB)
    max_record_size: int = 1 * MIB  # one line / record of an event file
    max_ratio: int = 100  # decompressed bytes per compressed byte, once past RATIO_GRACE
    allow_read: tuple[str, ...] = ()  # extra folders files named inside files may come from

    def with_(self, **changes) -> "Limits":
        return evolve(self, **changes)


# A compressed file is judged by its ratio only once this much has come out
# of it: small files of repeated text compress very well and are harmless.
RATIO_GRACE = 16 * MIB

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("treatylang_limits", default=Limits())


def current() -> Limits:
    """The limits in force."""
    return _CURRENT.get()


@contextlib.contextmanager
def use(limits: Limits) -> Iterator[Limits]:
    """Apply `limits` for the duration of a `with` block."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def size_text(n: int) -> str:
    """Bytes in a short human form (`16 MiB`, `300 bytes`)."""
    for unit, size in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def excerpt(text: str, width: int = 80) -> str:
    """A short, escaped excerpt of untrusted text for a diagnostic: control
    characters and non-printing ones shown as escapes, at most `width`
    characters, `…` marking a cut."""
    cut = len(text) > width
    text = text[:width]
    out = []
    for ch in text:
        out.append(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii"))
    return "".join(out) + ("…" if cut else "")
