"""The evaluator (docs/semantics.md): one pass over the events, then judgement.

Row order in an event file is not evidence of sequence, and an act on one day
may be preceded by an event written anywhere later in the file (an untimed
row of the same day, an event dated only by month). So the evaluator works in
two phases:

1. `feed`: one pass over the events, in any order. Most events concern no
   clause and cost one dictionary look-up; the others are kept — machine-coded
   reports of the same act (same day, actor, target, code) merged into one
   act with every report as evidence (`acts.py`) — with the notices of
   termination. Memory grows with the kept events, not with the file.
2. `finish`: life cycles from the notices (`lifecycle.py`), situation
   instances from their starting and ending events (`situations.py`), then
   every kept act judged against every clause of its action, with everything
   the timeline says known — and the verdicts (`verdicts.py`).

Every answer is three-valued: a clause applies to an act surely, possibly
(the finding is `unknown`, with the reason) or not at all.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from typing import Iterable

import attrs
from attrs import frozen

from ..events.model import Event
from ..model import ClauseDef, Corroboration, InstrumentDef, Model, SetKind
from ..model.readings import choose, questions_concerning, select
from .acts import Acts
from .evidence import Act, ActJudge
from .joint import Coverage, is_joint_act
from .lifecycle import NOTICE_ACTION, RATIFICATION_ACTION, Lifecycle
from .matching import ActionIndex, _kind_ok, conditions, domain, kleene_any, match_who
from .results import EventRef, Finding, Findings, Result
from .situations import Fluent, Situations
from .verdicts import Verdicts

ONE_DAY = _dt.timedelta(days=1)


class _Rec:
    """Evidence gathered for one clause instance."""

    __slots__ = ("findings", "joint")

    def __init__(self, limit: int | None = None) -> None:
        self.findings = Findings(limit)  # all, or at most `limit` kept with exact counts
        self.joint: Coverage | None = None  # `the parties must …`: who has taken part


class Obligation:
    """A `within` obligation created by a trigger: an act, or a situation
    instance starting or ending (`describe` and `source` then say which).
    `act` is the trigger's `Act` or None; `lo`, `hi` its span of moments."""

    __slots__ = ("env", "act", "lo", "hi", "trigger", "day", "deadline", "latest", "fulfilled", "unknown",
                 "certain", "why", "describe", "source", "joint")

    def __init__(self, env, act: Act | None, lo, hi, ref: EventRef | None, amount: int, unit: str, certain: bool,
                 why: str, describe: str | None = None, source: str | None = None):
        from .lifecycle import add

        self.env = env
        self.act = act
        self.lo, self.hi = lo, hi
        self.trigger = ref
        self.day = lo[0]
        # An imprecise trigger gives a range of deadlines: a fulfilment by the
        # earliest is certain, one by the latest only possible.
        self.deadline = add(lo[0], amount, unit)
        self.latest = add(hi[0], amount, unit)
        self.fulfilled: Finding | None = None
        self.unknown: Finding | None = None
        self.certain = certain
        self.why = why
        self.describe = describe or (ref.describe() if ref is not None else "")
        self.source = source
        self.joint: Coverage | None = None  # `the parties must …`: who has taken part


