"""The public Python API: what the command line, the pytest plugin, the
language server and the reports are built on. `import treatylang` exposes
every name in `__all__` (lazily: `treatylang --version` imports none of it).

    load_instruments(ids or paths)       → Model
    load_scenario(path)                  → Scenario (loaded against the model of its `check` line)
    read_events(path or iterable)        → events (a streaming reader for a file)
    check(instruments, scenarios | events=…, as_of=…, readings=…, …)  → CheckResult
    diff(instruments, scenarios | events=…, readings_a=…, readings_b=…)  → DiffResult
    lint(paths or ids), lint_text(text)  → [Diagnostic]
    format_text(text, filename)          → canonical text
    run_tests(paths)                     → TestRun (scenario expectations, coverage, JUnit)

Every problem with the input is raised as `DiagnosticError`, whose
`.diagnostics` are the same `Diagnostic` objects the command line renders
(`render_diagnostics` gives the command line's text). docs/api.md has
examples, run as doctests.

Options of `check` are keyword arguments with defaults, so new ones (added by
other parts of treatylang) never break a caller.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .check.engine import evaluate
from attrs import evolve

from .check.results import Finding, Result, Verdict, cap_result
from .check.values import AttributeValues
from .diagnostics import Diagnostic, DiagnosticError, render as _render, summary_line as _summary_line
from .events import FORMATS as EVENT_FORMATS
from .events import Event, EventReader, ReadReport, open_events
from .events.cameo import QUAD_CLASSES as CAMEO_QUAD_CLASSES
from .events.cameo import codebook as cameo_codebook
from .events.model import parse_date
from .model import Corroboration, Model, load_model, resolve_instrument_arg, shipped_index
from .model.lint import lint_model
from .report import DEFAULT_MAX_FINDINGS, CheckRun, EventFileInfo
from .scenarios.load import Scenario, scenario_from_ast
from .api_types import CheckResult, TestRun
from .check.diff import compare as compare_readings
from .model.readings import choose as choose_readings
from .report.diff_report import DiffResult, DiffRun
from .scenarios.runner import (Coverage, ModelCache, ScenarioOutcome, check_loaded, instrument_ids, late_note,
                               run_loaded, scenario_files)
from .limits import Limits, use as use_limits
from .source import Span

__all__ = [
    # problems
    "Diagnostic", "DiagnosticError", "Span", "render_diagnostics", "diagnostics_summary",
    "command_line_span",
    # loading
    "Model", "Scenario", "Event", "EventReader", "ReadReport", "EVENT_FORMATS",
    "shipped_instruments", "load_instruments", "load_scenario", "read_events", "open_events", "read_text",
    "cameo_codebook", "CAMEO_QUAD_CLASSES",
    # checking
    "check", "CheckResult", "Result", "Verdict", "Finding", "ModelCache", "diff", "DiffResult",
    # saved reports
    "load_report", "write_report", "REPORT_FORMATS",
    # the compiled plan (what a check looks for) and its SQL
    "plan_of", "plan_text", "plan_sql",
    # static tools
    "lint", "lint_text", "lint_targets", "inspect_file", "Inspection", "format_text", "write_formatted",
    # scenario tests
    "run_tests", "run_scenario", "find_scenario_files", "scenario_from_text", "TestRun", "ScenarioOutcome",
    "Coverage",
    # reading limits (docs/limits.md)
    "Limits", "use_limits",
]

NOTICE_ACTION = "notice_of_termination"
MAX_UNKNOWN_LISTED = 5
CLAUSE_SUFFIX = ".tl"
SCENARIO_SUFFIX = ".scenario"

PathLike = str | os.PathLike


# ----------------------------------------------------------------- problems


def render_diagnostics(diagnostics: Sequence[Diagnostic], form: str = "full") -> str:
    """Diagnostics as the command line shows them: `form` is "full" (source
    line, caret, help), "short" (`file:line:col: CODE severity: message`),
    "json" (an array) or "sarif" (a SARIF 2.1.0 log)."""
    if form == "sarif":
        from .sarif import render_sarif

        return render_sarif(diagnostics)
    return _render(diagnostics, form)


def diagnostics_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``2 errors, 1 warning`` (or ``no problems``)."""
    return _summary_line(diagnostics)


def command_line_span() -> Span:
    """The place of a diagnostic about the command line (or the call) itself."""
    return Span("<command line>", 1, 1, 1, 2)


def usage_error(message: str, help: str | None = None, code: str = "TL005") -> DiagnosticError:
    """A problem with what the caller asked for (not with a file)."""
    return DiagnosticError([Diagnostic(code, message, command_line_span(), help=help)])


