"""The Spark executor gives the streaming path's report byte for byte.

Every test here runs real Spark in local mode (one session for all of them:
tests/spark/conftest.py) and compares the JSON report, the reader's report
(records = good + skipped + bad, the bad rows with file:line) and the notes
of `--engine spark` with those of the streaming path.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatylang import api
from treatylang.diagnostics import DiagnosticError
from treatylang.events.writers import write_csv
from treatylang.testing import scenarios

from .conftest import ALL, REPO, SHARED, compare, gdelt_row, need, noisy_csv

pytestmark = pytest.mark.xdist_group("spark")

# Generated files per hypothesis run: each is a Spark job of a few seconds.
SPARK_EXAMPLES = 4


def _same(py, sp):
    assert sp[0] == py[0]  # the JSON report, byte for byte
    assert sp[1] == py[1]  # the reader's report: counts, skip reasons, bad rows with file:line
    assert sp[2] == py[2]  # the notes


def test_example_scenarios_events_and_event_files(spark, tmp_path):
    """The events of every example scenario, written as one plain CSV and
    checked against every instrument the scenarios name, and each example
    event file: the same report through Spark as streaming. (One file for
    all scenarios: each check is a Spark job of some seconds.)"""
    events, instruments = [], list(ALL)
    for path in sorted((REPO / "examples").glob("*.scenario")):
        sc = api.load_scenario(path)
        events += list(sc.events)
        instruments += [i for i in sc.instruments if i not in instruments]
    assert len(events) > 50
    out = tmp_path / "examples.csv"
    with open(out, "w", newline="", encoding="utf-8") as f:
        write_csv(events, f)
    _same(*compare(spark, instruments, out))
    for path in sorted((REPO / "examples" / "events").glob("*")):
        _same(*compare(spark, ALL, path))


@pytest.mark.shared_data
def test_shared_gdelt_and_plover_files(spark):
    """The shared GDELT 2.0 export (with --as-of and --from/--to too) and the
    PLOVER file: byte-identical reports."""
    gdelt = need(SHARED / "gdelt" / "20191024143000.export.CSV")
    _same(*compare(spark, ALL, gdelt))
    _same(*compare(spark, ["ru_ir_2001"], gdelt, as_of="2019-10-23", date_from="2019-10-01", date_to="2019-10-24"))
    plover = need(SHARED / "plover" / "PLOVER_GSR_CAMEO.txt")
    _same(*compare(spark, ALL, plover))


def test_split_files_and_the_cases_that_are_read_whole(spark, tmp_path):
    """Files cut into many byte ranges give the same report: a noisy CSV, a
    GDELT export with bad rows; a CSV with a quoted field over two lines and
    a GDELT file with a header line inside are read again whole."""
    rng = random.Random(7)
    evs = []
    for i in range(400):
        day = dt.date(2002, 5, 1) + dt.timedelta(days=rng.randrange(9000))
        a, t = rng.sample(["RUS", "IRN", "USA", "AZE", "SYR", "ISR"], 2)
        evs.append(api.Event(day, a, t, rng.choice(["072", "190", "0871", "138", "183", "036"])))
    plain = tmp_path / "plain.csv"
    plain.write_bytes(noisy_csv(evs, rng, 60))
    _same(*compare(spark, ALL, plain, chunk_bytes=2048))
    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes(noisy_csv(evs, rng, 20, crlf=True, multiline=True))
    _same(*compare(spark, ALL, quoted, chunk_bytes=2048))
    rows = [gdelt_row(61, id=str(1000 + i), sqldate=f"2019{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}",
                      code=rng.choice(["190", "072", "0871", "036", "138"]),
                      a1country=rng.choice(["RUS", "IRN", "USA", ""]), a2country=rng.choice(["RUS", "IRN", "SYR"]))
            for i in range(300)]
    rows[50] = rows[50][:40]  # a row cut short: a bad row, with its line
    rows[120] = "\t".join(rows[120].split("\t")[:58])  # a GDELT 1.0 row among 2.0 rows
    gd = tmp_path / "20191024.export.CSV"
    gd.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _same(*compare(spark, ALL, gd, chunk_bytes=4096))
    header = "\t".join(_gdelt_header())
    gh = tmp_path / "with_header.export.CSV"
    gh.write_text("\n".join(rows[:150] + [header] + rows[150:]) + "\n", encoding="utf-8")
    _same(*compare(spark, ALL, gh, chunk_bytes=4096))


def _gdelt_header():
    from treatylang.events.layouts import LAYOUTS

    return list(LAYOUTS["gdelt2"].columns)


@settings(max_examples=SPARK_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                              HealthCheck.too_slow], deadline=None)
@given(sc=scenarios(ALL, min_events=1, max_events=25), seed=st.integers(0, 2**16), chunk=st.sampled_from(
    [None, 700, 1500]), window=st.sampled_from([{}, {"as_of": "2010-01-01"},
                                                {"date_from": "2003-01-01", "date_to": "2030-12-31"}]))
def test_generated_files_differential(spark, tmp_path_factory, sc, seed, chunk, window):
    """Generated timelines of the shipped instruments, written as noisy CSV
    (bad rows, blanks, imprecise dates, bytes that are not UTF-8), cut into
    byte ranges or not, with --as-of or --from/--to: same report."""
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("gen") / "events.csv"
    path.write_bytes(noisy_csv(sc.events, rng, rng.randrange(0, 12), crlf=rng.random() < 0.3))
    _same(*compare(spark, ALL, path, chunk_bytes=chunk, **window))


def test_spark_dataframe_input(spark):
    """A Spark DataFrame (four partitions) checked on Spark gives the report
    of the same rows checked from an Arrow table by the streaming path; row
    numbers follow the partitions' order."""
    pa_csv = pytest.importorskip("pyarrow.csv")
    import pyarrow as pa

    table = pa_csv.read_csv(str(REPO / "examples" / "events" / "aggression_aid.csv"),
                            convert_options=pa_csv.ConvertOptions(column_types={}, strings_can_be_null=False,
                                                                  auto_dict_encode=False))
    table = table.cast(pa.schema([(n, pa.string()) for n in table.schema.names]))
    df = spark.createDataFrame(table.to_pylist(), schema=", ".join(f"`{n}` string" for n in table.schema.names))
    df = df.repartition(1).coalesce(1).union(df).repartition(4)
    reference = df.toArrow()
    _same(*compare(spark, ALL, df, reference=reference))