class Evaluator(ActJudge):
    def __init__(self, model: Model, instrument_ids: Iterable[str], declared=(), as_of: _dt.date | None = None,
                 readings: Iterable[str] = (), *, ordered: bool = False,
                 corroboration: Corroboration | None = None, max_findings: int | None = None):
        self.ids = tuple(dict.fromkeys(instrument_ids))
        # What a coded report needs behind it, for every clause and situation
        # (the command line's override), else what each declares, else the default.
        self.corroboration = corroboration
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
        self.ordered = ordered
        self.life = {i: Lifecycle(d, ordered) for i, d in self.ins.items()}
        self.as_of = as_of
        self.clauses = [c for d in self.ins.values() for c in d.clauses if c.checkable]
        self.parties = {i: d.party_codes for i, d in self.ins.items()}
        # Clauses by action, each with the set of actors its subject can be
        # (None: anyone), so most acts are rejected without matching.
        self.index: dict[str, list[tuple[ClauseDef, frozenset | None]]] = {}
        self.triggers: dict[str, list[ClauseDef]] = {}
        self.edges: dict[str, list[ClauseDef]] = {}  # situation -> clauses counting a deadline from it
        for c in self.clauses:
            if c.modality in ("must not", "must") and c.holds is None:
                self.index.setdefault(c.action, []).append((c, self._subject_filter(c)))
            if c.within is not None:
                self.triggers.setdefault(c.within[2].action, []).append(c)
            if c.within_situation is not None:
                self.edges.setdefault(c.within_situation[3].name, []).append(c)
        self.perms = {c.id: self._permissions_for(c) for c in self.clauses if c.modality == "must not"}
        self.sit_names = {su.name for c in self.clauses for su in c.situations} | set(self.edges) | {
            c.holds.name for c in self.clauses if c.holds is not None}
        parties = {p for d in self.ins.values() for p in d.party_codes}
        self.sits = Situations(model, self.sit_names, parties, ordered)
        self.actions = ActionIndex(model)
        self._codes = self.actions._cache  # CAMEO code -> actions, filled by ActionIndex.for_code
        self.relevant = set(self.index) | set(self.triggers) | set(self.sits.by_action)
        self.declared = [x for x in declared if x.name in self.sit_names]
        # The timeline's extent counts every day a declaration names, as
        # written (merging overlapping ones must not shorten it).
        self.declared_days = [x.start for x in self.declared] + [x.until for x in self.declared if x.until]
        self.acts = Acts()
        self.notices: list[Event] = []
        self.first: _dt.date | None = None
        self.last: _dt.date | None = None
        self.checked = 0
        self.matched = 0
        # Events the analyst asserts (scenario lines, plain CSV/JSONL rows):
        # with none, the timeline is machine-coded reports only, and the
        # absence of an act no coding records is no evidence (§13).
        self.asserted = 0
        self.recs: dict[str, dict[tuple, _Rec]] = {c.id: {} for c in self.clauses}
        self.max_findings = max_findings  # findings kept per clause instance (None: all)
        self.obligations: dict[str, list[Obligation]] = {c.id: [] for c in self.clauses if c.has_within}
        self.permitted: list[tuple[str, EventRef]] = []

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
        # Priority between instruments (`prevails over`): the prevailing
        # instrument's permissions defeat this one's prohibitions on the action.
        out += [p for p in perms if p.action == c.action and p not in out and self._prevails(p.instrument, c.instrument)]
        return out

    def _prevails(self, a: str, b: str) -> str | None:
        """The principle by which instrument `a` prevails over `b`, if it does."""
        return dict(self.ins[a].prevails).get(b)

    # ------------------------------------------------------------ phase 1: the pass
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
        """Take one event (in any order). The hot path: most events concern no
        clause, so bookkeeping comes first and the action look-up is a cached
        dictionary hit."""
        if self.derive and e.attrs and e.action in self.derive:
            e = self._derived(e)
        self.checked += 1
        if not e.coded:
            self.asserted += 1
        end = e.last_day or e.day
        if self.first is None:
            self.first, self.last = e.day, end
        else:
            if e.day < self.first:
                self.first = e.day
            if end > self.last:
                self.last = end
        if e.action is not None:
            if e.action in (NOTICE_ACTION, RATIFICATION_ACTION):
                self.notices.append(e)
                return
            actions = (e.action,)
        elif not e.attrs and e.code is not None:
            actions = self._codes.get(e.code)  # the common case: a bare CAMEO code, seen before
            if actions is None:
                actions = self.actions.for_event(e)
        else:
            actions = self.actions.for_event(e)
        if not actions or self.relevant.isdisjoint(actions):
            return
        self.matched += 1
        self.acts.add(e, actions)

    # ------------------------------------------------------------ phase 2: judgement
    def finish(self) -> Result:
        days = self.declared_days
        start = min([self.first] + days) if self.first else (min(days) if days else None)
        as_of = self.as_of or self.last
        if days and not self.as_of:
            as_of = max([as_of] + days) if as_of else max(days)
        if start is None:
            start = as_of
        # Ratifications first (they fix entry into force), then notices.
        self._entry_lives = self._entry_lifecycles()
        for e in sorted(self.notices, key=lambda x: (x.action != RATIFICATION_ACTION,) + x.sort_key()):
            target = e.attr("instrument")
            lives = self._entry_lives if e.action == RATIFICATION_ACTION else self.life
            for iid, lc in lives.items():
                if target is None or target == iid:
                    if e.action == RATIFICATION_ACTION:
                        lc.add_ratification(e)
                    else:
                        lc.add_notice(e)
        acts = [Act(e, actions, self.ordered, days) for e, actions, days in self.acts.merged()]
        acts.sort(key=lambda a: (a.lo, a.hi, a.e.provenance.file, a.e.provenance.line, a.e.seq))
        self._by_action: dict[str, list[Act]] = {}
        for a in acts:
            for name in a.actions:
                self._by_action.setdefault(name, []).append(a)
        self._act_of = {id(a.e): a for a in acts}
        self._pairs: dict[str, dict] = {}
        for d in _merge_declared(self.declared):
            self.sits.declare(d.name, tuple(d.args), d.start, d.until, d.source)
        ended_before = set()
        for name, iid in self.sits.entry_ends():
            lc = self._entry_lives.get(iid)
            rng = lc.start_range(None) if lc is not None else None
            if rng is not None and start is not None and rng[1][0] <= start:
                # Surely in force by the first day: an `initially` situation
                # it ends holds on no day of the timeline (§5.4).
                ended_before.add(name)
            if rng is not None and start is not None:
                # At the start of the day of entry into force, after any start
                # declared for that day (like a declared end); one before the
                # timeline ends an `initially` situation at its very start.
                lo, hi = (max(rng[0][0], start), 0, "", 1), (max(rng[1][0], start), 0, "", 1)
                self.sits.end_on_entry(name, (lo, hi), f"{iid} enters into force")
        if start is not None:
            self.sits.begin(start, skip=ended_before)
        for a in acts:
            if not self.sits.by_action.keys().isdisjoint(a.actions):
                self.sits.on_event(a.e, a.actions, self._judge_trigger)
        self.sits.finish(start, as_of)
        for a in acts:
            for name in a.actions:
                for c in self.triggers.get(name, ()):
                    self._trigger(c, a)
        for name, clauses in sorted(self.edges.items()):
            for f in self.sits.of(name):
                for c in clauses:
                    self._situation_edges(c, f)
        for a in acts:
            actor = a.e.actor
            for name in a.actions:
                for c, who in self.index.get(name, ()):
                    if who is not None and actor not in who:
                        continue
                    if c.modality == "must not":
                        self._prohibition(c, a)
                    else:
                        self._fulfilment(c, a)
        result = Verdicts(self, start, as_of).result()
        notices = tuple((iid, n.party, n.event.day, n.lo[0]) for iid in self.ids for n in self.life[iid].notices)
        return Result(self.ids, start, as_of, result[0], result[1], self.checked, self.matched, notices,
                      readings=self.readings_used, acts=self.acts.count, reports=self.acts.reports)

    def _entry_lifecycles(self) -> dict[str, Lifecycle]:
        """Life cycles that ratification events can change: the checked
        instruments', and those of loaded instruments whose entry into force
        ends a situation the clauses use (`ends when ID enters into force`)."""
        out = dict(self.life)
        for _name, iid in self.sits.entry_ends():
            if iid not in out and iid in self.model.instruments:
                out[iid] = Lifecycle(self.model.instruments[iid], self.ordered)
        return out

    # ------------------------------------------------------------ does a clause apply to an act?
    def match(self, c: ClauseDef, a: Act) -> list[tuple[bool | None, dict, list[Fluent], str]]:
        """Every way clause `c` applies to act `a`: (True: surely, None:
        possibly; bindings; situation instances relied on; why possibly)."""
        e = a.e
        parties = self.parties[c.instrument]
        kinds = {v: k for v, k, _ in c.vars}
        env: dict[str, str] = {}
        why: list[str] = []
        who = match_who(c.subject, e.actor, env, parties, kinds, why, e.coded, e.day)
        if who is False:
            return []
        if c.target is not None:
            t = match_who(c.target, e.target, env, parties, kinds, why, e.coded, e.day)
            if t is False:
                return []
            who = None if None in (who, t) else True
        sure, more = self.act_sure(c.action, a, c.corroboration)
        if sure is False:
            return []
        if sure is None:
            who = None
            why.extend(more)
        if c.subject.kind == "parties" and not is_joint_act(e, parties):
            return []
        party = e.actor if e.actor in parties else None
        t = self.life[c.instrument].applies(a.lo, a.hi, party, c.window_from, c.window_until)
        if t is False:
            return []
        cond = conditions(c.when, c.unless, e, env, parties, kinds)
        if cond is False:
            return []
        judged = not c.provided  # `provided "…"`: a judgement the checker does not make
        combos: list[tuple[dict, list[Fluent], bool | None]] = [(env, [], True)]
        for su in c.situations:
            params = self.model.situations[su.name].params
            nxt = []
            for env0, used, st0 in combos:
                for f in self._fluents(su, env0):
                    env1 = dict(env0)
                    if not self._bind_instance(su.args, f.args, params, env1, parties):
                        continue
                    st = f.state(a.lo, a.hi, e)
                    if st is False:
                        continue
                    nxt.append((env1, used + [f], True if (st0, st) == (True, True) else None))
            combos = nxt
            if not combos:
                return []
        if t is None:
            why.append(self._time_doubt(c, a, party))
        if cond is None:
            missing = sorted({x.attr for x in c.when + c.unless if e.attr(x.attr) in (None, "")})
            why.append("the event does not say its " + ", ".join(f"`{m}`" for m in missing))
        if not judged:
            why.append("whether " + "; and whether ".join(f"“{t}”" for t in c.provided)
                       + " is a judgement the checker does not make")
        out = []
        for env1, used, st in combos:
            why1 = list(why)
            if st is not True:
                for f in used:
                    doubts = f.doubts(a.lo, a.hi)
                    why1.append(f"{f.describe()} may or may not have held at the time"
                                + (": " + "; ".join(doubts) if doubts else ""))
            status = True if (who, t, cond, st, judged) == (True, True, True, True, True) else None
            out.append((status, env1, used, "; ".join(why1)))
        return out

    def _fluents(self, su, env: dict) -> list[Fluent]:
        args = [env.get(w.name) if w.kind == "var" else w.name if w.kind == "code" else None for w in su.args]
        if args and None not in args:
            f = self.sits.get(su.name, tuple(args))
            return [f] if f is not None else []
        return self.sits.of(su.name)

    @staticmethod
    def _bind_instance(whos, args, params, env, parties) -> bool:
        """An instance's arguments against a clause's `while` arguments, their
        kinds judged against the clause's instrument. A code that may or may
        not be a state passes: how sure the instance is rests on the events
        that started it (or on the analyst who declared it)."""
        for w, val, (_, pkind) in zip(whos, args, params):
            if _kind_ok(pkind, val, parties) is False:
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

    def _time_doubt(self, c: ClauseDef, a: Act, party: str | None) -> str:
        e = a.e
        if e.end_day > e.day:
            return (f"the date {e.day:%Y-%m-%d}…{e.end_day:%Y-%m-%d} is imprecise and straddles the period in "
                    "which the clause applies")
        notes = [n for n in self.life[c.instrument].notes() if "possibly" in n or "between" in n or "at once" in n]
        return "the instrument may no longer have been in force then" + (": " + "; ".join(notes) if notes else "")

    def key(self, c: ClauseDef, env: dict) -> tuple:
        # A situation variable that a `within` trigger leaves unbound is not
        # part of the instance: the obligation is the trigger's (§12.1).
        return tuple((v, env[v]) for v, _, b in c.vars if b in ("each", "situation") and v in env)

    def rec(self, c: ClauseDef, key: tuple) -> _Rec:
        rec = self.recs[c.id].get(key)
        if rec is None:
            rec = self.recs[c.id][key] = _Rec(self.max_findings)
        return rec

    # ------------------------------------------------------------ prohibitions and permissions
    def _prohibition(self, c: ClauseDef, a: Act) -> None:
        for status, env, used, why in self.match(c, a):
            rec = self.rec(c, self.key(c, env))
            permitted, perm_why = self._permission(c, a)
            if permitted is not None:
                principle = self._prevails(permitted.instrument, c.instrument) \
                    if permitted.instrument != c.instrument and c.id not in permitted.overrides \
                    and permitted.id not in c.excepts else None
                rule = f", which prevails over `{c.instrument}` by lex {principle}" if principle else ""
                rec.findings.append(Finding("context", a.e.day, f"permitted by `{permitted.name}` "
                                            f"({permitted.instrument}){rule}", a.ref))
                self.permitted.append((permitted.id, a.ref))
                continue
            if status is True and perm_why is None:
                joint = (a.e.actor, a.e.target) if c.subject.kind == "parties" else ()
                rec.findings.append(Finding("violation", a.e.day, self._describe(c, used, a.e.day), a.ref, joint))
            else:
                reason = "; ".join(x for x in (why, perm_why) if x)
                rec.findings.append(Finding("unknown", a.e.day, f"cannot decide: {reason}", a.ref))

    def _permission(self, c: ClauseDef, a: Act) -> tuple[ClauseDef | None, str | None]:
        """The permission that defeats prohibition `c` for `a` (if one surely
        does), else why one might (if one possibly does)."""
        perm_why = None
        for p in self.perms[c.id]:
            if p.action not in a.actions:
                continue  # a permission covers only its own action
            pm = self.match(p, a)
            s = kleene_any(x[0] for x in pm) if pm else False
            if s is True:
                return p, None
            if s is None and perm_why is None:
                perm_why = f"it may be permitted by `{p.name}`: " + next(x[3] for x in pm if x[0] is None)
        return None, perm_why

    @staticmethod
    def _describe(c: ClauseDef, used: list[Fluent], day: _dt.date) -> str:
        text = f"`{c.name}` forbids this"
        if used:
            text += " while " + ", ".join(f.describe() + (f" (since {s})" if (s := f.since(day)) else "")
                                          for f in used)
        return text

    # ------------------------------------------------------------ obligations
    def _fulfilment(self, c: ClauseDef, a: Act) -> None:
        e = a.e
        for status, env, used, why in self.match(c, a):
            if c.deadline is not None:
                rec = self.rec(c, self.key(c, env))
                if rec.findings.has("fulfilment"):
                    continue
                if e.day > c.deadline:
                    rec.findings.append(Finding("context", e.day, f"after the deadline {c.deadline}: too late", a.ref))
                elif c.subject.kind == "parties":
                    if rec.joint is None:
                        rec.joint = Coverage(self.parties[c.instrument])
                    sure = status is True and e.end_day <= c.deadline
                    rec.findings.append(self._joint_finding(c, e, a.ref, rec.joint, sure, why, c.deadline))
                elif e.end_day > c.deadline or status is None:
                    why = why or f"the date may fall after the deadline {c.deadline}"
                    rec.findings.append(Finding("unknown", e.day, f"may fulfil it, cannot decide: {why}", a.ref))
                else:
                    rec.findings.append(Finding("fulfilment", e.day, f"fulfils `{c.name}` by {c.deadline}", a.ref))
            elif c.has_within:
                for ob in self.obligations[c.id]:
                    if ob.fulfilled or ob.act is a or a.hi < ob.lo or e.day > ob.latest:
                        continue  # settled, the trigger itself, surely before it, or too late
                    if any(ob.env.get(k) not in (None, v) for k, v in env.items()):
                        continue
                    if c.subject.kind == "parties":
                        if ob.joint is None:
                            ob.joint = Coverage(self.parties[c.instrument])
                        sure = status is True and ob.hi < a.lo and e.end_day <= ob.deadline
                        if not why and not ob.hi < a.lo:
                            why = "it may have come before the trigger: their order is not known"
                        f = self._joint_finding(c, e, a.ref, ob.joint, sure, why, ob.deadline)
                        if f.kind == "fulfilment":
                            ob.fulfilled = f
                        elif f.kind == "unknown" and ob.unknown is None:
                            ob.unknown = f
                        continue
                    if status is True and ob.hi < a.lo and e.end_day <= ob.deadline:
                        ob.fulfilled = Finding("fulfilment", e.day, f"fulfils `{c.name}` by {ob.deadline}", a.ref)
                    elif ob.unknown is None:
                        reason = why or ("it may have come before the trigger: their order is not known"
                                         if not ob.hi < a.lo else f"the date may fall after {ob.deadline}")
                        ob.unknown = Finding("unknown", e.day, f"may fulfil it, cannot decide: {reason}", a.ref)

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

    def _trigger(self, c: ClauseDef, a: Act) -> None:
        amount, unit, pat = c.within
        parties = self.parties[c.instrument]
        kinds = {v: k for v, k, _ in c.vars}
        env: dict[str, str] = {}
        why: list[str] = []
        ok = match_who(pat.actor, a.e.actor, env, parties, kinds, why, a.e.coded, a.e.day)
        if ok is False:
            return
        if pat.target is not None:
            t = match_who(pat.target, a.e.target, env, parties, kinds, why, a.e.coded, a.e.day)
            if t is False:
                return
            ok = None if None in (ok, t) else True
        sure, more = self.act_sure(pat.action, a, c.corroboration)
        if sure is False:
            return
        if sure is None:
            ok = None
            why.extend(more)
        # In force at the trigger, leaving aside withdrawals that bind one party only.
        inf = self.life[c.instrument].applies(a.lo, a.hi, None)
        if inf is False:
            return
        if inf is None:
            why.append("the trigger may fall outside the period in which the instrument is in force")
        certain = ok is True and inf is True
        for env1 in self._each_bindings(c, env):
            self.obligations[c.id].append(Obligation(env1, a, a.lo, a.hi, a.ref, amount, unit, certain,
                                                     "; ".join(why)))

    def _situation_edges(self, c: ClauseDef, f: Fluent) -> None:
        """`within N of the start|end of S(ARGS)`: an obligation for each time
        instance `f` starts (ends) inside the timeline, per binding (§11.3)."""
        amount, unit, edge, su = c.within_situation
        params = self.model.situations[su.name].params
        env: dict[str, str] = {}
        if not self._bind_instance(su.args, f.args, params, env, self.parties[c.instrument]):
            return
        for x, certain, why in f.edges(edge):
            inf = self.life[c.instrument].applies(x.lo, x.hi, None)
            if inf is False:
                continue
            if inf is None:
                why = (why + "; " if why else "") + "it may fall outside the period in which the instrument is in force"
                certain = False
            what = f"{edge} of {f.describe()}"
            for env1 in self._each_bindings(c, env):
                self.obligations[c.id].append(Obligation(env1, None, x.lo, x.hi, x.ref, amount, unit, certain, why,
                                                         what, x.source if x.ref is None else None))

    def _each_bindings(self, c: ClauseDef, env: dict) -> list[dict]:
        """`env` completed with every value of each `each` variable it leaves
        unbound: `each party P must … within N of any party X` is owed by every
        party, one obligation each, never one that any party can discharge."""
        free = [(v, k) for v, k, b in c.vars if b == "each" and v not in env]
        if not free:
            return [env]
        domains = [domain(k, self.parties[c.instrument]) for _, k in free]
        return [{**env, **dict(zip((v for v, _ in free), values))} for values in itertools.product(*domains)]


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
             as_of: _dt.date | None = None, readings: Iterable[str] = (), *, ordered: bool = False,
             corroboration: Corroboration | None = None, max_findings: int | None = None) -> Result:
    """Check `events` (a list or any iterable, in any order) against the named
    instruments of `model`, under the default readings with each of
    `readings` (names) in place of its question's default. `ordered`: the
    events of one day happened in the order of their `seq` (a scenario's
    `order as written`, `check --ordered`); otherwise only times of day order
    them. `corroboration`: what a machine-coded report needs behind it,
    instead of what the clause file declares (docs/semantics.md §2.1).
    `max_findings`: keep at most that many findings per clause instance,
    with exact counts (the result `cap_result` would give)."""
    ev = Evaluator(model, instrument_ids, declared, as_of, readings, ordered=ordered, corroboration=corroboration,
                   max_findings=max_findings)
    for e in events:
        if as_of is not None and e.day > as_of:
            continue
        ev.feed(e)
    return ev.finish()