def _date(value: _dt.date | str | None, what: str, last: bool = False) -> _dt.date | None:
    """A date given as a `date` or as ISO text (TL004 when it is not one);
    `last`: the last day of an imprecise date (`2003` → 2003-12-31)."""
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        first, final, _ = parse_date(str(value))
    except ValueError as e:
        raise usage_error(f"bad {what} date: {e}", "give a date as YYYY-MM-DD", "TL004") from None
    return final if last else first


# ----------------------------------------------------------------- loading


def shipped_instruments() -> dict[str, str]:
    """The instruments that ship with treatylang: id → path of its clause file."""
    return dict(shipped_index())


def _names(instruments) -> list[str]:
    if instruments is None:
        return []
    if isinstance(instruments, (str, os.PathLike)):
        return [os.fspath(instruments)]
    return [os.fspath(i) for i in instruments]


def load_instruments(instruments: PathLike | Iterable[PathLike], *, cache: ModelCache | None = None) -> Model:
    """The model of the named instruments: shipped ids (``ru_ir_2001``) or
    clause files (their imports are followed). Raises DiagnosticError with
    every problem of every file; the model's warnings are `model.warnings`."""
    names = _names(instruments)
    if not names:
        raise usage_error("no instrument named", "name a shipped instrument id (e.g. `ru_ir_2001`) or a clause file")
    return (cache or ModelCache()).get(names)


def load_scenario(path: PathLike, instruments: PathLike | Iterable[PathLike] = (), *,
                  cache: ModelCache | None = None) -> Scenario:
    """Read a scenario once and load it against the model of the instruments
    its `check` line names (plus `instruments`). The model is on
    `scenario.model`. Raises DiagnosticError with every problem at once."""
    from .scenarios.load import load_scenario_and_model

    return load_scenario_and_model(os.fspath(path), _names(instruments), cache or ModelCache())[0]


FRAME_TYPES = {("pandas", "DataFrame"), ("polars", "DataFrame"), ("polars", "LazyFrame"),
               ("pyarrow", "Table"), ("pyarrow", "RecordBatch")}


def _is_frame(x) -> bool:
    return (type(x).__module__.split(".")[0], type(x).__name__) in FRAME_TYPES


def read_events(source, *, format: str | None = None, strict: bool = False,
                date_from: _dt.date | str | None = None, date_to: _dt.date | str | None = None,
                progress: Callable | None = None, name: str | None = None,
                actors: Iterable[str] | None = None, min_mentions: int | None = None,
                dedupe: bool = False) -> Iterable[Event]:
    """Events to check. `source` is

    * an event file (CSV, JSON Lines, GDELT, ICEWS, PLOVER, Parquet …;
      `format` overrides detection), or a pandas / polars DataFrame or a
      pyarrow Table / RecordBatch whose columns follow one of those layouts
      (`name` is shown in provenance, default ``<dataframe>``) — returned as a
      streaming `EventReader` whose `.report` counts good, skipped and bad
      rows;
    * or an iterable of `Event` objects, returned as a list (filtered by
      `date_from`/`date_to`).

    `actors` keeps the events whose actor or target is one of those codes,
    `min_mentions` those a GDELT row gives at least that many mentions, and
    `dedupe` merges the rows of one file that report the same (day, actor,
    target, code) into one event (what `treatylang events` does with the
    same options; for files only).

    Raises DiagnosticError for a file or table that cannot be read or
    recognised, and (with `strict`) at the first bad row."""
    date_from, date_to = _date(date_from, "--from"), _date(date_to, "--to", last=True)
    if isinstance(source, (str, os.PathLike)):
        return open_events(os.fspath(source), fmt=format, strict=strict, date_from=date_from, date_to=date_to,
                           progress=progress, actors=actors, min_mentions=min_mentions, dedupe=dedupe,
                           **({"name": name} if name else {}))
    if isinstance(source, EventReader):
        return source
    if _is_frame(source):
        from .events.frames import events_from_frame

        return events_from_frame(source, name=name or "<dataframe>", strict=strict, date_from=date_from,
                                 date_to=date_to, progress=progress, actors=actors, min_mentions=min_mentions,
                                 dedupe=dedupe)
    try:
        items = list(source)
    except TypeError:
        raise TypeError(f"read_events: expected a path or an iterable of Event, not {type(source).__name__}") from None
    for i, e in enumerate(items):
        if not isinstance(e, Event):
            raise TypeError(f"read_events: item {i} is a {type(e).__name__}, not a treatylang Event")
    keep = frozenset(actors) if actors is not None else None

    def wanted(e: Event) -> bool:
        if not _in_range(e, date_from, date_to):
            return False
        if keep is not None and e.actor not in keep and e.target not in keep:
            return False
        n = e.attr("num_mentions") if min_mentions is not None else None
        return n is None or not n.isdigit() or int(n) >= min_mentions

    return [e for e in items if wanted(e)]


