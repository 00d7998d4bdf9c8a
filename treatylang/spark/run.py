"""The Spark executor: read in parallel, push the plan down in Spark SQL,
evaluate each slice on an executor, merge into one Result.

    1. read   one task per chunk (`chunks.py`), or per partition of a Spark
              DataFrame: the project's own parser and exact counts
              (`parse.py`); out come a `Summary` per task and a row per
              event some clause, situation or notice can use;
    2. count  the driver adds the summaries up into the reader's report
              (records = good + skipped + bad; bad rows with file:line,
              the first 1000 in file order) and the evaluator's counts;
    3. push   Spark SQL keeps, per slice (`slices.py`), the rows its plan
              admits — the WHERE clause is the plan's own, printed by
              `plan.sql.predicate` in the Spark dialect;
    4. judge  `groupBy(slice).applyInArrow`: each slice's events, sorted by
              time, through `Evaluator` on an executor;
    5. merge  the slices' results, in instrument order (`slices.merge`).

The report is byte for byte the streaming path's (tests/spark).
"""

from __future__ import annotations

import datetime as _dt
import pickle
from typing import Callable

from ..check.engine import Evaluator
from ..check.lifecycle import NOTICE_ACTION
from ..diagnostics import DiagnosticError
from ..events.reader import MAX_BAD_KEPT, ReadReport
from . import chunks as _chunks
from .parse import Summary, read_chunk, reline_diagnostic, relined_event, slice_terms, unpack_event
from .slices import components, dumps, evaluate_slice, merge, order

ROWS_SCHEMA = ("kind string, fi int, ck int, ln long, ei int, day string, last_key string, tm string, "
               "actor string, target string, code string, action string, pacts array<string>, act string, ev binary, "
               "sm binary")
BATCH = 8192


def _arrow_schema():
    import pyarrow as pa

    s, i32, i64 = pa.string(), pa.int32(), pa.int64()
    return pa.schema([("kind", s), ("fi", i32), ("ck", i32), ("ln", i64), ("ei", i32), ("day", s), ("last_key", s),
                      ("tm", s), ("actor", s), ("target", s), ("code", s), ("action", s),
                      ("pacts", pa.list_(s)), ("act", s), ("ev", pa.binary()), ("sm", pa.binary())])


class SparkRun:
    """What the Spark path produced: the result, the reader's report, and
    for the report's notes the undeclared action names and the events after
    `as of` (of `total`); `slices` the instruments evaluated together."""

    def __init__(self, result, report: ReadReport, unknown_actions: dict[str, int], late: int, total: int,
                 slices: list[tuple[str, ...]]):
        self.result, self.report, self.unknown_actions = result, report, unknown_actions
        self.late, self.total, self.slices = late, total, slices
        self.seconds: dict[str, float] = {}  # wall time per phase: read (and count), judge (pushdown, slices, merge)


# ----------------------------------------------------------------- executor side

_EVALUATORS: dict = {}


def _evaluator(model_b: bytes, ids, readings, as_of):
    """A full evaluator (no events) per worker process: what is relevant;
    and the terms of its slices' plans (`parse.slice_terms`)."""
    key = (hash(model_b), tuple(ids), tuple(readings), as_of)
    got = _EVALUATORS.get(key)
    if got is None:
        _EVALUATORS.clear()
        ev = Evaluator(pickle.loads(model_b), ids, (), as_of, readings)
        got = _EVALUATORS[key] = (ev, slice_terms(ev.model, components(ev)))
    return got


def _emit(s: Summary, rows: list[dict]):
    import pyarrow as pa

    schema = _arrow_schema()
    for i in range(0, len(rows), BATCH):
        yield pa.RecordBatch.from_pylist(rows[i:i + BATCH], schema=schema)
    yield pa.RecordBatch.from_pylist([{"kind": "s", "fi": s.fi, "ck": s.ck, "sm": dumps(s)}], schema=schema)


def _file_reader(model_b, ids, readings, as_of, date_from, date_to, strict, acc):
    def read(batches):
        ev, terms = _evaluator(model_b, ids, readings, as_of)
        known = frozenset(ev.model.actions) | {NOTICE_ACTION}
        for batch in batches:
            for cb in batch.column(0).to_pylist():
                s, rows = read_chunk(pickle.loads(cb), ev, known, date_from=date_from, date_to=date_to, as_of=as_of,
                                     strict=strict, terms=terms)
                acc.add(s.records)
                yield from _emit(s, rows)
    return read


