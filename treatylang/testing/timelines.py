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
`treatylang.syntax.scenario_ast.parse_scenario_text` and loads against the model without
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
from typing import Iterable, Sequence

import attrs
from hypothesis import strategies as st

from ..limits import LAST_DAY
from ..check.lifecycle import NOTICE_ACTION
from ..events.model import Event, Provenance
from ..model import AttrType
from .generated import DeclaredSituation, GeneratedScenario, _sorted_events, pretty_scenario
from .vocab import (DEFAULT_END, DEFAULT_START, DEFAULT_THIRD_STATES, GENERATED, ONE_DAY, SHIPPED_INSTRUMENTS,
                    _actor_pool, _parties, action_names, boundary_dates, cameo_codes_for, event_patterns,
                    relevant_actions, resolve_model)

__all__ = [
    "DEFAULT_THIRD_STATES", "DEFAULT_START", "DEFAULT_END", "SHIPPED_INSTRUMENTS",
    "DeclaredSituation", "GeneratedScenario",
    "events", "scenarios", "declared_situations",
    "pretty_scenario", "resolve_model", "boundary_dates", "event_patterns", "action_names", "relevant_actions",
    "cameo_codes_for",
]

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


def _attr_value(t: AttrType, index: int, day: _dt.date, pool: Sequence[str] = ()) -> str:
    if t.kind == "role" and pool:  # a third participant: a state of the pool
        return _pick_index(pool, index)
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
    reports: bool = False,
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
    reports
        Make some events machine-coded reports (`Event.coded`, as GDELT rows
        are): one to three reports from one to three sources, a source URL
        on one of a few hosts, and sometimes the CAMEO roles of the actor and
        target (GOV, MIL, CVL…) — what corroboration and roles are judged on.
        Such events cannot be written in a scenario file, so do not print
        them (`to_scenario_text`) and expect them back.
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
        report = draw(_REPORT) if reports else None
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
                pairs.append((attr, _attr_value(adef.attrs[attr], index, when, pool)))
        if report is not None and report[0]:
            _, n_reports, n_sources, a_roles, t_roles, host = report
            return Event(day, actor, target, code, spelled, tuple(pairs), last, precision, time, 0,
                         Provenance(GENERATED, 0, f"https://{host}/report"), actor_roles=a_roles,
                         target_roles=t_roles if target else (), coded=True, reports=n_reports, sources=n_sources)
        return Event(day, actor, target, code, spelled, tuple(pairs), last, precision, time, 0,
                     Provenance(GENERATED, 0))

    return one_event()


#: A machine-coded report: (coded?, reports, sources, actor roles, target
#: roles, host). Drawn for every event when `reports` is on, used for some.
_ROLES = ((), (), ("GOV",), ("MIL",), ("CVL",), ("GOV", "CVL"), ("REB",))
_REPORT = st.tuples(st.booleans(), st.integers(1, 3), st.integers(1, 3), st.sampled_from(_ROLES),
                    st.sampled_from(_ROLES), st.sampled_from(("a.example", "b.example", "c.example")))


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
    instruments' clauses use: `while`, deadlines from a situation, standing
    states), with arguments of the declared kinds — a
    `party` parameter takes a party of the checked instruments, a `third
    state` one a state from `third_states` (or the actor pool, less the
    parties), a `state` one any actor — starting in [`start`, `end`] and
    lasting up to ten years, or open-ended."""
    model, ids = resolve_model(model_or_instruments, instruments)
    if situations is None:
        # Every situation a clause uses: `while`, a deadline counted from
        # one (`within … of the start of S`), a standing state (`hold S`).
        names = list(dict.fromkeys(s.name for i in ids for c in model.instruments[i].clauses for s in (
            *c.situations, *((c.within_situation[3],) if c.within_situation is not None else ()),
            *((c.holds,) if c.holds is not None else ()))))
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
            until = min(first + _dt.timedelta(days=length), LAST_DAY)
        return DeclaredSituation(name, tuple(args), first, until, None)

    return one()


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
    duplicates: bool = False,
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
    duplicates
        Report some machine-coded events (`reports=True`) again, from another
        row and perhaps another host: reports of one act, which the checker
        merges.
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
        if duplicates:
            copies = draw(st.lists(st.sampled_from((0, 0, 1, 2)), min_size=len(evs), max_size=len(evs)))
            for e, n in list(zip(evs, copies)):
                for k in range(n if e.coded else 0):
                    host = ("b.example", "d.example")[k % 2]
                    evs.append(attrs.evolve(e, provenance=Provenance(GENERATED, 0, f"https://{host}/again")))
        declared = draw(decl_lists)
        if fixed_as_of is not None:
            day = fixed_as_of
            declared = [d for d in declared if d.start <= day]
        elif as_of is True or (as_of is None and draw(st.booleans())):
            days = [e.day for e in evs] + [d.start for d in declared]
            last = max(days) if days else start
            day = last + _dt.timedelta(days=draw(st.integers(0, 3650)))
            day = min(day, LAST_DAY)
        else:
            day = None
        return GeneratedScenario(ids, _sorted_events(evs), tuple(declared), day, model, title)

    return one()
