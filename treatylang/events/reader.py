"""Reading event files: one entry point, `open_events`, for every format.

    reader = open_events("20191024143000.export.CSV", actors={"RUS", "IRN"})
    for event in reader:          # streams: one record in memory at a time
        ...
    reader.report                 # what was read, kept, skipped and why, bad rows

Every record of the file ends up in exactly one bucket of the report —
yielded as events (``good``), skipped with a reason (``skipped``), or bad
(``bad_count``, with diagnostics) — so ``good + skipped + bad == records``
(`ReadReport.accounted`). A record is a line for the line formats (blank and
header lines included), an element for a JSON array.

Events come out in file order, ``seq`` being the record number (the line
number, unless a CSV record spans lines; the element number in a JSON
array). Nothing is sorted here: a GDELT export is in GLOBALEVENTID order,
not by day.

Dedupe (``dedupe=True``) merges events with the same (day, actor, target,
code, action) into the first one; its ``also_reported`` lists the other
rows' provenance. Memory stays bounded: while the input is sorted by day, an
event is held back until the day changes (exact merging within a day);
once a day goes backwards (GDELT exports are not sorted), an event is held
for `DEDUPE_WINDOW` records at most, so duplicates further apart than that
are not merged. At most `DEDUPE_MAX_PENDING` events are ever held.
"""

from __future__ import annotations

import collections
import datetime as _dt
import json
from typing import Callable, Iterable, Iterator

import attrs
from attrs import define, field

from ..diagnostics import Diagnostic, DiagnosticError, did_you_mean
from ..source import Span
from . import detect, fmt_arrow, fmt_gdelt, fmt_icews, fmt_json, fmt_plain, fmt_plover
from .files import READ_ERRORS, Source, TooCompressed, file_error
from .model import Event, parse_date
from .rows import NOTES, Context, explain

FORMATS: dict[str, str] = {
    "csv": "plain CSV with a header: date, actor, target, code or action, optional id, source, time, attributes",
    "jsonl": "plain events as JSON: JSON Lines, an array, or pretty-printed objects (same fields as csv)",
    "gdelt1-back": "GDELT 1.0 back-file (1979 – March 2013): 57 tab-separated columns (rows of any GDELT layout read)",
    "gdelt1": "GDELT 1.0 daily export (April 2013 –): 58 tab-separated columns (rows of any GDELT layout read)",
    "gdelt2": "GDELT 2.0 export: 61 tab-separated columns; also a header line, or a comma-separated re-export",
    "icews": "ICEWS coded events: a header line (published 20 columns, or renamed, tab or comma), country names",
    "plover": "PLOVER records as a JSON array (or JSON Lines, or pretty-printed objects)",
    "plover-jsonl": "PLOVER records as JSON Lines (or an array, or pretty-printed objects)",
    "icews-json": "ICEWS rows as JSON objects (keys: the ICEWS header names, any renaming)",
    "gdelt-json": "GDELT rows as JSON objects (keys: the GDELT column names, any renaming)",
    "parquet": "a Parquet file whose columns follow the GDELT, ICEWS or plain layout (needs pyarrow)",
    "arrow": "an Arrow IPC (Feather v2) file whose columns follow a supported layout (needs pyarrow)",
}
COLUMNAR = {"parquet": fmt_arrow.open_parquet, "arrow": fmt_arrow.open_arrow}

_PARSERS: dict[str, Callable] = {
    "csv": fmt_plain.parse_csv,
    "jsonl": fmt_plain.parse_jsonl,
    "icews": fmt_icews.parse_icews,
    "plover": fmt_plover.parse_plover,
    "plover-jsonl": fmt_plover.parse_plover,
    "icews-json": fmt_json.parse_icews_json,
    "gdelt-json": fmt_json.parse_gdelt_json,
    **{name: fmt_gdelt.make_parser(name) for name in fmt_gdelt.LAYOUTS},
}

