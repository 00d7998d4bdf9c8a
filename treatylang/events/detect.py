"""Which format an event file is in, from its first 64 KiB — and, when none
fits, which one it most resembles and what did not fit (TL508).

Never from the file name. In order:

1. Parquet (``PAR1``) and Arrow IPC (``ARROW1``) magic bytes;
2. JSON (the first character is ``[`` or ``{``): the keys of the first
   record say which family — PLOVER (``event``, ``actor``/``recipient``…),
   ICEWS (``Event Date``, ``Source Country``… under `layouts.norm`), GDELT
   (``GLOBALEVENTID``, ``SQLDATE``…) or plain events (``date``, ``actor``);
3. delimited text: a first line naming the columns of a known layout
   (`layouts.match_header`: any case, underscores, ``GDELT.`` prefixes, an
   index column, extra columns; tab or comma) — or, for GDELT, rows of 57, 58
   or 61 tab-separated columns with a numeric id and an 8-digit date.
"""

from __future__ import annotations

import json

from ..diagnostics import DiagnosticError
from . import fmt_gdelt
from .files import Source, file_error
from .fmt_table import split_csv
from .layouts import LAYOUTS, match_header, norm

PLOVER_KEYS = ("event", "recipient", "eventText", "event_text")


def unknown_format(path: str, why: str, formats) -> DiagnosticError:
    return file_error(path, "TL508", f"unrecognised event file format: {why}",
                      help="name the format with --events-format (" + ", ".join(formats) + ")")


# Byte-order marks of encodings that are not UTF-8 (UTF-32 first: its LE mark starts like UTF-16's).
BOMS = ((b"\xff\xfe\x00\x00", "UTF-32", "FF FE 00 00"), (b"\x00\x00\xfe\xff", "UTF-32", "00 00 FE FF"),
        (b"\xff\xfe", "UTF-16", "FF FE"), (b"\xfe\xff", "UTF-16", "FE FF"))
RESAVE_HELP = ("save it as UTF-8 (a spreadsheet's \"CSV UTF-8\"), or convert it: "
               "`iconv -f {enc} -t UTF-8 {name} > {stem}-utf8.csv`")


