"""One Spark task's reading: a chunk of an event file (or a partition of a
Spark DataFrame) through the project's own reader, counted exactly.

Runs on an executor and imports no Spark. A *chunk* is a whole file, or a
byte range of an uncompressed line-oriented file (`chunks.py` decides). The
chunk's lines go through the very parser the streaming path uses
(`events.reader._PARSERS`, or `fmt_arrow.parse_columnar` for tables): a
range that does not start the file is preceded by the file's first lines up
to its header (the *prefix*), whose outcomes are dropped, so the parser is
in the state it would be in there. Every outcome is counted as
`EventReader` counts it (records = good + skipped + bad), and every event
is then counted as the evaluator would count it (`events_checked`,
`events_matched`, the timeline's extent, events after `as of`, undeclared
action names).

What leaves the task: one summary of the counts (`Summary`), and one row
per event the check can use — a notice, or an event some slice's plan
admits (`slice_terms`) — with the fields the pushdown tests and the packed
`Event` (`pack_event`); the pushdown in Spark SQL then decides which slice
evaluates it. Every other event is counted and dropped here; of those that
are one of the plan's actions all the same, a coded report leaves a light
row with its act's key (acts are counted over the whole timeline, reports of
one act merged), an asserted fact is counted as an act in the summary.

Line numbers inside a chunk are local (1 = the chunk's first line); the
driver, once it knows every chunk's line count, turns them into the file's
line numbers (`Summary.relined`, `relined_event`).
"""

from __future__ import annotations

import datetime as _dt
import pickle
from typing import Iterator

from attrs import define, evolve, field
from attrs import fields as attrs_fields

from ..check.lifecycle import NOTICE_ACTION
from ..diagnostics import Diagnostic, DiagnosticError
from ..events.files import READ_ERRORS, Source
from ..events.model import Event, Provenance
from ..events.reader import MAX_BAD_KEPT
from ..events.rows import Context
from ..plan.pyexec import act_key, admitted
from ..source import Span

# Formats whose records can carry an action name (the report counts names
# no clause file declares); coded data carries codes.
NAMED = ("csv", "jsonl")

# Columns of the rows a task emits (see `EVENT_SCHEMA` in run.py).
EVENT_FIELDS = ("fi", "ck", "ln", "ei", "day", "last_key", "tm", "actor", "target", "code", "action", "pacts", "act",
                "ev")


@define
class Chunk:
    """What one task reads. `start`/`end`: a byte range of an uncompressed
    file (None: the whole file through `events.files.Source`). `prefix`:
    how many of the file's first lines to feed the parser before the range."""

    fi: int  # the file's index in the run (sorted paths)
    ck: int  # the chunk's index in its file
    path: str
    name: str  # the file name shown in provenance and diagnostics
    fmt: str
    start: int | None = None
    end: int | None = None
    prefix: int = 0
    last: bool = True  # the range ends the file


@define
class Summary:
    """The exact counts of one chunk (lines local to the chunk)."""

    fi: int
    ck: int
    lines: int = 0  # physical lines of the chunk (prefix excluded)
    records: int = 0
    good: int = 0
    yielded: int = 0
    skipped: dict = field(factory=dict)
    bad_count: int = 0
    bad_by_code: dict = field(factory=dict)
    bad: list = field(factory=list)  # the chunk's first MAX_BAD_KEPT diagnostics
    no_target: int = 0
    first_day: _dt.date | None = None  # of the yielded events
    last_day: _dt.date | None = None
    layouts: dict = field(factory=dict)
    notes: dict = field(factory=dict)
    mapping: str | None = None
    compression: str = "none"
    total: int = 0  # events handed to the check
    late: int = 0  # of them after `as of`
    checked: int = 0  # on or before `as of`
    matched: int = 0  # of them, one of the instruments' actions
    first: _dt.date | None = None  # extent of the checked events
    last: _dt.date | None = None
    unknown: dict = field(factory=dict)  # undeclared action name -> events
    unkept_acts: int = 0  # asserted facts of the instruments' actions no slice's plan admits
    unsafe: str | None = None  # why the file must be read as one chunk
    error: bytes | None = None  # a pickled DiagnosticError that stopped the read
    error_line: int = 0

    def relined(self, base: int) -> list:
        """The chunk's diagnostics with the file's line numbers."""
        return [reline_diagnostic(d, base) for d in self.bad]


