"""End-to-end benchmark of `treatylang check` (prints its figures; not a test).

1. Synthesises plain CSV event files of N events (a realistic mix of CAMEO
   codes and actors, mostly irrelevant to the treaties, a few violations) and
   times `treatylang check ru_ir_2001 caspian_2001 --events FILE` end to end in
   a fresh process, for N = 10^4, 10^5, 10^6: wall time, events per second
   and the child's peak resident memory.
2. With --gdelt N, synthesises an N-row GDELT 2.0 export from real row
   shapes (benchmarks/gdelt_synth.py) and times the same check of it.
3. Times a small check, start-up included (the README's main command).

Targets (docs/architecture.md, brief §9): 10^6 events in ≤ 10 s and ≤ 500 MB;
a small check in ≤ 0.5 s wall.

    python benchmarks/bench_check.py [--sizes 10000 100000 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (code, weight): verbal cooperation dominates news-coded data; material
# conflict (18–20) and aid (06x, 07x) are rarer.
CODES = [("010", 18), ("020", 6), ("036", 6), ("040", 8), ("042", 4), ("043", 5), ("046", 4), ("051", 3),
         ("057", 2), ("061", 2), ("062", 1), ("071", 1), ("072", 1), ("073", 1), ("111", 4), ("112", 4),
         ("120", 3), ("130", 2), ("138", 1), ("141", 2), ("173", 2), ("190", 2), ("193", 1), ("0871", 1)]
ACTORS = [("USA", 20), ("RUS", 8), ("IRN", 6), ("CHN", 8), ("GBR", 5), ("FRA", 5), ("DEU", 5), ("ISR", 4),
          ("TUR", 4), ("SYR", 3), ("AZE", 2), ("KAZ", 2), ("IND", 4), ("UKR", 4), ("SAU", 3)]


def synthesise(path: Path, n: int, seed: int = 2001) -> None:
    """Write `n` time-ordered events as plain CSV (date, actor, target, code, id, source)."""
    rng = random.Random(seed)
    codes, cw = zip(*CODES)
    actors, aw = zip(*ACTORS)
    start = dt.date(2002, 1, 1)
    span = 9000  # days: 2002 → 2026, across entry into force and supersession
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["date", "actor", "target", "code", "id", "source"])
        for i in range(n):
            day = start + dt.timedelta(days=i * span // n)
            a, t = rng.choices(actors, aw, k=2)
            if a == t:
                t = "USA" if a != "USA" else "RUS"
            w.writerow([day.isoformat(), a, t, rng.choices(codes, cw)[0], f"e{i}", f"https://example.org/{i}"])


def run(cmd: list[str]) -> tuple[float, int, float]:
    """Wall seconds, exit status and peak RSS (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if p.returncode > 1:
        sys.exit(f"check failed ({p.returncode}): {p.stderr.decode()[-2000:]}")
    # ru_maxrss is the largest child so far (KiB on Linux): run sizes in
    # increasing order so each figure is this run's own peak.
    return wall, p.returncode, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=5, help="runs of the small check")
    ap.add_argument("--gdelt", type=int, default=1_000_000, metavar="N",
                    help="rows of the synthetic GDELT 2.0 export to check (0: skip)")
    args = ap.parse_args()
    exe = [sys.executable, "-m", "treatylang"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'events':>10} {'wall s':>8} {'events/s':>10} {'peak MB':>8}  exit")
        for n in sorted(args.sizes):
            path = Path(tmp) / f"events-{n}.csv"
            synthesise(path, n)
            wall, code, peak = run(exe + ["check", "ru_ir_2001", "caspian_2001", "--events", str(path),
                                          "--format", "json"])
            print(f"{n:>10} {wall:>8.2f} {n / wall:>10,.0f} {peak:>8.0f}  {code}")
            path.unlink()
        if args.gdelt:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from gdelt_synth import synthesise_gdelt

            path = Path(tmp) / "synthetic.export.CSV"
            synthesise_gdelt(path, args.gdelt)
            wall, code, peak = run(exe + ["check", "ru_ir_2001", "caspian_2001", "--events", str(path),
                                          "--format", "json"])
            print(f"GDELT 2.0 export, {args.gdelt:,} rows: {wall:.2f} s, {args.gdelt / wall:,.0f} rows/s, "
                  f"peak {peak:.0f} MB, exit {code}")
    walls = []
    for _ in range(args.repeat):
        wall, _, _ = run(exe + ["check", "ru_ir_2001", "examples/aggression_aid.scenario"])
        walls.append(wall)
    walls.sort()
    print(f"small check (start-up included): median {walls[len(walls) // 2]:.3f} s, best {walls[0]:.3f} s "
          f"over {len(walls)} runs")


if __name__ == "__main__":
    main()