def _in_range(e: Event, date_from: _dt.date | None, date_to: _dt.date | None) -> bool:
    return not ((date_from is not None and e.end_day < date_from) or (date_to is not None and e.day > date_to))


# ----------------------------------------------------------------- checking


def check(instruments: PathLike | Model | Iterable[PathLike] = (), scenarios=(), *, events=None,
          events_format: str | None = None, as_of: _dt.date | str | None = None,
          date_from: _dt.date | str | None = None, date_to: _dt.date | str | None = None,
          strict: bool = False, progress: Callable | None = None,
          cache: ModelCache | None = None, max_findings: int | None = DEFAULT_MAX_FINDINGS,
          readings: Iterable[str] = (), ordered: bool = False, engine: str = "python", dedupe: bool = False,
          min_mentions: int | None = None, actors: Iterable[str] | None = None,
          corroboration=None) -> CheckResult:
    """Check timelines against instruments; return a `CheckResult`.

    Give `scenarios` (paths, or `Scenario`s from `load_scenario`; each is its
    own timeline; its `check` line names instruments, `instruments` adds
    more) or `events` (an event file, or an iterable of `Event`s, checked
    against `instruments` only). `as_of` is the last day of the timeline;
    events outside [`date_from`, `date_to`] are left out, and the report says
    how many. With `strict`, a scenario warning or a bad event row raises
    DiagnosticError instead of being reported on the result. `max_findings`
    caps the findings kept per clause instance (None: keep all); verdicts
    and every count stay exact (docs/cli.md, `--max-findings`). `readings` names
    readings of contested questions to check under instead of their
    defaults (docs/language.md, "Readings"); each run's `result.readings`
    says which were used. `ordered`: the events of one day happened in the
    order they are given (a scenario says so with `order as written`);
    otherwise only times of day order them (docs/semantics.md §1.2). `engine` ("python", "duckdb",
    "auto") says how an event file is read: see `treatylang.plan.duck` (the
    same report either way; the filters and `corroboration` below read it
    with Python); "spark" checks an event file, a glob of them or a Spark
    DataFrame (`events`) on Spark (`treatylang.spark`, same report; a Spark
    DataFrame is always checked on Spark). As on the command line, paths
    ending in `.scenario` among `instruments` are taken as scenarios.
    `dedupe`, `min_mentions`, `actors` filter an event file as for
    `read_events`. `corroboration` (a `treatylang.model.Corroboration`) is
    what every machine-coded act needs behind it, in place of what the
    clause files declare (docs/semantics.md §2.1); a (reports, sources,
    days) tuple is taken as one."""
    if corroboration is not None and not isinstance(corroboration, Corroboration):
        corroboration = Corroboration(*corroboration)
    readings = tuple(readings)
    as_of = _date(as_of, "--as-of", last=True)
    date_from, date_to = _date(date_from, "--from"), _date(date_to, "--to", last=True)
    if date_from and date_to and date_from > date_to:
        raise usage_error(f"--from {date_from} is after --to {date_to}",
                          "--from is the first day kept and --to the last: swap them", "TL004")
    if isinstance(scenarios, (str, os.PathLike, Scenario)):
        scenarios = [scenarios]
    scenarios = list(scenarios or ())
    if not isinstance(instruments, Model):
        # As on the command line, a `.scenario` path among the instruments is
        # a scenario: `check(["x.scenario"])` checks it rather than saying
        # "nothing to check".
        given = _names(instruments)
        found = [n for n in given if n.endswith(".scenario")]
        if found:
            instruments = [n for n in given if not n.endswith(".scenario")]
            scenarios = found + scenarios
    if events_format and events is None:
        raise usage_error("--events-format needs --events FILE",
                          "name the event file with --events FILE, or leave --events-format out", "TL004")
    if scenarios and events is not None:
        raise usage_error("give scenarios or --events FILE, not both",
                          "a scenario is a timeline of its own; check an event file on its own", "TL004")
    if not scenarios and events is None:
        raise usage_error("nothing to check: give a scenario file (.scenario) or --events FILE",
                          "e.g. `treatylang check ru_ir_2001 examples/aggression_aid.scenario`")
    cache = cache or ModelCache()
    if isinstance(instruments, Model):
        model, names = instruments, list(instruments.instruments)
    else:
        model, names = None, _names(instruments)
    if events is not None:
        if model is None:
            if not names:
                raise usage_error("no instrument to check the events against",
                                  "name instruments first: `treatylang check ru_ir_2001 --events FILE`")
            model = cache.get(names)
        return _capped(_check_events(model, names, events, events_format, as_of, date_from, date_to, strict,
                                     progress, readings, ordered, engine, dict(dedupe=dedupe, min_mentions=min_mentions,
                                                                               actors=actors), corroboration,
                                     max_findings), max_findings)
    runs, warnings, problems = [], [], []
    for s in scenarios:
        try:
            run = _check_scenario(s, model, names, cache, as_of, date_from, date_to, readings, ordered)
        except DiagnosticError as e:
            problems.extend(e.diagnostics)
            continue
        if strict and any(w.severity == "warning" for w in run.warnings):  # notes (TL422) stay notes
            problems.extend(run.warnings)
            continue
        warnings.extend(run.warnings)
        runs.append(run)
    if problems:
        raise DiagnosticError(problems)
    return _capped(CheckResult(tuple(runs), tuple(warnings) + _as_of_warnings(runs, as_of)), max_findings)


