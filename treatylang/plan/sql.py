"""The plan as SQL: one sqlglot expression tree, printed in any dialect.

    rows  AS (SELECT <the event fields, computed from the source's columns>)
    SELECT * FROM rows WHERE <the plan's predicate> ORDER BY day, …

The source (a GDELT table or export, a plain CSV file) only decides how the
`rows` CTE computes the logical fields: `day` (the first possible day as
ISO text), `last_key` (the date as written with `~` appended: it sorts after
every day of its range, so ``last_key >= D`` means "may be on or after D"),
`actor`, `target`, `code`, `action`. The WHERE clause is built once from the
plan over those fields; `Plan.admits` is its Python form, and
tests/plan/test_sql.py checks that DuckDB returns exactly the rows it admits.

The output columns are a plain treatylang CSV (date, actor, target, code,
action, id, source and attributes), so what BigQuery returns can be saved
as CSV and checked with `treatylang check … --events result.csv`.

sqlglot is an optional dependency (`pip install treatylang[sql]`).
"""

from __future__ import annotations

from attrs import frozen

from ..check.lifecycle import NOTICE_ACTION, RATIFICATION_ACTION
from .compile import Plan, Side, Term

DIALECTS = ("duckdb", "bigquery", "spark")


def _sqlglot():
    try:
        import sqlglot
        from sqlglot import exp
    except ImportError:  # pragma: no cover - depends on the install
        from ..diagnostics import Diagnostic, DiagnosticError
        from ..source import Span

        raise DiagnosticError([Diagnostic(
            "TL040", "printing SQL needs the sqlglot package, which is not installed",
            Span("<command line>", 1, 1, 1, 2), help="pip install 'treatylang[sql]'")]) from None
    return sqlglot, exp


# ----------------------------------------------------------------- sources

# GDELT's column names: the 35 shared columns, then the geo blocks and the
# tail, per layout (see events/fmt_gdelt.py).
GDELT_HEAD = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name Actor1CountryCode "
    "Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code Actor1Type1Code "
    "Actor1Type2Code Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode "
    "Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone").split()


def gdelt_columns(fmt: str) -> tuple[str, ...]:
    """Column names of a GDELT layout (gdelt2: 61, gdelt1: 58, gdelt1-back: 57)."""
    geo = ["Type", "FullName", "CountryCode", "ADM1Code"] + (["ADM2Code"] if fmt == "gdelt2" else []) + [
        "Lat", "Long", "FeatureID"]
    cols = list(GDELT_HEAD)
    for block in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        cols += [f"{block}_{g}" for g in geo]
    cols.append("DATEADDED")
    if fmt != "gdelt1-back":
        cols.append("SOURCEURL")
    return tuple(cols)


@frozen
class Source:
    """Where the rows are: `kind` is a GDELT layout or "csv"; `table` a
    table name (as the dialect writes it) or None for `path`, a file that
    the dialect reads (DuckDB's read_csv; Spark's csv.`path`)."""

    kind: str
    table: str | None = None
    path: str | None = None
    typed: bool = False  # integer SQLDATE / GLOBALEVENTID columns (BigQuery's tables)
    csv_columns: tuple[str, ...] = ()  # a CSV file's header, lower-cased


BIGQUERY_TABLES = {"gdelt2": "`gdelt-bq`.gdeltv2.events", "gdelt1": "`gdelt-bq`.full.events"}


def bigquery_source(kind: str = "gdelt2") -> Source:
    """BigQuery's public GDELT events tables (2.0; 1.0 holds the back-file too)."""
    return Source(kind, BIGQUERY_TABLES["gdelt1" if kind.startswith("gdelt1") else "gdelt2"], typed=True)


def _from(src: Source, dialect: str):
    sqlglot, exp = _sqlglot()
    if src.table is not None:
        return exp.to_table(src.table, dialect="bigquery" if "`" in src.table else dialect)
    path = src.path.replace("'", "''")
    if dialect == "duckdb":
        if src.kind == "csv":
            text = f"read_csv('{path}', header = true, all_varchar = true, quote = '\"')"
        else:
            cols = ", ".join(f"'{c}': 'VARCHAR'" for c in gdelt_columns(src.kind))
            text = (f"read_csv('{path}', header = false, delim = '\\t', quote = '', escape = '', "
                    f"columns = {{{cols}}})")
        return exp.Table(this=sqlglot.parse_one(text, read="duckdb"))
    if dialect == "spark":
        return exp.to_table(f"csv.`{path}`", dialect="spark")
    raise ValueError(f"the {dialect} dialect reads tables, not files")


def _lit(x):
    _, exp = _sqlglot()
    return exp.Literal.string(x)


def _col(name: str):
    _, exp = _sqlglot()
    return exp.column(name, quoted=True) if any(ch.isupper() for ch in name) else exp.column(name)


def _nonempty(e):
    _, exp = _sqlglot()
    return exp.NEQ(this=exp.Coalesce(this=e, expressions=[_lit("")]), expression=_lit(""))


