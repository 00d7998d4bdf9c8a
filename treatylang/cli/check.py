"""`treatylang check INSTRUMENT… (SCENARIO… | --events FILE)`: the report.

Arguments ending in `.scenario` are scenarios; every other positional
argument is an instrument (a shipped id such as `ru_ir_2001`, or a path to a
clause file). A scenario's own `check` line names instruments too; those on
the command line are added to them. With `--events FILE`, the events of that
file are checked against the instruments named on the command line.

Exit status: 0 compliant, 1 a violation found, 2 bad input or usage (every
problem is a diagnostic, rendered by treatylang.cli; never a traceback).

The work is `treatylang.api.check`; this module turns options into its
arguments and prints what it returns: the report on stdout, scenario
warnings and bad event rows on stderr. Progress is shown on stderr only when
stderr is a terminal and the file is big. docs/cli.md documents every option.
"""

from __future__ import annotations

import os
import sys
from typing import Iterable

PROGRESS_MIN_BYTES = 16 << 20  # show progress for files of 16 MiB and more


def _count(text: str) -> int:
    """A non-negative whole number option (argparse reports a bad one, exit 2)."""
    import argparse

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"`{text}` is negative")
    return n

# Suffixes of event files: given without --events, they are a usage error
# that says so, rather than a clause file that does not parse.
EVENT_SUFFIXES = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json", ".gz", ".zip", ".txt", ".export",
                  ".parquet", ".pq", ".arrow", ".feather", ".ipc")


def register(sub) -> None:
    from .events import FORMATS

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
                   help="the event file's format, when detection is not wanted (" + ", ".join(FORMATS) + ")")
    p.add_argument("--format", choices=("text", "json", "html"), default="text",
                   help="report format: the memo, the JSON document, or a self-contained HTML page (default: text)")
    p.add_argument("--max-findings", metavar="N", dest="max_findings", type=_count, default=None,
                   help="findings kept per clause instance; counts stay exact (default: 5; 0 keeps every finding)")
    p.add_argument("--as-of", metavar="DATE", dest="as_of", default=None,
                   help="the last day of the timeline (overrides a scenario's `as of`)")
    p.add_argument("--strict", action="store_true",
                   help="any bad event row, or any warning about a scenario, is fatal (exit 2)")
    p.add_argument("--from", metavar="DATE", dest="date_from", default=None,
                   help="ignore events that end before this day")
    p.add_argument("--to", metavar="DATE", dest="date_to", default=None,
                   help="ignore events that start after this day")
    p.add_argument("--reading", metavar="NAME", dest="readings", action="append", default=[],
                   help="check under this reading of a contested question instead of its default "
                        "(repeatable; NAME,NAME also works); the report names the readings used")
    p.add_argument("--dedupe", action="store_true",
                   help="merge the rows of the file that report the same (day, actor, target, code) into one "
                        "event (machine-coded reports of one act are merged anyway)")
    p.add_argument("--min-mentions", type=int, metavar="N", dest="min_mentions",
                   help="only GDELT events with at least N mentions")
    p.add_argument("--actor", action="extend", nargs="+", metavar="X", dest="actors",
                   help="only events whose actor or target is one of these codes (e.g. RUS IRN, or RUS,IRN)")
    p.add_argument("--min-reports", type=_count, metavar="N", dest="min_reports",
                   help="a machine-coded act counts as a fact only with at least N reports behind it "
                        "(with --min-sources / --min-days: in place of what the clause files ask)")
    p.add_argument("--min-sources", type=_count, metavar="N", dest="min_sources",
                   help="… and from at least N distinct sources (the default asks for 2)")
    p.add_argument("--min-days", type=_count, metavar="N", dest="min_days",
                   help="… and reported on at least N distinct days")
    p.add_argument("--ordered", action="store_true",
                   help="the rows of one day are in the order the events happened (untimed rows first); "
                        "without it row order is not evidence and only times of day order a day's events")
    p.add_argument("--engine", choices=("auto", "python", "duckdb", "spark"), default="auto",
                   help="how an event file is read: python streams it; duckdb scans it with the plan pushed down "
                        "(pip install 'treatylang[duckdb]'); spark checks it, or every file a quoted glob names, "
                        "on Spark (pip install 'treatylang[spark]'; local mode unless a session is active); auto "
                        "(default): python (measured: duckdb is no faster here and needs ten times the memory). "
                        "The report is the same")
    p.set_defaults(func=run)


