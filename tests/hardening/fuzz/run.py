"""`make fuzz`: fuzz every input kind through the command line for a while.

    python -m tests.hardening.fuzz.run [--kind K …] [--seconds S | --runs N]
                                       [--engine auto|atheris|random] [--jobs J] [--seed N]

Engines: `atheris` (coverage-guided, libFuzzer's mutations from the seeds,
with a dictionary of each kind's tokens; `pip install -e '.[fuzz]'`), or
`random` (tests/hardening/fuzz/mutate.py; no extra package, deterministic for
a seed). `auto` takes atheris when it is installed.

Every problem (see targets.py) is minimised and saved as
tests/hardening/fuzz_regressions/KIND/<hash><suffix>, which
tests/hardening/test_fuzz_smoke.py replays on every test run: commit it
with the fix. At the end, one line per kind: inputs, seconds, inputs per
hour, problems. Exit status 1 when something was found.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .mutate import TOKENS, minimise, mutate
from .targets import KINDS, SUFFIX, Problem, Runner, fails, seeds

REGRESSIONS = Path(__file__).resolve().parents[1] / "fuzz_regressions"
PROGRESS_SECONDS = 60  # a progress line per kind this often (so a stopped run still says how far it got)
SAVE_TO = [REGRESSIONS]  # --save-to changes it (the CI smoke pass saves into a temporary folder)


def save(kind: str, data: bytes, why: str) -> Path:
    """Minimise a failing input and store it as a regression file."""
    small = minimise(data, fails(kind))
    folder = SAVE_TO[0] / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha1(small).hexdigest()[:12] + SUFFIX[kind])
    path.write_bytes(small)
    print(f"[{kind}] PROBLEM saved to {path} ({len(small)} bytes): "
          f"{why[:300]}", file=sys.stderr, flush=True)
    return path


def fuzz_random(kind: str, seconds: float, runs: int | None, seed: int) -> dict:
    """The deterministic mutator over `kind`'s seeds, in this process."""
    rnd = random.Random(f"{seed}:{kind}")
    pool = seeds(kind)
    runner = Runner(kind)
    found = 0
    n = 0
    t0 = time.monotonic()
    c0 = time.process_time()
    every = PROGRESS_SECONDS
    next_report = t0 + every
    try:
        for s in pool:  # the seeds themselves first
            n += 1
            try:
                runner.run(s)
            except Problem as e:
                found += 1
                save(kind, s, str(e))
        while (runs is None or n < runs) and time.monotonic() - t0 < seconds:
            data = mutate(rnd.choice(pool), rnd, kind, pool)
            n += 1
            if every and time.monotonic() >= next_report:
                next_report += every
                print(f"  [{kind}] {n:,} inputs, {time.monotonic() - t0:.0f} s wall, "
                      f"{time.process_time() - c0:.0f} s CPU, problems: {found}", flush=True)
            try:
                runner.run(data)
            except Problem as e:
                found += 1
                save(kind, data, str(e))
    finally:
        runner.close()
    return {"kind": kind, "engine": "random", "inputs": n, "seconds": time.monotonic() - t0,
            "cpu": time.process_time() - c0, "problems": found}


