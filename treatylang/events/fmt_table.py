"""Delimited files with a header line: the CSV record splitter every
comma-separated reader shares, and re-exports of GDELT and ICEWS.

Analysts keep GDELT and ICEWS data re-saved by pandas, R or a spreadsheet:
comma-separated (or tab-separated with renamed columns), with a header line
— ``Event_ID,Event_Date,…``, ``GDELT.GLOBALEVENTID``, snake_case names —, a
leading index column, extra columns, quoted values. `parse_reexport` reads
such a file through the header (`layouts.match_header`), with the family's
own converter (fmt_gdelt / fmt_icews), so its events are the ones the
published layout would give; the mapping is reported
(``ReadReport.mapping``).

Records are lines, except that a quoted field may run over several lines;
such a record is one record, at the line where it starts.
"""

from __future__ import annotations

import csv
from typing import Iterator

from ..diagnostics import DiagnosticError
from .files import Source
from .layouts import LAYOUTS, match_header
from ..limits import current
from .rows import Context, TooLong, bad_row, not_utf8, text_lines, too_long


def split_csv(text: str, sep: str = ",") -> list[str]:
    """One CSV record's fields (RFC 4180 quoting)."""
    if '"' not in text:
        return text.split(sep)
    return next(csv.reader([text], delimiter=sep))


def quote_open(text: str, sep: str) -> bool:
    """Whether `text` ends inside a quoted field (RFC 4180: a field is quoted
    only when its first character is ``"``; a ``"`` inside an unquoted field is
    an ordinary character, as in ICEWS's own unquoted tab files)."""
    if text.count('"') % 2 == 0:
        # Closed quoted fields hold an even number of quotes. (An odd stray quote in an
        # unquoted field together with an open field would be even too: then the record
        # splits into rows of the wrong width — reported, never silently wrong.)
        return False
    inq = False
    start = True
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if inq:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 2
                    continue
                inq = False
            start = False
        else:
            if c == '"' and start:
                inq = True
            start = c == sep
        i += 1
    return inq


def csv_records(lines, ctx: Context, sep: str = ","):
    """``("row", line, fields, text, eol)``, ``("blank", line)`` or ``("bad", diagnostic)``
    per record of the decoded `lines` (`rows.text_lines`); a quoted field may span lines."""
    pending: tuple[int, str, bool] | None = None  # a quoted field still open: (start line, text, had bad bytes)
    limit = current().max_record_size
    for n, text, eol, err in lines:
        if err is not None and (pending is None or isinstance(err, TooLong)):
            if pending is not None:  # the record that ran on to this line is lost with it
                n, pending = pending[0], None
            yield ("bad", not_utf8(ctx, n, text, err))
            continue
        if pending is not None:
            start, acc, bad = pending
            if limit and len(acc) + len(text) > limit:  # a quoted field that never closes: bounded
                pending = None
                yield ("bad", too_long(ctx, start, acc.split("\n", 1)[0], len(acc.encode()) + len(text.encode())))
                continue
            text = acc + text
            bad = bad or err is not None
            line = start
        else:
            line, bad = n, False
        if quote_open(text, sep):  # a quoted field runs on to the next line
            if eol:
                pending = (line, text + eol, bad)
                continue
            pending = None
            yield ("bad", bad_row(ctx, "TL505", "truncated last record: a quoted field is never closed", line, text,
                                  help="close the quote, or check whether the file was cut short"))
            continue
        pending = None
        if bad:
            yield ("bad", bad_row(ctx, "TL504", "bytes that are not UTF-8 in a multi-line record", line, text,
                                  help="event files must be UTF-8; re-encode the file"))
            continue
        if not text.strip():
            yield ("blank", line)
            continue
        try:
            fields = split_csv(text, sep)
        except csv.Error as e:
            yield ("bad", bad_row(ctx, "TL501", f"unreadable CSV row: {e}", line, text))
            continue
        yield ("row", line, fields, text, eol)
    if pending is not None:  # the file ended right after a line end, inside a quoted field
        start, acc, _ = pending
        yield ("bad", bad_row(ctx, "TL505", "truncated last record: a quoted field is never closed", start,
                              acc.rstrip("\r\n"), help="close the quote, or check whether the file was cut short"))


def sniff_separator(first_line: str) -> str:
    """Tab when the header has tabs, else comma."""
    return "\t" if "\t" in first_line else ","


def parse_reexport(source: Source, ctx: Context, family: str, sep: str | None = None) -> Iterator[object]:
    """A GDELT or ICEWS table with a header line, any separator (see the module doc)."""
    from .fmt_gdelt import gdelt_converter
    from .fmt_icews import icews_converter

    convert = None
    width = 0
    header_text = None
    lines = text_lines(source, ctx)
    if sep is None:  # decide from the first non-blank line
        lines, sep = _peek_separator(lines)
    for rec in csv_records(lines, ctx, sep):
        kind = rec[0]
        if kind == "bad":
            yield rec[1]
            continue
        if kind == "blank":
            yield "blank"
            continue
        _, line, fields, text, eol = rec
        if convert is None:
            match, best = match_header(fields)
            if match is None or LAYOUTS[match.layout].family != family:
                want = LAYOUTS[best.layout]
                lacking = [c for c in want.required if c not in best.index]
                raise DiagnosticError([bad_row(
                    ctx, "TL511", f"the header does not name the {family.upper()} columns an event needs"
                    + (f" (it looks most like {want.description}, without {', '.join(lacking)})" if lacking else ""),
                    line, text, help="the header must name " + ", ".join(LAYOUTS[
                        "gdelt2" if family == "gdelt" else "icews"].required))])
            width = len(fields)
            fam_conv = gdelt_converter(ctx, match.index, match.layout, width) if family == "gdelt" \
                else icews_converter(ctx, match.index, width)
            convert = fam_conv
            header_text = text
            ctx.mapping = match.describe()
            yield "header"
            continue
        if text == header_text:  # concatenated files repeat their header
            yield "header"
            continue
        if len(fields) != width:
            if not eol:
                yield bad_row(ctx, "TL505", f"truncated last line: {len(fields)} of {width} columns and no line end",
                              line, text, help="the file ends in the middle of a row — was it cut short?")
            else:
                yield bad_row(ctx, "TL501", f"wrong number of columns: {len(fields)}, expected {width} (from the "
                              "header)", line, text, help="a value holding the separator must be quoted: \"a, b\"")
            continue
        fields.append("")
        yield convert(fields, line, text, '"' not in text)


def _peek_separator(lines):
    """(the same lines, the separator of the first non-blank one)."""
    head = []
    sep = ","
    for item in lines:
        head.append(item)
        if item[1].strip():
            sep = sniff_separator(item[1])
            break

    def replay():
        yield from head
        yield from lines

    return replay(), sep
