"""A reference evaluator: docs/semantics.md transcribed, rule by rule.

It exists to be *obviously* right rather than fast: every step below names the
section of docs/semantics.md it transcribes, it re-scans the whole timeline
whenever it needs to know something (quadratic, and that is fine), and it
shares no evaluation code with treatylang/check/ — it reads only the resolved
model (`treatylang.model`), the event class and date parser
(`treatylang.events.model`), the country tables (`treatylang.events.countries`)
and the published CAMEO→PLOVER table (`treatylang.events.plover.crosswalk`),
data rather than evaluation. Time — the order of events and when an
instrument is in force — is in reference_time.py. The engine reasons with
intervals of moments; this module with pairwise relations between events
and by trying every day an imprecise notice may have been given on.
tests/properties/test_differential.py checks that the two agree on every
verdict of thousands of random timelines.

Where the engine does something that docs/semantics.md flags as a known
deviation (§14), this module does the same — so that the differential test
checks the documented behaviour — and the spot is marked `DEVIATION D<n>`.

Result: `evaluate_reference(...)` returns a `RefResult` whose `status` maps
(clause id, binding, trigger) to a status, and whose `violations` maps the same
key to the set of events whose findings are violations. `binding` is a tuple of
(variable, value) pairs in the clause's variable order; `trigger` is the
position of the triggering event of a `within` instance, `("situation",
position or None, day, "start of S(A, B)")` for one counted from a
situation's start or end, None otherwise. Events are named by
their position in `RefResult.events` (the timeline as read: sorted by day,
time and stated order, without the events after `as of`), because `Event` is
not hashable.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from dataclasses import dataclass, field

import attrs

from treatylang.events.model import Event, parse_date
from treatylang.model import ClauseDef, Corroboration, InstrumentDef, Model, Who

from .reference_time import (AFTER, BEFORE, DAY, Boundary, Final, Life, Span, WholeDay, may_precede, minus, plus,
                             relation)

NOTICE = "notice_of_termination"
RATIFICATION = "ratification"  # §3.8: a party's ratification in the timeline
BUILT_IN = (NOTICE, RATIFICATION)
DEFAULT_NEED = Corroboration(1, 2, 1)  # §2.1: two distinct sources, unless the clause file says otherwise


# ----------------------------------------------------------------- §2.1 acts and reports


def _source_of(p) -> str:
    return p.source or (repr(p.ids) if p.ids else f"{p.file}:{p.line}")


def _host_of(source):
    if not source:
        return None
    if "://" in source:
        rest = source.split("://", 1)[1]
        return rest.split("/", 1)[0].split("?", 1)[0].lower() or source
    return source


def merge_reports(events: list[Event]) -> tuple[list[Event], dict[int, int]]:
    """§2.1: machine-coded reports of the same act — same day (or range),
    time, actor, target, code or action, PLOVER description and roles — are
    one act: the first report in file order stands for it, with the others'
    provenance as evidence; it counts at least the most reports (sources) any
    one report gives, and one per distinct source (host); and the distinct
    days on which the reports were published. Returns the acts and, by id,
    their publication days."""
    out, days, groups = [], {}, {}
    for e in events:
        if not e.coded or e.action in BUILT_IN:
            out.append(e)
            continue
        ident = tuple(kv for kv in e.attrs if kv[0] in ("plover_event", "plover_mode", "plover_context"))
        key = (e.day, e.last_day, e.time, e.actor, e.target, e.code, e.action, e.actor_roles, e.target_roles, ident)
        groups.setdefault(key, []).append(e)
    for reps in groups.values():
        reps.sort(key=lambda e: (e.provenance.file, e.provenance.line, e.seq))
        provs = []
        for e in reps:
            for p in (e.provenance,) + tuple(e.also_reported):
                if p not in provs:
                    provs.append(p)
        first = reps[0]
        if len(reps) > 1 or first.also_reported:
            first = attrs.evolve(first, also_reported=tuple(provs[1:]),
                                 reports=max(max(e.reports for e in reps), len({_source_of(p) for p in provs})),
                                 sources=max(max(e.sources for e in reps),
                                             len({h for p in provs if (h := _host_of(p.source))})))
        out.append(first)
        days[id(first)] = max(1, len({a[:8] for e in reps if (a := e.attr("date_added"))}))
    return out, days


# ----------------------------------------------------------------- §15 readings


def chosen_readings(model: Model, names=()) -> frozenset:
    """§15.1: each question's default reading, with each named reading in
    place of the default of its own question."""
    chosen = {}
    for name, rd in sorted(model.readings.items()):
        if rd.default:
            chosen.setdefault(rd.question, name)
    for name in names:
        chosen[model.readings[name].question] = name
    return frozenset(chosen.values())


def holds_under(under, chosen: frozenset) -> bool:
    """§15.1: a statement marked `under R1, R2` holds if one of them is chosen."""
    return not under or bool(set(under) & chosen)


def with_derived(model: Model, e: Event, chosen: frozenset) -> Event:
    """§15.2: the attributes a derive table fills in, for an event that gives
    the source attribute and not the target."""
    if e.action is None or e.action not in model.actions:
        return e
    declared = model.actions[e.action].attrs
    attrs = dict(e.attrs)
    for d in model.derives:
        if d.target not in declared or d.source not in declared or attrs.get(d.target) not in (None, ""):
            continue
        for row in d.rows:
            if row.key == attrs.get(d.source) and holds_under(row.under, chosen):
                attrs[d.target] = row.value
    if attrs == dict(e.attrs):
        return e
    import attrs as _attrs

    return _attrs.evolve(e, attrs=tuple(sorted(attrs.items())))


# ----------------------------------------------------------------- §2 actions


def _covers(codes, code: str | None) -> bool:
    return bool(code) and any(len(c) >= 2 and code.startswith(c) for c in codes)


def _plover_matches(mapping, event: str | None, mode: str | None, contexts: str | None) -> bool:
    """A PLOVER mapping (event, qualifier) matches when the event type is the
    same and the qualifier, if any, is the event's mode or one of its contexts."""
    quals = {mode} | set((contexts or "").split(";"))
    return any(ev == event and (q is None or q in quals) for ev, q in mapping)


