"""The DuckDB executor: the plan pushed down into the scan of an event file.

DuckDB reads the file as lines (plain or gzip), numbers them, splits the
fields and sorts each line into one class, in SQL, in parallel:

* `good`   — an event for certain, which the plan does not admit: counted
             (events, days, `events_checked`, `events_matched`), never built;
* `keep`   — an event for certain, which the plan admits: handed on;
* `blank`, `no_code`, `no_actor`, `before_from`, `after_to` — skipped for
             certain, counted under that reason;
* `py`     — anything SQL is not sure of (a quote, an odd blank, a bad date,
             an unknown code, a wrong column count, the first and last line):
             handed on.

Lines DuckDB cannot read at all (bytes that are not UTF-8) land in its reject
table, with their line numbers; they are read again from the file.

Every line handed on goes through the very parser the streaming path uses
(events/fmt_plain.py, events/fmt_gdelt.py), so an event, a skip reason or a
diagnostic is exactly what the Python reader would produce — SQL only ever
decides what is certain, and the Python reader judges the rest. Hence the
accounting stays exact (records = good + skipped + bad, bad rows with
file:line), and the events the evaluator sees are the ones the streaming
path would give it that can matter, in the same order (day, time, line).

A byte pass in Python first counts the lines and checks the line ends (a
bare carriage return makes DuckDB and Python disagree on what a line is);
after the scan, DuckDB's line count must agree with it. Where anything does
not fit — an unsupported format or compression, a quoted field running over
lines, a disagreement — `Unsupported` is raised and the caller falls back to
the streaming path, saying why.
"""

from __future__ import annotations

import collections
import csv
import datetime as _dt
import itertools
import tempfile
import threading
import zlib
from typing import Callable, Iterator

from attrs import evolve

from ..check.engine import Evaluator
from ..check.lifecycle import NOTICE_ACTION, RATIFICATION_ACTION
from ..diagnostics import Diagnostic, DiagnosticError
from ..events import fmt_gdelt, fmt_plain
from ..events.files import Source as FileSource
from ..events.countries import USSR_END
from ..events.model import Event
from ..events.reader import MAX_BAD_KEPT, ReadReport
from ..events.rows import Context
from ..source import Span
from .compile import Plan
from . import sql as plansql

SUPPORTED = ("csv", "gdelt2", "gdelt1", "gdelt1-back")
BATCH = 1 << 16
MAX_UNSURE = 200_000  # lines left to Python beyond which streaming is simply faster
# Python's str.strip() removes these; SQL's trim only spaces. A line holding
# any of them is left to the Python reader.
_PY_SPACE = ("[\\t\\x0b\\x0c\\x1c-\\x1f\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}"
             "\\x{205f}\\x{3000}]")


class Unsupported(Exception):
    """This file is for the streaming path (the message says why)."""


def available() -> bool:
    try:
        import duckdb  # noqa: F401  (only asking whether it is there)
    except ImportError:
        return False
    return True


# ----------------------------------------------------------------- the byte pass


class _Bytes:
    __slots__ = ("lines", "last_eol", "compression")

    def __init__(self, lines: int, last_eol: bool, compression: str):
        self.lines, self.last_eol, self.compression = lines, last_eol, compression


def _byte_pass(path: str) -> _Bytes:
    """Physical lines, whether the last one ends with a line end, and the
    compression; `Unsupported` for a bare carriage return or a zip file."""
    src = FileSource(path)
    try:
        if src.compression == "zip":
            raise Unsupported("DuckDB does not read zip archives")
        raw = src._raw if src.compression == "none" else src._stream
        n = cr = crlf = 0
        prev = b""
        last = b""
        while True:
            chunk = raw.read(1 << 22)
            if not chunk:
                break
            if b"\x01" in chunk:  # DuckDB splits lines at it (it is the delimiter that "never" occurs)
                raise Unsupported("the file holds the byte 0x01")
            n += chunk.count(b"\n")
            c = chunk.count(b"\r")
            if c:
                cr += c
                crlf += chunk.count(b"\r\n") + (prev == b"\r" and chunk[:1] == b"\n")
            prev = chunk[-1:]
            last = chunk
        if cr != crlf:
            raise Unsupported("the file has carriage returns that do not end a line")
        if crlf and crlf < n:
            raise Unsupported("the file mixes line ends (CRLF and LF)")
        ends = last.endswith(b"\n")
        return _Bytes(n + (0 if ends or not last else 1), ends, src.compression)
    except (OSError, EOFError, zlib.error) as e:
        raise Unsupported(f"the file cannot be read in one pass ({e})") from None
    finally:
        src.close()


