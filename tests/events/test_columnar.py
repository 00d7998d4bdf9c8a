"""Parquet and Arrow files, and DataFrames (pandas, polars) and Arrow tables in memory: the same events as
the text layouts give, streamed in batches, every row accounted for."""

from __future__ import annotations

import pytest

from treatylang.diagnostics import DiagnosticError
from treatylang.events import detect_format, open_events
from treatylang.events.frames import events_from_frame
from treatylang.events.layouts import GDELT_LAYOUTS, ICEWS_COLUMNS

from .conftest import read_all, write
from .test_icews import icews_row
from .test_reexports import ICEWS_ROWS, cells, gdelt_rows, key

pa = pytest.importorskip("pyarrow", reason="pyarrow is in the dev extra; the columnar readers need it")
pq = pytest.importorskip("pyarrow.parquet")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")


def gdelt_columns(rows: list[str]) -> dict[str, list]:
    """The GDELT rows as typed columns, as pandas would load them without dtype=str: ids, dates and counts
    become integers, EventCode 036 becomes 36 (its root decides the zero), tone a float."""
    names = GDELT_LAYOUTS["gdelt2"]
    table = list(zip(*(cells(r) for r in rows)))
    out: dict[str, list] = {}
    for name, values in zip(names, table):
        if name in ("GLOBALEVENTID", "SQLDATE", "EventCode", "EventBaseCode", "EventRootCode", "NumMentions",
                    "NumSources", "NumArticles", "DATEADDED", "QuadClass"):
            out[name] = [int(v) if v else None for v in values]
        elif name in ("GoldsteinScale", "AvgTone"):
            out[name] = [float(v) if v else None for v in values]
        else:
            out[name] = [v or None for v in values]
    return out


@pytest.fixture
def text_events(tmp_path):
    """The GDELT test rows read from a published-layout export."""
    events, _ = read_all(write(tmp_path / "export.CSV", "\n".join(gdelt_rows()) + "\n"))
    return [key(e) for e in events]


def test_parquet_gdelt_extract(tmp_path, text_events):
    """A GDELT extract saved as Parquet (typed columns, leading zeros lost) gives the export's events."""
    p = tmp_path / "day.parquet"
    pq.write_table(pa.table(gdelt_columns(gdelt_rows())), p)
    assert detect_format(str(p)) == "parquet"
    events, rep = read_all(p, strict=True)
    assert [key(e) for e in events] == text_events
    assert rep.records == 4 and rep.skipped == {"no_actor": 1} and rep.accounted() and rep.complete
    assert events[0].provenance.line == 1 and events[0].provenance.file == str(p)


def test_parquet_is_streamed_in_batches(tmp_path, monkeypatch):
    """Rows come in record batches: with a batch of 2 rows, four rows are read in two batches."""
    from treatylang.events import fmt_arrow

    monkeypatch.setattr(fmt_arrow, "BATCH_ROWS", 2)
    p = tmp_path / "day.parquet"
    pq.write_table(pa.table(gdelt_columns(gdelt_rows())), p, row_group_size=2)
    src = fmt_arrow.open_parquet(str(p), str(p))
    assert [len(b[0]) for b in src.batches()] == [2, 2]


def test_arrow_ipc_file(tmp_path, text_events):
    """An Arrow IPC (Feather v2) file reads like Parquet."""
    import pyarrow.feather as feather

    p = tmp_path / "day.arrow"
    feather.write_feather(pa.table(gdelt_columns(gdelt_rows())), p, compression="uncompressed")
    assert detect_format(str(p)) == "arrow"
    events, _ = read_all(p)
    assert [key(e) for e in events] == text_events


def test_parquet_icews_and_plain(tmp_path):
    """ICEWS columns (with NA) and plain event columns also read from Parquet."""
    table = {c: [] for c in ICEWS_COLUMNS}
    for r in ICEWS_ROWS:
        for c, v in zip(ICEWS_COLUMNS, icews_row(**r).split("\t")):
            table[c].append(v)
    p = tmp_path / "icews.parquet"
    pq.write_table(pa.table(table), p)
    events, rep = read_all(p)
    assert [(e.actor, e.target) for e in events] == [("RUS", "IRN"), ("TUR", None), ("MKD", "IRN"),
                                                     ("RUS", "IRN")]
    plain = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"Date": ["2001-03-12"], "Actor": ["RUS"], "Target": [None], "Code": ["040"],
                             "kind": ["x"]}), plain)
    (e,), rep = read_all(plain)
    assert (e.actor, e.target, e.code, e.attrs, e.coded) == ("RUS", None, "040", (("kind", "x"),), False)