def actions_of(model: Model, e: Event) -> set[str]:
    """§2: the named action; for a CAMEO-coded event, the actions whose codes
    cover its code, and the PLOVER-only actions through the crosswalk; for a
    PLOVER-described event, the actions whose PLOVER types match, and the
    CAMEO-only actions through its code."""
    if e.action is not None:
        return {e.action}
    acts = model.actions.values()
    ev = e.attr("plover_event")
    if ev is None:
        out = {a.name for a in acts if _covers(a.cameo, e.code)}
        plover_only = [a for a in acts if a.plover and not a.cameo]
        if plover_only and e.code:
            from treatylang.events.plover import crosswalk  # the published table (data, not evaluation)

            p_ev, p_mode, p_ctx = crosswalk().to_plover(e.code) or (None, None, None)
            out |= {a.name for a in plover_only if p_ev and _plover_matches(a.plover, p_ev, p_mode, p_ctx)}
        return out
    out = {a.name for a in acts if ev and _plover_matches(a.plover, ev, e.attr("plover_mode"), e.attr("plover_context"))}
    out |= {a.name for a in acts if a.cameo and not a.plover and _covers(a.cameo, e.code)}
    return out


# ----------------------------------------------------------------- §6 actor positions


def is_state(code: str, day=None):
    """§6: what the country tables say a code is (on the event's day: a
    former state is one only while it existed) — a state, or not (a region,
    an organisation, a group, a role, a territory); anything that is not three
    capital letters is not a state; a three-letter code the tables do not
    know may be one (None)."""
    from treatylang.events import countries

    if re.fullmatch("[A-Z]{3}", code) is None:
        return False
    kind = countries.actor_kind(code, day)
    return True if kind == "state" else None if kind == "unknown" else False


def _kind_holds(kind: str, code: str, parties, day=None):
    """`party`: one of `parties`; `third_state`: a state that is not one of
    them; `state`: a state. Three-valued (see `is_state`). A named set (a
    kind with `members`): one of its members, whatever the instrument."""
    if hasattr(kind, "members"):
        return code in kind.members
    if kind == "party":
        return code in parties
    if kind == "third_state" and code in parties:
        return False
    return is_state(code, day)


def fill(pos: Who, code: str | None, env: dict, parties, kinds: dict, coded: bool = False, day=None):
    """§6: can `code` stand in position `pos`? (bindings extended, True or
    None for "only if it is a state"), or None if it cannot. In a fact the
    analyst asserts (not `coded`), a code that may be a state is one."""
    if code is None:
        return None  # an event without a target fills no target position
    env = dict(env)

    def kind_holds(kind, code, parties):
        ok = _kind_holds(kind, code, parties, day)
        return True if ok is None and not coded else ok

    if pos.kind == "code":
        return (env, True) if code == pos.name else None
    if pos.kind == "var":
        if pos.name in env:
            return (env, True) if env[pos.name] == code else None
        ok = kind_holds(kinds.get(pos.name, "state"), code, parties)
        if ok is False:
            return None
        env[pos.name] = code
        return env, ok
    if pos.kind == "parties":  # §11.4: one of the parties (the act must be between two of them)
        return (env, True) if code in parties else None
    if pos.kind == "other":
        if code not in parties or len(parties) != 2:
            return None
        other_of_code = [p for p in parties if p != code][0] if parties[0] != parties[1] else code
        if pos.name in env:
            return (env, True) if env[pos.name] == other_of_code else None
        env[pos.name] = other_of_code
        return env, True
    kind = pos.group if pos.kind == "member" else {
        "any_state": "state", "any_party": "party", "any_third_state": "third_state"}[pos.kind]
    ok = kind_holds(kind, code, parties)
    if ok is False:
        return None
    if pos.name:
        if pos.name in env:
            return (env, ok) if env[pos.name] == code else None
        env[pos.name] = code
    return env, ok


def fill_both(actor_pos, target_pos, e: Event, env: dict, parties, kinds):
    """Subject and target together: (bindings, True | None) or None."""
    got = fill(actor_pos, e.actor, env, parties, kinds, e.coded, e.day)
    if got is None:
        return None
    env, sure = got
    if target_pos is not None:
        got = fill(target_pos, e.target, env, parties, kinds, e.coded, e.day)
        if got is None:
            return None
        env, sure2 = got
        sure = True if (sure, sure2) == (True, True) else None
    return env, sure


# ----------------------------------------------------------------- §7 conditions


def cond_value(cond, e: Event, env: dict | None = None, parties=(), kinds=None):
    raw = e.attr(cond.attr)
    if raw is None or raw == "":
        return None  # missing: unknown
    if cond.role is not None:
        # §7: a role (a third participant) is an actor position: its value
        # must be of the role's kind and fill the position; `is` binds. In a
        # machine-coded report a code that may be a state only may fill it (§6).
        k = _kind_holds(cond.role, raw, parties)
        if k is None and not e.coded:
            k = True
        got = fill(cond.value, raw, env or {}, parties, kinds or {}, e.coded) if k is not False else None
        ok = False if got is None else True if (k, got[1]) == (True, True) else None
        if ok and cond.op == "is" and env is not None:
            env.update(got[0])
        if ok is None:
            return None
        return ok if cond.op == "is" else not ok
    if cond.op in ("before", "after"):
        # A date attribute may be a month or a year: it stands for every day of
        # that range; decided if all the days agree, unknown otherwise.
        try:
            first, last, _ = parse_date(raw.strip()[:10])
        except ValueError:
            return None  # unreadable: unknown
        limit = cond.value if isinstance(cond.value, _dt.date) else _dt.date.fromisoformat(str(cond.value))
        if cond.op == "before":
            return True if last < limit else False if first >= limit else None
        return True if first > limit else False if last <= limit else None
    same = raw == str(cond.value)
    return same if cond.op == "is" else not same