MAX_BAD_KEPT = 1000  # diagnostics kept in the report; all are counted
# How long (in records) an event waits for duplicates once the input is known
# to be unsorted. A GDELT 2.0 fifteen-minute batch is a few thousand rows, and
# its repeated reports sit within it. A larger window merges more and costs
# memory and time: the held events make CPython's collector busy.
DEDUPE_WINDOW = 10_000
DEDUPE_MAX_PENDING = 200_000
PROGRESS_EVERY = 1 << 14  # records between progress callbacks


@define
class ReadReport:
    """What one pass over an event file did. Skips and bad rows are recorded
    as they happen; the counters are published at each progress call and when
    the iteration ends or is closed. `complete` is True once the whole file
    was read."""

    file: str
    format: str
    compression: str = "none"
    lines_read: int = 0  # physical lines
    records: int = 0  # the accounting unit: lines, or JSON array elements
    good: int = 0  # records that gave at least one event
    events_yielded: int = 0  # events handed out (a PLOVER record may give several)
    bad_count: int = 0
    bad: list[Diagnostic] = field(factory=list)  # the first MAX_BAD_KEPT bad rows
    bad_by_code: dict[str, int] = field(factory=dict)
    skipped: dict[str, int] = field(factory=dict)  # reason -> records (see SKIP_REASONS)
    no_target: int = 0  # yielded events with target None
    duplicates_merged: int = 0  # events folded into an earlier one by dedupe
    first_day: _dt.date | None = None  # span of the yielded events
    last_day: _dt.date | None = None
    complete: bool = False
    layouts: dict[str, int] = field(factory=dict)  # rows per layout, where a reader counts them (GDELT)
    notes: dict[str, int] = field(factory=dict)  # counted facts about good rows (rows.NOTES)
    mapping: str | None = None  # how a header was mapped onto a layout (re-exports); None: as published

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def accounted(self) -> bool:
        """Every record is in exactly one bucket."""
        return self.good + self.skipped_total + self.bad_count == self.records

    def explain(self, reason: str) -> str:
        """The human explanation of a skip reason (or ``no_target``) for this file's format."""
        return explain(reason, self.format)

    def to_dict(self) -> dict:
        """JSON-ready form (dates ISO, diagnostics in the diagnostics JSON form)."""
        from ..diagnostics import to_dict

        return {
            "file": self.file,
            "format": self.format,
            "compression": self.compression,
            "lines_read": self.lines_read,
            "records": self.records,
            "good": self.good,
            "events_yielded": self.events_yielded,
            "bad_count": self.bad_count,
            "bad_by_code": dict(sorted(self.bad_by_code.items())),
            "bad": [to_dict(d) for d in self.bad],
            "skipped": {k: {"count": v, "reason": self.explain(k)} for k, v in sorted(self.skipped.items())},
            "no_target": {"count": self.no_target, "reason": self.explain("no_target")},
            "duplicates_merged": self.duplicates_merged,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "accounted": self.accounted(),
            "complete": self.complete,
            "layouts": dict(sorted(self.layouts.items())),
            "notes": {k: {"count": v, "note": NOTES.get(k, k)} for k, v in sorted(self.notes.items())},
            "mapping": self.mapping,
        }


# --- format detection --------------------------------------------------------------


def detect_format(path: str, *, name: str | None = None) -> str:
    """The format of an event file, from its first 64 KiB (decompressed); see `detect.py`.

    Raises `DiagnosticError` (TL001/TL002 unreadable, TL508 unrecognised — naming
    the format the file most resembles and what did not fit)."""
    return detect.detect(path, name or str(path), FORMATS)


# --- reading ---------------------------------------------------------------------------

ProgressFn = Callable[[ReadReport, int, int], None]


def _as_date(value: _dt.date | str | None, what: str) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        first, last, _ = parse_date(value)
    except ValueError as e:
        raise DiagnosticError([Diagnostic("TL004", f"bad {what} date: {e}", Span("<command line>", 1, 1, 1, 2),
                                          help="give a date as YYYY-MM-DD")]) from None
    return first if what == "--from" else last


