"""Matching events against actor positions and attribute conditions.

Conditions are three-valued: True, False, or None (unknown: the event lacks
an attribute the condition needs). Kleene logic combines them, so a missing
attribute makes a finding `unknown` rather than silently deciding it.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Iterable

from ..events.model import Event, parse_date
from ..model import ActionDef, Cond, Model, SetKind, Who

Env = dict  # variable -> state code

_STATE_SHAPE = re.compile(r"^[A-Z]{3}$")


@functools.lru_cache(maxsize=4096)
def _code_kind(code: str) -> str:
    from ..events import countries

    return countries.actor_kind(code)


def state_kind(code: str, day: _dt.date | None = None) -> bool | None:
    """Is `code` a state (on `day`)? By `treatylang.events.countries.actor_kind`:
    True for a state's code (ISO 3166-1 alpha-3; a former state on the days
    it existed; ISO's user-assigned XAA… for hypothetical states), False for
    what is not one (a CAMEO region such as `EUR`, an organisation, a group,
    a role, a territory, a former state after its end, anything that is not
    three capital letters such as `ISIS`), None for a three-letter code the
    tables do not know: it may be a state."""
    if not _STATE_SHAPE.match(code):
        return False
    kind = _code_kind(code)
    if kind in ("former_state", "former_territory") and day is not None:
        from ..events import countries

        kind = countries.actor_kind(code, day)
    if kind == "state":
        return True
    return None if kind == "unknown" else False


def match_who(w: Who, code: str | None, env: Env, parties: tuple[str, ...], var_kinds: dict[str, str],
              why: list | None = None, coded: bool = False, day: _dt.date | None = None) -> bool | None:
    """Does actor `code` fill position `w`? True, False, or None (it does if
    the actor is a state, which is not known). Binds variables into `env`
    (also when None); appends the reason for a None to `why`. A fact the
    analyst asserts (`coded` False) takes a three-letter code the tables do
    not know as the state the analyst means (`XAA` for a hypothetical state);
    a machine-coded report does not."""
    if code is None:
        return False
    k = w.kind
    if k == "code":
        return code == w.name
    if k == "var":
        bound = env.get(w.name)
        if bound is not None:
            return bound == code
        ok = _kind_ok(var_kinds.get(w.name, "state"), code, parties, day)
        if ok is False:
            return False
        if ok is None and not coded:
            ok = True
        env[w.name] = code
        if ok is None and why is not None:
            why.append(_not_known(code))
        return ok
    if k == "parties":  # the parties together: the rest of the act is checked by the engine
        return code in parties
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
    kind = w.group if k == "member" else {"any_state": "state", "any_party": "party",
                                          "any_third_state": "third_state"}[k]
    ok = _kind_ok(kind, code, parties, day)
    if ok is False:
        return False
    if ok is None and not coded:
        ok = True
    if w.name:
        bound = env.get(w.name)
        if bound is not None:
            return ok if bound == code else False
        env[w.name] = code
    if ok is None and why is not None:
        why.append(_not_known(code))
    return ok


def _not_known(code: str) -> str:
    return f"`{code}` is not a known state code: it may not be a state"


def _kind_ok(kind: str, code: str, parties: tuple[str, ...], day: _dt.date | None = None) -> bool | None:
    """Can `code` stand for an actor of `kind` (three-valued, see `state_kind`)?"""
    if isinstance(kind, SetKind):  # a named set: the same whatever the instrument
        return code in kind.members
    if kind == "party":
        return code in parties
    if kind == "third_state":
        return False if code in parties else state_kind(code, day)
    return state_kind(code, day)


def roles_fit(required: frozenset[str] | None, roles: tuple[str, ...], coded: bool) -> bool | None:
    """Does an actor (or target) with `roles` act in one of the `required`
    CAMEO roles? True if one of its roles is required, False if it has roles
    and none is; with no role given, a fact the analyst asserts is taken as
    written (True), a machine-coded report leaves it open (None)."""
    if not required:
        return True
    if roles:
        return not required.isdisjoint(roles)
    return None if coded else True


def domain(kind: str, parties: tuple[str, ...]) -> tuple[str, ...]:
    """The values an `each` variable of `kind` takes: the members of its set,
    or the parties."""
    return kind.ordered if isinstance(kind, SetKind) else parties


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


def eval_cond(c: Cond, e: Event, env: Env | None = None, parties: tuple[str, ...] = (),
              kinds: dict[str, str] | None = None) -> bool | None:
    """One condition, three-valued. A role condition (`user is any third
    state X`) matches the role's value as an actor position: its value must
    also fit the role's kind, and a match binds into `env` (when given)."""
    raw = e.attr(c.attr)
    if raw is None or raw == "":
        return None
    if c.role is not None:
        trial = dict(env) if env is not None else {}
        k = _kind_ok(c.role, raw, parties)
        if k is None and not e.coded:
            k = True  # a fact the analyst asserts: a code that may be a state is one (§6)
        m = match_who(c.value, raw, trial, parties, kinds or {}, None, e.coded) if k is not False else False
        ok = False if False in (k, m) else True if (k, m) == (True, True) else None
        if ok and c.op == "is" and env is not None:
            env.update(trial)
        if ok is None:
            return None
        return ok if c.op == "is" else not ok
    if c.op in ("before", "after"):
        # An attribute date may be imprecise (`1991`, `1991-06`): the condition
        # holds if it holds for every day of the range, fails if for none, and
        # is unknown otherwise. An unparseable date is missing data, not a fact.
        try:
            lo, hi, _ = parse_date(raw.strip()[:10])
        except ValueError:
            return None
        target = c.value if isinstance(c.value, _dt.date) else _dt.date.fromisoformat(str(c.value))
        if c.op == "before":
            return True if hi < target else False if lo >= target else None
        return True if lo > target else False if hi <= target else None
    equal = raw == str(c.value)
    return equal if c.op == "is" else not equal


