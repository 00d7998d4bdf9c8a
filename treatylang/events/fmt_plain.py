"""Plain event files written by people or by other tools: CSV and JSON Lines.

Fields (CSV columns named in a header line; JSON object keys):

========  ========  ==============================================================
field     needed    meaning
========  ========  ==============================================================
date      yes       ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` for an imprecise date
actor     yes       who acted (a state's ISO alpha-3 code, normally)
target    column    whom it was done to; empty / null / absent: no target
code      one of    CAMEO code, a string (``"040"``)
action    these     an action name from the clause file (``transfer_arms``)
id        no        the row's identifier, kept in provenance
source    no        URL or citation, kept in provenance
time      no        ``HH:MM`` or ``HH:MM:SS``
(other)   no        an attribute: ``category=defensive``
========  ========  ==============================================================

The CSV header must name ``date``, ``actor``, ``target`` and ``code`` or
``action`` (in any order, any case: column names are lower-cased, attribute
names included). In JSON Lines keys are taken as written (JSON is
case-sensitive) and ``target`` may be left out. An empty cell (or JSON null) means "not given": an attribute with an
empty value is not recorded. Values of the named fields are stripped of
surrounding blanks; attribute values are kept exactly. JSON values that are
not strings become attributes as their JSON text (``3``, ``true``); a CAMEO
code must be a JSON *string* — the number ``40`` has lost its zero.

Records are lines, except that a quoted CSV field may run over several lines;
such a record is one record, at the line where it starts.
"""

from __future__ import annotations

import json
from typing import Iterator

from ..diagnostics import DiagnosticError
from .cameo import UNCODED, codebook
from .files import Source
from .model import Event, Provenance, parse_date
from .rows import Context, bad_row, field_col, text_lines, valid_time

RESERVED = ("date", "actor", "target", "code", "action", "id", "source", "time")