def _fields(src: Source) -> list:
    """The `rows` CTE's select list: logical fields, then the CSV output columns."""
    sqlglot, exp = _sqlglot()
    if src.kind == "csv":
        cols = src.csv_columns or ("date", "actor", "target", "code", "action", "id", "source")

        def trimmed(c):
            return exp.Trim(this=_col(c)) if c in cols else exp.Null()

        date = trimmed("date")
        day = exp.Substring(this=exp.DPipe(this=date, expression=_lit("-01-01")), start=exp.Literal.number(1),
                            length=exp.Literal.number(10))
        out = [exp.alias_(day, "day"), exp.alias_(exp.DPipe(this=date, expression=_lit("~")), "last_key")]
        for c in ("actor", "target", "code", "action"):
            out.append(exp.alias_(trimmed(c), c))
        passthrough = [c for c in cols if c not in ("actor", "target", "code", "action")]
        out += [exp.alias_(_col(c), f"out_{c}") for c in passthrough]
        return out
    from ..events.countries import state_codes

    states = sorted(state_codes())
    sqldate = exp.Cast(this=_col("SQLDATE"), to=exp.DataType.build("VARCHAR")) if src.typed else _col("SQLDATE")

    def sub(e, start, n):
        return exp.Substring(this=e, start=exp.Literal.number(start), length=exp.Literal.number(n))

    day = exp.DPipe(this=exp.DPipe(this=exp.DPipe(this=exp.DPipe(this=sub(sqldate, 1, 4), expression=_lit("-")),
                                                  expression=sub(sqldate, 5, 2)), expression=_lit("-")),
                    expression=sub(sqldate, 7, 2))

    def who(country: str, code: str):
        # GDELT's rule (events/fmt_gdelt.py): the country code, else a state's
        # code that starts the actor code (IRNGOV → IRN).
        prefix = sub(_col(code), 1, 3)
        return exp.Case(ifs=[exp.If(this=_nonempty(_col(country)), true=_col(country)),
                             exp.If(this=prefix.isin(*states), true=prefix.copy())])

    def text(c):
        return exp.Cast(this=_col(c), to=exp.DataType.build("VARCHAR")) if src.typed else _col(c)

    out = [exp.alias_(day, "day"), exp.alias_(exp.DPipe(this=day.copy(), expression=_lit("~")), "last_key"),
           exp.alias_(who("Actor1CountryCode", "Actor1Code"), "actor"),
           exp.alias_(who("Actor2CountryCode", "Actor2Code"), "target"),
           exp.alias_(_col("EventCode"), "code"), exp.alias_(exp.Null(), "action"),
           exp.alias_(text("GLOBALEVENTID"), "out_id")]
    if src.kind != "gdelt1-back":
        out.append(exp.alias_(_col("SOURCEURL"), "out_source"))
    for name, c in (("actor_code", "Actor1Code"), ("target_code", "Actor2Code"), ("num_mentions", "NumMentions"),
                    ("goldstein", "GoldsteinScale"), ("quad_class", "QuadClass"), ("date_added", "DATEADDED")):
        out.append(exp.alias_(text(c), f"out_{name}"))
    return out


# ----------------------------------------------------------------- the predicate


def _side(side: Side, column: str):
    _, exp = _sqlglot()
    if side.codes is not None:
        return exp.column(column).isin(*sorted(side.codes)) if side.codes else exp.false()
    return _nonempty(exp.column(column)) if side.required else None


def _is_action(plan: Plan, name: str, has_action: bool):
    _, exp = _sqlglot()
    a = plan.action(name)
    parts = []
    if has_action:
        parts.append(exp.EQ(this=exp.column("action"), expression=_lit(name)))
    if a.codes:
        code = _codes_test(a.codes)
        parts.append(exp.and_(exp.Not(this=_nonempty(exp.column("action"))), code) if has_action else code)
    return exp.or_(*parts) if parts else exp.false()


