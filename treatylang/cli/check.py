"""`treatylang check INSTRUMENT… (SCENARIO… | --events FILE)`: the report.

Arguments ending in `.scenario` are scenarios; every other positional
argument is an instrument (a shipped id such as `ru_ir_2001`, or a path to a
clause file). A scenario's own `check` line names instruments too; those on
the command line are added to them. With `--events FILE`, the events of that
file are checked against the instruments named on the command line.

Exit status: 0 compliant, 1 a violation found, 2 bad input or usage (every
problem is a diagnostic, rendered by treatylang.cli; never a traceback).

Event files are streamed: one pass, events handed to the evaluator as they
are read. When the file turns out not to be in time order (the evaluator
raises `OutOfOrder`), it is read again into memory and sorted, and the
report says so. Bad rows are listed on stderr with file:line and reason,
counted in the report, and the check runs on the good rows; `--strict` makes
the first bad row fatal (exit 2). Progress is shown on stderr only when
stderr is a terminal and the file is big.

docs/cli.md documents every option.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from typing import Iterable, Iterator

from ..diagnostics import Diagnostic, DiagnosticError, render
from ..events.model import Event, parse_date
from ..source import Span

# The evaluator, the model and the reports are imported when `check` runs, not
# when the command line is built, so other commands start without them.

NOTICE_ACTION = "notice_of_termination"
PROGRESS_MIN_BYTES = 16 << 20  # show progress for files of 16 MiB and more
MAX_UNKNOWN_LISTED = 5


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="check scenarios or an event file against instruments; report verdicts with evidence",
        description="Check timelines of dated events against treaty clauses. Exit 0 compliant, "
                    "1 a violation found, 2 bad input or usage.",
    )
    p.add_argument("inputs", nargs="*", metavar="INSTRUMENT|SCENARIO",
                   help="instrument ids (ru_ir_2001) or clause files (.tl), and scenario files (.scenario)")
    p.add_argument("--events", metavar="FILE", help="an event file (CSV, JSON Lines, GDELT, ICEWS, PLOVER)")
    p.add_argument("--events-format", metavar="F", dest="events_format", default=None,
                   help="the event file's format, when detection is not wanted "
                        "(csv, jsonl, gdelt1, gdelt1-back, gdelt2, icews, plover, plover-jsonl)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    p.add_argument("--as-of", metavar="DATE", dest="as_of", default=None,
                   help="the last day of the timeline (overrides a scenario's `as of`)")
    p.add_argument("--strict", action="store_true",
                   help="any bad event row, or any warning about a scenario, is fatal (exit 2)")
    p.add_argument("--from", metavar="DATE", dest="date_from", default=None,
                   help="ignore events that end before this day")
    p.add_argument("--to", metavar="DATE", dest="date_to", default=None,
                   help="ignore events that start after this day")
    p.set_defaults(func=run)


# ----------------------------------------------------------------- helpers


def usage_error(message: str, help: str | None = None, code: str = "TL005") -> DiagnosticError:
    return DiagnosticError([Diagnostic(code, message, Span("<command line>", 1, 1, 1, 2), help=help)])


def option_date(value: str | None, option: str, last: bool = False) -> _dt.date | None:
    """A date given on the command line (TL004 when it is not one)."""
    if value is None:
        return None
    try:
        first, final, _ = parse_date(value)
    except ValueError as e:
        raise usage_error(f"bad {option} date: {e}", "give a date as YYYY-MM-DD", "TL004") from None
    return final if last else first


def split_inputs(inputs: Iterable[str]) -> tuple[list[str], list[str]]:
    """(instruments, scenarios) from the positional arguments."""
    instruments, scenarios = [], []
    for a in inputs:
        (scenarios if a.endswith(".scenario") else instruments).append(a)
    return instruments, scenarios


class UnknownActions:
    """Counts events that name an action no loaded clause file declares: they
    can match nothing, and a report must say so rather than drop them
    silently."""

    def __init__(self, model) -> None:
        self.known = set(model.actions) | {NOTICE_ACTION}
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


def _progress_printer(stream):
    """A progress callback for `open_events` that writes one updating line."""
    def progress(rep, done: int, total: int) -> None:
        if not total or total < PROGRESS_MIN_BYTES:
            return
        pct = min(100, done * 100 // total)
        stream.write(f"\rreading {rep.file}: {pct:3d}%  {rep.records:,} records, {rep.events_yielded:,} events")
        if rep.complete or done >= total:
            stream.write("\n")
        stream.flush()

    return progress


# ----------------------------------------------------------------- the runs


def check_events(path: str, instruments: list[str], cache, fmt, as_of, date_from, date_to,
                 strict: bool, progress=None):
    """Stream one event file through the evaluator; returns the CheckRun and
    the reader's report."""
    from ..check.engine import OutOfOrder, evaluate, evaluate_unordered
    from ..events import open_events
    from ..report import CheckRun, EventFileInfo
    from ..scenarios.runner import instrument_ids

    model = cache.get(instruments)
    ids = instrument_ids(instruments, model)
    reader = open_events(path, fmt=fmt, strict=strict, date_from=date_from, date_to=date_to, progress=progress)
    notes = []
    # Only hand-written formats can name actions; coded data carries codes.
    named = reader.format in ("csv", "jsonl")
    watch = UnknownActions(model)
    try:
        result = evaluate(model, ids, watch.watch(reader) if named else reader, (), as_of)
    except OutOfOrder as e:
        notes.append(f"the events are not in time order (first at {e.event.provenance.file}:"
                     f"{e.event.provenance.line}): the file was read again, and the events a clause can use "
                     "were sorted in memory")
        watch = UnknownActions(model)
        result = evaluate_unordered(model, ids, watch.watch(reader) if named else reader, (), as_of)
    note = watch.note()
    if note:
        notes.append(note)
    if date_from or date_to:
        notes.append("events outside " + " ".join(x for x in (
            f"--from {date_from.isoformat()}" if date_from else "", f"--to {date_to.isoformat()}" if date_to else "")
            if x) + " were skipped (counted under `skipped`)")
    info = EventFileInfo.of(reader.report)
    return CheckRun(result, model, str(path), "events", None, info, tuple(notes)), reader.report


