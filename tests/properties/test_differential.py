"""Differential test: the engine against the reference evaluator.

Hypothesis draws random timelines — events from the instruments' own actions
(by name, by CAMEO code with sub-codes and near misses, by PLOVER type, mode
and contexts), the parties and third states, dates spread over 1994–2027 and
clustered around the dates the instruments care about (entry into force,
supersession, withdrawal, windows, deadlines, renewal periods), imprecise
dates, times of day, missing and malformed attributes, declared situations,
notices of termination, an optional `as of` — and checks that
`treatylang.check.evaluate` and tests/properties/reference.py
(docs/semantics.md transcribed) agree on the timeline's extent, on every
verdict's status and on the set of violating events of every instance. The
events are given to the engine shuffled: with distinct (day, time, file
order) the input order must not matter.

Uniformly random events rarely meet: an act of assistance and the aggression
it would help, a notice and the period end it decides. So a timeline also
holds *stories* built from the clauses themselves — the events that start a
clause's situations (or its `within` trigger), then acts by the actors its
bindings name, near the days where the clause or its permissions start or
stop applying; and *lifecycle stories* — a notice on a day that decides when
it takes effect, then acts on the days around the possible ends.

Properties:

* `test_engine_matches_reference_on_shipped_instruments`: the real instruments
  in treaties/, in random combinations;
* `test_engine_matches_reference_on_worked_examples`: the clause files of the
  worked examples (tests/semantics/examples), which exercise what the shipped
  instruments do not (`within`, `overrides`, terms, renewals, windows…);
* `test_engine_matches_reference_on_example_scenarios`: every scenario in
  examples/.

How many examples: the hypothesis profile's `max_examples` times a factor
(`ci` 25 × 8 = 200, `dev` 100 × 2 = 200, `thorough` 2,000 × 4 = 8,000 per
property; `TL_DIFF_FACTOR` overrides the factor), or exactly
`TL_DIFF_EXAMPLES` if set. Some 5–50 ms an example, mostly drawing it: `ci`
takes about 10 s, `thorough` about 8 minutes on two busy cores. A failure
prints the shrunk timeline in the worked examples' timeline format
(tests/semantics/timeline.py), ready to become a worked example or a
regression test.
"""
from __future__ import annotations

import datetime as _dt
import os
import random
from functools import lru_cache
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from treatylang.check import evaluate
from treatylang.events.model import Event, Provenance
from treatylang.model import Corroboration, Model, load_model

from .reference import evaluate_reference

ROOT = Path(__file__).resolve().parents[2]
TREATIES = sorted((ROOT / "treaties").glob("*.tl"))
# The worked examples, and the clause file of examples/ that uses issue 14's
# constructs together (the Sino-Russian treaty).
EXAMPLES = sorted((ROOT / "tests" / "semantics" / "examples").glob("*.tl")) + [
    ROOT / "examples" / "sino_russian_2001.tl"]
SHIPPED = tuple(sorted(Path(p).stem for p in TREATIES if Path(p).stem not in ("vocabulary", "unsc_iran")))
THIRD_STATES = ("AZE", "ISR", "KAZ", "SAU", "GBR")
# Actors that are not states, or may not be: a CAMEO region, an armed group,
# a three-letter code the country tables do not know.
NON_STATES = ("EUR", "ISIS", "ABC")
ROLE_SETS = ((), ("GOV",), ("MIL",), ("CVL",), ("GOV", "CVL"), ("REB",))
NOTICE = "notice_of_termination"


# Examples per property = the profile's max_examples × this factor: the
# differential test is the evaluator's main net, so it runs more examples than
# the profile's default — without making the everyday `dev` run slow.
FACTOR = {"ci": 8, "dev": 2, "thorough": 4}


def _max_examples() -> int:
    if os.environ.get("TL_DIFF_EXAMPLES"):
        return int(os.environ["TL_DIFF_EXAMPLES"])
    try:
        settings.get_profile("ci")  # the project's profiles (tests/conftest.py) are loaded
    except Exception:  # pragma: no cover - conftest absent
        return 300
    profile = os.environ.get("HYPOTHESIS_PROFILE", "dev")
    return settings.default.max_examples * int(os.environ.get("TL_DIFF_FACTOR", FACTOR.get(profile, 2)))


