"""The evaluator's laws, checked over the shipped Russia–Iran instruments.

Each law is a plain function `law_…(sc, …)` that raises AssertionError when
it does not hold for the generated scenario `sc`, and a hypothesis test that
runs it. tests/properties/test_mutants.py runs the same law functions
against deliberately broken evaluators and expects them to fail.

The laws (docs/testing.md explains each and how it is generated):

* determinism — the same timeline gives the same JSON report, byte for byte,
  twice in one process, with a freshly loaded model, and under different
  hash seeds in separate processes;
* order — events may be given in any order (and the stated order, `seq`,
  renumbered accordingly) without changing the report: row order is not
  evidence; under `order as written` the same holds for events with distinct
  timestamps; a sorted stream gives what a list gives;
* irrelevance — an event whose action no clause, situation or obligation
  trigger uses changes no verdict;
* removal — removing the only event behind a violation removes that
  violation;
* translation — moving every date of the timeline *and* of the instruments
  by the same number of years (a multiple of 28) moves every verdict's dates
  and changes nothing else;
* refinement — filling in an attribute an event left out never changes a
  definite verdict (anything but `unknown`); in particular a verdict is never
  `violated` where some filling would make it compliant; likewise, giving an
  imprecise event a precise day in its range never changes whether a
  prohibition is violated, unless it was `unknown`; and so does giving an
  event of a day without a time of day a time;
* printing — a generated scenario printed as a scenario file and loaded back
  gives the same verdicts.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import subprocess
import sys

import attrs
from attrs import frozen
from hypothesis import event, given, settings
from hypothesis import strategies as st

from treatylang.check.engine import evaluate
from treatylang.check.results import Result
from treatylang.events.model import Event, Provenance
from treatylang.model import Model, load_instruments
from treatylang.testing import scenarios
from treatylang.testing.timelines import (
    SHIPPED_INSTRUMENTS, GeneratedScenario, action_names, boundary_dates, cameo_codes_for, pretty_scenario,
    relevant_actions, resolve_model,
)

MODEL, IDS = resolve_model(SHIPPED_INSTRUMENTS)

# ----------------------------------------------------------------- strategies

#: Anything: every action (by name or CAMEO code), imprecise dates, times of
#: day, notices of termination, declared situations.
ANY = scenarios(MODEL, imprecise_dates=True, times=True, notices=True)
#: The same with no two events at the same (day, time).
DISTINCT_TIMES = scenarios(MODEL, imprecise_dates=True, times=True, notices=True, unique_timestamps=True)
#: Aggressions, ceasefires and aid: violations of the aid clauses are common.
AGGRESSION = scenarios(MODEL, actions=["use_force", "ceasefire", "make_peace", "assist", "transfer_arms"],
                       third_states=("USA", "ISR"), start=_dt.date(2001, 1, 1), end=_dt.date(2027, 12, 31))
#: Arms deals and Caspian acts, with attributes often left out: the clauses
#: that test attributes (`contract_date before …`, `region is caspian`).
ATTRIBUTES = scenarios(MODEL, actions=["transfer_arms", "conclude_arms_contract", "complete_deliveries",
                                       "recognise_border", "lay_seabed_pipeline", "caspian_convention_in_force"],
                       actors=("RUS", "IRN", "USA"), start=_dt.date(1994, 1, 1), end=_dt.date(2003, 12, 31),
                       imprecise_dates=True)
#: The parties (and one third state) doing what the clauses forbid: a
#: violation in most timelines.
FORBIDDEN = scenarios(MODEL, actors=("RUS", "IRN", "USA"),
                      actions=["use_force", "threaten_force", "allow_territory_use", "assist", "transfer_arms",
                               "conclude_arms_contract", "recognise_border", "lay_seabed_pipeline", "ceasefire"],
                      start=_dt.date(1995, 1, 1), end=_dt.date(2027, 12, 31))
MIXED = st.one_of(ANY, AGGRESSION, ATTRIBUTES, FORBIDDEN)
#: A few days of force, threats, ceasefires and aid, with times of day and
#: no two events at the same moment: where the order within a day matters.
SAME_DAYS = scenarios(MODEL, actors=("RUS", "IRN", "USA"),
                      actions=["use_force", "threaten_force", "ceasefire", "assist"],
                      start=_dt.date(2003, 3, 1), end=_dt.date(2003, 3, 3), times=True, unique_timestamps=True,
                      near_boundaries=False)
#: Machine-coded reports (single and repeated, with and without roles) and
#: actors that are not states (an armed group, a CAMEO region) or may not be
#: (a code the country tables do not know), over force, ceasefires and aid:
#: corroboration, roles and kinds of actors decide here.
REPORTS = scenarios(MODEL, actors=("RUS", "IRN", "USA", "ISIS", "EUR", "ABC"),
                    actions=["use_force", "ceasefire", "assist", "threaten_force"],
                    start=_dt.date(2003, 3, 1), end=_dt.date(2003, 3, 20), times=True, reports=True,
                    duplicates=True, near_boundaries=False, min_events=2, max_events=7)
#: The same, with events of one day without times (or at one time), a third
#: state that may not be a state, notices, and the joint statement (which a
#: notice ends at once): where row order used to decide.
UNTIMED = scenarios(MODEL, actors=("RUS", "IRN", "USA", "XAA"),
                    actions=["use_force", "threaten_force", "ceasefire", "assist", "lay_seabed_pipeline"],
                    start=_dt.date(2003, 3, 1), end=_dt.date(2003, 3, 3), times=True, notices=True,
                    near_boundaries=False, min_events=2, max_events=7)


# ----------------------------------------------------------------- helpers


def report_bytes(result: Result, model: Model = MODEL) -> bytes:
    """The JSON report of a result (treatylang.report.json_report), or — if
    the report module is missing — a canonical repr of the Result."""
    try:
        from treatylang.report import CheckRun
        from treatylang.report.json_report import render
    except ImportError:  # pragma: no cover
        return repr(attrs.asdict(result, recurse=True)).encode()
    return render([CheckRun(result, model, "<generated>")]).encode("utf-8")


def instances(result: Result, model: Model = MODEL) -> dict[tuple, object]:
    """Verdicts by clause instance. `within` obligations have one instance
    per trigger event, told apart by the trigger's line."""
    out = {}
    for v in result.verdicts:
        within = model.clause(v.clause_id).within is not None
        trig = v.triggers[0].event.line if within and v.triggers and v.triggers[0].event is not None else None
        out[(v.instrument, v.clause, v.binding, trig)] = v
    return out


