"""treatylang's executors side by side with the peers, in one run (prints figures; not a test).

    python benchmarks/bench_plan.py [--sizes 1000000 10000000] [--memory 10000000] [--gdelt 0] [--repeat 3]

1. The peer property (../shared/bench/peer/): for each size N, the stream is
   written as CSV (the peers' gen_csv.py), then, alternating the commands in
   each round so that the machine's noise falls on all of them alike:
   DuckDB's SQL for the property (duck.py), reelay's monitor and the
   hand-written loop (when a scratch venv with reelay exists: --reelay-python),
   and `treatylang check peer_property.tl --events FILE --format json` with
   each engine. Printed: best wall time of the rounds, peak RSS, the number
   of violations each reports, and the ratio to the DuckDB query.
2. Engine only: the evaluator on the pre-loaded stream (events built in
   memory first), events per second: with the plan's filter (what `check`
   runs when it streams) and without.
3. Memory: `treatylang check ru_ir_2001 caspian_2001 --format json` on
   synthetic event files (benchmarks/bench_check.py's mix) of 10^6 rows and
   --memory rows, each engine: peak RSS.
4. With --gdelt N: an N-row GDELT 2.0 export (benchmarks/gdelt_synth.py),
   checked with the DuckDB engine, against a bare DuckDB scan of the same
   file (count of lines). Needs ~N × 600 bytes of disk; the file is deleted.
5. Start-up: `treatylang check ru_ir_2001 examples/aggression_aid.scenario`.

Quote ratios from one run (docs: "machines are noisy").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT / ".." / "shared" / "bench" / "peer"
PY = sys.executable
TL = [PY, "-m", "treatylang"]


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float, str]:
    """(wall seconds, the child's peak RSS in MB, stdout) of one command in a
    fresh process (GNU time reports the peak)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, capture_output=True)
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode()[-3000:]}")
    peak = int(p.stderr.decode().strip().splitlines()[-1]) / 1024
    return wall, peak, p.stdout.decode()


def violations(report: str) -> int:
    return json.loads(report)["summary"]["violations"]


FELL_BACK = "read by streaming, not by DuckDB"


def fell_back(report: str) -> str:
    """A mark for a DuckDB run that fell back to streaming (its note says why)."""
    return "  (FELL BACK TO STREAMING)" if FELL_BACK in report else ""


# What every checker must report on the peer stream (../shared/bench/peer/README.md).
EXPECTED = {100_000: 596, 1_000_000: 6_246, 10_000_000: 61_816}


def peer_section(sizes: list[int], rounds: int, reelay_python: str | None, tmp: Path) -> None:
    print("\n== the peer property (RUS aids x while x's attack on IRN lasts) ==")
    tl = str(PEER / "peer_property.tl")
    for n in sizes:
        csv = tmp / f"peer-{n}.csv"
        subprocess.run([PY, str(PEER / "gen_csv.py"), str(n), str(csv)], check=True, cwd=PEER)
        cmds: dict[str, list[str]] = {
            "duckdb SQL (duck.py property)": [PY, str(PEER / "duck.py"), "property", str(csv)],
            # --ordered: the peers read file order as time order (gen_csv.py
            # writes it so); without it, same-day rows are unordered and
            # their acts `unknown` (docs/semantics.md §1.2).
            "treatylang --engine duckdb": TL + ["check", tl, "--events", str(csv), "--format", "json",
                                               "--engine", "duckdb", "--ordered"],
            "treatylang --engine python": TL + ["check", tl, "--events", str(csv), "--format", "json",
                                               "--engine", "python", "--ordered"],
        }
        if n <= 1_000_000:
            cmds["hand-written loop (py_bench.py)"] = [PY, str(PEER / "py_bench.py"), str(n)]
            if reelay_python:
                cmds["reelay (reelay_bench2.py, condense off)"] = [reelay_python, str(PEER / "reelay_bench2.py"),
                                                                  str(n), "0"]
        best: dict[str, tuple[float, float, str]] = {}
        for _ in range(rounds):
            for name, cmd in cmds.items():
                wall, peak, out = timed(cmd, cwd=PEER)
                if name not in best or wall < best[name][0]:
                    best[name] = (wall, peak, out)
        base = best["duckdb SQL (duck.py property)"][0]
        print(f"\nN = {n:,} ({csv.stat().st_size / 1e6:.0f} MB CSV), best of {rounds} alternating rounds, "
              f"load {os.getloadavg()[0]:.1f} after them")
        print(f"  {'checker':<42} {'wall s':>8} {'÷ duckdb':>9} {'peak MB':>8}  violations / output")
        for name, (wall, peak, out) in best.items():
            said = str(violations(out)) + fell_back(out) if name.startswith("treatylang") else \
                out.strip().splitlines()[-1]
            if n in EXPECTED and name.startswith("treatylang") and violations(out) != EXPECTED[n]:
                said += f"  (EXPECTED {EXPECTED[n]:,})"
            print(f"  {name:<42} {wall:>8.2f} {wall / base:>9.1f} {peak:>8.0f}  {said}")
        csv.unlink()


