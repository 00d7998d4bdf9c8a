"""JSON event files, streamed record by record, whatever the container:

* a top-level array ``[{…}, {…}]`` (PLOVER's gold-standard file; pandas'
  ``to_json(orient="records")``), element by element;
* JSON Lines, one object per line;
* objects one after another, each over several lines (``json.dump(…,
  indent=2)`` per record, R's ``jsonlite`` pretty output): "JSON Lines"
  written pretty-printed.

Memory stays at one record however long the file. A malformed record is one
bad row (TL507); reading resumes at the next line that opens an object at
the record's indentation (or lower), and everything skipped belongs to that
bad row. What a record means is the family's business (`parse_json`):
plain events, PLOVER, or ICEWS / GDELT rows written as JSON objects (keys
as in the published headers, under `layouts.norm`'s renamings).

Accounting: for JSON Lines a record is a line (blank lines are counted as
skipped); for an array an element; for pretty-printed objects an object.
Text outside any record (a file that is not JSON at all, read under a forced
JSON format; text after an array's `]`) is one bad row per line, so no line
goes uncounted.
"""

from __future__ import annotations

import json
from typing import Callable, Iterator

from .files import Source
from .rows import Context, bad_row, not_utf8, text_lines

MAX_ELEMENT = 64 << 20  # a single record larger than this is reported, not buffered further

NOT_AN_OBJECT_HELP = ("records are JSON objects `{…}`; if this file is not JSON, give its format with"
                      " --events-format (or leave the option out to have it detected)")

# convert(obj, start line, seq, snippet) -> outcome
Convert = Callable[[object, int, int, str], object]


# --- the JSON array, element by element ----------------------------------------------------


