"""Columnar event data: Parquet and Arrow IPC files (through pyarrow, an
optional dependency: ``pip install 'treatylang[parquet]'``), and in-memory
tables (pandas or polars DataFrames, Arrow tables — see `frames.py`).

Columns are found by name with the renamings of `layouts.match_header`, so
a GDELT extract saved by pandas or polars (any column order, an index
column, extra columns, ``GDELT.`` prefixes), an ICEWS table, or a table of
plain events (date, actor, target, code / action …) reads into the same
events as the text layouts give — each family's own converter does the work.

Rows are streamed in record batches (`BATCH_ROWS`), never the whole table.
A record is a row; its "line" in provenance and diagnostics is its 1-based
row number. Values are turned into the text a delimited file would hold:
nulls and NaN → empty; whole floats keep their ``.0`` (SQLDATE ``20191024.0``
is read as the day); dates → ``YYYY-MM-DD``. A CAMEO code stored as a number
has lost its leading zero: GDELT's is restored from EventRootCode where that
decides it (`fmt_gdelt.restore_code`), any other is a bad row.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Callable, Iterable, Iterator

from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span
from .layouts import LAYOUTS, match_header
from .rows import Context

BATCH_ROWS = 8192


NOT_COLUMNAR_HELP = ("is --events-format right? leave it out to have the format detected from the file's"
                     " first bytes")

def need_pyarrow(path: str, what: str):
    """Import pyarrow, or raise TL516 saying how to install it."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise DiagnosticError([Diagnostic(
            "TL516", f"reading {what} needs the optional dependency pyarrow", Span(path, 1, 1, 1, 2),
            help="install it: pip install 'treatylang[parquet]'")]) from None
    import pyarrow
    return pyarrow


class ColumnarSource:
    """A table read in batches: `names` (column names), `batches()` yielding
    lists of columns (each a Python list), `size` rows when known."""

    compression = "none"

    def __init__(self, names: list[str], batches: Callable[[], Iterable[list[list]]], size: int = 0,
                 close: Callable[[], None] | None = None):
        self.names = names
        self._batches = batches
        self.size = size
        self.rows = 0
        self._close = close

    def batches(self) -> Iterable[list[list]]:
        return self._batches()

    def position(self) -> int:
        return self.rows

    def close(self) -> None:
        if self._close is not None:
            try:
                self._close()
            except Exception:  # closing is best effort
                pass


def open_parquet(path: str, shown: str) -> ColumnarSource:
    pa = need_pyarrow(shown, "Parquet files")
    import pyarrow.parquet as pq

    try:
        f = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as e:
        raise DiagnosticError([Diagnostic("TL002", f"`{shown}` cannot be read as Parquet: {e}",
                                          Span(shown, 1, 1, 1, 2), help=NOT_COLUMNAR_HELP)]) from None
    names = list(f.schema_arrow.names)

    def batches():
        for b in f.iter_batches(batch_size=BATCH_ROWS):
            yield [col.to_pylist() for col in b.columns]

    return ColumnarSource(names, batches, f.metadata.num_rows, f.close)


def open_arrow(path: str, shown: str) -> ColumnarSource:
    pa = need_pyarrow(shown, "Arrow IPC files")
    import pyarrow.ipc as ipc

    try:
        src = pa.memory_map(path, "r")
        reader = ipc.open_file(src)
    except (OSError, pa.ArrowException) as e:
        raise DiagnosticError([Diagnostic("TL002", f"`{shown}` cannot be read as an Arrow IPC file: {e}",
                                          Span(shown, 1, 1, 1, 2), help=NOT_COLUMNAR_HELP)]) from None
    names = list(reader.schema.names)

    def batches():
        for i in range(reader.num_record_batches):
            b = reader.get_batch(i)
            for start in range(0, b.num_rows, BATCH_ROWS):
                part = b.slice(start, BATCH_ROWS)
                yield [col.to_pylist() for col in part.columns]

    rows = sum(reader.get_batch(i).num_rows for i in range(reader.num_record_batches))
    return ColumnarSource(names, batches, rows, src.close)


