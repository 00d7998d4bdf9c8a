"""The evaluator: one pass over time-ordered events (docs/semantics.md).

Clauses are indexed by action, so an event that no clause or situation cares
about costs one dictionary look-up. Memory grows with open situations,
pending obligations and findings — never with the number of events.

Order: events are processed by (day, time, order in file). A list is sorted
here; an iterator (a streaming file reader) must already be in order, or
`OutOfOrder` is raised and the caller re-reads it into a sorted list.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from typing import Iterable

import attrs
from attrs import frozen

from ..events.model import Event
from ..model import ClauseDef, InstrumentDef, Model, SetKind
from ..model.readings import choose, questions_concerning, select
from .lifecycle import NOTICE_ACTION, Lifecycle, add
from .matching import ActionIndex, _kind_ok, conditions, kleene_any, match_who
from .joint import Coverage, is_joint_act, shared_blame
from .results import Declaratory, EventRef, Finding, Result, Trigger, Verdict
from .situations import Instance, Situations

ONE_DAY = _dt.timedelta(days=1)


class OutOfOrder(Exception):
    """A streamed event came before one already processed."""

    def __init__(self, event: Event):
        self.event = event
        super().__init__(f"{event.provenance}: event out of time order")


class _Rec:
    """Evidence gathered for one clause instance."""

    __slots__ = ("findings", "recheck", "joint")

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.recheck: list[tuple[int, _dt.date, list[Instance]]] = []
        self.joint: Coverage | None = None  # `the parties must …`: who has taken part


class _Obligation:
    """A `within` obligation created by a trigger: an event, or a situation
    instance starting or ending (`describe` and `source` then say which)."""

    __slots__ = ("env", "trigger", "start", "day", "deadline", "latest", "fulfilled", "unknown", "describe",
                 "source", "joint")

    def __init__(self, env, trigger: EventRef | None, pos: tuple, day: _dt.date, last_day: _dt.date, amount: int,
                 unit: str, describe: str | None = None, source: str | None = None):
        self.env = env
        self.trigger = trigger
        self.start = pos
        self.day = day
        # An imprecise trigger gives a range of deadlines: a fulfilment by the
        # earliest is certain, one by the latest only possible.
        self.deadline = add(day, amount, unit)
        self.latest = add(last_day, amount, unit)
        self.fulfilled: Finding | None = None
        self.unknown: Finding | None = None
        self.describe = describe or (trigger.describe() if trigger is not None else "")
        self.source = source
        self.joint: Coverage | None = None


class Evaluator:
    def __init__(self, model: Model, instrument_ids: Iterable[str], declared=(), as_of: _dt.date | None = None,
                 readings: Iterable[str] = ()):
        self.ids = tuple(dict.fromkeys(instrument_ids))
        # Contested readings are settled before anything else: the evaluator
        # checks the one model the chosen readings (else the defaults) give.
        self.readings_used: tuple[tuple[str, str, bool], ...] = ()
        if model.questions:
            chosen = choose(model, readings)
            self.readings_used = tuple((q, chosen[q], model.readings[chosen[q]].default)
                                       for q in questions_concerning(model, self.ids) if q in chosen)
            model = select(model, chosen)
        elif tuple(readings):
            choose(model, readings)  # raises: no such reading
        self.model = model
        # Derived attributes (`derive T from S`): action → [(target, source, key → value)].
        self.derive: dict[str, list[tuple[str, str, dict[str, str]]]] = {}
        for d in model.derives:
            table = d.mapping()
            for a in model.actions.values():
                if d.target in a.attrs and d.source in a.attrs:
                    self.derive.setdefault(a.name, []).append((d.target, d.source, table))
        self.ins: dict[str, InstrumentDef] = {i: model.instruments[i] for i in self.ids}
        self.life = {i: Lifecycle(d) for i, d in self.ins.items()}
        self.as_of = as_of
        self.clauses = [c for d in self.ins.values() for c in d.clauses if c.checkable]
        self.parties = {i: d.party_codes for i, d in self.ins.items()}
        # Clauses by action, each with the set of actors its subject can be
        # (None: anyone), so most events are rejected without matching.
        self.index: dict[str, list[tuple[ClauseDef, frozenset | None]]] = {}
        self.triggers: dict[str, list[ClauseDef]] = {}
        self.edges: dict[str, list[ClauseDef]] = {}  # situation -> clauses counting a deadline from it
        for c in self.clauses:
            if c.modality in ("must not", "must"):
                self.index.setdefault(c.action, []).append((c, self._subject_filter(c)))
            if c.within is not None:
                self.triggers.setdefault(c.within[2].action, []).append(c)
            if c.within_situation is not None:
                self.edges.setdefault(c.within_situation[3].name, []).append(c)
        self.perms = {c.id: self._permissions_for(c) for c in self.clauses if c.modality == "must not"}
        sit_names = {su.name for c in self.clauses for su in c.situations} | set(self.edges)
        parties = {p for d in self.ins.values() for p in d.party_codes}
        self.sits = Situations(model, sit_names, parties)
        self.sits.listener = self._situation_edge
        self.actions = ActionIndex(model)
        self.relevant = set(self.index) | set(self.triggers) | set(self.sits.by_action)
        relevant = [x for x in declared if x.name in sit_names]
        # The timeline's extent counts every day a declaration names, as
        # written (merging overlapping ones must not shorten it).
        self.declared_days = [x.start for x in relevant] + [x.until for x in relevant if x.until is not None]
        bounds = []
        for d in _merge_declared(relevant):
            bounds.append((d.start, 0, d))
            if d.until is not None:
                bounds.append((d.until + ONE_DAY, 1, d))
        self.bounds = sorted(bounds, key=lambda b: (b[0], b[1]))
        self.bi = 0
        self.recs: dict[str, dict[tuple, _Rec]] = {c.id: {} for c in self.clauses}
        self.obligations: dict[str, list[_Obligation]] = {c.id: [] for c in self.clauses if c.has_within}
        self.first: _dt.date | None = None
        self.last: _dt.date | None = None
        self.last_key: tuple | None = None
        self.begun = False
        self.checked = 0
        self.matched = 0
        self.permitted: list[tuple[str, EventRef]] = []
        self.maybe_later: list[tuple[ClauseDef, Event, dict]] = []

    # ------------------------------------------------------------ set-up
    def _subject_filter(self, c: ClauseDef) -> frozenset | None:
        s, parties = c.subject, frozenset(self.parties[c.instrument])
        if s.kind == "code":
            return frozenset([s.name])
        if s.kind == "member":
            return s.group.members
        if s.kind == "var" and isinstance(c.var_kind(s.name), SetKind):
            return c.var_kind(s.name).members
        if s.kind in ("other", "any_party", "parties") or (s.kind == "var" and c.var_kind(s.name) == "party"):
            return parties
        return None

    def _permissions_for(self, c: ClauseDef) -> list[ClauseDef]:
        """Permissions that may defeat prohibition `c`: those it names in
        `except`; else those of its instrument on the same action; plus any
        that `overrides` it."""
        perms = [p for p in self.clauses if p.modality == "may"]
        if c.excepts:
            out = [p for p in perms if p.id in c.excepts]
        else:
            out = [p for p in perms if p.instrument == c.instrument and p.action == c.action]
        out += [p for p in perms if c.id in p.overrides and p not in out]
        return out

    def _begin(self, day: _dt.date) -> None:
        if not self.begun:
            self.begun = True
            self._bounds_upto(day)
            self.sits.begin(day)

    def _bounds_upto(self, day: _dt.date) -> None:
        """Apply declared situation starts/ends dated on or before `day`."""
        while self.bi < len(self.bounds) and self.bounds[self.bi][0] <= day:
            when, kind, d = self.bounds[self.bi]
            if kind == 0:
                self.sits.declare_start(d.name, tuple(d.args), when, d.source)
            else:
                self.sits.declare_end(d.name, tuple(d.args), when)
            self.bi += 1

    # ------------------------------------------------------------ the pass
    def _derived(self, e: Event) -> Event:
        """`e` with the attributes a derive table fills in (those it lacks)."""
        add = []
        for target, source, table in self.derive[e.action]:
            if e.attr(target) in (None, ""):
                value = table.get(e.attr(source) or "")
                if value is not None:
                    add.append((target, value))
        if not add:
            return e
        return attrs.evolve(e, attrs=tuple(sorted([kv for kv in e.attrs if kv[0] not in dict(add)] + add)))

    def feed(self, e: Event) -> None:
        # The hot path: most events concern no clause, so bookkeeping comes
        # first and the action look-up is a cached dictionary hit.
        if self.derive and e.attrs and e.action in self.derive:
            e = self._derived(e)
        key = (e.day, e.time or "", e.seq)
        if self.last_key is not None and key < self.last_key:
            raise OutOfOrder(e)
        self.last_key = key
        self.checked += 1
        end = e.last_day or e.day
        if self.first is None:
            self.first = e.day
            self.last = end
            self._begin(min(e.day, self.bounds[0][0]) if self.bounds else e.day)
        elif end > self.last:
            self.last = end
        if self.bi < len(self.bounds):
            self._bounds_upto(e.day)
        if e.action is not None:
            if e.action == NOTICE_ACTION:
                self._notice(e)
                return
            actions = (e.action,)
        else:
            actions = self.actions.for_event(e)
        if not actions or self.relevant.isdisjoint(actions):
            return
        self.matched += 1
        if self.sits.by_action:
            self.sits.on_event(e, actions)
        actor = e.actor
        for a in actions:
            for c, who in self.index.get(a, ()):
                if who is not None and actor not in who:
                    continue
                if c.modality == "must not":
                    self._prohibition(c, e, actions)
                else:
                    self._fulfilment(c, e)
            for c in self.triggers.get(a, ()):
                self._trigger(c, e)

    def _notice(self, e: Event) -> None:
        target = e.attr("instrument")
        for iid, lc in self.life.items():
            if (target is None or target == iid) and e.actor in self.ins[iid].party_codes and lc.in_force(e.day, e.actor):
                lc.notice(e.actor, e.day)

    def _time(self, c: ClauseDef, e: Event) -> bool | None:
        """In force for the actor and inside the clause window, on every day the
        event may have happened (True), on none (False), or on some (None)."""
        lc = self.life[c.instrument]
        party = e.actor if e.actor in self.parties[c.instrument] else None
        day = e.day

        def ok(d):
            if not lc.in_force(d, party):
                return False
            if c.window_from and d < c.window_from:
                return False
            if c.window_until and d > c.window_until:
                return False
            return True

        first = ok(day)
        last = e.last_day
        if last is None or last == day:
            return first
        # Applicability can change only at these days: evaluate each piece of
        # the event's range between them; it is decided only if all agree.
        edges = [lc.start, lc.end(party), c.window_from, c.window_until + ONE_DAY if c.window_until else None]
        values = {first} | {ok(x) for x in edges if x is not None and day < x <= last}
        return first if len(values) == 1 else None

    def match(self, c: ClauseDef, e: Event) -> list[tuple[bool | None, dict, list[Instance], str]]:
        """Every way clause `c` applies to event `e`: (status, bindings,
        situation instances relied on, why unknown)."""
        parties = self.parties[c.instrument]
        kinds = {v: k for v, k, _ in c.vars}
        env: dict[str, str] = {}
        if not match_who(c.subject, e.actor, env, parties, kinds):
            return []
        if c.target is not None and not match_who(c.target, e.target, env, parties, kinds):
            return []
        if c.subject.kind == "parties" and not is_joint_act(e, parties):
            return []
        t = self._time(c, e)
        if t is False:
            return []
        cond = conditions(c.when, c.unless, e, env, parties, kinds)
        if cond is False:
            return []
        combos: list[tuple[dict, list[Instance]]] = [(env, [])]
        for su in c.situations:
            params = self.model.situations[su.name].params
            nxt = []
            for env0, used in combos:
                for inst in self.sits.holding(su.name):
                    env1 = dict(env0)
                    if self._bind_instance(su.args, inst.args, params, env1, parties):
                        nxt.append((env1, used + [inst]))
            combos = nxt
            if not combos:
                if c.modality == "must not" and (self.sits.uncertain or (e.last_day or e.day) > e.day):
                    # A situation may have held after all (its start or end,
                    # or the act's date, is imprecise): re-examined when the
                    # timeline is complete.
                    self.maybe_later.append((c, e, env))
                return []
        why = []
        # A situation started by an imprecise event may have started after an
        # act dated inside its range: such an act cannot be judged.
        combos_ok = [(env1, used, [i for i in used if i.start_last > i.start and e.day <= i.start_last])
                     for env1, used in combos]
        if t is None:
            why.append(f"the date {e.day:%Y-%m-%d}…{e.end_day:%Y-%m-%d} is imprecise and straddles the period in "
                       "which the clause applies")
        if cond is None:
            missing = sorted({x.attr for x in c.when + c.unless if e.attr(x.attr) in (None, "")})
            why.append("the event does not say its " + ", ".join(f"`{m}`" for m in missing))
        out = []
        for env1, used, late in combos_ok:
            why1 = list(why)
            if late:
                why1.append("the situation " + ", ".join(f"{i.describe()} started on an imprecise date "
                                                         f"({i.start}…{i.start_last})" for i in late)
                            + " and may have started after this event")
            status = True if t is True and cond is True and not late else None
            out.append((status, env1, used, "; ".join(why1)))
        return out

    @staticmethod
    def _bind_instance(whos, args, params, env, parties) -> bool:
        for w, val, (_, pkind) in zip(whos, args, params):
            if not _kind_ok(pkind, val, parties):
                return False
            if w.kind == "code":
                if w.name != val:
                    return False
            elif w.kind == "member":
                if val not in w.group.members:
                    return False
            elif w.kind == "var":
                bound = env.get(w.name)
                if bound is None:
                    env[w.name] = val
                elif bound != val:
                    return False
        return True

    def _key(self, c: ClauseDef, env: dict) -> tuple:
        # A situation variable that a `within` trigger leaves unbound is not
        # part of the instance: the obligation is the trigger's (§12.1).
        return tuple((v, env[v]) for v, _, b in c.vars if b in ("each", "situation") and v in env)

    def _rec(self, c: ClauseDef, key: tuple) -> _Rec:
        rec = self.recs[c.id].get(key)
        if rec is None:
            rec = self.recs[c.id][key] = _Rec()
        return rec

    def _prohibition(self, c: ClauseDef, e: Event, actions: tuple[str, ...]) -> None:
        for status, env, used, why in self.match(c, e):
            ref = EventRef.of(e)
            rec = self._rec(c, self._key(c, env))
            permitted, perm_why = self._permission(c, e, actions)
            if permitted is not None:
                rec.findings.append(Finding("context", e.day, f"permitted by `{permitted.name}` "
                                            f"({permitted.instrument})", ref))
                self.permitted.append((permitted.id, ref))
                continue
            if status is True and perm_why is None:
                joint = (e.actor, e.target) if c.subject.kind == "parties" else ()
                rec.findings.append(Finding("violation", e.day, self._describe(c, env, used), ref, joint))
                if e.last_day and e.last_day != e.day:
                    # Judged at the first possible day; re-judged at the end,
                    # when later situation ends and notices are known.
                    rec.recheck.append((len(rec.findings) - 1, e, used))
            else:
                reason = "; ".join(x for x in (why, perm_why) if x)
                rec.findings.append(Finding("unknown", e.day, f"cannot decide: {reason}", ref))

    def _permission(self, c: ClauseDef, e: Event, actions) -> tuple[ClauseDef | None, str | None]:
        """The permission that defeats prohibition `c` for `e` (if one surely
        does), else why one might (if one possibly does)."""
        perm_why = None
        for p in self.perms[c.id]:
            if p.action not in actions:
                continue  # a permission covers only its own action
            pm = self.match(p, e)
            s = kleene_any(x[0] for x in pm) if pm else False
            if s is True:
                return p, None
            if s is None:
                perm_why = f"it may be permitted by `{p.name}`: " + next(x[3] for x in pm if x[0] is None)
        return None, perm_why

    def _situations_started_within(self) -> None:
        """An act that no situation instance surely covered is undecidable if
        one possibly did: it may have started by the act's last possible day
        and ended after its first, with an imprecise date on one side."""
        for c, e, env in self.maybe_later:
            parties = self.parties[c.instrument]
            combos: list[tuple[dict, list[Instance]]] = [(env, [])]
            for su in c.situations:
                params = self.model.situations[su.name].params
                nxt = []
                for env0, used in combos:
                    for inst in self.sits.history:
                        if inst.name != su.name or not _possibly_covers(inst, e):
                            continue
                        env1 = dict(env0)
                        if self._bind_instance(su.args, inst.args, params, env1, parties):
                            nxt.append((env1, used + [inst]))
                combos = nxt
            if not combos:
                continue
            permitted, _ = self._permission(c, e, self.actions.for_event(e))
            if permitted is not None:
                continue
            env1, used = combos[0]
            self._rec(c, self._key(c, env1)).findings.append(Finding(
                "unknown", e.day, "cannot decide: " + ", ".join(
                    f"{i.describe()} ({i.start}…{i.end_last or 'open'})" for i in used)
                + " may or may not have held at the time of this event: a date is imprecise", EventRef.of(e)))

    @staticmethod
    def _describe(c: ClauseDef, env: dict, used: list[Instance]) -> str:
        text = f"`{c.name}` forbids this"
        if used:
            text += " while " + ", ".join(f"{i.describe()} (since {i.start})" for i in used)
        return text

    def _fulfilment(self, c: ClauseDef, e: Event) -> None:
        for status, env, used, why in self.match(c, e):
            ref = EventRef.of(e)
            if c.deadline is not None:
                rec = self._rec(c, self._key(c, env))
                if any(f.kind == "fulfilment" for f in rec.findings):
                    continue
                if e.day > c.deadline:
                    rec.findings.append(Finding("context", e.day, f"after the deadline {c.deadline}: too late", ref))
                elif c.subject.kind == "parties":
                    if rec.joint is None:
                        rec.joint = Coverage(self.parties[c.instrument])
                    sure = status is True and e.end_day <= c.deadline
                    rec.findings.append(self._joint_finding(c, e, ref, rec.joint, sure, why, c.deadline))
                elif e.end_day > c.deadline or status is None:
                    why = why or f"the date may fall after the deadline {c.deadline}"
                    rec.findings.append(Finding("unknown", e.day, f"may fulfil it, cannot decide: {why}", ref))
                else:
                    rec.findings.append(Finding("fulfilment", e.day, f"fulfils `{c.name}` by {c.deadline}", ref))
            elif c.has_within:
                for ob in self.obligations[c.id]:
                    if ob.fulfilled or e.sort_key() <= ob.start or e.day > ob.latest:
                        continue
                    if any(ob.env.get(k) not in (None, v) for k, v in env.items()):
                        continue
                    if c.subject.kind == "parties":
                        if ob.joint is None:
                            ob.joint = Coverage(self.parties[c.instrument])
                        f = self._joint_finding(c, e, ref, ob.joint, status is True and e.end_day <= ob.deadline,
                                                why, ob.deadline)
                        if f.kind == "fulfilment":
                            ob.fulfilled = f
                        elif f.kind == "unknown" and ob.unknown is None:
                            ob.unknown = f
                        continue
                    if status is True and e.end_day <= ob.deadline:
                        ob.fulfilled = Finding("fulfilment", e.day, f"fulfils `{c.name}` by {ob.deadline}", ref)
                    elif ob.unknown is None:
                        ob.unknown = Finding("unknown", e.day, f"may fulfil it, cannot decide: {why}", ref)

    @staticmethod
    def _joint_finding(c: ClauseDef, e: Event, ref: EventRef, cover: Coverage, sure: bool, why: str,
                       deadline: _dt.date) -> Finding:
        """An act between two parties, counted towards `the parties`' joint act."""
        got = cover.add(e, sure)
        if got == "fulfilled":
            return Finding("fulfilment", e.day, f"fulfils `{c.name}` by {deadline}: every party has taken part",
                           ref, tuple(sorted(cover.parties)))
        why = why or f"the date may fall after the deadline {deadline}"
        if got == "unknown":
            return Finding("unknown", e.day, f"may complete the joint act, cannot decide: {why}", ref)
        if not sure:
            return Finding("context", e.day, f"may count towards the joint act, cannot decide: {why}", ref)
        n, total = len(cover.certain), len(cover.parties)
        return Finding("context", e.day, f"a joint act of {e.actor} and {e.target}: {n} of {total} parties have "
                       "taken part", ref, (e.actor, e.target))

    def _trigger(self, c: ClauseDef, e: Event) -> None:
        amount, unit, pat = c.within
        parties = self.parties[c.instrument]
        kinds = {v: k for v, k, _ in c.vars}
        env: dict[str, str] = {}
        if not match_who(pat.actor, e.actor, env, parties, kinds):
            return
        if pat.target is not None and not match_who(pat.target, e.target, env, parties, kinds):
            return
        if not self.life[c.instrument].in_force(e.day):
            return
        ref = EventRef.of(e)
        for env1 in self._each_bindings(c, env):
            self.obligations[c.id].append(_Obligation(env1, ref, e.sort_key(), e.day, e.end_day, amount, unit))

    def _situation_edge(self, edge: str, inst: Instance, pos: tuple) -> None:
        """A situation instance started or ended: the obligations counted from
        it (`within N of the start|end of S(ARGS)`), one per binding."""
        for c in self.edges.get(inst.name, ()):
            amount, unit, want, su = c.within_situation
            if want != edge:
                continue
            day, last = (inst.start, inst.start_last) if edge == "start" else (inst.end, inst.end_last or inst.end)
            if not self.life[c.instrument].in_force(day):
                continue
            env: dict[str, str] = {}
            params = self.model.situations[su.name].params
            if not self._bind_instance(su.args, inst.args, params, env, self.parties[c.instrument]):
                continue
            ref = inst.started_by if edge == "start" else inst.ended_by
            what = f"{'start' if edge == 'start' else 'end'} of {inst.describe()}"
            for env1 in self._each_bindings(c, env):
                self.obligations[c.id].append(_Obligation(env1, ref, pos, day, last, amount, unit, what,
                                                          inst.source if ref is None else None))

    def _each_bindings(self, c: ClauseDef, env: dict) -> list[dict]:
        """`env` completed with every value of each `each` variable it leaves
        unbound: `each party P must … within N of any party X` is owed by every
        party, one obligation each, never one that any party can discharge."""
        free = [(v, k) for v, k, b in c.vars if b == "each" and v not in env]
        if not free:
            return [env]
        domains = [_domain(k, self.parties[c.instrument]) for _, k in free]
        return [{**env, **dict(zip((v for v, _ in free), values))} for values in itertools.product(*domains)]

    # ------------------------------------------------------------ verdicts
    def finish(self) -> Result:
        days = self.declared_days
        start = min([self.first] + days) if self.first else (min(days) if days else None)
        as_of = self.as_of or self.last
        if days and not self.as_of:
            as_of = max([as_of] + days) if as_of else max(days)
        if start is None:
            start = as_of
        if start is not None:
            self._begin(start)
            self._bounds_upto(as_of)
        self._situations_started_within()
        verdicts: list[Verdict] = []
        declaratory: list[Declaratory] = []
        for iid in self.ids:
            d = self.ins[iid]
            for c in d.clauses:
                art = d.article_of(c)
                if not c.checkable:
                    declaratory.append(Declaratory(iid, art.name, c.name, c.text or self._norm_text(c)))
                    continue
                if c.modality == "may":
                    continue
                verdicts.extend(self._verdicts(d, c, start, as_of))
        notices = tuple((iid, p, given, eff) for iid in self.ids for p, given, eff in self.life[iid].notices)
        return Result(self.ids, start, as_of, tuple(verdicts), tuple(declaratory), self.checked, self.matched,
                      notices, readings=self.readings_used)

    @staticmethod
    def _norm_text(c: ClauseDef) -> str:
        tgt = f" {c.target}" if c.target else ""
        return f"{c.subject} {c.modality} {c.action}{tgt}"

    def _in_force_span(self, d: InstrumentDef, party: str | None, start, as_of):
        iv = self.life[d.name].intervals(party)
        if iv is None or start is None:
            return None
        lo, hi = max(iv[0], start), min(iv[1], as_of + ONE_DAY) if iv[1] else as_of + ONE_DAY
        return (lo, hi) if lo < hi else None

    def _subject_party(self, c: ClauseDef, env: dict) -> str | None:
        s = c.subject
        if s.kind == "code":
            return s.name
        if s.kind == "var":
            return env.get(s.name)
        if s.kind == "other":
            p = env.get(s.name)
            parties = self.parties[c.instrument]
            if p in parties and len(parties) == 2:
                return parties[0] if parties[1] == p else parties[1]
        return None

    def _candidate_envs(self, c: ClauseDef, d: InstrumentDef) -> list[tuple[dict, list[Instance]]]:
        """Every binding under which the clause could apply: situation instances
        seen in the timeline (compatible with the clause), times each party for
        the `each` variables left unbound."""
        combos: list[tuple[dict, list[Instance]]] = [({}, [])]
        for su in c.situations:
            params = self.model.situations[su.name].params
            nxt = []
            for env0, used in combos:
                for inst in self.sits.history:
                    if inst.name != su.name:
                        continue
                    env1 = dict(env0)
                    if self._bind_instance(su.args, inst.args, params, env1, d.party_codes):
                        nxt.append((env1, used + [inst]))
            combos = nxt
        out = []
        each = [(v, k) for v, k, b in c.vars if b == "each"]
        for env, used in combos:
            free = [(v, k) for v, k in each if v not in env]
            domains = [_domain(k, d.party_codes) for _, k in free]
            for values in itertools.product(*domains):
                e2 = dict(env)
                e2.update(zip((v for v, _ in free), values))
                out.append((e2, used))
        return out

    def _applied(self, c, d, env, used, start, as_of):
        """Days on which the clause applied under `env`, as [from, until) pieces."""
        span = self._in_force_span(d, self._subject_party(c, env), start, as_of)
        if span is None:
            return []
        lo, hi = span
        if c.window_from:
            lo = max(lo, c.window_from)
        if c.window_until:
            hi = min(hi, c.window_until + ONE_DAY)
        for inst in used:
            lo = max(lo, inst.start)
            if inst.end is not None:
                hi = min(hi, inst.end)
        return [(lo, hi)] if lo < hi else []

    def _verdicts(self, d: InstrumentDef, c: ClauseDef, start, as_of) -> list[Verdict]:
        art = d.article_of(c)
        if c.modality == "must" and c.has_within:
            return self._within_verdicts(d, c, art, start, as_of)
        recs = self.recs[c.id]
        groups: dict[tuple, list[list[Instance]]] = {}
        envs: dict[tuple, dict] = {}
        for env, used in self._candidate_envs(c, d):
            k = self._key(c, env)
            groups.setdefault(k, []).append(used)
            envs[k] = env
        for k in recs:
            groups.setdefault(k, [])
            envs.setdefault(k, dict(k))
        if not groups:
            status = "not_in_force" if self._in_force_span(d, None, start, as_of) is None else "not_triggered"
            return [Verdict(d.name, art.name, c.name, status, deadline=c.deadline)]
        out = []
        for k in sorted(groups):
            env = envs[k]
            applied = sorted({iv for used in (groups[k] or [[]]) for iv in self._applied(c, d, env, used, start, as_of)})
            rec = recs.get(k) or _Rec()
            findings = list(rec.findings)
            for idx, ev, used in rec.recheck:
                f = findings[idx]
                if any(i.end is not None and i.end <= ev.end_day for i in used):
                    findings[idx] = Finding("unknown", f.day, "cannot decide: the imprecise date may fall after "
                                            "the situation ended", f.event)
                elif self._time(c, ev) is not True:
                    findings[idx] = Finding("unknown", f.day, "cannot decide: the imprecise date may fall after "
                                            "the instrument stopped applying", f.event)
            triggers = tuple(
                Trigger(i.describe(), i.start, i.end, i.started_by, i.source,
                        i.start_last if i.start_last != i.start else None,
                        i.end_last if i.end_last is not None and i.end_last != i.end else None)
                for used in groups[k] for i in used)
            party = self._subject_party(c, env)
            if c.modality == "must":
                status, extra, blame = self._deadline_status(d, c, party, findings, start, as_of)
                findings += extra
            else:
                status, blame = self._prohibition_status(d, c, party, findings, applied, start, as_of)
            is_open = status == "pending" and c.modality == "must not"
            notes = self._notes(d, c, party, start, as_of)
            out.append(Verdict(d.name, art.name, c.name, status, k, blame, tuple(findings),
                               tuple(dict.fromkeys(triggers)), tuple(applied), c.deadline, is_open, notes))
        return out

    def _prohibition_status(self, d, c, party, findings, applied, start, as_of):
        viol = [f for f in findings if f.kind == "violation"]
        if viol:
            return "violated", tuple(sorted({p for f in viol if f.event for p in (f.parties or (f.event.actor,))}))
        if any(f.kind == "unknown" for f in findings):
            return "unknown", ()
        if not applied:
            never = self._in_force_span(d, party, start, as_of) is None
            return ("not_in_force" if never else "not_triggered"), ()
        if any(hi > as_of for _, hi in applied):
            return "pending", ()
        return "fulfilled", ()

    def _deadline_status(self, d, c, party, findings, start, as_of):
        if any(f.kind == "fulfilment" for f in findings):
            return "fulfilled", [], ()
        if any(f.kind == "unknown" for f in findings):
            return "unknown", [], ()
        if as_of is None or as_of < c.deadline:
            span = self._in_force_span(d, party, start, as_of) if as_of else None
            return ("pending" if span or self.life[d.name].intervals(party) else "not_in_force"), [], ()
        lc = self.life[d.name]
        if not (lc.in_force(c.deadline, party) and (c.window_from is None or c.window_from <= c.deadline)):
            return "not_in_force", [], ()
        # The duty could be discharged from the day it began to apply; if the
        # timeline starts later, a fulfilling event may lie before it: no
        # evidence either way, so the verdict is unknown, never violated.
        began = max(x for x in (lc.start, c.window_from) if x is not None)
        if start is None or start > began:
            miss = Finding("unknown", c.deadline, f"cannot decide: the timeline starts on {start}, after the "
                           f"obligation began to apply ({began}); a `{c.action}` before then would fulfil it")
            return "unknown", [miss], ()
        miss = Finding("missed_deadline", c.deadline, f"no `{c.action}` by {party or c.subject} on or before "
                       f"{c.deadline}")
        took_part = frozenset(p for f in findings if f.kind == "context" for p in f.parties)
        return "violated", [miss], shared_blame(c, self.parties[c.instrument], party, took_part)

    def _within_verdicts(self, d, c, art, start, as_of) -> list[Verdict]:
        obs = self.obligations[c.id]
        if not obs:
            status = "not_in_force" if self._in_force_span(d, None, start, as_of) is None else "not_triggered"
            return [Verdict(d.name, art.name, c.name, status)]
        out = []
        for ob in obs:
            party = self._subject_party(c, ob.env)
            trig = (Trigger(ob.describe, ob.day, None, ob.trigger, ob.source),)
            findings: list[Finding] = []
            if ob.joint is not None and ob.joint.certain and not ob.fulfilled:
                # Who took part in a joint act in time: the evidence for blame.
                findings.append(Finding("context", ob.day, "parties that took part in a joint act in time: "
                                        + ", ".join(sorted(ob.joint.certain)), None, tuple(sorted(ob.joint.certain))))
            if ob.fulfilled:
                status, blame = "fulfilled", ()
                findings.append(ob.fulfilled)
            elif ob.unknown:
                status, blame = "unknown", ()
                findings.append(ob.unknown)
            elif as_of is None or as_of < ob.latest:
                status, blame = "pending", ()
            elif self.life[d.name].in_force(ob.latest, party):
                # The trigger is inside the timeline, so every fulfilling event
                # (after the trigger) would be in it too.
                took_part = frozenset(ob.joint.certain) if ob.joint is not None else frozenset()
                status, blame = "violated", shared_blame(c, self.parties[c.instrument], party, took_part)
                amount, unit = (c.within or c.within_situation)[:2]
                findings.append(Finding("missed_deadline", ob.deadline,
                                        f"no `{c.action}` within {amount} {unit}(s) of the "
                                        + ("trigger" if c.within is not None else ob.describe)))
            else:
                status, blame = "not_in_force", ()
            out.append(Verdict(d.name, art.name, c.name, status, self._key(c, ob.env), blame, tuple(findings),
                               trig, (), ob.deadline, False, ()))
        return out

    def _notes(self, d, c, party, start, as_of) -> tuple[str, ...]:
        lc = self.life[d.name]
        notes = []
        for p, given, eff in lc.notices:
            notes.append(f"{p} gave notice of termination on {given}; effective {eff}")
        return tuple(notes)