def _frame_reader(model_b, ids, readings, as_of, date_from, date_to, strict, name, acc):
    def read(batches):
        from pyspark import TaskContext

        from ..events.fmt_arrow import ColumnarSource
        from .parse import Counter
        from ..events.fmt_arrow import parse_columnar
        from ..events.rows import Context
        from ..diagnostics import Diagnostic

        ev, terms = _evaluator(model_b, ids, readings, as_of)
        known = frozenset(ev.model.actions) | {NOTICE_ACTION}
        part = TaskContext.get().partitionId()
        first = next(batches, None)
        names = list(first.schema.names) if first is not None else []

        def cols():
            if first is None:
                return
            for b in _chain(first, batches):
                yield [c.to_pylist() for c in b.columns]

        s = Summary(0, part)
        ctx = Context(name, date_from=date_from, date_to=date_to)
        counter = Counter(s, "table", ev, known, date_from, date_to, as_of, strict, terms)
        if first is not None:
            try:
                for out in parse_columnar(ColumnarSource(names, cols), ctx):
                    counter.outcome(out, 0)
                    if strict and type(out) is Diagnostic:
                        break
            except DiagnosticError as e:
                s.error = pickle.dumps(e)
                s.error_line = e.diagnostics[0].span.line if e.diagnostics else 0
        s.lines = ctx.lines
        s.layouts, s.notes, s.mapping = dict(ctx.layouts), dict(ctx.notes), ctx.mapping
        acc.add(s.records)
        yield from _emit(s, counter.rows)
    return read


def _chain(first, rest):
    yield first
    yield from rest


def _judge(model_b, slices, readings, as_of, ordered, first, last, bases):
    def judge(table):
        import pyarrow as pa

        k = table.column("slice")[0].as_py()
        seen, events = set(), []
        cols = [table.column(c).to_pylist() for c in ("fi", "ck", "ln", "ei", "ev")]
        for fi, ck, ln, ei, evb in zip(*cols):
            if evb is None or (fi, ck, ln, ei) in seen:
                continue  # the slice's sentinel row; a PLOVER event admitted as two actions
            seen.add((fi, ck, ln, ei))
            events.append((fi, ei, relined_event(unpack_event(evb), bases.get((fi, ck), 0))))
        result = evaluate_slice(pickle.loads(model_b), slices[k], readings, as_of, ordered, first, last,
                                order(events))
        return pa.table({"slice": pa.array([k], pa.int32()), "result": pa.array([dumps(result)], pa.binary())})
    return judge


# ----------------------------------------------------------------- driver side


