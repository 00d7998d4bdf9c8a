"""How long parsing and linting the shipped clause files takes.

    .venv/bin/python benchmarks/bench_parse.py [--repeat N]

Prints, with plain `print`:

* the cold first parse: building the LALR parser from grammars/treaty.lark
  (cached for the rest of the process) plus parsing the first file;
* the warm parse time per file: mean (and best) over N repetitions with the
  parser already built;
* the time to lint all of treaties/ together (parse + resolve + checks), as
  `treatylang lint treaties/` does it, warm, mean over N repetitions;
* the sizes involved.

Timing belongs here, never in tests (design §9). Falls back to the identity
fixtures when treaties/ holds no clause files.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from treatylang.syntax import grammar  # noqa: E402
from treatylang.syntax.parse import parse_text  # noqa: E402


def files() -> list[Path]:
    found = sorted((ROOT / "treaties").glob("*.tl"))
    return found or [ROOT / "tests" / "syntax" / "fixtures" / "identity.tl"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="warm repetitions (default 20)")
    args = ap.parse_args(argv)

    paths = files()
    texts = {p: p.read_text(encoding="utf-8") for p in paths}
    total_chars = sum(len(t) for t in texts.values())
    total_lines = sum(t.count("\n") for t in texts.values())
    print(f"files: {len(paths)} ({total_lines} lines, {total_chars} characters) from {paths[0].parent}")

    # Cold: nothing built yet in this process.
    grammar.parser.cache_clear()
    first = paths[0]
    t0 = time.perf_counter()
    grammar.parser("treaty")
    t1 = time.perf_counter()
    parse_text(texts[first], str(first))
    t2 = time.perf_counter()
    print(f"cold: build parser              {ms(t1 - t0)}")
    print(f"cold: first parse               {ms(t2 - t1)}   ({first.name})")
    print(f"cold: build + first parse       {ms(t2 - t0)}")

    # Warm parse, per file.
    print(f"warm parse, per file (mean / best of {args.repeat}):")
    means = []
    for p in paths:
        runs = []
        for _ in range(args.repeat):
            s = time.perf_counter()
            parse_text(texts[p], str(p))
            runs.append(time.perf_counter() - s)
        means.append(statistics.mean(runs))
        rate = len(texts[p]) / statistics.mean(runs) / 1000
        print(f"  {p.name:<28} {ms(statistics.mean(runs))} / {ms(min(runs))}   ({rate:7.0f} k chars/s)")
    print(f"warm parse, mean per file       {ms(statistics.mean(means))}")
    print(f"warm parse, all files           {ms(sum(means))}")

    # Lint everything together, as `treatylang lint treaties/` does.
    try:
        from treatylang.model.lint import lint_paths
    except ImportError:
        print("lint: treatylang.model.lint not available; skipped")
        return 0
    t0 = time.perf_counter()
    diags = lint_paths(paths)
    first_lint = time.perf_counter() - t0
    runs = []
    for _ in range(args.repeat):
        s = time.perf_counter()
        lint_paths(paths)
        runs.append(time.perf_counter() - s)
    print(f"lint all files, first run       {ms(first_lint)}   ({len(diags)} diagnostics)")
    print(f"lint all files, warm (mean/best){ms(statistics.mean(runs))} / {ms(min(runs))}")
    print(f"lint, warm mean per file        {ms(statistics.mean(runs) / len(paths))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