class EventReader:
    """An event file opened for reading: iterate it for `Event`s (a generator
    under the hood), then read `report`. Iterating again reads the file again
    from the start, with a fresh report."""

    def __init__(
        self,
        path: str,
        fmt: str,
        *,
        name: str | None = None,
        strict: bool = False,
        date_from: _dt.date | None = None,
        date_to: _dt.date | None = None,
        actors: frozenset[str] | None = None,
        min_mentions: int | None = None,
        dedupe: bool = False,
        dedupe_window: int = DEDUPE_WINDOW,
        progress: ProgressFn | None = None,
        opener: Callable[[], fmt_arrow.ColumnarSource] | None = None,
        validate: Callable[[Event], tuple[str, str, str | None] | None] | None = None,
    ):
        self.validate = validate  # attribute values against declared types (rows.Context.validate)
        self.opener = opener  # an in-memory table (frames.events_from_frame) instead of a file
        self.path = path
        self.name = name or str(path)
        self.format = fmt
        self.strict = strict
        self.date_from = date_from
        self.date_to = date_to
        self.actors = actors
        self.min_mentions = min_mentions
        self.dedupe = dedupe
        self.dedupe_window = dedupe_window
        self.progress = progress
        self.report = ReadReport(self.name, fmt)

    def __repr__(self) -> str:
        return f"EventReader({self.name!r}, format={self.format!r})"

    def __iter__(self) -> Iterator[Event]:
        return self._events()

    def _events(self) -> Iterator[Event]:
        rep = self.report = ReadReport(self.name, self.format)
        ctx = Context(self.name, date_from=self.date_from, date_to=self.date_to, actors=self.actors,
                      min_mentions=self.min_mentions, validate=self.validate)
        src: Source | fmt_arrow.ColumnarSource
        if self.opener is not None or self.format in COLUMNAR:
            src = self.opener() if self.opener is not None else COLUMNAR[self.format](self.path, self.name)
            parse = fmt_arrow.parse_columnar(src, ctx)
        else:
            src = Source(self.path)
            parse = _PARSERS[self.format](src, ctx)
        rep.compression = src.compression
        date_from, date_to, actors = self.date_from, self.date_to, self.actors
        min_mentions = self.min_mentions
        filtering = date_from is not None or date_to is not None or actors is not None or min_mentions is not None
        dedupe = self.dedupe
        simple = not filtering and not dedupe
        skipped = rep.skipped
        progress = self.progress
        every = PROGRESS_EVERY if progress is not None else 0
        store = _DedupeStore(self.dedupe_window)
        records = good = yielded = no_target = merged = 0
        first_day, last_day = _dt.date.max, _dt.date.min
        _Event, _str, _Diag = Event, str, Diagnostic

        def keep(e: Event) -> str | None:
            """None to keep the event, else the reason it is filtered out."""
            if date_from is not None and (e.last_day or e.day) < date_from:
                return "before_from"
            if date_to is not None and e.day > date_to:
                return "after_to"
            if actors is not None and e.actor not in actors and e.target not in actors:
                return "actor_filter"
            if min_mentions is not None:
                v = e.attr("num_mentions")
                if v is not None:
                    try:
                        n = int(v) if len(v) <= 40 else 0  # a count of thousands of digits is no count
                    except ValueError:
                        n = 0
                    if n < min_mentions:
                        return "min_mentions"
            return None

        try:
            try:
                for out in parse:
                    records += 1
                    if every and not records % every:
                        rep.records, rep.good, rep.events_yielded = records, good, yielded
                        progress(rep, src.position(), src.size)
                    t = type(out)
                    if t is _Event:
                        if not simple:  # one event: filters and dedupe without the batch machinery
                            if filtering:
                                why = keep(out)
                                if why is not None:
                                    skipped[why] = skipped.get(why, 0) + 1
                                    continue
                            if dedupe:
                                if store.add(out, records):
                                    merged += 1
                                    skipped["duplicate"] = skipped.get("duplicate", 0) + 1
                                    continue
                                good += 1
                                for e in store.due(records):
                                    yielded += 1
                                    if e.target is None:
                                        no_target += 1
                                    d = e.day
                                    if d < first_day:
                                        first_day = d
                                    d = e.last_day or d
                                    if d > last_day:
                                        last_day = d
                                    yield e
                                continue
                        good += 1
                        yielded += 1
                        if out.target is None:
                            no_target += 1
                        d = out.day
                        if d < first_day:
                            first_day = d
                        d = out.last_day or d
                        if d > last_day:
                            last_day = d
                        yield out
                        continue
                    elif t is _str:
                        skipped[out] = skipped.get(out, 0) + 1
                        continue
                    elif t is _Diag:
                        rep.bad_count += 1
                        rep.bad_by_code[out.code] = rep.bad_by_code.get(out.code, 0) + 1
                        if len(rep.bad) < MAX_BAD_KEPT:
                            rep.bad.append(out)
                        if self.strict:
                            raise DiagnosticError([out])
                        continue
                    batch = out
                    # Several events from one record (PLOVER compound actors).
                    reason = None
                    kept = dup = 0
                    ready: list[Event] = []
                    for e in batch:
                        if filtering:
                            why = keep(e)
                            if why is not None:
                                reason = reason or why
                                continue
                        kept += 1
                        if not dedupe:
                            ready.append(e)
                            continue
                        if store.add(e, records):
                            merged += 1
                            dup += 1
                            continue
                        ready.extend(store.due(records))
                    if kept == 0:
                        skipped[reason] = skipped.get(reason, 0) + 1
                    elif kept == dup:
                        skipped["duplicate"] = skipped.get("duplicate", 0) + 1
                    else:
                        good += 1
                    for e in ready:
                        yielded += 1
                        if e.target is None:
                            no_target += 1
                        d = e.day
                        if d < first_day:
                            first_day = d
                        d = e.last_day or d
                        if d > last_day:
                            last_day = d
                        yield e
                for e in store.drain():
                    yielded += 1
                    if e.target is None:
                        no_target += 1
                    first_day = min(first_day, e.day)
                    last_day = max(last_day, e.last_day or e.day)
                    yield e
                rep.complete = True
            except TooCompressed as e:
                raise DiagnosticError([Diagnostic(
                    "TL531", f"reading stopped after line {ctx.lines}: {e} — a decompression bomb?",
                    Span(self.name, max(1, ctx.lines), 1, max(1, ctx.lines), 2),
                    help="if the data really is this repetitive, raise the bound with `--max-ratio N` (0 for none)")]
                ) from None
            except READ_ERRORS as e:
                raise DiagnosticError([Diagnostic(
                    "TL002", f"reading stopped after line {ctx.lines}: {e}",
                    Span(self.name, max(1, ctx.lines), 1, max(1, ctx.lines), 2),
                    help="the file is damaged or was cut short (a partial download?)")]) from None
        finally:
            parse.close()
            src.close()
            rep.lines_read = ctx.lines
            rep.records, rep.good, rep.events_yielded = records, good, yielded
            rep.no_target, rep.duplicates_merged = no_target, merged
            rep.layouts, rep.notes, rep.mapping = dict(ctx.layouts), dict(ctx.notes), ctx.mapping
            rep.first_day = first_day if yielded else None
            rep.last_day = last_day if yielded else None
            if progress is not None:
                progress(rep, src.size if rep.complete else src.position(), src.size)