class _RowError(Exception):
    """A bad field in one row: turned into a diagnostic by the caller."""

    def __init__(self, code: str, message: str, field: str | None = None, help: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field, self.help = code, message, field, help


class _Builder:
    """Turns a mapping of field values into an Event (shared by CSV and JSONL)."""

    def __init__(self, file: str, validate=None):
        self.file = file
        self.book = codebook()
        self.validate = validate
        self.dates: dict[str, tuple] = {}

    def date(self, text: str):
        got = self.dates.get(text)
        if got is None:
            try:
                got = parse_date(text)
            except ValueError as e:
                raise _RowError("TL502", f"bad date: {e}", "date",
                                "dates are YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known") from None
            if len(self.dates) < 100_000:
                self.dates[text] = got
        return got

    def build(self, values: dict[str, str | None], attrs: tuple[tuple[str, str], ...], line: int, seq: int) -> Event | str:
        date = values.get("date")
        actor = values.get("actor")
        if not date:
            raise _RowError("TL506", "missing required field `date`", "date", "give the day as YYYY-MM-DD")
        if not actor:
            raise _RowError("TL506", "missing required field `actor`", "actor", "give who acted, e.g. RUS")
        code = values.get("code") or None
        action = values.get("action") or None
        if code == UNCODED:
            code = None
        if code is not None and code not in self.book:
            raise _RowError("TL503", f"unknown CAMEO code `{code}`", "code", self.book.suggest(code))
        if code is None and action is None:
            if values.get("code") == UNCODED:
                return "no_code"
            raise _RowError("TL506", "missing required field: `code` or `action`", "code",
                            "give a CAMEO code (e.g. 190) or an action name from the clause file")
        time = values.get("time") or None
        if time is not None and not valid_time(time):
            raise _RowError("TL502", f"bad time of day `{time}`", "time", "times are HH:MM or HH:MM:SS (24-hour clock)")
        first, last, precision = self.date(date)
        ident = values.get("id")
        prov = Provenance(self.file, line, values.get("source") or None, (("id", ident),) if ident else ())
        e = Event(first, actor, values.get("target") or None, code, action, attrs,
                  None if precision == "day" else last, precision, time, seq, prov)
        if self.validate is not None and attrs:
            wrong = self.validate(e)
            if wrong is not None:
                raise _RowError("TL513", wrong[1], wrong[0], wrong[2])
        return e


# --- CSV -------------------------------------------------------------------------------


def parse_csv(source: Source, ctx: Context) -> Iterator[object]:
    from .fmt_table import csv_records

    b = _Builder(ctx.file, ctx.validate)
    header: list[str] | None = None
    index: dict[str, int] = {}
    attr_cols: list[tuple[str, int]] = []
    seq = 0
    for rec in csv_records(text_lines(source, ctx), ctx, ","):
        seq += 1
        if rec[0] == "bad":
            yield rec[1]
            continue
        if rec[0] == "blank":
            yield "blank"
            continue
        _, line, fields, text, eol = rec
        if header is None:
            header = [h.strip().lower() for h in fields]
            problems = _check_header(header)
            if problems:
                raise DiagnosticError([bad_row(ctx, "TL511", problems[0], line, text, help=problems[1])])
            index = {h: i for i, h in enumerate(header) if h in RESERVED}
            attr_cols = sorted((h, i) for i, h in enumerate(header) if h not in RESERVED)
            yield "header"
            continue
        if len(fields) != len(header):
            if not eol:
                yield bad_row(ctx, "TL505", f"truncated last line: {len(fields)} of {len(header)} columns and no line end",
                              line, text, help="the file ends in the middle of a row — was it cut short?")
            else:
                yield bad_row(ctx, "TL501", f"wrong number of columns: {len(fields)}, expected {len(header)} (from the header)",
                              line, text, help="a value holding a comma must be quoted: \"a, b\"")
            continue
        values = {k: fields[i].strip() for k, i in index.items()}
        attrs = tuple((k, fields[i]) for k, i in attr_cols if fields[i] != "")
        try:
            yield b.build(values, attrs, line, seq)
        except _RowError as e:
            col, width = 1, 0
            at = index.get(e.field) if e.field in index else next((i for k, i in attr_cols if k == e.field), None)
            if at is not None and '"' not in text:
                col, width = field_col(fields, at), max(1, len(fields[at]))
            yield bad_row(ctx, e.code, e.message, line, text, col=col, width=width, help=e.help)


def _check_header(header: list[str]) -> tuple[str, str] | None:
    """(message, help) when the header lacks a required column or repeats one."""
    seen = set()
    for h in header:
        if h in seen:
            return (f"column `{h}` appears twice in the header", "give each column once")
        seen.add(h)
    missing = [c for c in ("date", "actor", "target") if c not in seen]
    if missing and len(header) == 1:
        from .detect import SEMICOLON_HELP, semicolon_hint

        semi = semicolon_hint(header[0])
        if semi is not None:
            return semi, SEMICOLON_HELP
    if missing:
        return (f"the header has no `{missing[0]}` column",
                "a plain event file starts with a header naming date, actor, target and code (or action)")
    if "code" not in seen and "action" not in seen:
        return ("the header has neither a `code` nor an `action` column", "add a `code` (CAMEO) or `action` column")
    return None


# --- JSON Lines --------------------------------------------------------------------------


def json_attr(v: object) -> str | None:
    """An attribute value from JSON: strings as they are, null dropped, others as JSON text."""
    if v is None:
        return None
    if isinstance(v, str):
        return v if v != "" else None
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


TOO_MANY_DIGITS = "a number with too many digits to read (more than 4,300)"
TOO_MANY_DIGITS_HELP = "no event field needs such a number: write it as a string if it must be kept"


def parse_json_line(ctx: Context, n: int, text: str, eol: str):
    """The object on one JSON line, or a diagnostic."""
    if text.lstrip(" \t\ufeff")[:1] not in ("{", "[", '"'):
        # not JSON at all (e.g. a GDELT row under a forced --events-format jsonl): say so
        # rather than "Extra data"; the line is one bad row like any other
        ch = text.lstrip(" \t\ufeff")[:1]
        return bad_row(ctx, "TL507", f"expected a JSON object, found `{ch}`", n, text,
                       col=len(text) - len(text.lstrip(" \t\ufeff")) + 1, width=1,
                       help="each line must hold one JSON object; if this file is not JSON, give its format with"
                            " --events-format (or leave the option out to have it detected)")
    try:
        obj = json.loads(text)
    except RecursionError:
        return bad_row(ctx, "TL507", "malformed JSON: nested too deeply to read", n, text,
                       help="each line must hold one JSON object of event fields")
    except json.JSONDecodeError as e:
        if not eol:
            return bad_row(ctx, "TL505", f"truncated last line: {e.msg}", n, text, col=e.colno, width=1,
                           help="the file ends in the middle of a record — was it cut short?")
        return bad_row(ctx, "TL507", f"malformed JSON: {e.msg}", n, text, col=e.colno, width=1,
                       help="each line must hold one complete JSON object")
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        return bad_row(ctx, "TL512", TOO_MANY_DIGITS, n, text, help=TOO_MANY_DIGITS_HELP)
    if not isinstance(obj, dict):
        return bad_row(ctx, "TL507", f"expected a JSON object, found {type(obj).__name__}", n, text,
                       help="each line must hold one JSON object: {\"date\": …, \"actor\": …}")
    return obj


def plain_json_converter(ctx: Context):
    """``convert(obj, line, seq, snippet)`` for plain event records (JSON objects)."""
    b = _Builder(ctx.file, ctx.validate)

    def convert(obj: object, line: int, seq: int, snippet: str) -> object:
        if not isinstance(obj, dict):
            return bad_row(ctx, "TL507", f"expected a JSON object, found {type(obj).__name__}", line, snippet,
                           help="each record is one JSON object: {\"date\": …, \"actor\": …}")
        try:
            values: dict[str, str | None] = {}
            for k in RESERVED:
                v = obj.get(k)
                if v is None:
                    continue
                if not isinstance(v, str):
                    raise _RowError("TL512", f"`{k}` must be a JSON string, not {type(v).__name__}", k,
                                    "a CAMEO code written as a number loses its leading zero: write \"040\""
                                    if k == "code" else None)
                values[k] = v.strip()
            attrs = tuple(sorted((k, s) for k, v in obj.items() if k not in RESERVED and (s := json_attr(v)) is not None))
            return b.build(values, attrs, line, seq)
        except _RowError as e:
            col, width = _json_key_col(snippet, e.field) if e.code == "TL513" else (1, 0)
            return bad_row(ctx, e.code, e.message, line, snippet, col=col, width=width, help=e.help)

    return convert


def _json_key_col(snippet: str, key: str | None) -> tuple[int, int]:
    """Where `"key":` is written on a one-line record (column, width), or the whole row."""
    if key is None:
        return 1, 0
    at = snippet.find(json.dumps(key, ensure_ascii=False))
    return (at + 1, len(key) + 2) if at >= 0 else (1, 0)


def parse_jsonl(source: Source, ctx: Context) -> Iterator[object]:
    """Plain events as JSON: JSON Lines, an array, or pretty-printed objects."""
    from .fmt_json import iter_json

    return iter_json(source, ctx, plain_json_converter(ctx))