def code_cover(codes: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes, exact codes) covering `codes`: a codebook prefix whose whole
    family is in the set is tested as a prefix. The test differs from set
    membership only on codes outside the codebook, which every reader
    reports as bad rows (TL503)."""
    from ..events.cameo import codebook

    book = codebook()
    prefixes, exact = set(), set()
    for c in sorted(codes):
        if any(c.startswith(p) for p in prefixes):
            continue
        for n in range(2, len(c) + 1):
            p = c[:n]
            if p in book and book.expand(p) <= codes:
                (prefixes if len(book.expand(p)) > 1 else exact).add(p)
                break
    return tuple(sorted(prefixes)), tuple(sorted(exact))


def _codes_test(codes: frozenset[str]):
    _, exp = _sqlglot()
    prefixes, exact = code_cover(codes)
    parts = []
    for n in sorted({len(p) for p in prefixes}):
        sub = exp.Substring(this=exp.column("code"), start=exp.Literal.number(1), length=exp.Literal.number(n))
        parts.append(sub.isin(*[p for p in prefixes if len(p) == n]))
    if exact:
        parts.append(exp.column("code").isin(*exact))
    return exp.or_(*parts) if len(parts) > 1 else parts[0]


def _term(plan: Plan, t: Term, has_action: bool):
    _, exp = _sqlglot()
    conds = [_is_action(plan, t.action, has_action), _side(t.actor, "actor"), _side(t.target, "target")]
    if t.lo is not None:
        conds.append(exp.GTE(this=exp.column("last_key"), expression=_lit(t.lo.isoformat())))
    if t.hi is not None:
        conds.append(exp.LT(this=exp.column("day"), expression=_lit(t.hi.isoformat())))
    return exp.and_(*[c for c in conds if c is not None])


def predicate(plan: Plan, has_action: bool = True):
    """The plan's admission test over the logical fields (sqlglot condition)."""
    _, exp = _sqlglot()
    seen = {}
    for t in plan.terms:
        key = (t.action, t.actor, t.target, t.lo, t.hi)
        seen.setdefault(key, t)
    parts = [_term(plan, t, has_action) for t in seen.values()
             if has_action or plan.action(t.action).codes]
    if has_action:
        parts.insert(0, exp.EQ(this=exp.column("action"), expression=_lit(NOTICE_ACTION)))
        parts.insert(1, exp.EQ(this=exp.column("action"), expression=_lit(RATIFICATION_ACTION)))
    return exp.or_(*parts) if parts else exp.false()


def matters(plan: Plan, has_action: bool = True):
    """The row is some relevant action (what `events_matched` counts)."""
    _, exp = _sqlglot()
    parts = [_is_action(plan, a.name, has_action) for a in plan.actions if has_action or a.codes]
    return exp.or_(*parts) if parts else exp.false()


def pushdown_query(plan: Plan, src: Source, dialect: str = "duckdb"):
    """The whole query (a sqlglot expression): print it with `.sql(dialect)`."""
    _, exp = _sqlglot()
    has_action = src.kind == "csv" and (not src.csv_columns or "action" in src.csv_columns)
    fields = _fields(src)
    rows = exp.select(*fields).from_(_from(src, dialect))
    names = [e.alias for e in fields if e.alias.startswith("out_") and e.alias != "out_date"]
    first = exp.column("out_date") if src.kind == "csv" else exp.column("day")
    out = [exp.alias_(first, "date"), exp.column("actor"), exp.column("target"), exp.column("code")]
    if has_action:
        out.append(exp.column("action"))
    out += [exp.alias_(exp.column(n), n[4:]) for n in names]
    order = [exp.column("day")] + ([exp.column("out_id")] if src.kind != "csv" else [])
    q = exp.select(*out).from_("rows").where(predicate(plan, has_action)).order_by(*order)
    return q.with_("rows", as_=rows)


def render_sql(plan: Plan, src: Source, dialect: str) -> str:
    """The pushdown query as text in `dialect`."""
    return pushdown_query(plan, src, dialect).sql(dialect=dialect, pretty=True) + ";\n"


SOURCES = ("gdelt2", "gdelt1", "gdelt1-back", "csv")


def _usage(message: str, help: str | None = None):
    from ..diagnostics import Diagnostic, DiagnosticError
    from ..source import Span

    return DiagnosticError([Diagnostic("TL041", message, Span("<command line>", 1, 1, 1, 2), help=help)])


def source_for(dialect: str, kind: str | None = None, table: str | None = None, events=None) -> Source:
    """The `Source` the `treatylang sql` options name (TL041 when they do not fit)."""
    if dialect not in DIALECTS:
        raise _usage(f"unknown SQL dialect `{dialect}`", "dialects: " + ", ".join(DIALECTS))
    if kind is not None and kind not in SOURCES:
        raise _usage(f"unknown source layout `{kind}`", "layouts: " + ", ".join(SOURCES))
    if events is not None and table is not None:
        raise _usage("give --table or --events, not both")
    if events is not None:
        events = str(events)
        if dialect != "duckdb":
            raise _usage("--events reads a local file, which only the duckdb dialect does",
                         "for spark or bigquery, load the file as a table and give --table NAME")
        from ..events import detect_format
        from ..events.files import Source as FileSource

        kind = kind or detect_format(events)
        if kind not in SOURCES:
            raise _usage(f"`{events}` is a {kind} file; SQL is printed for GDELT exports and plain CSV",
                         "check it with `treatylang check … --events FILE` instead")
        cols: tuple[str, ...] = ()
        if kind == "csv":
            with FileSource(events) as f:
                head = f.head(1 << 16).decode("utf-8", errors="replace").lstrip("\ufeff")
            first = next((line for line in head.splitlines() if line.strip()), "")
            cols = tuple(h.strip().strip('"').lower() for h in first.split(","))
        return Source(kind, path=events, csv_columns=cols)
    kind = kind or "gdelt2"
    if table:
        return Source(kind, table=table, typed=dialect == "bigquery")
    if dialect == "bigquery":
        if kind == "csv":
            raise _usage("a CSV table in BigQuery needs --table NAME")
        return bigquery_source(kind)
    return Source(kind, table="events")