def k_not(v):
    return None if v is None else not v


def k_and(values):
    values = list(values)
    if False in values:
        return False
    return None if None in values else True


def k_or(values):
    values = list(values)
    if True in values:
        return True
    return None if None in values else False


def conditions_hold(c: ClauseDef, e: Event, env: dict | None = None, parties=(), kinds=None):
    """§7: every `when` condition and no `unless` condition, in Kleene logic.
    Role conditions of `when` that hold bind their variables into `env`."""
    whens = []
    for x in c.when:
        v = cond_value(x, e, env, parties, kinds)
        whens.append(v)
        if v is False:
            break  # false decides; later conditions bind nothing
    unlesses = [cond_value(x, e, dict(env or {}), parties, kinds) for x in c.unless]
    return k_and([k_and(whens), k_not(k_or(unlesses))])


# ----------------------------------------------------------------- §5 situations


@dataclass(eq=False)
class SitEv:
    """§5.2: an event (or a declared bound, or `initially`) that starts or ends
    an instance; `certain`: it surely does (§5.5)."""

    at: object  # an Event or a Boundary
    start: bool
    certain: bool


@dataclass
class Decl:
    name: str
    args: tuple[str, ...]
    start: _dt.date
    until: _dt.date | None


def join_declared(declared) -> list[Decl]:
    """§5.3: the declared intervals of one instance that overlap or touch are
    one interval (open-ended if any of them is)."""
    spans: dict[tuple, list] = {}
    for d in declared:
        spans.setdefault((d.name, tuple(d.args)), []).append((d.start, d.until))
    out = []
    for (name, args), ivs in spans.items():
        ivs.sort(key=lambda x: x[0])
        start, until = ivs[0]
        for s2, u2 in ivs[1:]:
            if until is None or s2 <= until + DAY:
                until = None if until is None or u2 is None else max(until, u2)
            else:
                out.append(Decl(name, args, start, until))
                start, until = s2, u2
        out.append(Decl(name, args, start, until))
    return out


def first_day(at) -> _dt.date:
    return at.day


def last_day_before(at) -> _dt.date:
    """The last day on which a moment may still come before `at` (or at it)."""
    return at.day - DAY if isinstance(at, Boundary) else at.end_day


# ----------------------------------------------------------------- the result


@dataclass
class RefResult:
    start: _dt.date | None
    as_of: _dt.date | None
    events: list = field(default_factory=list)  # the timeline as read
    status: dict = field(default_factory=dict)  # (clause id, binding, trigger position) -> status
    violations: dict = field(default_factory=dict)  # same key -> frozenset of event positions

    def violating(self, key) -> list[Event]:
        return [self.events[i] for i in sorted(self.violations.get(key, ()))]


@dataclass(eq=False)
class _Within:
    env: dict
    trigger: object  # the triggering event, or a Boundary (a declared start or end)
    pos: int | None  # its position in the timeline (None: a declared day)
    deadline: _dt.date  # N after the trigger's first possible day
    latest: _dt.date  # N after its last possible day (the same, if precise)
    certain: bool
    fulfilled: bool = False
    unknown: bool = False
    ident: object = None  # the trigger in RefResult keys: its position, or ("situation", pos, day, "start of S(…)")
    sure_cover: set = field(default_factory=set)  # §11.4: parties surely in a joint act in time
    any_cover: set = field(default_factory=set)  # … counting the uncertain acts too

    def __post_init__(self):
        if self.ident is None:
            self.ident = self.pos


# ----------------------------------------------------------------- the evaluator


