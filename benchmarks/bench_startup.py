"""Start-up time of the `treatylang` command, in fresh processes.

    .venv/bin/python benchmarks/bench_startup.py [--repeat N]

Prints, for each command line, the best and median wall time over N runs
(each a new `python -m treatylang …` process, so imports are paid every
time), next to a bare `python -c pass` for scale:

* `--version` — must import neither the parser nor the model (target ≤ 0.15 s);
* `python -c "import treatylang"` — the package alone (the API is lazy);
* `lint ru_ir_2001` — a small lint (parser, model, shipped vocabulary);
* `check ru_ir_2001 examples/aggression_aid.scenario` — a small check.

Machines are noisy (the CI machine is shared): compare the ratios to the
bare interpreter within one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUNS = [
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("import treatylang", [sys.executable, "-c", "import treatylang"]),
    ("treatylang --version", [sys.executable, "-m", "treatylang", "--version"]),
    ("treatylang lint ru_ir_2001", [sys.executable, "-m", "treatylang", "lint", "ru_ir_2001"]),
    ("treatylang check (small scenario)", [sys.executable, "-m", "treatylang", "check", "ru_ir_2001",
                                          "examples/aggression_aid.scenario"]),
]


def wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=15)
    n = ap.parse_args().repeat
    for _, cmd in RUNS:  # warm the OS cache and lark's parser cache once
        wall(cmd)
    base = None
    print(f"{'command':36} {'best':>8} {'median':>8} {'× python':>9}")
    for label, cmd in RUNS:
        times = [wall(cmd) for _ in range(n)]
        best, med = min(times), statistics.median(times)
        base = base or best
        print(f"{label:36} {best:8.3f} {med:8.3f} {best / base:9.1f}")


if __name__ == "__main__":
    main()