def test_parquet_with_unknown_columns_is_explained(tmp_path):
    """A table whose columns follow no layout stops with TL511, naming the closest layout and its columns."""
    p = tmp_path / "x.parquet"
    pq.write_table(pa.table({"when": ["2001"], "who": ["RUS"]}), p)
    with pytest.raises(DiagnosticError) as info:
        read_all(p)
    d = info.value.diagnostics[0]
    assert d.code == "TL511" and "when, who" in d.help


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow"])
def test_events_from_frame(kind, text_events):
    """pandas and polars DataFrames and Arrow tables give the export's events through events_from_frame."""
    cols = gdelt_columns(gdelt_rows())
    frame = {"pandas": lambda: pd.DataFrame(cols), "polars": lambda: pl.DataFrame(cols),
             "arrow": lambda: pa.table(cols)}[kind]()
    reader = events_from_frame(frame, name="day")
    events = list(reader)
    assert [key(e) for e in events] == text_events
    assert reader.report.records == 4 and reader.report.accounted() and events[0].provenance.file == "day"
    assert [key(e) for e in reader] == text_events  # iterating again reads again


def test_pandas_frame_with_text_columns_and_index(text_events):
    """A frame loaded with dtype=str (zeros kept), with a named index and an extra column."""
    names = GDELT_LAYOUTS["gdelt2"]
    df = pd.DataFrame([cells(r) for r in gdelt_rows()], columns=names).set_index("GLOBALEVENTID", drop=False)
    df["note"] = "x"
    assert [key(e) for e in events_from_frame(df)] == text_events


def test_frame_filters_and_dedupe():
    """The reader's filters and dedupe work on frames as on files."""
    cols = gdelt_columns(gdelt_rows())
    reader = events_from_frame(pd.DataFrame(cols), actors={"IRN"}, dedupe=True)
    events = list(reader)
    assert [e.actor for e in events] == ["RUS", "RUS", "IRN"]


def test_not_a_frame_is_tl517():
    """A value that is no table is refused with TL517; a polars LazyFrame gets a hint to collect it."""
    with pytest.raises(DiagnosticError) as info:
        events_from_frame([1, 2, 3])
    assert info.value.diagnostics[0].code == "TL517"
    with pytest.raises(DiagnosticError) as info:
        events_from_frame(pl.DataFrame({"a": [1]}).lazy())
    assert "collect" in info.value.diagnostics[0].message


def test_parquet_without_pyarrow_says_how_to_install(tmp_path, monkeypatch):
    """Where pyarrow is not installed, reading Parquet is TL516 with the pip command."""
    import builtins

    p = tmp_path / "day.parquet"
    pq.write_table(pa.table({"date": ["2001-01-01"], "actor": ["RUS"]}), p)
    real = builtins.__import__

    def no_pyarrow(name, *a, **k):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(DiagnosticError) as info:
        open_events(str(p))
    d = info.value.diagnostics[0]
    assert d.code == "TL516" and "treatylang[parquet]" in d.help


def test_plain_table_with_numeric_codes_is_refused_per_row(tmp_path):
    """A plain table whose code column holds numbers (040 read as 40, 010 as 10) gives TL512 rows, never a
    guessed code — 10 would otherwise silently become the code 10 (DEMAND)."""
    p = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"date": ["2001-03-12", "2001-03-13"], "actor": ["RUS", "IRN"], "target": ["IRN", "RUS"],
                             "code": [10, 40]}), p)
    events, rep = read_all(p)
    assert events == [] and [d.code for d in rep.bad] == ["TL512", "TL512"] and "leading zero" in rep.bad[0].help


def test_gdelt_table_with_numeric_codes_needs_its_root_column(tmp_path):
    """With EventRootCode the zeros come back; without it a numeric EventCode is TL512, never guessed."""
    cols = gdelt_columns(gdelt_rows())
    del cols["EventRootCode"]
    p = tmp_path / "x.parquet"
    pq.write_table(pa.table(cols), p)
    events, rep = read_all(p)
    assert events == [] and set(rep.bad_by_code) == {"TL512"} and rep.accounted()
