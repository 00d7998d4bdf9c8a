"""From findings to verdicts: one per clause instance (docs/semantics.md §12).

The instances of a clause are every binding under which it could apply — the
situation instances that surely held at some time (and fit the clause), times
each party for the `each` variables they leave unbound — and every binding
an act was found for. An instance that only *possibly* held (it rests on a
single report, say) makes no clause instance of its own: acts under it are
`unknown`, and where there are none the clause is not triggered by it.
"""

from __future__ import annotations

import datetime as _dt
import itertools

from ..model import ClauseDef, InstrumentDef
from .positions import end_of
from .joint import shared_blame
from .standing import standing_findings
from .matching import domain
from .results import Declaratory, Finding, Findings, Seen, Trigger, Verdict

ONE_DAY = _dt.timedelta(days=1)


class Verdicts:
    def __init__(self, ev, start: _dt.date | None, as_of: _dt.date | None):
        self.ev = ev
        self.start = start
        self.as_of = as_of

    def result(self) -> tuple[tuple[Verdict, ...], tuple[Declaratory, ...]]:
        verdicts: list[Verdict] = []
        declaratory: list[Declaratory] = []
        for iid in self.ev.ids:
            d = self.ev.ins[iid]
            for c in d.clauses:
                art = d.article_of(c)
                if not c.checkable:
                    declaratory.append(Declaratory(iid, art.name, c.name, c.text or _norm_text(c)))
                    continue
                if c.modality == "may":
                    continue
                verdicts.extend(self._verdicts(d, c))
        return tuple(verdicts), tuple(declaratory)

    # ------------------------------------------------------------ spans
    def span(self, d: InstrumentDef, party: str | None):
        """Days of the timeline on which `d` may be in force for `party`:
        [lo, hi), from the first such day to the last (None: none)."""
        ps = self.periods(d, party)
        return (ps[0][0], ps[-1][1]) if ps else None

    def subject_party(self, c: ClauseDef, env: dict) -> str | None:
        s = c.subject
        if s.kind == "code":
            return s.name
        if s.kind == "var":
            return env.get(s.name)
        if s.kind == "other":
            p = env.get(s.name)
            parties = self.ev.parties[c.instrument]
            if p in parties and len(parties) == 2:
                return parties[0] if parties[1] == p else parties[1]
        return None

    def candidate_envs(self, c: ClauseDef, d: InstrumentDef) -> list[tuple[dict, list]]:
        """Every binding under which the clause could apply: situation instances
        that surely held at some time (compatible with the clause), times each
        party for the `each` variables left unbound."""
        combos: list[tuple[dict, list]] = [({}, [])]
        for su in c.situations:
            params = self.ev.model.situations[su.name].params
            nxt = []
            for env0, used in combos:
                for f in self.ev.sits.of(su.name):
                    env1 = dict(env0)
                    # Binding first: an instance the clause cannot use never
                    # needs its intervals worked out (Fluent.intervals).
                    if self.ev._bind_instance(su.args, f.args, params, env1, d.party_codes) and f.ever_sure():
                        nxt.append((env1, used + [f]))
            combos = nxt
        out = []
        each = [(v, k) for v, k, b in c.vars if b == "each"]
        for env, used in combos:
            free = [(v, k) for v, k in each if v not in env]
            for values in itertools.product(*(domain(k, d.party_codes) for _, k in free)):
                e2 = dict(env)
                e2.update(zip((v for v, _ in free), values))
                out.append((e2, used))
        return out

    def periods(self, d: InstrumentDef, party: str | None) -> list[tuple[_dt.date, _dt.date]]:
        """`span`, period by period (an instrument reinstated after it ended
        has two)."""
        if self.start is None:
            return []
        out = []
        for first, until in self.ev.life[d.name].periods(party):
            lo = max(first, self.start)
            hi = min(until, self.as_of + ONE_DAY) if until else self.as_of + ONE_DAY
            if lo < hi:
                out.append((lo, hi))
        return out

    def applied(self, c, d, env, used) -> list[tuple[_dt.date, _dt.date]]:
        """Days on which the clause may have applied under `env`, as [from, until) pieces."""
        pieces = []
        for lo, hi in self.periods(d, self.subject_party(c, env)):
            if c.window_from:
                lo = max(lo, c.window_from)
            if c.window_until:
                hi = min(hi, c.window_until + ONE_DAY)
            if lo < hi:
                pieces.append((lo, hi))
        for f in used:
            nxt = []
            for a, b in pieces:
                for iv in f.intervals:
                    x, y = max(a, iv.start), min(b, iv.end if iv.end is not None else self.as_of + ONE_DAY)
                    if x < y:
                        nxt.append((x, y))
            pieces = nxt
        return pieces

    def applies_at_end(self, c, d, env, used) -> bool:
        """Whether the clause may still apply after the last event of the timeline."""
        m = end_of(self.as_of)
        if self.ev.life[d.name].applies(m, m, self.subject_party(c, env), c.window_from, c.window_until) is False:
            return False
        return all(f.state(m, m) is not False for f in used)

    # ------------------------------------------------------------ verdicts
    def _verdicts(self, d: InstrumentDef, c: ClauseDef) -> list[Verdict]:
        art = d.article_of(c)
        if c.modality == "must" and c.has_within:
            return self._within_verdicts(d, c, art)
        recs = self.ev.recs[c.id]
        groups: dict[tuple, list[list]] = {}
        envs: dict[tuple, dict] = {}
        for env, used in self.candidate_envs(c, d):
            k = self.ev.key(c, env)
            groups.setdefault(k, []).append(used)
            envs[k] = env
        for k in recs:
            groups.setdefault(k, [])
            envs.setdefault(k, dict(k))
        if not groups:
            status = "not_in_force" if self.span(d, None) is None else "not_triggered"
            notes = self._notes(d, c) + self._possible_only(c, d)
            return [Verdict(d.name, art.name, c.name, status, deadline=c.deadline, notes=notes)]
        out = []
        for k in sorted(groups):
            env = envs[k]
            uses = groups[k]
            if not uses:
                # Bound by findings only: the situation instances those acts relied on.
                uses = [[f for f in self._used_by(c, env)]] if c.situations else [[]]
            applied = sorted({iv for used in uses for iv in self.applied(c, d, env, used)})
            rec = recs.get(k)
            # The instance's findings; with --max-findings only those kept and
            # exact counts (results.Findings): the status reads `seen`.
            findings = rec.findings if rec else Findings(self.ev.max_findings)
            if c.holds is not None:
                findings.extend(standing_findings(self, d, c, env, uses))
            triggers = tuple(t for used in uses for f in used for t in f.triggers())
            party = self.subject_party(c, env)
            if c.modality == "must":
                status, extra, blame = self._deadline_status(d, c, party, findings.seen)
                findings.extend(extra)
            else:
                status, blame = self._prohibition_status(d, c, env, party, findings.seen, applied, uses)
            is_open = status == "pending" and c.modality == "must not"
            out.append(Verdict(d.name, art.name, c.name, status, k, blame, findings.kept(),
                               tuple(dict.fromkeys(triggers)), tuple(applied), c.deadline, is_open,
                               self._notes(d, c), tally=findings.exact()))
        return out

    def _possible_only(self, c: ClauseDef, d: InstrumentDef, limit: int = 5) -> tuple[str, ...]:
        """Notes on the situation instances the clause could have used that
        only possibly held (a single report, a role or an order not known):
        they make no clause instance, but a reader should know of them."""
        out = []
        for su in c.situations:
            params = self.ev.model.situations[su.name].params
            for f in self.ev.sits.of(su.name):
                # Binding first: instances the clause cannot use never need
                # their intervals worked out (Fluent.intervals).
                if not self.ev._bind_instance(su.args, f.args, params, {}, d.party_codes) or not f.intervals \
                        or f.ever_sure():
                    continue
                iv = f.intervals[0]
                out.append(f"{f.describe()} may have held from {iv.start.isoformat()}, but not surely: "
                           + ("; ".join(iv.doubts) or "what started it may not have happened"))
        if len(out) > limit:
            out = out[:limit] + [f"… and {len(out) - limit} more situations that only possibly held"]
        return tuple(out)

    def _used_by(self, c: ClauseDef, env: dict) -> list:
        out = []
        for su in c.situations:
            args = tuple(env.get(w.name) if w.kind == "var" else w.name for w in su.args)
            f = self.ev.sits.get(su.name, args)
            if f is not None:
                out.append(f)
        return out

    def _prohibition_status(self, d, c, env, party, seen: Seen, applied, uses):
        if "violation" in seen.kinds:
            return "violated", tuple(sorted(seen.violators))
        if "unknown" in seen.kinds:
            return "unknown", ()
        if not applied:
            never = self.span(d, party) is None
            return ("not_in_force" if never else "not_triggered"), ()
        if any(self.applies_at_end(c, d, env, used) for used in uses):
            return "pending", ()
        return "fulfilled", ()

    def _deadline_status(self, d, c, party, seen: Seen):
        if "fulfilment" in seen.kinds:
            return "fulfilled", [], ()
        if "unknown" in seen.kinds:
            return "unknown", [], ()
        lc = self.ev.life[d.name]
        as_of = self.as_of
        if as_of is None or as_of < c.deadline:
            ever = (self.span(d, party) if as_of else None) or lc.days(party)
            return ("pending" if ever else "not_in_force"), [], ()
        inf = lc.day_applies(c.deadline, party)
        if inf is False or (c.window_from is not None and c.window_from > c.deadline):
            return "not_in_force", [], ()
        if inf is None:
            miss = Finding("unknown", c.deadline, f"cannot decide: the instrument may no longer have been in force "
                           f"on {c.deadline}")
            return "unknown", [miss], ()
        # The duty could be discharged from the day it began to apply; if the
        # timeline starts later, a fulfilling event may lie before it: no
        # evidence either way, so the verdict is unknown, never violated.
        began = max(x for x in (lc.start_day, c.window_from) if x is not None)
        if self.start is None or self.start > began:
            miss = Finding("unknown", c.deadline, f"cannot decide: the timeline starts on {self.start}, after the "
                           f"obligation began to apply ({began}); a `{c.action}` before then would fulfil it")
            return "unknown", [miss], ()
        unseen = self._unobservable(c)
        if unseen:
            miss = Finding("unknown", c.deadline, f"cannot decide: no `{c.action}` by {party or c.subject} on or "
                           f"before {c.deadline}, but {unseen}")
            return "unknown", [miss], ()
        miss = Finding("missed_deadline", c.deadline, f"no `{c.action}` by {party or c.subject} on or before "
                       f"{c.deadline}")
        took_part = frozenset(seen.took_part)
        return "violated", [miss], shared_blame(c, self.ev.parties[c.instrument], party, took_part)

    def _within_verdicts(self, d, c, art) -> list[Verdict]:
        obs = self.ev.obligations[c.id]
        if not obs:
            status = "not_in_force" if self.span(d, None) is None else "not_triggered"
            return [Verdict(d.name, art.name, c.name, status, notes=self._notes(d, c))]
        out = []
        lc = self.ev.life[d.name]
        for ob in obs:
            party = self.subject_party(c, ob.env)
            trig = (Trigger(ob.describe, ob.day, None, ob.trigger, ob.source, certain=ob.certain,
                            doubt=ob.why or None),)
            findings: list[Finding] = []
            blame = ()
            if ob.joint is not None and ob.joint.certain and not ob.fulfilled:
                # Who took part in a joint act in time: the evidence for blame.
                findings.append(Finding("context", ob.day, "parties that took part in a joint act in time: "
                                        + ", ".join(sorted(ob.joint.certain)), None, tuple(sorted(ob.joint.certain))))
            if ob.fulfilled:
                status = "fulfilled"
                findings.append(ob.fulfilled)
            elif ob.unknown:
                status = "unknown"
                findings.append(ob.unknown)
            elif self.as_of is None or self.as_of < ob.latest:
                status = "pending"
            else:
                inf = lc.day_applies(ob.latest, party)
                unseen = self._unobservable(c)
                if inf is False:
                    status = "not_in_force"
                elif inf is None or not ob.certain or unseen:
                    status = "unknown"
                    why = (ob.why if not ob.certain else unseen
                           or f"the instrument may no longer have been in force on {ob.latest}")
                    amount, unit = (c.within or c.within_situation)[:2]
                    findings.append(Finding("unknown", ob.deadline, f"cannot decide: no `{c.action}` within "
                                            f"{amount} {unit}(s), but {why}"))
                else:
                    # The trigger is inside the timeline, so every fulfilling
                    # act (after the trigger) would be in it too.
                    took_part = frozenset(ob.joint.certain) if ob.joint is not None else frozenset()
                    status, blame = "violated", shared_blame(c, self.ev.parties[c.instrument], party, took_part)
                    amount, unit = (c.within or c.within_situation)[:2]
                    findings.append(Finding("missed_deadline", ob.deadline,
                                            f"no `{c.action}` within {amount} {unit}(s) of the "
                                            + ("trigger" if c.within is not None else ob.describe)))
            out.append(Verdict(d.name, art.name, c.name, status, self.ev.key(c, ob.env), blame, tuple(findings),
                               trig, (), ob.deadline, False, self._notes(d, c)))
        return out

    def _unobservable(self, c: ClauseDef) -> str | None:
        """Why the absence of `c`'s act is no evidence, or None: the timeline
        has events, every one a machine-coded report, and the action has no
        CAMEO or PLOVER code, so no report could record it (docs/semantics.md
        §13)."""
        a = self.ev.model.actions.get(c.action) if c.action else None
        if a is None or not self.ev.checked or self.ev.asserted or a.cameo or a.plover:
            return None
        return (f"the events are machine-coded reports and no code records `{c.action}` (it has no CAMEO or PLOVER "
                "mapping): its absence is not evidence")

    def _notes(self, d, c) -> tuple[str, ...]:
        lc = self.ev.life[d.name]
        notes = lc.notes()
        if self.start is not None and self.as_of is not None:
            for day in lc.renewals(self.start, self.as_of):
                notes.append(f"renewed automatically on {day.isoformat()}: no notice of termination is in the "
                             "timeline")
        if c.modality == "must not":
            notes += self._unchecked_permissions(c)
        return tuple(notes)

    def _unchecked_permissions(self, c: ClauseDef) -> list[str]:
        """Only the permissions of the instruments being checked defeat a
        prohibition (semantics §10): say so when a loaded instrument left
        out would have one that overrides `c`, or prevails over `c`'s
        instrument with a permission on its action."""
        out = []
        for iid, ins in self.ev.model.instruments.items():
            if iid in self.ev.ins:
                continue
            principle = dict(ins.prevails).get(c.instrument)
            perms = [p for p in ins.clauses if p.checkable and p.modality == "may"
                     and (c.id in p.overrides or (principle and p.action == c.action))]
            if perms:
                why = f"prevails over `{c.instrument}` by lex {principle}" if principle else f"overrides `{c.name}`"
                out.append(f"`{iid}` {why}, but is not checked: its permission"
                           f"{'s' * (len(perms) != 1)} {', '.join(f'`{p.name}`' for p in perms)} "
                           "did not count; check it too")
        return out


def _norm_text(c: ClauseDef) -> str:
    tgt = f" {c.target}" if c.target else ""
    return f"{c.subject} {c.modality} {c.action}{tgt}"
