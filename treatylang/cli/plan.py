"""`treatylang plan INSTRUMENT…`: print the compiled plan a check runs.

The plan lists, for every clause and situation trigger of the named
instruments, the action, its CAMEO codes and PLOVER types, the actors and
targets it can bind, its attribute tests and the days it can apply — what
every executor (the streaming Python path, the DuckDB engine, the SQL of
`treatylang sql`) looks for. Exit 0, or 2 for bad input.
"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("plan", help="print what a check of the instruments looks for (the compiled plan)",
                       description="Print the compiled plan: per clause and situation trigger, the event codes, "
                                   "actor and target sets, attribute tests and date window.")
    p.add_argument("instruments", nargs="+", metavar="INSTRUMENT",
                   help="instrument ids (ru_ir_2001), clause files (.tl), or scenarios (.scenario: the "
                        "instruments they check)")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import api

    sys.stdout.write(api.plan_text(args.instruments))
    return 0
