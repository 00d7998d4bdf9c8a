"""Synthesise a large GDELT 2.0 export and time streaming it through `open_events`.

    python benchmarks/gdelt_synth.py [--rows 1000000] [--seed 7] [--out FILE] [--keep] [--reuse]

Rows are shaped like real ones: by default the rows of the shared GDELT
export (../shared/data/gdelt/*.export.CSV) are the templates, else a few
built-in rows are. Each synthetic row takes a template and gets a fresh
GLOBALEVENTID, a day in a 90-day span (mostly in order, with the misdated
stragglers real exports have), a dyad drawn from a pool of states (about a
third of rows keep a template actor with no country, as in real data), an
event code drawn from the templates' codes with its matching root, quad
class and Goldstein score, a mention count and a source URL.

`synthesise_gdelt(path, n, seed)` is the reusable part (an end-to-end
``check`` benchmark can call it), and so is `measure(path, **options)`. The
timing part reads the file with `open_events` in a few configurations, each
in a fresh interpreter, and prints rows/s and the peak resident set
(ru_maxrss, interpreter included) with its growth during the read.

Performance is measured here, never by timed tests (design brief §9).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from treatylang.events import open_events  # noqa: E402
from treatylang.events.cameo import codebook  # noqa: E402

SHARED_EXPORT = ROOT / ".." / "shared" / "data" / "gdelt" / "20191024143000.export.CSV"

# Three real-shaped GDELT 2.0 rows (61 columns), used when the shared export is absent.
BUILTIN_TEMPLATES = [
    "881990833\t20181024\t201810\t2018\t2018.8055\t\t\t\t\t\t\t\t\t\t\tIGOEUREEC\tTHE EU\tEUR\tEEC\t\t\t\tIGO\t\t\t0\t040\t040\t04\t1"
    "\t1.0\t10\t1\t10\t0.63492063492064\t0\t\t\t\t\t\t\t\t4\tMinsk, Belarus (general), Belarus\tBO\tBO00\t5840\t53.9\t27.5667"
    "\t-1946324\t4\tMinsk, Belarus (general), Belarus\tBO\tBO00\t5840\t53.9\t27.5667\t-1946324\t20191024143000"
    "\thttps://belsat.eu/en/news/10-years-of-belarus-participating-in-eastern-partnership-what-is-to-come/",
    "882000001\t20191024\t201910\t2019\t2019.8055\tRUSGOV\tRUSSIA\tRUS\t\t\t\t\tGOV\t\t\tIRNGOV\tIRAN\tIRN\t\t\t\t\tGOV"
    "\t\t\t1\t036\t036\t03\t1\t4.0\t6\t1\t6\t1.9047619047619\t1\tMoscow, Moskva, Russia\tRS\tRS48\t\t55.7522\t37.6156"
    "\t-2960561\t1\tIran\tIR\tIR\t\t32\t53\tIR\t4\tMoscow, Moskva, Russia\tRS\tRS48\t\t55.7522\t37.6156\t-2960561"
    "\t20191024143000\thttps://example.org/news/russia-iran-talks",
    "882000002\t20191024\t201910\t2019\t2019.8055\tCOP\tPOLICE\t\t\t\t\t\tCOP\t\t\tCVL\tCIVILIAN\t\t\t\t\t\tCVL"
    "\t\t\t1\t173\t173\t17\t4\t-5.0\t4\t1\t4\t-6.25\t1\tLagos, Lagos, Nigeria\tNI\tNI05\t\t6.45306\t3.39583"
    "\t-2014338\t1\tLagos, Lagos, Nigeria\tNI\tNI05\t\t6.45306\t3.39583\t-2014338\t1\tLagos, Lagos, Nigeria\tNI\tNI05"
    "\t\t6.45306\t3.39583\t-2014338\t20191024143000\thttps://example.org/news/lagos-arrests",
]

STATES = ["USA", "GBR", "RUS", "IRN", "CHN", "SYR", "TUR", "FRA", "DEU", "ISR", "UKR", "IND", "PAK", "SAU", "ARE",
          "JPN", "CAN", "ESP", "ITA", "EGY", "IRQ", "AFG", "KOR", "PRK", "BLR", "AZE", "ARM", "KAZ", "TKM", "QAT"]


def load_templates() -> list[list[str]]:
    """Template rows split into fields (the shared export's, or the built-in ones)."""
    lines: list[str] = []
    if SHARED_EXPORT.exists():
        with open(SHARED_EXPORT, encoding="utf-8") as f:
            lines = [line.rstrip("\n") for line in f]
    rows = [line.split("\t") for line in (lines or BUILTIN_TEMPLATES)]
    return [r for r in rows if len(r) == 61]


def synthesise_gdelt(path: str | os.PathLike[str], n: int = 1_000_000, seed: int = 7) -> Path:
    """Write `n` synthetic GDELT 2.0 rows (61 tab-separated columns, no
    header) to `path` and return it. Deterministic for a given `seed`."""
    rng = random.Random(seed)
    templates = load_templates()
    book = codebook()
    codes = [t[26] for t in templates if book.is_known(t[26])] or ["040", "190", "036"]
    start = dt.date(2019, 7, 1)
    days = [start + dt.timedelta(d) for d in range(90)]
    sqldates = [d.strftime("%Y%m%d") for d in days]
    meta = {c: (book.root(c), str(book.quad_class(c)), f"{book.goldstein(c):.1f}") for c in set(codes)}
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        buf = []
        for i in range(n):
            f = list(rng.choice(templates))
            f[0] = str(900_000_000 + i)
            k = i * len(days) // n  # days advance through the file...
            if rng.random() < 0.02:  # ...with some misdated stragglers
                k = rng.randrange(len(days))
            d = sqldates[k]
            f[1], f[2], f[3] = d, d[:6], d[:4]
            if f[7] or rng.random() < 0.66:  # keep a third of the countryless actors
                a = rng.choice(STATES)
                f[5], f[7] = (a + f[5][3:]) if f[7] else (a + f[5]), a
            if f[17] or rng.random() < 0.5:
                t = rng.choice(STATES)
                f[15], f[17] = (t + f[15][3:]) if f[17] else (t + f[15]), t
            c = rng.choice(codes)
            root, quad, gold = meta[c]
            f[26], f[27], f[28], f[29], f[30] = c, c[:3], root, quad, gold
            f[31] = str(rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 10, 20)))
            f[59] = d + "143000"
            f[60] = f"https://news.example.org/{d}/story-{i}"
            buf.append("\t".join(f))
            if len(buf) >= 10_000:
                out.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            out.write("\n".join(buf) + "\n")
    return path


