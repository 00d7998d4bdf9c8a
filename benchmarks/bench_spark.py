"""Spark local mode against the streaming path (prints figures; not a test).

On the shared peer stream (../shared/bench/peer: `gen_csv.py N` writes N
events as a plain CSV, `peer_property.tl` is the property), for each N:

1. the streaming path, `treatylang check peer_property.tl --events FILE
   --format json --max-findings 0`, in a fresh process: wall time, peak memory;
2. the Spark path, `--engine spark`, in a fresh process (a new local-mode
   session: its start-up is reported apart, from Spark's own log of the
   session's start); wall time;
3. agreement: the two JSON reports compared byte for byte, and the number of
   violations (the peers' 6,246 at 10^6, 61,816 at 10^7).

Ratios are from one run, alternating the commands; the machine is shared.

    python benchmarks/bench_spark.py [--sizes 1000000 10000000] [--master local[2]]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT / ".." / "shared" / "bench" / "peer"

SPARK_CHILD = r"""
import sys, time, json
t0 = time.perf_counter()
from treatylang import api
from treatylang.spark.session import session
spark = session(sys.argv[3])
t1 = time.perf_counter()
r = api.check([sys.argv[1]], events=sys.argv[2], engine="spark", max_findings=None)
sys.stdout.write(r.to_json())
t2 = time.perf_counter()
sys.stderr.write(json.dumps({"start": t1 - t0, "check": t2 - t1}) + "\n")
"""

PY_CHILD = r"""
import sys
from treatylang import api
r = api.check([sys.argv[1]], events=sys.argv[2], max_findings=None)
sys.stdout.write(r.to_json())
"""


def run(code: str, *args: str) -> tuple[float, int, str, str]:
    """(wall seconds, peak RSS of the child in MB, stdout, stderr) of a fresh Python."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit(f"child failed ({p.returncode}):\n{p.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) // 1024, p.stdout, p.stderr


def violations(report: str) -> int:
    """The report's own count of violations (its summary)."""
    return json.loads(report)["summary"]["violations"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    if not PEER.exists():
        sys.exit(f"{PEER} is absent: the benchmark needs ../shared/bench/peer")
    prop = str((PEER / "peer_property.tl").resolve())
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            csv = Path(tmp) / f"peer_{n}.csv"
            subprocess.run([sys.executable, "gen_csv.py", str(n), str(csv)], cwd=PEER, check=True)
            print(f"N = {n:,} ({csv.stat().st_size / 1e6:,.0f} MB), master {args.master}, "
                  f"{os.cpu_count()} cores", flush=True)
            py_t, py_mem, py_out, _ = run(PY_CHILD, prop, str(csv))
            print(f"  python (streaming)  {py_t:8.1f} s   peak {py_mem:,} MB", flush=True)
            sp_t, _, sp_out, sp_err = run(SPARK_CHILD, prop, str(csv), args.master)
            times = json.loads(sp_err.strip().splitlines()[-1])
            print(f"  spark (local)       {sp_t:8.1f} s   of which session start {times['start']:.1f} s, "
                  f"check {times['check']:.1f} s", flush=True)
            print(f"  spark / python      {sp_t / py_t:8.2f}×   (check only {times['check'] / py_t:.2f}×)")
            same = py_out == sp_out
            print(f"  reports identical:  {'yes' if same else 'NO'} ({len(py_out):,} bytes); violations "
                  f"{violations(py_out):,} (python) / {violations(sp_out):,} (spark)", flush=True)
            csv.unlink()


if __name__ == "__main__":
    main()
