"""Events from an in-memory table: a pandas or polars DataFrame, or a pyarrow
Table or RecordBatch, whose columns follow any supported layout.

    from treatylang.events.frames import events_from_frame
    reader = events_from_frame(df, name="gdelt-2019-10-24")
    events = list(reader)        # streamed in batches of rows
    reader.report                # the same ReadReport as for a file

The columns are matched by name exactly as a file's header is
(`layouts.match_header`: GDELT, ICEWS or plain events; renamings, extra
columns and an index column are allowed), so a GDELT day loaded with pandas
gives the events the export file gives. A record is a row; provenance names
the table by `name` and the row by its 1-based number.

Nothing here imports pandas, polars or pyarrow: the table is recognised by
its type's module, and read through its own methods. This is the function
the public API (`treatylang.api`) calls for DataFrame input.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span
from .fmt_arrow import BATCH_ROWS, ColumnarSource
from .reader import DEDUPE_WINDOW, EventReader, ProgressFn, _as_date


def frame_source(frame: object, name: str = "<dataframe>") -> ColumnarSource:
    """A `ColumnarSource` over a pandas / polars DataFrame or a pyarrow Table / RecordBatch."""
    mod = type(frame).__module__.split(".")[0]
    kind = type(frame).__name__
    if mod == "pandas" and kind == "DataFrame":
        names = [str(c) for c in frame.columns]  # type: ignore[attr-defined]
        n = len(frame)  # type: ignore[arg-type]

        def batches():
            for start in range(0, n, BATCH_ROWS):
                chunk = frame.iloc[start:start + BATCH_ROWS]  # type: ignore[attr-defined]
                yield [chunk.iloc[:, j].tolist() for j in range(chunk.shape[1])]

        return ColumnarSource(names, batches, n)
    if mod == "polars" and kind == "DataFrame":
        names = list(frame.columns)  # type: ignore[attr-defined]
        n = frame.height  # type: ignore[attr-defined]

        def batches():
            for part in frame.iter_slices(BATCH_ROWS):  # type: ignore[attr-defined]
                yield [part.to_series(j).to_list() for j in range(part.width)]

        return ColumnarSource(names, batches, n)
    if mod == "pyarrow" and kind in ("Table", "RecordBatch"):
        names = list(frame.schema.names)  # type: ignore[attr-defined]
        n = frame.num_rows  # type: ignore[attr-defined]

        def batches():
            parts = frame.to_batches(max_chunksize=BATCH_ROWS) if kind == "Table" else [  # type: ignore[attr-defined]
                frame.slice(i, BATCH_ROWS) for i in range(0, n, BATCH_ROWS)]  # type: ignore[attr-defined]
            for b in parts:
                yield [col.to_pylist() for col in b.columns]

        return ColumnarSource(names, batches, n)
    hint = " (collect the LazyFrame first: lf.collect())" if kind == "LazyFrame" else ""
    raise DiagnosticError([Diagnostic(
        "TL517", f"cannot read events from a {mod}.{kind}{hint}", Span(name, 1, 1, 1, 2),
        help="give a pandas or polars DataFrame, or a pyarrow Table or RecordBatch")])


def events_from_frame(
    frame: object,
    *,
    name: str = "<dataframe>",
    strict: bool = False,
    date_from: _dt.date | str | None = None,
    date_to: _dt.date | str | None = None,
    actors: Iterable[str] | None = None,
    min_mentions: int | None = None,
    dedupe: bool = False,
    dedupe_window: int = DEDUPE_WINDOW,
    progress: ProgressFn | None = None,
) -> EventReader:
    """An `EventReader` over the rows of `frame` (options as for `open_events`).

    Raises `DiagnosticError`: TL517 when `frame` is not a table this reads,
    TL511 (on iteration) when its columns follow no known layout."""
    src = frame_source(frame, name)  # fail now on a wrong type
    return EventReader(
        name, "table", name=name, strict=strict, date_from=_as_date(date_from, "--from"),
        date_to=_as_date(date_to, "--to"), actors=frozenset(actors) if actors is not None else None,
        min_mentions=min_mentions, dedupe=dedupe, dedupe_window=dedupe_window, progress=progress,
        opener=lambda: frame_source(frame, name) if src else src)