class _DedupeStore:
    """Holds events back until no later row can repeat them, merging reports of
    the same (day, actor, target, code/action). On day-sorted input an event
    is released once a later day is seen; otherwise after `window` records.
    Lean for the garbage collector: `pending` maps a key to the first event,
    `extra` holds other reports only for keys that have any, and `fifo` holds
    (key, record number) pairs of atoms only."""

    __slots__ = ("pending", "extra", "fifo", "sorted_so_far", "max_day", "window")

    def __init__(self, window: int):
        self.pending: dict[tuple, Event] = {}
        self.extra: dict[tuple, list] = {}
        self.fifo: collections.deque = collections.deque()
        self.sorted_so_far = True
        self.max_day = None
        self.window = window

    def add(self, e: Event, record: int) -> bool:
        """Hold `e`; True if it repeats a held event (its provenance is kept)."""
        day = e.day
        key = (day, e.last_day, e.actor, e.target, e.code, e.action)
        if key in self.pending:
            self.extra.setdefault(key, []).append(e.provenance)
            return True
        self.pending[key] = e
        self.fifo.append((key, record))
        if self.sorted_so_far:
            if self.max_day is not None and day < self.max_day:
                self.sorted_so_far = False
            elif self.max_day is None or day > self.max_day:
                self.max_day = day
        return False

    def due(self, record: int) -> Iterator[Event]:
        """The held events no later row can repeat any more, oldest first."""
        fifo = self.fifo
        while fifo:
            k, at = fifo[0]
            if not ((k[0] < self.max_day if self.sorted_so_far else record - at > self.window)
                    or len(fifo) > DEDUPE_MAX_PENDING):
                break
            fifo.popleft()
            yield self._release(k)

    def drain(self) -> Iterator[Event]:
        """Every event still held (at the end of the file)."""
        while self.fifo:
            yield self._release(self.fifo.popleft()[0])

    def _release(self, key: tuple) -> Event:
        e = self.pending.pop(key)
        more = self.extra.pop(key, None)
        if more is None:
            return e
        return attrs.evolve(e, also_reported=tuple(more))