DIFF_SETTINGS = settings(max_examples=_max_examples(), deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@lru_cache(maxsize=None)
def shipped_model() -> Model:
    return load_model(TREATIES)


@lru_cache(maxsize=None)
def example_model(path: str) -> Model:
    return load_model([path])


# ----------------------------------------------------------------- what to draw from


def _key_dates(model: Model) -> list[_dt.date]:
    """Dates where the instruments change: the boundaries worth hitting."""
    out = set()
    for ins in model.instruments.values():
        for d in (ins.signed, ins.in_force):
            if d:
                out.add(d)
        if ins.superseded:
            out.add(ins.superseded[1])
        out.update(d for _, d in ins.withdrawn)
        # §3.8, §3.9, §15: reinstatement, termination, the life-cycle
        # statements under readings.
        out.update(d for d in (ins.reinstated, ins.terminated) if d)
        for p in ins.premises:
            v = p.value[1] if isinstance(p.value, tuple) and len(p.value) == 2 else p.value
            if isinstance(v, _dt.date):
                out.add(v)
        if ins.in_force and ins.term:
            # Period ends (and a year before them), whatever the renewal rule.
            y = ins.in_force.year + ins.term[0] * (1 if ins.term[1] == "year" else 0)
            for k in range(4):
                year = y + k * (ins.renew[0] if ins.renew and ins.renew[1] == "year" else 5)
                if year < 2040:
                    out.add(ins.in_force.replace(year=year))
                    out.add(ins.in_force.replace(year=year - 1))
        for c in ins.clauses:
            for d in (c.window_from, c.window_until, c.deadline):
                if d:
                    out.add(d)
            for cond in c.when + c.unless:
                if isinstance(cond.value, _dt.date):
                    out.add(cond.value)
    return sorted(out)


def _codes(model: Model) -> list[str]:
    """CAMEO codes to draw: those mapped, their sub-codes, and near misses."""
    out = set()
    for a in model.actions.values():
        for c in a.cameo:
            out.add(c)
            out.add(c + "1")
            out.add(c + "0")
            out.add(c[:-1] if len(c) > 2 else c)  # the parent: wider than the mapping
            out.add(c[:-1] + str((int(c[-1]) + 1) % 10))  # a sibling
    out.update(("073", "061", "057", "130", "139", "150", "0871", "0872", "087", "190", "18", "20"))
    return sorted(out)


def _plover(model: Model) -> list[tuple[str, str | None, str | None]]:
    """PLOVER descriptions to draw: (event, mode, contexts), from the mappings,
    with the qualifier as a context, as the mode, among other contexts, or absent."""
    out = set()
    for a in model.actions.values():
        for e, q in a.plover:
            out |= {(e, None, q), (e, q, None), (e, None, f"economic;{q}" if q else "economic"), (e, None, None),
                    (e, None, "other")}
    out |= {("AID", None, "humanitarian"), ("ASSAULT", None, "military"), ("RETREAT", "ceasefire", "military")}
    return sorted(out, key=repr)


class Universe:
    """Everything a timeline for `model` is drawn from."""

    def __init__(self, model: Model, ids: tuple[str, ...]):
        self.model = model
        self.ids = ids
        self.parties = sorted({p for i in ids for p in model.instruments[i].party_codes})
        self.states = self.parties + [s for s in THIRD_STATES if s not in self.parties]
        self.others = [s for s in NON_STATES if s not in self.states]
        # Members of named sets are states the clauses talk about too.
        self.states += sorted({m for k in model.sets.values() for m in k.members} - set(self.states))
        self.actions = sorted(model.actions)
        self.codes = _codes(model)
        self.plover = _plover(model)
        self.key_dates = _key_dates(model)
        self.situations = sorted(model.situations)


# ----------------------------------------------------------------- strategies
#
# Strategies are built once per universe (building them per draw is what makes
# hypothesis slow). An event is drawn as a *spec* whose day may be relative to
# one of the scenario's cluster centres; `scenarios` resolves it.

LO, HI = _dt.date(1994, 1, 1), _dt.date(2027, 12, 31)


def _clamp(d: _dt.date) -> _dt.date:
    return min(max(d, LO), HI)


def _positions(u: Universe, ins_parties, who, kinds) -> st.SearchStrategy:
    """States likely to fill position `who` (a Who, or None for no target)."""
    parties = list(ins_parties) or u.parties
    third = [s for s in u.states if s not in parties][:3]  # few, so that acts and situations meet
    if who is None:
        return st.one_of(st.none(), st.sampled_from(u.states))
    if who.kind == "code":
        return st.just(who.name)
    if who.kind == "member":
        return st.sampled_from(list(who.group.ordered) + third[:1])  # members, and a near miss
    kind = {"any_state": "state", "any_party": "party", "any_third_state": "third_state",
            "other": "party", "parties": "party"}.get(who.kind) or kinds.get(who.name, "state")
    if hasattr(kind, "ordered"):  # a named set
        return st.sampled_from(list(kind.ordered) + third[:1])
    pool = parties if kind == "party" else third if kind == "third_state" else u.states
    return st.sampled_from(pool or u.states)


def _templates(u: Universe, ids=None) -> list[tuple[str, st.SearchStrategy, st.SearchStrategy]]:
    """(action, actor, target) patterns taken from the clauses (of `ids`, or
    all) and, if `ids` is not given, from the situations."""
    out = []
    for iid in ids or u.ids:
        ins = u.model.instruments[iid]
        for c in ins.clauses:
            if c.declaratory or c.modality is None or c.holds is not None:
                continue  # a standing state is not an act: its situation's triggers are drawn below
            kinds = {v: k for v, k, _ in c.vars}
            # A joint act (`the parties`) is an act between two parties.
            target = c.subject if c.subject.kind == "parties" else c.target
            out.append((c.action, _positions(u, ins.party_codes, c.subject, kinds),
                        _positions(u, ins.party_codes, target, kinds)))
            if c.within:
                pat = c.within[2]
                out.append((pat.action, _positions(u, ins.party_codes, pat.actor, kinds),
                            _positions(u, ins.party_codes, pat.target, kinds)))
    for sdef in (u.model.situations.values() if ids is None else ()):
        kinds = dict(sdef.params)
        for pat in sdef.starts + sdef.ends:
            out.append((pat.action, _positions(u, u.parties, pat.actor, kinds),
                        _positions(u, u.parties, pat.target, kinds)))
    return out


def _attr_value(kind, values) -> st.SearchStrategy:
    if kind == "enum":
        return st.sampled_from(list(values) * 3 + ["bogus"])
    if kind == "date":
        return st.one_of(
            st.tuples(st.sampled_from([_dt.date(1995, 6, 30), _dt.date(2001, 1, 1)]), st.integers(-3, 3)).map(
                lambda t: (t[0] + _dt.timedelta(days=t[1])).isoformat()),
            st.dates(_dt.date(1985, 1, 1), _dt.date(2010, 12, 31)).map(_dt.date.isoformat),
            st.dates(_dt.date(1985, 1, 1), _dt.date(2010, 12, 31)).map(lambda d: d.isoformat()[:7]),
            st.sampled_from(["1994", "not-a-date"]),
        )
    return st.sampled_from(["military", "drill", "rescue", "defensive", "x"])


def _attrs(u: Universe, action: str) -> st.SearchStrategy:
    adef = u.model.actions.get(action)
    if adef is None or not adef.attrs:
        return st.just({})
    # A role (a third participant) takes a state: a party, a third state, a set member.
    return st.fixed_dictionaries({}, optional={
        n: st.sampled_from(u.states) if t.kind == "role" else _attr_value(t.kind, t.values)
        for n, t in adef.attrs.items()})


def _day_spec(u: Universe) -> st.SearchStrategy:
    near_key = st.tuples(st.just("key"), st.sampled_from(u.key_dates or [LO]), st.sampled_from([-1, 0, 0, 0, 1, 2, -7]))
    centre = st.tuples(st.just("centre"), st.integers(0, 2), st.one_of(st.integers(-3, 3), st.integers(-60, 60)))
    anywhere = st.tuples(st.just("any"), st.dates(LO, HI), st.just(0))
    return st.one_of(centre, centre, near_key, anywhere)


@lru_cache(maxsize=None)
def _event_specs(u: Universe) -> st.SearchStrategy:
    plover = st.one_of(st.just(None), st.just(None), st.just(None), st.sampled_from(u.plover)) if u.plover else st.none()
    when = st.tuples(_day_spec(u), st.sampled_from(["day"] * 8 + ["month", "year"]),
                     st.one_of(st.none(), st.none(), st.none(), st.sampled_from(["00:00", "09:30", "12:00", "23:59"])))
    templates = _templates(u)
    templated = st.one_of([
        st.tuples(st.just("action"), st.just(a), actor, target, _attrs(u, a), plover)
        for a, actor, target in templates]) if templates else st.nothing()
    any_state = st.sampled_from(u.states)
    maybe_target = st.one_of(st.none(), any_state, any_state, any_state)
    named = st.one_of([st.tuples(st.just("action"), st.just(a), any_state, maybe_target, _attrs(u, a), plover)
                       for a in u.actions])
    coded = st.tuples(st.just("cameo"), st.sampled_from(u.codes), any_state, maybe_target, st.just({}), plover)
    notice = st.tuples(st.just("notice"), st.one_of(st.none(), st.sampled_from(list(u.ids) + ["elsewhere"])),
                       st.one_of(st.sampled_from(u.parties or u.states), any_state), maybe_target,
                       st.just({}), st.none())
    what = st.one_of(templated, templated, templated, named, coded, coded, notice)
    # A link ties the event to an earlier one: its day (plus a few days) and
    # some of its actors, so that acts meet the situations they depend on
    # (`AZE use_force IRN`, then `RUS assist AZE`).
    link = st.one_of(st.none(), st.tuples(st.integers(1, 4), st.sampled_from(["keep", "actor", "target"]),
                                          st.sampled_from(["keep", "actor", "target"]),
                                          st.sampled_from([0, 0, 0, 1, 2, 7, 30])))
    return st.tuples(when, what, link)


def _bound(who, env: dict, parties) -> str | None:
    """The state that position `who` stands for under `env` (None: not fixed)."""
    if who is None:
        return None
    if who.kind == "code":
        return who.name
    if who.kind == "var":
        return env.get(who.name)
    if who.kind == "other" and env.get(who.name) in parties and len(parties) == 2:
        return [p for p in parties if p != env[who.name]][0]
    return None


@st.composite
def _story(draw, u: Universe, iid: str, c):
    """A little story in which clause `c` has something to judge: the events
    that start its situations (or its `within` trigger), one to three acts of
    the clause's action by the actors the bindings say, and perhaps the end of
    a situation. Items: (day offset, precision, time, action, actor, target, attrs)."""
    ins = u.model.instruments[iid]
    parties = ins.party_codes
    third = [s for s in u.states if s not in parties][:3]
    pool = {"party": list(parties), "third_state": third, "state": u.states}
    env = {v: draw(st.sampled_from(list(kind.ordered) if hasattr(kind, "ordered") else pool.get(kind, u.states)))
           for v, kind, _ in c.vars}
    any_state = st.sampled_from(u.states)
    precision = st.sampled_from(["day"] * 6 + ["month", "year"])
    time = st.one_of(st.none(), st.none(), st.sampled_from(["09:30", "12:00"]))
    items = []
    ends = []
    for su in list(c.situations) + [x for x in (c.within_situation[3] if c.within_situation else None, c.holds)
                                    if x is not None]:
        sdef = u.model.situations[su.name]
        senv = {}
        for w, (pname, _) in zip(su.args, sdef.params):
            senv[pname] = (env.get(w.name) if w.kind == "var" else w.name if w.kind == "code"
                           else draw(st.sampled_from(w.group.ordered)) if w.kind == "member" else draw(any_state))
        if sdef.starts:
            pat = draw(st.sampled_from(sdef.starts))
            items.append((0, draw(precision), draw(time), pat.action, _bound(pat.actor, senv, u.parties)
                          or draw(any_state), _bound(pat.target, senv, u.parties), {}))
        if sdef.ends:
            pat = draw(st.sampled_from(sdef.ends))
            ends.append((pat.action, _bound(pat.actor, senv, u.parties) or draw(any_state),
                         _bound(pat.target, senv, u.parties)))
    if c.within is not None:
        pat = c.within[2]
        items.append((0, draw(precision), draw(time), pat.action, _bound(pat.actor, env, parties) or draw(any_state),
                      _bound(pat.target, env, parties) or (draw(any_state) if pat.target else None), {}))
    offsets = st.sampled_from([0, 0, 0, 1, 5, 20, 45, 400])
    for _ in range(draw(st.integers(1, 3)) if c.action else 0):
        actor = _bound(c.subject, env, parties) or draw(any_state)
        target = (_bound(c.target, env, parties) or draw(any_state)) if c.target else draw(st.one_of(st.none(), any_state))
        if c.subject.kind == "parties":  # a joint act, mostly between two parties
            actor, target = draw(st.sampled_from(parties)), draw(st.sampled_from(list(parties) + [target]))
        items.append((draw(offsets), draw(precision), draw(time), c.action, actor, target, draw(_attrs(u, c.action))))
    for action, actor, target in ends:
        if draw(st.booleans()):
            items.append((draw(offsets), draw(precision), draw(time), action, actor, target, {}))
    if draw(st.booleans()):
        items.reverse()  # same-day events in the other file order
    # Mostly while the instrument is in force (None: wherever the scenario is).
    lo = max(ins.in_force or LO, LO)
    hi = min(ins.superseded[1] if ins.superseded else HI, HI)
    near_key = st.tuples(st.sampled_from(u.key_dates), st.sampled_from([-1, 0, 0, 1])).map(
        lambda t: _clamp(t[0] + _dt.timedelta(days=t[1]))) if u.key_dates else st.none()
    own = _own_dates(u, ins, c)
    near_own = st.tuples(st.sampled_from(own), st.sampled_from([-1, 0, 0, 1])).map(
        lambda t: _clamp(t[0] + _dt.timedelta(days=t[1]))) if own else near_key
    base = draw(st.one_of(st.none(), st.dates(lo, max(lo, hi)), near_key, near_own, near_own)) if ins.in_force \
        else draw(st.one_of(st.none(), near_key))
    return base, items


def _own_dates(u: Universe, ins, c) -> list[_dt.date]:
    """The days where clause `c` (or a permission that may excuse it) starts or
    stops applying, or falls due."""
    related = [c] + [p for i in u.ids for p in u.model.instruments[i].clauses
                     if p.modality == "may" and p.action == c.action]
    out = {d for x in related for d in (x.window_from, x.window_until, x.deadline) if d}
    # A permission applies only while its own instrument is in force (one
    # that prevails over c's, say): its entry into force and end count too.
    for i in [ins] + [u.model.instruments[iid] for iid in sorted({x.instrument for x in related[1:]})]:
        out |= {d for d in (i.in_force, i.superseded[1] if i.superseded else None) if d}
    out |= {d for _, d in ins.withdrawn} | set(_period_ends(ins))
    return sorted(d for d in out if LO <= d <= HI)


@lru_cache(maxsize=None)
def _story_specs(u: Universe) -> st.SearchStrategy:
    stories = [_story(u, iid, c) for iid in u.ids for c in u.model.instruments[iid].clauses
               if not c.declaratory and c.modality is not None]
    return st.one_of(stories) if stories else st.nothing()


def _period_ends(ins) -> list[_dt.date]:
    """The ends of an instrument's first periods (its term, then renewals)."""
    if not (ins.in_force and ins.term):
        return []
    months = {"year": 12, "month": 1}
    out, day = [], ins.in_force
    for k in range(4 if ins.renew else 1):
        amount, unit = ins.term if k == 0 else ins.renew
        if unit in months:
            m = day.month - 1 + amount * months[unit]
            try:
                day = day.replace(year=day.year + m // 12, month=m % 12 + 1)
            except ValueError:  # 29 February and the like: not worth the trouble here
                break
        else:
            day = day + _dt.timedelta(days=amount * (7 if unit == "week" else 1))
        out.append(day)
    return [d for d in out if d <= HI]


@st.composite
def _lifecycle_story(draw, u: Universe, iid: str):
    """A notice given on a day that decides when it takes effect (a period's
    end minus the notice period, the period's end itself, or any day when the
    instrument has no renewal rule), then acts of the instrument's clauses on
    the days around the possible ends. Items as in `_story`, with absolute days."""
    ins = u.model.instruments[iid]
    ends = _period_ends(ins)
    lo = min(max(ins.in_force, LO), HI)
    notice_days = []
    for e in ends:
        notice_days.append(e)
        if ins.notice and ins.notice[1] == "year":
            notice_days.append(e.replace(year=e.year - ins.notice[0]))
    day = draw(st.one_of(st.sampled_from(notice_days), st.dates(lo, HI)) if notice_days else st.dates(lo, HI))
    day = _clamp(day + _dt.timedelta(days=draw(st.sampled_from([-1, 0, 0, 1]))))
    items = [(day, "day", None, NOTICE, draw(st.sampled_from(ins.party_codes)), None,
              {"instrument": iid} if draw(st.integers(0, 3)) else {})]
    later = ends + [day]
    if ins.withdrawal_notice and ins.withdrawal_notice[1] in ("month", "year"):
        n, unit = ins.withdrawal_notice
        m = day.month - 1 + n * (12 if unit == "year" else 1)
        try:
            later.append(day.replace(year=day.year + m // 12, month=m % 12 + 1))
        except ValueError:
            pass
    templates = [t for t in _templates(u, (iid,)) if t[0] != NOTICE] or _templates(u)
    for _ in range(draw(st.integers(1, 3))):
        action, actor, target = draw(st.sampled_from(templates))
        when = _clamp(draw(st.sampled_from(later)) + _dt.timedelta(days=draw(st.sampled_from([-1, 0, 0, 1]))))
        items.append((when, "day", None, action, draw(actor), draw(target), draw(_attrs(u, action))))
    return items


@lru_cache(maxsize=None)
def _lifecycle_specs(u: Universe) -> st.SearchStrategy:
    per = [_lifecycle_story(u, iid) for iid in u.ids
           if u.model.instruments[iid].in_force and u.model.instruments[iid].party_codes
           and any(not c.declaratory and c.modality for c in u.model.instruments[iid].clauses)]
    return st.one_of(per) if per else st.nothing()


@lru_cache(maxsize=None)
def _notice_specs(u: Universe) -> st.SearchStrategy:
    """A notice of termination by a party, near a date where it matters (a
    period's end, a year before it, entry into force…)."""
    per = []
    for iid in u.ids:
        ins = u.model.instruments[iid]
        if ins.party_codes and u.key_dates:
            per.append(st.tuples(st.sampled_from(u.key_dates), st.sampled_from([-1, 0, 0, 1]),
                                 st.sampled_from(ins.party_codes), st.sampled_from([iid, iid, iid, None])))
    return st.one_of(per) if per else st.nothing()


@lru_cache(maxsize=None)
def _ratification_specs(u: Universe) -> st.SearchStrategy:
    """A ratification by a party of an instrument in force on ratification
    (the 2018 Caspian Convention: Iran's, hypothetically), on any day or an
    imprecise one."""
    per = []
    for iid, ins in u.model.instruments.items():
        if ins.entry is not None and ins.party_codes:
            per.append(st.tuples(_day_spec(u), st.sampled_from(["day", "day", "month"]),
                                 st.sampled_from(ins.party_codes), st.just(iid)))
    return st.one_of(per) if per else st.nothing()


@lru_cache(maxsize=None)
def _declared_specs(u: Universe) -> st.SearchStrategy:
    if not u.situations:
        return st.just(None)
    per = []
    for name in u.situations:
        params = u.model.situations[name].params
        args = st.tuples(*[st.sampled_from(list(k.ordered) + u.states[:1] if hasattr(k, "ordered")
                                           else u.states if k != "party" else (u.parties or u.states))
                           for _, k in params]) if params else st.just(())
        per.append(st.tuples(st.just(name), args))
    return st.tuples(st.one_of(per), _day_spec(u), st.one_of(st.none(), st.integers(0, 60), st.integers(0, 800)))


def _resolve_day(spec, centres) -> _dt.date:
    kind, base, off = spec
    if kind == "centre":
        base = centres[base % len(centres)]
    return _clamp(base + _dt.timedelta(days=off))


def _make_event(k: int, spec, centres, earlier: list[Event]) -> Event:
    (dayspec, precision, time), (kind, what, actor, target, attrs, plover), link = spec
    day = _resolve_day(dayspec, centres)
    if link is not None and k - link[0] >= 0:
        ref = earlier[k - link[0]]
        pick = {"keep": None, "actor": ref.actor, "target": ref.target}
        actor = pick[link[1]] or actor
        target = pick[link[2]] if link[2] != "keep" else target
        day = _clamp(ref.day + _dt.timedelta(days=link[3]))
    last = None
    if precision == "month":
        day = day.replace(day=1)
        last = (day.replace(day=28) + _dt.timedelta(days=4)).replace(day=1) - _dt.timedelta(days=1)
        time = None
    elif precision == "year":
        day, last = day.replace(month=1, day=1), day.replace(month=12, day=31)
        time = None
    attrs = dict(attrs)
    action = code = None
    if kind in ("notice", "ratification"):
        action = NOTICE if kind == "notice" else "ratification"
        if what is not None:
            attrs["instrument"] = what
    elif kind == "action":
        action = what
    else:
        code = what
    if plover is not None:
        attrs["plover_event"] = plover[0]
        if plover[1]:
            attrs["plover_mode"] = plover[1]
        if plover[2]:
            attrs["plover_context"] = plover[2]
    return Event(day, actor, target, code, action, tuple(sorted(attrs.items())), last, precision, time, k,
                 Provenance("<generated>", k + 1))


@st.composite
def scenarios(draw, u: Universe):
    """(events, declared, as_of, ids) for universe `u`."""
    ids = tuple(draw(st.lists(st.sampled_from(u.ids), min_size=1, max_size=len(u.ids), unique=True)))
    centres = draw(st.lists(st.one_of(
        st.tuples(st.sampled_from(u.key_dates or [LO]), st.integers(-400, 400)).map(
            lambda t: _clamp(t[0] + _dt.timedelta(days=t[1]))),
        st.dates(LO, HI)), min_size=3, max_size=3))
    specs = draw(st.lists(_event_specs(u), max_size=30))
    events: list[Event] = []
    for k, spec in enumerate(specs):
        events.append(_make_event(k, spec, centres, events))
    for base, items in draw(st.lists(_story_specs(u), max_size=4)):
        if base is None:
            base = draw(_day_spec(u).map(lambda s: _resolve_day(s, centres)))
        for offset, precision, time, action, actor, target, attrs in items:
            spec = ((("any", base, offset), precision, time), ("action", action, actor, target, attrs, None), None)
            events.append(_make_event(len(events), spec, centres, events))
    # (an instrument binding all states has no party to give a notice)
    lspecs, nspecs = _lifecycle_specs(u), _notice_specs(u)
    for items in (draw(st.lists(lspecs, max_size=1)) if not lspecs.is_empty else []):
        for day, precision, time, action, actor, target, attrs in items:
            if action == NOTICE:
                spec = ((("any", day, 0), precision, time), ("notice", attrs.get("instrument"), actor, None, {}, None),
                        None)
            else:
                spec = ((("any", day, 0), precision, time), ("action", action, actor, target, attrs, None), None)
            events.append(_make_event(len(events), spec, centres, events))
    for day, off, actor, iid in (draw(st.lists(nspecs, max_size=2)) if not nspecs.is_empty else []):
        spec = ((("any", day, off), "day", None), ("notice", iid, actor, None, {}, None), None)
        events.append(_make_event(len(events), spec, centres, events))
    rspecs = _ratification_specs(u)
    for dayspec, precision, actor, iid in (draw(st.lists(rspecs, max_size=2)) if not rspecs.is_empty else []):
        spec = ((dayspec, precision, None), ("ratification", iid, actor, None, {}, None), None)
        events.append(_make_event(len(events), spec, centres, events))
    declared = []
    for d in draw(st.lists(_declared_specs(u), max_size=3)):
        if d is None:
            continue
        (name, args), dayspec, length = d
        start = _resolve_day(dayspec, centres)
        declared.append(Declared(name, args, start, None if length is None else start + _dt.timedelta(days=length)))
    events = draw(_coded(events, u))
    as_of = draw(st.one_of(st.none(), st.none(), _day_spec(u).map(lambda s: _resolve_day(s, centres))))
    ordered = draw(st.sampled_from([False, False, True]))  # `order as written`
    return events, declared, as_of, ids, ordered


_CODING = st.one_of(
    st.none(), st.none(), st.none(),
    st.tuples(st.sampled_from([1, 1, 2, 3]), st.sampled_from([1, 1, 2]), st.sampled_from(ROLE_SETS),
              st.sampled_from(ROLE_SETS), st.sampled_from(["20030101000000", "20030102000000", None]),
              st.sampled_from(["a.example", "b.example", None]), st.sampled_from([0, 0, 0, 1, 2])))


@st.composite
def _coded(draw, events: list[Event], u: Universe) -> list[Event]:
    """Make some events machine-coded reports (reports, sources, roles, a
    publication day, a source URL), some of them reported more than once;
    and put actors that are not states (or may not be) in a few."""
    out: list[Event] = []
    line = max((e.provenance.line for e in events), default=0)
    for e in events:
        if e.action != NOTICE and u.others and draw(st.integers(0, 15)) == 0:
            side = draw(st.sampled_from(["actor", "target"]))
            e = attrs.evolve(e, **{side: draw(st.sampled_from(u.others))})
        coding = draw(_CODING) if e.action != NOTICE else None
        if coding is None:
            out.append(e)
            continue
        reports, sources, aroles, troles, added, host, dups = coding
        extra = (("date_added", added),) if added else ()
        base = attrs.evolve(e, coded=True, reports=reports, sources=sources, actor_roles=aroles,
                            target_roles=troles if e.target else (), attrs=tuple(sorted(e.attrs + extra)),
                            provenance=Provenance("<generated>", e.provenance.line,
                                                  f"https://{host}/{e.provenance.line}" if host else None))
        out.append(base)
        for _ in range(dups):  # another report of the same act, from another row (and perhaps source)
            line += 1
            other = draw(st.sampled_from(["a.example", "c.example", None]))
            out.append(attrs.evolve(base, seq=line, provenance=Provenance(
                "<generated>", line, f"https://{other}/{line}" if other else None)))
    return out


class Declared:
    """A declared situation, as the engine expects one (name, args, start, until, source)."""

    __slots__ = ("name", "args", "start", "until", "source")

    def __init__(self, name, args, start, until, source=None):
        self.name, self.args, self.start, self.until, self.source = name, args, start, until, source


# ----------------------------------------------------------------- printing a counterexample


def _date_text(e: Event) -> str:
    if e.precision == "year":
        return f"{e.day.year:04d}"
    if e.precision == "month":
        return f"{e.day.year:04d}-{e.day.month:02d}"
    return e.day.isoformat() + (f" {e.time}" if e.time else "")


def timeline_text(events, declared, as_of, ids, ordered=False) -> str:
    """The scenario in the worked examples' timeline format (file order)."""
    lines = [f"check {', '.join(ids)}"] + (["order as written"] if ordered else [])
    for d in declared:
        args = f"({', '.join(d.args)})" if d.args else ""
        lines.append(f"situation {d.name}{args} from {d.start}" + (f" until {d.until}" if d.until else ""))
    for e in sorted(events, key=lambda e: e.seq):
        what = e.action if e.action else f"cameo {e.code}"
        actor = e.actor + (f"({', '.join(e.actor_roles)})" if e.actor_roles else "")
        target = [e.target + (f"({', '.join(e.target_roles)})" if e.target_roles else "")] if e.target else []
        parts = [f"e{e.provenance.line}", _date_text(e), actor, what] + target
        parts += [f"{k}={v}" for k, v in e.attrs]
        if e.coded:
            parts.append(f"# coded: {e.reports} reports, {e.sources} sources, {e.provenance.source}")
        lines.append("  ".join(parts))
    if as_of:
        lines.append(f"as of {as_of}")
    return "\n".join(lines)


# ----------------------------------------------------------------- comparing


def engine_table(model, result) -> dict:
    out = {}
    for v in result.verdicts:
        c = model.clause(v.clause_id)
        trig = None
        if c.within is not None and v.triggers and v.triggers[0].event is not None:
            trig = v.triggers[0].event.line
        elif c.within_situation is not None and v.triggers:
            t = v.triggers[0]  # several instances may start or end at one position: name the instance
            trig = (t.description, t.event.line if t.event is not None else t.start.isoformat())
        key = (v.clause_id, tuple(sorted(v.binding)), trig)
        assert key not in out, f"the engine gave two verdicts for {key}"
        viol = frozenset(f.event.line for f in v.findings if f.kind == "violation" and f.event is not None)
        out[key] = (v.status, viol)
    return out


def _trigger_id(ref, trig):
    """A reference trigger as engine_table names it: an event's line, or the
    day of a declared start or end."""
    if trig is None:
        return None
    if isinstance(trig, tuple):
        _, pos, day, what = trig
        return what, (ref.events[pos].provenance.line if pos is not None else day.isoformat())
    return ref.events[trig].provenance.line


def reference_table(ref) -> dict:
    out = {}
    for (cid, binding, trig), status in ref.status.items():
        key = (cid, tuple(sorted(binding)), _trigger_id(ref, trig))
        out[key] = (status, frozenset(e.provenance.line for e in ref.violating((cid, binding, trig))))
    return out


def _show(table: dict, keys) -> str:
    rows = []
    for k in sorted(keys, key=repr):
        if k in table:
            status, viol = table[k]
            by = " by " + ", ".join(f"e{x}" for x in sorted(viol)) if viol else ""
            trig = f" for e{k[2]}" if k[2] else ""
            rows.append(f"  {k[0]}({', '.join(f'{a}={b}' for a, b in k[1])}){trig} {status}{by}")
        else:
            rows.append(f"  {k[0]}{k[1]}: (no verdict)")
    return "\n".join(rows)


#: Corroboration asked for on the command line (None: what the clause files say).
_OVERRIDES = (None, None, None, Corroboration(1, 1, 1), Corroboration(2, 1, 1), Corroboration(1, 2, 2))


def check_agreement(model, events, declared, as_of, ids, seed: int, ordered: bool = False, readings=()) -> None:
    override = _OVERRIDES[seed % len(_OVERRIDES)]
    text = timeline_text(events, declared, as_of, ids, ordered)
    note("timeline:\n" + text + (f"\ncorroborated by {override} (command line)" if override else "")
         + (f"\nreadings: {', '.join(readings)}" if readings else ""))
    shuffled = list(events)
    random.Random(seed).shuffle(shuffled)  # input order never matters
    result = evaluate(model, ids, shuffled, declared, as_of, readings, ordered=ordered, corroboration=override)
    ref = evaluate_reference(model, ids, events, declared, as_of, ordered=ordered, corroboration=override,
                             readings=readings)
    assert (result.start, result.as_of) == (ref.start, ref.as_of), (
        f"timeline extent: engine {result.start}…{result.as_of}, reference {ref.start}…{ref.as_of}\n{text}")
    eng, rtab = engine_table(model, result), reference_table(ref)
    differ = {k for k in eng.keys() | rtab.keys() if eng.get(k) != rtab.get(k)}
    assert not differ, ("engine and reference disagree\n\ntimeline:\n" + text + "\n\nengine:\n" + _show(eng, differ)
                        + "\n\nreference:\n" + _show(rtab, differ))


# ----------------------------------------------------------------- the properties


@DIFF_SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**16))
def test_engine_matches_reference_on_shipped_instruments(data, seed):
    """Random timelines over the shipped instruments: the engine's verdicts and
    violating events equal the reference evaluator's, whatever the input order."""
    model = shipped_model()
    events, declared, as_of, ids, ordered = data.draw(scenarios(_shipped_universe()), label="timeline")
    readings = data.draw(reading_choices(model), label="readings")
    check_agreement(model, events, declared, as_of, ids, seed, ordered, readings)


def reading_choices(model: Model) -> st.SearchStrategy[tuple[str, ...]]:
    """One reading of each question (the default or another): docs/semantics.md §15."""
    per = [st.sampled_from(q.readings) for _, q in sorted(model.questions.items())]
    return st.tuples(*per) if per else st.just(())


@DIFF_SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**16))
def test_engine_matches_reference_on_worked_examples(data, seed):
    """Random timelines over the worked examples' clause files (within,
    overrides, terms, renewals, windows, `initially`, several instruments)
    and the Sino-Russian example's."""
    path = data.draw(st.sampled_from([str(p) for p in EXAMPLES]), label="clause file")
    model = example_model(path)
    events, declared, as_of, ids, ordered = data.draw(scenarios(_example_universe(path)), label="timeline")
    check_agreement(model, events, declared, as_of, ids, seed, ordered)