class _ArrayText:
    """The unread part of a JSON array file, extended a line at a time."""

    def __init__(self, source: Source, ctx: Context):
        self.lines = text_lines(source, ctx)
        self.buf = ""
        self.pos = 0
        self.base = 1  # line number of buf[0]
        self.eof = False
        self.bad_lines: dict[int, UnicodeDecodeError] = {}
        self.last_line = 0

    def more(self) -> str | None:
        """Append the next line; returns it, or None at end of file."""
        try:
            n, text, eol, err = next(self.lines)
        except StopIteration:
            self.eof = True
            return None
        if err is not None:
            self.bad_lines[n] = err
        self.last_line = n
        self.buf += text + eol
        return text

    def compact(self) -> None:
        """Forget consumed text (keeps memory at one element)."""
        if self.pos:
            self.base += self.buf.count("\n", 0, self.pos)
            self.buf = self.buf[self.pos :]
            self.pos = 0

    def peek(self) -> str:
        """The next non-blank character ('' at end of file), without consuming it."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            self.compact()
            if self.more() is None:
                return ""

    def line_at(self, p: int) -> tuple[int, int, str]:
        """(line number, 1-based column, line text) of buffer position p."""
        start = self.buf.rfind("\n", 0, p) + 1
        end = self.buf.find("\n", p)
        text = self.buf[start : end if end >= 0 else len(self.buf)].rstrip("\r")
        return self.base + self.buf.count("\n", 0, p), p - start + 1, text

    def skip_line(self) -> bool:
        """Skip the rest of the current line (text that is no record: each such
        line is one bad row, so every line of the file is accounted for).
        False when the file ended on that line."""
        nl = self.buf.find("\n", self.pos)
        while nl < 0:
            if self.more() is None:
                self.pos = len(self.buf)
                return False
            nl = self.buf.find("\n", self.pos)
        self.pos = nl + 1
        return True

    def resync(self, indent: int) -> None:
        """Skip to the next line that opens an object (or closes the array) at
        an indentation no deeper than `indent`."""
        if not self.skip_line():
            return
        while True:
            nl = self.buf.find("\n", self.pos)
            if nl < 0:
                self.compact()
                if self.more() is None:
                    self.pos = len(self.buf)
                    return
                continue
            line = self.buf[self.pos : nl]
            stripped = line.lstrip(" \t")
            ind = len(line) - len(stripped)
            if stripped[:1] in ("{", "]") and ind <= indent:
                self.pos += ind
                return
            self.pos = nl + 1


def iter_array(source: Source, ctx: Context, convert: Convert) -> Iterator[object]:
    """The elements of a top-level JSON array, one outcome each (`convert` for a
    decoded element; diagnostics for malformed ones)."""
    t = _ArrayText(source, ctx)
    dec = json.JSONDecoder()
    ch = t.peek()
    if ch == "":
        return
    if ch != "[":
        line, col, text = t.line_at(t.pos)
        yield bad_row(ctx, "TL507", f"expected a JSON array `[…]`, found `{ch}`", line, text, col=col,
                      width=1, help="a JSON event file holds an array of records, or one record after another")
        return
    t.pos += 1
    seq = 0
    want_element = True
    while True:
        ch = t.peek()
        if ch == "":
            line = t.last_line or 1
            yield bad_row(ctx, "TL505", "the file ends inside the JSON array (no closing `]`)", line, "",
                          help="the file was cut short, or the array was never closed")
            return
        if ch == "]":
            t.pos += 1
            break
        if ch == ",":
            if want_element:
                line, col, text = t.line_at(t.pos)
                seq += 1
                yield bad_row(ctx, "TL507", "malformed JSON: unexpected `,` (an empty array element)", line, text,
                              col=col, width=1)
            t.pos += 1
            want_element = True
            continue
        seq += 1
        start_line, start_col, start_text = t.line_at(t.pos)
        if not want_element:
            yield bad_row(ctx, "TL507", "malformed JSON: expected `,` or `]` between array elements", start_line,
                          start_text, col=start_col, width=1)
            seq += 1
        want_element = False
        status = yield from _element(t, dec, ctx, convert, seq, start_line, start_col, start_text)
        if status == "stop":
            return
        if status == "resync":
            want_element = True  # the skipped text ended the bad element, comma and all
        for n in [n for n in t.bad_lines if n < t.base]:
            del t.bad_lines[n]
    while (ch := t.peek()) != "":  # each line of trailing text is a bad row: none goes uncounted
        line, col, text = t.line_at(t.pos)
        yield bad_row(ctx, "TL507", "malformed JSON: text after the end of the array", line, text, col=col, width=1,
                      help="a JSON array file ends at its closing `]`")
        t.skip_line()
        t.compact()


def _element(t: "_ArrayText", dec: json.JSONDecoder, ctx: Context, convert: Convert, seq: int, start_line: int,
             start_col: int, start_text: str):
    """Decode the JSON value at the buffer position: yields its outcome and
    returns "ok", "resync" (a bad value was skipped) or "stop" (end of file)."""
    t.compact()
    indent = start_col - 1
    while True:
        try:
            obj, end = dec.raw_decode(t.buf, t.pos)
        except RecursionError:
            yield bad_row(ctx, "TL507", "malformed JSON: nested too deeply to read", start_line, start_text,
                          col=start_col, width=1, help="an event record is one flat JSON object")
            t.resync(indent)
            return "resync"
        except json.JSONDecodeError as e:
            incomplete = e.pos >= len(t.buf.rstrip())
            if incomplete and not t.eof and len(t.buf) < MAX_ELEMENT:
                # read on until a line that could close the element
                while True:
                    got = t.more()
                    if got is None or "}" in got or "]" in got or not t.buf[t.pos] == "{":
                        break
                continue
            if incomplete and t.eof:
                yield bad_row(ctx, "TL505", f"truncated last record: {e.msg} at the end of the file", start_line,
                              start_text, col=start_col, width=1,
                              help="the file ends in the middle of a record — was it cut short?")
                return "stop"
            line, col, text = t.line_at(min(e.pos, len(t.buf)))
            msg = f"malformed JSON: {e.msg}" if len(t.buf) < MAX_ELEMENT else "array element larger than 64 MiB"
            yield bad_row(ctx, "TL507", msg + (f" (in the record starting on line {start_line})"
                                               if line != start_line else ""),
                          line, text, col=col, width=1, help="fix the record, or delete it")
            t.pos = min(e.pos, len(t.buf))
            t.resync(indent)
            return "resync"
        except ValueError:
            # an integer of more digits than Python converts: the record is bad, its end unknown
            from .fmt_plain import TOO_MANY_DIGITS, TOO_MANY_DIGITS_HELP

            yield bad_row(ctx, "TL512", TOO_MANY_DIGITS, start_line, start_text, col=start_col, width=1,
                          help=TOO_MANY_DIGITS_HELP)
            t.resync(indent)
            return "resync"
        end_line = t.base + t.buf.count("\n", 0, end)
        t.pos = end
        bad = next((t.bad_lines[n] for n in range(start_line, end_line + 1) if n in t.bad_lines), None)
        if bad is not None:
            n = next(n for n in range(start_line, end_line + 1) if n in t.bad_lines)
            text = bad.object.decode("utf-8", errors="replace").rstrip("\r\n")
            yield not_utf8(ctx, n, text, bad)
        else:
            yield convert(obj, start_line, seq, start_text)
        return "ok"


def iter_objects(source: Source, ctx: Context, convert: Convert) -> Iterator[object]:
    """Objects one after another (pretty-printed records), one outcome each."""
    t = _ArrayText(source, ctx)
    dec = json.JSONDecoder()
    seq = 0
    while True:
        ch = t.peek()
        if ch == "":
            return
        seq += 1
        start_line, start_col, start_text = t.line_at(t.pos)
        if ch != "{":
            # One bad row per line that opens no object — skipping to the next `{` would
            # swallow a whole non-JSON file (a forced format) into a single bad row.
            yield bad_row(ctx, "TL507", f"expected a JSON object, found `{ch}`", start_line, start_text, col=start_col,
                          width=1, help=NOT_AN_OBJECT_HELP)
            t.skip_line()
            t.compact()
            continue
        status = yield from _element(t, dec, ctx, convert, seq, start_line, start_col, start_text)
        if status == "stop":
            return
        for n in [n for n in t.bad_lines if n < t.base]:
            del t.bad_lines[n]


def iter_lines(source: Source, ctx: Context, convert: Convert) -> Iterator[object]:
    """JSON Lines: a record per line; blank lines are counted as skipped."""
    from .fmt_plain import parse_json_line

    for n, text, eol, err in text_lines(source, ctx):
        if err is not None:
            yield not_utf8(ctx, n, text, err)
            continue
        if not text.strip():
            yield "blank"
            continue
        obj = parse_json_line(ctx, n, text, eol)
        yield convert(obj, n, n, text) if isinstance(obj, dict) else obj


def container(source: Source) -> str:
    """``array``, ``lines`` or ``objects``: how a fresh JSON source holds its records
    (from its first 64 KiB, without consuming them)."""
    head = source.peek(1 << 16).decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head[:1] == "[":
        return "array"
    first = head.split("\n", 1)[0].strip()
    try:
        json.loads(first, parse_int=len)  # numbers' values do not matter here (a 5,000-digit one must not fail)
        return "lines"
    except (ValueError, RecursionError):
        pass
    try:  # an object that ends on a later line: pretty-printed records
        first_value, _ = json.JSONDecoder(parse_int=len).raw_decode(head)
        if isinstance(first_value, dict):  # not a bare number: a GDELT row starts with one
            return "objects"
    except (ValueError, RecursionError):
        pass
    return "lines" if "\n" not in head.strip() or head.count("\n{") == 0 else "objects"


def iter_json(source: Source, ctx: Context, convert: Convert) -> Iterator[object]:
    """Every record of a JSON event file, whatever its container."""
    how = container(source)
    if how == "array":
        return iter_array(source, ctx, convert)
    if how == "objects":
        return iter_objects(source, ctx, convert)
    return iter_lines(source, ctx, convert)


# --- ICEWS and GDELT rows written as JSON objects ----------------------------------------


def json_text(v: object) -> str:
    """A JSON value as the text a delimited file would hold: null → empty."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def keyed_converter(ctx: Context, family: str) -> Convert:
    """``convert(obj, line, seq, snippet)`` for ICEWS or GDELT rows as JSON
    objects: keys are header names (`layouts.match_header`), mapped once per
    distinct key set."""
    from .fmt_gdelt import gdelt_converter
    from .fmt_icews import icews_converter
    from .layouts import LAYOUTS, match_header

    cache: dict[tuple, object] = {}

    def convert(obj: object, line: int, seq: int, snippet: str) -> object:
        if not isinstance(obj, dict):
            return bad_row(ctx, "TL507", f"expected a JSON object, found {type(obj).__name__}", line, snippet)
        keys = tuple(obj)
        conv = cache.get(keys)
        if conv is None:
            match, best = match_header([str(k) for k in keys])
            if match is None or LAYOUTS[match.layout].family != family:
                lacking = [c for c in LAYOUTS["gdelt2" if family == "gdelt" else "icews"].required
                           if c not in best.index]
                return bad_row(ctx, "TL506", f"missing required field{'s' * (len(lacking) != 1)}: "
                               + ", ".join(lacking), line, snippet,
                               help=f"every {family.upper()} record needs " + ", ".join(
                                   LAYOUTS["gdelt2" if family == "gdelt" else "icews"].required))
            conv = cache[keys] = (gdelt_converter(ctx, match.index, match.layout, len(keys)) if family == "gdelt"
                                  else icews_converter(ctx, match.index, len(keys)))
            if ctx.mapping is None:
                ctx.mapping = match.describe().replace("header read as", "records read as")
        fields = [json_text(v) for v in obj.values()]
        fields.append("")
        return conv(fields, line, snippet, False)  # type: ignore[operator]

    return convert


def parse_icews_json(source: Source, ctx: Context) -> Iterator[object]:
    return iter_json(source, ctx, keyed_converter(ctx, "icews"))


def parse_gdelt_json(source: Source, ctx: Context) -> Iterator[object]:
    return iter_json(source, ctx, keyed_converter(ctx, "gdelt"))
