"""Spark local mode against the streaming path (prints figures; not a test).

On the shared peer stream (../shared/bench/peer: `gen_csv.py N` writes N
events as a plain CSV, `peer_property.tl` is the property), for each N, one
after the other in one run:

1. the peers: DuckDB's bare scan of the CSV and the property as one SQL
   query (`duck.py count|property FILE 2`), the hand-written Python loop
   (`py_bench.py N`), reelay's C++ monitor (`reelay_bench2.py N 0`, when
   reelay is installed);
2. the streaming path, `api.check(peer_property.tl, events=FILE,
   ordered=True)` (the peers' property counts same-day events in file
   order: `check --ordered`), in a fresh process: wall time, peak memory;
3. the Spark path, `engine="spark"`, in a fresh process (a new local-mode
   session, whose start-up is timed apart); wall time;
4. agreement: the two JSON reports compared byte for byte, and the number of
   violations (the peers' 6,246 at 10^6, 61,816 at 10^7).

Ratios are from one run; the machine is shared.

    python benchmarks/bench_spark.py [--sizes 1000000 10000000] [--master local[2]]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
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
r = api.check([sys.argv[1]], events=sys.argv[2], engine="spark", max_findings=None, ordered=True)
sys.stdout.write(r.to_json())
t2 = time.perf_counter()
sys.stderr.write(json.dumps({"start": t1 - t0, "check": t2 - t1}) + "\n")
"""

PY_CHILD = r"""
import resource, sys
from treatylang import api
r = api.check([sys.argv[1]], events=sys.argv[2], max_findings=None, ordered=True)
sys.stdout.write(r.to_json())
sys.stderr.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024) + "\n")
"""


def run(code: str, *args: str) -> tuple[float, str, str]:
    """(wall seconds, stdout, stderr) of a fresh Python."""
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit(f"child failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return wall, p.stdout, p.stderr


def peer(*args: str) -> tuple[float, str]:
    """(wall seconds, last line of output) of one peer script, run from PEER
    with this Python; the line is the peer's own figure."""
    t = time.perf_counter()
    p = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=PEER)
    wall = time.perf_counter() - t
    out = (p.stdout.strip().splitlines() or [""])[-1] if p.returncode == 0 else \
        f"failed: {(p.stderr.strip().splitlines() or ['?'])[-1]}"
    return wall, out


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
            _, scan = peer("duck.py", "count", str(csv), "2")
            _, query = peer("duck.py", "property", str(csv), "2")
            duck_t = float(query.rsplit(" in ", 1)[1].rstrip("s")) if " in " in query else float("nan")
            print(f"  peers: {scan}\n         {query}", flush=True)
            print(f"         {peer('py_bench.py', str(n))[1]}", flush=True)
            if importlib.util.find_spec("reelay") is not None:
                print(f"         {peer('reelay_bench2.py', str(n), '0')[1]}", flush=True)
            else:
                print("         reelay: not installed here (pip install reelay)", flush=True)
            py_t, py_out, py_err = run(PY_CHILD, prop, str(csv))
            py_mem = int(py_err.strip().splitlines()[-1])  # the child's own peak RSS
            print(f"  python (streaming)  {py_t:8.1f} s   peak {py_mem:,} MB   {py_t / duck_t:,.0f}× the DuckDB query",
                  flush=True)
            sp_t, sp_out, sp_err = run(SPARK_CHILD, prop, str(csv), args.master)
            times = json.loads(sp_err.strip().splitlines()[-1])
            print(f"  spark (local)       {sp_t:8.1f} s   of which session start {times['start']:.1f} s, "
                  f"check {times['check']:.1f} s", flush=True)
            print(f"  spark / python      {sp_t / py_t:8.2f}×   (check only {times['check'] / py_t:.2f}×); "
                  f"spark / DuckDB query {sp_t / duck_t:,.0f}× (check only {times['check'] / duck_t:,.0f}×)")
            same = py_out == sp_out
            print(f"  reports identical:  {'yes' if same else 'NO'} ({len(py_out):,} bytes); violations "
                  f"{violations(py_out):,} (python) / {violations(sp_out):,} (spark)", flush=True)
            csv.unlink()


if __name__ == "__main__":
    main()
