"""Hypothesis strategies for timelines: events and whole scenarios checked
against real clause files.

Property tests over a clause file ask "in *any* timeline where …, is clause X
never violated?". These strategies generate the timelines::

    from hypothesis import given
    from treatylang.testing import scenarios

    @given(scenarios(["ru_ir_2001"]))
    def test_no_violation_before_entry_into_force(sc):
        \"\"\"No clause of the 2001 treaty is violated by an event before 5 April 2002.\"\"\"
        for v in sc.check().verdicts:
            for f in v.violations():
                assert f.day >= date(2002, 4, 5)

`events(...)` draws one `treatylang.events.Event`; `scenarios(...)` draws a
`GeneratedScenario`: the instruments to check, events sorted by time with
`seq` numbered, situations declared directly (`DeclaredSituation`) and an
optional `as of` day. A `GeneratedScenario` prints itself *as a scenario file*
(`repr`, `to_scenario_text()`), so hypothesis' "Falsifying example" is a
timeline you can paste into `examples/` and run with `treatylang check` /
`treatylang test`; `check()` runs the evaluator on it.

What the strategies promise
---------------------------
Every value is *valid* for the instruments it was drawn for: actions are
declared (by name, or spelled as a CAMEO code of a mapped action — a code the
codebook knows, under one of the action's code prefixes), actors are the
instruments' parties and the chosen third states, an event's target is
another actor (or, rarely, none), attribute values fit their declared types
(enum values, real dates), and declared situations have the right arity, with
arguments of the declared kinds. `to_scenario_text()` reads back with
`treatylang.scenario.parse_scenario_text` and loads against the model without
errors. Attributes are sometimes missing (`allow_missing_attributes`): that is
what makes verdicts `unknown`, and what the "never `violated` if filling in
could make it compliant" law needs.

Dates are drawn from [`start`, `end`] and, half of the time, from the days
around the dates the instruments name (entry into force, supersession,
withdrawal, the end of a term, clause windows and deadlines, dates in
attribute conditions — each with the day before and after), because that is
where off-by-one mistakes live.

Half of the events are *guided*: drawn in a shape that a clause or a
situation trigger describes (`event_patterns`), such as a party assisting a
third state or a third state using force against a party — otherwise the
events a clause cares about would be rare.

Shrinking: lists shrink to fewer events, actors to the first party of the
first instrument (RUS for the Russia–Iran instruments), actions to the first
declared in the vocabulary, dates towards 2000-01-01 (clamped into range),
attributes towards being absent. A counterexample usually shrinks to two or
three events; hypothesis sometimes leaves a copy or two of its simplest
event behind, which `GeneratedScenario.reduced` removes.

Accepting instruments
---------------------
Every strategy takes `model_or_instruments`: a loaded `treatylang.model.Model`
(checked against all its instruments unless `instruments=` says otherwise), a
shipped instrument id (`"ru_ir_2001"`), a path to a clause file, or a list of
those. Shipped models are loaded once per process and cached.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import attrs
from attrs import field, frozen
from hypothesis import strategies as st

from ..check.engine import evaluate
from ..check.lifecycle import NOTICE_ACTION, add
from ..check.results import Result
from ..events.model import Event, Provenance, format_date
from ..model import ActionDef, AttrType, Model, load_instruments, shipped_index

__all__ = [
    "DEFAULT_THIRD_STATES", "DEFAULT_START", "DEFAULT_END", "SHIPPED_INSTRUMENTS",
    "DeclaredSituation", "GeneratedScenario",
    "events", "scenarios", "declared_situations",
    "pretty_scenario", "resolve_model", "boundary_dates", "event_patterns", "action_names", "relevant_actions", "cameo_codes_for",
]

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
        elif who.kind == "var":
            kind = kinds.get(who.name, "state")
            cands = (list(parties) if kind == "party" else [a for a in pool if a not in parties]
                     if kind == "third_state" else list(pool))
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
            sits += [(s.name, d.party_codes) for s in c.situations if (s.name, d.party_codes) not in sits]
    for name, parties in sits:
        # "party" and "third state" in a situation are read against the
        # instrument whose clause uses it (vocabulary.tl).
        sdef = model.situations[name]
        kinds = dict(sdef.params)
        for pat in sdef.starts + sdef.ends:
            add(pat.action, pat.actor, pat.target, kinds, parties)
    return tuple(out)


# ----------------------------------------------------------------- small strategies


# Shrinking note: the composite strategies below draw the same sequence of
# choices, of the same types, whatever the values (a date from the period
# *and* one from the boundaries, then a flag to pick; an attribute's value
# even when it is then left out). Hypothesis shrinks a list of events by
# deleting one element's choices at a time; measured on these strategies,
# elements of different shapes (events of different actions) often defeat
# that, and counterexamples kept several copies of the simplest event. With
# one shape that happens much less (not never: `GeneratedScenario.reduced`).


def _day_strategy(start: _dt.date, end: _dt.date, boundaries: Sequence[_dt.date]) -> st.SearchStrategy[_dt.date]:
    uniform = st.dates(min_value=start, max_value=end)
    near = [d for d in boundaries if start <= d <= end]
    if not near:
        return uniform

    @st.composite
    def day(draw) -> _dt.date:
        use_near = draw(st.booleans())
        a, b = draw(uniform), draw(st.sampled_from(near))
        return b if use_near else a

    return day()


_STRING_VALUES = ("a", "b", "unknown")
# A choice from a list whose length depends on earlier choices: one integer
# draw of a fixed range, taken modulo the length (0 — the first item — is
# what it shrinks to).
_INDEX = st.integers(0, 255)


def _pick_index(items: Sequence, index: int):
    return items[index % len(items)]


def _pick(draw, items: Sequence):
    return _pick_index(items, draw(_INDEX))


def _attr_value(t: AttrType, index: int, day: _dt.date) -> str:
    if t.kind == "enum" and t.values:
        return _pick_index(t.values, index)
    if t.kind == "date":
        return day.isoformat()
    if t.kind == "integer":
        return str(index)
    return _pick_index(_STRING_VALUES, index)


@st.composite
def _time_of_day(draw) -> str:
    return f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"


@st.composite
def _imprecise(draw, day: _dt.date) -> tuple[_dt.date, _dt.date | None, str]:
    precision = draw(st.sampled_from(("day", "day", "month", "year")))
    if precision == "month":
        first = day.replace(day=1)
        nxt = (first + _dt.timedelta(days=32)).replace(day=1)
        return first, nxt - ONE_DAY, "month"
    if precision == "year":
        return _dt.date(day.year, 1, 1), _dt.date(day.year, 12, 31), "year"
    return day, None, "day"


def events(
    model_or_instruments,
    *,
    instruments: Iterable[str] | None = None,
    actors: Iterable[str] | None = None,
    third_states: Iterable[str] = DEFAULT_THIRD_STATES,
    start: _dt.date = DEFAULT_START,
    end: _dt.date = DEFAULT_END,
    allow_missing_attributes: bool = True,
    by_code: bool = True,
    actions: Iterable[str] | None = None,
    times: bool = False,
    imprecise_dates: bool = False,
    near_boundaries: bool = True,
    notices: bool = False,
    guided: bool = True,
) -> st.SearchStrategy[Event]:
    """Valid events over the instruments' vocabulary.

    model_or_instruments
        A `Model`, a shipped instrument id, a clause-file path, or a list of
        ids/paths (see the module docstring).
    instruments
        With a `Model`: the instruments whose parties and dates to use
        (default: all of them).
    actors
        The actor pool, in shrinking order. Default: the instruments' parties,
        then `third_states`.
    third_states
        States that are not parties, added to the default pool.
    start, end
        The period events fall in (inclusive).
    allow_missing_attributes
        Leave declared attributes out sometimes (each one independently).
    by_code
        Spell events of CAMEO-mapped actions as `cameo CODE` half of the time,
        the code drawn from the action's prefixes and the known sub-codes
        under them (`treatylang.events.cameo`).
    actions
        Restrict to these action names (default: every declared action).
    times
        Give some events a time of day (`08:30`).
    imprecise_dates
        Give some events only a month or a year (`2003-04`, `2003`).
    near_boundaries
        Draw half of the days from around the dates the instruments name
        (`boundary_dates`).
    notices
        Also draw the built-in `notice_of_termination` (a party gives notice
        of termination of an instrument: `instrument=ID`).
    guided
        Draw half of the events in a shape the clauses and situation
        triggers describe (`event_patterns`): the clause `the other party
        must not assist X while aggression(X, P)` gives a party assisting a
        third state, the trigger `aggressor use_force against victim` a third
        state using force against a party. Otherwise actors and targets are
        drawn independently, and the events that matter to a clause are rare.

    Events come with `seq=0` and provenance `<generated>`; `scenarios()`
    numbers them."""
    model, ids = resolve_model(model_or_instruments, instruments)
    pool = _actor_pool(model, ids, actors, third_states)
    names = list(actions) if actions is not None else list(model.actions)
    unknown = [n for n in names if n not in model.actions]
    if unknown:
        raise ValueError(f"undeclared action(s): {', '.join(unknown)}")
    if not names and not notices:
        raise ValueError("no actions to draw from")
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    bounds = boundary_dates(model, ids) if near_boundaries else ()
    days = _day_strategy(start, end, bounds)
    attr_days = _day_strategy(_dt.date(max(1, start.year - 10), 1, 1), end, bounds)
    parties = _parties(model, ids)
    choices = list(names) + ([NOTICE_ACTION] if notices else [])

    patterns = event_patterns(model, ids, pool, names) if guided else ()

    slots = max((len(model.actions[n].attrs) for n in names), default=0)
    any_coded = by_code and any(model.actions[n].cameo for n in names)

    @st.composite
    def one_event(draw) -> Event:
        # Every event draws the same sequence of choices, of the same types,
        # whatever the action (see "Shrinking note" above): values are picked
        # from lists of any length with `_pick`, and the parts an action does
        # not use (a CAMEO code, a third attribute) are drawn and dropped.
        name = draw(st.sampled_from(choices))
        actor = draw(st.sampled_from(pool))
        others = [a for a in pool if a != actor]
        # One event in ten has no target (`any state caspian_convention_in_force`).
        no_target = draw(st.integers(0, 9)) == 9
        target = _pick(draw, others or [None])
        if no_target:
            target = None
        if patterns:
            # Guided: an event of the shape some clause or situation trigger
            # describes (`a third state use_force against a party`).
            use = draw(st.booleans())
            p_name, p_actors, p_targets = draw(st.sampled_from(patterns))
            p_actor, p_target = _pick(draw, p_actors), _pick(draw, p_targets)
            if use:
                name, actor, target = p_name, p_actor, (p_target if p_target != p_actor else None)
        day = draw(days)
        last, precision = None, "day"
        if imprecise_dates:
            day, last, precision = draw(_imprecise(day))
        time = None
        if times:
            timed, clock = draw(st.booleans()), draw(_time_of_day())
            time = clock if timed and precision == "day" else None
        coded, code_index = (draw(st.booleans()), draw(_INDEX)) if any_coded else (False, 0)
        values = []
        for _ in range(slots):
            present = draw(st.booleans()) if allow_missing_attributes else True
            values.append((present, draw(_INDEX), draw(attr_days)))
        if notices:
            n_actor, n_target, n_inst = _pick(draw, parties or pool), _pick(draw, parties or pool), _pick(draw, ids)
        if name == NOTICE_ACTION:
            target = n_target if n_target != n_actor else None
            return Event(day, n_actor, target, None, NOTICE_ACTION, (("instrument", n_inst),), last, precision,
                         time, 0, Provenance(GENERATED, 0))
        adef = model.actions[name]
        code, spelled = None, name
        if coded and adef.cameo:
            code, spelled = _pick_index(cameo_codes_for(adef), code_index), None
        pairs = []
        for attr, (present, index, when) in zip(sorted(adef.attrs), values):
            if present:
                pairs.append((attr, _attr_value(adef.attrs[attr], index, when)))
        return Event(day, actor, target, code, spelled, tuple(pairs), last, precision, time, 0,
                     Provenance(GENERATED, 0))

    return one_event()


# ----------------------------------------------------------------- scenarios


@frozen
class DeclaredSituation:
    """A situation declared directly in a scenario (`situation NAME(ARGS) from
    START [until UNTIL]`): holds from `start` to `until`, both included
    (`until` None: still holding at the end of the timeline). Has the
    attributes `treatylang.check.evaluate` reads from its `declared` items."""

    name: str
    args: tuple[str, ...] = ()
    start: _dt.date = DEFAULT_START
    until: _dt.date | None = None
    source: str | None = None


def declared_situations(
    model_or_instruments,
    *,
    instruments: Iterable[str] | None = None,
    situations: Iterable[str] | None = None,
    actors: Iterable[str] | None = None,
    third_states: Iterable[str] = DEFAULT_THIRD_STATES,
    start: _dt.date = DEFAULT_START,
    end: _dt.date = DEFAULT_END,
    near_boundaries: bool = True,
) -> st.SearchStrategy[DeclaredSituation]:
    """Declared situations: one of `situations` (default: those the checked
    instruments' clauses use), with arguments of the declared kinds — a
    `party` parameter takes a party of the checked instruments, a `third
    state` one a state from `third_states` (or the actor pool, less the
    parties), a `state` one any actor — starting in [`start`, `end`] and
    lasting up to ten years, or open-ended."""
    model, ids = resolve_model(model_or_instruments, instruments)
    if situations is None:
        names = list(dict.fromkeys(s.name for i in ids for c in model.instruments[i].clauses for s in c.situations))
    else:
        names = list(situations)
    unknown = [n for n in names if n not in model.situations]
    if unknown:
        raise ValueError(f"undeclared situation(s): {', '.join(unknown)}")
    if not names:
        return st.nothing()
    pool = _actor_pool(model, ids, actors, third_states)
    parties = _parties(model, ids) or pool
    thirds = tuple(a for a in (third_states if actors is None else pool) if a not in parties) or pool
    days = _day_strategy(start, end, boundary_dates(model, ids) if near_boundaries else ())

    @st.composite
    def one(draw) -> DeclaredSituation:
        name = draw(st.sampled_from(names))
        args = []
        for _, kind in model.situations[name].params:
            args.append(draw(st.sampled_from(parties if kind == "party" else thirds if kind == "third_state"
                                             else pool)))
        first = draw(days)
        length = draw(st.none() | st.integers(0, max(0, min(3650, (end - start).days))))
        until = None
        if length is not None:
            until = min(first + _dt.timedelta(days=length), _dt.date(9999, 12, 31))
        return DeclaredSituation(name, tuple(args), first, until, None)

    return one()


def _sorted_events(evs: Iterable[Event]) -> tuple[Event, ...]:
    """Events in time order — day, time of day, then the order given — with
    `seq` renumbered 0, 1, … in that order.

    Provenance identifies an event across variants of a scenario: a fresh
    event (`<generated>` line 0, as `events()` makes them) gets the next
    unused line number, in time order; an event keeps the provenance it has.
    So a finding's `event.line` names the same event after `with_events`
    adds, drops or reorders events."""
    indexed = sorted(enumerate(evs), key=lambda p: (p[1].day, p[1].time or "", p[0]))
    used = {e.provenance.line for _, e in indexed if e.provenance.file == GENERATED and e.provenance.line}
    line = max(used, default=0)
    out = []
    for n, (_, e) in enumerate(indexed):
        prov = e.provenance
        if prov.file == GENERATED and not prov.line:
            line += 1
            prov = Provenance(GENERATED, line, prov.source, prov.ids)
        out.append(attrs.evolve(e, seq=n, provenance=prov))
    return tuple(out)


@frozen(repr=False)
class GeneratedScenario:
    """A timeline drawn by `scenarios()`, ready to check.

    `events` are in time order with `seq` = position (the scenario file's
    order), `declared` are the situations declared directly, `as_of` the last
    day of the timeline (None: the last day an event may have happened on).
    `repr()` is the scenario file (`to_scenario_text()`), so a falsifying
    example reads as a timeline."""

    instruments: tuple[str, ...]
    events: tuple[Event, ...] = ()
    declared: tuple[DeclaredSituation, ...] = ()
    as_of: _dt.date | None = None
    model: Model = field(default=None, eq=False)
    title: str | None = field(default=None, eq=False)

    # ------------------------------------------------------------ checking
    def check(self, *, as_of: _dt.date | None = None) -> Result:
        """`treatylang.check.evaluate` on this timeline (its own `as_of`
        unless one is given)."""
        return evaluate(self.model, self.instruments, list(self.events), self.declared,
                        as_of if as_of is not None else self.as_of)

    # ------------------------------------------------------------ variants
    def with_events(self, evs: Iterable[Event]) -> "GeneratedScenario":
        """The same scenario with other events (re-sorted, `seq` renumbered;
        ties within a day keep the order given)."""
        return attrs.evolve(self, events=_sorted_events(evs))

    def without(self, drop: Callable[[Event], bool]) -> "GeneratedScenario":
        """The same scenario without the events for which `drop` is true."""
        return self.with_events(e for e in self.events if not drop(e))

    def evolve(self, **changes) -> "GeneratedScenario":
        """`attrs.evolve`, re-sorting events if they are replaced."""
        if "events" in changes:
            changes["events"] = _sorted_events(changes["events"])
        return attrs.evolve(self, **changes)

    def reduced(self, fails: Callable[["GeneratedScenario"], bool]) -> "GeneratedScenario":
        """A smaller scenario on which `fails` still holds: drops events and
        declared situations one at a time, and `as of`, for as long as
        `fails` stays true (a greedy, one-at-a-time reduction).

        Hypothesis shrinks well, but now and then leaves a few copies of its
        simplest event in a counterexample; `sc.reduced(lambda s: not
        holds(s))` removes them before you paste it into a regression
        scenario. `fails` should return True when the property fails."""
        current = self
        if not fails(current):
            raise ValueError("`fails` is false for the scenario to reduce")
        changed = True
        while changed:
            changed = False
            for i in range(len(current.events)):
                smaller = current.with_events(current.events[:i] + current.events[i + 1:])
                if fails(smaller):
                    current, changed = smaller, True
                    break
            else:
                for i in range(len(current.declared)):
                    smaller = attrs.evolve(current, declared=current.declared[:i] + current.declared[i + 1:])
                    if fails(smaller):
                        current, changed = smaller, True
                        break
        if current.as_of is not None and fails(attrs.evolve(current, as_of=None)):
            current = attrs.evolve(current, as_of=None)
        return current

    def actions_of(self, e: Event) -> tuple[str, ...]:
        """The declared actions event `e` is an instance of (`action_names`)."""
        return action_names(self.model, e)

    # ------------------------------------------------------------ printing
    def check_refs(self) -> list[tuple[str, bool]]:
        """What the `check` line names: (shipped id, False) for an instrument
        loaded from its shipped file, else (clause-file path, True)."""
        out: list[tuple[str, bool]] = []
        shipped = shipped_index()
        for i in self.instruments:
            d = self.model.instruments[i] if self.model is not None else None
            if d is None or (i in shipped and _same(shipped[i], d.file)):
                ref = (i, False)
            else:
                ref = (d.file, True)
            if ref not in out:
                out.append(ref)
        return out

    def expectations(self, result: Result | None = None) -> list[str]:
        """`expect` lines that pin the verdicts of `result` (default: this
        scenario's own check): one `expect CLAUSE violated by PARTY` per
        violated clause and blamed party and the total count, or `expect
        compliant`. A starting point for a regression scenario: edit them to
        say what *should* happen."""
        result = result if result is not None else self.check()
        lines: list[str] = []
        for v in result.verdicts:
            if v.status != "violated":
                continue
            for p in v.blame or (None,):
                line = f"expect {v.clause_id} violated" + (f" by {p}" if p else "")
                if line not in lines:
                    lines.append(line)
        if not lines:
            return ["expect compliant"]
        n = result.violation_count()
        return lines + [f"expect {n} violation{'s' if n != 1 else ''}"]

    def to_scenario_text(self, title: str | None = None, expect: Iterable[str] | str = (),
                         comments: Iterable[str] = ()) -> str:
        """The scenario file for this timeline (docs/scenarios.md syntax).

        `title` defaults to the scenario's own; `expect` is a list of `expect …`
        lines to append, or ``"current"`` for `expectations()` of the current
        verdicts; `comments` are appended as `# …` lines. Clause files loaded
        from a path appear in the `check` line as that path, which the
        scenario reads relative to its own location."""
        title = title if title is not None else (self.title or "Generated timeline")
        lines = expect if not isinstance(expect, str) else (self.expectations() if expect == "current" else [expect])
        text = _print(self, title)
        extra = [x.strip() for x in lines if x.strip()]
        if extra:
            text = text.rstrip("\n") + "\n\n" + "\n".join(extra) + "\n"
        notes = [f"# {c}" for c in comments]
        if notes:
            text = text.rstrip("\n") + "\n\n" + "\n".join(notes) + "\n"
        return text

    def __repr__(self) -> str:
        return self.to_scenario_text()

    def _repr_pretty_(self, p, cycle) -> None:
        """For hypothesis' (and IPython's) pretty printer: the scenario file
        as an indented block (see `pretty_scenario`)."""
        pretty_scenario(p, self.to_scenario_text())


def pretty_scenario(p, text: str) -> None:
    """Print scenario `text` with pretty-printer `p` (hypothesis, IPython) as
    a block between two comment lines, indented, so the whole block — and
    whatever punctuation the printer puts after it — pastes into a
    `.scenario` file as is. For values that wrap a scenario (a scenario and
    an event to add, say), write their `_repr_pretty_` with it."""
    p.text("# generated scenario (paste into a .scenario file)")
    with p.indent(4):
        for line in text.rstrip("\n").split("\n"):
            p.break_()
            p.text(line)
        p.break_()
        p.text("# end of scenario")


def _same(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:  # pragma: no cover
        return a == b


# ----------------------------------------------------------------- printing


def _print(sc: GeneratedScenario, title: str) -> str:
    try:
        from ..scenario_printer import print_scenario
        from ..syntax import scenario_ast as S
    except ImportError:  # pragma: no cover - the scenario printer is part of treatylang
        return _print_plain(sc, title)
    items: list = [S.Title(title), S.Check(tuple(S.InstrumentRef(n, path) for n, path in sc.check_refs()))]
    if sc.as_of is not None:
        items.append(S.AsOf(sc.as_of))
    items += [S.Declare(d.name, tuple(d.args), d.start, d.until, d.source) for d in sc.declared]
    for e in sc.events:
        items.append(S.EventLine(format_date(e), e.actor, e.action if e.code is None else None, e.code, e.target,
                                 e.time, tuple(S.Attr(k, v) for k, v in e.attrs), e.provenance.source))
    return print_scenario(S.ScenarioFile(tuple(items)))


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _print_plain(sc: GeneratedScenario, title: str) -> str:  # pragma: no cover - fallback
    """The scenario syntax written by hand (used only without the printer)."""
    out = [f"scenario {_quote(title)}",
           "check " + ", ".join(_quote(n) if path else n for n, path in sc.check_refs())]
    if sc.as_of is not None:
        out.append(f"as of {sc.as_of.isoformat()}")
    if sc.declared:
        out.append("")
    for d in sc.declared:
        s = f"situation {d.name}" + (f"({', '.join(d.args)})" if d.args else "") + f" from {d.start.isoformat()}"
        if d.until is not None:
            s += f" until {d.until.isoformat()}"
        if d.source is not None:
            s += f" source {_quote(d.source)}"
        out.append(s)
    if sc.events:
        out.append("")
    for e in sc.events:
        parts = [format_date(e)] + ([e.time] if e.time else []) + [e.actor]
        parts.append(f"cameo {e.code}" if e.code is not None else str(e.action))
        if e.target:
            parts.append(e.target)
        parts += [f"{k}={_quote(v)}" for k, v in e.attrs]
        if e.provenance.source:
            parts.append(f"source {_quote(e.provenance.source)}")
        out.append(" ".join(parts))
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------- the scenario strategy


def scenarios(
    model_or_instruments,
    *,
    instruments: Iterable[str] | None = None,
    min_events: int = 0,
    max_events: int = 8,
    max_declared: int = 2,
    situations: Iterable[str] | None = None,
    as_of: _dt.date | bool | None = None,
    unique_timestamps: bool = False,
    title: str | None = None,
    actors: Iterable[str] | None = None,
    third_states: Iterable[str] = DEFAULT_THIRD_STATES,
    start: _dt.date = DEFAULT_START,
    end: _dt.date = DEFAULT_END,
    **event_options,
) -> st.SearchStrategy[GeneratedScenario]:
    """Whole timelines checked against the instruments.

    min_events, max_events
        How many events (before sorting by time).
    max_declared
        Up to this many situations declared directly (0: none); see
        `declared_situations` and its `situations` option.
    as_of
        True: always end the timeline with `as of` (on or after the last
        event and declared start); False: never; a date: always that day (and
        `end` is capped to it); None (default): sometimes.
    unique_timestamps
        No two events share a (day, time of day) — so the order of events is
        fixed by their timestamps alone, never by their order in the file.
    title
        The `scenario "…"` line of the printed file.
    actors, third_states, start, end, and `**event_options`
        As for `events()` (`allow_missing_attributes`, `by_code`, `actions`,
        `times`, `imprecise_dates`, `near_boundaries`, `notices`, `guided`).

    The value is a `GeneratedScenario`; see its `check()`, `with_events()`,
    `to_scenario_text()`."""
    model, ids = resolve_model(model_or_instruments, instruments)
    fixed_as_of = as_of if isinstance(as_of, _dt.date) and not isinstance(as_of, bool) else None
    if fixed_as_of is not None:
        end = min(end, fixed_as_of)
        start = min(start, end)
    common = dict(instruments=ids, actors=actors, third_states=third_states, start=start, end=end)
    one_event = events(model, **common, **event_options)
    near = event_options.get("near_boundaries", True)
    decls = declared_situations(model, situations=situations, near_boundaries=near, **common)
    if unique_timestamps:
        ev_lists = st.lists(one_event, min_size=min_events, max_size=max_events,
                            unique_by=lambda e: (e.day, e.time or ""))
    else:
        ev_lists = st.lists(one_event, min_size=min_events, max_size=max_events)
    decl_lists = st.lists(decls, max_size=max_declared) if max_declared > 0 and not decls.is_empty else st.just([])

    @st.composite
    def one(draw) -> GeneratedScenario:
        evs = draw(ev_lists)
        declared = draw(decl_lists)
        if fixed_as_of is not None:
            day = fixed_as_of
            declared = [d for d in declared if d.start <= day]
        elif as_of is True or (as_of is None and draw(st.booleans())):
            days = [e.day for e in evs] + [d.start for d in declared]
            last = max(days) if days else start
            day = last + _dt.timedelta(days=draw(st.integers(0, 3650)))
            day = min(day, _dt.date(9999, 12, 31))
        else:
            day = None
        return GeneratedScenario(ids, _sorted_events(evs), tuple(declared), day, model, title)

    return one()