def open_events(
    path: str,
    *,
    fmt: str | None = None,
    strict: bool = False,
    date_from: _dt.date | str | None = None,
    date_to: _dt.date | str | None = None,
    actors: Iterable[str] | None = None,
    min_mentions: int | None = None,
    dedupe: bool = False,
    dedupe_window: int = DEDUPE_WINDOW,
    progress: ProgressFn | None = None,
    name: str | None = None,
) -> EventReader:
    """Open an event file for streaming.

    `fmt` overrides detection (one of `FORMATS`). `strict` makes the first
    bad row raise `DiagnosticError`. `date_from`/`date_to` (dates or ISO
    text, inclusive) keep events whose day range meets [from, to]; `actors`
    keeps events whose actor or target is one of the codes; `min_mentions`
    keeps events with at least that many mentions (events without a
    ``num_mentions`` attribute are not filtered by it). `progress`, if given,
    is called as ``progress(report, bytes_done, bytes_total)`` every few
    thousand records and at the end. `name` is the file name shown in
    diagnostics and provenance (default: `path` as given).

    Raises `DiagnosticError` at once when the file is missing or unreadable
    (TL001, TL002), its format cannot be recognised (TL508), or an option is
    bad (TL004)."""
    path = str(path)
    shown = name or path
    if fmt is None:
        fmt = detect_format(path, name=shown)
    elif fmt not in FORMATS:
        raise DiagnosticError([Diagnostic(
            "TL004", f"unknown event format `{fmt}`", Span("<command line>", 1, 1, 1, 2),
            help=did_you_mean(fmt, FORMATS) or "formats: " + ", ".join(FORMATS))])
    else:
        with Source(path) as src:  # fail now, not on first iteration, if it cannot be opened
            head = src.head(1 << 16) if fmt not in COLUMNAR else b""
        problem = detect.text_problem(head, shown) if head else None  # UTF-16, CR-only line ends
        if problem is not None:
            raise problem
    if fmt in COLUMNAR:
        COLUMNAR[fmt](path, shown).close()  # fail now (no pyarrow, not Parquet), not on first iteration
    if min_mentions is not None and min_mentions < 0:
        raise DiagnosticError([Diagnostic("TL004", "--min-mentions must be 0 or more", Span("<command line>", 1, 1, 1, 2))])
    return EventReader(
        path,
        fmt,
        name=shown,
        strict=strict,
        date_from=_as_date(date_from, "--from"),
        date_to=_as_date(date_to, "--to"),
        actors=frozenset(actors) if actors is not None else None,
        min_mentions=min_mentions,
        dedupe=dedupe,
        dedupe_window=dedupe_window,
        progress=progress,
    )