def _domain(kind: str, parties: tuple[str, ...]) -> tuple[str, ...]:
    """The values an `each` variable of `kind` takes: the members of its set,
    or the parties."""
    return kind.ordered if isinstance(kind, SetKind) else parties


def _possibly_covers(inst: Instance, e: Event) -> bool:
    """Could `inst` have held when `e` happened, given imprecise dates? Only
    asked of acts it did not surely cover, so certainty needs no re-check;
    with every date precise the answer is no."""
    first, last = e.day, e.last_day or e.day
    imprecise = last > first or inst.start_last > inst.start or (inst.end_last or inst.end) != inst.end
    if not imprecise:
        return False
    started = inst.start <= last
    not_ended = inst.end is None or first <= (inst.end_last or inst.end)
    return started and not_ended


def evaluate_unordered(model: Model, instrument_ids: Iterable[str], events: Iterable[Event], declared=(),
                       as_of: _dt.date | None = None, readings: Iterable[str] = ()) -> Result:
    """Check a stream that is not in time order (news-coded exports carry
    misdated rows). One pass counts every event and keeps only those a clause,
    situation or notice can use — a small share of news-coded data — which are
    then sorted and evaluated: memory grows with the kept events, not with the
    file. Same verdicts as `evaluate` on the sorted stream."""
    ev = Evaluator(model, instrument_ids, declared, as_of, readings)
    kept: list[Event] = []
    checked, first, last = 0, None, None
    for e in events:
        if as_of is not None and e.day > as_of:
            continue
        checked += 1
        end = e.last_day or e.day
        first = e.day if first is None or e.day < first else first
        last = end if last is None or end > last else last
        if e.action == NOTICE_ACTION or not ev.relevant.isdisjoint(ev.actions.for_event(e)):
            kept.append(e)
    kept.sort(key=Event.sort_key)
    if first is not None:
        ev.first, ev.last = first, last
        ev._begin(min([first] + ev.declared_days))
    for e in kept:
        ev.feed(e)
    ev.checked = checked
    return ev.finish()


