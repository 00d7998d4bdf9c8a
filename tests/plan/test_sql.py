"""The pushdown as SQL: every dialect's query parses in that dialect, and
DuckDB running the query returns exactly the rows the plan admits."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatylang.cli import main
from treatylang.events import open_events
from treatylang.model import load_instruments
from treatylang.plan import compile_plan
from treatylang.plan.sql import Source, bigquery_source, render_sql

from .conftest import duckdb, gdelt_row

sqlglot = pytest.importorskip("sqlglot", reason="printing SQL needs the sql extra (pip install treatylang[sql])")

SHIPPED = ("ru_ir_2001", "caspian_2001", "ru_ir_2025", "gore_chernomyrdin_1995")
MODEL = load_instruments(SHIPPED)
PLAN = compile_plan(MODEL, SHIPPED)
SOURCES = [bigquery_source("gdelt2"), bigquery_source("gdelt1"), Source("gdelt2", table="events"),
           Source("gdelt1-back", table="events"), Source("csv", table="events")]


@pytest.mark.parametrize("dialect", ["duckdb", "bigquery", "spark"])
@pytest.mark.parametrize("src", SOURCES, ids=lambda s: f"{s.kind}-{s.table}")
def test_query_parses_in_its_dialect(dialect, src):
    """The printed query is one statement that sqlglot parses back in the
    dialect it was printed for, and prints the same again."""
    text = render_sql(PLAN, src, dialect)
    tree = sqlglot.parse_one(text.rstrip().rstrip(";"), read=dialect)
    assert tree.sql(dialect=dialect, pretty=True) + ";\n" == text


def test_sql_command_bigquery(capsys):
    """`treatylang sql ru_ir_2001 --dialect bigquery` reads GDELT's public
    table and filters on the treaty's codes, parties and days."""
    assert main(["sql", "ru_ir_2001", "--dialect", "bigquery"]) == 0
    out = capsys.readouterr().out
    assert "`gdelt-bq`.gdeltv2.events" in out
    assert "'IRN', 'RUS'" in out and "'2002-04-05'" in out


def test_sql_events_needs_duckdb(capsys, tmp_path):
    """A local file can only be read by the duckdb dialect: another dialect is a usage diagnostic (exit 2)."""
    f = tmp_path / "e.csv"
    f.write_text("date,actor,target,code\n2003-01-01,RUS,IRN,190\n")
    assert main(["sql", "ru_ir_2001", "--dialect", "spark", "--events", str(f)]) == 2
    assert "TL041" in capsys.readouterr().err


STATES = ["RUS", "IRN", "USA", "AZE", "CHN", ""]
CODES = ["190", "183", "0871", "072", "062", "138", "1383", "040", "073", "20", "193"]
ACTIONS = ["", "", "", "transfer_arms", "recognise_border", "notice_of_termination", "assist", "supply"]


@st.composite
def csv_rows(draw):
    day = dt.date(1994, 1, 1) + dt.timedelta(days=draw(st.integers(0, 365 * 35)))
    prec = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
    date = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[prec]
    action = draw(st.sampled_from(ACTIONS))
    code = draw(st.sampled_from(CODES)) if not action or draw(st.booleans()) else ""
    actor = draw(st.sampled_from(STATES[:-1]))
    return date, actor, draw(st.sampled_from(STATES)), code, action


@settings(max_examples=40)
@given(rows=st.lists(csv_rows(), max_size=60))
def test_duckdb_returns_exactly_the_admitted_csv_rows(tmp_path_factory, rows):
    """For generated plain-CSV rows (precise and imprecise dates, codes and
    action names, missing targets), the DuckDB query keeps exactly the rows
    `Plan.admits` keeps."""
    path = tmp_path_factory.mktemp("sql") / "rows.csv"
    lines = ["date,actor,target,code,action,id"] + [",".join(r) + f",r{i}" for i, r in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    src = Source("csv", path=str(path), csv_columns=("date", "actor", "target", "code", "action", "id"))
    got = sorted(r[-1] for r in duckdb.sql(render_sql(PLAN, src, "duckdb")).fetchall())
    want = []
    for i, e in enumerate(open_events(str(path))):
        if PLAN.admits(e.action, e.code, e.actor, e.target, e.day, e.end_day):
            want.append(f"r{i}")
    assert got == sorted(want)


@settings(max_examples=25)
@given(seed=st.integers(0, 10**6), fmt=st.sampled_from(["gdelt2", "gdelt1", "gdelt1-back"]))
def test_duckdb_returns_exactly_the_admitted_gdelt_rows(tmp_path_factory, seed, fmt):
    """For generated GDELT rows (country codes, actor codes with a state
    prefix, actors that are no state, dates across the treaties' terms), the
    DuckDB query on the export keeps exactly the rows `Plan.admits` keeps."""
    rng = random.Random(seed)
    ncols = {"gdelt2": 61, "gdelt1": 58, "gdelt1-back": 57}[fmt]
    rows = []
    for i in range(60):
        a = rng.choice(STATES)
        t = rng.choice(STATES)
        a1code = rng.choice([a, a + "GOV", "COP", ""]) if a else rng.choice(["COP", "IRNGOV", ""])
        day = dt.date(1994, 1, 1) + dt.timedelta(days=rng.randrange(365 * 35))
        rows.append(gdelt_row(ncols, id=str(1000 + i), sqldate=day.strftime("%Y%m%d"), a1country=a, a1code=a1code,
                              a2country=t if rng.random() < 0.7 else "", a2code=rng.choice([t + "MIL", "CVL", ""]),
                              code=rng.choice(CODES)))
    path = tmp_path_factory.mktemp("sql") / "x.export.CSV"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    got = sorted(r[4] for r in duckdb.sql(render_sql(PLAN, Source(fmt, path=str(path)), "duckdb")).fetchall())
    want = sorted(dict(e.provenance.ids)["GLOBALEVENTID"] for e in open_events(str(path), fmt=fmt)
                  if PLAN.admits(None, e.code, e.actor, e.target, e.day, e.end_day))
    assert got == want
