"""The Spark executor's tests share one local-mode SparkSession (two cores,
two shuffle partitions, no UI) for the whole test session: Spark takes tens
of seconds to start, so there are few Spark tests, each doing much. They
skip, saying why, where pyspark or Java is missing.

`compare(...)` runs one check through the streaming path and through Spark
and returns both JSON reports, reader reports and notes, for the tests to
assert byte identity.
"""

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
ALL = ["ru_ir_2001", "caspian_2001", "ru_ir_2025", "gore_chernomyrdin_1995"]


def pytest_collection_modifyitems(config, items):
    """Send the tests marked `xdist_group` to one worker under `--dist
    loadgroup` (so one Spark session serves them all): pytest-xdist 3.8 tags
    their node ids through `item._nodeid`, which pytest 9 no longer reads (it
    keeps `item._id`), so tag them here the same way, `NODEID@GROUP`."""
    if not getattr(config.option, "loadgroup", False):  # set on xdist's workers only
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # pytest < 9: xdist's own tagging works
        return
    for item in items:
        mark = item.get_closest_marker("xdist_group")
        if mark is not None and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = NodeId.parse(f"{item.nodeid}@{mark.args[0] if mark.args else mark.kwargs.get('name', 'default')}")


@pytest.fixture(scope="session")
def spark():
    """The one SparkSession of the test session (local mode)."""
    pytest.importorskip("pyspark", reason="the Spark tests need pyspark (pip install 'treatylang[spark]')")
    from treatylang.spark.session import java_missing, session

    why = java_missing()
    if why:
        pytest.skip(f"the Spark tests need Java 17: {why}")
    s = session("local[2]", app="treatylang-tests")
    s.conf.set("spark.sql.shuffle.partitions", "2")
    yield s
    s.stop()


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when a shared data file is absent."""
    if not path.exists():
        pytest.skip(f"shared data not available: {path.resolve()} is absent "
                    "(the tests read ../shared/data beside the repository)")
    return path


def compare(spark, instruments, events, *, chunk_bytes: int | None = None, reference=None, **options):
    """((python JSON, reader report, notes), (spark JSON, reader report,
    notes)) for one check of `events` (a path; a Spark DataFrame, then
    `reference` is what the streaming path reads instead). Through
    `api.check(engine="spark")`, or with `chunk_bytes` (files cut into ranges
    that small) through `spark.run.check_events`."""
    from treatylang import api
    from treatylang.spark import run

    py = api.check(list(instruments), events=reference if reference is not None else str(events),
                   max_findings=None, **options)
    src = events if not isinstance(events, Path) else str(events)
    if chunk_bytes is None:
        sp = api.check(list(instruments), events=src, max_findings=None, engine="spark", **options)
    else:
        model = api.load_instruments(list(instruments))
        sp = run.check_events(model, list(instruments), src, spark=spark, chunk_bytes=chunk_bytes,
                              **{k: _date(v) for k, v in options.items()})
    return _parts(py), _parts(sp)


def _date(v):
    import datetime as dt

    return dt.date.fromisoformat(v) if isinstance(v, str) and len(v) == 10 and v[4] == "-" else v


def _parts(r):
    return r.to_json(), r.read_report.to_dict() if r.read_report is not None else None, r.runs[0].notes


# ----------------------------------------------------------------- generated files

CSV_NOISE = [
    "", "   ", "2002-13-01,RUS,IRN,072", "2003-01-01,RUS,IRN,999", "2003-01-01,RUS,IRN,---", "2003-01-01,,IRN,072",
    "2003-01-01, RUS ,IRN , 072", "2003-01-01,RUS,IRN", "2003-01-01,RUS,IRN,072,x,y,z,w,v,u,t,s",
    '2003-01-01,"RUS",IRN,072', "2003-02,USA,IRN,190", "2003,USA,IRN,0871", "2003-01-01,RUS,IRN,",
    "2003-01-01,RUS,,072", "2003-06-01,AZE,RUS,183", "2010-05-05,USA,RUS,190",
]


def noisy_csv(events, rng: random.Random, noise: int, crlf: bool = False, multiline: bool = False) -> bytes:
    """`events` as a plain CSV (write_csv's columns) with `noise` odd lines
    mixed in, now and then bytes that are not UTF-8, and (`multiline`) a
    quoted field over two lines."""
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
    if multiline:
        cells = ["2004-04-04", "RUS", "IRN", "072"] + [""] * (width - 4)
        cells[-1] = '"two\nlines"'
        lines.insert(rng.randrange(1, len(lines) + 1), ",".join(cells))
    data = ("\r\n" if crlf else "\n").join(lines).encode("utf-8") + (b"\r\n" if crlf else b"\n")
    if rng.random() < 0.3:
        cut = data.rfind(b"\n", 0, max(1, len(data) // 2))
        if cut > 0:
            data = data[:cut + 1] + b"2003-01-01,RUS,IRN,07\xff2\n" + data[cut + 1:]
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