def declared_attrs(model: Model, e: Event) -> dict[str, object]:
    """Attributes the event's action(s) declare: name -> AttrType."""
    out = {}
    for name in action_names(model, e):
        adef = model.actions.get(name)
        if adef is not None:
            out.update(adef.attrs)
    return out


def condition_dates(model: Model) -> list[_dt.date]:
    """Dates the clauses compare attributes with, and the days either side."""
    days = {c.value for cl in model.all_clauses() for c in cl.when + cl.unless if isinstance(c.value, _dt.date)}
    return sorted({d + k * _dt.timedelta(days=1) for d in days for k in (-1, 0, 1)})


def fillings(model: Model, e: Event, attr_type) -> list[str]:
    """Values to try for a missing attribute: every enum value; for dates,
    every date a clause compares with (± a day) and the event's own day."""
    if attr_type.kind == "enum":
        return list(attr_type.values)
    if attr_type.kind == "date":
        return [d.isoformat() for d in condition_dates(model)] + [e.day.isoformat()]
    if attr_type.kind == "integer":
        return ["0", "1"]
    return ["a"]


# ----------------------------------------------------------------- laws


def law_determinism(sc: GeneratedScenario) -> None:
    """Same timeline, same bytes: twice, and against a freshly loaded model."""
    first = report_bytes(sc.check())
    assert report_bytes(sc.check()) == first
    fresh = _fresh_model()
    again = evaluate(fresh, sc.instruments, list(sc.events), sc.declared, sc.as_of)
    assert report_bytes(again, fresh) == first


_FRESH: list[Model] = []


def _fresh_model() -> Model:
    if not _FRESH:
        _FRESH.append(load_instruments(SHIPPED_INSTRUMENTS))  # not the cached one
    return _FRESH[0]


def law_order(sc: GeneratedScenario, permutation: list[int]) -> None:
    """Events given in another order, their stated order `seq` renumbered to
    match (as in a file written in that order): same report — row order is
    not evidence. Under `order as written` the same holds for events with
    distinct timestamps. A stream in time order: same report as the list."""
    expected = report_bytes(sc.check())
    shuffled = [attrs.evolve(sc.events[i], seq=n) for n, i in enumerate(permutation)]
    got = evaluate(sc.model, sc.instruments, shuffled, sc.declared, sc.as_of)
    assert report_bytes(got) == expected
    streamed = evaluate(sc.model, sc.instruments, iter(sc.events), sc.declared, sc.as_of)
    assert report_bytes(streamed) == expected
    stamps = [(e.day, e.time or "") for e in sc.events]
    if len(set(stamps)) == len(stamps):
        ordered = evaluate(sc.model, sc.instruments, list(sc.events), sc.declared, sc.as_of, ordered=True)
        again = evaluate(sc.model, sc.instruments, shuffled, sc.declared, sc.as_of, ordered=True)
        assert report_bytes(again) == report_bytes(ordered)


