"""`treatylang lint FILE…`: static diagnostics only.

Exit 0 when clean (or warnings only), 1 for warnings under --strict, 2 for errors.
"""

from __future__ import annotations


from ..diagnostics import render, summary_line
from ..model.lint import lint_paths
from ._files import expand


def register(sub) -> None:
    p = sub.add_parser("lint", help="check clause files for errors and suspicious rules")
    p.add_argument("paths", nargs="+", metavar="FILE", help="clause files (.tl) or folders of them")
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    p.add_argument("--format", choices=("full", "short", "json"), default=None,
                   help="diagnostic form (default: the global --diagnostics setting)")
    p.set_defaults(func=run)


def run(args) -> int:
    files = expand(args.paths, (".tl",))
    diags = lint_paths(files)
    form = args.format or args.diagnostics
    if diags:
        print(render(diags, form))
    if form != "json":
        print(("\n" if diags else "") + f"{len(files)} file{'s' * (len(files) != 1)} checked: {summary_line(diags)}")
    if any(d.severity == "error" for d in diags):
        return 2
    if args.strict and any(d.severity == "warning" for d in diags):
        return 1
    return 0
