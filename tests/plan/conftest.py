"""Helpers for the executor tests: writing event files with noise, and
running one check with a chosen engine to its JSON report."""

from __future__ import annotations

import functools
import importlib.util
import io
import random
from pathlib import Path

import pytest

from treatylang.events.writers import write_csv

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "data"

duckdb = pytest.importorskip("duckdb", reason="the DuckDB executor needs the duckdb extra (pip install treatylang[duckdb])")


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when a shared data file is absent."""
    if not path.exists():
        pytest.skip(f"shared data not available: {path.resolve()} is absent "
                    "(the tests read ../shared/data beside the repository)")
    return path


# Lines a real plain CSV can hold besides good rows; {n} is the column count.
CSV_NOISE = [
    "", "   ", "2002-13-01,RUS,IRN,072", "2003-01-01,RUS,IRN,999", "2003-01-01,RUS,IRN,---", "2003-01-01,,IRN,072",
    "2003-01-01, RUS ,IRN , 072", "2003-01-01,RUS\t,IRN,072", "2003-01-01,RUS,IRN", "2003-01-01,RUS,IRN,072,x,y,z,w,v",
    '2003-01-01,"RUS",IRN,072', "2003-02,USA,IRN,190", "2003,USA,IRN,0871", "0000-01-01,RUS,IRN,072",
    "2003-01-01,RUS,IRN,", "2003-01-01,RUS,,072", "1799-12-31,USA,IRN,190", "2003-01-01,R\u00dcS,IRN,072",
    "2003-01-01,RUS,IRN,\u00a0072", "2003-06-01,AZE,RUS,183",
]


def noisy_csv(events, rng: random.Random, crlf: bool, last_eol: bool, noise: int) -> bytes:
    """`events` as a plain CSV (write_csv's columns), with `noise` odd lines
    mixed in (padded or cut to the header's width half of the time) and, now
    and then, bytes that are not UTF-8."""
    buf = io.StringIO(newline="")
    write_csv(list(events), buf)
    lines = buf.getvalue().split("\r\n")[:-1]
    width = lines[0].count(",") + 1
    for _ in range(noise):
        x = rng.choice(CSV_NOISE)
        if x and rng.random() < 0.5:
            cells = x.split(",")
            x = ",".join((cells + [""] * width)[:width])
        lines.insert(rng.randrange(1, len(lines) + 1), x)
    data = ("\r\n" if crlf else "\n").join(lines).encode("utf-8")
    if rng.random() < 0.2:
        cut = data.rfind(b"\n", 0, max(1, len(data) // 2))
        if cut > 0:
            data = data[:cut + 1] + b"2003-01-01,RUS,IRN,07\xff2" + (b"\r\n" if crlf else b"\n") + data[cut + 1:]
    if last_eol:
        data += b"\r\n" if crlf else b"\n"
    return data


def gdelt_row(ncols: int = 61, **values: str) -> str:
    """One GDELT row (no line end), as tests/events/conftest.py builds them
    (that module is not importable from here: tests/ is not a package)."""
    return _events_conftest().gdelt_row(ncols, **values)


@functools.lru_cache(maxsize=1)
def _events_conftest():
    spec = importlib.util.spec_from_file_location("_events_conftest", REPO / "tests" / "events" / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_check(path, instruments, engine: str, as_of=None, date_from=None, date_to=None, **kw):
    """(JSON report, the reader report's dict, notes) of one check (`kw`:
    more options of `api.check`, e.g. ordered, readings)."""
    from treatylang import api

    r = api.check(list(instruments), events=str(path), engine=engine, as_of=as_of, date_from=date_from,
                  date_to=date_to, **kw)
    return r.to_json(), r.read_report.to_dict(), r.runs[0].notes