def irrelevant_codes(model: Model, ids) -> list[str]:
    """CAMEO codes that map to no action the instruments care about."""
    relevant = relevant_actions(model, ids)
    try:
        from treatylang.events import cameo
        codes = sorted(cameo.codebook().codes)
    except ImportError:  # pragma: no cover
        codes = [c for a in model.actions.values() for c in cameo_codes_for(a)]
    probe = lambda c: Event(_dt.date(2000, 1, 1), "RUS", "IRN", c)  # noqa: E731
    return [c for c in codes if not relevant.intersection(action_names(model, probe(c)))]


def look_alike_codes(model: Model, ids, codes: list[str]) -> list[str]:
    """Of `codes`, those in the same CAMEO root as a code a relevant action is
    mapped to (`073` humanitarian aid beside `072` military aid, `130`
    beside `138`): the irrelevant events most likely to be mistaken for
    relevant ones."""
    relevant = relevant_actions(model, ids)
    roots = {p[:2] for a in relevant for p in model.actions[a].cameo}
    return [c for c in codes if c[:2] in roots]


#: Who does what to whom in an irrelevant event: mostly between the parties
#: and with the aggressor of the examples, where a mistaken match would show.
ACTOR_PAIRS = (("RUS", "IRN"), ("IRN", "RUS"), ("USA", "IRN"), ("RUS", "USA"), ("IRN", "USA"), ("RUS", "AZE"),
               ("AZE", "RUS"), ("USA", None))
IRRELEVANT_ACTIONS = sorted(set(MODEL.actions) - relevant_actions(MODEL, IDS))
IRRELEVANT_CODES = irrelevant_codes(MODEL, IDS)
LOOK_ALIKE_CODES = look_alike_codes(MODEL, IDS, IRRELEVANT_CODES)


@frozen(repr=False)
class Case:
    """A scenario and something a law does to it (an order to give its events
    in, an event to add). Prints as the scenario file with the second part
    as a comment, so falsifying examples stay readable."""

    scenario: GeneratedScenario
    extra: object

    def comment(self) -> str:
        if isinstance(self.extra, Event):
            e = self.extra
            what = f"cameo {e.code}" if e.code else e.action
            return f"and the event: {e.day.isoformat()} {e.actor} {what} {e.target or ''}".rstrip()
        if isinstance(self.extra, (list, tuple)):
            return "with the events given in the order " + ", ".join(str(i + 1) for i in self.extra)
        return f"with {self.extra!r}"

    def __iter__(self):
        return iter((self.scenario, self.extra))

    def __repr__(self) -> str:
        return self.scenario.to_scenario_text(comments=[self.comment()])

    def _repr_pretty_(self, p, cycle) -> None:
        pretty_scenario(p, repr(self))


def _with_permutation(sc: GeneratedScenario):
    return st.permutations(range(len(sc.events))).map(lambda order: Case(sc, order))


#: Case(scenario, an order to give its events in) for the order law.
ORDER_CASES = st.one_of(DISTINCT_TIMES, SAME_DAYS, UNTIMED, REPORTS, ANY).flatmap(_with_permutation)


def _with_irrelevant(sc: GeneratedScenario):
    r = sc.check()
    if r.start is None or r.as_of is None or r.start > r.as_of:
        return st.just(Case(sc, None))  # an empty timeline has no inside
    return irrelevant_event(r.start, r.as_of).map(lambda e: Case(sc, e))


@st.composite
def irrelevant_event(draw, first: _dt.date, last: _dt.date) -> Event:
    """An event of an action nothing in the instruments uses, dated inside
    the timeline (so it cannot move the timeline's first or last day)."""
    day = draw(st.dates(first, last))
    actor, target = draw(st.sampled_from(ACTOR_PAIRS))
    kind = draw(st.sampled_from(("look-alike code", "action", "code")))
    if kind == "action":
        return Event(day, actor, target, None, draw(st.sampled_from(IRRELEVANT_ACTIONS)),
                     provenance=Provenance("<generated>", 0))
    codes = LOOK_ALIKE_CODES if kind == "look-alike code" else IRRELEVANT_CODES
    return Event(day, actor, target, draw(st.sampled_from(codes)), provenance=Provenance("<generated>", 0))


def law_irrelevant_event(sc: GeneratedScenario, extra: Event | None) -> None:
    """Adding an event of an action no clause, situation or obligation trigger
    uses changes no verdict (and not the timeline's span)."""
    if extra is None:
        return
    before = sc.check()
    after = sc.with_events(list(sc.events) + [extra]).check()
    assert (after.start, after.as_of) == (before.start, before.as_of)
    assert after.verdicts == before.verdicts
    assert after.declaratory == before.declaratory


def law_removal(sc: GeneratedScenario) -> int:
    """Removing the only event behind a violation of a prohibition removes
    that violation. (Holds for the shipped instruments, where no clause
    action also starts or ends a situation, so the removed event cannot change
    how other events are judged.)"""
    result = sc.check()
    removed = 0
    for key, v in instances(result, sc.model).items():
        if v.status != "violated":
            continue
        lines = {f.event.line for f in v.findings if f.kind == "violation" and f.event is not None}
        if len(lines) != 1 or any(f.kind == "missed_deadline" for f in v.findings):
            continue
        (line,) = lines
        after = sc.without(lambda e: e.provenance.line == line).check()
        w = instances(after, sc.model).get(key)
        assert w is None or w.status != "violated", (key, w)
        removed += 1
    return removed


