"""`treatylang report RUN.json [--format text|html|json]`: render a saved
JSON report (from `check --format json`) again, without re-running the
check — e.g. the HTML page of a run made on another machine. Byte for byte
what `check --format FMT` printed for the same run (docs/cli.md). Exit 0
compliant, 1 a violation in the report, 2 bad input (TL001, TL002,
TL050–TL052)."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser(
        "report",
        help="render a saved JSON report as the memo or an HTML page",
        description="Render a JSON report written by `treatylang check --format json` as the memo (text), "
                    "a self-contained HTML page, or JSON again. Exit 0 compliant, 1 a violation in the report, "
                    "2 bad input.",
    )
    p.add_argument("file", metavar="RUN.json", help="a report written by `treatylang check --format json`")
    p.add_argument("--format", choices=("text", "html", "json"), default="text", help="output format (default: text)")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import api
    from .main import utf8_documents

    doc = api.load_report(args.file)
    utf8_documents(args.format)
    api.write_report(doc, sys.stdout, args.format)
    sys.stdout.flush()
    return 0 if doc.get("compliant", True) else 1
