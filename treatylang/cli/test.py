"""`treatylang test [PATHS] [--format text|junit] [--coverage]`: run every
scenario's expectations, like `opa test`.

PATHS are scenario files or folders searched for `*.scenario` (default: the
current folder). Exit status: 0 every expectation passed (and, with
--coverage, every checkable clause was exercised), 1 some expectation failed
(or, with --coverage, some clause was not exercised), 2 a path is missing or
a scenario does not load (the other scenarios still run and are reported).

The work is `treatylang.api.run_tests`. The semantics of expectations and
of coverage are in treatylang/scenarios/runner.py
and docs/cli.md.
"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("test", help="run the expectations of scenario files (and report clause coverage)",
                       description="Run every scenario's `expect` lines. Exit 0 all pass, 1 failures "
                                   "(or unexercised clauses with --coverage), 2 bad input.")
    p.add_argument("paths", nargs="*", metavar="PATH", default=None,
                   help="scenario files or folders (default: the current folder)")
    p.add_argument("--format", choices=("text", "junit"), default="text", help="output format (default: text)")
    p.add_argument("--coverage", action="store_true",
                   help="list the checkable clauses no scenario exercised; exit 1 if there is one")
    p.add_argument("-v", "--verbose", action="store_true", help="list every expectation, not only failures")
    p.set_defaults(func=run)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def render_text(outcomes: list, verbose: bool = False) -> str:
    """The `--format text` output: a line per scenario, failures in full."""
    out: list[str] = []
    width = max((len(o.path) for o in outcomes), default=0)
    for o in outcomes:
        if o.errors:
            out.append(f"{o.path:<{width}}  ERROR: does not load ({_plural(len(o.errors), 'problem')}, on stderr)")
            continue
        n = len(o.outcomes)
        if not n:
            out.append(f"{o.path:<{width}}  no expectations")
            continue
        failed = o.failed
        status = "ok" if not failed else f"FAILED {len(failed)} of {n}"
        out.append(f"{o.path:<{width}}  {_plural(n, 'expectation')}  {status}")
        for x in o.outcomes:
            if x.passed and not verbose:
                continue
            mark = "pass" if x.passed else "FAIL"
            out.append(f"  {mark} {o.path}:{x.line}: {x.text}")
            if not x.passed:
                out.append(f"       expected: {x.expected}")
                if x.actual:
                    out.append(f"       actual:   {x.actual[0]}")
                    out.extend(f"                 {a}" for a in x.actual[1:])
    total = sum(len(o.outcomes) for o in outcomes)
    failed = sum(len(o.failed) for o in outcomes)
    broken = sum(1 for o in outcomes if o.errors)
    line = f"{_plural(len(outcomes), 'scenario')}, {_plural(total, 'expectation')}: {total - failed} passed, {failed} failed"
    if broken:
        line += f", {broken} scenario{'s' * (broken != 1)} not loaded"
    out += ["", line]
    return "\n".join(out) + "\n"


def render_coverage(cov) -> str:
    """The `--coverage` listing: every checkable clause, exercised or not."""
    n, m = len(cov.clauses), len(cov.clauses) - len(cov.missing)
    out = ["", f"coverage: {m} of {_plural(n, 'checkable clause')} exercised"]
    for cid, word in cov.clauses:
        mark = "  ok  " if cid in cov.exercised else "  MISS"
        by = cov.by.get(cid, ())
        extra = f"  ({_plural(len(by), 'scenario')})" if by else ""
        out.append(f"{mark} {cid} ({word}){extra}")
    if cov.missing:
        out.append(f"not exercised: {', '.join(c for c, _ in cov.missing)}")
    return "\n".join(out) + "\n"


def run(args) -> int:
    from .. import api

    paths = args.paths or ["."]
    tests = api.run_tests(paths)
    outcomes = list(tests.outcomes)
    errors = list(tests.errors)
    if errors:
        print(api.render_diagnostics(errors, args.diagnostics), file=sys.stderr)
    cov = tests.coverage() if args.coverage else None
    if args.format == "junit":
        from .main import utf8_documents

        utf8_documents("junit")
        sys.stdout.write(tests.to_junit())
        if cov is not None:
            sys.stderr.write(render_coverage(cov))
    else:
        sys.stdout.write(render_text(outcomes, args.verbose))
        if cov is not None:
            sys.stdout.write(render_coverage(cov))
    if not outcomes:
        print("no scenario files found", file=sys.stderr)
        return 2
    if errors:
        return 2
    if any(o.failed for o in outcomes):
        return 1
    if cov is not None and cov.missing:
        return 1
    return 0