YEARS = (-56, -28, 28, 56)


def shift_day(d, years: int):
    """`d` moved by `years` (a multiple of 28: the Gregorian calendar repeats
    every 28 years between 1901 and 2099, leap days included, so every month
    keeps its length and 29 February stays a real day)."""
    return None if d is None else d.replace(year=d.year + years)


_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shift_model(model: Model, years: int) -> Model:
    """The model with every date the instruments name moved by `years`:
    signature, entry into force, supersession, withdrawals, clause windows and
    deadlines, dates in attribute conditions. Durations (terms, renewal and
    notice periods, `within`) stay: a whole number of 28-year cycles keeps
    `date + N months/years` exact."""
    def cond(c):
        return attrs.evolve(c, value=shift_day(c.value, years)) if isinstance(c.value, _dt.date) else c

    def clause(c):
        return attrs.evolve(c, window_from=shift_day(c.window_from, years),
                            window_until=shift_day(c.window_until, years), deadline=shift_day(c.deadline, years),
                            when=tuple(cond(x) for x in c.when), unless=tuple(cond(x) for x in c.unless))

    def value(v):
        # A premise's value (docs/semantics.md §15): a date, or a pair ending in one.
        if isinstance(v, _dt.date):
            return shift_day(v, years)
        if isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], _dt.date):
            return (v[0], shift_day(v[1], years))
        return v

    def ratified(text):
        # `2019-02-08`, `2018-12`, `2018` or None: the year moves.
        return None if text is None else str(int(text[:4]) + years) + text[4:]

    def instrument(d):
        return attrs.evolve(
            d, signed=shift_day(d.signed, years), in_force=shift_day(d.in_force, years),
            superseded=(d.superseded[0], shift_day(d.superseded[1], years)) if d.superseded else None,
            withdrawn=tuple((p, shift_day(day, years)) for p, day in d.withdrawn),
            reinstated=shift_day(d.reinstated, years), terminated=shift_day(d.terminated, years),
            ratifications=tuple((p, ratified(t)) for p, t in d.ratifications),
            premises=tuple(attrs.evolve(p, value=value(p.value)) for p in d.premises),
            clauses=tuple(clause(c) for c in d.clauses))

    return attrs.evolve(model, instruments={k: instrument(d) for k, d in model.instruments.items()})


def shift_scenario(sc: GeneratedScenario, model: Model, years: int) -> GeneratedScenario:
    def event(e: Event) -> Event:
        attrs_ = tuple((k, shift_day(_dt.date.fromisoformat(v), years).isoformat() if _FULL_DATE.match(v) else v)
                       for k, v in e.attrs)
        return attrs.evolve(e, day=shift_day(e.day, years), last_day=shift_day(e.last_day, years), attrs=attrs_)

    return attrs.evolve(
        sc, model=model, events=tuple(event(e) for e in sc.events), as_of=shift_day(sc.as_of, years),
        declared=tuple(attrs.evolve(d, start=shift_day(d.start, years), until=shift_day(d.until, years))
                       for d in sc.declared))


def dated_projection(result: Result, years: int = 0) -> tuple:
    """Everything in the verdicts, with their dates moved by `years`: the
    findings (kind, day, event), triggers, the periods the clause applied,
    deadlines. Not the free-text reasons and notes, which quote dates."""
    s = lambda d: shift_day(d, years)  # noqa: E731
    line = lambda ref: ref.line if ref is not None else None  # noqa: E731
    return (s(result.start), s(result.as_of), tuple(
        (v.instrument, v.clause, v.status, v.binding, v.blame, v.open,
         tuple((f.kind, s(f.day), line(f.event)) for f in v.findings),
         tuple((t.description, s(t.start), s(t.end), line(t.event)) for t in v.triggers),
         tuple((s(a), s(b)) for a, b in v.applied), s(v.deadline))
        for v in result.verdicts))


_SHIFTED: dict[int, Model] = {}


def law_translation(sc: GeneratedScenario, years: int) -> None:
    """Shifting every date of the timeline and of the instruments by the same
    number of years (a multiple of 28) shifts every date in the verdicts and
    changes nothing else."""
    model = _SHIFTED.setdefault(years, shift_model(sc.model, years))
    moved = shift_scenario(sc, model, years)
    assert dated_projection(moved.check()) == dated_projection(sc.check(), years)


MAX_FILLINGS = 40