def _capped(result: CheckResult, max_findings: int | None) -> CheckResult:
    """`result` with at most `max_findings` findings kept per clause instance."""
    if max_findings is None:
        return result
    result.runs = tuple(evolve(r, result=cap_result(r.result, max_findings)) for r in result.runs)
    return result


# ----------------------------------------------------------------- saved reports

REPORT_FORMATS = ("text", "json", "html")


def load_report(path: PathLike) -> dict:
    """A JSON report saved from `check --format json`, as the report
    document (raises DiagnosticError: TL001/TL002, TL050 not JSON, TL051 not
    a treatylang report, TL052 lacking what rendering needs)."""
    from .report.saved import load

    return load(str(path))


def write_report(doc: dict, out, format: str = "text") -> None:
    """Render a report document (`load_report`, `CheckResult.to_dict()`) as
    the memo, JSON or the HTML page to the text stream `out`."""
    from .report.saved import render

    out.write(render(doc, format))


def _check_scenario(s, model: Model | None, names: list[str], cache: ModelCache, as_of, date_from, date_to,
                    readings=(), ordered: bool = False) -> CheckRun:
    if isinstance(s, Scenario) and (s.model is not None or model is not None) and not (names and model is None):
        scen = s
    else:  # a path, or a Scenario to load against more instruments
        scen = load_scenario(s.path if isinstance(s, Scenario) else s, names, cache=cache)
    return check_loaded(scen, names, model, as_of, date_from, date_to, readings, ordered)


def _as_of_warnings(runs: Sequence[CheckRun], as_of: _dt.date | None) -> tuple[Diagnostic, ...]:
    """TL020 when nothing was checked although there was something to check:
    --as-of leaves out every event, --from/--to leave out every event of a
    scenario, or an event file yields no event at all (every row bad,
    skipped or outside the window). The report would otherwise read "0
    events checked" and look compliant — or "not in force"."""
    out = []
    for r in runs:
        said = False
        for n in r.notes:
            if n.startswith("--as-of") and "before every event" in n:
                said = True
                out.append(Diagnostic("TL020", f"{r.source}: {n}", Span("<command line>", 1, 1, 1, 2),
                                      help="choose a later --as-of, or leave it out to end the timeline at the "
                                           "last event"))
        if said or getattr(r.result, "events_checked", 1):
            continue
        if r.kind == "scenario" and any(n.endswith("outside --from/--to not checked") for n in r.notes):
            out.append(Diagnostic("TL020", f"{r.source}: every event is outside --from/--to: nothing was checked",
                                  Span("<command line>", 1, 1, 1, 2),
                                  help="widen --from/--to, or leave them out"))
        elif r.kind == "events":
            out.append(Diagnostic("TL020", f"{r.source}: no event of the file was checked (every row bad, skipped "
                                  "or outside --from/--to): nothing was checked", Span("<command line>", 1, 1, 1, 2),
                                  help=f"`treatylang events {r.source}` says what was read and why rows were "
                                       "skipped"))
    return tuple(out)