def run_spark(model, ids, events, *, fmt: str | None = None, as_of: _dt.date | None = None,
              date_from: _dt.date | None = None, date_to: _dt.date | None = None, strict: bool = False,
              readings=(), ordered: bool = False, name: str | None = None, spark=None,
              chunk_bytes: int | None = None, progress: Callable[[str], None] | None = None) -> SparkRun:
    """Check `events` — a path or glob, or a Spark DataFrame — against
    instruments `ids` of `model` on Spark (see the module docstring).
    `chunk_bytes`: the size of the byte ranges files are cut into (None:
    `chunks.chunk_size` for the input and the cluster).
    Raises `DiagnosticError` as the streaming path would."""
    from .session import session

    import time

    t0 = time.perf_counter()
    ids = list(dict.fromkeys(ids))
    readings = tuple(readings)
    full = Evaluator(model, ids, (), as_of, readings, ordered=ordered)
    slices = components(full)
    spark = spark or session()
    model_b = dumps(model)
    from .progress import records_accumulator

    acc = records_accumulator(spark)
    watch = _watch(spark, progress) if progress is not None else None
    try:
        if isinstance(events, str):
            paths = _chunks.expand(events)
            fmts = _chunks.formats(paths, fmt)
            label = name or events
            whole: frozenset[int] = frozenset()
            if chunk_bytes is None:
                chunk_bytes = _chunks.chunk_size(sum(_chunks._size(p) for p in paths),
                                                 spark.sparkContext.defaultParallelism)
            while True:
                plan = _chunks.plan_chunks(paths, fmts, chunk_bytes, whole)
                df = spark.sparkContext.parallelize([(dumps(c),) for c in plan], len(plan)).toDF(["c"])
                rows = df.mapInArrow(_file_reader(model_b, ids, readings, as_of, date_from, date_to, strict, acc),
                                     ROWS_SCHEMA)
                rows, sums, acts = _read(rows)
                redo = frozenset(s.fi for s in sums if s.unsafe)
                if not redo:
                    break
                rows.unpersist()
                whole |= redo
            prefix = {(c.fi, c.ck): c.prefix for c in plan}
            fmt_shown = fmts[0] if len(set(fmts)) == 1 else "mixed"
        else:
            label = name or "<dataframe>"
            reader = _frame_reader(model_b, ids, readings, as_of, date_from, date_to, strict, label, acc)
            rows = events.mapInArrow(reader, ROWS_SCHEMA)
            rows, sums, acts = _read(rows)
            prefix, fmt_shown = {}, "table"
        try:
            rep, bases, counts = _account(sums, prefix, label, fmt_shown, strict)
            t1 = time.perf_counter()
            if progress is not None:
                progress(f"read {rep.records:,} records: {counts['checked']:,} events, "
                         f"{rows_kept(rows):,} a clause, situation or notice can use; evaluating "
                         f"{len(slices)} slice{'s' * (len(slices) != 1)}")
            result = _evaluate(spark, rows, model_b, full, slices, readings, as_of, ordered, counts, bases, acts)
            if progress is not None:
                progress(f"done: {rep.records:,} records, {len(result.verdicts):,} verdicts\n")
        finally:
            rows.unpersist()
    finally:
        if watch is not None:
            watch.set()
    unknown: dict[str, int] = {}
    for s in sums:
        for a, n in s.unknown.items():
            unknown[a] = unknown.get(a, 0) + n
    got = SparkRun(result, rep, unknown, counts["late"], counts["total"], slices)
    got.seconds = {"read": t1 - t0, "judge": time.perf_counter() - t1}
    return got


def rows_kept(rows) -> int:
    return rows.where("kind = 'e'").count()


def _read(rows):
    """Run the reading tasks once (persisted): (rows, summaries by file and
    chunk, acts). In the same job: the acts of the events that matter, coded
    reports of one act counted once (check/acts.py)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    got = rows.agg(F.collect_list(F.when(F.col("kind") == "s", F.col("sm"))).alias("sums"),
                   F.count_distinct(F.col("act")).alias("acts")).collect()[0]
    sums = [pickle.loads(b) for b in got.sums]
    sums.sort(key=lambda s: (s.fi, s.ck))
    return rows, sums, got.acts + sum(s.unkept_acts for s in sums)


def _account(sums: list[Summary], prefix: dict, label: str, fmt: str, strict: bool):
    """The reader's report and the evaluator's counts from the summaries;
    raises the error the streaming path would have stopped at."""
    bases: dict[tuple[int, int], int] = {}
    run: dict[int, int] = {}
    for s in sums:
        bases[(s.fi, s.ck)] = run.get(s.fi, 0)
        run[s.fi] = run.get(s.fi, 0) + s.lines
    stops = []
    for s in sums:
        base = bases[(s.fi, s.ck)]
        if s.error is not None:
            err = pickle.loads(s.error)
            shift = base - prefix.get((s.fi, s.ck), 0)
            stops.append(((s.fi, base + s.error_line, s.ck), DiagnosticError(
                [reline_diagnostic(d, shift) for d in err.diagnostics])))
        if strict and s.bad:
            d = reline_diagnostic(s.bad[0], base)
            stops.append(((s.fi, d.span.line, s.ck), DiagnosticError([d])))
    if stops:
        raise min(stops, key=lambda t: t[0])[1]
    comps = {s.compression for s in sums}
    rep = ReadReport(label, fmt, compression=comps.pop() if len(comps) == 1 else "mixed")
    for s in sums:
        rep.lines_read += s.lines
        rep.records += s.records
        rep.good += s.good
        rep.events_yielded += s.yielded
        rep.bad_count += s.bad_count
        rep.no_target += s.no_target
        for k, v in s.bad_by_code.items():
            rep.bad_by_code[k] = rep.bad_by_code.get(k, 0) + v
        for k, v in s.skipped.items():
            rep.skipped[k] = rep.skipped.get(k, 0) + v
        for k, v in s.layouts.items():
            rep.layouts[k] = rep.layouts.get(k, 0) + v
        for k, v in s.notes.items():
            rep.notes[k] = rep.notes.get(k, 0) + v
        if s.first_day is not None and (rep.first_day is None or s.first_day < rep.first_day):
            rep.first_day = s.first_day
        if s.last_day is not None and (rep.last_day is None or s.last_day > rep.last_day):
            rep.last_day = s.last_day
        if rep.mapping is None:
            rep.mapping = s.mapping
        if len(rep.bad) < MAX_BAD_KEPT:
            rep.bad += s.relined(bases[(s.fi, s.ck)])[:MAX_BAD_KEPT - len(rep.bad)]
    rep.complete = True
    counts = {"checked": 0, "matched": 0, "late": 0, "total": 0, "first": None, "last": None}
    for s in sums:
        for k in ("checked", "matched", "late", "total"):
            counts[k] += getattr(s, k)
        if s.first is not None and (counts["first"] is None or s.first < counts["first"]):
            counts["first"] = s.first
        if s.last is not None and (counts["last"] is None or s.last > counts["last"]):
            counts["last"] = s.last
    return rep, bases, counts


def pushdown(model, ids) -> str:
    """The plan's admission test for instruments `ids`, as Spark SQL over
    the fields day, last_key, actor, target, code, action."""
    from ..plan import compile_plan
    from ..plan.sql import predicate

    return predicate(compile_plan(model, ids), True).sql(dialect="spark")


def _evaluate(spark, rows, model_b, full, slices, readings, as_of, ordered, counts, bases, acts):
    """Steps 3–5: the pushdown per slice in Spark SQL, the slices judged on
    executors, their results merged."""
    rows.where("kind = 'e'").drop("sm").createOrReplaceTempView("tl_rows")
    parts = []
    for k, ids in enumerate(slices):
        pred = pushdown(full.model, ids)
        parts.append(f"SELECT {k} AS slice, fi, ck, ln, ei, ev FROM v WHERE {pred}")
    sentinels = ", ".join(f"({k})" for k in range(len(slices)))
    sql = ("""WITH v AS (
  SELECT fi, ck, ln, ei, day, last_key, tm, actor, target, CASE WHEN pacts IS NULL THEN code END AS code,
         coalesce(pa, action) AS action, ev
  FROM tl_rows LATERAL VIEW OUTER explode(pacts) x AS pa)