def law_refinement(sc: GeneratedScenario) -> int:
    """Filling in one attribute an event left out, with any value of its type,
    never changes a definite verdict (violated, fulfilled, pending,
    not_triggered, not_in_force): only `unknown` may be decided by more data.
    In particular no verdict is `violated` if some filling would make that
    clause instance compliant."""
    before = instances(sc.check(), sc.model)
    definite = {k: v.status for k, v in before.items() if v.status != "unknown"}
    tried = 0
    for i, e in enumerate(sc.events):
        given = {k for k, _ in e.attrs}
        for name, t in sorted(declared_attrs(sc.model, e).items()):
            if name in given:
                continue
            for value in fillings(sc.model, e, t):
                if tried >= MAX_FILLINGS:
                    return tried
                tried += 1
                filled = attrs.evolve(e, attrs=tuple(sorted(e.attrs + ((name, value),))))
                after = instances(sc.with_events(sc.events[:i] + (filled,) + sc.events[i + 1:]).check(), sc.model)
                for k, status in definite.items():
                    got = after.get(k)
                    assert got is not None and got.status == status, (
                        f"{k[0]}.{k[1]} {dict(k[2])} was {status}; with event {e.provenance.line} "
                        f"given {name}={value} it is {got.status if got else 'gone'}")
    return tried


MAX_DAYS = 40


def candidate_days(sc: GeneratedScenario, e: Event) -> list[_dt.date]:
    """Precise days to try for imprecise event `e`: the first and last days of
    its range, and every day inside it where something else happens — another
    event, a declared start or end, a date an instrument names — with the
    days either side."""
    lo, hi = e.day, min(e.end_day, sc.as_of) if sc.as_of else e.end_day  # days after `as of` are not read
    marks = {x.day for x in sc.events} | {x.end_day for x in sc.events}
    marks |= {d.start for d in sc.declared} | {d.until for d in sc.declared if d.until}
    marks |= set(boundary_dates(sc.model, sc.instruments))
    days = {lo, hi} | {m + k * _dt.timedelta(days=1) for m in marks for k in (-1, 0, 1)}
    return sorted(d for d in days if lo <= d <= hi)


def law_date_refinement(sc: GeneratedScenario) -> int:
    """Giving an imprecise event (`2003-03`, `2003`) a precise day inside its
    range never changes whether a prohibition instance is violated, unless
    its verdict was `unknown`: a verdict is never `violated` if the act could
    have happened on a day that makes it compliant, and never compliant if
    it could have happened on a day that makes it a violation.

    Prohibitions only: an obligation's `violated` also depends on the
    timeline's extent (§1.4 of docs/semantics.md), which starts on the first
    *possible* day of the earliest event — so with `1995 RUS use_force IRN`
    and `2000-01-01 RUS use_force IRN`, Gore–Chernomyrdin's
    `complete_existing` (reading completion_duty) is violated (the timeline
    starts before the duty did), while with the first event on 1995-07-01 it
    is `unknown`. That is the extent rule, not a judgement of the event."""
    before = instances(sc.check(), sc.model)
    decided = {k: v.status == "violated" for k, v in before.items()
               if v.status != "unknown" and sc.model.clause(f"{k[0]}.{k[1]}").modality == "must not"}
    tried = 0
    for i, e in enumerate(sc.events):
        if e.last_day is None or e.last_day == e.day:
            continue
        for day in candidate_days(sc, e):
            if tried >= MAX_DAYS:
                return tried
            tried += 1
            precise = attrs.evolve(e, day=day, last_day=None, precision="day")
            after = instances(sc.with_events(sc.events[:i] + sc.events[i + 1:] + (precise,)).check(), sc.model)
            for k, was_violated in decided.items():
                got = after.get(k)
                now_violated = got is not None and got.status == "violated"
                assert now_violated == was_violated, (
                    f"{k[0]}.{k[1]} {dict(k[2])} was {before[k].status}; with event {e.provenance.line} "
                    f"({e.day}…{e.end_day}) on {day} it is {got.status if got else 'gone'}")
    return tried


def candidate_times(sc: GeneratedScenario, e: Event) -> list[str]:
    """Times of day to try for untimed event `e`: the first and last minute of
    the day, and a minute either side of every time given on that day."""
    out = {"00:00", "23:59"}
    for x in sc.events:
        if x.day == e.day and x.time:
            h, m = int(x.time[:2]), int(x.time[3:5])
            for k in (-1, 0, 1):
                t = h * 60 + m + k
                if 0 <= t < 24 * 60:
                    out.add(f"{t // 60:02d}:{t % 60:02d}")
    return sorted(out)


MAX_TIMES = 40