class _UnknownActions:
    """Counts events that name an action no loaded clause file declares: they
    can match nothing, and a report must say so rather than drop them
    silently."""

    def __init__(self, model: Model) -> None:
        self.known = set(model.actions) | {NOTICE_ACTION, "ratification"}
        self.counts: dict[str, int] = {}

    def watch(self, events: Iterable[Event]) -> Iterator[Event]:
        known, counts = self.known, self.counts
        for e in events:
            a = e.action
            if a is not None and a not in known:
                counts[a] = counts.get(a, 0) + 1
            yield e

    def note(self) -> str | None:
        if not self.counts:
            return None
        n = sum(self.counts.values())
        names = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        listed = ", ".join(f"`{a}` ×{c}" for a, c in names[:MAX_UNKNOWN_LISTED])
        more = f" and {len(names) - MAX_UNKNOWN_LISTED} more" if len(names) > MAX_UNKNOWN_LISTED else ""
        return (f"{n} event{'s' * (n != 1)} name{'s' * (n == 1)} an action that no loaded clause file declares "
                f"({listed}{more}); {'it matches' if n == 1 else 'they match'} no clause or situation")


class _Late:
    """Counts the events after the end of the timeline (the evaluator skips
    them; the report must say how many)."""

    def __init__(self, as_of: _dt.date | None) -> None:
        self.as_of, self.late, self.total = as_of, 0, 0

    def watch(self, events: Iterable[Event]) -> Iterator[Event]:
        as_of = self.as_of
        for e in events:
            self.total += 1
            if as_of is not None and e.day > as_of:
                self.late += 1
            yield e


def _window_notes(date_from, date_to) -> list[str]:
    if not (date_from or date_to):
        return []
    return ["events outside " + " ".join(x for x in (
        f"--from {date_from.isoformat()}" if date_from else "", f"--to {date_to.isoformat()}" if date_to else "")
        if x) + " were skipped (counted under `skipped`)"]


def _check_events(model: Model, names: list[str], events, fmt, as_of, date_from, date_to, strict,
                  progress, readings=(), ordered: bool = False, engine: str = "python",
                  filters: dict | None = None, corroboration=None, max_findings: int | None = None) -> CheckResult:
    """Stream events, in any order, through the evaluator (it keeps what a
    clause can use and judges it once the file is read). With the DuckDB
    engine, DuckDB scans the file with the plan pushed down (same report).
    The evaluator keeps at most `max_findings` findings per clause instance
    (exact counts; the report `_capped` makes from the full result)."""
    ids = instrument_ids(names, model) if names else list(model.instruments)
    choose_readings(model, readings)  # an unknown reading is reported before the file is read
    if engine == "spark" or _is_spark_frame(events):
        if any(v for v in (filters or {}).values()) or corroboration is not None:
            raise usage_error("the Spark engine does not take the event filters (--dedupe, --min-mentions, "
                              "--actor) or corroboration overrides (--min-reports, --min-sources, --min-days)",
                              "check the file with --engine python, or leave those options out", code="TL004")
        return _check_on_spark(model, ids, events, fmt, as_of, date_from, date_to, strict, progress, readings,
                               ordered)
    source = read_events(events, format=fmt, strict=strict, date_from=date_from, date_to=date_to,
                         progress=progress, **(filters or {}))
    reader = source if isinstance(source, EventReader) else None
    if reader is not None and reader.validate is None:
        # Attribute values the analyst wrote must fit the declared types
        # (TL513, a bad row; treatylang.check.values).
        reader.validate = AttributeValues(model)
    notes = []
    # The DuckDB executor reads a file as published: the filters and
    # corroboration overrides are the Python reader's and evaluator's.
    if any(v for v in (filters or {}).values()) or corroboration is not None:
        engine = "python"
    if reader is not None and engine != "python":
        from .plan.duck import check_file

        got = check_file(reader, model, ids, engine, as_of, date_from, date_to, strict, progress, readings, ordered,
                         max_findings)
        if isinstance(got, str):
            notes.append(got)  # why DuckDB did not read it: streamed below
        elif got is not None:
            if got.unknown_actions:
                watch = _UnknownActions(model)
                watch.counts = got.unknown_actions
                notes.append(watch.note())
            notes += _window_notes(date_from, date_to)
            if got.late:
                notes.append(late_note(got.late, got.report.events_yielded, as_of))
            run = CheckRun(got.result, model, reader.name, "events", None, EventFileInfo.of(got.report),
                           tuple(notes))
            return CheckResult((run,), _as_of_warnings((run,), as_of), tuple(got.report.bad), got.report)
    # Only hand-written formats can name actions; coded data carries codes.
    named = reader is None or reader.format in ("csv", "jsonl")

    def watched():
        watch, late = _UnknownActions(model), _Late(as_of)
        stream = late.watch(source)
        return watch, late, (watch.watch(stream) if named else stream)

    watch, late, stream = watched()
    from .plan.pyexec import evaluate_planned

    # The plan's filter first (docs/architecture.md): same result as
    # `evaluate`, with only the acts a clause or situation can bind kept.
    result = evaluate_planned(model, ids, stream, (), as_of, None, readings, ordered=ordered,
                              corroboration=corroboration, max_findings=max_findings)
    note = watch.note()
    if note:
        notes.append(note)
    notes += _window_notes(date_from, date_to)
    if late.late:
        notes.append(late_note(late.late, late.total, as_of))
    info = EventFileInfo.of(reader.report) if reader is not None else None
    label = reader.name if reader is not None else "<events>"
    run = CheckRun(result, model, label, "events", None, info, tuple(notes))
    bad = tuple(reader.report.bad) if reader is not None else ()
    return CheckResult((run,), _as_of_warnings((run,), as_of), bad, reader.report if reader is not None else None)