CONFIGS = {
    "plain": ("read, no filters", {}),
    "actors": ("read, actors RUS IRN", {"actors": ["RUS", "IRN"]}),
    "dedupe": ("read, dedupe", {"dedupe": True}),
}


def measure(path: str | os.PathLike[str], fmt: str | None = "gdelt2", **options) -> dict:
    """Read `path` to the end with `open_events` in this process; wall time,
    counts, and the process's peak resident set before and after (MiB)."""
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    reader = open_events(str(path), fmt=fmt, **options)
    n = 0
    for _ in reader:
        n += 1
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rep = reader.report
    return {
        "records": rep.records,
        "events": n,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows_per_s": rep.records / seconds if seconds else float("inf"),
        "rows_per_cpu_s": rep.records / cpu if cpu else float("inf"),
        "rss_before_mb": base,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "accounted": rep.accounted(),
        "bad": rep.bad_count,
        "skipped": dict(rep.skipped),
    }


def _measure_in_subprocess(path: Path, config: str) -> dict:
    """Run `measure` in a fresh interpreter so its peak RSS is the read's own."""
    out = subprocess.run([sys.executable, __file__, "--measure", str(path), "--config", config],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, help="where to write the synthetic file (default: a temporary file)")
    p.add_argument("--keep", action="store_true", help="keep the synthetic file afterwards")
    p.add_argument("--reuse", action="store_true", help="time an existing --out file instead of synthesising it")
    p.add_argument("--configs", default=",".join(CONFIGS), help="which reads to time: " + ", ".join(CONFIGS))
    p.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one read, JSON out
    p.add_argument("--config", default="plain", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.measure:
        print(json.dumps(measure(args.measure, **CONFIGS[args.config][1])))
        return 0

    out = args.out or Path(tempfile.gettempdir()) / f"gdelt_synth_{args.rows}_{args.seed}.export.CSV"
    if args.reuse and args.out and out.exists():
        print(f"timing the existing {out} ({out.stat().st_size / 2**20:.0f} MiB)")
    else:
        t0 = time.perf_counter()
        synthesise_gdelt(out, args.rows, args.seed)
        print(f"synthesised {args.rows:,} GDELT 2.0 rows ({out.stat().st_size / 2**20:.0f} MiB) in "
              f"{time.perf_counter() - t0:.1f} s -> {out}")
    print(f"templates: {'the shared export' if SHARED_EXPORT.exists() else 'built-in'}; "
          f"python {sys.version.split()[0]}; each read in a fresh process")
    print(f"load average before the reads: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'run':<22} {'records':>10} {'events':>10} {'wall s':>7} {'cpu s':>7} {'rows/s':>9} "
          f"{'rows/cpu-s':>10} {'peak RSS MiB':>13}")
    try:
        for key in args.configs.split(","):
            r = _measure_in_subprocess(out, key)
            print(f"{CONFIGS[key][0]:<22} {r['records']:>10,} {r['events']:>10,} {r['seconds']:>7.2f} "
                  f"{r['cpu_seconds']:>7.2f} {r['rows_per_s']:>9,.0f} {r['rows_per_cpu_s']:>10,.0f} "
                  f"{r['peak_rss_mb']:>7.0f} (+{r['peak_rss_mb'] - r['rss_before_mb']:.0f})")
            if not r["accounted"]:
                print("  !! records not accounted for", file=sys.stderr)
    finally:
        if not args.keep and not args.out:
            out.unlink()
    print("rows/s: wall clock; rows/cpu-s: CPU time of the reading process (steadier on a busy machine); "
          "peak RSS: the reading process's maximum resident set, interpreter included; (+N): growth during the read")
    return 0


if __name__ == "__main__":
    sys.exit(main())
