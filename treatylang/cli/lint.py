"""`treatylang lint FILE|ID|FOLDER…`: static diagnostics only.

Clause files (`.tl`), shipped instrument ids (as `check` takes them),
scenario files (loaded against the instruments of their `check` line: the
same diagnostics `check` and `test` would give), and folders of them.
`--format sarif` writes a SARIF 2.1.0 log for code-scanning tools.

Exit 0 when clean (or warnings only), 1 for warnings under --strict, 2 for errors.
"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("lint", help="check clause files (and scenarios) for errors and suspicious rules")
    p.add_argument("paths", nargs="+", metavar="FILE|ID",
                   help="clause files (.tl), shipped instrument ids, scenario files, or folders of them")
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    p.add_argument("--format", choices=("full", "short", "json", "sarif"), default=None,
                   help="diagnostic form (default: the global --diagnostics setting); sarif: a SARIF 2.1.0 log")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import api

    files = len(api.lint_targets(args.paths))
    diags = api.lint(args.paths)
    form = args.format or args.diagnostics
    if form in ("json", "sarif"):
        from .main import utf8_documents

        utf8_documents(form)
    if form == "sarif":
        print(api.render_diagnostics(diags, "sarif"), end="")
    elif diags:
        print(api.render_diagnostics(diags, form))
    if form not in ("json", "sarif"):
        print(("\n" if diags else "") + f"{files} file{'s' * (files != 1)} checked: {api.diagnostics_summary(diags)}")
    if any(d.severity == "error" for d in diags):
        return 2
    if args.strict and any(d.severity == "warning" for d in diags):
        return 1
    return 0
