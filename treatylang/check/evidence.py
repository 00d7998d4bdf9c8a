"""What an act is evidence of: whether a kept act surely is an act of an
action as the clause file defines it (roles, corroboration: docs/semantics.md
§2.1, §6), and whether a situation's start may be a response to the other
side's earlier force (`unless … within N before`, §5.6). The `Evaluator`
(engine.py) inherits these judgements from `ActJudge`.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools

from ..events.model import Event
from ..limits import days_before
from ..model import Corroboration
from .lifecycle import sub
from .matching import match_who, roles_fit
from .positions import span
from .results import EventRef

# What a machine-coded report needs behind it when neither the clause file
# nor the command line says: two distinct sources. One source is one report,
# however many of its articles repeat it ("single report": docs/semantics.md §2.1).
DEFAULT_CORROBORATION = Corroboration(1, 2, 1)


class Act:
    """A kept event (an asserted fact, or the merged reports of one coded act)
    with the span of moments it may have happened at."""

    __slots__ = ("e", "lo", "hi", "actions", "_ref", "days")

    def __init__(self, e: Event, actions: tuple[str, ...], ordered: bool, days: int = 1):
        self.e = e
        self.lo, self.hi = span(e, ordered)
        self.actions = actions
        self._ref: EventRef | None = None
        self.days = days  # distinct days on which its reports were published

    @property
    def ref(self) -> EventRef:
        """The printable reference (made only for acts that end up in a report)."""
        if self._ref is None:
            self._ref = EventRef.of(self.e)
        return self._ref


class _Sorted:
    """Acts sorted by their first day, to be read from a day on."""

    __slots__ = ("acts", "days", "longest")

    def __init__(self, acts: list[Act]):
        self.acts = acts
        self.days = [r.e.day for r in acts]
        self.longest = max((r.e.end_day - r.e.day for r in acts), default=_dt.timedelta(0))

    def since(self, earliest: _dt.date):
        """The acts that may end on or after `earliest` (and some before), in order."""
        try:
            first = bisect.bisect_left(self.days, days_before(earliest, self.longest))
        except OverflowError:  # before 1 January of year 1
            first = 0
        return itertools.islice(self.acts, first, None)


def _fixed(who, env: dict) -> str | None:
    """The one actor code position `who` can take under `env` (None: not fixed)."""
    if who is None:
        return None
    if who.kind == "code":
        return who.name
    if who.kind == "var":
        bound = env.get(who.name)
        return bound if isinstance(bound, str) else None
    return None


class ActJudge:
    """The evaluator's judgements of single acts (mixed into `Evaluator`,
    whose `model`, `sits`, `corroboration`, `_act_of`, `_by_action` and
    `_pairs` they read)."""

    def _judge_trigger(self, e: Event, sdef, pat, env) -> tuple[bool | None, tuple[str, ...]]:
        """Does `e` surely count as this situation trigger (§5.5)? Kinds of
        actors are judged by `Situations`; here: the roles the action needs,
        corroboration, and whether a start may be a response."""
        a = self._act_of[id(e)]
        sure, why = self.act_sure(pat.action, a, sdef.corroboration)
        if sure is False:
            return False, ()
        if pat.unless is not None:
            earlier = self._response(a, pat.unless, env, sdef)
            if earlier is not None:
                sure = None
                why.append(earlier)
        return sure, tuple(why)

    def _response(self, a: Act, unless, env: dict, sdef) -> str | None:
        """Why the start `a` may be a response (`unless OTHER within N
        before`): an act of the other side that may have come in the N before
        it; None if there is none."""
        other, amount, unit = unless
        kinds = {p: ("state" if k == "third_state" else k) for p, k in sdef.params}
        earliest = sub(a.e.day, amount, unit)
        actor, target = _fixed(other.actor, env), _fixed(other.target, env)
        for r in self._acts_between(other.action, actor, target, earliest):
            if a.hi < r.lo:
                break  # this one and all later ones surely after it (sorted by `lo`)
            if r is a or r.e.end_day < earliest:
                continue  # the start itself, or too early
            env1 = dict(env)
            if match_who(other.actor, r.e.actor, env1, self.sits.parties, kinds, None, r.e.coded, r.e.day) is False:
                continue
            if other.target is not None and match_who(other.target, r.e.target, env1, self.sits.parties, kinds,
                                                      None, r.e.coded, r.e.day) is False:
                continue
            if self.act_sure(other.action, r, None)[0] is False:
                continue
            return (f"it may be a response to {r.ref.describe()} ({amount} {unit}{'s' * (amount != 1)} before or "
                    "less): the first use of force is the evidence of aggression (GA Res. 3314 Art. 2), and "
                    "force in response may be self-defence")
        return None

    def _acts_between(self, action: str, actor: str | None, target: str | None, earliest: _dt.date):
        """The acts of `action` (in `_by_action` order) by `actor` against
        `target` where those are fixed (None: any), from the first that may
        end on or after `earliest`. The response check asks this once per
        possible start: a scan of every act of force made 10^6 coded events
        three times slower."""
        groups = self._pairs.get(action)
        if groups is None:
            by_pair: dict[tuple, list[Act]] = {}
            every = self._by_action.get(action, [])
            for r in every:
                by_pair.setdefault((r.e.actor, r.e.target), []).append(r)
            groups = self._pairs[action] = {k: _Sorted(v) for k, v in by_pair.items()}
            groups[None] = _Sorted(every)
        whole = groups.get((actor, target) if actor is not None and target is not None else None)
        return whole.since(earliest) if whole is not None else ()

    def act_sure(self, action: str, a: Act, declared: Corroboration | None) -> tuple[bool | None, list[str]]:
        """Is act `a` surely an act of `action` as the clause file defines it?
        False if its actor or target acts in a role the action excludes; None
        (with the reasons) if a coded report leaves the role open or is not
        corroborated as required (§2.1, §6)."""
        e = a.e
        sure: bool | None = True
        why: list[str] = []
        adef = self.model.actions.get(action)
        if adef is not None and (adef.actor_roles or adef.target_roles):
            for who, req, roles in ((e.actor, adef.actor_roles, e.actor_roles),
                                    (e.target, adef.target_roles, e.target_roles)):
                if not req or who is None:
                    continue
                ok = roles_fit(req, roles, e.coded)
                if ok is False:
                    return False, []
                if ok is None:
                    sure = None
                    why.append(f"the report does not say in what role {who} acted (`{action}` is an act of "
                               + ", ".join(sorted(req)) + ")")
        if e.coded:
            need = self.corroboration or declared or DEFAULT_CORROBORATION
            if e.reports < need.reports or e.sources < need.sources or a.days < need.days:
                sure = None
                single = " (a single report)" if e.sources <= 1 and e.reports <= 1 + len(e.also_reported) else ""
                why.append(f"it rests on {e.reports} report{'s' * (e.reports != 1)} from {e.sources} "
                           f"source{'s' * (e.sources != 1)} on {a.days} day{'s' * (a.days != 1)}{single}; "
                           f"`{action}` needs {need} behind a coded event")
        return sure, why
