"""Which files a Spark check reads, and how they are cut into tasks.

`--events` names a file or a glob (`data/2019*.export.CSV`); a glob's files
are taken in sorted order, and each gets its index `fi` in that order.

A file is one task unless it is uncompressed (by its magic bytes, as the
streaming reader decides), plain CSV or a tab-separated GDELT export, and
larger than two chunks: then it is cut into byte ranges of about
`chunk_bytes` (64 MiB, less when the input is small next to the cluster's
cores: `chunk_size`), each read from the first line that starts inside it (the
Hadoop convention). Compressed files, JSON, ICEWS, PLOVER, Parquet and
Arrow files, and GDELT re-exports with commas are read whole, by one task,
exactly as the streaming reader reads them. A file once cut can still turn
out not to be cuttable (a quoted CSV field over several lines, a header
line inside a GDELT file: `parse._unsafe`); it is then read again whole.
"""

from __future__ import annotations

import glob as _glob
import os

from ..diagnostics import Diagnostic, DiagnosticError
from ..events.files import Source
from ..source import Span
from .parse import Chunk

CHUNK_BYTES = 64 << 20
MIN_CHUNK = 4 << 20
SPLITTABLE = ("csv", "gdelt1", "gdelt1-back", "gdelt2")
_GLOB_CHARS = "*?["


def expand(pattern: str) -> list[str]:
    """The files `pattern` names, sorted: itself when it is no glob (a
    missing file is then reported by the reader, TL001), else its matches."""
    if not any(ch in pattern for ch in _GLOB_CHARS) or os.path.exists(pattern):
        return [pattern]
    found = sorted(p for p in _glob.glob(pattern, recursive=True) if os.path.isfile(p))
    if not found:
        raise DiagnosticError([Diagnostic("TL001", f"no event file matches `{pattern}`",
                                          Span("<command line>", 1, 1, 1, 2),
                                          help="check the pattern; quote it so that the shell does not expand it")])
    return found


def formats(paths: list[str], fmt: str | None) -> list[str]:
    """Each file's format: `fmt` when given, else detected as the streaming
    reader detects it (TL508 when none fits)."""
    from ..events import open_events

    out = []
    for p in paths:
        out.append(open_events(p, fmt=fmt).format)  # opens, detects, and fails as the reader fails
    return out


def chunk_size(total: int, parallelism: int, most: int = CHUNK_BYTES) -> int:
    """Bytes per range: at most `most`, and small enough that every core
    gets two ranges of the input (never below MIN_CHUNK)."""
    return max(MIN_CHUNK, min(most, total // max(1, 2 * parallelism)))


def plan_chunks(paths: list[str], fmts: list[str], chunk_bytes: int = CHUNK_BYTES,
                whole: frozenset[int] = frozenset()) -> list[Chunk]:
    """The tasks for `paths` (files in `whole` by index are never cut)."""
    out: list[Chunk] = []
    for fi, (path, fmt) in enumerate(zip(paths, fmts)):
        size = _size(path)
        prefix = None
        if fi not in whole and fmt in SPLITTABLE and size >= 2 * chunk_bytes:
            prefix = _prefix(path, fmt, chunk_bytes)
        if prefix is None:
            out.append(Chunk(fi, 0, path, path, fmt))
            continue
        starts = list(range(0, size, chunk_bytes))
        if size - starts[-1] < chunk_bytes // 2 and len(starts) > 1:
            starts.pop()  # no sliver of a chunk at the end
        for ck, start in enumerate(starts):
            end = starts[ck + 1] if ck + 1 < len(starts) else size
            out.append(Chunk(fi, ck, path, path, fmt, start, end, 0 if ck == 0 else prefix, end == size))
    return out


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _prefix(path: str, fmt: str, chunk_bytes: int) -> int | None:
    """How many first lines a later chunk feeds the parser (through its
    header), or None when the file is read whole: compressed, a GDELT
    re-export with commas, a CSV whose header is not found early (in its
    first 1000 lines, and before the first range ends)."""
    try:
        src = Source(path)
    except DiagnosticError:
        return None
    try:
        if src.compression != "none":
            return None
        if fmt != "csv":
            from ..events import fmt_gdelt

            first = fmt_gdelt.first_line(src)
            return 1 if "\t" in first else None
        from ..events import fmt_plain
        from ..events.rows import Context

        ctx = Context(path)
        head = _Head(src)
        for out in fmt_plain.parse_csv(head, ctx):
            if out == "header":
                return ctx.lines if head.bytes < chunk_bytes else None
            if ctx.lines > 1000:
                return None
        return None
    except DiagnosticError:
        return None
    finally:
        src.close()


class _Head:
    """A source over the first lines of a file (for finding a CSV's header)."""

    def __init__(self, src: Source):
        self.src = src
        self.bytes = 0

    def lines(self):
        for i, raw in enumerate(self.src.lines()):
            if i > 1000:
                return
            self.bytes += len(raw)
            yield raw