# ----------------------------------------------------------------- classification SQL


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _inlist(values) -> str:
    return "(" + ", ".join(_q(v) for v in sorted(values)) + ")"


# Every valid value of a date (as a plain CSV or GDELT writes it) between
# these years; a row dated outside them is left to the Python reader.
YEARS = (1800, 2199)


def _tables(con, fmt: str) -> None:
    """The lookup tables the classification joins with."""
    from ..events.cameo import codebook

    lo, hi = YEARS
    con.execute("CREATE TEMP TABLE tl_codes AS SELECT unnest(?::VARCHAR[]) AS k", [sorted(codebook().codes)])
    days = (f"SELECT d::DATE AS d FROM generate_series(DATE '{lo}-01-01', DATE '{hi}-12-31', INTERVAL 1 DAY) g(d)")
    if fmt == "csv":
        con.execute(f"""CREATE TEMP TABLE tl_dates AS
            SELECT strftime(d, '%Y-%m-%d') AS k, d AS dfirst, d AS dlast, strftime(d, '%Y-%m-%d') AS day FROM ({days})
            UNION ALL SELECT strftime(d, '%Y-%m'), d, last_day(d), strftime(d, '%Y-%m-%d') FROM ({days})
                WHERE day(d) = 1
            UNION ALL SELECT strftime(d, '%Y'), d, make_date(year(d), 12, 31), strftime(d, '%Y-%m-%d') FROM ({days})
                WHERE day(d) = 1 AND month(d) = 1""")
        con.execute("""CREATE TEMP TABLE tl_times AS
            SELECT printf('%02d:%02d', h, m) AS k FROM range(24) a(h), range(60) b(m)
            UNION ALL SELECT printf('%02d:%02d:%02d', h, m, x) FROM range(24) a(h), range(60) b(m), range(60) c(x)""")
    else:
        con.execute(f"CREATE TEMP TABLE tl_days8 AS SELECT strftime(d, '%Y%m%d') AS k, d AS dfirst, "
                    f"strftime(d, '%Y-%m-%d') AS day FROM ({days})")