def law_time_refinement(sc: GeneratedScenario) -> int:
    """Giving an event of a precise day without a time of day a time never
    changes whether a prohibition instance is violated, unless its verdict was
    `unknown`: row order is not evidence, so a verdict is never `violated` if
    the events of a day could have come in an order that makes it compliant
    (and never compliant if they could have come in one that makes it a
    violation)."""
    before = instances(sc.check(), sc.model)
    decided = {k: v.status == "violated" for k, v in before.items()
               if v.status != "unknown" and sc.model.clause(f"{k[0]}.{k[1]}").modality == "must not"}
    tried = 0
    for i, e in enumerate(sc.events):
        if e.time or (e.last_day is not None and e.last_day != e.day):
            continue
        for t in candidate_times(sc, e):
            if tried >= MAX_TIMES:
                return tried
            tried += 1
            timed = attrs.evolve(e, time=t)
            after = instances(sc.with_events(sc.events[:i] + sc.events[i + 1:] + (timed,)).check(), sc.model)
            for k, was_violated in decided.items():
                got = after.get(k)
                now_violated = got is not None and got.status == "violated"
                assert now_violated == was_violated, (
                    f"{k[0]}.{k[1]} {dict(k[2])} was {before[k].status}; with event {e.provenance.line} "
                    f"at {t} it is {got.status if got else 'gone'}")
    return tried


def report_fillings(e: Event) -> list[Event]:
    """What more data could say about machine-coded event `e`: that it is
    corroborated (more reports, from more sources), and, where it gives no
    role, that its actor (target) acted as an organ of the state or as a
    civilian."""
    out = [attrs.evolve(e, reports=9, sources=9)]
    for side in ("actor_roles", "target_roles"):
        if not getattr(e, side) and (side == "actor_roles" or e.target):
            out += [attrs.evolve(e, **{side: ("GOV",)}), attrs.evolve(e, **{side: ("CVL",)})]
    return out


MAX_REPORTS = 30


def law_report_refinement(sc: GeneratedScenario) -> int:
    """Saying more about a machine-coded report — that more sources stand
    behind it, or in what role its actor acted — never changes whether a
    prohibition instance is violated, unless its verdict was `unknown`: a
    verdict never rests on a single report or on a role the data does not
    give, either way."""
    before = instances(sc.check(), sc.model)
    decided = {k: v.status == "violated" for k, v in before.items()
               if v.status != "unknown" and sc.model.clause(f"{k[0]}.{k[1]}").modality == "must not"}
    tried = 0
    for i, e in enumerate(sc.events):
        if not e.coded:
            continue
        for filled in report_fillings(e):
            # Every report of the same act says the same (a duplicate row too).
            same = [j for j, x in enumerate(sc.events) if x.coded and (x.day, x.actor, x.target, x.code, x.action,
                    x.actor_roles, x.target_roles) == (e.day, e.actor, e.target, e.code, e.action, e.actor_roles,
                                                       e.target_roles)]
            if tried >= MAX_REPORTS:
                return tried
            tried += 1
            evs = list(sc.events)
            for j in same:
                evs[j] = attrs.evolve(filled, provenance=evs[j].provenance, seq=evs[j].seq)
            after = instances(sc.with_events(evs).check(), sc.model)
            for k, was_violated in decided.items():
                got = after.get(k)
                now_violated = got is not None and got.status == "violated"
                assert now_violated == was_violated, (
                    f"{k[0]}.{k[1]} {dict(k[2])} was {before[k].status}; with event {e.provenance.line} "
                    f"{filled.reports} reports, {filled.sources} sources, roles {filled.actor_roles}/"
                    f"{filled.target_roles} it is {got.status if got else 'gone'}")
    return tried


def law_printing(sc: GeneratedScenario) -> None:
    """The printed scenario parses, loads against the model without errors,
    and checks to the same verdicts; printed with `expect="current"`, its
    expectations hold (treatylang.scenarios.runner)."""
    from treatylang.scenarios.runner import check_expectation
    from treatylang.scenarios.load import load_scenario_text

    text = sc.to_scenario_text(expect="current")
    loaded = load_scenario_text(text, "generated.scenario", sc.model)
    assert loaded.as_of == sc.as_of
    assert [(d.name, tuple(d.args), d.start, d.until) for d in loaded.declared] == \
        [(d.name, d.args, d.start, d.until) for d in sc.declared]
    strip = lambda e: attrs.evolve(e, provenance=Provenance("x", 0))  # noqa: E731
    assert [strip(e) for e in loaded.events] == [strip(e) for e in sc.events]
    again = evaluate(sc.model, sc.instruments, list(loaded.events), loaded.declared, loaded.as_of)
    original = sc.check()
    lines = {e.provenance.line: n + 1 for n, e in enumerate(sc.events)}  # generated line -> event number
    renumber = lambda r, f: tuple(  # noqa: E731
        (v.clause_id, v.status, v.binding, tuple((x.kind, x.day, f(x.event)) for x in v.findings)) for v in r.verdicts)
    loaded_lines = {e.provenance.line: n + 1 for n, e in enumerate(loaded.events)}
    assert renumber(again, lambda ref: ref and loaded_lines[ref.line]) == \
        renumber(original, lambda ref: ref and lines[ref.line])
    assert loaded.expectations
    for x in loaded.expectations:
        outcome = check_expectation(x, again)
        assert outcome.passed, (outcome.text, outcome.actual)


