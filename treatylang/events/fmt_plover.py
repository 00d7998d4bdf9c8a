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

Roles: the CAMEO role codes that follow the country in an actor code
(``IRNGOVMIL`` → GOV, MIL). A PLOVER record is one coded report:
``coded=True``, ``reports=sources=1``.

CAMEO code: through the reverse crosswalk, only when unambiguous (see
`treatylang.events.plover`); otherwise ``code`` is None. Either way the
event keeps ``plover_event``, ``plover_mode`` and ``plover_context``
attributes, plus ``actor_code``/``target_code`` and ``event_text``.
A ``DOCUMENT`` record (the gold-standard file's own documentation) is
skipped with the reason ``document``.

The container — a JSON array, JSON Lines, or pretty-printed objects one
after another — is read by fmt_json, record by record.
"""

from __future__ import annotations

import json
from typing import Iterator

from .countries import state_codes, vocabulary
from .files import Source
from .fmt_plain import json_attr
from .model import Event, Provenance, parse_date
from .plover import crosswalk
from .rows import Context, bad_row


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
        self.role_cache: dict[str, tuple[str, ...]] = {}
        # CAMEO role codes (GOV, MIL, REB…): what an actor code says after its country.
        self.role_codes = frozenset(c for c, a in vocabulary().codes.items() if a.kind == "role")

    def roles(self, code: str) -> tuple[str, ...]:
        """The CAMEO role codes in a PLOVER actor code after its country (``IRNGOVMIL`` → GOV, MIL)."""
        got = self.role_cache.get(code)
        if got is None:
            parts = [code[i:i + 3].upper() for i in range(3, len(code) - len(code) % 3, 3)]
            got = self.role_cache[code] = tuple(p for p in parts if p in self.role_codes)
        return got

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
                                 None if precision == "day" else last, precision, None, seq, prov, (),
                                 self.roles(a_code), self.roles(t_code) if t_code else (), True, 1, 1))
        return out[0] if len(out) == 1 else out


def _convert(conv: RecordConverter, ctx: Context, obj: object, line: int, seq: int, snippet: str):
    if not isinstance(obj, dict):
        return bad_row(ctx, "TL507", f"expected a JSON object for a PLOVER record, found {type(obj).__name__}", line,
                       snippet)
    try:
        return conv.convert(obj, line, seq)
    except _Bad as e:
        return bad_row(ctx, e.code, e.message, line, snippet, help=e.help)


def plover_json_converter(ctx: Context):
    """``convert(obj, line, seq, snippet)`` for PLOVER records."""
    conv = RecordConverter(ctx.file)

    def convert(obj: object, line: int, seq: int, snippet: str) -> object:
        return _convert(conv, ctx, obj, line, seq, snippet)

    return convert


def parse_plover(source: Source, ctx: Context) -> Iterator[object]:
    """PLOVER records: a JSON array, JSON Lines or pretty-printed objects."""
    from .fmt_json import iter_json

    return iter_json(source, ctx, plover_json_converter(ctx))


parse_plover_array = parse_plover_jsonl = parse_plover