def conditions(when: tuple[Cond, ...], unless: tuple[Cond, ...], e: Event, env: Env | None = None,
               parties: tuple[str, ...] = (), kinds: dict[str, str] | None = None) -> bool | None:
    """`when` all hold and no `unless` holds (three-valued). Role conditions
    of `when` bind variables into `env`; those of `unless` never bind."""
    w = kleene_all(eval_cond(c, e, env, parties, kinds) for c in when)
    if w is False:
        return False
    u = kleene_any(eval_cond(c, e, None if env is None else dict(env), parties, kinds) for c in unless)
    if u is True:
        return False
    if w is None or u is None:
        return None
    return True


class ActionIndex:
    """Which declared actions an event is an instance of.

    * An event written with an action name is that action.
    * A CAMEO-coded event is every action whose CAMEO codes cover its code
      (prefix semantics: `19` covers `190`–`196`); an action declared only by
      PLOVER types matches it through the CAMEO→PLOVER crosswalk.
    * A PLOVER-described event (attributes `plover_event`, `plover_mode`,
      `plover_context`) is every action whose PLOVER types match it; an action
      declared only by CAMEO codes matches through the code the reader derived
      (only when that was unambiguous).

    So each event is judged by the vocabulary of its own coding system where
    the action declares one, and the crosswalk only bridges the gap — PLOVER's
    ASSAULT is wider than CAMEO 18–20, and must not widen a CAMEO mapping. A
    PLOVER qualifier (`AID/military`, `RETREAT/ceasefire`) must equal the
    event's mode or one of its contexts."""

    def __init__(self, model: Model):
        self.by_prefix: dict[str, list[str]] = {}
        self.by_plover: dict[str, list[tuple[str | None, str]]] = {}
        self.cameo_only: set[str] = set()
        self.plover_only: dict[str, list[tuple[str | None, str]]] = {}
        for a in model.actions.values():
            for code in a.cameo:
                self.by_prefix.setdefault(code, []).append(a.name)
            for event, qual in a.plover:
                self.by_plover.setdefault(event, []).append((qual, a.name))
                if not a.cameo:
                    self.plover_only.setdefault(event, []).append((qual, a.name))
            if a.cameo and not a.plover:
                self.cameo_only.add(a.name)
        self.actions: dict[str, ActionDef] = model.actions
        self._cache: dict[str, tuple[str, ...]] = {}
        self._xwalk = None
        if self.plover_only:
            try:
                from ..events.plover import crosswalk

                self._xwalk = crosswalk()
            except ImportError:  # pragma: no cover - tables missing from a broken install
                self._xwalk = None

    @staticmethod
    def _plover(table, event: str | None, mode: str | None, contexts: str | None) -> set[str]:
        if not event:
            return set()
        quals = {mode} | set((contexts or "").split(";"))
        return {n for q, n in table.get(event, ()) if q is None or q in quals}

    def _prefix(self, code: str) -> set[str]:
        names: set[str] = set()
        for n in range(2, len(code) + 1):
            names.update(self.by_prefix.get(code[:n], ()))
        return names

    def for_code(self, code: str) -> tuple[str, ...]:
        """Actions of a CAMEO-coded event (cached: codes repeat)."""
        hit = self._cache.get(code)
        if hit is None:
            names = self._prefix(code)
            if self._xwalk is not None:
                names |= self._plover(self.plover_only, *(self._xwalk.to_plover(code) or (None, None, None)))
            hit = self._cache[code] = tuple(sorted(names))
        return hit

    def for_event(self, e: Event) -> tuple[str, ...]:
        if e.action is not None:
            return (e.action,)
        pe = e.attr("plover_event") if e.attrs else None
        if pe is None:
            return self.for_code(e.code) if e.code else ()
        names = self._plover(self.by_plover, pe, e.attr("plover_mode"), e.attr("plover_context"))
        if e.code:
            names |= self._prefix(e.code) & self.cameo_only
        return tuple(sorted(names))
