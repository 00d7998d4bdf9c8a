"""What the reports of a big run cost and weigh (prints figures; not a test).

Synthesises the plain-CSV event file of bench_check.py (N events, 2002–2026,
a realistic mix of CAMEO codes and actors), checks it against ru_ir_2001 and
caspian_2001 with the default limits (`--max-findings 5`) in each format,
and prints for each: wall time, peak RSS of the child, lines and bytes of
the report. Then, where Debian's Chromium is installed, opens the HTML page
in it (tests/browser/driver.py) and prints the time until the page's script
has run, and any console error.

Targets (issue 11): at 10^6 events a memo under ~300 lines and an HTML page
under ~5 MB that opens within a few seconds.

    python benchmarks/bench_report.py [--sizes 1000000] [--max-findings 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from bench_check import synthesise  # noqa: E402


def run(cmd: list[str], out: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit status of one child writing to `out`."""
    t = time.perf_counter()
    with open(out, "wb") as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, cwd=ROOT)
    wall = time.perf_counter() - t
    if p.returncode > 1:
        sys.exit(f"check failed ({p.returncode}): {p.stderr.decode()[-2000:]}")
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, p.returncode


def open_in_browser(page: Path) -> str:
    try:
        from driver import Browser, unavailable
    except ImportError:
        return "browser: tests/browser/driver.py not found"
    why = unavailable()
    if why:
        return f"browser: skipped ({why})"
    b = Browser()
    try:
        t = time.perf_counter()
        b.load(page)
        b.driver.execute_script("return document.getElementById('shown').textContent")
        wall = time.perf_counter() - t
        shown = b.driver.execute_script("return document.getElementById('shown').textContent")
        errors = b.console_errors()
        return f"browser: page ready in {wall:.2f} s ({shown}); console errors: {len(errors)}"
    finally:
        b.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--max-findings", type=int, default=None, help="pass --max-findings N (default: the CLI's)")
    ap.add_argument("--keep", type=Path, help="keep the reports in this folder")
    args = ap.parse_args()
    exe = [sys.executable, "-m", "treatylang", "check", "ru_ir_2001", "caspian_2001"]
    extra = ["--max-findings", str(args.max_findings)] if args.max_findings is not None else []
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for n in sorted(args.sizes):
            events = Path(tmp) / f"events-{n}.csv"
            synthesise(events, n)
            print(f"\n{n:,} events ({events.stat().st_size / 1e6:.0f} MB CSV)")
            print(f"{'format':>7} {'wall s':>7} {'peak MB':>8} {'lines':>9} {'bytes':>12}")
            for fmt in ("text", "json", "html"):
                out = out_dir / (f"report-{n}." + ("txt" if fmt == "text" else fmt))
                wall, peak, code = run(exe + ["--events", str(events), "--format", fmt] + extra, out)
                data = out.read_bytes()
                lines = data.count(b"\n")
                print(f"{fmt:>7} {wall:>7.2f} {peak:>8.0f} {lines:>9,} {len(data):>12,}")
            print(open_in_browser(out_dir / f"report-{n}.html"))


if __name__ == "__main__":
    main()