def text_problem(head: bytes, shown: str) -> DiagnosticError | None:
    """A file-level diagnostic when the first bytes of a text event file show it
    cannot be read line by line as UTF-8: UTF-16/UTF-32 text (a byte-order mark,
    or every other byte NUL — Excel's "Unicode text"), or lines ended by CR
    alone (classic Mac OS): read on, either would be misdiagnosed as a bad
    header or one endless line. None when the bytes look like UTF-8 lines."""
    name = shown.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] or "events"
    enc = mark = None
    for bom, e, m in BOMS:
        if head.startswith(bom):
            enc, mark = e, f"byte-order mark {m}"
            break
    if enc is None and len(head) >= 8:
        sample = head[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > len(sample) // 4 and min(even, odd) < max(even, odd) // 8:
            enc, mark = "UTF-16", "every other byte is NUL"
    if enc is not None:
        return file_error(shown, "TL518", f"`{shown}` is {enc} text ({mark}), not UTF-8",
                          help=RESAVE_HELP.format(enc=enc, name=name, stem=stem))
    if head.count(b"\r") >= 2 and b"\n" not in head:
        return file_error(shown, "TL519", f"`{shown}` ends its lines with CR alone (old Mac OS line ends), "
                          "so it reads as one line",
                          help=f"convert the line ends to LF or CRLF: `tr '\\r' '\\n' < {name} > {stem}-lf.csv`, "
                               "or save it again as CSV (Windows or Unix line ends)")
    return None


def semicolon_hint(first: str) -> str | None:
    """The explanation for a header separated by `;` (a spreadsheet saved with a
    European list separator) that names plain-event columns, else None."""
    if ";" not in first or "," in first:
        return None
    cells = [c.strip().strip('"').lower() for c in first.split(";")]
    if {"date", "actor"} <= set(cells) or match_header(cells)[0] is not None:
        return "the header's columns are separated by `;`, not `,` (a spreadsheet saved with a `;` list separator)"
    return None


SEMICOLON_HELP = ("plain event files are comma-separated: save the sheet as CSV with `,` as the separator "
                  "(or set the list separator to `,` before saving)")


def json_family(obj: dict) -> str | None:
    """``plover``, ``icews``, ``gdelt``, ``plain`` or None, from a record's keys."""
    if any(k in obj for k in PLOVER_KEYS) or isinstance(obj.get("actor"), (list, dict)):
        return "plover"
    match, _ = match_header([str(k) for k in obj])
    if match is not None:
        fam = LAYOUTS[match.layout].family
        return fam
    keys = {norm(str(k)) for k in obj}
    if {"date", "actor"} <= keys:
        return "plain"
    return None


def _first_json_record(text: str):
    """The first JSON object of `text` (inside a top-level array or not), or None."""
    s = text.lstrip()
    if s[:1] == "[":
        s = s[1:].lstrip()
    dec = json.JSONDecoder(parse_int=len)  # numbers' values do not matter here (a 5,000-digit one must not fail)
    try:
        obj, _ = dec.raw_decode(s)
        return obj
    except (ValueError, RecursionError):
        pass
    for line in text.splitlines()[:20]:  # JSON Lines with a bad first line
        line = line.strip().rstrip(",")
        if line.startswith("{"):
            try:
                return json.loads(line, parse_int=len)
            except (ValueError, RecursionError):
                continue
    return None


def _describe_keys(obj: dict) -> str:
    keys = [str(k) for k in list(obj)[:6]]
    return ", ".join(keys) + (", …" if len(obj) > 6 else "")


def detect(path: str, shown: str, formats) -> str:
    """The format name of the event file at `path` (see the module doc).
    Raises `DiagnosticError`: TL001/TL002 unreadable, TL508 unrecognised."""
    with Source(path) as src:
        head = src.head(1 << 16)
        more = len(head) == 1 << 16
    if head[:4] == b"PAR1":
        return "parquet"
    if head[:6] == b"ARROW1":
        return "arrow"
    problem = text_problem(head, shown)
    if problem is not None:
        raise problem
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if more and lines:
        lines = lines[:-1] or lines  # the last line may be cut
    if not text.strip():
        raise unknown_format(shown, "the file is empty", formats)
    first = next(line for line in lines if line.strip()) if any(line.strip() for line in lines) else text.strip()
    c = first.lstrip()[:1]
    if c in ("[", "{"):
        return _detect_json(text, c, shown, formats)
    if "\t" in first:
        got = fmt_gdelt.sniff(lines[:50])
        if got:
            return got
    sep = "\t" if "\t" in first else ","
    try:
        cells = split_csv(first, sep)
    except Exception:  # csv.Error on a malformed line: fall through to the explanation
        cells = first.split(sep)
    match, best = match_header(cells)
    if match is not None:
        fam = LAYOUTS[match.layout].family
        if fam == "gdelt":
            return match.layout
        if fam == "icews":
            return "icews"
        if sep == ",":
            return "csv"
    semi = semicolon_hint(first)
    if semi is not None:
        raise file_error(shown, "TL508", f"unrecognised event file format: {semi}", help=SEMICOLON_HELP)
    raise unknown_format(shown, _explain(cells, sep, best), formats)


def _detect_json(text: str, c: str, shown: str, formats) -> str:
    obj = _first_json_record(text)
    if not isinstance(obj, dict):
        raise unknown_format(shown, "it starts like JSON but no complete JSON object was found in its first 64 KiB",
                             formats)
    fam = json_family(obj)
    array = c == "["
    if fam == "plover":
        return "plover" if array else "plover-jsonl"
    if fam == "icews":
        return "icews-json"
    if fam == "gdelt":
        return "gdelt-json"
    if fam == "plain":
        return "jsonl"
    _, best = match_header([str(k) for k in obj])
    like = LAYOUTS[best.layout]
    lacking = [r for r in like.required if r not in best.index]
    raise unknown_format(shown, f"JSON records with the keys {_describe_keys(obj)}: not plain events (date, actor), "
                                f"PLOVER (event, actor, recipient), ICEWS or GDELT; they look most like "
                                f"{like.description}, without {', '.join(lacking)}", formats)


def _explain(cells: list[str], sep: str, best) -> str:
    like = LAYOUTS[best.layout]
    what = "tab" if sep == "\t" else "comma"
    n = len(cells)
    lacking = [r for r in like.required if r not in best.index]
    found = len(best.index)
    if found == 0:
        if sep == "\t":
            return (f"tab-separated rows with {n} columns and no header naming known columns: neither a GDELT layout "
                    "(57, 58 or 61 columns, a numeric GLOBALEVENTID and an 8-digit SQLDATE) nor an ICEWS header")
        return ("not CSV, JSON Lines, GDELT, ICEWS, PLOVER or Parquet: the first line is not a header naming date, "
                "actor, target and code (plain CSV) or the columns of ICEWS or GDELT")
    if like.family == "plain" and sep == "\t":
        return ("a tab-separated file with a plain-event header (date, actor…); plain event files are comma-separated "
                "(CSV) — save it as CSV")
    return (f"a {what}-separated header that looks most like {like.description} ({found} of its columns found) "
            f"but lacks {', '.join(lacking)}")