def diff(instruments: PathLike | Model | Iterable[PathLike] = (), scenarios=(), *, readings_a: Iterable[str] = (),
         readings_b: Iterable[str] = (), events=None, events_format: str | None = None,
         as_of: _dt.date | str | None = None, cache: ModelCache | None = None) -> DiffResult:
    """Check the same timelines under readings A and under readings B (names;
    questions not named keep their default, or a scenario's `reading` line)
    and keep only the clause instances whose verdict changes, each with the
    acts concerned and the premises that made the difference
    (`treatylang diff`; docs/semantics.md §15.3)."""
    cache = cache or ModelCache()
    a, b = tuple(readings_a), tuple(readings_b)
    # Every finding is kept (no cap): a finding left out could hide a change.
    ra = check(instruments, scenarios, events=events, events_format=events_format, as_of=as_of, cache=cache,
               readings=a, max_findings=None)
    rb = check(instruments, scenarios, events=events, events_format=events_format, as_of=as_of, cache=cache,
               readings=b, max_findings=None)
    runs = []
    for run_a, run_b in zip(ra.runs, rb.runs):
        model = run_a.model
        scen = next((s for s in scenario_list(scenarios) if _same_path(s, run_a.source)), None)
        own = getattr(scen, "readings", ()) if isinstance(scen, Scenario) else _scenario_readings_of(run_a, cache)
        ca = choose_readings(model, _over(model, own, a))
        cb = choose_readings(model, _over(model, own, b))
        changes, unchanged = compare_readings(model, run_a.result, run_b.result, ca, cb)
        runs.append(DiffRun(run_a, run_b, ca, cb, changes, unchanged))
    return DiffResult(tuple(runs), ra.warnings, ra.bad_rows)


def scenario_list(scenarios) -> list:
    if isinstance(scenarios, (str, os.PathLike, Scenario)):
        return [scenarios]
    return list(scenarios or ())


def _same_path(s, source: str) -> bool:
    return isinstance(s, Scenario) and str(s.path) == str(source)


def _scenario_readings_of(run: CheckRun, cache: ModelCache) -> tuple[str, ...]:
    """The `reading` line of the scenario a run checked (none for events)."""
    if run.kind != "scenario":
        return ()
    from .scenarios.load import load_scenario as _load

    return _load(run.source).readings


def _over(model: Model, own: Sequence[str], extra: Sequence[str]) -> tuple[str, ...]:
    """`own` readings with those of `extra` in place for their questions."""
    qs = {model.readings[n].question for n in extra if n in model.readings}
    return tuple(n for n in own if n in model.readings and model.readings[n].question not in qs) + tuple(extra)


def _is_spark_frame(x) -> bool:
    return type(x).__module__.split(".")[0] == "pyspark" and type(x).__name__ == "DataFrame"


def _check_on_spark(model: Model, ids, events, fmt, as_of, date_from, date_to, strict, progress, readings,
                    ordered) -> CheckResult:
    """`engine="spark"`: an event file or glob, or a Spark DataFrame, checked
    on Spark (treatylang/spark; the same report as streaming)."""
    from .spark.progress import stderr_line
    from .spark.run import check_events as spark_check

    if isinstance(events, (str, os.PathLike)):
        events = os.fspath(events)
    elif not _is_spark_frame(events):
        raise usage_error("the Spark engine reads event files (a path or a glob) and Spark DataFrames",
                          "give --events PATH, or events=spark_dataframe", code="TL004")
    return spark_check(model, ids, events, fmt=fmt, as_of=as_of, date_from=date_from, date_to=date_to,
                       strict=strict, readings=readings, ordered=ordered,
                       progress=stderr_line if progress is not None else None)