def fuzz_atheris(kind: str, seconds: float, runs: int | None, seed: int) -> dict:
    """atheris (libFuzzer) in a child process, so that it can instrument
    treatylang before importing it."""
    work = Path(tempfile.mkdtemp(prefix=f"tlfuzz-corpus-{kind}-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for i, s in enumerate(seeds(kind)):
        (corpus / f"seed{i}").write_bytes(s)
    with open(work / "dict", "w", encoding="ascii") as d:
        for tok in TOKENS["common"] + TOKENS.get(kind, []):
            if len(tok) <= 128:
                d.write('"' + "".join(f"\\x{b:02x}" for b in tok) + '"\n')
    artifacts = work / "artifacts"
    artifacts.mkdir()
    argv = [sys.executable, "-m", "tests.hardening.fuzz.atheris_target", kind, str(corpus),
            f"-max_total_time={int(seconds)}", f"-seed={seed}", f"-dict={work / 'dict'}",
            f"-artifact_prefix={artifacts}/", "-print_final_stats=1", "-max_len=65536", "-timeout=60",
            "-rss_limit_mb=2048", "-close_fd_mask=3"]
    if runs is not None:
        argv.append(f"-runs={runs}")
    t0 = time.monotonic()
    p = subprocess.run(argv, cwd=REGRESSIONS.parents[2], capture_output=True, text=True)
    took = time.monotonic() - t0
    m = re.search(r"stat::number_of_executed_units:\s*(\d+)", p.stderr)
    inputs = int(m.group(1)) if m else 0
    found = 0
    for a in sorted(artifacts.iterdir()):
        found += 1
        save(kind, a.read_bytes(), f"atheris: {a.name}\n" + p.stderr[-1500:])
    if p.returncode not in (0,) and not found:
        print(f"[{kind}] atheris exited {p.returncode}:\n{p.stderr[-3000:]}", file=sys.stderr)
        found += 1
    return {"kind": kind, "engine": "atheris", "inputs": inputs, "seconds": took, "problems": found}


def replay(kinds: list[str]) -> int:
    """Run every saved regression input again; the number that still fail."""
    bad = 0
    for kind in kinds:
        files = sorted((REGRESSIONS / kind).glob("*")) if (REGRESSIONS / kind).is_dir() else []
        runner = Runner(kind)
        try:
            for f in files:
                try:
                    runner.run(f.read_bytes())
                except Problem as e:
                    bad += 1
                    print(f"[{kind}] {f.name} still fails: {str(e)[:500]}", file=sys.stderr)
        finally:
            runner.close()
        print(f"{kind:<9} {len(files)} regression input{'s' * (len(files) != 1)} replayed", flush=True)
    return bad


def _job(args: tuple) -> dict:
    engine, kind, seconds, runs, seed, save_to = args
    SAVE_TO[0] = Path(save_to)
    r = (fuzz_atheris if engine == "atheris" else fuzz_random)(kind, seconds, runs, seed)
    print(_line(r), flush=True)
    return r


def _line(r: dict) -> str:
    per_hour = r["inputs"] / r["seconds"] * 3600 if r["seconds"] else 0
    cpu = r.get("cpu")
    per_cpu_hour = f"  {r['inputs'] / cpu * 3600:>11,.0f} per CPU-hour" if cpu else ""
    return (f"{r['kind']:<9} {r['engine']:<8} {r['inputs']:>9,} inputs in {r['seconds']:7.1f} s  "
            f"{per_hour:>11,.0f} inputs/hour{per_cpu_hour}  problems: {r['problems']}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.hardening.fuzz.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--kind", action="append", choices=KINDS, help="input kinds (default: all)")
    p.add_argument("--seconds", type=float, default=60.0, help="time per kind (default 60)")
    p.add_argument("--runs", type=int, default=None, help="stop each kind after this many inputs")
    p.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    p.add_argument("--jobs", type=int, default=1, help="kinds fuzzed at once (default 1)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--save-to", default=str(REGRESSIONS), help="where problems are saved (default: the regressions)")
    p.add_argument("--replay", action="store_true", help="only run the saved regression inputs again")
    a = p.parse_args(argv)
    kinds = a.kind or list(KINDS)
    if a.replay:
        return 1 if replay(kinds) else 0
    engine = a.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    jobs = [(engine, k, a.seconds, a.runs, a.seed, a.save_to) for k in kinds]
    print(f"fuzzing {', '.join(kinds)} with {engine}, {a.seconds:g} s each, {a.jobs} at a time", flush=True)
    if a.jobs > 1:
        with multiprocessing.get_context("spawn").Pool(a.jobs) as pool:
            results = pool.map(_job, jobs, chunksize=1)
    else:
        results = [_job(j) for j in jobs]
    print("\nsummary")
    for r in results:
        print("  " + _line(r))
    total = sum(r["problems"] for r in results)
    print(f"  {sum(r['inputs'] for r in results):,} inputs, {total} problem{'s' * (total != 1)}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