def reading_names(values) -> tuple[str, ...]:
    """Reading names from repeated and comma-separated options."""
    return tuple(n.strip() for v in values or () for n in v.split(",") if n.strip())


def split_inputs(inputs: Iterable[str]) -> tuple[list[str], list[str]]:
    """(instruments, scenarios) from the positional arguments. An argument
    that looks like an event file is a usage error (TL021) suggesting
    `--events`: checking it as a clause file would only say it does not
    parse."""
    from .. import api

    instruments, scenarios, problems = [], [], []
    for a in inputs:
        if a.endswith(".scenario"):
            scenarios.append(a)
        elif _looks_like_events(a):
            problems.append(api.Diagnostic(
                "TL021", f"`{a}` looks like an event file, not an instrument or a scenario",
                api.command_line_span(), help=f"event files are given with --events: `--events {a}`"))
        else:
            instruments.append(a)
    if problems:
        raise api.DiagnosticError(problems)
    return instruments, scenarios


def _looks_like_events(arg: str) -> bool:
    name = arg.lower()
    if name.endswith((".tl", ".scenario")):
        return False
    if name.endswith(EVENT_SUFFIXES):
        return True
    return False


def _progress_printer(stream):
    """A progress callback for reading an event file: one updating line."""
    def progress(rep, done: int, total: int) -> None:
        if not total or total < PROGRESS_MIN_BYTES:
            return
        pct = min(100, done * 100 // total)
        stream.write(f"\rreading {rep.file}: {pct:3d}%  {rep.records:,} records, {rep.events_yielded:,} events")
        if rep.complete or done >= total:
            stream.write("\n")
        stream.flush()

    return progress


def run(args) -> int:
    from .. import api
    from .main import utf8_documents

    from .events import actor_codes

    actors, more = actor_codes(args.actors)  # `--actor RUS IRN x.scenario` took x.scenario too
    instruments, scenarios = split_inputs(list(args.inputs) + more)
    form = args.diagnostics if args.diagnostics == "json" else "short"
    progress = _progress_printer(sys.stderr) if args.events and _isatty(sys.stderr) else None
    result = api.check(instruments, scenarios, events=args.events, events_format=args.events_format,
                       as_of=args.as_of, date_from=args.date_from, date_to=args.date_to, strict=args.strict,
                       progress=progress, ordered=args.ordered, engine=args.engine, dedupe=args.dedupe,
                       min_mentions=args.min_mentions, actors=actors, corroboration=_corroboration(args),
                       **({} if args.max_findings is None else {"max_findings": args.max_findings or None}),
                       readings=reading_names(args.readings))
    print_run_diagnostics(result, form)
    utf8_documents(args.format)
    result.write(sys.stdout, args.format)
    sys.stdout.flush()
    return 0 if result.compliant else 1


def print_run_diagnostics(result, form: str) -> None:
    """Bad event rows and warnings of a run, on stderr. With `--diagnostics
    json` they are one JSON array and nothing else, so stderr parses."""
    from .. import api

    rep = getattr(result, "read_report", None)
    if form == "json":
        if result.bad_rows or result.warnings:
            print(api.render_diagnostics(list(result.bad_rows) + list(result.warnings), form), file=sys.stderr)
        return
    if result.bad_rows:
        print(api.render_diagnostics(result.bad_rows, form), file=sys.stderr)
        if rep is not None:
            if rep.bad_count > len(result.bad_rows):
                print(f"… and {rep.bad_count - len(result.bad_rows)} more bad rows (only the first "
                      f"{len(result.bad_rows)} are listed)", file=sys.stderr)
            print(f"{rep.file}: {rep.bad_count} bad row{'s' * (rep.bad_count != 1)} not checked "
                  "(--strict makes them fatal)", file=sys.stderr)
    if result.warnings:
        print(api.render_diagnostics(result.warnings, form), file=sys.stderr)


def _isatty(stream) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _corroboration(args):
    """What --min-reports / --min-sources / --min-days ask of every coded act
    (a count not given is 1), or None when none is given."""
    if args.min_reports is None and args.min_sources is None and args.min_days is None:
        return None
    return (args.min_reports or 1, args.min_sources or 1, args.min_days or 1)
