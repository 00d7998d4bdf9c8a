"""`treatylang diff --readings A B INSTRUMENT… (SCENARIO… | --events FILE)`:
check the same timeline under two choices of contested readings and list only
the clause instances whose verdict changes — status before and after, the
acts concerned, and the premise (a statement under a reading) that made the
difference.

A and B are each a reading name, several joined by commas, or `default` (the
defaults of every question); questions not named keep their default (a
scenario's `reading` line counts as named). Exit status, as diff(1): 0
nothing changes, 1 something changes, 2 bad input or usage.
"""

from __future__ import annotations

import sys

from .check import print_run_diagnostics, reading_names, split_inputs
from .events import FORMATS


def register(sub) -> None:
    p = sub.add_parser(
        "diff",
        help="check a timeline under two choices of readings; list only the verdicts that change",
        description="Check the same events under readings A and B and list the clause instances whose verdict "
                    "changes, with the acts concerned and the premise that made the difference. Exit 0 nothing "
                    "changes, 1 something changes, 2 bad input or usage.",
    )
    p.add_argument("inputs", nargs="*", metavar="INSTRUMENT|SCENARIO",
                   help="instrument ids or clause files (.tl), and scenario files (.scenario)")
    p.add_argument("--readings", nargs=2, metavar=("A", "B"), required=True,
                   help="the two choices: reading names (comma-separated) or `default`")
    p.add_argument("--events", metavar="FILE", help="an event file (CSV, JSON Lines, GDELT, ICEWS, PLOVER)")
    p.add_argument("--events-format", metavar="F", dest="events_format", default=None,
                   help="the event file's format, when detection is not wanted (" + ", ".join(FORMATS) + ")")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--as-of", metavar="DATE", dest="as_of", default=None,
                   help="the last day of the timeline (overrides a scenario's `as of`)")
    p.set_defaults(func=run)


def side(value: str) -> tuple[str, ...]:
    """One side of `--readings`: names, or () for `default`."""
    return tuple(n for n in reading_names([value]) if n != "default")


def run(args) -> int:
    from .. import api
    from .main import utf8_documents

    instruments, scenarios = split_inputs(args.inputs)
    if not scenarios and not args.events:
        raise api.usage_error("nothing to compare: give a scenario file (.scenario) or --events FILE",
                              "e.g. `treatylang diff --readings s300_outside s300_in_vii "
                              "examples/arms/s300_2016.scenario`")
    result = api.diff(instruments, scenarios, readings_a=side(args.readings[0]), readings_b=side(args.readings[1]),
                      events=args.events, events_format=args.events_format, as_of=args.as_of)
    form = args.diagnostics if args.diagnostics == "json" else "short"
    print_run_diagnostics(result, form)
    utf8_documents(args.format)
    sys.stdout.write(result.to_json() if args.format == "json" else result.to_text())
    sys.stdout.flush()
    return 1 if result.changed else 0