def _classify_sql(plan: Plan, fmt: str, path: str, compression: str, total: int, header: list[str] | None,
                  first_line: int, date_from, date_to) -> str:
    """One SELECT giving, per line: rn, t (the text), cls, day, time, dfirst,
    dlast, target, action, matters (see the module docstring)."""
    from ..events.countries import cameo_spellings, state_codes

    comp = "gzip" if compression == "gzip" else "none"
    lines = (f"SELECT row_number() OVER () AS rn, l FROM read_csv({_q(path)}, columns = {{'l': 'VARCHAR'}}, "
             f"header = false, delim = '\x01', quote = '', escape = '', auto_detect = false, strict_mode = true, "
             f"store_rejects = true, compression = '{comp}')")
    text = "CASE WHEN ends_with(l, chr(13)) THEN l[1:length(l) - 1] ELSE l END"
    filters = []
    if date_from is not None:
        filters.append(f"WHEN dlast < DATE '{date_from.isoformat()}' THEN 'before_from'")
    if date_to is not None:
        filters.append(f"WHEN dfirst > DATE '{date_to.isoformat()}' THEN 'after_to'")
    filt = " ".join(filters)
    if fmt == "csv":
        idx = {h: i + 1 for i, h in enumerate(header)}
        has_action = "action" in idx

        def fld(name):
            return f"trim(f[{idx[name]}], ' ')" if name in idx else "''"

        ncols = len(header)
        logical = (f"{fld('date')} AS date_t, {fld('actor')} AS actor, nullif({fld('target')}, '') AS target, "
                   f"{fld('code')} AS code, {fld('action') if has_action else 'NULL'} AS action, "
                   f"{fld('time')} AS time")
        # Dates, codes and times are checked by looking them up in tables of
        # every valid value (a hash join is cheaper than parsing each row).
        time_ok = "(time = '' OR time IN (SELECT k FROM tl_times))" if "time" in idx else "true"
        split = f"""
  s1 AS (SELECT rn, t, string_split(t, ',') AS f FROM s0),
  s2 AS (SELECT rn, t, f, {logical} FROM s1),
  s3 AS (SELECT s2.*, d.dfirst, d.dlast, d.day, date_t || '~' AS last_key, c.k IS NOT NULL AS known
         FROM s2 LEFT JOIN tl_dates d ON d.k = s2.date_t LEFT JOIN tl_codes c ON c.k = s2.code),
  s4 AS (SELECT * FROM s3),"""
        controls = " OR ".join(f"contains(t, chr({c}))" for c in (9, 11, 12, 13, 28, 29, 30, 31))
        sure = (f"WHEN rn <= {first_line} OR rn = {total} THEN 'py' "
                "WHEN t IS NULL OR t = '' THEN 'blank' "
                f"WHEN contains(t, '\"') OR {controls} OR strlen(t) <> length(t) THEN 'py' "
                f"WHEN length(t) - length(replace(t, ',', '')) <> {ncols - 1} THEN 'py' "
                "WHEN dfirst IS NULL OR actor = '' THEN 'py' "
                "WHEN NOT (known OR (code = '' AND coalesce(action, '') <> '')) THEN 'py' "
                f"WHEN NOT {time_ok} THEN 'py' ")
    else:
        ntabs = {"gdelt1-back": 57, "gdelt1": 58, "gdelt2": 61}[fmt] - 1
        states = _inlist(state_codes())
        spell = cameo_spellings()

        def canon(country: str, code: str) -> str:
            # The reader's rule: the country code, else a state's code that
            # starts the actor code (IRNGOV → IRN); CAMEO spellings as ISO.
            raw = f"CASE WHEN {country} <> '' THEN {country} WHEN {code}[1:3] IN {states} THEN {code}[1:3] END"
            if not spell:
                return raw
            whens = " ".join(f"WHEN {_q(k)} THEN {_q(v)}" for k, v in sorted(spell.items()))
            return f"(CASE {raw} {whens} ELSE {raw} END)"
        split = f"""
  s1 AS (SELECT rn, t, string_split(t, chr(9)) AS f FROM s0),
  s2 AS (SELECT rn, t, f, f[2] AS sqldate, f[27] AS code, NULL AS action, '' AS time,
                {canon('f[8]', 'f[6]')} AS actor, {canon('f[18]', 'f[16]')} AS target,
                concat_ws('|', nullif(f[13], ''), nullif(f[14], ''), nullif(f[15], '')) AS r1,
                concat_ws('|', nullif(f[23], ''), nullif(f[24], ''), nullif(f[25], '')) AS r2 FROM s1),
  s3 AS (SELECT s2.*, d.dfirst, d.dfirst AS dlast, d.day, d.day || '~' AS last_key, c.k IS NOT NULL AS known
         FROM s2 LEFT JOIN tl_days8 d ON d.k = s2.sqldate LEFT JOIN tl_codes c ON c.k = s2.code),
  s4 AS (SELECT * FROM s3),"""
        sure = (f"WHEN rn = 1 OR rn = {total} THEN 'py' "
                "WHEN t IS NULL OR t = '' THEN 'blank' "
                "WHEN contains(t, chr(13)) THEN 'py' "
                f"WHEN length(t) - length(replace(t, chr(9), '')) <> {ntabs} THEN 'py' "
                "WHEN NOT known THEN CASE WHEN code IN ('---', '') THEN 'no_code' ELSE 'py' END "
                "WHEN dfirst IS NULL THEN 'py' "
                "WHEN actor IS NULL THEN 'no_actor' ")
        has_action = False
    roles = "r1, r2," if fmt != "csv" else ""
    admit = plansql.predicate(plan, has_action).sql(dialect="duckdb")
    matters = plansql.matters(plan, has_action).sql(dialect="duckdb")
    return f"""WITH
  s0 AS (SELECT rn, {text} AS t FROM ({lines})),{split}
  s5 AS (SELECT rn, t, day, time, dfirst, dlast, actor, target, action, code, {roles}
         CASE {sure}{filt} WHEN {admit} THEN 'keep' ELSE 'good' END AS cls,
         coalesce({matters}, false) AS matters FROM s4)
"""


