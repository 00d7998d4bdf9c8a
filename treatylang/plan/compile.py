"""Compile a model and the instruments to check into a `Plan`.

The plan says, once per check, which events can matter to the evaluation and
why: for every clause and every situation trigger, the action, the CAMEO
codes and PLOVER types that make an event that action, the actors and
targets it can bind, its attribute tests and the days on which it can apply.
Every executor reads this one structure (as sqlglot's one expression tree
feeds every SQL dialect): the Python evaluator takes its action index from
it, `sql.py` prints it as a WHERE clause for DuckDB, BigQuery or Spark, and
the DuckDB executor pushes it down into the scan.

What a plan *admits* is a superset of the events the evaluator uses — it is
a filter, never a judge: an event it admits may still match nothing, an event
it rejects provably changes no verdict. Attribute tests are shown but never
pushed down: an event without the attribute is `unknown`, not irrelevant.
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from attrs import frozen

from ..check.lifecycle import NOTICE_ACTION, RATIFICATION_ACTION, Lifecycle

# Built-in events the evaluator reads whatever the clauses: notices of
# termination, and ratifications (an instrument in force on ratification).
BUILT_IN = (NOTICE_ACTION, RATIFICATION_ACTION)
from ..check.matching import ActionIndex
from ..model import ClauseDef, Cond, Model, Who
from ..model.defs import SetKind

ONE_DAY = _dt.timedelta(days=1)


@frozen
class Side:
    """Who can fill an actor position: `codes` (None: any actor) and whether
    the event must name someone there at all (a clause with a target never
    matches an event without one)."""

    codes: frozenset[str] | None = None
    required: bool = False

    def admits(self, code: str | None) -> bool:
        if code is None or code == "":
            return not self.required
        return self.codes is None or code in self.codes

    def describe(self) -> str:
        if self.codes is None:
            return "any" if self.required else "any or none"
        return "{" + ", ".join(sorted(self.codes)) + "}"


ANY = Side()


@frozen
class Term:
    """One way an event can matter: `role` is "prohibition", "duty",
    "trigger" (of a `within` obligation), "starts" or "ends" (a situation),
    "response" (the `unless` act that may make a start a response)."""

    role: str
    owner: str  # the clause id, or the situation's name
    action: str
    actor: Side
    target: Side
    # Days on which the term can apply, [lo, hi); None: unbounded. An event
    # with an imprecise date is admitted if its range meets the window.
    lo: _dt.date | None = None
    hi: _dt.date | None = None
    when: tuple[Cond, ...] = ()
    unless: tuple[Cond, ...] = ()
    needs: tuple[str, ...] = ()  # situations the clause needs (`while`)

    def in_window(self, day: _dt.date, last: _dt.date) -> bool:
        return (self.lo is None or last >= self.lo) and (self.hi is None or day < self.hi)


@frozen
class ActionPlan:
    """How events become one action. `prefixes`: the declared CAMEO codes
    (prefix semantics, two digits or more); `codes`: every codebook code
    that is this action, through the prefixes or the CAMEO→PLOVER crosswalk
    (what an executor tests a coded row against); `plover`: declared PLOVER
    types, for PLOVER-described events."""

    name: str
    prefixes: tuple[str, ...]
    codes: frozenset[str]
    plover: tuple[tuple[str, str | None], ...]


@frozen
class Plan:
    instruments: tuple[str, ...]
    parties: tuple[tuple[str, tuple[str, ...]], ...]  # (instrument, its parties)
    actions: tuple[ActionPlan, ...]  # the relevant actions, by name
    terms: tuple[Term, ...]
    situations: tuple[str, ...]  # situations some checked clause uses

    @property
    def relevant(self) -> frozenset[str]:
        """Actions some term uses: an event that is none of them costs the
        evaluator one look-up and changes nothing."""
        return frozenset(a.name for a in self.actions)

    def action(self, name: str) -> ActionPlan:
        return next(a for a in self.actions if a.name == name)

    # --- what the plan admits (the Python form of the pushdown predicate) ----------

    def actions_of(self, action: str | None, code: str | None) -> frozenset[str]:
        """The relevant actions a row is (a named action, else its CAMEO code),
        as `ActionIndex.for_event` decides for rows without PLOVER attributes."""
        if action:
            return frozenset([action]) & self.relevant
        if not code:
            return frozenset()
        return frozenset(a.name for a in self.actions if code in a.codes)

    def matters(self, action: str | None, code: str | None) -> bool:
        """The row is a relevant action (what `events_matched` counts)."""
        return action not in BUILT_IN and bool(self.actions_of(action, code))

    def admits(self, action: str | None, code: str | None, actor: str | None, target: str | None,
               day: _dt.date, last: _dt.date) -> bool:
        """Whether an executor must hand this row to the evaluator: a notice,
        or an event some term can use (action × actor × target × window)."""
        if action in BUILT_IN:
            return True
        acts = self.actions_of(action, code)
        if not acts:
            return False
        for t in self.terms:
            if t.action in acts and t.actor.admits(actor) and t.target.admits(target) and t.in_window(day, last):
                return True
        return False


# ----------------------------------------------------------------- compiling


def compile_plan(model: Model, instrument_ids: Iterable[str], readings: Iterable[str] = ()) -> Plan:
    """The plan for checking `instrument_ids` of `model` (in their order),
    under the chosen `readings` of contested questions (else the defaults),
    as the evaluator settles them."""
    ids = tuple(dict.fromkeys(instrument_ids))
    if getattr(model, "questions", None):
        from ..model.readings import choose, select

        model = select(model, choose(model, readings))
    ins = {i: model.instruments[i] for i in ids}
    parties = {i: d.party_codes for i, d in ins.items()}
    all_parties = frozenset(p for ps in parties.values() for p in ps)
    clauses = [c for d in ins.values() for c in d.clauses if c.checkable]
    terms: list[Term] = []
    for c in clauses:
        d = ins[c.instrument]
        lo, hi = _window(c, *_life_bounds(d))
        if lo is not None and hi is not None and lo >= hi:
            continue  # never in force: no event can count
        kinds = {v: k for v, k, _ in c.vars}
        ps = frozenset(parties[c.instrument])
        needs = tuple(su.name for su in c.situations)
        if c.modality in ("must not", "must") and c.action is not None:
            terms.append(Term("prohibition" if c.modality == "must not" else "duty", c.id, c.action,
                              _side(c.subject, ps, kinds, True), _side(c.target, ps, kinds, False),
                              lo, hi, c.when, c.unless, needs))
        if c.within is not None:
            pat = c.within[2]
            ilo, ihi = _life_bounds(d)
            terms.append(Term("trigger", c.id, pat.action, _side(pat.actor, ps, kinds, True),
                              _side(pat.target, ps, kinds, False), ilo, ihi))
    sit_names = sorted({su.name for c in clauses for su in _uses(c)})
    used = _argument_sets(model, clauses, parties)
    for name in sit_names:
        s = model.situations[name]
        # As `Situations.on_event` binds them: a third-state argument is only
        # checked where a clause uses the instance.
        kinds = {p: ("state" if k == "third_state" else k) for p, k in s.params}
        for role, pats in (("starts", s.starts), ("ends", s.ends)):
            for pat in pats:
                actor = _narrow(_side(pat.actor, all_parties, kinds, True), pat.actor, used[name])
                target = _narrow(_side(pat.target, all_parties, kinds, False), pat.target, used[name])
                terms.append(Term(role, name, pat.action, actor, target))
                if getattr(pat, "unless", None) is not None:
                    # `starts when … unless OTHER within N before`: OTHER
                    # decides whether the start is certain (a first use).
                    other = pat.unless[0]
                    actor = _narrow(_side(other.actor, all_parties, kinds, True), other.actor, used[name])
                    target = _narrow(_side(other.target, all_parties, kinds, False), other.target, used[name])
                    terms.append(Term("response", name, other.action, actor, target))
    index = ActionIndex(model)
    names = sorted({t.action for t in terms})
    actions = tuple(_action_plan(model, index, n) for n in names)
    return Plan(ids, tuple((i, parties[i]) for i in ids), actions, tuple(terms), tuple(sit_names))


def _uses(c: ClauseDef):
    """The situations a clause uses: its `while` situations and the one a
    `within N of the start|end of S(…)` deadline counts from."""
    ws = getattr(c, "within_situation", None)
    held = getattr(c, "holds", None)  # `must not hold S(…)`: the standing state
    return tuple(c.situations) + ((ws[3],) if ws is not None else ()) + ((held,) if held is not None else ())


def _argument_sets(model: Model, clauses: list[ClauseDef], parties) -> dict[str, dict[str, frozenset | None]]:
    """For each situation, the values each argument can take in an instance
    some clause can use (None: any). An instance no clause can bind changes
    no verdict, so the events that start or end only such instances need not
    be read: `attack_on(X, IRN)` needs attacks on IRN, not every attack."""
    out: dict[str, dict[str, frozenset | None]] = {}
    for c in clauses:
        kinds = {v: k for v, k, _ in c.vars}
        for su in _uses(c):
            params = [p for p, _ in model.situations[su.name].params]
            cur = out.setdefault(su.name, {p: frozenset() for p in params})
            for p, w in zip(params, su.args):
                if w.kind == "code":
                    got = frozenset([w.name])
                elif w.kind == "var":
                    got = _kind_codes(kinds.get(w.name, "state"), frozenset(parties[c.instrument]))
                else:
                    got = None
                cur[p] = None if got is None or cur[p] is None else cur[p] | got
            for p in params[len(su.args):]:
                cur[p] = None
    return out


def _narrow(side: Side, w: Who | None, used: dict[str, frozenset | None]) -> Side:
    """`side` limited to the values its situation argument can usefully take."""
    if w is None or w.kind != "var" or used.get(w.name) is None:
        return side
    allowed = used[w.name]
    return Side(allowed if side.codes is None else side.codes & allowed, side.required)


def _life_bounds(d) -> tuple[_dt.date | None, _dt.date | None]:
    """The widest [start, end) the instrument can be in force on: from entry
    into force — or from any day, when it enters into force on ratification
    (a ratification may be an event of the data) — to the end the clause file
    gives, or no end when it is reinstated after it (docs/semantics.md §3.8,
    §3.9)."""
    lc = Lifecycle(d)
    start = _dt.date.min if getattr(d, "entry", None) is not None else d.in_force
    end = None if getattr(d, "reinstated", None) is not None else lc.end_all
    return start, end


def _window(c: ClauseDef, start: _dt.date | None, end: _dt.date | None) -> tuple[_dt.date | None, _dt.date | None]:
    """The widest [lo, hi) on which the clause can apply: the instrument in
    force from `start` to `end` (notices only ever move the end earlier) and
    the clause's own window."""
    if start is None:
        return _dt.date.max, _dt.date.min
    lo, hi = start, end
    if c.window_from is not None:
        lo = max(lo, c.window_from)
    if c.window_until is not None:
        until = c.window_until + ONE_DAY
        hi = until if hi is None else min(hi, until)
    return lo, hi


