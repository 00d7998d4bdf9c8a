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


def register(sub) -> None:
    p = sub.add_parser("sql", help="print the pushdown query (DuckDB, BigQuery or Spark SQL) for the instruments",
                       description="Print the SQL that keeps only the events a check of the instruments can use.")
    p.add_argument("instruments", nargs="+", metavar="INSTRUMENT",
                   help="instrument ids (ru_ir_2001), clause files (.tl), or scenarios (.scenario: the "
                        "instruments they check)")
    p.add_argument("--dialect", choices=("duckdb", "bigquery", "spark"), default="duckdb",
                   help="SQL dialect (default: duckdb)")
    p.add_argument("--source", choices=("gdelt2", "gdelt1", "gdelt1-back", "csv"), default=None,
                   help="the rows' layout: a GDELT layout or a plain CSV (default: from --events, else gdelt2)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--table", metavar="NAME", help="the table to read (default for bigquery: GDELT's public table)")
    g.add_argument("--events", metavar="FILE", help="a file to read (duckdb only): plain CSV or a GDELT export")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import api

    sys.stdout.write(api.plan_sql(args.instruments, dialect=args.dialect, source=args.source, table=args.table,
                                  events=args.events))
    return 0
