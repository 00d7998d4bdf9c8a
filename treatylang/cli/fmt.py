"""`treatylang fmt [--check] FILE…`: canonical layout, comments kept, atomic rewrite.

Exit 0 when every file is (now) canonical; with --check, 1 when some file
would change (and they are named); 2 when a file does not parse (nothing is
rewritten then).
"""

from __future__ import annotations

from ._files import expand


def register(sub) -> None:
    p = sub.add_parser("fmt", help="rewrite clause and scenario files in canonical layout")
    p.add_argument("paths", nargs="+", metavar="FILE", help=".tl / .scenario files or folders")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import api

    files = expand(args.paths, (".tl", ".scenario"))
    problems: list = []
    results: list[tuple] = []
    for f in files:
        try:
            text = api.read_text(f)
            results.append((f, text, api.format_text(text, str(f))))
        except api.DiagnosticError as e:
            problems.extend(e.diagnostics)
    if problems:
        raise api.DiagnosticError(problems)
    changed = [(f, new) for f, old, new in results if old != new]
    if args.check:
        for f, _ in changed:
            print(f"would reformat {f}")
        print(f"{len(changed)} of {len(files)} file{'s' * (len(files) != 1)} would change")
        return 1 if changed else 0
    for f, new in changed:
        api.write_formatted(f, new)
        print(f"reformatted {f}")
    print(f"{len(changed)} of {len(files)} file{'s' * (len(files) != 1)} reformatted")
    return 0
