"""PLOVER event records: a JSON array (``plover``) or JSON Lines (``plover-jsonl``).

Field names of both PLOVER generations are read:

==================  ====================  ================================
current (2021 on)   older (v0.5, GSR)     use
==================  ====================  ================================
``actor``           ``source``            who acted: list of ``{"code": …}``
``recipient``       ``target``            whom it was done to (same shape)
``event``           ``event``             PLOVER event type (``ASSAULT``)
``mode``            ``mode``              optional mode (``firearms``)
``context``         ``context``           context(s): ``"military, legal"``
``event_text``      ``eventText``         the words that were coded
``id``, ``date``    ``id``, ``date``      identifier, ``YYYY-MM-DD``
==================  ====================  ================================

An actor entry may also be a bare code string. Its code is used when it is
a state's code or starts with one (``RUS``, ``RUSGOV``); organisations and
regions (``IGO``, ``NGO``) are not usable actors. A record with several
usable actors or recipients ("Hungarian and Romanian officials agreed…")
gives one event per (actor, recipient) pair, all with the record's seq;
a record with no usable actor is skipped (``no_actor``), and one whose
recipients are all unusable or absent gives events with no target.

CAMEO code: through the reverse crosswalk, only when unambiguous (see
`treatylang.events.plover`); otherwise ``code`` is None. Either way the
event keeps ``plover_event``, ``plover_mode`` and ``plover_context``
attributes, plus ``actor_code``/``target_code`` and ``event_text``.
A ``DOCUMENT`` record (the gold-standard file's own documentation) is
skipped with the reason ``document``.

JSON arrays are parsed incrementally, element by element, so memory stays
at one element however long the file. A malformed element is one bad row
(TL507); reading resumes at the next line that opens an object at the
element's indentation, and everything skipped belongs to that bad row.
"""

from __future__ import annotations

import json
from typing import Iterator

from .countries import state_codes
from .files import Source
from .fmt_plain import json_attr, parse_json_line
from .model import Event, Provenance, parse_date
from .plover import crosswalk
from .rows import Context, bad_row, not_utf8, text_lines

MAX_ELEMENT = 64 << 20  # a single array element larger than this is reported, not buffered further


class _Bad(Exception):
    def __init__(self, code: str, message: str, help: str | None = None):
        super().__init__(message)
        self.code, self.message, self.help = code, message, help