# ----------------------------------------------------------------- feeding lines to the Python reader


class _Lines:
    """A stand-in for `events.files.Source` whose lines come from an iterator
    of (physical line number, text); remembers the numbers in order, so each
    outcome of the parser can be given its real line."""

    def __init__(self, items: Iterator[tuple[int, str]], header: str | None):
        self.items = items
        self.header = header
        self.numbers: collections.deque[int] = collections.deque()

    def lines(self) -> Iterator[bytes]:
        if self.header is not None:
            self.numbers.append(0)
            yield (self.header + "\n").encode("utf-8")
        for n, text in self.items:
            self.numbers.append(n)
            yield text if isinstance(text, bytes) else (text + "\n").encode("utf-8")


def _relined(out, n: int):
    """A parser outcome with its real line number."""
    if type(out) is Event:
        out.seq = n
        out.provenance.line = n
        return out
    if type(out) is Diagnostic:
        s = out.span
        return evolve(out, span=Span(s.file, n, s.col, n, s.end_col))
    return out


def _parse(fmt: str, name: str, items: Iterator[tuple[int, str | bytes]], header: str | None,
           tally: dict | None = None, window: tuple = (None, None)):
    """(line, outcome) for each line, through the format's own parser. What
    the parser counts on its context (rows per GDELT layout, notes) is added
    to `tally` ({"layouts": {}, "notes": {}}) when it ends."""
    feed = _Lines(items, header)
    # The GDELT parser applies --from/--to itself (before counting its notes),
    # as the streaming reader has it do; for CSV the caller filters.
    ctx = Context(name) if fmt == "csv" else Context(name, date_from=window[0], date_to=window[1])
    parser = fmt_plain.parse_csv if fmt == "csv" else fmt_gdelt.parse_gdelt
    try:
        for out in parser(feed, ctx):
            n = feed.numbers.popleft()
            if n == 0:
                continue  # the header, fed again
            yield n, _relined(out, n)
    finally:
        if tally is not None:
            for key in ("layouts", "notes"):
                for k, v in getattr(ctx, key, {}).items():
                    tally[key][k] = tally[key].get(k, 0) + v


# ----------------------------------------------------------------- the executor


class DuckRun:
    """What the DuckDB path produced: the result, the reader's report, and
    for the report's notes the counts of undeclared action names and of
    events after `as of`."""

    def __init__(self, result, report: ReadReport, unknown_actions: dict[str, int], late: int = 0):
        self.result, self.report, self.unknown_actions, self.late = result, report, unknown_actions, late


# Engine "auto" streams: measured on one machine (2 cores, 10^6 rows, same
# report bytes), DuckDB saved at most ~5 % of the time on plain CSV (5.1-5.4 s
# against 5.4-5.5 s) at ten times the memory (770-870 MB against 77 MB), and on
# a GDELT 2.0 export it was slower (10.8 s against 6.7 s, 1.3 GB against
# 121 MB): its numbering of every line cannot spill. `--engine duckdb` forces it.


def check_file(reader, model, ids, engine: str, as_of, date_from, date_to, strict, progress=None, readings=(),
               ordered: bool = False, max_findings: int | None = None):
    """Check the file an `EventReader` opened, with DuckDB if `engine` says
    so ("duckdb"; "auto" streams, see above).
    Returns a `DuckRun`; None when "auto" chose streaming; or a note saying
    why DuckDB could not read the file (the caller then streams it)."""
    fmt = reader.format
    if engine == "auto":
        return None
    if not available():
        raise DiagnosticError([Diagnostic("TL042", "--engine duckdb needs the duckdb package, which is not installed",
                                          Span("<command line>", 1, 1, 1, 2), help="pip install 'treatylang[duckdb]'")])
    from .compile import compile_plan

    show = _stderr_line if progress is not None else None  # only a terminal gets a progress callback
    try:
        return run_duckdb(reader.path, fmt, model, ids, compile_plan(model, ids, readings), as_of=as_of,
                          date_from=date_from, date_to=date_to, strict=strict, name=reader.name, progress=show,
                          readings=readings, ordered=ordered, max_findings=max_findings)
    except Unsupported as e:
        return f"read by streaming, not by DuckDB: {e}"


