"""A reference evaluator: docs/semantics.md transcribed, rule by rule.

It exists to be *obviously* right rather than fast: every step below names the
section of docs/semantics.md it transcribes, it re-scans the whole timeline
whenever it needs to know something (quadratic, and that is fine), and it
shares no evaluation code with treatylang/check/ — it reads only the resolved
model (`treatylang.model`), the event class and date parser
(`treatylang.events.model`) and the published CAMEO→PLOVER table
(`treatylang.events.plover.crosswalk`, data rather than evaluation).
tests/properties/test_differential.py checks that the engine and this module
agree on every verdict of thousands of random timelines.

Where the engine today does something that docs/semantics.md flags as a known
deviation (§14), this module does the same — so that the differential test
checks the documented behaviour — and the spot is marked `DEVIATION D<n>`.
When the engine is fixed, change the doc, the marked lines, and the xfail test
in tests/semantics/test_known_deviations.py together.

Result: `evaluate_reference(...)` returns a `RefResult` whose `status` maps
(clause id, binding, trigger) to a status, and whose `violations` maps the same
key to the set of events whose findings are violations. `binding` is a tuple of
(variable, value) pairs in the clause's variable order; `trigger` is the
position of the triggering event of a `within` instance, `("situation",
position or None, day)` for one counted from a situation's start or end, None
otherwise. Events are named by
their position in `RefResult.events` (the timeline as read: in time order,
without the events after `as of`), because `Event` is not hashable.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import itertools
from dataclasses import dataclass, field

from treatylang.events.model import Event, parse_date
from treatylang.model import ClauseDef, InstrumentDef, Model, Who

DAY = _dt.timedelta(days=1)
NOTICE = "notice_of_termination"


# ----------------------------------------------------------------- §3 durations


def plus(day: _dt.date, amount: int, unit: str) -> _dt.date:
    """§3.2: days and weeks exactly; months and years keep the day of the month,
    clamped to the length of the month reached."""
    if unit == "day":
        return day + amount * DAY
    if unit == "week":
        return day + 7 * amount * DAY
    months = day.year * 12 + (day.month - 1) + amount * (12 if unit == "year" else 1)
    year, month = months // 12, months % 12 + 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def minus(day: _dt.date, amount: int, unit: str) -> _dt.date:
    return plus(day, -amount, unit)


# ----------------------------------------------------------------- §3 in force


def ends_for(ins: InstrumentDef, party: str | None, notices: list[tuple[str, _dt.date]]) -> _dt.date | None:
    """§3: the first day on which `ins` no longer applies to `party` (None: any
    actor that is not a party, for which only ends that bind everyone count)."""
    ends = []
    if ins.superseded:
        ends.append(ins.superseded[1])  # §3.6
    if ins.term and not ins.renew and ins.in_force:
        ends.append(plus(ins.in_force, *ins.term))  # §3.2
    two = len(ins.parties) == 2
    for who, day in list(ins.withdrawn) + list(notices):  # §3.4, §3.5
        if two or who == party:
            ends.append(day)
    return min(ends) if ends else None


def in_force(ins: InstrumentDef, day: _dt.date, party: str | None, notices) -> bool:
    """§3.7: in force on `day` for `party`: on or after entry into force and
    before the end."""
    if ins.in_force is None or day < ins.in_force:
        return False
    end = ends_for(ins, party, notices)
    return end is None or day < end


def ever_in_force(ins: InstrumentDef, party: str | None, notices) -> bool:
    if ins.in_force is None:
        return False
    end = ends_for(ins, party, notices)
    return end is None or end > ins.in_force


def notice_takes_effect(ins: InstrumentDef, given: _dt.date) -> _dt.date:
    """§3.3 / §3.4: when a notice given on `given` ends the instrument."""
    if ins.term and ins.renew:
        period_end = plus(ins.in_force, *ins.term)
        while given >= period_end:  # the period in which the notice is given
            period_end = plus(period_end, *ins.renew)
        if ins.notice is None or given <= minus(period_end, *ins.notice):
            return period_end
        return plus(period_end, *ins.renew)
    if ins.withdrawal_notice:
        return plus(given, *ins.withdrawal_notice)
    return given


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


def kind_holds(kind: str, code: str, parties) -> bool:
    """`party`: one of `parties`; `third_state`: not one of them; `state`: any;
    a named set (a kind with `members`): one of its members, whatever the
    instrument."""
    if hasattr(kind, "members"):
        return code in kind.members
    if kind == "party":
        return code in parties
    if kind == "third_state":
        return code not in parties
    return True


def fill(pos: Who, code: str | None, env: dict, parties, kinds: dict) -> dict | None:
    """§6: can `code` stand in position `pos`? Returns the bindings extended, or None."""
    if code is None:
        return None  # an event without a target fills no target position
    env = dict(env)
    if pos.kind == "code":
        return env if code == pos.name else None
    if pos.kind == "var":
        if pos.name in env:
            return env if env[pos.name] == code else None
        if not kind_holds(kinds.get(pos.name, "state"), code, parties):
            return None
        env[pos.name] = code
        return env
    if pos.kind == "parties":  # §11.4: one of the parties (the act must be between two of them)
        return env if code in parties else None
    if pos.kind == "other":
        if code not in parties or len(parties) != 2:
            return None
        other_of_code = [p for p in parties if p != code][0] if parties[0] != parties[1] else code
        if pos.name in env:
            return env if env[pos.name] == other_of_code else None
        env[pos.name] = other_of_code
        return env
    kind = pos.group if pos.kind == "member" else {
        "any_state": "state", "any_party": "party", "any_third_state": "third_state"}[pos.kind]
    if not kind_holds(kind, code, parties):
        return None
    if pos.name:
        if pos.name in env:
            return env if env[pos.name] == code else None
        env[pos.name] = code
    return env


# ----------------------------------------------------------------- §7 conditions


def cond_value(cond, e: Event, env: dict | None = None, parties=(), kinds=None):
    raw = e.attr(cond.attr)
    if raw is None or raw == "":
        return None  # missing: unknown
    if cond.role is not None:
        # §7: a role (a third participant) is an actor position: its value
        # must be of the role's kind and fill the position; `is` binds.
        filled = fill(cond.value, raw, env or {}, parties, kinds or {}) if kind_holds(cond.role, raw, parties) \
            else None
        if cond.op == "is not":
            return filled is None
        if filled is not None and env is not None:
            env.update(filled)
        return filled is not None
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
class Inst:
    name: str
    args: tuple[str, ...]
    start: _dt.date
    end: _dt.date | None = None
    start_last: _dt.date | None = None  # §1.3: last possible day of an imprecise starting event
    end_last: _dt.date | None = None  # §1.3: last possible day of an imprecise ending event
    # §11.2: where it started / ended: the event's position, or None for a
    # declared day (before every event of that day); `initial`: holds from the
    # beginning of time (§5.4), so it never started inside the timeline.
    start_pos: int | None = None
    end_pos: int | None = None
    initial: bool = False

    def __post_init__(self):
        if self.start_last is None:
            self.start_last = self.start


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
    pos: int | None  # the trigger's position; None: a declared day (before every event of `day`)
    day: _dt.date
    deadline: _dt.date  # N after the trigger's first possible day
    latest: _dt.date  # N after its last possible day (the same, if precise)
    ident: object  # the trigger in RefResult keys: an event position, or ("situation", pos, day)
    fulfilled: bool = False
    unknown: bool = False
    sure_cover: set = field(default_factory=set)  # §11.4: parties surely in a joint act in time
    any_cover: set = field(default_factory=set)  # … counting the uncertain acts too

    def comes_after(self, i: int, e: Event) -> bool:
        """§11.2: an act counts only strictly after the trigger's position."""
        return i > self.pos if self.pos is not None else e.day >= self.day