# ----------------------------------------------------------------- tests


@given(ANY)
def test_evaluation_is_deterministic(sc):
    """Checking the same timeline twice — and against a freshly loaded model —
    gives the same JSON report, byte for byte."""
    law_determinism(sc)


@given(st.lists(scenarios(MODEL, imprecise_dates=True, times=True, notices=True, max_events=6), min_size=6,
                max_size=6))
@settings(max_examples=2)
def test_evaluation_is_deterministic_across_processes(tmp_path_factory, batch):
    """The JSON reports of a batch of printed scenarios are the same bytes in
    two processes with different hash seeds (nothing depends on set or dict
    order that varies between runs). Few examples: each starts two
    interpreters."""
    folder = tmp_path_factory.mktemp("determinism")
    paths = []
    for n, sc in enumerate(batch):
        p = folder / f"s{n}.scenario"
        p.write_text(sc.to_scenario_text(), encoding="utf-8")
        paths.append(str(p))
    script = (
        "import sys\n"
        "from treatylang.model import load_instruments\n"
        "from treatylang.scenarios.load import load_scenario\n"
        "from treatylang.check.engine import evaluate\n"
        "from treatylang.report import CheckRun\n"
        "from treatylang.report.json_report import render\n"
        f"m = load_instruments({list(SHIPPED_INSTRUMENTS)!r})\n"
        "for p in sys.argv[1:]:\n"
        "    s = load_scenario(p, m)\n"
        "    r = evaluate(m, [i for i in m.instruments], list(s.events), s.declared, s.as_of)\n"
        "    sys.stdout.write(render([CheckRun(r, m, p)]))\n"
    )
    outs = []
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, env=env,
                              check=False)
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout)
    assert outs[0] == outs[1]


#: Case(scenario, an irrelevant event inside its timeline, or None) for the
#: irrelevance law.
IRRELEVANT_CASES = MIXED.flatmap(_with_irrelevant)
#: Scenarios for the removal law: mostly ones with violations.
REMOVAL = st.one_of(FORBIDDEN, AGGRESSION, ANY)
#: Scenarios for the refinement law: mostly ones with attributes left out.
REFINEMENT = st.one_of(ATTRIBUTES, FORBIDDEN, ANY)


@given(ORDER_CASES)
def test_input_order_does_not_matter(case):
    """Events with distinct timestamps, passed in any order (with `seq`
    renumbered to that order), and as a time-ordered stream, give the same
    report."""
    law_order(*case)


@given(IRRELEVANT_CASES)
def test_irrelevant_event_changes_no_verdict(case):
    """An event of an action no clause, situation or obligation uses
    (`humanitarian_aid`, `deploy_forces`, or a CAMEO code none of the clauses'
    actions covers), dated inside the timeline, changes no verdict."""
    law_irrelevant_event(*case)


@given(REMOVAL)
def test_removing_the_only_violating_event_removes_the_violation(sc):
    """For every violated prohibition instance with a single violating event,
    the timeline without that event does not violate that instance."""
    event(f"violations with a single event: {min(law_removal(sc), 3)}{'+' * (law_removal(sc) >= 3)}")


@given(MIXED, st.sampled_from(YEARS))
def test_shifting_all_dates_by_28_years_shifts_the_verdicts(sc, years):
    """Moving the timeline and the instruments by the same multiple of 28
    years (so weekdays, leap days and month lengths all line up) moves every
    date in the verdicts by that much and changes nothing else."""
    law_translation(sc, years)


@given(REFINEMENT)
def test_missing_attributes_never_decide_a_verdict(sc):
    """Filling in an attribute an event left out never changes a definite
    verdict: a verdict is never `violated` where some filling could make it
    compliant, and never compliant where some filling could make it violated."""
    tried = law_refinement(sc)
    event("fillings tried: " + ("0" if not tried else "1-9" if tried < 10 else "10+"))
    event("unknown verdicts: " + str(any(v.status == "unknown" for v in sc.check().verdicts)))


#: Imprecise dates around the treaties' dates, aggressions and aid.
IMPRECISE = st.one_of(
    scenarios(MODEL, imprecise_dates=True, start=_dt.date(1995, 1, 1), end=_dt.date(2027, 12, 31)),
    scenarios(MODEL, imprecise_dates=True, actions=["use_force", "ceasefire", "assist"], reports=True,
              duplicates=True, actors=("RUS", "IRN", "USA", "ISIS", "ABC"), start=_dt.date(2003, 1, 1),
              end=_dt.date(2003, 6, 30), min_events=2, max_events=6, notices=True, near_boundaries=False),
    scenarios(MODEL, imprecise_dates=True, actions=["use_force", "ceasefire", "assist", "lay_seabed_pipeline"],
              actors=("RUS", "IRN", "USA"), start=_dt.date(2003, 1, 1), end=_dt.date(2003, 12, 31), min_events=2,
              max_events=6, notices=True, near_boundaries=False),
)