def cell_text(v: object) -> str:
    """A table cell as the text a delimited file would hold."""
    if v is None:
        return ""
    t = type(v)
    if t is str:
        return v  # type: ignore[return-value]
    if t is int:
        return str(v)
    if t is float:
        return "" if math.isnan(v) else repr(v)  # type: ignore[arg-type]
    if t is bool:
        return "true" if v else "false"
    if isinstance(v, _dt.datetime):
        if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return v.date().isoformat()
        return v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8", errors="replace")
    name = t.__name__
    if name in ("NAType", "NaTType"):  # pandas' missing values
        return ""
    if hasattr(v, "item"):  # a numpy scalar
        return cell_text(v.item())
    if isinstance(v, float) and v != v:
        return ""
    return str(v)


def parse_columnar(src: ColumnarSource, ctx: Context, family: str | None = None) -> Iterator[object]:
    """One outcome per row of a columnar source (see the module doc)."""
    from .fmt_gdelt import gdelt_converter
    from .fmt_icews import icews_converter
    from .fmt_plain import plain_json_converter

    names = [str(n) for n in src.names]
    match, best = match_header(names)
    fam = LAYOUTS[match.layout].family if match is not None else None
    if match is None or (family is not None and fam != family):
        want = LAYOUTS[best.layout]
        lacking = [c for c in want.required if c not in best.index]
        raise DiagnosticError([Diagnostic(
            "TL511", "the table's columns are not those of a known event layout: they look most like "
            f"{want.description}, without {', '.join(lacking) or 'the columns it needs'}",
            Span(ctx.file, 1, 1, 1, 2), help="columns found: " + ", ".join(names[:12])
            + (", …" if len(names) > 12 else ""))])
    ctx.mapping = match.describe().replace("header read as", "columns read as")
    width = len(names)
    raw_codes: list | None = None
    code_col: int | None = None
    if fam == "plain":
        plain = plain_json_converter(ctx)
        keys = names
        code_col = next((i for i, k in enumerate(names) if k.strip().lower() == "code"), None)

        def convert(fields: list, n: int, text: str, exact: bool) -> object:
            obj = {k: (v if v != "" else None) for k, v in zip(keys, fields)}
            if code_col is not None and raw_codes is not None and isinstance(raw_codes[0], (int, float)) \
                    and not isinstance(raw_codes[0], bool):
                obj[keys[code_col]] = raw_codes[0]  # a number: refused as in JSON (TL512), never padded
            return plain(_lower_reserved(obj), n, n, text)
    elif fam == "gdelt":
        gconv = gdelt_converter(ctx, match.index, match.layout, width)
        code_col = match.index.get("EventCode") if "EventRootCode" not in match.index else None

        def convert(fields: list, n: int, text: str, exact: bool) -> object:
            if code_col is not None and raw_codes is not None and type(raw_codes[0]) in (int, float):
                from ..diagnostics import Diagnostic
                from ..source import Span

                return Diagnostic("TL512", f"EventCode stored as a number ({fields[code_col]}) and no EventRootCode "
                                  "column to restore its leading zero from", Span(ctx.file, n, 1, n, 2), text,
                                  help="a CAMEO code written as a number loses its leading zero (10 may be 010): "
                                  "keep EventCode as text, or keep the EventRootCode column")
            return gconv(fields, n, text, exact)
    else:
        convert = icews_converter(ctx, match.index, width)
    row = 0
    for cols in src.batches():
        for values in zip(*cols):
            if fam != "icews" and code_col is not None:
                raw_codes = [values[code_col]]
            row += 1
            ctx.lines = src.rows = row
            fields = [cell_text(v) for v in values]
            text = "\t".join(fields)
            if len(text) > 300:
                text = text[:297] + "…"
            fields.append("")
            yield convert(fields, row, text, False)


def _lower_reserved(obj: dict) -> dict:
    """Plain-event columns are matched in any case (as in CSV headers)."""
    from .fmt_plain import RESERVED

    out = {}
    for k, v in obj.items():
        low = k.strip().lower()
        out[low if low in RESERVED else k] = v
    return out
