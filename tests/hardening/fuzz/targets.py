"""The fuzzing targets: one per input kind, each running the command line's
own code (`treatylang.cli.main.main`, in-process) on one input written to a
file, and saying what went wrong, if anything.

A *problem* is what the project promises never happens: a TL901 internal
error, a Python exception escaping `main`, an exit status other than 0, 1 or
2, an event file whose rows do not add up (`accounted` false), or output that
echoes a control character. Everything else — any diagnostic, any verdict —
is a correct answer to a malformed input.

Seeds are small valid inputs of each kind (shipped instruments, examples,
synthetic rows; real rows from ../shared/data when it is there — read, never
copied into the repository). The mutators in `mutate.py` and atheris start
from them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "data"

# ----------------------------------------------------------------- seeds


def _files(*globs: str) -> list[bytes]:
    out = []
    for g in globs:
        for p in sorted(ROOT.glob(g)):
            if p.is_file() and p.stat().st_size < 64 << 10:
                out.append(p.read_bytes())
    return out


def _head(path: Path, lines: int) -> list[bytes]:
    if not path.is_file():
        return []
    with open(path, "rb") as f:
        return [b"".join(f.readline() for _ in range(lines))]


def _gdelt_row(ncols: int, sqldate: str = "20191024", code: str = "036", a: str = "RUS", t: str = "IRN") -> str:
    f = [""] * ncols
    f[0], f[1], f[2], f[3] = "1000", sqldate, sqldate[:6], sqldate[:4]
    f[5], f[6], f[7], f[15], f[16], f[17] = a + "GOV", "RUSSIA", a, t + "GOV", "IRAN", t
    f[25], f[26], f[27], f[28], f[29], f[30], f[31] = "1", code, code, code[:2], "1", "4.0", "5"
    if ncols == 61:
        f[59], f[60] = "20191024143000", "https://example.org/1"
    elif ncols == 58:
        f[56], f[57] = "20191024", "https://example.org/1"
    else:
        f[56] = "20130301"
    return "\t".join(f)


ICEWS_HEADER = ("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\t"
                "Intensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\t"
                "City\tDistrict\tProvince\tCountry\tLatitude\tLongitude")


def _icews_row(date: str, code: str, src: str = "Russia", tgt: str = "Iran") -> str:
    return "\t".join(["1", date, "Government (Russia)", "Government", src, "Provide military aid", code, "7.4",
                      "Government (Iran)", "Government", tgt, "99", "1", "Reuters", "", "", "", "Russia", "55.7",
                      "37.6"])


def seeds(kind: str) -> list[bytes]:
    """Small valid inputs of `kind`."""
    if kind == "clause":
        # The inputs live in a temporary folder: imports of the shipped
        # vocabulary by a relative path are rewritten to name it as shipped.
        return [re.sub(rb'import "(?:\.\./\.\./treaties/)?vocabulary\.tl"', b'import "treatylang:vocabulary.tl"', s)
                for s in _files("treaties/*.tl", "examples/snippets/*.tl", "tests/syntax/fixtures/*.tl",
                                "tests/cases/bad/*.tl")]
    if kind == "scenario":
        return _files("examples/*.scenario", "examples/properties/*.scenario", "tests/cases/bad/s*.scenario")
    if kind == "csv":
        return _files("examples/events/*.csv") + [
            b"date,actor,target,code,action,id,source,time,kind\n2003-03-20,USA,IRN,190,,e1,x,,\n"
            b"2003-04-02,RUS,USA,,assist,e2,\"a, b\",12:30,military\n"]
    if kind == "jsonl":
        return _files("examples/events/*.jsonl") + [
            b'{"date":"2003-03-20","actor":"USA","target":"IRN","code":"190"}\n'
            b'{"date":"2003-04","actor":"RUS","target":"USA","action":"assist","kind":"military","n":3}\n']
    if kind == "gdelt":
        rows = [_gdelt_row(61), _gdelt_row(61, code="190", a="USA"), _gdelt_row(61, code="---")]
        return [("\n".join(rows) + "\n").encode(), ("\n".join([_gdelt_row(58), _gdelt_row(57)]) + "\n").encode(),
                *_head(SHARED / "gdelt" / "20191024143000.export.CSV", 8)]
    if kind == "icews":
        return [(ICEWS_HEADER + "\n" + _icews_row("2003-04-02", "0234") + "\n" + _icews_row("2003-03-20", "190",
                                                                                            "United States")
                 + "\n").encode()]
    if kind == "plover":
        rec = {"id": "1", "date": "2003-04-02", "actor": "RUS", "recipient": "USA", "event": "AID",
               "mode": "", "context": "military"}
        rec2 = {"id": "2", "date": "2003-03", "actor": [{"code": "USA"}], "recipient": "IRN", "event": "ASSAULT"}
        arr = json.dumps([rec, rec2], indent=2).encode() + b"\n"
        return [arr, (json.dumps(rec) + "\n" + json.dumps(rec2) + "\n").encode(),
                *_head(SHARED / "plover" / "PLOVER_GSR_CAMEO.txt", 40)]
    raise KeyError(kind)


# ----------------------------------------------------------------- running one input

KINDS = ("clause", "scenario", "csv", "jsonl", "gdelt", "icews", "plover")
SUFFIX = {"clause": ".tl", "scenario": ".scenario", "csv": ".csv", "jsonl": ".jsonl", "gdelt": ".export.CSV",
          "icews": ".tab", "plover": ".json"}
EVENT_FORMAT = {"csv": "csv", "jsonl": "jsonl", "gdelt": "gdelt2", "icews": "icews", "plover": "plover"}


def _commands(kind: str, path: str, n: int) -> list[list[str]]:
    """The command lines one input goes through. Costly commands (a check
    against a model) run on every input; alternatives rotate with `n` so
    every option combination is reached without multiplying the cost."""
    if kind == "clause":
        cmds = [["lint", path], ["fmt", "--check", path]]
        if n % 4 == 0:
            cmds.append(["check", path, "--events", str(ROOT / "examples" / "events" / "aggression_aid.csv")])
        return cmds
    if kind == "scenario":
        return [["check", path] + (["--format", "json"] if n % 2 else []), ["test", path]] + (
            [["fmt", "--check", path]] if n % 3 == 0 else [])
    fmt = EVENT_FORMAT[kind]
    if kind == "plover" and n % 2:
        fmt = "plover-jsonl"
    given = ["--events-format", fmt] if n % 3 else []  # detection too, one time in three
    return [["events", path, "--format", "json", *given],
            ["check", "ru_ir_2001", "--events", path, *given] + (["--format", "json"] if n % 2 else [])]


class Problem(Exception):
    """A broken promise (see the module docstring)."""


def _pay_fixed_costs_once() -> None:
    """Two costs that do not depend on the input are paid once per process,
    not per input (they were 80% of the time of an event-file input): building
    the argument parser, and loading the *shipped* instruments (the files of
    treaties/, which no input changes). Everything the input reaches runs as
    in the command."""
    import functools

    from treatylang import confine
    from treatylang.cli import main as _main_mod
    from treatylang.model import resolve

    if getattr(resolve.load_model, "fuzz_cached", False):
        return
    cli_main = sys.modules["treatylang.cli.main"]
    cli_main.build_parser = functools.lru_cache(maxsize=1)(cli_main.build_parser)
    load = resolve.load_model
    cache: dict = {}

    def load_model(paths, overlay=None):
        paths = [str(p) for p in paths]
        ship = confine.shipped_root()
        reals = [confine.real(p) for p in paths]
        if overlay or ship is None or not all(r is not None and ship in r.parents for r in reals):
            return load(paths, overlay)
        key = tuple(paths)
        if key not in cache:
            cache[key] = load(paths)
        return cache[key]

    load_model.fuzz_cached = True  # type: ignore[attr-defined]
    resolve.load_model = load_model
    del _main_mod


class Runner:
    """Runs inputs of one kind through the command line in this process."""

    def __init__(self, kind: str, workdir: str | None = None, fast: bool = True):
        from treatylang.cli.main import main

        if fast:  # for the harness's own process only: it patches treatylang
            _pay_fixed_costs_once()
        self.kind = kind
        self.main = main
        self.dir = workdir or tempfile.mkdtemp(prefix=f"tlfuzz-{kind}-", dir=_tmp_root())
        self.path = os.path.join(self.dir, "input" + SUFFIX[kind])
        self.n = 0

    def run(self, data: bytes) -> None:
        """Raise Problem when `data` breaks a promise."""
        with open(self.path, "wb") as f:
            f.write(data)
        self.n += 1
        for argv in _commands(self.kind, self.path, self.n):
            self._one(argv)

    def _one(self, argv: list[str]) -> None:
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = self.main(argv)
        except SystemExit as e:  # argparse only, on a bad command line: not the input's fault
            raise Problem(f"{argv}: SystemExit {e.code}: {err.getvalue()[-500:]}") from None
        except BaseException as e:  # anything escaping main is a bug
            if isinstance(e, KeyboardInterrupt):
                raise
            raise Problem(f"{argv}: {type(e).__name__}: {e}"[:2000]) from e
        text = err.getvalue()
        if code not in (0, 1, 2) or "TL901" in text or "Traceback" in text:
            raise Problem(f"{argv}: exit {code}: {text[-1500:]}")
        if "\x1b" in text or "\x1b" in out.getvalue():
            raise Problem(f"{argv}: an escape character reached the output")
        if argv[0] == "events" and code == 0:
            rep = json.loads(out.getvalue())["report"]
            if not rep["accounted"]:
                raise Problem(f"{argv}: rows do not add up: {rep['records']} records, {rep['good']} good, "
                              f"{rep['bad_count']} bad, skipped {rep['skipped']}")

    def close(self) -> None:
        import shutil

        shutil.rmtree(self.dir, ignore_errors=True)


def _tmp_root() -> str | None:
    """A memory-backed folder for the inputs when there is one (faster)."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def fails(kind: str) -> Callable[[bytes], bool]:
    """A predicate for minimising: does this input still break a promise?"""
    r = Runner(kind)

    def check(data: bytes) -> bool:
        try:
            r.run(data)
        except Problem:
            return True
        return False

    return check


__all__ = ["KINDS", "SUFFIX", "Problem", "Runner", "seeds", "fails"]

if __name__ == "__main__":  # pragma: no cover - a quick manual check
    for k in KINDS:
        r = Runner(k)
        for s in seeds(k):
            r.run(s)
        print(k, len(seeds(k)), "seeds ok", file=sys.stderr)