@given(IMPRECISE)
def test_imprecise_dates_never_decide_a_violation(sc):
    """A violation survives giving any imprecise event a precise day inside
    its range (the date analogue of the attribute law above): if the act could
    have happened on a day that makes it compliant, the verdict must not be
    `violated`."""
    tried = law_date_refinement(sc)
    event("days tried: " + ("0" if not tried else "1-9" if tried < 10 else "10+"))


@given(REPORTS)
def test_missing_reports_and_roles_never_decide_a_violation(sc):
    """A violation survives saying that a machine-coded report is
    corroborated, or in what role its actor acted, and a compliant verdict
    does too: no verdict rests on a single report, an actor's role the data
    does not give, or an actor that may not be a state."""
    tried = law_report_refinement(sc)
    event("fillings tried: " + ("0" if not tried else "1-9" if tried < 10 else "10+"))


@given(st.one_of(UNTIMED, SAME_DAYS, REPORTS, ANY))
def test_missing_times_never_decide_a_violation(sc):
    """A violation survives giving any untimed event of a precise day any time
    of day, and a compliant verdict does too: the order of a day's events is
    not known from the file, so no verdict may rest on it."""
    tried = law_time_refinement(sc)
    event("times tried: " + ("0" if not tried else "1-9" if tried < 10 else "10+"))


def test_date_refinement_law_on_the_counterexample_of_d21():
    """The date law on the timeline hypothesis once found against it: two
    attacks on 1 January 2003 (one dated only by month), aid on 1 February."""
    model, ids = resolve_model(["ru_ir_2001"])
    p = lambda: Provenance("<generated>", 0)  # noqa: E731
    events = [Event(_dt.date(2003, 1, 1), "RUS", "IRN", action="use_force", provenance=p()),
              Event(_dt.date(2003, 1, 1), "RUS", "IRN", action="use_force", provenance=p()),
              Event(_dt.date(2003, 1, 1), "USA", "IRN", action="use_force", last_day=_dt.date(2003, 1, 31),
                    precision="month", provenance=p()),
              Event(_dt.date(2003, 1, 1), "USA", "IRN", action="use_force", provenance=p()),
              Event(_dt.date(2003, 2, 1), "RUS", "USA", action="assist", provenance=p())]
    sc = GeneratedScenario(ids, model=model).with_events(events)
    assert any(v.status == "violated" for v in sc.check().verdicts if v.clause == "no_aid_to_aggressor")
    law_date_refinement(sc)


def test_date_refinement_law_on_deviation_d14():
    """The date law on the timeline of former deviation D14: a ceasefire known
    only to the month may come after aid given in that month, so that aid is
    `unknown`, not silently compliant."""
    model, ids = resolve_model(["ru_ir_2001"])
    events = [Event(_dt.date(2003, 3, 1), "USA", "IRN", action="use_force", provenance=Provenance("<generated>", 0)),
              Event(_dt.date(2003, 4, 1), "USA", "IRN", action="ceasefire", last_day=_dt.date(2003, 4, 30),
                    precision="month", provenance=Provenance("<generated>", 0)),
              Event(_dt.date(2003, 4, 10), "RUS", "USA", action="assist", provenance=Provenance("<generated>", 0))]
    sc = GeneratedScenario(ids, model=model).with_events(events)
    law_date_refinement(sc)


@given(ANY)
def test_printed_scenario_checks_the_same(sc):
    """`to_scenario_text()` prints a scenario that parses, loads against the
    model without errors and gives the same verdicts: a falsifying example can
    be pasted into examples/ as is."""
    law_printing(sc)


def test_shift_model_moves_every_instrument_date():
    """The date-shifting helper of the translation law moves every date the
    shipped instruments name (a guard against a new date field it misses)."""
    moved = shift_model(MODEL, 28)
    for name, d in MODEL.instruments.items():
        m = moved.instruments[name]
        for field in ("signed", "in_force"):
            if getattr(d, field) is not None:
                assert getattr(m, field) == shift_day(getattr(d, field), 28)
        for a, b in zip(d.clauses, m.clauses):
            for field in ("window_from", "window_until", "deadline"):
                if getattr(a, field) is not None:
                    assert getattr(b, field) == shift_day(getattr(a, field), 28)
    date_fields = {f.name for f in attrs.fields(type(next(iter(MODEL.instruments.values()))))
                   if "date" in str(f.type) or f.name in ("superseded", "withdrawn", "premises", "ratifications")}
    assert date_fields <= {"signed", "in_force", "superseded", "withdrawn", "reinstated", "terminated", "premises",
                           "ratifications"}, date_fields