# ----------------------------------------------------------------- the evaluator


class Reference:
    def __init__(self, model: Model, ids, events, declared=(), as_of=None):
        self.model = model
        self.ins = {i: model.instruments[i] for i in dict.fromkeys(ids)}
        self.clauses = [c for d in self.ins.values() for c in d.clauses if not c.declaratory and c.modality]
        self.sit_names = {su.name for c in self.clauses for su in c.situations} | {
            c.within_situation[3].name for c in self.clauses if c.within_situation is not None}
        self.all_parties = tuple(sorted({p for d in self.ins.values() for p in d.party_codes}))
        # §1.2: the order of events; §1.4: events after `as of` are not read.
        evs = sorted(events, key=lambda e: (e.day, e.time or "", e.seq))
        self.events = [e for e in evs if as_of is None or e.day <= as_of]
        # §5.3: only declarations of situations some checked clause uses count.
        used = [d for d in declared if d.name in self.sit_names]
        self.start, self.as_of = self._extent(as_of, used)
        self.declared = join_declared(used)
        self.notices_at: list[dict[str, list]] = []  # per event position: notices that took effect before it
        self.final_notices: dict[str, list] = {}
        self.open_at: list[list[Inst]] = []  # per position: instances holding at that event
        self.history: list[Inst] = []
        # §1.3: whether, by a position, an imprecise event has started or ended
        # a situation instance (from then on, acts no instance covers are
        # examined again at the end).
        self.uncertain = False
        self.uncertain_at: list[bool] = []
        self._replay()

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

    # ------------------------------------------------------------ §3.4 and §5: one walk along the timeline
    def _replay(self) -> None:
        notices: dict[str, list] = {i: [] for i in self.ins}
        open_: dict[tuple, Inst] = {}
        # §5.3: declared starts (on day `start`) and ends (the day after `until`)
        # of the joined declarations, starts before ends on the same day.
        bounds = []
        for d in self.declared:
            bounds.append((d.start, 0, d))
            if d.until is not None:
                bounds.append((d.until + DAY, 1, d))
        bounds.sort(key=lambda b: (b[0], b[1]))
        pending = list(bounds)

        def apply_bounds(upto: _dt.date) -> None:
            while pending and pending[0][0] <= upto:
                day, kind, d = pending.pop(0)
                key = (d.name, tuple(d.args))
                if kind == 0:
                    if key not in open_:
                        open_[key] = Inst(d.name, tuple(d.args), day)
                        self.history.append(open_[key])
                else:
                    inst = open_.pop(key, None)
                    if inst is not None:
                        inst.end = day
                        inst.end_pos = None

        if self.start is not None:
            apply_bounds(self.start)
            for name in sorted(self.sit_names):  # §5.4
                if self.model.situations[name].initially and (name, ()) not in open_:
                    open_[(name, ())] = Inst(name, (), self.start, initial=True)
                    self.history.append(open_[(name, ())])
        for pos, e in enumerate(self.events):
            apply_bounds(e.day)
            self.notices_at.append({i: list(v) for i, v in notices.items()})
            if e.action == NOTICE:
                self._notice(e, notices)
            else:
                for a in sorted(actions_of(self.model, e)):
                    self._situation_effects(e, a, open_, pos)
            self.open_at.append(list(open_.values()))
            self.uncertain_at.append(self.uncertain)
        if self.as_of is not None:
            apply_bounds(self.as_of)
        self.final_notices = notices
        self.open_final = list(open_.values())  # holding at the end of the timeline

    def _notice(self, e: Event, notices) -> None:
        """§3.4: a notice by a party, for the instrument it names (or for every
        checked instrument if it names none), while in force for that party."""
        named = e.attr("instrument")
        for iid, ins in self.ins.items():
            if named is not None and named != iid:
                continue
            if e.actor in ins.party_codes and in_force(ins, e.day, e.actor, notices[iid]):
                notices[iid].append((e.actor, notice_takes_effect(ins, e.day)))

    def _situation_effects(self, e: Event, action: str, open_, pos: int) -> None:
        """§5.2: for each situation, its starting triggers, then its ending ones.
        An imprecise event starts or ends an instance at its position, its first
        possible day, and the last possible day is remembered (§1.3). `party`
        parameters are judged here against the parties of every checked
        instrument, and again where a clause uses the instance."""
        for name in sorted(self.sit_names):
            sdef = self.model.situations[name]
            kinds = {p: ("state" if k == "third_state" else k) for p, k in sdef.params}
            names = [p for p, _ in sdef.params]
            for starts, patterns in ((True, sdef.starts), (False, sdef.ends)):
                for pat in patterns:
                    if pat.action != action:
                        continue
                    env = fill(pat.actor, e.actor, {}, self.all_parties, kinds)
                    if env is not None and pat.target is not None:
                        env = fill(pat.target, e.target, env, self.all_parties, kinds)
                    if env is None:
                        continue
                    if starts:
                        if all(n in env for n in names):
                            key = (name, tuple(env[n] for n in names))
                            if key not in open_:
                                open_[key] = Inst(name, key[1], e.day, start_last=e.end_day, start_pos=pos)
                                self.history.append(open_[key])
                            if e.end_day > e.day:
                                self.uncertain = True
                    else:
                        for key in list(open_):
                            if key[0] == name and all(env.get(n, v) == v for n, v in zip(names, key[1])):
                                gone = open_.pop(key)
                                gone.end, gone.end_last, gone.end_pos = e.day, e.end_day, pos
                                if e.end_day > e.day:
                                    self.uncertain = True

    # ------------------------------------------------------------ §8 does a clause apply to an event?
    def bind_situation(self, c: ClauseDef, su, inst: Inst, env: dict) -> dict | None:
        """§6: a situation instance's arguments against the clause's `while`
        arguments; `party` / `third state` judged against the clause's instrument."""
        parties = self.ins[c.instrument].party_codes
        env = dict(env)
        for pos, val, (_, kind) in zip(su.args, inst.args, self.model.situations[su.name].params):
            if not kind_holds(kind, val, parties):
                return None
            if pos.kind == "code" and pos.name != val:
                return None
            if pos.kind == "member" and val not in pos.group.members:
                return None
            if pos.kind == "var":
                if pos.name in env and env[pos.name] != val:
                    return None
                env[pos.name] = val
        return env

    def in_time(self, c: ClauseDef, e: Event, i: int | None):
        """§1.3, §3.7, §4: in force for the actor and inside the window on the
        day of the event. For an imprecise date: unknown if a day on which that
        could change — entry into force, the end for the actor, a window bound —
        falls after its first possible day and on or before its last, and it
        does change there; otherwise as on its first day. `i`: the position (the notices known then); None:
        the end of the timeline (every notice)."""
        ins = self.ins[c.instrument]
        party = e.actor if e.actor in ins.party_codes else None
        notices = self.final_notices[c.instrument] if i is None else self.notices_at[i][c.instrument]
        def ok(day):
            return (in_force(ins, day, party, notices)
                    and (c.window_from is None or day >= c.window_from)
                    and (c.window_until is None or day <= c.window_until))

        # Applicability is constant between the days where it may change: the
        # first day and each such day inside the range stand for all the others.
        changes = [ins.in_force, ends_for(ins, party, notices), c.window_from,
                   c.window_until + DAY if c.window_until else None]
        values = {ok(e.day)} | {ok(x) for x in changes if x is not None and e.day < x <= e.end_day}
        return values.pop() if len(values) == 1 else None

    def before_situations(self, c: ClauseDef, e: Event, i: int | None):
        """§8 steps 2–4: (bindings, in time, conditions), or None if the clause
        certainly does not apply whatever the situations."""
        parties = self.ins[c.instrument].party_codes
        kinds = {v: k for v, k, _ in c.vars}
        env = fill(c.subject, e.actor, {}, parties, kinds)
        if env is not None and c.target is not None:
            env = fill(c.target, e.target, env, parties, kinds)
        if env is None:
            return None
        if c.subject.kind == "parties" and not (e.target in parties and e.target != e.actor):
            return None  # §11.4: a joint act is an act between two parties
        t = self.in_time(c, e, i)
        cond = conditions_hold(c, e, env, parties, kinds)
        if t is False or cond is False:
            return None
        return env, t, cond

    def applies(self, c: ClauseDef, e: Event, i: int | None) -> list[tuple[bool | None, dict, list[Inst]]]:
        """§8: every way `c` applies to the event at position `i` (None: judged
        with what holds at the end of the timeline): (True or None for unknown,
        bindings, the situation instances relied on)."""
        pre = self.before_situations(c, e, i)
        if pre is None:
            return []
        env, t, cond = pre
        holding = self.open_final if i is None else self.open_at[i]
        ways = [(env, [])]
        for su in c.situations:
            ways = [(env2, used + [inst]) for env1, used in ways for inst in holding
                    if inst.name == su.name
                    for env2 in [self.bind_situation(c, su, inst, env1)] if env2 is not None]
        out = []
        for env1, used in ways:
            # §1.3: a situation started by an imprecise event may have started
            # after this act, if the act's first day is not after the start's last.
            late = any(x.start_last > x.start and e.day <= x.start_last for x in used)
            out.append((True if (t is True and cond is True and not late) else None, env1, used))
        return out

    # ------------------------------------------------------------ §10 permissions
    def permissions(self, c: ClauseDef) -> list[ClauseDef]:
        perms = [p for p in self.clauses if p.modality == "may"]
        if c.excepts:
            chosen = [p for p in perms if p.id in c.excepts]
        else:
            chosen = [p for p in perms if p.instrument == c.instrument and p.action == c.action]
        return chosen + [p for p in perms if c.id in p.overrides and p not in chosen]

    def permitted(self, c: ClauseDef, e: Event, i: int | None):
        """§10: True: some permission defeats the act; None: one may; False: none
        does. A permission covers only acts of its own action."""
        verdicts = []
        acts = actions_of(self.model, e)
        for p in self.permissions(c):
            if p.action not in acts:
                continue
            ways = self.applies(p, e, i)
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

    def span(self, ins: InstrumentDef, party: str | None):
        """§12: the days of the timeline on which `ins` is in force for `party`."""
        if self.start is None or not ever_in_force(ins, party, self.final_notices[ins.name]):
            return None
        end = ends_for(ins, party, self.final_notices[ins.name])
        lo = max(ins.in_force, self.start)
        hi = min(end, self.as_of + DAY) if end else self.as_of + DAY
        return (lo, hi) if lo < hi else None

    def candidates(self, c: ClauseDef) -> dict[tuple, list]:
        """§12: instances from the situation instances that ever held (compatible
        with the clause), times each party for `each` variables still unbound."""
        ways = [({}, [])]
        for su in c.situations:
            ways = [(env2, used + [inst]) for env1, used in ways for inst in self.history
                    if inst.name == su.name
                    for env2 in [self.bind_situation(c, su, inst, env1)] if env2 is not None]
        groups: dict[tuple, list] = {}
        parties = self.ins[c.instrument].party_codes
        # §12.1: `each party P` ranges over the parties, `each SET P` over the set's members.
        each = {v: (k.ordered if hasattr(k, "members") else parties) for v, k, b in c.vars if b == "each"}
        for env, used in ways:
            free = [v for v in each if v not in env]
            for values in itertools.product(*(each[v] for v in free)):
                groups.setdefault(self.key(c, {**env, **dict(zip(free, values))}), []).append(used)
        return groups

    def applied(self, c: ClauseDef, key: tuple, used_lists: list) -> list[tuple]:
        ins = self.ins[c.instrument]
        sp = self.span(ins, self.subject_party(c, dict(key)))
        out = []
        for used in used_lists or [[]]:
            if sp is None:
                continue
            lo, hi = sp
            if c.window_from:
                lo = max(lo, c.window_from)
            if c.window_until:
                hi = min(hi, c.window_until + DAY)
            for inst in used:
                lo = max(lo, inst.start)
                if inst.end is not None:
                    hi = min(hi, inst.end)
            if lo < hi:
                out.append((lo, hi))
        return out

    # ------------------------------------------------------------ §9, §11, §12 verdicts
    def run(self) -> RefResult:
        res = RefResult(self.start, self.as_of, self.events)
        for iid, ins in self.ins.items():
            for c in ins.clauses:
                if c.declaratory or c.modality is None or c.modality == "may":
                    continue
                if c.modality == "must not":
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
            if e.action == NOTICE or c.action not in actions_of(self.model, e):
                continue
            ways = self.applies(c, e, i)
            if not ways and c.situations and (e.end_day != e.day or self.uncertain_at[i]):
                self._possibly_covered(c, e, i, seen, unknowns)
            for status, env, used in ways:
                k = self.key(c, env)
                seen.add(k)
                perm = self.permitted(c, e, i)
                if perm is True:
                    continue
                if status is True and perm is False:
                    # §1.3: an imprecise act is judged again at the end of the
                    # timeline: unknown if it relied on a situation that ended on
                    # or before its last possible day, or if, with every notice
                    # known, the clause may not apply on all its days.
                    if e.last_day not in (None, e.day) and (
                            any(x.end is not None and x.end <= e.end_day for x in used)
                            or self.in_time(c, e, None) is not True):
                        unknowns.add(k)
                    else:
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
            res.violations[(c.id, k, None)] = frozenset(violations.get(k, ()))
            if k in violations:
                status = "violated"
            elif k in unknowns:
                status = "unknown"
            else:
                pieces = self.applied(c, k, used_lists)
                if not pieces:
                    never = self.span(ins, self.subject_party(c, dict(k))) is None
                    status = "not_in_force" if never else "not_triggered"
                elif any(hi > self.as_of for _, hi in pieces):
                    status = "pending"
                else:
                    status = "fulfilled"
            res.status[(c.id, k, None)] = status

    def _possibly_covered(self, c: ClauseDef, e: Event, i: int, seen: set, unknowns: set) -> None:
        """§1.3: an act that no situation instance covered at its position is
        unknown if one possibly did — it started by the act's last possible day
        and had not ended before its first, and the act's date or the
        instance's start or end is imprecise — unless a permission (judged as
        things stand at the end of the timeline) surely excuses it."""
        pre = self.before_situations(c, e, i)
        if pre is None:
            return

        def possibly(x: Inst) -> bool:
            end_last = x.end_last or x.end
            if not (e.end_day > e.day or x.start_last > x.start or end_last != x.end):
                return False
            return x.start <= e.end_day and (x.end is None or e.day <= end_last)

        ways = [(pre[0], [])]
        for su in c.situations:
            ways = [(env2, used + [inst]) for env1, used in ways for inst in self.history
                    if inst.name == su.name and possibly(inst)
                    for env2 in [self.bind_situation(c, su, inst, env1)] if env2 is not None]
        if ways and self.permitted(c, e, None) is not True:
            k = self.key(c, ways[0][0])
            seen.add(k)
            unknowns.add(k)

    def _by(self, c: ClauseDef, res: RefResult) -> None:
        """§11.1: `by D`; §11.4: for `the parties`, every party must have taken
        part in a joint act (certainly: fulfilled; if the uncertain acts count
        too: unknown)."""
        seen, fulfilled, unknowns = set(), set(), set()
        d = c.deadline
        sure_cover: dict[tuple, set] = {}
        any_cover: dict[tuple, set] = {}
        for i, e in enumerate(self.events):
            if e.action == NOTICE or c.action not in actions_of(self.model, e):
                continue
            for status, env, used in self.applies(c, e, i):
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
        notices = self.final_notices[ins.name]
        for k in groups:
            party = self.subject_party(c, dict(k))
            if k in fulfilled:
                status = "fulfilled"
            elif k in unknowns:
                status = "unknown"
            elif self.as_of is None or self.as_of < d:
                status = "pending" if ever_in_force(ins, party, notices) else "not_in_force"
            elif not (in_force(ins, d, party, notices) and (c.window_from is None or c.window_from <= d)):
                status = "not_in_force"
            elif self.start is None or self.start > max(x for x in (ins.in_force, c.window_from) if x):
                status = "unknown"  # the duty began before the timeline: a fulfilment may lie before it
            else:
                status = "violated"
            res.status[(c.id, k, None)] = status
            res.violations[(c.id, k, None)] = frozenset()

    def _within(self, c: ClauseDef, res: RefResult) -> None:
        """§11.2: `within N of TRIGGER`: one obligation per triggering event, or
        per start (end) of an instance of the situation, and per value of each
        `each` variable the trigger leaves unbound."""
        ins = self.ins[c.instrument]
        obligations = self._event_obligations(c) if c.within is not None else self._situation_obligations(c)
        for i, e in enumerate(self.events):
            if e.action == NOTICE or c.action not in actions_of(self.model, e):
                continue
            for status, env, used in self.applies(c, e, i):
                for ob in obligations:
                    if ob.fulfilled or not ob.comes_after(i, e) or e.day > ob.latest:
                        continue
                    if any(ob.env.get(k) not in (None, v) for k, v in env.items()):
                        continue
                    sure = status is True and e.end_day <= ob.deadline
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
        notices = self.final_notices[ins.name]
        for ob in obligations:
            if ob.fulfilled:
                status = "fulfilled"
            elif ob.unknown:
                status = "unknown"
            elif self.as_of is None or self.as_of < ob.latest:
                status = "pending"
            elif in_force(ins, ob.latest, self.subject_party(c, ob.env), notices):
                status = "violated"
            else:
                status = "not_in_force"
            key = (c.id, self.key(c, ob.env), ob.ident)
            res.status[key] = status
            res.violations[key] = frozenset()

    def _each_values(self, c: ClauseDef, env: dict) -> list[dict]:
        """§11.2: `env` with each `each` variable it leaves unbound given every value."""
        parties = self.ins[c.instrument].party_codes
        free = [(v, k) for v, k, b in c.vars if b == "each" and v not in env]
        return [{**env, **{v: x for (v, _), x in zip(free, values)}}
                for values in itertools.product(*((k.ordered if hasattr(k, "members") else parties) for _, k in free))]

    def _event_obligations(self, c: ClauseDef) -> list["_Within"]:
        amount, unit, pat = c.within
        ins = self.ins[c.instrument]
        kinds = {v: k for v, k, _ in c.vars}
        out = []
        for i, e in enumerate(self.events):
            if e.action == NOTICE or pat.action not in actions_of(self.model, e):
                continue
            env = fill(pat.actor, e.actor, {}, ins.party_codes, kinds)
            if env is not None and pat.target is not None:
                env = fill(pat.target, e.target, env, ins.party_codes, kinds)
            if env is not None and in_force(ins, e.day, None, self.notices_at[i][ins.name]):
                for env1 in self._each_values(c, env):
                    out.append(_Within(env1, i, e.day, plus(e.day, amount, unit), plus(e.end_day, amount, unit), i))
        return out

    def _situation_obligations(self, c: ClauseDef) -> list["_Within"]:
        """§11.2: the starts (ends) of the instances of the situation, inside the
        timeline (an `initially` instance never starts), while the instrument is
        in force, whose arguments fit the clause (§6)."""
        amount, unit, edge, su = c.within_situation
        ins = self.ins[c.instrument]
        out = []
        for inst in self.history:
            if inst.name != su.name or (edge == "start" and inst.initial):
                continue
            if edge == "start":
                day, last, pos = inst.start, inst.start_last, inst.start_pos
            elif inst.end is None:
                continue
            else:
                day, last, pos = inst.end, inst.end_last or inst.end, inst.end_pos
            if not in_force(ins, day, None, self._notices_before(ins.name, day, pos)):
                continue
            env = self.bind_situation(c, su, inst, {})
            if env is None:
                continue
            for env1 in self._each_values(c, env):
                out.append(_Within(env1, pos, day, plus(day, amount, unit), plus(last, amount, unit),
                                   ("situation", pos, day)))
        return out

    def _notices_before(self, iid: str, day: _dt.date, pos: int | None) -> list:
        """The notices known at an event's position, or — for a declared day —
        before the first event of that day."""
        if pos is not None:
            return self.notices_at[pos][iid]
        later = [i for i, e in enumerate(self.events) if e.day >= day]
        return self.notices_at[later[0]][iid] if later else self.final_notices[iid]


def evaluate_reference(model: Model, ids, events, declared=(), as_of: _dt.date | None = None) -> RefResult:
    """Check `events` against the instruments `ids` of `model`, by the book."""
    return Reference(model, ids, list(events), declared, as_of).run()
