"""What a clause model offers a timeline generator: its parties and actor
pools, the dates where behaviour changes, the actions that matter, and the
shapes of events that clauses and situation triggers describe. No hypothesis
here: these are plain functions over a `Model`, shared by the strategies in
`timelines.py` and `generated.py`."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from ..check.lifecycle import add
from ..events.model import Event
from ..model import ActionDef, Model, load_instruments

#: Third states drawn as actors unless told otherwise: an aggressor, a
#: littoral state of the Caspian, and two more states of the region.
DEFAULT_THIRD_STATES: tuple[str, ...] = ("USA", "AZE", "ISR", "TUR")
#: The default period: from before the Gore–Chernomyrdin aide-mémoire (1995)
#: to after the 2025 treaty entered into force.
DEFAULT_START = _dt.date(1994, 1, 1)
DEFAULT_END = _dt.date(2027, 12, 31)
#: The instruments shipped in treaties/ that the Russia–Iran properties use.
SHIPPED_INSTRUMENTS: tuple[str, ...] = ("ru_ir_2001", "caspian_2001", "gore_chernomyrdin_1995", "ru_ir_2025")

ONE_DAY = _dt.timedelta(days=1)
GENERATED = "<generated>"

# ----------------------------------------------------------------- models


@lru_cache(maxsize=None)
def _load(args: tuple[str, ...]) -> Model:
    return load_instruments(args)


def resolve_model(model_or_instruments, instruments: Iterable[str] | None = None) -> tuple[Model, tuple[str, ...]]:
    """(model, ids of the instruments to check) for what a strategy was given.

    A `Model` is used as is (all its instruments, or `instruments`); ids and
    clause-file paths are loaded with `treatylang.model.load_instruments`
    (cached). For paths, the instruments checked are every instrument the files
    declare (not those of their imports, unless named in `instruments`)."""
    if isinstance(model_or_instruments, Model):
        model = model_or_instruments
        ids = tuple(instruments) if instruments is not None else tuple(model.instruments)
    else:
        if isinstance(model_or_instruments, (str, Path)):
            args = (str(model_or_instruments),)
        else:
            args = tuple(str(a) for a in model_or_instruments)
        model = _load(args)
        if instruments is not None:
            ids = tuple(instruments)
        else:
            named = [a for a in args if a in model.instruments]
            files = {str(Path(a).resolve()) for a in args if a not in model.instruments}
            ids = tuple(dict.fromkeys(
                named + [i for i, d in model.instruments.items() if str(Path(d.file).resolve()) in files]))
    missing = [i for i in ids if i not in model.instruments]
    if missing:
        raise ValueError(f"no instrument {', '.join(missing)} in the model (loaded: {', '.join(model.instruments)})")
    if not ids:
        raise ValueError("no instruments to check")
    return model, ids


def _parties(model: Model, ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for i in ids for p in model.instruments[i].party_codes))


def _actor_pool(model: Model, ids: Sequence[str], actors, third_states) -> tuple[str, ...]:
    if actors is not None:
        pool = tuple(dict.fromkeys(actors))
    else:
        pool = tuple(dict.fromkeys(_parties(model, ids) + tuple(third_states)))
    if not pool:
        raise ValueError("no actors to draw from")
    return pool


# ----------------------------------------------------------------- what the model says


def boundary_dates(model: Model, ids: Iterable[str]) -> tuple[_dt.date, ...]:
    """The days the instruments name, each with the day before and after:
    signature, entry into force, supersession, withdrawals, term ends and the
    first few renewal periods, clause windows and deadlines, and dates in
    attribute conditions (`contract_date before 1995-06-30`). Sorted."""
    days: set[_dt.date] = set()
    for i in ids:
        d = model.instruments[i]
        days.update(x for x in (d.signed, d.in_force) if x)
        if d.superseded:
            days.add(d.superseded[1])
        days.update(day for _, day in d.withdrawn)
        if d.in_force and d.term:
            end = add(d.in_force, *d.term)
            days.add(end)
            if d.renew:
                for _ in range(3):
                    end = add(end, *d.renew)
                    days.add(end)
        for c in d.clauses:
            days.update(x for x in (c.window_from, c.window_until, c.deadline) if x)
            days.update(k.value for k in c.when + c.unless if isinstance(k.value, _dt.date))
    out = {day + k * ONE_DAY for day in days for k in (-1, 0, 1)}
    return tuple(sorted(out))


def relevant_actions(model: Model, ids: Iterable[str]) -> frozenset[str]:
    """Actions that can change a verdict of the instruments `ids`: those their
    checkable clauses name, those that start or end a situation the clauses
    use, and the triggers of `within` obligations. An event of any other action
    (say `humanitarian_aid`) is irrelevant to them."""
    out: set[str] = set()
    sits: set[str] = set()
    for i in ids:
        for c in model.instruments[i].clauses:
            if not c.checkable:
                continue
            if c.action:
                out.add(c.action)
            if c.within is not None:
                out.add(c.within[2].action)
            sits.update(s.name for s in c.situations)
            if c.within_situation is not None:
                sits.add(c.within_situation[3].name)
            if c.holds is not None:
                sits.add(c.holds.name)
    for s in sits:
        sdef = model.situations[s]
        out.update(p.action for p in sdef.starts + sdef.ends)
    return frozenset(out)


def action_names(model: Model, e: Event) -> tuple[str, ...]:
    """The declared actions event `e` is an instance of: its action name, or
    every action with a CAMEO code that is a prefix of the event's code
    (`19` covers `190`–`196`). A small, independent restatement of the
    documented mapping, for writing oracles in property tests."""
    if e.action is not None:
        return (e.action,)
    if not e.code:
        return ()
    return tuple(sorted(a.name for a in model.actions.values() if any(e.code.startswith(p) for p in a.cameo)))


@lru_cache(maxsize=None)
def _codes_under(prefix: str) -> tuple[str, ...]:
    try:
        from ..events import cameo
    except ImportError:  # pragma: no cover - the codebook module is optional
        return (prefix,)
    try:
        codes = cameo.expand(prefix)
    except ValueError:  # a prefix the codebook does not know: lint reports it; keep it as written
        return (prefix,)
    return tuple(sorted(codes, key=lambda c: (len(c), c)))


def cameo_codes_for(action: ActionDef) -> tuple[str, ...]:
    """Every CAMEO code an event of `action` may carry: the action's code
    prefixes and the known sub-codes under them (`138` → `138`, `1381`…`1385`),
    the prefixes first."""
    out: list[str] = list(action.cameo)
    for p in action.cameo:
        out += [c for c in _codes_under(p) if c not in out]
    return tuple(out)


def event_patterns(model: Model, ids: Sequence[str], pool: Sequence[str],
                   actions: Iterable[str] | None = None) -> tuple[tuple[str, tuple[str, ...], tuple[str | None, ...]], ...]:
    """The shapes of event the checked instruments talk about, as (action,
    possible actors, possible targets) with actors from `pool`: one per
    checkable clause (its subject and target), per situation trigger of the
    situations those clauses use, and per `within` trigger. A position
    filled by a party takes the instrument's parties, a third-state position
    the pool less the parties, `any state` the whole pool; a pattern without
    a target takes (None,). Patterns no actor in `pool` can fill are left
    out; so are actions not in `actions` (when given)."""
    allowed = set(actions) if actions is not None else set(model.actions)
    out: list[tuple[str, tuple[str, ...], tuple[str | None, ...]]] = []

    def fill(who, kinds: dict[str, str], parties: Sequence[str]) -> tuple[str, ...]:
        if who.kind == "code":
            cands = [who.name]
        elif who.kind in ("other", "any_party"):
            cands = list(parties)
        elif who.kind == "any_third_state":
            cands = [a for a in pool if a not in parties]
        elif who.kind == "member":
            cands = list(who.group.ordered)
        elif who.kind == "var":
            kind = kinds.get(who.name, "state")
            cands = (list(kind.ordered) if hasattr(kind, "ordered") else list(parties) if kind == "party"
                     else [a for a in pool if a not in parties] if kind == "third_state" else list(pool))
        else:
            cands = list(pool)
        return tuple(a for a in cands if a in pool)

    def add(action, subject, target, kinds, parties):
        if action not in allowed or action not in model.actions:
            return
        actors = fill(subject, kinds, parties)
        targets = fill(target, kinds, parties) if target is not None else (None,)
        if actors and targets and (action, actors, targets) not in out:
            out.append((action, actors, targets))

    sits: list[tuple[str, tuple[str, ...]]] = []  # (situation, parties of an instrument that uses it)
    for i in ids:
        d = model.instruments[i]
        for c in d.clauses:
            if not c.checkable or c.subject is None:
                continue
            kinds = {v: k for v, k, _ in c.vars}
            add(c.action, c.subject, c.target, kinds, d.party_codes)
            if c.within is not None:
                pat = c.within[2]
                add(pat.action, pat.actor, pat.target, kinds, d.party_codes)
            used = list(c.situations) + [x for x in (c.within_situation[3] if c.within_situation else None, c.holds)
                                         if x is not None]
            sits += [(s.name, d.party_codes) for s in used if (s.name, d.party_codes) not in sits]
    for name, parties in sits:
        # "party" and "third state" in a situation are read against the
        # instrument whose clause uses it (vocabulary.tl).
        sdef = model.situations[name]
        kinds = dict(sdef.params)
        for pat in sdef.starts + sdef.ends:
            add(pat.action, pat.actor, pat.target, kinds, parties)
    return tuple(out)