def _codes(value: object, field: str) -> list[str]:
    """The actor codes in an actor/recipient field (list of dicts, dict, str)."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str):
            code = item
        elif isinstance(item, dict):
            code = item.get("code")
            if code is None:
                continue
            if not isinstance(code, str):
                raise _Bad("TL512", f"`{field}` code must be a string, not {type(code).__name__}")
        else:
            raise _Bad("TL512", f"`{field}` must be a list of {{\"code\": …}} objects, not {type(item).__name__}",
                       "e.g. \"actor\": [{\"code\": \"RUS\"}]")
        code = code.strip()
        if code:
            out.append(code)
    return out


def _contexts(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        parts = [str(v) for v in value]
    elif isinstance(value, str):
        parts = value.replace(";", ",").split(",")
    else:
        raise _Bad("TL512", f"`context` must be a string or a list, not {type(value).__name__}")
    return [p.strip().lower() for p in parts if p.strip()]


class RecordConverter:
    """One PLOVER record (a dict) → events, a skip reason, or a bad-row error."""

    def __init__(self, file: str):
        self.file = file
        self.states = state_codes()
        self.xwalk = crosswalk()
        self.cache: dict[tuple, str | None] = {}

    def _usable(self, codes: list[str]) -> list[tuple[str, str]]:
        """(country, full code) for each usable code, one per country."""
        seen: dict[str, str] = {}
        for c in codes:
            country = c[:3].upper()
            if country in self.states and country not in seen:
                seen[country] = c
        return list(seen.items())

    def convert(self, rec: dict, line: int, seq: int) -> Event | list[Event] | str:
        event = rec.get("event")
        if not isinstance(event, str) or not event.strip():
            raise _Bad("TL506", "missing required field `event` (the PLOVER event type)")
        event = event.strip().upper()
        if event == "DOCUMENT":
            return "document"
        date = rec.get("date")
        if date is None or date == "":
            raise _Bad("TL506", "missing required field `date`", "give the day as YYYY-MM-DD")
        if not isinstance(date, str):
            raise _Bad("TL512", f"`date` must be a string, not {type(date).__name__}")
        try:
            day, last, precision = parse_date(date)
        except ValueError as e:
            raise _Bad("TL502", f"bad date: {e}", "PLOVER dates are YYYY-MM-DD") from None
        if "actor" in rec:
            actors = _codes(rec["actor"], "actor")
        elif isinstance(rec.get("source"), (list, dict)):
            actors = _codes(rec["source"], "source")
        else:
            actors = []
        recipients = _codes(rec.get("recipient") if "recipient" in rec else rec.get("target"),
                            "recipient" if "recipient" in rec else "target")
        mode = rec.get("mode")
        mode = mode.strip().lower() if isinstance(mode, str) and mode.strip() else None
        contexts = _contexts(rec.get("context"))
        key = (event, tuple(contexts), mode)
        if key not in self.cache:
            self.cache[key] = self.xwalk.cameo_for_plover(event, contexts, mode)
        code = self.cache[key]

        usable_actors = self._usable(actors)
        if not usable_actors:
            return "no_actor"
        usable_targets: list[tuple[str | None, str | None]] = list(self._usable(recipients)) or [(None, None)]
        # When no recipient is usable, keep the raw recipient code for the record.
        raw_target = recipients[0] if recipients and usable_targets == [(None, None)] else None

        text = rec.get("event_text", rec.get("eventText"))
        base = {"plover_event": event}
        if mode:
            base["plover_mode"] = mode
        if contexts:
            base["plover_context"] = ";".join(contexts)
        if text is not None:
            t = json_attr(text)
            if t:
                base["event_text"] = t
        ident = rec.get("id")
        ids = (("id", str(ident)),) if ident not in (None, "") else ()
        src = rec.get("url") or (rec.get("source") if isinstance(rec.get("source"), str) else None) or rec.get("publication")
        prov = Provenance(self.file, line, json_attr(src) if src else None, ids)
        out = []
        for a, a_code in usable_actors:
            for t, t_code in usable_targets:
                attrs = dict(base, actor_code=a_code)
                if t_code or raw_target:
                    attrs["target_code"] = t_code or raw_target
                out.append(Event(day, a, t, code, None, tuple(sorted(attrs.items())),
                                 None if precision == "day" else last, precision, None, seq, prov))
        return out[0] if len(out) == 1 else out


def _convert(conv: RecordConverter, ctx: Context, obj: object, line: int, seq: int, snippet: str):
    if not isinstance(obj, dict):
        return bad_row(ctx, "TL507", f"expected a JSON object for a PLOVER record, found {type(obj).__name__}", line,
                       snippet)
    try:
        return conv.convert(obj, line, seq)
    except _Bad as e:
        return bad_row(ctx, e.code, e.message, line, snippet, help=e.help)


def parse_plover_jsonl(source: Source, ctx: Context) -> Iterator[object]:
    conv = RecordConverter(ctx.file)
    for n, text, eol, err in text_lines(source, ctx):
        if err is not None:
            yield not_utf8(ctx, n, text, err)
            continue
        if not text.strip():
            yield "blank"
            continue
        obj = parse_json_line(ctx, n, text, eol)
        yield _convert(conv, ctx, obj, n, n, text) if isinstance(obj, dict) else obj


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

    def resync(self, indent: int) -> None:
        """Skip to the next line that opens an object (or closes the array) at
        an indentation no deeper than `indent`."""
        nl = self.buf.find("\n", self.pos)
        while nl < 0:
            if self.more() is None:
                self.pos = len(self.buf)
                return
            nl = self.buf.find("\n", self.pos)
        self.pos = nl + 1
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


def parse_plover_array(source: Source, ctx: Context) -> Iterator[object]:
    conv = RecordConverter(ctx.file)
    t = _ArrayText(source, ctx)
    dec = json.JSONDecoder()
    ch = t.peek()
    if ch == "":
        return
    if ch != "[":
        line, col, text = t.line_at(t.pos)
        yield bad_row(ctx, "TL507", f"a PLOVER JSON file must hold an array `[…]`, found `{ch}`", line, text, col=col,
                      width=1, help="for one record per line use --events-format plover-jsonl")
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
        t.compact()
        indent = start_col - 1
        while True:
            try:
                obj, end = dec.raw_decode(t.buf, t.pos)
            except RecursionError:
                yield bad_row(ctx, "TL507", "malformed JSON: nested too deeply to read", start_line, start_text,
                              col=start_col, width=1, help="a PLOVER record is one flat JSON object")
                t.resync(indent)
                want_element = True
                break
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
                    return
                line, col, text = t.line_at(min(e.pos, len(t.buf)))
                msg = f"malformed JSON: {e.msg}" if len(t.buf) < MAX_ELEMENT else "array element larger than 64 MiB"
                yield bad_row(ctx, "TL507", msg + (f" (in the record starting on line {start_line})"
                                                   if line != start_line else ""),
                              line, text, col=col, width=1, help="fix the record, or delete it")
                t.pos = min(e.pos, len(t.buf))
                t.resync(indent)
                want_element = True  # the skipped text ended the bad element, comma and all
                break
            end_line = t.base + t.buf.count("\n", 0, end)
            t.pos = end
            bad = next((t.bad_lines[n] for n in range(start_line, end_line + 1) if n in t.bad_lines), None)
            if bad is not None:
                n = next(n for n in range(start_line, end_line + 1) if n in t.bad_lines)
                text = bad.object.decode("utf-8", errors="replace").rstrip("\r\n")
                yield not_utf8(ctx, n, text, bad)
            else:
                yield _convert(conv, ctx, obj, start_line, seq, start_text)
            break
        for n in [n for n in t.bad_lines if n < t.base]:
            del t.bad_lines[n]
    ch = t.peek()
    if ch != "":
        line, col, text = t.line_at(t.pos)
        yield bad_row(ctx, "TL507", "malformed JSON: text after the end of the array", line, text, col=col, width=1)
