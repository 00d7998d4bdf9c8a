"""Clause resolution: a clause's norm and qualifiers → a `ClauseDef` —
actors, variables and their binders, situations, conditions (roles among
them), deadlines, `except`/`overrides`, standing states.

`ClauseResolver` is a mixin of `resolve.Resolver`: it uses the resolver's
tables (`actions`, `situations`, `sets`, `texts`) and its helpers (`diag`,
`who`, `pattern`, `group`, `check_code`, `check_action`), so the instrument
level and the clause level stay two modules of one pass.
"""

from __future__ import annotations

import re

from ..diagnostics import did_you_mean
from ..source import Span, find_in
from ..syntax import ast as A
from .defs import _STATE_CODE, ActionDef, ClauseDef, Cond, Corroboration, SitUse, Who, kind_words
from .readings import check_under


def corroboration_def(c: A.Corroboration) -> Corroboration:
    """`corroborated by 2 reports, 3 sources` as a definition (units not given: 1)."""
    counts = {unit: n for n, unit in c.counts}
    return Corroboration(counts.get("report", 1), counts.get("source", 1), counts.get("day", 1))


class ClauseResolver:
    """The clause-level half of the resolver (see the module docstring)."""

    def clause(self, c: A.Clause, inst: str, art: str, codes, crumbs) -> ClauseDef:
        crumbs = crumbs + (f"clause {c.name}",)
        if isinstance(c.body, str):
            if not c.declaratory:
                self.diag("TL306", f"clause `{c.name}` is only text, so it cannot be checked", c.span,
                          f"write `clause {c.name} declaratory: \"…\"`, or state the norm "
                          "(`<who> must not <action> …`)", crumbs)
            return ClauseDef(c.name, inst, art, None, True, c.body, span=c.span)
        n = c.body
        hold = n.act if isinstance(n.act, A.Hold) else None
        ref = n.act if hold is None else A.ActionRef("", span=n.act.span)  # a standing state has no act
        scope: dict[str, str] = {}
        binders: dict[str, str] = {}

        def bind(var: str, kind: str, binder: str, span: Span) -> None:
            if var in scope and scope[var] != kind:
                self.diag("TL215", f"variable `{var}` is a {kind_words(scope[var])} here and a "
                          f"{kind_words(kind)} elsewhere", span, crumbs=crumbs)
            scope.setdefault(var, kind)
            binders.setdefault(var, binder)

        for pos in (n.subject, ref.target):
            if pos is not None and pos.kind == "each_party":
                bind(pos.var, "party", "each", pos.span)
            elif pos is not None and pos.kind == "each_member":
                bind(pos.var, self.group(pos.group or "", pos.span, crumbs), "each", pos.span)
        situations: list[SitUse] = []
        # Situation arguments bind variables before the actors are resolved,
        # so `the other party` may refer to a party bound by `while` (or by
        # the situation a `within` deadline is counted from).
        for q in ((hold,) if hold else ()) + n.qualifiers:
            sits = q.situations if isinstance(q, A.While) else (
                (q.trigger.situation,) if isinstance(q, A.Within) and isinstance(q.trigger, A.SitEdge) else
                (q.situation,) if isinstance(q, A.Hold) else ())
            if sits:
                for s in sits:
                    sdef = self.situations.get(s.name)
                    if sdef is None:
                        self.diag("TL202", f"undefined situation `{s.name}`", s.span,
                                  did_you_mean(s.name, self.situations), crumbs)
                        continue
                    args = s.args or ()
                    if len(args) != len(sdef.params):
                        self.diag("TL205", f"situation `{s.name}` takes {len(sdef.params)} argument"
                                  f"{'s' * (len(sdef.params) != 1)}, given {len(args)}", s.span,
                                  f"write `{s.name}({', '.join(p for p, _ in sdef.params)})`" if sdef.params
                                  else f"write `{s.name}` without parentheses", crumbs)
                        continue
                    for a, (_, kind) in zip(args, sdef.params):
                        if _STATE_CODE.match(a) and a not in scope and a not in codes:
                            self.check_code(a, s.span, crumbs)
                            continue
                        if a in codes or (a in self.sets and a not in scope):
                            continue
                        if a == "_":
                            continue
                        # The arguments of a held state that nothing else binds
                        # are named in findings, but do not make instances.
                        bind(a, kind, "hold" if isinstance(q, A.Hold) else "situation", s.span)
        for actor in (ref.target, n.subject):
            if actor is not None and actor.var and actor.kind in ("any_state", "any_party", "any_third_state"):
                bind(actor.var, {"any_state": "state", "any_party": "party",
                                 "any_third_state": "third_state"}[actor.kind], "event", actor.span)
            elif actor is not None and actor.var and actor.kind == "any_member":
                bind(actor.var, self.group(actor.group or "", actor.span, crumbs), "event", actor.span)
        # A role condition (`when user is any third state X`) binds X for the
        # whole clause, so bind it before the actors are resolved.
        act = self.actions.get(ref.action)
        for q in n.qualifiers:
            if isinstance(q, A.When) and act is not None:
                for x in q.conds:
                    v = x.value
                    if (x.attr in act.participants and x.op == "is" and isinstance(v, A.Actor) and v.var
                            and v.kind in ("any_state", "any_party", "any_third_state")):
                        bind(v.var, {"any_state": "state", "any_party": "party",
                                     "any_third_state": "third_state"}[v.kind], "event", v.span)
                    elif x.attr in act.participants and x.op == "is" and isinstance(v, A.Actor) and v.var \
                            and v.kind == "any_member":
                        bind(v.var, self.group(v.group or "", v.span, crumbs), "event", v.span)
        subject = self.who(n.subject, scope, crumbs, codes)
        if hold is None:
            self.check_action(ref.action, ref.span, self.actions, crumbs)
        target = self.who(ref.target, scope, crumbs, codes) if ref.target else None
        if ref.target is not None and ref.target.kind == "the_parties":
            self.diag("TL236", "`the parties` can only be the subject of a norm", ref.target.span,
                      "as a target, write `any party` (any one of them) or `each party P`", crumbs)
        if subject.kind == "parties" and target is not None:
            self.diag("TL236", "a joint act of `the parties` is an act between them: it takes no target",
                      ref.target.span, f"write `the parties {n.modality} {ref.action}`; the act's actor and "
                      "target are the parties themselves", crumbs)
        for w in (subject, target):
            if w is not None and w.kind == "other" and len(codes) != 2 and codes:
                self.diag("TL212", f"`the other party` needs a bilateral instrument; `{inst}` has {len(codes)} parties",
                          n.span, "name the party, or quantify with `each party P` and `any party Q`", crumbs)
        for q in n.qualifiers:
            if isinstance(q, A.While):
                for s in q.situations:
                    if s.name in self.situations and len(s.args or ()) == len(self.situations[s.name].params):
                        situations.append(SitUse(s.name, tuple(self.sit_arg(a, scope) for a in (s.args or ()))))
        when, unless = [], []
        window_from = window_until = deadline = None
        within = within_situation = None
        excepts, overrides, provided = [], [], []
        corroboration = None
        under: tuple[str, ...] = ()
        action = self.actions.get(ref.action)
        for q in n.qualifiers:
            if isinstance(q, (A.When, A.Unless)):
                conds = [self.cond(x, action, crumbs, scope, codes, bind, isinstance(q, A.Unless)) for x in q.conds]
                (when if isinstance(q, A.When) else unless).extend(conds)
            elif isinstance(q, A.From):
                window_from = self.once(window_from, q.date, q, crumbs)
            elif isinstance(q, A.Until):
                window_until = self.once(window_until, q.date, q, crumbs)
            elif isinstance(q, A.By):
                deadline = self.once(deadline, q.date, q, crumbs)
            elif isinstance(q, A.Within) and isinstance(q.trigger, A.SitEdge):
                if within is not None or within_situation is not None:
                    self.diag("TL112", "`within` is given twice in one clause", q.span, crumbs=crumbs)
                s = q.trigger.situation
                sdef = self.situations.get(s.name)
                if sdef is not None and len(s.args or ()) == len(sdef.params):
                    within_situation = (q.duration.amount, q.duration.unit, q.trigger.edge,
                                        SitUse(s.name, tuple(self.sit_arg(a, scope) for a in (s.args or ()))))
                    if q.trigger.edge == "start" and sdef.initially and not sdef.starts:
                        self.diag("TL235", f"`{s.name}` holds from the beginning of time and no trigger starts it",
                                  q.span, f"only a scenario's declaration, after it has ended, could start it: count "
                                  f"the deadline from `the end of {s.name}`, or from an event", crumbs,
                                  severity="warning")
            elif isinstance(q, A.Within):
                if within is not None or within_situation is not None:
                    self.diag("TL112", "`within` is given twice in one clause", q.span, crumbs=crumbs)
                pat = self.pattern(q.trigger, scope, self.actions, crumbs, codes)
                within = (q.duration.amount, q.duration.unit, pat)
            elif isinstance(q, A.Provided):
                provided.append(q.text)
            elif isinstance(q, A.Corroboration):
                if corroboration is not None:
                    self.diag("TL112", "`corroborated by` is given twice in one clause", q.span,
                              "list the counts in one `corroborated by 2 reports, 2 sources`", crumbs)
                corroboration = corroboration_def(q)
            elif isinstance(q, A.Except):
                excepts.extend(x if "." in x else f"{inst}.{x}" for x in q.names)
            elif isinstance(q, A.Overrides):
                overrides.extend(x if "." in x else f"{inst}.{x}" for x in q.names)
            elif isinstance(q, A.Under):
                if under:
                    self.diag("TL112", "`under` is given twice in one clause", q.span,
                              "list the readings in one `under R1, R2`", crumbs)
                check_under(self, q.readings, q.span, crumbs)
                under = q.readings
        has_within = within is not None or within_situation is not None
        if n.modality == "must" and deadline is None and not has_within and not c.declaratory:
            self.diag("TL311", f"obligation `{c.name}` has no deadline", n.span,
                      "add `by YYYY-MM-DD` or `within N days of <event>`; an open-ended duty cannot be checked "
                      "(mark it `declaratory` to record it)", crumbs)
        if deadline is not None and has_within:
            self.diag("TL313", f"obligation `{c.name}` has both `by` and `within`", n.span,
                      "an obligation has one deadline: a date (`by`) or a time after an event (`within`)", crumbs)
        if n.modality != "must" and (deadline is not None or has_within):
            self.diag("TL312", "`by`/`within` set a deadline, which only an obligation (`must`) has", n.span,
                      "use `until YYYY-MM-DD` to end a prohibition's or permission's window", crumbs)
        if window_from and window_until and window_from > window_until:
            self.diag("TL302", f"clause `{c.name}` applies from {window_from} until {window_until}: never",
                      n.span, "the `from` date must not be after the `until` date", crumbs)
        holds = self.held_state(hold, n, subject, scope, when + unless, crumbs) if hold else None
        vars_ = tuple((v, scope[v], binders[v]) for v in scope)
        return ClauseDef(
            c.name, inst, art, n.modality, c.declaratory, None, subject, ref.action or None, target, vars_,
            tuple(situations), tuple(when), tuple(unless), window_from, window_until, deadline, within,
            tuple(excepts), tuple(overrides), c.span, under=under, within_situation=within_situation,
            holds=holds, provided=tuple(provided), corroboration=corroboration,
        )

    def held_state(self, hold: A.Hold, n: A.Norm, subject: Who, scope, conds, crumbs) -> SitUse | None:
        """`SUBJECT must not hold S(ARGS)`: a prohibition, without conditions
        on an act's attributes, whose subject is one of the arguments."""
        s = hold.situation
        sdef = self.situations.get(s.name)
        if sdef is None or len(s.args or ()) != len(sdef.params):
            return None  # reported above (TL202, TL205)
        use = SitUse(s.name, tuple(self.sit_arg(a, scope) for a in (s.args or ())))
        if n.modality != "must not":
            self.diag("TL238", f"`{n.modality} hold` is not supported: a standing state can only be forbidden",
                      hold.span, f"write `must not hold {s.name}(…)`; to oblige or permit, name the act that starts "
                      "or ends it", crumbs)
        if conds:
            self.diag("TL238", "a standing state has no attributes: `when`/`unless` do not apply to `hold`",
                      hold.span, "narrow it with `while`, `from` or `until`", crumbs)
        holder = subject.name if subject.kind in ("var", "code") else None
        if holder is None or not any(w.kind in ("var", "code") and w.name == holder for w in use.args):
            self.diag("TL238", f"the subject must be the one that holds `{s.name}`: name it among the arguments",
                      hold.span, f"e.g. `each party P must not hold {s.name}(P{', _' * (len(use.args) - 1)})`",
                      crumbs)
        return use

    def sit_arg(self, a: str, scope) -> Who:
        """A `while` argument: `_` (anyone), a variable, a named set (any
        member) or a state code."""
        if a == "_":
            return Who("any_state")
        if a in scope:
            return Who("var", a)
        if a in self.sets:
            return Who("member", None, self.sets[a])
        return Who("code", a)

    def once(self, old, new, q, crumbs):
        if old is not None:
            self.diag("TL112", f"`{type(q).__name__.lower()}` is given twice in one clause", q.span, crumbs=crumbs)
        return new

    def cond(self, c: A.AttrCond, action: ActionDef | None, crumbs, scope=None, codes=(), bind=None,
             negated: bool = False) -> Cond:
        role = action.participants.get(c.attr) if action is not None else None
        if role is not None:
            return self.role_cond(c, action, role, crumbs, scope or {}, codes, bind, negated)
        if isinstance(c.value, A.Actor):
            self.diag("TL237", f"`{c.attr}` is not a role of `{action.name if action else '?'}`, so it cannot be "
                      f"an actor", c.span,
                      f"declare it as a role (`action {action.name if action else 'NAME'}({c.attr}: state)`), or "
                      "compare it with a value", crumbs)
            return Cond(c.attr, c.op, "")
        if action is not None:
            t = action.attrs.get(c.attr)
            if t is None:
                self.diag("TL206", f"action `{action.name}` has no attribute `{c.attr}`", c.span,
                          did_you_mean(c.attr, action.attrs) or (
                              f"its attributes: {', '.join(action.attrs)}" if action.attrs
                              else f"declare it: `action {action.name}({c.attr}: …)`"), crumbs)
            elif c.op in ("before", "after") and t.kind != "date":
                self.diag("TL207", f"`{c.attr}` is not a date, so `{c.op}` does not apply", c.span, crumbs=crumbs)
            elif c.op in ("is", "is not") and t.kind == "enum" and c.value not in t.values:
                self.diag("TL207", f"`{c.value}` is not a value of `{c.attr}`", c.span,
                          did_you_mean(str(c.value), t.values) or f"allowed: {' | '.join(t.values)}", crumbs)
        return Cond(c.attr, c.op, c.value)

    def ref_span(self, c: ClauseDef, ref: str, name: str) -> Span:
        """Where a clause's `except`/`overrides` names `ref` (written
        qualified, or bare as `name`), else the whole clause."""
        text = self.texts.get(c.span.file, "")
        kw = re.compile(r"\b(?:except|overrides)\b").search(text, c.span.start, c.span.end) if text else None
        if kw is None:
            return c.span
        rest = Span(c.span.file, c.span.line, c.span.col, c.span.end_line, c.span.end_col, kw.end(), c.span.end)
        for written in (ref, name):
            found = find_in(text, rest, re.compile(rf"(?<![\w.]){re.escape(written)}(?![\w.])"))
            if found is not None:
                return found
        return c.span

    def role_cond(self, c: A.AttrCond, action: ActionDef, role: str, crumbs, scope, codes, bind,
                  negated: bool) -> Cond:
        """`user is any third state X`, `user is the other party`, `user is X`,
        `user is USA`: the value is an actor position. A variable it binds is
        bound by the event (like `any state X` in the norm); it cannot be bound
        under a negation (`is not`, `unless`)."""
        if c.op not in ("is", "is not"):
            self.diag("TL207", f"`{c.attr}` is a role of `{action.name}` (an actor), so `{c.op}` does not apply",
                      c.span, f"write `{c.attr} is …` with an actor: `any state X`, `the other party`, a state "
                      "code", crumbs)
            return Cond(c.attr, c.op, Who("any_state"), role)
        v = c.value
        if isinstance(v, str):
            v = A.Actor("name", v, span=c.span)
        if v.var and v.kind in ("any_state", "any_party", "any_third_state", "any_member"):
            if negated or c.op == "is not":
                if v.var not in scope:
                    self.diag("TL237", f"`{v.var}` cannot be bound by a condition that must not hold", c.span,
                              f"bind `{v.var}` elsewhere (the norm, `while`), or leave the variable out", crumbs)
            elif bind is not None:
                kind = (self.group(v.group or "", v.span, crumbs) if v.kind == "any_member" else
                        {"any_state": "state", "any_party": "party", "any_third_state": "third_state"}[v.kind])
                bind(v.var, kind, "event", v.span)
        return Cond(c.attr, c.op, self.who(v, scope, crumbs, codes), role)