def reline_diagnostic(d: Diagnostic, base: int) -> Diagnostic:
    if not base:
        return d
    s = d.span
    return evolve(d, span=Span(s.file, s.line + base, s.col, s.end_line + base, s.end_col))


# An event leaves its task as a pickled tuple of its fields (provenances as
# tuples too), not a pickled attrs object: a third of the bytes (~130 against
# ~390 for a CSV row), and those bytes are persisted and shuffled to the
# slices. Generic over `Event`'s fields, so a field added there travels too.
_FIELDS = tuple(a.name for a in attrs_fields(Event))
_PROV = tuple(a.name for a in attrs_fields(Provenance))
_P, _ALSO = _FIELDS.index("provenance"), _FIELDS.index("also_reported")


def pack_event(e: Event) -> bytes:
    """`e` as compact bytes (`unpack_event` gives it back, equal and with
    equal provenance)."""
    v = [getattr(e, n) for n in _FIELDS]
    v[_P] = tuple(getattr(e.provenance, n) for n in _PROV)
    v[_ALSO] = tuple(tuple(getattr(p, n) for n in _PROV) for p in e.also_reported)
    return pickle.dumps(tuple(v), protocol=pickle.HIGHEST_PROTOCOL)


def unpack_event(b: bytes) -> Event:
    v = list(pickle.loads(b))
    v[_P] = Provenance(*v[_P])
    v[_ALSO] = tuple(Provenance(*p) for p in v[_ALSO])
    return Event(*v)


def slice_terms(model, slices) -> dict:
    """Action -> the terms of every slice's plan (`plan.compile_plan`): an
    event no term admits is dropped by every slice's pushdown, so the
    reading task need not send it (it counts it)."""
    from ..plan import compile_plan

    out: dict = {}
    for ids in slices:
        for t in compile_plan(model, ids).terms:
            out.setdefault(t.action, []).append(t)
    return out


def relined_event(e: Event, base: int) -> Event:
    """`e` with the file's line number (record = line in a split file)."""
    if base:
        e.seq += base
        e.provenance.line += base
    return e


class _RangeSource:
    """A stand-in for `events.files.Source` over the file's first `prefix`
    lines, then the lines that start in [start, end)."""

    compression = "none"

    def __init__(self, path: str, start: int, end: int, prefix: int):
        self.path, self.start, self.end, self.prefix = path, start, end, prefix
        self.f = open(path, "rb", buffering=1 << 20)
        self.size = end - start
        self.done = 0

    def lines(self) -> Iterator[bytes]:
        f = self.f
        if self.prefix:
            f.seek(0)
            for _ in range(self.prefix):
                raw = f.readline()
                if not raw:
                    break
                yield raw
        f.seek(max(0, self.start - 1))
        if self.start > 0:
            f.readline()  # the rest of the line that started before the range (just "\n" if one ended there)
        pos = f.tell()
        end = self.end
        while pos < end:
            raw = f.readline()
            if not raw:
                break
            pos += len(raw)
            self.done = pos - self.start
            yield raw

    def peek(self, n: int = 1 << 16) -> bytes:
        self.f.seek(0)
        return self.f.read(n)

    def head(self, n: int = 1 << 16) -> bytes:
        return self.peek(n)

    def position(self) -> int:
        return self.done

    def close(self) -> None:
        self.f.close()