# ----------------------------------------------------------------- the plan


def plan_of(instruments: PathLike | Iterable[PathLike], *, cache: ModelCache | None = None):
    """The compiled plan of a check of `instruments` (`treatylang.plan.Plan`):
    per clause and situation trigger, the event codes, the actor and target
    sets and the days — what every executor looks for."""
    from .plan import compile_plan

    names = _plan_names(_names(instruments))
    model = load_instruments(names, cache=cache)
    return compile_plan(model, instrument_ids(names, model))


def _plan_names(names: list[str]) -> list[str]:
    """The instruments to plan: a `.scenario` among them stands for the
    instruments its `check` line names (as `check x.scenario` would check)."""
    out: list[str] = []
    for n in names:
        if not n.endswith(SCENARIO_SUFFIX):
            out.append(n)
            continue
        out.extend(load_scenario(n).instruments)  # a scenario without `check` is TL404
    return list(dict.fromkeys(out))


def plan_text(instruments: PathLike | Iterable[PathLike]) -> str:
    """The plan as `treatylang plan` prints it."""
    from .plan import render_plan

    return render_plan(plan_of(instruments))


def plan_sql(instruments: PathLike | Iterable[PathLike], *, dialect: str = "duckdb", source: str | None = None,
             table: str | None = None, events: PathLike | None = None) -> str:
    """The plan's pushdown query in `dialect` (duckdb, bigquery, spark) over
    `table` (GDELT's public table in BigQuery by default), or over the file
    `events` (duckdb only); `source` is the rows' layout (gdelt2, gdelt1,
    gdelt1-back, csv; default: the file's, else gdelt2). Needs sqlglot."""
    from .plan.sql import render_sql, source_for

    return render_sql(plan_of(instruments), source_for(dialect, source, table, events), dialect)


# ----------------------------------------------------------------- static tools


def _lint_targets(paths: Iterable[PathLike]) -> tuple[list[str], list[Path], list[Diagnostic], list[str]]:
    """(clause files, scenario files, problems, clause files found in
    folders) from paths, folders and ids. Clause files named directly (or
    as ids) come first in `clauses`; those found in folders are both in
    `clauses` (for the count) and in the fourth list (each is its own model)."""
    clauses: list[str] = []
    scenarios: list[Path] = []
    problems: list[Diagnostic] = []
    in_folders: list[str] = []
    for p in paths:
        s = os.fspath(p)
        path = Path(s)
        if path.is_dir():
            for f in sorted(f for f in path.rglob("*") if f.is_file() and f.suffix in (CLAUSE_SUFFIX, SCENARIO_SUFFIX)
                            and not any(part.startswith(".") for part in f.relative_to(path).parts)):
                (scenarios.append(f) if f.suffix == SCENARIO_SUFFIX else in_folders.append(str(f)))
        elif s.endswith(SCENARIO_SUFFIX):
            scenarios.append(path)
        elif path.exists():
            clauses.append(s)
        else:
            try:
                clauses.append(resolve_instrument_arg(s))
            except DiagnosticError:
                problems.append(Diagnostic("TL001", f"no such file or folder, and no shipped instrument: {s}",
                                           Span(s, 1, 1, 1, 2),
                                           help="check the path; shipped instruments: "
                                                + ", ".join(sorted(shipped_index()))))
    return clauses + in_folders, scenarios, problems, in_folders


def lint_targets(paths: PathLike | Iterable[PathLike]) -> list[str]:
    """The files `lint` reads for `paths`: clause files (shipped ids as their
    files), scenario files, and those under folders; paths that name
    nothing are left out (lint reports them)."""
    clauses, scenarios, _, _ = _lint_targets(_names(paths))
    return list(dict.fromkeys(clauses + [str(s) for s in scenarios]))