""" + "\nUNION ALL\n".join(parts)
           + f"\nUNION ALL SELECT s AS slice, NULL, NULL, NULL, NULL, NULL FROM VALUES {sentinels} AS t(s)")
    admitted = spark.sql(sql)
    judged = admitted.groupBy("slice").applyInArrow(
        _judge(model_b, slices, readings, as_of, ordered, counts["first"], counts["last"], bases),
        "slice int, result binary")
    results = {slices[r.slice]: pickle.loads(r.result) for r in judged.collect()}
    return merge(full, results, counts["checked"], counts["matched"], acts)


def _watch(spark, progress):
    from .progress import watch

    return watch(spark, progress)


# ----------------------------------------------------------------- the API's result


def check_events(model, ids, events, *, fmt=None, as_of=None, date_from=None, date_to=None, strict=False,
                 readings=(), ordered=False, name=None, spark=None, progress=None, chunk_bytes: int | None = None):
    """`api.check(..., engine="spark")`: a `CheckResult` with the notes the
    streaming path writes, in its order."""
    from .. import api
    from ..api_types import CheckResult
    from ..report import CheckRun, EventFileInfo
    from ..scenarios.runner import late_note

    got = run_spark(model, ids, events, fmt=fmt, as_of=as_of, date_from=date_from, date_to=date_to, strict=strict,
                    readings=readings, ordered=ordered, name=name, spark=spark, chunk_bytes=chunk_bytes,
                    progress=progress)
    notes = []
    if got.unknown_actions:
        watch = api._UnknownActions(model)
        watch.counts = got.unknown_actions
        notes.append(watch.note())
    if date_from or date_to:
        notes.append("events outside " + " ".join(x for x in (
            f"--from {date_from.isoformat()}" if date_from else "", f"--to {date_to.isoformat()}" if date_to else "")
            if x) + " were skipped (counted under `skipped`)")
    if got.late:
        notes.append(late_note(got.late, got.total, as_of))
    rep = got.report
    run = CheckRun(got.result, model, rep.file, "events", None, EventFileInfo.of(rep), tuple(notes))
    return CheckResult((run,), api._as_of_warnings((run,), as_of), tuple(rep.bad), rep)