@lru_cache(maxsize=None)
def _shipped_universe() -> Universe:
    return Universe(shipped_model(), SHIPPED)


@lru_cache(maxsize=None)
def _example_universe(path: str) -> Universe:
    m = example_model(path)
    return Universe(m, tuple(m.instruments))


# ----------------------------------------------------------------- the shipped example scenarios

SCENARIOS = sorted((ROOT / "examples").glob("*.scenario")) + sorted((ROOT / "examples" / "arms").glob("*.scenario"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_engine_matches_reference_on_example_scenarios(path):
    """Every scenario in examples/: the engine and the reference agree, under
    the scenario's readings and under each reading its expectations name."""
    from treatylang.scenarios.load import load_scenario_and_model
    from treatylang.scenarios.runner import scenario_readings

    scenario, model = load_scenario_and_model(path)
    ids = tuple(model.instruments)
    for extra in {()} | {x.readings for x in scenario.expectations}:
        readings = scenario_readings(model, scenario, extra)
        result = evaluate(model, ids, list(scenario.events), scenario.declared, scenario.as_of, readings)
        ref = evaluate_reference(model, ids, list(scenario.events), scenario.declared, scenario.as_of,
                                 readings=readings)
        eng, rtab = engine_table(model, result), reference_table(ref)
        differ = {k for k in eng.keys() | rtab.keys() if eng.get(k) != rtab.get(k)}
        assert not differ, f"readings {readings}\nengine:\n{_show(eng, differ)}\nreference:\n{_show(rtab, differ)}"


def test_reference_keeps_few_combinations_of_notice_effects():
    """Four notices dated only by year, on an instrument with no term (VCLT
    Art. 56: perhaps twelve months after any day of the year) and on a
    political commitment (at once): the reference's combinations of possible
    ends stay few (at most one per possible earliest end, times the notices
    that may end it at once) instead of 367^4, and it agrees with the engine.
    A timeline like this once drove this test to 22 GB."""
    from .reference import Reference

    model = example_model(str(ROOT / "tests" / "semantics" / "examples" / "07b-what-a-notice-does.tl"))
    events = [Event(_dt.date(2004 + k, 1, 1), "RUS", None, None, NOTICE, (("instrument", "open"),),
                    _dt.date(2004 + k, 12, 31), "year", None, k, Provenance("<generated>", k + 1))
              for k in range(4)]
    events.append(Event(_dt.date(2006, 6, 1), "RUS", "IRN", None, "strike", (), None, "day", None, 4,
                        Provenance("<generated>", 5)))
    ref = Reference(model, ("open",), list(events))
    ends = ref.life["open"].possible_ends("RUS")
    assert 1 < len(ends) <= 4 * 367 + 1
    assert all(len(combo) <= 1 for combo in ends)  # only the earliest end is kept
    _agree(model, events, ("open",))

    # A political commitment: each notice ends it at once, whatever its day.
    model = example_model(str(ROOT / "tests" / "semantics" / "examples" / "07-notice-of-termination.tl"))
    events = [attrs.evolve(e, attrs=(("instrument", "js"),)) if e.action == NOTICE else e for e in events]
    ref = Reference(model, ("js",), list(events))
    assert len(ref.life["js"].possible_ends("RUS")) == 1
    _agree(model, events, ("js",))


def _agree(model, events, ids) -> None:
    """The engine and the reference give the same verdicts (outside hypothesis)."""
    eng = engine_table(model, evaluate(model, ids, list(events)))
    assert eng and eng == reference_table(evaluate_reference(model, ids, list(events)))