def lint(paths: PathLike | Iterable[PathLike], *, overlay: dict[str, str] | None = None) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings, sorted) for clause files,
    shipped instrument ids, scenario files, or folders of them. `overlay`
    maps a path to text to use instead of the file's contents (an editor's
    unsaved buffer). Problems with the paths themselves are TL001.

    Clause files named directly are one model (names are global across
    them, as in `check`); each clause file found in a FOLDER is its own
    model with its own imports, as the editor sees it — a folder of
    independent examples is not one program."""
    clauses, scenarios, out, in_folders = _lint_targets(_names(paths))
    named = clauses[:len(clauses) - len(in_folders)]
    if named:
        out += _lint_clause_files(named, overlay)
    for f in in_folders:
        out += _lint_clause_files([f], overlay)
    cache = ModelCache(overlay)
    for s in scenarios:
        try:
            out += load_scenario(s, cache=cache).warnings
        except DiagnosticError as e:
            out += e.diagnostics
    return sorted(dict.fromkeys(out), key=Diagnostic.sort_key)


def _lint_clause_files(paths: list[str], overlay: dict[str, str] | None) -> list[Diagnostic]:
    try:
        model = load_model(paths, overlay=overlay)
    except DiagnosticError as e:
        return list(e.diagnostics)
    return lint_model(model)


class Inspection:
    """One file as an editor sees it: every diagnostic (as `lint` gives
    them), and what loaded — the `model` of a clause file (with the files it
    imports) or of a scenario's instruments, and the `scenario` — or None
    where errors stopped loading."""

    def __init__(self, diagnostics, model=None, scenario=None) -> None:
        self.diagnostics = diagnostics
        self.model = model
        self.scenario = scenario


def inspect_file(path: PathLike, *, overlay: dict[str, str] | None = None) -> Inspection:
    """Diagnostics and model of one clause file or scenario, loading each
    file once; `overlay` maps paths to unsaved texts (an editor's buffers)."""
    path = os.fspath(path)
    if path.endswith(SCENARIO_SUFFIX):
        try:
            scen = load_scenario(path, cache=ModelCache(overlay)) if not overlay or path not in overlay else \
                _scenario_from_overlay(path, overlay)
        except DiagnosticError as e:
            return Inspection(sorted(e.diagnostics, key=Diagnostic.sort_key))
        return Inspection(list(scen.warnings), scen.model, scen)
    try:
        model = load_model([path], overlay=overlay)
    except DiagnosticError as e:
        return Inspection(sorted(e.diagnostics, key=Diagnostic.sort_key))
    return Inspection(lint_model(model), model)


def _scenario_from_overlay(path: str, overlay: dict[str, str]) -> Scenario:
    """A scenario whose text is an unsaved buffer, loaded against its model."""
    from .scenarios.load import load_scenario_text_and_model

    return load_scenario_text_and_model(overlay[path], path, ModelCache(overlay))[0]


def lint_text(text: str, filename: str) -> list[Diagnostic]:
    """Diagnostics for the text of one clause or scenario file (imports and
    `check` lines are read from disk, relative to `filename`)."""
    return lint([filename], overlay={filename: text})


def format_text(text: str, filename: str = "<string>") -> str:
    """The canonical layout of a clause file (a scenario when `filename` ends
    in `.scenario`), every comment kept. Raises DiagnosticError if the text
    does not parse."""
    from .syntax.formatter import format_text as _fmt

    return _fmt(text, filename)


def write_formatted(path: PathLike, text: str) -> None:
    """Replace a file's contents atomically (what `treatylang fmt` does)."""
    from .syntax.formatter import write_atomic

    write_atomic(Path(path), text)


def read_text(path: PathLike) -> str:
    """A source file's text, or DiagnosticError (TL001/TL002: missing,
    unreadable, not UTF-8, binary)."""
    from .syntax import read_source

    return read_source(path)


# ----------------------------------------------------------------- scenario tests


def run_scenario(scenario: PathLike | Scenario, *, cache: ModelCache | None = None) -> ScenarioOutcome:
    """Check one scenario and match its `expect` lines. Never raises for bad
    input: load problems are the outcome's `errors`."""
    path = scenario.path if isinstance(scenario, Scenario) else os.fspath(scenario)
    try:
        scen = scenario if isinstance(scenario, Scenario) and scenario.model is not None \
            else load_scenario(path, cache=cache)
    except DiagnosticError as e:
        return ScenarioOutcome(path, errors=tuple(e.diagnostics))
    return run_loaded(scen)


def run_tests(paths: PathLike | Iterable[PathLike] = (".",)) -> TestRun:
    """Run the expectations of every scenario the paths name (files, and
    `*.scenario` under folders, except below `fixtures`/`cases` folders).
    Raises DiagnosticError (TL001) for a path that does not exist."""
    cache = ModelCache()
    return TestRun([run_scenario(p, cache=cache) for p in scenario_files(_names(paths))])


def find_scenario_files(paths: Iterable[PathLike]) -> list[Path]:
    """The scenario files named by `paths` (see `run_tests`)."""
    return scenario_files(_names(paths))


def scenario_from_text(text: str, filename: str, model: Model | None = None) -> Scenario:
    """A scenario from text (for editors); see `load_scenario`."""
    from .syntax.scenario_ast import parse_scenario_text

    return scenario_from_ast(parse_scenario_text(text, filename), filename, model, text)

