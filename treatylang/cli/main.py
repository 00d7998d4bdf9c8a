"""The `treatylang` command. Exit status: 0 success/compliant, 1 findings
(violations, failing expectations, files fmt would change, lint warnings under
--strict), 2 bad input or usage, 3 an internal error (a bug in treatylang).

No input may produce a traceback: diagnostics are rendered, and anything
unexpected is reported as TL901 with a request to file a bug.

The command line is a thin layer over the public API (treatylang.api): it
parses options, calls the API, and prints. Nothing here imports the API (or
the parser and the model behind it) until a command runs, so
`treatylang --version` and `--help` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from .. import __version__
from . import _limits

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_BUG = 0, 1, 2, 3

# One module per subcommand in this package. Each exposes `register(subparsers)`,
# which adds its parser and sets `func` to a function `(args) -> exit status`.
COMMANDS = ("check", "test", "lint", "fmt", "events", "report", "lsp", "diff", "plan", "sql")


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep its message short."""


class _CommandParser(_Parser):
    """A subcommand's parser: options may come between the inputs, as in
    `check ru_ir_2001 --as-of 2020-01-01 x.scenario` (plain argparse gives
    "unrecognized arguments" once a `*` positional has been consumed)."""

    _intermixed = False

    def parse_known_args(self, args=None, namespace=None):
        if self._intermixed:  # parse_known_intermixed_args calls back here
            return super().parse_known_args(args, namespace)
        self._intermixed = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixed = False


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="treatylang", description="Clause files for international agreements, and a compliance checker.")
    p.add_argument("--version", action="version", version=f"treatylang {__version__}")
    p.add_argument(
        "--diagnostics",
        choices=("full", "short", "json"),
        default="full",
        help="how problems in input files are shown (default: full)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f".{name}", __package__)
        except ModuleNotFoundError as e:  # a command not built yet must not break the others
            if e.name and e.name.endswith(f"cli.{name}"):
                continue
            raise
        mod.register(sub)
    _limits.add_options(p, suppress=False)
    for sp in sub.choices.values():
        _limits.add_options(sp, suppress=True)
    return p


def report_diagnostics(err, form: str) -> None:
    """Print every diagnostic of a failed stage to stderr in the chosen form."""
    from .. import api

    print(api.render_diagnostics(err.diagnostics, form), file=sys.stderr)
    if form not in ("json", "sarif"):
        print(f"\n{api.diagnostics_summary(err.diagnostics)}", file=sys.stderr)


# Input text reaches the output (an attribute named in an event file's header,
# an actor's name): no control character of it may reach the terminal raw (an
# ESC recolours or moves the cursor, a CR overwrites a line). On stdout, C0
# controls other than tab and newline become control pictures, and C1 controls
# become the JSON escape `\u00XX` — which keeps a JSON document valid and its
# value unchanged (json.dumps already escapes C0 characters inside strings).
_STDOUT_VISIBLE = {i: 0x2400 + i for i in range(0x20) if i not in (9, 10)} | {0x7F: 0x2421} | {
    i: f"\\u{i:04x}" for i in range(0x80, 0xA0)}


class _VisibleWriter:
    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(text.translate(_STDOUT_VISIBLE))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def utf8_documents(fmt: str) -> None:
    """JSON, SARIF, JUnit XML and HTML are UTF-8 documents (RFC 8259; the
    XML declaration and the page say so): write them so whatever the
    locale's encoding."""
    if fmt in ("json", "html", "sarif", "junit") and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


class _visible_output:
    def __enter__(self) -> None:
        self._saved = sys.stdout
        # A console whose encoding lacks a character the memo uses (an em dash
        # on latin-1 or cp1252) must not turn a report into TL901.
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="backslashreplace")
        sys.stdout = _VisibleWriter(sys.stdout)  # type: ignore[assignment]

    def __exit__(self, *exc) -> None:
        sys.stdout = self._saved


def main(argv: list[str] | None = None) -> int:
    try:  # building the parser imports every command's module: Ctrl-C may come then
        parser = build_parser()
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        from ..api import DiagnosticError, use_limits

        try:
            with use_limits(_limits.from_args(args)), _visible_output():
                return int(args.func(args))
        except DiagnosticError as err:
            report_diagnostics(err, args.diagnostics)
            return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # pragma: no cover - the safety net itself
        print(
            "TL901 error: internal error — this is a bug in treatylang, not in your input.\n"
            "Please report it with the command you ran. Details:\n" + traceback.format_exc(limit=3).splitlines()[-1],
            file=sys.stderr,
        )
        return EXIT_BUG


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    entry()