def _side(w: Who | None, parties: frozenset[str], kinds: dict[str, str], actor: bool) -> Side:
    """The codes that can fill position `w` (as `match_who` decides), as a
    static over-approximation: variables bound elsewhere are not followed."""
    if w is None:
        return ANY
    k = w.kind
    if k == "code":
        return Side(frozenset([w.name]), True)
    if k in ("other", "any_party", "parties"):  # "parties": a joint act of the parties
        return Side(parties, True)
    if k == "member":  # any member of a named set
        return Side(frozenset(w.group.members), True)
    if k == "var":
        return Side(_kind_codes(kinds.get(w.name, "state"), parties), True)
    return Side(None, True)


def _kind_codes(kind, parties: frozenset[str]) -> frozenset[str] | None:
    """The codes a variable of `kind` can take (None: any)."""
    if isinstance(kind, SetKind):
        return frozenset(kind.members)
    if kind == "party":
        return parties
    return None


def _action_plan(model: Model, index: ActionIndex, name: str) -> ActionPlan:
    a = model.actions.get(name)
    if a is None:  # the built-in notice, or an undeclared name a lint reports
        return ActionPlan(name, (), frozenset(), ())
    from ..events.cameo import codebook

    codes = frozenset(c for c in codebook().codes if name in index.for_code(c))
    return ActionPlan(name, tuple(a.cameo), codes, tuple(a.plover))