class Counter:
    """Counts outcomes as `EventReader` does (dates filters, PLOVER records of
    several events), then events as the evaluator does; collects the rows of
    the events the check can use. `ev` is a full `Evaluator` (no events fed):
    its `relevant` actions and `actions` index decide what can be used."""

    def __init__(self, summary: Summary, fmt: str, ev, known: frozenset, date_from, date_to, as_of, strict: bool,
                 terms: dict | None = None):
        self.s, self.fmt = summary, fmt
        self.relevant, self.index = ev.relevant, ev.actions
        self.terms = terms  # action -> the slices' plan terms (`slice_terms`); None: keep every relevant event
        self.known = known
        self.date_from, self.date_to, self.as_of, self.strict = date_from, date_to, as_of, strict
        self.rows: list[dict] = []

    def _filtered(self, e: Event) -> str | None:
        if self.date_from is not None and (e.last_day or e.day) < self.date_from:
            return "before_from"
        if self.date_to is not None and e.day > self.date_to:
            return "after_to"
        return None

    def outcome(self, out, n: int) -> None:
        """One parser outcome for the record at (local) line `n`."""
        s = self.s
        s.records += 1
        t = type(out)
        if t is Event:
            why = self._filtered(out)
            if why is not None:
                s.skipped[why] = s.skipped.get(why, 0) + 1
                return
            s.good += 1
            self._event(out, 0)
        elif t is str:
            s.skipped[out] = s.skipped.get(out, 0) + 1
        elif t is Diagnostic:
            s.bad_count += 1
            s.bad_by_code[out.code] = s.bad_by_code.get(out.code, 0) + 1
            if len(s.bad) < MAX_BAD_KEPT:
                s.bad.append(out)
        else:  # several events from one record (PLOVER compound actors)
            reason, kept = None, []
            for e in out:
                why = self._filtered(e)
                if why is not None:
                    reason = reason or why
                    continue
                kept.append(e)
            if not kept:
                s.skipped[reason] = s.skipped.get(reason, 0) + 1
                return
            s.good += 1
            for i, e in enumerate(kept):
                self._event(e, i)

    def _event(self, e: Event, ei: int) -> None:
        s = self.s
        s.yielded += 1
        if e.target is None:
            s.no_target += 1
        end = e.last_day or e.day
        if s.first_day is None or e.day < s.first_day:
            s.first_day = e.day
        if s.last_day is None or end > s.last_day:
            s.last_day = end
        s.total += 1
        a = e.action
        if a is not None and self.fmt in NAMED and a not in self.known:
            s.unknown[a] = s.unknown.get(a, 0) + 1
        if self.as_of is not None and e.day > self.as_of:
            s.late += 1
            return
        s.checked += 1
        if s.first is None or e.day < s.first:
            s.first = e.day
        if s.last is None or end > s.last:
            s.last = end
        if a == NOTICE_ACTION:
            acts: tuple = ()
        else:
            acts = tuple(x for x in self.index.for_event(e) if x in self.relevant)
            if not acts:
                return
            s.matched += 1
            if self.terms is not None and not admitted(self.terms, acts, e):
                # No slice's plan admits it (the pushdown would drop it): only
                # its act is counted — an asserted fact here, a coded report's
                # key in a light row (reports of one act in other chunks).
                if e.coded:
                    self.rows.append({"kind": "a", "fi": s.fi, "ck": s.ck, "act": "c" + repr(act_key(e))})
                else:
                    s.unkept_acts += 1
                return
        plover = a is None and e.attrs and e.attr("plover_event") is not None
        if not acts:
            act = None  # a notice: no act
        elif e.coded:  # coded reports of one act are one act (check/acts.py): its key
            act = "c" + repr(act_key(e))
        else:  # an asserted fact is one act
            act = f"a{s.fi}:{s.ck}:{e.provenance.line}:{ei}"
        self.rows.append({
            "kind": "e", "fi": s.fi, "ck": s.ck, "ln": e.provenance.line, "ei": ei, "day": e.day.isoformat(),
            "last_key": end.isoformat(), "tm": e.time or "", "actor": e.actor, "target": e.target,
            "code": None if plover else e.code, "action": a, "pacts": list(acts) if plover else None, "act": act,
            "ev": pack_event(e)})


