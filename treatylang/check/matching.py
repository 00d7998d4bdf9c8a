"""Matching events against actor positions and attribute conditions.

Conditions are three-valued: True, False, or None (unknown: the event lacks
an attribute the condition needs). Kleene logic combines them, so a missing
attribute makes a finding `unknown` rather than silently deciding it.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Iterable

from ..events.model import Event
from ..model import ActionDef, Cond, Model, Who

Env = dict  # variable -> state code


def match_who(w: Who, code: str | None, env: Env, parties: tuple[str, ...], var_kinds: dict[str, str]) -> bool:
    """Does actor `code` fill position `w`? Binds variables into `env`."""
    if code is None:
        return False
    k = w.kind
    if k == "code":
        return code == w.name
    if k == "var":
        bound = env.get(w.name)
        if bound is not None:
            return bound == code
        kind = var_kinds.get(w.name, "state")
        if not _kind_ok(kind, code, parties):
            return False
        env[w.name] = code
        return True
    if k == "other":
        # The other party of a bilateral instrument: `code` must be a party and
        # the variable (if already bound) the remaining one.
        if code not in parties or len(parties) != 2:
            return False
        other = parties[0] if parties[1] == code else parties[1]
        bound = env.get(w.name)
        if bound is not None:
            return bound == other
        env[w.name] = other
        return True
    kind = {"any_state": "state", "any_party": "party", "any_third_state": "third_state"}[k]
    if not _kind_ok(kind, code, parties):
        return False
    if w.name:
        bound = env.get(w.name)
        if bound is not None:
            return bound == code
        env[w.name] = code
    return True


def _kind_ok(kind: str, code: str, parties: tuple[str, ...]) -> bool:
    if kind == "party":
        return code in parties
    if kind == "third_state":
        return code not in parties
    return True


def kleene_all(values: Iterable[bool | None]) -> bool | None:
    result: bool | None = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def kleene_any(values: Iterable[bool | None]) -> bool | None:
    result: bool | None = False
    for v in values:
        if v is True:
            return True
        if v is None:
            result = None
    return result


def eval_cond(c: Cond, e: Event) -> bool | None:
    raw = e.attr(c.attr)
    if raw is None or raw == "":
        return None
    if c.op in ("before", "after"):
        try:
            day = _dt.date.fromisoformat(raw[:10]) if len(raw) >= 10 else None
        except ValueError:
            day = None
        if day is None:
            return None  # an unparseable date is missing data, not a fact
        target = c.value if isinstance(c.value, _dt.date) else _dt.date.fromisoformat(str(c.value))
        return day < target if c.op == "before" else day > target
    equal = raw == str(c.value)
    return equal if c.op == "is" else not equal


def conditions(when: tuple[Cond, ...], unless: tuple[Cond, ...], e: Event) -> bool | None:
    """`when` all hold and no `unless` holds (three-valued)."""
    w = kleene_all(eval_cond(c, e) for c in when)
    if w is False:
        return False
    u = kleene_any(eval_cond(c, e) for c in unless)
    if u is True:
        return False
    if w is None or u is None:
        return None
    return True


class ActionIndex:
    """Which declared actions an event is an instance of: its named action, or
    every action whose CAMEO codes cover its code (prefix semantics: `19`
    covers `190`–`196`), or whose PLOVER type (and context) it carries."""

    def __init__(self, model: Model):
        self.by_prefix: dict[str, list[str]] = {}
        self.by_plover: dict[str, list[tuple[str | None, str]]] = {}
        for a in model.actions.values():
            for code in a.cameo:
                self.by_prefix.setdefault(code, []).append(a.name)
            for event, ctx in a.plover:
                self.by_plover.setdefault(event, []).append((ctx, a.name))
        self.actions: dict[str, ActionDef] = model.actions
        self._cache: dict[str, tuple[str, ...]] = {}

    def for_code(self, code: str) -> tuple[str, ...]:
        hit = self._cache.get(code)
        if hit is None:
            names: list[str] = []
            for n in range(2, len(code) + 1):
                names.extend(self.by_prefix.get(code[:n], ()))
            hit = self._cache[code] = tuple(sorted(set(names)))
        return hit

    def for_event(self, e: Event) -> tuple[str, ...]:
        if e.action is not None:
            return (e.action,)
        out: tuple[str, ...] = ()
        if e.code:
            out = self.for_code(e.code)
        if self.by_plover and e.attrs:
            pe = e.attr("plover_event")
            if pe:
                ctx = e.attr("plover_context")
                extra = [n for c, n in self.by_plover.get(pe, ()) if c is None or c == ctx]
                if extra:
                    out = tuple(sorted(set(out) | set(extra)))
        return out