def _header(path: str, name: str) -> tuple[int, str, list[tuple[int, object]]]:
    """(header line number, header text, outcomes of the lines up to it)."""
    outcomes: list[tuple[int, object]] = []
    src = FileSource(path)
    try:
        texts: list[tuple[int, bytes]] = []
        for i, raw in enumerate(src.lines(), 1):
            texts.append((i, raw))
            got = list(_parse("csv", name, iter(texts[-1:]), None))
            if got and got[-1][1] == "header":
                break
            if i > 1000:
                raise Unsupported("no header in the first 1000 lines")
    finally:
        src.close()
    # Parse the lines up to the header in one go, as the streaming reader does.
    outcomes = list(_parse("csv", name, iter(texts), None))
    text = texts[-1][1].decode("utf-8", errors="replace").rstrip("\r\n").lstrip("\ufeff")
    return texts[-1][0], text, outcomes[:-1]


def run_duckdb(path: str, fmt: str, model, ids, plan: Plan, *, as_of: _dt.date | None = None,
               date_from: _dt.date | None = None, date_to: _dt.date | None = None, strict: bool = False,
               name: str | None = None, threads: int | None = None,
               progress: Callable[[str], None] | None = None, readings=(), ordered: bool = False,
               max_findings: int | None = None) -> DuckRun:
    """Check the event file `path` (format `fmt`) with DuckDB doing the scan.
    Raises `Unsupported` (nothing reported yet) where the streaming path must
    read it, and `DiagnosticError` as the streaming reader would."""
    import duckdb

    name = name or str(path)
    if fmt not in SUPPORTED:
        raise Unsupported(f"the DuckDB path reads plain CSV and GDELT exports, not {fmt}")
    info = _byte_pass(path)
    if info.lines == 0:
        raise Unsupported("the file is empty")
    head = _Head(0, None, [], None)
    if fmt != "csv":
        with FileSource(path) as src:
            first = fmt_gdelt.first_line(src)
            line1 = next(iter(src.lines()), b"").decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")
        if "\t" not in first and "," in first:
            raise Unsupported("a GDELT file re-exported with commas is read by its header")
        if fmt_gdelt.looks_like_gdelt_header(line1.split("\t")):
            raise Unsupported("a GDELT file with a header line places its columns by the header")
    if fmt == "csv":
        line, text, outcomes = _header(path, name)
        head = _Head(line, text, outcomes, [h.strip().lower() for h in next(csv.reader([text]))])
        if "plover_event" in head.columns:
            raise Unsupported("a CSV with PLOVER columns is matched by PLOVER type, which the pushdown does not do")
    con = duckdb.connect()
    stop = threading.Event()
    spill = tempfile.TemporaryDirectory(prefix="treatylang-duckdb-")
    try:
        # Where DuckDB spills past its memory limit (its default is `.tmp`
        # in the working directory). No lower limit is set: the numbering
        # of lines (row_number() over the whole file) cannot spill, and at
        # 256MB a 10^6-row file already fell back to streaming.
        con.execute(f"SET temp_directory = {_q(spill.name)}")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if progress is not None:
            _watch(con, stop, progress, name)
        job = _Job(con, path, fmt, name, model, ids, plan, info, head, as_of, date_from, date_to, strict, progress)
        job.readings, job.ordered, job.max_findings = tuple(readings), ordered, max_findings
        try:
            job.scan()
        except duckdb.Error as e:
            raise Unsupported(f"DuckDB could not read it ({str(e).splitlines()[0]})") from None
        return job.evaluate()
    finally:
        stop.set()
        con.close()
        spill.cleanup()


class _Head:
    """A CSV's header: its line, text, the outcomes of the lines up to it,
    and its column names (GDELT: all empty)."""

    def __init__(self, line: int, text: str | None, outcomes: list, columns: list[str] | None):
        self.line, self.text, self.outcomes, self.columns = line, text, outcomes, columns
        self.tally: dict[str, int] = {}