def read_chunk(c: Chunk, ev, known: frozenset, *, date_from=None, date_to=None, as_of=None,
               strict: bool = False, terms: dict | None = None) -> tuple[Summary, list[dict]]:
    """Parse and count one chunk (see the module docstring)."""
    from ..events import reader as _reader

    s = Summary(c.fi, c.ck)
    counter = Counter(s, c.fmt, ev, known, date_from, date_to, as_of, strict, terms)
    ctx = Context(c.name, date_from=date_from, date_to=date_to)
    src = None
    base_tally = _prefix_tally(c, date_from, date_to) if c.prefix else ({}, {})
    truncated = False
    try:
        if c.fmt in _reader.COLUMNAR:
            from ..events import fmt_arrow

            src = _reader.COLUMNAR[c.fmt](c.path, c.name)
            parse = fmt_arrow.parse_columnar(src, ctx)
        elif c.start is None:
            src = Source(c.path)
            parse = _reader._PARSERS[c.fmt](src, ctx)
        else:
            src = _RangeSource(c.path, c.start, c.end, c.prefix)
            parse = _split_parser(c.fmt)(src, ctx)
        s.compression = src.compression
        try:
            seen = 0
            for out in parse:
                n = _line_of(out, ctx)
                if c.prefix and seen < c.prefix and n <= c.prefix:
                    seen = n
                    continue  # the file's first lines, read by the chunk that starts the file
                if c.start is not None and c.ck > 0:
                    why = _unsafe(c.fmt, out)
                    if why:
                        s.unsafe = why
                if type(out) is Diagnostic and out.code == "TL505":
                    truncated = True
                counter.outcome(_local(out, c.prefix), n - c.prefix)
                if strict and type(out) is Diagnostic:
                    break  # the streaming reader stops at the first bad row
        finally:
            parse.close()
    except DiagnosticError as e:
        s.error = pickle.dumps(e)
        s.error_line = e.diagnostics[0].span.line - c.prefix if e.diagnostics else 0
    except READ_ERRORS as e:
        lines = ctx.lines
        s.error = pickle.dumps(DiagnosticError([Diagnostic(
            "TL002", f"reading stopped after line {lines}: {e}", Span(c.name, max(1, lines), 1, max(1, lines), 2),
            help="the file is damaged or was cut short (a partial download?)")]))
        s.error_line = lines
    finally:
        if src is not None:
            src.close()
    s.lines = max(0, ctx.lines - c.prefix) if c.fmt not in _reader.COLUMNAR else ctx.lines
    s.layouts = _minus(ctx.layouts, base_tally[0])
    s.notes = _minus(ctx.notes, base_tally[1])
    s.mapping = ctx.mapping
    if c.start is not None and c.fmt == "csv" and (s.records != s.lines or (truncated and not c.last)):
        # A quoted field ran over lines inside the range, or past its end.
        s.unsafe = "a quoted field runs over several lines"
    return s, counter.rows


def _prefix_tally(c: Chunk, date_from=None, date_to=None) -> tuple[dict, dict]:
    """What the parser counts (layouts, notes) for the prefix lines alone:
    taken off the chunk's counts (a reader may count only at its end)."""
    ctx = Context(c.name, date_from=date_from, date_to=date_to)
    src = _RangeSource(c.path, 0, 0, c.prefix)
    try:
        for _ in _split_parser(c.fmt)(src, ctx):
            pass
    except DiagnosticError:
        pass
    finally:
        src.close()
    return dict(ctx.layouts), dict(ctx.notes)


def _line_of(out, ctx: Context) -> int:
    """The (chunk-local, prefix included) line of an outcome."""
    t = type(out)
    if t is Event:
        return out.provenance.line
    if t is Diagnostic:
        return out.span.line
    if t is str:
        return ctx.lines
    return out[0].provenance.line if out else ctx.lines


def _local(out, prefix: int):
    """An outcome with the prefix's lines taken off its line numbers."""
    if not prefix:
        return out
    t = type(out)
    if t is Event:
        return relined_event(out, -prefix)
    if t is Diagnostic:
        return reline_diagnostic(out, -prefix)
    if t is list:
        return [relined_event(e, -prefix) for e in out]
    return out


def _unsafe(fmt: str, out) -> str | None:
    """Why an outcome inside a later chunk means the parser's state there
    may differ from the streaming read's (the file is then read whole)."""
    if out == "header" or (type(out) is Diagnostic and out.code == "TL511"):
        return "a header line inside the file"
    return None


def _split_parser(fmt: str):
    """The parser for a byte range: GDELT rows by their width (a comma
    re-export is never split), plain CSV (records that span lines are
    caught after the fact: `read_chunk`)."""
    from ..events import fmt_gdelt, fmt_plain

    if fmt.startswith("gdelt"):
        return fmt_gdelt.parse_gdelt
    if fmt == "csv":
        return fmt_plain.parse_csv
    raise ValueError(f"{fmt} files are not split")


def _minus(a: dict, b: dict) -> dict:
    out = {k: v - b.get(k, 0) for k, v in a.items()}
    return {k: v for k, v in out.items() if v}