def _merge_declared(declared):
    """Declared intervals of one situation instance that overlap or touch are
    one interval (a second declaration restates, never truncates, the first)."""
    by_key: dict[tuple, list] = {}
    for d in declared:
        by_key.setdefault((d.name, tuple(d.args)), []).append(d)
    out = []
    for (name, args), ds in sorted(by_key.items()):
        ds.sort(key=lambda d: d.start)
        cur = None
        for d in ds:
            if cur is not None and (cur.until is None or d.start <= cur.until + ONE_DAY):
                until = None if cur.until is None or d.until is None else max(cur.until, d.until)
                cur = _Declared(name, args, cur.start, until, cur.source or d.source)
            else:
                if cur is not None:
                    out.append(cur)
                cur = _Declared(name, args, d.start, d.until, d.source)
        out.append(cur)
    return out


@frozen
class _Declared:
    name: str
    args: tuple
    start: _dt.date
    until: _dt.date | None
    source: str | None


def evaluate(model: Model, instrument_ids: Iterable[str], events: Iterable[Event], declared=(),
             as_of: _dt.date | None = None, readings: Iterable[str] = ()) -> Result:
    """Check `events` against the named instruments of `model`, under the
    default readings with each of `readings` (names) in place of its
    question's default."""
    ev = Evaluator(model, instrument_ids, declared, as_of, readings)
    if isinstance(events, (list, tuple)):
        events = sorted(events, key=Event.sort_key)
    for e in events:
        if as_of is not None and e.day > as_of:
            continue
        ev.feed(e)
    return ev.finish()