class Reference:
    def __init__(self, model: Model, ids, events, declared=(), as_of=None, ordered=False, corroboration=None,
                 readings=()):
        self.model = model
        self.ordered = ordered
        self.need_override = corroboration
        self.chosen = chosen_readings(model, readings)  # §15.1
        # §15.1: the clauses that hold under the chosen readings.
        self.ins = {i: model.instruments[i] for i in dict.fromkeys(ids)}
        self.own = {i: [c for c in d.clauses if holds_under(c.under, self.chosen)] for i, d in self.ins.items()}
        self.clauses = [c for i in self.ins for c in self.own[i] if not c.declaratory and c.modality]
        events = [with_derived(model, e, self.chosen) for e in events]
        self.sit_names = {su.name for c in self.clauses for su in c.situations} | {
            c.within_situation[3].name for c in self.clauses if c.within_situation is not None} | {
            c.holds.name for c in self.clauses if c.holds is not None}
        self.all_parties = tuple(sorted({p for d in self.ins.values() for p in d.party_codes}))
        # §1.4: events after `as of` are not read.
        read = [e for e in events if as_of is None or e.day <= as_of]
        acts, self.days = merge_reports(read)
        # §13: a timeline of machine-coded reports only cannot show the
        # absence of an act no code records.
        self.coded_only = bool(read) and all(e.coded for e in read)
        self.events = sorted(acts, key=lambda e: (e.day, e.time or "", e.seq, e.provenance.line))
        # §5.3: only declarations of situations some checked clause uses count.
        used = [d for d in declared if d.name in self.sit_names]
        self.start, self.as_of = self._extent(as_of, used)
        notices = [e for e in self.events if e.action == NOTICE]
        self.ratifications = [e for e in self.events if e.action == RATIFICATION]
        self.life = {i: Life(ins, notices, ordered, self.chosen, self.ratifications) for i, ins in self.ins.items()}
        self.instances: dict[tuple, list[SitEv]] = {}
        self._situations(used)

    def rel(self, a, b) -> str:
        return relation(a, b, self.ordered)

    # §1.4: every day a declaration names, as written
    def _extent(self, as_of, declared):
        named = [d.start for d in declared] + [d.until for d in declared if d.until is not None]
        first = [self.events[0].day] if self.events else []
        start = min(first + named) if first + named else None
        if as_of is None:
            lasts = [max(e.end_day for e in self.events)] if self.events else []
            as_of = max(lasts + named) if lasts + named else None
        if start is None:
            start = as_of
        return start, as_of

    # ------------------------------------------------------------ §5: instances and what starts and ends them
    def _situations(self, declared) -> None:
        found: dict[tuple, dict[int, list]] = {}  # instance -> id(event) -> [event, start?, certain]

        def record(key, e, start, certain):
            got = found.setdefault(key, {}).get(id(e))
            if got is None:
                found[key][id(e)] = [e, start, certain]
            elif got[1] == start:
                got[2] = got[2] or certain
            elif not start:  # an event that both starts and ends an instance ends it
                found[key][id(e)] = [e, start, certain]

        for d in join_declared(declared):  # §5.3
            key = (d.name, tuple(d.args))
            self.instances.setdefault(key, []).append(SitEv(Boundary(d.start, 0), True, True))
            if d.until is not None:
                self.instances[key].append(SitEv(Boundary(d.until + DAY, 1), False, True))
        ends, gone = [], set()
        for name in sorted(self.sit_names):  # §5.4, §3.8: ended when an instrument enters into force
            for iid in self.model.situations[name].ends_on_entry:
                if iid not in self.model.instruments or self.start is None:
                    continue
                life = Life(self.model.instruments[iid], [], self.ordered, self.chosen, self.ratifications)
                days = life.start_days(None)
                if days is None:
                    continue
                if days[1] <= self.start:
                    gone.add(name)  # surely in force by the first day: holds at no moment of the timeline
                lo, hi = max(days[0], self.start), max(days[1], self.start)
                at = Boundary(lo, 1) if lo == hi else Span(lo, hi - DAY)
                names = [p for p, _ in self.model.situations[name].params]
                found.setdefault((name, ()), {}) if not names else None
                ends.append((name, names, {}, at, True))
        if self.start is not None:
            for name in sorted(self.sit_names):  # §5.4
                if self.model.situations[name].initially and name not in gone:
                    self.instances.setdefault((name, ()), []).append(SitEv(Boundary(self.start, -1), True, True))
        for e in self.events:  # §5.2
            if e.action in BUILT_IN:
                continue
            acts = actions_of(self.model, e)
            for name in sorted(self.sit_names):
                sdef = self.model.situations[name]
                kinds = {p: ("state" if k == "third_state" else k) for p, k in sdef.params}
                names = [p for p, _ in sdef.params]
                for starts, patterns in ((True, sdef.starts), (False, sdef.ends)):
                    for pat in patterns:
                        if pat.action not in acts:
                            continue
                        got = fill_both(pat.actor, pat.target, e, {}, self.all_parties, kinds)
                        if got is None:
                            continue
                        env, sure = got
                        judged = self.trigger_certain(e, sdef, pat, env)
                        if judged is False:
                            continue
                        certain = sure is True and judged is True
                        if starts:
                            if all(n in env for n in names):
                                record((name, tuple(env[n] for n in names)), e, True, certain)
                        else:
                            ends.append((name, names, env, e, certain))
        for key in list(found) + [k for k in self.instances if k not in found]:
            found.setdefault(key, {})
        for name, names, env, e, certain in ends:
            for key in list(found):
                if key[0] == name and all(env.get(n, v) == v for n, v in zip(names, key[1])):
                    record(key, e, False, certain)
        for key, by_event in found.items():
            self.instances.setdefault(key, []).extend(SitEv(e, s, c) for e, s, c in by_event.values())

    def act_certain(self, action: str, e: Event, declared):
        """§2.1, §6.1: is `e` surely an act of `action`? False when its actor or
        target has roles and none is one the action requires; None when a
        coded report gives no role where one is required, or is not
        corroborated as required (the command line, else the clause file,
        else two sources); True otherwise."""
        adef = self.model.actions.get(action)
        result = True
        for who, need, roles in ((e.actor, adef and adef.actor_roles, e.actor_roles),
                                 (e.target, adef and adef.target_roles, e.target_roles)):
            if not need or who is None:
                continue
            if roles:
                if not set(roles) & set(need):
                    return False
            elif e.coded:
                result = None
        if e.coded:
            need = self.need_override or declared or DEFAULT_NEED
            if e.reports < need.reports or e.sources < need.sources or self.days.get(id(e), 1) < need.days:
                result = None
        return result

    def trigger_certain(self, e: Event, sdef, pat, env):
        """§5.5: does the event surely count as the trigger (beyond the kinds
        of its actors)? None if only possibly; False if not at all."""
        ok = self.act_certain(pat.action, e, sdef.corroboration)
        if ok is False or pat.unless is None:
            return ok
        # §5.6: a start that may answer the other side's act of the N before.
        other, amount, unit = pat.unless
        kinds = {p: ("state" if k == "third_state" else k) for p, k in sdef.params}
        earliest = minus(e.day, amount, unit)
        for r in self.events:
            if r is e or r.action in BUILT_IN or other.action not in actions_of(self.model, r):
                continue
            if self.rel(e, r) == BEFORE or r.end_day < earliest:
                continue  # surely after the start, or surely too early
            if fill_both(other.actor, other.target, r, dict(env), self.all_parties, kinds) is None:
                continue
            if self.act_certain(other.action, r, None) is False:
                continue
            return None
        return ok

    def holds(self, key, act):
        """§5.1: does instance `key` hold at `act` (an event, or the Final moment)?"""
        evs = self.instances[key]
        own = [x for x in evs if x.at is act]
        if own and own[0].certain:
            return own[0].start  # an event is covered by the instance it starts itself
        cands = [x for x in evs if may_precede(x.at, act, self.ordered)]
        cands = [x for x in cands if not any(
            y.certain and self.rel(x.at, y.at) == BEFORE and self.rel(y.at, act) == BEFORE for y in evs)]
        nothing_first = not any(y.certain and self.rel(y.at, act) == BEFORE for y in evs)
        values = {x.start for x in cands} | ({False} if nothing_first else set())
        return True if values == {True} else False if values == {False} else None

    def possible_days(self, key) -> list[tuple[_dt.date, _dt.date]]:
        """§5.1: the days on which the instance may hold at some moment, as
        inclusive [first, last] pieces: from each start, until the last day
        before an event that surely comes after it and surely happened."""
        out = []
        evs = self.instances[key]
        for x in evs:
            if not x.start:
                continue
            last = self.as_of
            for z in evs:
                if z.certain and self.rel(x.at, z.at) == BEFORE:
                    last = min(last, last_day_before(z.at))
            lo, hi = max(first_day(x.at), self.start), min(last, self.as_of)
            if lo <= hi:
                out.append((lo, hi))
        return out

    def surely_held(self, key) -> bool:
        """§12.1: the instance surely held at some moment of the timeline:
        right after a start that surely happened, in the timeline, and that
        every end surely precedes or follows."""
        evs = self.instances[key]
        final = Final(self.as_of)
        return any(x.start and x.certain and self.rel(x.at, final) == BEFORE
                   and all(self.rel(x.at, y.at) in (BEFORE, AFTER) for y in evs if not y.start) for x in evs)

    # ------------------------------------------------------------ §8 does a clause apply to an event?
    def bind_situation(self, c: ClauseDef, su, args, env: dict):
        """§6: a situation instance's arguments against the clause's `while`
        arguments; `party` / `third state` judged against the clause's instrument."""
        parties = self.ins[c.instrument].party_codes
        env = dict(env)
        sure = True  # how sure the instance is rests on what started it
        for pos, val, (_, kind) in zip(su.args, args, self.model.situations[su.name].params):
            if _kind_holds(kind, val, parties) is False:
                return None
            if pos.kind == "code" and pos.name != val:
                return None
            if pos.kind == "member" and val not in pos.group.members:
                return None
            if pos.kind == "var":
                if pos.name in env and env[pos.name] != val:
                    return None
                env[pos.name] = val
        return env, sure

    def applies(self, c: ClauseDef, e: Event) -> list[tuple[bool | None, dict, list]]:
        """§8: every way `c` applies to `e`: (True or None for unknown,
        bindings, the situation instances relied on)."""
        ins = self.ins[c.instrument]
        kinds = {v: k for v, k, _ in c.vars}
        got = fill_both(c.subject, c.target, e, {}, ins.party_codes, kinds)
        if got is None:
            return []
        env, who = got
        if c.subject.kind == "parties" and not (e.target in ins.party_codes and e.target != e.actor):
            return []  # §11.4: a joint act is an act between two parties
        act = self.act_certain(c.action, e, c.corroboration)
        if act is False:
            return []
        if act is None:
            who = None
        party = e.actor if e.actor in ins.party_codes else None
        t = self.life[c.instrument].in_force(e, party, c.window_from, c.window_until)
        cond = conditions_hold(c, e, env, ins.party_codes, kinds)
        if t is False or cond is False:
            return []
        ways = [(env, [], True)]
        for su in c.situations:
            nxt = []
            for env1, used, st in ways:
                for key in sorted(k for k in self.instances if k[0] == su.name):
                    b = self.bind_situation(c, su, key[1], env1)
                    if b is None:
                        continue
                    h = self.holds(key, e)
                    if h is False:
                        continue
                    nxt.append((b[0], used + [key], True if (st, b[1], h) == (True, True, True) else None))
            ways = nxt
        judged = not c.provided  # §7.2: an effect condition is never decided
        return [(True if (who, t, cond, st, judged) == (True, True, True, True, True) else None, env1, used)
                for env1, used, st in ways]

    # ------------------------------------------------------------ §10 permissions
    def permissions(self, c: ClauseDef) -> list[ClauseDef]:
        perms = [p for p in self.clauses if p.modality == "may"]
        if c.excepts:
            chosen = [p for p in perms if p.id in c.excepts]
        else:
            chosen = [p for p in perms if p.instrument == c.instrument and p.action == c.action]
        chosen += [p for p in perms if c.id in p.overrides and p not in chosen]
        # §10.1: the permissions of an instrument that prevails over c's, on c's action.
        return chosen + [p for p in perms if p not in chosen and p.action == c.action
                         and c.instrument in dict(self.ins[p.instrument].prevails)]

    def permitted(self, c: ClauseDef, e: Event):
        """§10: True: some permission defeats the act; None: one may; False: none
        does. A permission covers only acts of its own action."""
        verdicts = []
        acts = actions_of(self.model, e)
        for p in self.permissions(c):
            if p.action not in acts:
                continue
            ways = self.applies(p, e)
            verdicts.append(k_or(s for s, _, _ in ways) if ways else False)
        return k_or(verdicts)

    # ------------------------------------------------------------ §12 instances
    def key(self, c: ClauseDef, env: dict) -> tuple:
        """§12.1: the values of the `each` and situation variables (those bound)."""
        return tuple((v, env[v]) for v, _, binder in c.vars if binder in ("each", "situation") and v in env)

    def subject_party(self, c: ClauseDef, env: dict) -> str | None:
        s, parties = c.subject, self.ins[c.instrument].party_codes
        if s.kind == "code":
            return s.name
        if s.kind == "var":
            return env.get(s.name)
        if s.kind == "other" and env.get(s.name) in parties and len(parties) == 2:
            return [p for p in parties if p != env[s.name]][0]
        return None

    def pieces(self, ins: InstrumentDef, party: str | None) -> list:
        """§12, §3.9: the days of the timeline on which `ins` may be in force
        for `party`, as inclusive [first, last] pairs."""
        if self.start is None:
            return []
        out = []
        for first, last in self.life[ins.name].periods(party):
            lo, hi = max(first, self.start), min(last, self.as_of) if last else self.as_of
            if lo <= hi:
                out.append((lo, hi))
        return out

    def span(self, ins: InstrumentDef, party: str | None):
        """§12: from the first to the last day of the timeline on which `ins`
        may be in force for `party` (None: no day)."""
        ps = self.pieces(ins, party)
        return (ps[0][0], ps[-1][1]) if ps else None

    def candidates(self, c: ClauseDef) -> dict[tuple, list]:
        """§12.1: instances from the situation instances that surely held at
        some time (compatible with the clause), times each party for `each`
        variables still unbound."""
        ways = [({}, [])]
        for su in c.situations:
            ways = [(b[0], used + [key]) for env1, used in ways
                    for key in sorted(k for k in self.instances if k[0] == su.name and self.surely_held(k))
                    for b in [self.bind_situation(c, su, key[1], env1)] if b is not None and b[1] is True]
        groups: dict[tuple, list] = {}
        parties = self.ins[c.instrument].party_codes
        # §12.1: `each party P` ranges over the parties, `each SET P` over the set's members.
        each = {v: (k.ordered if hasattr(k, "members") else parties) for v, k, b in c.vars if b == "each"}
        for env, used in ways:
            free = [v for v in each if v not in env]
            for values in itertools.product(*(each[v] for v in free)):
                groups.setdefault(self.key(c, {**env, **dict(zip(free, values))}), []).append(used)
        return groups

    def named_instances(self, c: ClauseDef, key: tuple) -> list:
        env = dict(key)
        out = []
        for su in c.situations:
            args = tuple(env.get(w.name) if w.kind == "var" else w.name for w in su.args)
            if (su.name, args) in self.instances:
                out.append((su.name, args))
        return out

    def applied(self, c: ClauseDef, key: tuple, used: list) -> bool:
        """§12.2: whether there is a day on which the clause may have applied:
        its instrument may be in force for its subject, inside its window, and
        each of its situation instances may hold at some moment of that day."""
        pieces = []
        for lo, hi in self.pieces(self.ins[c.instrument], self.subject_party(c, dict(key))):
            if c.window_from:
                lo = max(lo, c.window_from)
            if c.window_until:
                hi = min(hi, c.window_until)
            if lo <= hi:
                pieces.append((lo, hi))
        for inst in used:
            pieces = [(max(a, x), min(b, y)) for a, b in pieces for x, y in self.possible_days(inst)
                      if max(a, x) <= min(b, y)]
        return bool(pieces)

    def applies_at_end(self, c: ClauseDef, key: tuple, used: list) -> bool:
        """§12.2: the clause may still apply after the last event of the timeline."""
        party = self.subject_party(c, dict(key))
        if not self.life[c.instrument].may_apply_after(self.as_of, party, c.window_from, c.window_until):
            return False
        return all(self.holds(inst, Final(self.as_of)) is not False for inst in used)

    # ------------------------------------------------------------ §9, §11, §12 verdicts
    def run(self) -> RefResult:
        res = RefResult(self.start, self.as_of, self.events)
        for iid, ins in self.ins.items():
            for c in self.own[iid]:
                if c.declaratory or c.modality is None or c.modality == "may":
                    continue
                if c.modality == "must not" and c.holds is not None:
                    self._standing(c, res)
                elif c.modality == "must not":
                    self._prohibition(c, res)
                elif c.deadline is not None:  # never both `by` and `within` (TL313)
                    self._by(c, res)
                elif c.within is not None or c.within_situation is not None:
                    self._within(c, res)
        return res

    def _none_at_all(self, c: ClauseDef, res: RefResult) -> None:
        status = "not_in_force" if self.span(self.ins[c.instrument], None) is None else "not_triggered"
        res.status[(c.id, (), None)] = status
        res.violations[(c.id, (), None)] = frozenset()

    def _prohibition(self, c: ClauseDef, res: RefResult) -> None:
        """§9: each act while the clause applies that no permission defeats."""
        seen, violations, unknowns = set(), {}, set()
        for i, e in enumerate(self.events):
            if e.action in BUILT_IN or c.action not in actions_of(self.model, e):
                continue
            for status, env, used in self.applies(c, e):
                k = self.key(c, env)
                seen.add(k)
                perm = self.permitted(c, e)
                if perm is True:
                    continue
                if status is True and perm is False:
                    violations.setdefault(k, set()).add(i)
                else:
                    unknowns.add(k)
        groups = self.candidates(c)
        for k in seen:
            groups.setdefault(k, [])
        if not groups:
            return self._none_at_all(c, res)
        ins = self.ins[c.instrument]
        for k, used_lists in groups.items():
            used_lists = used_lists or [self.named_instances(c, k)]
            res.violations[(c.id, k, None)] = frozenset(violations.get(k, ()))
            if k in violations:
                status = "violated"
            elif k in unknowns:
                status = "unknown"
            elif not any(self.applied(c, k, used) for used in used_lists):
                never = self.span(ins, self.subject_party(c, dict(k))) is None
                status = "not_in_force" if never else "not_triggered"
            elif any(self.applies_at_end(c, k, used) for used in used_lists):
                status = "pending"
            else:
                status = "fulfilled"
            res.status[(c.id, k, None)] = status

    def _standing(self, c: ClauseDef, res: RefResult) -> None:
        """§9.1: `must not hold S(ARGS)`. For each instance of the standing
        state fitting the clause, look at each event that starts it (an
        instance holds at its own start) and at the start of each day (after
        its boundaries, before its events): a violation where it surely holds
        and the clause surely applies — recorded with the starting event where
        that is the moment —, `unknown` where both are only possible."""
        ins = self.ins[c.instrument]
        su = c.holds
        groups = self.candidates(c)
        if not groups:
            return self._none_at_all(c, res)
        days = {self.start, ins.in_force, c.window_from, c.window_until + DAY if c.window_until else None}
        for e in self.events:
            days |= {e.day, e.end_day, e.end_day + DAY}
        for evs in self.instances.values():
            days |= {x.at.day for x in evs if isinstance(x.at, Boundary)}
        for k, used_lists in groups.items():
            used_lists = used_lists or [self.named_instances(c, k)]
            starts, whole, maybe = set(), False, False
            for key in sorted(x for x in self.instances if x[0] == su.name):
                b = self.bind_situation(c, su, key[1], dict(k))
                if b is None:
                    continue
                party = self.subject_party(c, b[0])
                sp = self.span(ins, party)
                if sp is None:
                    continue
                life = self.life[c.instrument]
                probes = [(x.at, True) for x in self.instances[key]
                          if x.start and not isinstance(x.at, Boundary) and sp[0] <= x.at.day <= sp[1]]
                probes += [(Boundary(d, 9), False) for d in sorted(x for x in days if x and sp[0] <= x <= sp[1])]
                for used in used_lists:
                    for at, is_start in probes:
                        held = self.holds(key, at)
                        if held is False:
                            continue
                        if isinstance(at, Boundary):  # the start of a day: is it in force, and in the window?
                            inf = life.in_force(at, party)
                            if (c.window_from and at.day < c.window_from) or (c.window_until and at.day > c.window_until):
                                inf = False
                        else:
                            inf = life.in_force(at, party, c.window_from, c.window_until)
                        v = k_and([held, inf] + [self.holds(u, at) for u in used])
                        if v is True and is_start:
                            starts.add(self.events.index(at))
                        elif v is True:
                            whole = True
                        elif v is None:
                            maybe = True
            if c.provided and (starts or whole):  # §7.2: an effect condition is never decided
                starts, whole, maybe = set(), False, True
            res.violations[(c.id, k, None)] = frozenset(starts)
            if starts or whole:
                status = "violated"
            elif maybe:
                status = "unknown"
            elif not any(self.applied(c, k, used) for used in used_lists):
                never = self.span(ins, self.subject_party(c, dict(k))) is None
                status = "not_in_force" if never else "not_triggered"
            elif any(self.applies_at_end(c, k, used) for used in used_lists):
                status = "pending"
            else:
                status = "fulfilled"
            res.status[(c.id, k, None)] = status

    def _by(self, c: ClauseDef, res: RefResult) -> None:
        """§11.1: `by D`; §11.4: for `the parties`, every party must have taken
        part in a joint act (certainly: fulfilled; if the uncertain acts count
        too: unknown)."""
        seen, fulfilled, unknowns = set(), set(), set()
        d = c.deadline
        sure_cover: dict[tuple, set] = {}
        any_cover: dict[tuple, set] = {}
        for i, e in enumerate(self.events):
            if e.action in BUILT_IN or c.action not in actions_of(self.model, e):
                continue
            for status, env, used in self.applies(c, e):
                k = self.key(c, env)
                seen.add(k)
                if k in fulfilled or e.day > d:
                    continue
                sure = not (e.end_day > d or status is None)
                if c.subject.kind == "parties":
                    any_cover.setdefault(k, set()).update((e.actor, e.target))
                    if sure:
                        sure_cover.setdefault(k, set()).update((e.actor, e.target))
                    everyone = set(self.ins[c.instrument].party_codes)
                    if sure_cover.get(k, set()) >= everyone:
                        fulfilled.add(k)
                    elif any_cover[k] >= everyone:
                        unknowns.add(k)
                elif not sure:
                    unknowns.add(k)
                else:
                    fulfilled.add(k)
        groups = self.candidates(c)
        for k in seen:
            groups.setdefault(k, [])
        if not groups:
            return self._none_at_all(c, res)
        ins = self.ins[c.instrument]
        life = self.life[ins.name]
        for k in groups:
            party = self.subject_party(c, dict(k))
            if k in fulfilled:
                status = "fulfilled"
            elif k in unknowns:
                status = "unknown"
            elif self.as_of is None or self.as_of < d:
                status = "pending" if life.periods(party) else "not_in_force"
            else:
                on_d = life.in_force(WholeDay(d), party)
                if on_d is False or (c.window_from is not None and c.window_from > d):
                    status = "not_in_force"
                elif on_d is None:
                    status = "unknown"
                elif self.start is None or self.start > max(x for x in ((life.start_days(None) or (None,))[0],
                                                                        c.window_from) if x):
                    status = "unknown"  # the duty began before the timeline: a fulfilment may lie before it
                elif self.unseen(c):
                    status = "unknown"
                else:
                    status = "violated"
            res.status[(c.id, k, None)] = status
            res.violations[(c.id, k, None)] = frozenset()

    def unseen(self, c: ClauseDef) -> bool:
        """§13: every event is a machine-coded report and the obligation's
        action has no CAMEO or PLOVER code: no report could show it done."""
        a = self.model.actions[c.action]
        return self.coded_only and not a.cameo and not a.plover

    def _within(self, c: ClauseDef, res: RefResult) -> None:
        """§11.2, §11.3: `within N of TRIGGER`: one obligation per triggering
        event (or start or end of a situation instance), per value of each
        `each` variable the trigger leaves unbound."""
        ins = self.ins[c.instrument]
        obligations = self._event_obligations(c) if c.within is not None else self._situation_obligations(c)
        for i, e in enumerate(self.events):
            if e.action in BUILT_IN or c.action not in actions_of(self.model, e):
                continue
            for status, env, used in self.applies(c, e):
                for ob in obligations:
                    if ob.fulfilled or ob.trigger is e or self.rel(e, ob.trigger) == BEFORE or e.day > ob.latest:
                        continue
                    if any(ob.env.get(k) not in (None, v) for k, v in env.items()):
                        continue
                    sure = status is True and self.rel(ob.trigger, e) == BEFORE and e.end_day <= ob.deadline
                    if c.subject.kind == "parties":  # §11.4
                        everyone = set(ins.party_codes)
                        ob.any_cover.update((e.actor, e.target))
                        if sure:
                            ob.sure_cover.update((e.actor, e.target))
                        if ob.sure_cover >= everyone:
                            ob.fulfilled = True
                        elif ob.any_cover >= everyone:
                            ob.unknown = True
                    elif sure:
                        ob.fulfilled = True
                    else:
                        ob.unknown = True
        if not obligations:
            return self._none_at_all(c, res)
        for ob in obligations:
            if ob.fulfilled:
                status = "fulfilled"
            elif ob.unknown:
                status = "unknown"
            elif self.as_of is None or self.as_of < ob.latest:
                status = "pending"
            else:
                t = self.life[ins.name].in_force(WholeDay(ob.latest), self.subject_party(c, ob.env))
                sure = t is True and ob.certain and not self.unseen(c)
                status = "not_in_force" if t is False else "violated" if sure else "unknown"
            key = (c.id, self.key(c, ob.env), ob.ident)
            res.status[key] = status
            res.violations[key] = frozenset()

    def _each_values(self, c: ClauseDef, env: dict) -> list[dict]:
        """§11.2: `env` with each `each` variable it leaves unbound given every value."""
        parties = self.ins[c.instrument].party_codes
        free = [(v, k) for v, k, b in c.vars if b == "each" and v not in env]
        return [{**env, **{v: x for (v, _), x in zip(free, values)}}
                for values in itertools.product(*((k.ordered if hasattr(k, "members") else parties) for _, k in free))]

    def _event_obligations(self, c: ClauseDef) -> list[_Within]:
        amount, unit, pat = c.within
        ins = self.ins[c.instrument]
        kinds = {v: k for v, k, _ in c.vars}
        out = []
        for i, e in enumerate(self.events):
            if e.action in BUILT_IN or pat.action not in actions_of(self.model, e):
                continue
            got = fill_both(pat.actor, pat.target, e, {}, ins.party_codes, kinds)
            if got is None:
                continue
            env, sure = got
            act = self.act_certain(pat.action, e, c.corroboration)
            if act is False:
                continue
            if act is None:
                sure = None
            t = self.life[ins.name].in_force(e, None)
            if t is False:
                continue
            for env1 in self._each_values(c, env):
                out.append(_Within(env1, e, i, plus(e.day, amount, unit), plus(e.end_day, amount, unit),
                                   sure is True and t is True))
        return out

    def periods(self, key) -> list[tuple[_dt.date, _dt.date]]:
        """§5.1: the maximal runs of days on which the instance may hold, as
        inclusive [first, last] pairs."""
        runs = []
        for lo, hi in sorted(self.possible_days(key)):
            if runs and lo <= runs[-1][1] + DAY:
                runs[-1] = (runs[-1][0], max(runs[-1][1], hi))
            else:
                runs.append((lo, hi))
        return runs

    def _moment_key(self, x: SitEv):
        """The order in which §11.3 picks among starts (ends) of one day: the
        earliest first possible moment — a declared day before any event, an
        untimed event before a timed one, timed ones by time (and under
        `order as written` by their place in the file) — then the earliest
        last possible day, then the first written."""
        at = x.at
        if isinstance(at, Boundary):
            return (at.day, 0, "", at.order, at.day, "", 0)
        precise = at.end_day == at.day
        time = (at.time or "") if precise else ""
        seq = at.seq if precise and self.ordered else 0
        return (at.day, 1, time, seq, at.end_day, at.provenance.file, at.provenance.line)

    def holds_before(self, key, x: SitEv):
        """§11.3: did the instance hold just before its own event `x`? (The
        rule of §5.1 with `x` left out.)"""
        evs = [y for y in self.instances[key] if y is not x]
        cands = [y for y in evs if self.rel(x.at, y.at) != BEFORE and not any(
            z.certain and self.rel(y.at, z.at) == BEFORE and self.rel(z.at, x.at) == BEFORE for z in evs)]
        nothing_first = not any(z.certain and self.rel(z.at, x.at) == BEFORE for z in evs)
        values = {y.start for y in cands} | ({False} if nothing_first else set())
        return True if values == {True} else False if values == {False} else None

    def _situation_obligations(self, c: ClauseDef) -> list[_Within]:
        """§11.3: each period of an instance of the situation (whose arguments
        fit the clause, §6) starts with the earliest start on its first day
        and, if it ends inside the timeline, ends with the latest surely
        happened end whose last possible moment is on its last day (a declared
        end: the day after). `initially` never starts."""
        amount, unit, edge, su = c.within_situation
        ins = self.ins[c.instrument]
        out = []
        for key in sorted(k for k in self.instances if k[0] == su.name):
            b = self.bind_situation(c, su, key[1], {})
            if b is None:
                continue
            evs = self.instances[key]
            for first, last in self.periods(key):
                if edge == "start":
                    cands = [x for x in evs if x.start and first_day(x.at) <= first <= x.at.end_day]
                    x = min(cands, key=self._moment_key) if cands else None
                    if x is None or (isinstance(x.at, Boundary) and x.at.order == -1):
                        continue  # an `initially` instance never starts
                else:
                    if last >= self.as_of and self.holds(key, Final(self.as_of)) is not False:
                        continue  # still holding at the end of the timeline
                    cands = [x for x in evs if not x.start and x.certain and (
                        x.at.day == last + DAY if isinstance(x.at, Boundary) else x.at.end_day == last)]
                    x = max(cands, key=self._moment_key) if cands else None
                    if x is None:
                        continue
                t = self.life[ins.name].in_force(x.at, None)
                if t is False:
                    continue
                sure = x.certain and t is True and self.holds_before(key, x) is (edge != "start")
                day = x.at.day
                end_day = x.at.end_day
                pos = self.events.index(x.at) if not isinstance(x.at, Boundary) else None
                what = f"{edge} of {key[0]}" + (f"({', '.join(key[1])})" if key[1] else "")
                for env1 in self._each_values(c, b[0]):
                    out.append(_Within(env1, x.at, pos, plus(day, amount, unit), plus(end_day, amount, unit), sure,
                                       ident=("situation", pos, day, what)))
        return out


def evaluate_reference(model: Model, ids, events, declared=(), as_of: _dt.date | None = None,
                       ordered: bool = False, corroboration=None, readings=()) -> RefResult:
    """Check `events` against the instruments `ids` of `model`, by the book,
    under the default readings with `readings` (names) in place of theirs
    (§15: the reference applies the chosen readings itself)."""
    return Reference(model, ids, list(events), declared, as_of, ordered, corroboration, readings).run()
