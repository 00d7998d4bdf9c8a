"""Rows per second of each event reader on synthetic files of the same shape
as the real ones: GDELT 2.0 (61 columns), ICEWS as published (tab, 20
columns, with R's NA, Turkey and ICEWS's lower-case Macedonia), ICEWS
re-saved as CSV, a pandas-saved GDELT day, JSON Lines, and Parquet (where
pyarrow is installed). Each read runs in a fresh process; CPU seconds are the
steadier figure on a shared machine.

    python benchmarks/events_formats.py [--rows 100000] [--out /tmp/evbench] [--only icews,gdelt2]

Prints one line per file: format, rows, events, bad rows (and the bad-row
rate), CPU seconds and rows per CPU-second. The first two lines are the
ones issue 9 asks about (ICEWS vs GDELT per row).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from treatylang.events.layouts import GDELT_LAYOUTS, ICEWS_COLUMNS  # noqa: E402

COUNTRIES = ["Russian Federation", "Iran", "United States", "China", "Turkey", "Germany", "France", "Syria",
             "Ukraine", "the former Yugoslav Republic of Macedonia", "Occupied Palestinian Territory", "India"]
CODES = ["010", "036", "040", "042", "043", "046", "057", "111", "112", "173", "190", "193", "0871", "1122"]
ISO = ["RUS", "IRN", "USA", "CHN", "TUR", "DEU", "FRA", "SYR", "UKR", "MKD", "PSE", "IND"]
SECTORS = ["Government,Executive", "Military,Government", "Police,Government", "",
           "General Population / Civilian / Social,Social", "Business", "Media"]


def icews_rows(n: int, rng: random.Random):
    for i in range(n):
        src = rng.choice(COUNTRIES + ["NA"] * 2)  # R's write_tsv writes NA for an empty cell
        tgt = rng.choice(COUNTRIES + ["NA"] * 3)
        yield [str(20000000 + i), f"2018-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "Somebody",
               rng.choice(SECTORS), src, "Some event", rng.choice(CODES), f"{rng.uniform(-10, 10):.1f}", "Other",
               rng.choice(SECTORS), tgt, str(3000000 + i), "1", "Xinhua", "Moscow", "NA", "Moskva",
               "Russian Federation", "55.75", "37.61"]


def gdelt_rows(n: int, rng: random.Random):
    for i in range(n):
        f = [""] * 61
        a, t = rng.choice(ISO), rng.choice(ISO + [""])
        code = rng.choice(CODES)
        f[0], f[1], f[2], f[3], f[4] = str(880000000 + i), "20191024", "201910", "2019", "2019.8082"
        f[5], f[6], f[7], f[12] = a + "GOV", "X", a, "GOV"
        f[15], f[17] = (t + "MIL", t) if t else ("", "")
        f[25], f[26], f[27], f[28], f[29], f[30] = "1", code, code[:3], code[:2], "1", "3.4"
        f[31], f[32], f[33], f[34] = "4", "1", "4", "-1.5"
        f[37], f[59], f[60] = "RS", "20191024143000", f"https://example.org/{i}"
        yield f


def write_files(out: Path, n: int) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(9)
    files = {}
    p = out / "icews.tab"
    with p.open("w", encoding="utf-8") as f:
        f.write("\t".join(ICEWS_COLUMNS) + "\n")
        for r in icews_rows(n, rng):
            f.write("\t".join(r) + "\n")
    files["icews (tab)"] = p
    p = out / "gdelt2.export.CSV"
    with p.open("w", encoding="utf-8") as f:
        for r in gdelt_rows(n, rng):
            f.write("\t".join(r) + "\n")
    files["gdelt2"] = p
    p = out / "icews.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([c.replace(" ", "_") for c in ICEWS_COLUMNS] + ["year"])
        for r in icews_rows(n, rng):
            w.writerow(r + ["2018"])
    files["icews (csv re-export)"] = p
    p = out / "gdelt2.pandas.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([""] + list(GDELT_LAYOUTS["gdelt2"]))
        for i, r in enumerate(gdelt_rows(n, rng)):
            w.writerow([str(i)] + r)
    files["gdelt2 (pandas csv)"] = p
    p = out / "plain.jsonl"
    with p.open("w", encoding="utf-8") as f:
        for r in gdelt_rows(n, rng):
            f.write(json.dumps({"date": "2019-10-24", "actor": r[7], "target": r[17] or None, "code": r[26],
                                "id": r[0]}) + "\n")
    files["jsonl"] = p
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return files
    cols = list(zip(*gdelt_rows(n, rng)))
    table = pa.table({name: list(col) for name, col in zip(GDELT_LAYOUTS["gdelt2"], cols)})
    p = out / "gdelt2.parquet"
    pq.write_table(table, p)
    files["gdelt2 (parquet)"] = p
    return files


CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from treatylang.events import open_events
t0 = time.process_time(); w0 = time.perf_counter()
r = open_events({path!r})
n = sum(1 for _ in r)
cpu = time.process_time() - t0; wall = time.perf_counter() - w0
rep = r.report
print(rep.records, n, rep.bad_count, cpu, wall)
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/treatylang-evbench"))
    ap.add_argument("--only", default="", help="comma-separated substrings of the file labels to run")
    args = ap.parse_args(argv)
    files = write_files(args.out, args.rows)
    print(f"{args.rows:,} rows per file; python {sys.version.split()[0]}; each read in a fresh process; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'file':24} {'records':>9} {'events':>9} {'bad':>7} {'bad %':>6} {'cpu s':>7} {'wall s':>7} "
          f"{'rows/cpu-s':>11}")
    for label, path in files.items():
        if args.only and not any(s in label for s in args.only.split(",")):
            continue
        out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                             capture_output=True, text=True, check=True).stdout.split()
        records, events, bad = int(out[0]), int(out[1]), int(out[2])
        cpu, wall = float(out[3]), float(out[4])
        print(f"{label:24} {records:>9,} {events:>9,} {bad:>7,} {100 * bad / max(1, records):>5.2f}% {cpu:>7.2f} "
              f"{wall:>7.2f} {records / max(cpu, 1e-9):>11,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