def test_command_line(spark, tmp_path, capsys, monkeypatch):
    """`treatylang check … --engine spark --events FILE --format json` prints
    the streaming path's JSON report and lists the bad rows on stderr the
    same way."""
    from treatylang.cli.main import main

    monkeypatch.chdir(REPO)
    path = tmp_path / "e.csv"
    path.write_bytes(b"date,actor,target,code\n2003-01-01,RUS,IRN,072\n2003-13-01,RUS,IRN,072\n"
                     b"2005-02-01,USA,IRN,190\n2005-03-01,RUS,USA,072\n")
    outs = []
    for engine in ("python", "spark"):
        code = main(["check", "ru_ir_2001", "--events", str(path), "--format", "json", "--engine", engine])
        cap = capsys.readouterr()
        outs.append((code, cap.out, cap.err))
    assert outs[1] == outs[0]
    assert "TL502" in outs[0][2] and outs[0][0] == 1


def test_strict_globs_and_missing_files(spark, tmp_path):
    """--strict stops at the first bad row with its diagnostic, as streaming
    does; a glob reads its files in sorted order as one timeline, each bad
    row named by its own file and line; a glob that matches nothing is TL001."""
    from treatylang.spark import run

    path = tmp_path / "bad.csv"
    path.write_bytes(b"date,actor,target,code\n2003-01-01,RUS,IRN,072\n2003-13-01,RUS,IRN,072\n")
    with pytest.raises(DiagnosticError) as py:
        api.check(ALL, events=str(path), strict=True)
    model = api.load_instruments(ALL)
    with pytest.raises(DiagnosticError) as sp:
        run.check_events(model, ALL, str(path), strict=True, spark=spark)
    assert [str(d) for d in sp.value.diagnostics] == [str(d) for d in py.value.diagnostics]
    with pytest.raises(DiagnosticError) as e:
        run.check_events(model, ALL, str(tmp_path / "none*.csv"), spark=spark)
    assert e.value.diagnostics[0].code == "TL001"
    other = tmp_path / "bad2.csv"
    other.write_bytes(b"date,actor,target,code\n2004-01-01,USA,IRN,190\n2004-01-02,USA,IRN,19x\n")
    got = run.check_events(model, ALL, str(tmp_path / "bad*.csv"), spark=spark)
    rep = got.read_report
    assert (rep.file, rep.records, rep.good, rep.bad_count, rep.skipped) == (str(tmp_path / "bad*.csv"), 6, 2, 2,
                                                                              {"header": 2})
    assert [(d.span.file, d.span.line, d.code) for d in rep.bad] == [(str(path), 3, "TL502"),
                                                                     (str(other), 3, "TL503")]
    assert got.runs[0].result.events_checked == 2