def run(args) -> int:
    from ..scenarios.runner import ModelCache, check_scenario

    instruments, scenarios = split_inputs(args.inputs)
    as_of = option_date(args.as_of, "--as-of", last=True)
    date_from = option_date(args.date_from, "--from")
    date_to = option_date(args.date_to, "--to", last=True)
    if date_from and date_to and date_from > date_to:
        raise usage_error(f"--from {args.date_from} is after --to {args.date_to}", code="TL004")
    if args.events_format and not args.events:
        raise usage_error("--events-format needs --events FILE", code="TL004")
    if scenarios and args.events:
        raise usage_error("give scenarios or --events FILE, not both",
                          "a scenario is a timeline of its own; check an event file on its own", "TL004")
    if not scenarios and not args.events:
        raise usage_error("nothing to check: give a scenario file (.scenario) or --events FILE",
                          "e.g. `treatylang check ru_ir_2001 examples/aggression_aid.scenario`")
    form = args.diagnostics if args.diagnostics == "json" else "short"
    cache = ModelCache()
    runs = []
    if args.events:
        if not instruments:
            raise usage_error("no instrument to check the events against",
                              "name instruments first: `treatylang check ru_ir_2001 --events FILE`")
        progress = _progress_printer(sys.stderr) if _isatty(sys.stderr) else None
        run_, rep = check_events(args.events, instruments, cache, args.events_format, as_of, date_from, date_to,
                                 args.strict, progress)
        if rep.bad:
            print(render(rep.bad, form), file=sys.stderr)
            if rep.bad_count > len(rep.bad):
                print(f"… and {rep.bad_count - len(rep.bad)} more bad rows (only the first {len(rep.bad)} "
                      "are listed)", file=sys.stderr)
            print(f"{rep.file}: {rep.bad_count} bad row{'s' * (rep.bad_count != 1)} not checked "
                  "(--strict makes them fatal)", file=sys.stderr)
        runs.append(run_)
    else:
        problems: list[Diagnostic] = []
        for path in scenarios:
            try:
                _, run_ = check_scenario(path, instruments, cache, as_of, date_from, date_to)
            except DiagnosticError as e:
                problems.extend(e.diagnostics)
                continue
            if args.strict and run_.warnings:
                problems.extend(run_.warnings)
                continue
            if run_.warnings:
                print(render(run_.warnings, form), file=sys.stderr)
            runs.append(run_)
        if problems:
            raise DiagnosticError(problems)
    write_report(runs, args.format)
    return 0 if all(r.result.compliant for r in runs) else 1


def write_report(runs, fmt: str) -> None:
    if fmt == "json":
        from ..report.json_report import render as render_json

        text = render_json(runs)
    else:
        from ..report.text import render as render_text

        text = render_text(runs)
    sys.stdout.write(text)
    sys.stdout.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