class _Job:
    """One DuckDB check: `scan()` runs the counting query and opens the
    stream of lines for Python; `evaluate()` reads them and evaluates."""

    def __init__(self, con, path, fmt, name, model, ids, plan, info, head, as_of, date_from, date_to, strict,
                 progress):
        self.con, self.path, self.fmt, self.name = con, path, fmt, name
        self.model, self.ids, self.plan, self.info, self.head = model, ids, plan, info, head
        self.as_of, self.date_from, self.date_to, self.strict, self.progress = as_of, date_from, date_to, strict, \
            progress

    # ------------------------------------------------------------ SQL
    def scan(self) -> None:
        con, fmt = self.con, self.fmt
        _tables(con, fmt)
        base = _classify_sql(self.plan, fmt, self.path, self.info.compression, self.info.lines, self.head.columns,
                             self.head.line, self.date_from, self.date_to)
        known = sorted(set(self.model.actions) | {NOTICE_ACTION, RATIFICATION_ACTION})
        asof = f"dfirst <= DATE '{self.as_of.isoformat()}'" if self.as_of else "dfirst IS NOT NULL"
        unknown = (f"histogram(action) FILTER (WHERE cls = 'good' AND coalesce(action, '') <> '' "
                   f"AND action NOT IN {_inlist(known)})") if fmt == "csv" else "NULL"
        # A quote that is not closed on its line opens a record of several
        # lines, which the line-by-line classification cannot see.
        odd = "(length(t) - length(replace(t, '\"', ''))) % 2 = 1" if fmt == "csv" else "false"
        # GDELT codes the Soviet Union as RUS: the reader counts such rows in a note.
        ussr = ("false" if fmt == "csv" else
                f"dfirst <= DATE '{USSR_END.isoformat()}' AND (actor = 'RUS' OR target = 'RUS')")
        # Acts among the counted rows a clause could use by their action: a
        # plain row is one act; GDELT's reports of one act are merged by the
        # evaluator (check/acts.py), so they count once.
        acts = (f"count(*) FILTER (WHERE {asof} AND matters)" if fmt == "csv" else
                f"count(DISTINCT (dfirst, actor, target, code, r1, r2)) FILTER (WHERE {asof} AND matters)")
        rows = con.execute(base + f"""
SELECT cls, count(*), min(dfirst), max(dlast), count(*) FILTER (WHERE {asof}),
  count(*) FILTER (WHERE {asof} AND matters), min(dfirst) FILTER (WHERE {asof}), max(dlast) FILTER (WHERE {asof}),
  count(*) FILTER (WHERE target IS NULL), {unknown}, count(*) FILTER (WHERE {ussr}), count(*) FILTER (WHERE {odd}),
  {acts}
FROM s5 GROUP BY cls""").fetchall()
        self.rejects = sorted({r[0] for r in con.execute("SELECT line FROM reject_errors").fetchall()})
        self.by = {r[0]: r for r in rows}
        if any(r[11] for r in rows):
            raise Unsupported("a quoted field runs over several lines")
        if sum(r[1] for r in rows) + len(self.rejects) != self.info.lines:
            raise Unsupported("DuckDB and Python disagree on the number of lines")
        if self.by.get("py", (None, 0))[1] > MAX_UNSURE:
            raise Unsupported(f"more than {MAX_UNSURE:,} lines need the Python reader (quoted fields, odd spacing…)")
        # The evaluator takes events in any order: no sort, only the lines
        # Python must read first (in line order, for --strict).
        rel = con.sql(base + "SELECT rn, t, cls = 'py' FROM s5 WHERE cls IN ('keep', 'py') "
                             "ORDER BY cls = 'keep', CASE WHEN cls = 'py' THEN rn END")
        self.batches = iter(rel.to_arrow_reader(BATCH) if hasattr(rel, "to_arrow_reader") else rel.record_batch(BATCH))

    def physical(self, rn: int) -> int:
        """The file's line number of DuckDB's row `rn` (rejected lines are
        missing from its numbering)."""
        line = rn
        for r in self.rejects:
            if r <= line:
                line += 1
            else:
                break
        return line

    # ------------------------------------------------------------ Python
    def evaluate(self) -> DuckRun:
        fmt, name, as_of, head = self.fmt, self.name, self.as_of, self.head
        rep = ReadReport(name, fmt, compression=self.info.compression)
        rep.records = rep.lines_read = self.info.lines
        self.rep, self.bad = rep, []
        self.tally = {"layouts": {}, "notes": {}}
        for k, v in head.tally.items():
            self.tally["notes"][k] = v
        self.good = self.no_target = 0
        self.days: list = [None, None]
        # 1. What Python reads itself — lines up to a CSV's header, rejected
        #    lines, the lines SQL was not sure of — in line order, before any
        #    event is evaluated (--strict stops at the first bad row).
        for n, out in head.outcomes:
            self._outcome(out)
        if fmt == "csv":
            rep.skipped["header"] = rep.skipped.get("header", 0) + 1
        unsure: list[tuple[int, object]] = []
        self.pending = None
        for batch in self.batches:
            rns, texts, py = (batch.column(i).to_pylist() for i in range(3))
            k = py.index(False) if not all(py) else len(py)
            unsure += [(self.physical(r), x) for r, x in zip(rns[:k], texts[:k])]
            if k < len(py):
                self.pending = (rns[k:], texts[k:])
                break
        unsure = [(n, x) for n, x in unsure if n > head.line]
        if self.rejects:
            unsure += _reread(self.path, [r for r in self.rejects if r > head.line])
        unsure.sort(key=lambda p: p[0])
        extra: list[Event] = []
        rejected = set(self.rejects)
        for n, out in _parse(fmt, name, iter(self._lines(unsure)), head.text, self.tally,
                             (self.date_from, self.date_to)):
            e = self._outcome(out)
            if e is not None:
                if n in rejected and (as_of is None or e.day <= as_of):
                    raise Unsupported("a line DuckDB rejected is an event")
                extra.append(e)
        self.bad.sort(key=lambda d: d.span.line)
        if self.strict and self.bad:
            raise DiagnosticError([self.bad[0]])
        # 2. The counted lines (and what the parser would have noted of them).
        if fmt != "csv":
            certain = sum(self.by[c][1] for c in ("good", "keep", "no_code", "no_actor", "before_from", "after_to")
                          if c in self.by) - (self.by["keep"][1] if "keep" in self.by else 0)
            if certain:
                self.tally["layouts"][fmt] = self.tally["layouts"].get(fmt, 0) + certain
        ussr = self.by["good"][10] if "good" in self.by else 0  # the kept lines: counted by the parser
        if ussr:
            self.tally["notes"]["ussr_as_rus"] = self.tally["notes"].get("ussr_as_rus", 0) + ussr
        for reason in ("blank", "no_code", "no_actor", "before_from", "after_to"):
            if reason in self.by:
                rep.skipped[reason] = rep.skipped.get(reason, 0) + self.by[reason][1]
        first = last = None
        counted_checked = counted_matched = counted_acts = 0
        unknown_actions: dict[str, int] = {}
        for cls in ("good", "keep"):
            row = self.by.get(cls)
            if row is None:
                continue
            _, n, lo, hi, _, _, clo, chi = row[:8]
            self._days(lo, hi)
            if clo is not None:
                first = clo if first is None or clo < first else first
                last = chi if last is None or chi > last else last
            if cls == "good":
                self.good += n
                self.no_target += row[8]
                counted_checked, counted_matched, counted_acts = row[4], row[5], row[12]
                unknown_actions = dict(row[9] or {})
        for e in extra:
            if e.action and e.action not in self.model.actions and e.action not in (NOTICE_ACTION, RATIFICATION_ACTION):
                unknown_actions[e.action] = unknown_actions.get(e.action, 0) + 1
            if as_of is None or e.day <= as_of:
                first = e.day if first is None or e.day < first else first
                end = e.last_day or e.day
                last = end if last is None or end > last else last

        # 3. The evaluation: every event that can matter (in any order).
        ev = Evaluator(self.model, self.ids, (), as_of, self.readings, ordered=self.ordered,
                       max_findings=self.max_findings)
        fed = 0
        for e in itertools.chain(extra, self._kept()):
            if as_of is not None and e.day > as_of:
                continue
            ev.feed(e)
            fed += 1
            if self.progress is not None and not fed % 65536:
                self.progress(f"evaluating: {fed:,} events kept")
        if first is not None:
            ev.first = first if ev.first is None or first < ev.first else ev.first
            ev.last = last if ev.last is None or last > ev.last else ev.last
        ev.checked += counted_checked
        if fmt == "csv":
            # Plain rows are facts the analyst asserts: the timeline is not
            # machine-coded reports only (docs/semantics.md §13).
            ev.asserted += counted_checked
        ev.matched += counted_matched
        ev.acts.count += counted_acts
        ev.acts.reports += counted_matched
        result = ev.finish()
        self.bad.sort(key=lambda d: d.span.line)
        rep.bad_count = len(self.bad)
        for d in self.bad:
            rep.bad_by_code[d.code] = rep.bad_by_code.get(d.code, 0) + 1
        rep.bad = self.bad[:MAX_BAD_KEPT]
        rep.good = rep.events_yielded = self.good
        rep.no_target = self.no_target
        rep.first_day, rep.last_day = self.days
        rep.layouts = dict(self.tally["layouts"])
        rep.notes = dict(self.tally["notes"])
        rep.complete = True
        if self.progress is not None:
            self.progress(f"done: {rep.records:,} records, {fed:,} events evaluated\n")
        late = self.good - (counted_checked + fed)
        return DuckRun(result, rep, unknown_actions, late)

    def _lines(self, items):
        """(line, bytes) with the line end the file has there."""
        last, eol = self.info.lines, self.info.last_eol
        for n, x in items:
            if isinstance(x, bytes):
                yield n, x
            else:
                yield n, ((x or "") + ("\n" if n != last or eol else "")).encode("utf-8")

    def _days(self, lo, hi) -> None:
        d = self.days
        if lo is not None and (d[0] is None or lo < d[0]):
            d[0] = lo
        if hi is not None and (d[1] is None or hi > d[1]):
            d[1] = hi

    def _outcome(self, out) -> Event | None:
        t = type(out)
        if t is Event:
            # The reader's --from/--to filters (EventReader.keep), which the
            # parsers here run without.
            if self.date_from is not None and (out.last_day or out.day) < self.date_from:
                out = "before_from"
            elif self.date_to is not None and out.day > self.date_to:
                out = "after_to"
            else:
                return self._event(out)
        if type(out) is str:
            self.rep.skipped[out] = self.rep.skipped.get(out, 0) + 1
        else:
            self.bad.append(out)
        return None

    def _event(self, out: Event) -> Event:
        self.good += 1
        if out.target is None:
            self.no_target += 1
        self._days(out.day, out.last_day or out.day)
        return out

    def _kept(self) -> Iterator[Event]:
        """The events of the lines the plan admits, in time order."""
        def lines():
            if self.pending is not None:
                yield from ((self.physical(r), x) for r, x in zip(*self.pending))
            for batch in self.batches:
                rns, texts = batch.column(0).to_pylist(), batch.column(1).to_pylist()
                yield from ((self.physical(r), x) for r, x in zip(rns, texts))

        window = (self.date_from, self.date_to)
        for _, out in _parse(self.fmt, self.name, lines(), self.head.text, self.tally, window):
            e = self._outcome(out)
            if e is not None:
                yield e


def _reread(path: str, lines: list[int]) -> list[tuple[int, bytes]]:
    """The raw bytes of the given lines (those DuckDB rejected)."""
    want = set(lines)
    out = []
    with FileSource(path) as src:
        for i, raw in enumerate(src.lines(), 1):
            if i in want:
                out.append((i, raw))
                if len(out) == len(want):
                    break
    return out


def _stderr_line(msg: str) -> None:
    import sys

    sys.stderr.write("\r" + msg.ljust(60))
    sys.stderr.flush()


def _watch(con, stop: threading.Event, progress: Callable[[str], None], name: str) -> None:
    """Report DuckDB's scan progress every half second until `stop`."""
    def loop() -> None:
        while not stop.wait(0.5):
            try:
                pct = con.query_progress()
            except Exception:  # the connection is busy or closed: skip a tick
                continue
            if pct is not None and pct >= 0:
                progress(f"duckdb scanning {name}: {pct:5.1f}%")

    threading.Thread(target=loop, daemon=True).start()