def engine_only(n: int, tmp: Path) -> None:
    """The evaluator alone on a pre-loaded stream."""
    print("\n== engine only (events pre-loaded in memory) ==")
    csv = tmp / f"peer-{n}.csv"
    subprocess.run([PY, str(PEER / "gen_csv.py"), str(n), str(csv)], check=True, cwd=PEER)
    code = f"""
import time
from treatylang.check.engine import evaluate
from treatylang.plan.pyexec import evaluate_planned
from treatylang.events import open_events
from treatylang.model import load_instruments
m = load_instruments([{str(PEER / 'peer_property.tl')!r}])
evs = list(open_events({str(csv)!r}))
for f in (evaluate_planned, evaluate):
    t = time.perf_counter()
    r = f(m, list(m.instruments), evs, ordered=True)
    dt = time.perf_counter() - t
    print(f.__name__, len(evs), dt, r.violation_count())
"""
    _, _, out = timed([PY, "-c", code])
    for row in out.splitlines():
        f, k, dt, v = row.split()
        print(f"  peer property, {f:<17} {int(k):,} events: {float(dt):.2f} s = {int(k) / float(dt):,.0f} events/s, "
              f"{v} violations (load {os.getloadavg()[0]:.1f})")
    csv.unlink()


def memory_section(sizes: list[int], tmp: Path) -> None:
    print("\n== peak memory: ru_ir_2001 + caspian_2001, JSON report ==")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_check import synthesise

    print(f"  {'rows':>12} {'engine':>8} {'wall s':>8} {'peak MB':>8} {'load':>5}")
    for n in sizes:
        path = tmp / f"mix-{n}.csv"
        synthesise(path, n)
        for engine in ("duckdb", "python"):
            wall, peak, out = timed(TL + ["check", "ru_ir_2001", "caspian_2001", "--events", str(path), "--format",
                                          "json", "--engine", engine])
            print(f"  {n:>12,} {engine:>8} {wall:>8.2f} {peak:>8.0f} {os.getloadavg()[0]:>5.1f}{fell_back(out)}")
        path.unlink()


def gdelt_section(n: int, tmp: Path) -> None:
    print(f"\n== {n:,} GDELT-shaped rows: DuckDB engine vs a bare DuckDB scan ==")
    need = n * 700
    free = shutil.disk_usage(tmp).free
    if free < need * 1.3:
        print(f"  skipped: {free / 1e9:.0f} GB free, about {need / 1e9:.0f} GB needed")
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from gdelt_synth import synthesise_gdelt

    path = tmp / "big.export.CSV"
    t = time.perf_counter()
    synthesise_gdelt(path, n)
    print(f"  generated {path.stat().st_size / 1e9:.1f} GB in {time.perf_counter() - t:.0f} s")
    try:
        scan = (f"import duckdb,time;t=time.perf_counter();print(duckdb.sql(\"SELECT count(*) FROM read_csv("
                f"'{path}', columns={{'l':'VARCHAR'}}, header=false, delim='\\x01', quote='', escape='', "
                f"auto_detect=false)\").fetchone()[0])")
        w0, p0, out0 = timed([PY, "-c", scan])
        w1, p1, out1 = timed(TL + ["check", "ru_ir_2001", "caspian_2001", "--events", str(path), "--format", "json",
                                   "--engine", "duckdb"])
        print(f"  bare DuckDB scan (count of lines):    {w0:8.1f} s, peak {p0:6.0f} MB ({out0.strip()} lines)")
        print(f"  treatylang check --engine duckdb:     {w1:8.1f} s, peak {p1:6.0f} MB, "
              f"ratio {w1 / w0:.1f}× the bare scan, {violations(out1)} violations{fell_back(out1)}")
    finally:
        path.unlink(missing_ok=True)


def startup() -> None:
    print("\n== start-up: treatylang check ru_ir_2001 examples/aggression_aid.scenario ==")
    walls = sorted(timed(TL + ["check", "ru_ir_2001", "examples/aggression_aid.scenario"])[0] for _ in range(5))
    print(f"  median {walls[2]:.3f} s, best {walls[0]:.3f} s over 5 runs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--engine-only", type=int, default=1_000_000, metavar="N")
    ap.add_argument("--memory", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--gdelt", type=int, default=0, metavar="N", help="rows of the GDELT run (0: skip; 10^8 needs ~70 GB)")
    ap.add_argument("--reelay-python", default=os.environ.get("REELAY_PYTHON"),
                    help="a python with reelay installed (a scratch venv; never a project dependency)")
    ap.add_argument("--tmp", default=None, help="where to write the generated files (default: a temp dir)")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(dir=args.tmp) as d:
        tmp = Path(d)
        peer_section(sorted(args.sizes), args.rounds, args.reelay_python, tmp)
        if args.engine_only:
            engine_only(args.engine_only, tmp)
        if args.memory:
            memory_section(sorted(args.memory), tmp)
        if args.gdelt:
            gdelt_section(args.gdelt, tmp)
    startup()


if __name__ == "__main__":
    main()
