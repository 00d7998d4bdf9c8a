"""`treatylang sql INSTRUMENT… [--dialect D] [--source S] [--table T | --events FILE]`:
print the plan's pushdown query, to run where the data already is.

* `--dialect bigquery` (default source gdelt2): BigQuery's public GDELT
  events tables (`gdelt-bq.gdeltv2.events`; `--source gdelt1` for
  `gdelt-bq.full.events`, GDELT 1.0 with the back-file).
* `--dialect duckdb --events FILE`: a plain CSV or a GDELT export on disk.
* `--dialect spark|duckdb --table T`: a table with the GDELT columns (or the
  plain CSV columns with `--source csv`).

The result has the columns of a plain treatylang CSV: save it as CSV and run
`treatylang check INSTRUMENT… --events result.csv` (docs/event-data.md).
"""

from __future__ import annotations

import sys

from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span

SOURCES = ("gdelt2", "gdelt1", "gdelt1-back", "csv")


def register(sub) -> None:
    p = sub.add_parser("sql", help="print the pushdown query (DuckDB, BigQuery or Spark SQL) for the instruments",
                       description="Print the SQL that keeps only the events a check of the instruments can use.")
    p.add_argument("instruments", nargs="+", metavar="INSTRUMENT",
                   help="instrument ids (ru_ir_2001) or clause files (.tl)")
    p.add_argument("--dialect", choices=("duckdb", "bigquery", "spark"), default="duckdb",
                   help="SQL dialect (default: duckdb)")
    p.add_argument("--source", choices=SOURCES, default=None,
                   help="the rows' layout: a GDELT layout or a plain CSV (default: from --events, else gdelt2)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--table", metavar="NAME", help="the table to read (default for bigquery: GDELT's public table)")
    g.add_argument("--events", metavar="FILE", help="a file to read (duckdb only): plain CSV or a GDELT export")
    p.set_defaults(func=run)


def _usage(message: str, help: str | None = None) -> DiagnosticError:
    return DiagnosticError([Diagnostic("TL041", message, Span("<command line>", 1, 1, 1, 2), help=help)])


def source_for(args):
    from ..plan.sql import Source, bigquery_source

    if args.events:
        if args.dialect != "duckdb":
            raise _usage("--events reads a local file, which only the duckdb dialect does",
                         "for spark or bigquery, load the file as a table and give --table NAME")
        from ..events import detect_format
        from ..events.files import Source as FileSource

        kind = args.source or detect_format(args.events)
        if kind not in SOURCES:
            raise _usage(f"`{args.events}` is a {kind} file; SQL is printed for GDELT exports and plain CSV",
                         "check it with `treatylang check … --events FILE` instead")
        cols: tuple[str, ...] = ()
        if kind == "csv":
            with FileSource(args.events) as f:
                head = f.head(1 << 16).decode("utf-8", errors="replace").lstrip("\ufeff")
            first = next((line for line in head.splitlines() if line.strip()), "")
            cols = tuple(h.strip().strip('"').lower() for h in first.split(","))
        return Source(kind, path=args.events, csv_columns=cols)
    kind = args.source or "gdelt2"
    if args.table:
        return Source(kind, table=args.table, typed=args.dialect == "bigquery")
    if args.dialect == "bigquery":
        if kind == "csv":
            raise _usage("a CSV table in BigQuery needs --table NAME")
        return bigquery_source(kind)
    return Source(kind, table="events")


def run(args) -> int:
    from ..plan.sql import render_sql
    from .plan import load_plan

    plan = load_plan(args.instruments)
    sys.stdout.write(render_sql(plan, source_for(args), args.dialect))
    return 0
