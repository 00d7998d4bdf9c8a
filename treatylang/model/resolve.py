"""Resolution: the ASTs of the loaded clause files → a `Model` of frozen
definitions (defs.py), every name resolved. Every problem (undefined or
duplicate names, arity, variables, kinds) is collected; errors are raised
together as one DiagnosticError, warnings are kept on the model. Further static
checks (CAMEO codes, windows, double binds) live in lint.py. Clause resolution (norms, qualifiers, variables) is in
clauses.py.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Iterable

import attrs

from ..diagnostics import DiagnosticError, did_you_mean
from ..source import Span
from ..syntax import ast as A
from ..syntax.printer import KEYWORDS
from .clauses import ClauseResolver, corroboration_def
from .defs import (BUILTIN_TYPES, _STATE_CODE, ActionDef, ArticleDef, AttrType, ClauseDef, InstrumentDef, Model,
                   Pattern, Premise, SetKind, SituationDef, Who)
from .files import FileSet, Reporter
from .lifecycle_facts import SINGLE, check_all_states, life_facts, premise
from .readings import check_under, exclusive, resolve_derives, resolve_questions
from .shipped import resolve_instrument_arg, shipped_index


def role_code_problem(code: str) -> tuple[str, str] | None:
    """(message, help) when `code` is not a CAMEO role code (GOV, MIL, CVL…)."""
    from ..events import countries

    info = countries.info(code)
    if info is not None and info.kind == "role":
        return None
    roles = sorted(c for c, a in countries.vocabulary().codes.items() if a.kind == "role")
    if info is not None:
        return (f"`{code}` is not a CAMEO role code: it names {info.name}",
                "roles are CAMEO role codes such as GOV, MIL, COP, SPY (a state's organs) or CVL, REB, BUS")
    return (f"`{code}` is not a CAMEO role code",
            did_you_mean(code, roles) or "roles are CAMEO role codes such as GOV, MIL, COP, SPY, CVL, REB, BUS")


class Resolver(ClauseResolver, Reporter):
    """The ASTs of a loaded FileSet → Model; shares its problem list.
    Clauses are resolved by the methods of `ClauseResolver` (clauses.py)."""

    def __init__(self, files: FileSet) -> None:
        self.problems = files.problems
        self.codes_checked: set = set()
        self.entry_ends: list = []  # (situation, SitEndsEntry), checked against the instruments
        self.texts = files.texts
        self.files = files.files
        self.asts = files.asts

    # ------------------------------------------------------------ resolution
    def build(self) -> Model:
        types: dict[str, AttrType] = {}
        actions: dict[str, ActionDef] = {}
        situations: dict[str, SituationDef] = {}
        seen: dict[str, Span] = {}

        def unique(kind: str, name: str, span: Span) -> bool:
            key = f"{kind}:{name}"
            if key in seen:
                first = seen[key]
                self.diag("TL204", f"{kind} `{name}` is defined twice", span,
                          f"the first definition is at {first.file}:{first.line}:{first.col}")
                return False
            seen[key] = span
            return True

        tops = [(f, it) for f, tree in self.asts for it in tree.items]
        for f, it in tops:
            if isinstance(it, A.TypeDecl) and unique("type", it.name, it.span):
                if len(set(it.values)) != len(it.values):
                    self.diag("TL204", f"type `{it.name}` lists a value twice", it.span)
                types[it.name] = AttrType("enum", it.values)
        set_decls: dict[str, A.SetDecl] = {}
        for f, it in tops:
            if isinstance(it, A.SetDecl) and unique("set", it.name, it.span):
                set_decls[it.name] = it
        self.sets = self.expand_sets(set_decls)
        for f, it in tops:
            if isinstance(it, A.ActionDecl) and unique("action", it.name, it.span):
                actions[it.name] = self.action(it, types)
        for f, it in tops:
            if isinstance(it, A.SituationDecl) and unique("situation", it.name, it.span):
                situations[it.name] = self.situation(it, actions)
        self.actions, self.situations, self.types = actions, situations, types
        self.questions, self.readings = resolve_questions(self, tops)
        derives = resolve_derives(self, tops, actions, types)
        instruments: dict[str, InstrumentDef] = {}
        for f, it in tops:
            if isinstance(it, A.Instrument) and unique("instrument", it.name, it.span):
                instruments[it.name] = self.instrument(it, f)
        self.check_cross_refs(instruments)
        return Model(instruments, actions, situations, types, tuple(self.files), sources=dict(self.texts),
                     sets=dict(self.sets), questions=self.questions, readings=self.readings, derives=derives)

    def expand_sets(self, decls: dict[str, A.SetDecl]) -> dict[str, SetKind]:
        """Each named set with its members expanded (a member may name another
        set). Problems: a name that is a keyword or looks like a state code
        (TL233), a member that is neither a code nor a set (TL231), a cycle
        (TL232)."""
        out: dict[str, SetKind] = {}
        for name, d in decls.items():
            if name in KEYWORDS or name in ("state", "party", "third_state") or _STATE_CODE.match(name):
                what = "a keyword" if not _STATE_CODE.match(name) else "spelled like a state code"
                self.diag("TL233", f"set `{name}` is {what}", d.span,
                          "name a set in lower case, e.g. `set littoral = RUS, IRN, AZE, KAZ, TKM`: where a state "
                          "code or a keyword could stand, the name would be read as one")

        def members(name: str, stack: tuple[str, ...]) -> tuple:
            if name in out:
                return out[name].ordered
            d = decls[name]
            got: list[str] = []
            spans = d.member_spans or (d.span,) * len(d.members)
            for m, mspan in zip(d.members, spans):
                if m in decls:
                    if m in stack + (name,):
                        cycle = " → ".join(stack[stack.index(m):] + (name, m)) if m in stack else f"{name} → {m}"
                        self.diag("TL232", f"set `{name}` contains itself ({cycle})", mspan,
                                  "a set may name other sets, but not in a cycle")
                        continue
                    got.extend(members(m, stack + (name,)))
                elif _STATE_CODE.match(m):
                    self.check_code(m, mspan, (f"set {name}",))
                    got.append(m)
                else:
                    self.diag("TL231", f"`{m}` in set `{name}` is neither a state code nor a set", mspan,
                              did_you_mean(m, decls) or "members are ISO 3166-1 alpha-3 codes (RUS) or the names "
                              "of other sets")
            out[name] = SetKind(name, got)
            return out[name].ordered

        for name in decls:
            members(name, ())
        return out

    def attr_type(self, t: A.TypeRef, types: dict[str, AttrType]) -> AttrType:
        if t.kind != "named":
            self.diag("TL215", f"`{t.kind.replace('_', ' ')}` is an actor type; action attributes take date, string, "
                      "integer or an enum", t.span)
            return AttrType("string")
        if len(t.names) > 1:
            return AttrType("enum", t.names)
        n = t.names[0]
        if n in BUILTIN_TYPES:
            return AttrType(n)
        if n in types:
            return types[n]
        self.diag("TL213", f"undefined type `{n}`", t.span, did_you_mean(n, list(types) + list(BUILTIN_TYPES)))
        return AttrType("string")

    def action(self, a: A.ActionDecl, types) -> ActionDef:
        attrs: dict[str, AttrType] = {}
        roles: dict[str, str] = {}
        for p in a.params:
            if p.name in attrs:
                self.diag("TL204", f"attribute `{p.name}` is declared twice", p.span)
            t = p.type
            group = self.sets.get(t.names[0]) if t.kind == "named" and len(t.names) == 1 else None
            if t.kind != "named" or group is not None:
                # A role: a third participant in the act (`user: state`).
                roles[p.name] = group or t.kind
                attrs[p.name] = AttrType("role")
                continue
            attrs[p.name] = self.attr_type(t, types)
        sides: dict[str, frozenset[str]] = {}
        for r in a.roles:
            if r.side in sides:
                self.diag("TL217", f"`{r.side} roles` is given twice for action `{a.name}`", r.span,
                          f"list every role in one `{r.side} roles` statement")
            for code, span in zip(r.codes, r.code_spans or (r.span,) * len(r.codes)):
                problem = role_code_problem(code)
                if problem is not None:
                    self.diag("TL216", problem[0], span, problem[1])
            sides[r.side] = frozenset(sides.get(r.side, frozenset()) | set(r.codes))
        return ActionDef(a.name, attrs, a.cameo, tuple((p.event, p.context) for p in a.plover), a.span, roles,
                         sides.get("actor"), sides.get("target"))

    def situation(self, s: A.SituationDecl, actions) -> SituationDef:
        params = []
        for p in s.params:
            kind = p.type.kind
            if kind == "named":
                group = self.sets.get(p.type.names[0]) if len(p.type.names) == 1 else None
                if group is None:
                    self.diag("TL215", f"situation parameter `{p.name}` must be an actor (state, party, third "
                              "state or a named set)", p.type.span,
                              (did_you_mean(p.type.names[0], self.sets) if len(p.type.names) == 1 else None)
                              or "situations are about who is in them: `aggression(aggressor: third state, "
                              "victim: party)`")
                kind = group or "state"
            params.append((p.name, kind))
        names = [n for n, _ in params]
        for n in names:
            if names.count(n) > 1:
                self.diag("TL204", f"parameter `{n}` is declared twice", s.span)
                break
        scope = {n: k for n, k in params}
        starts, ends = [], []
        entry: list[str] = []
        initially = False
        corroboration = None
        for item in s.items:
            if isinstance(item, A.SitInitially):
                initially = True
                continue
            if isinstance(item, A.Corroboration):
                if corroboration is not None:
                    self.diag("TL217", f"`corroborated by` is given twice in situation `{s.name}`", item.span,
                              "give one `corroborated by` statement per situation")
                corroboration = corroboration_def(item)
                continue
            if isinstance(item, A.SitEndsEntry):
                entry.append(item.instrument)  # checked once the instruments are known
                self.entry_ends.append((s.name, item))
                continue
            for pos in (item.trigger.actor, item.trigger.act.target):
                if pos is not None and pos.kind in ("any_party", "any_third_state", "other_party", "the_parties"):
                    self.diag("TL215", f"`{_actor_words(pos.kind)}` cannot appear in a situation trigger", pos.span,
                              "situations are shared by every instrument, so who is a party is decided where a "
                              "clause uses the situation: use a parameter of type `party` or `third state`",
                              (f"situation {s.name}",))
            pat = self.pattern(item.trigger, scope, actions, (f"situation {s.name}",))
            if isinstance(item, A.SitStarts) and item.unless is not None:
                other = self.pattern(item.unless.trigger, scope, actions, (f"situation {s.name}",))
                pat = attrs.evolve(pat, unless=(other, item.unless.duration.amount, item.unless.duration.unit))
            (starts if isinstance(item, A.SitStarts) else ends).append(pat)
            named = {w.name for w in (pat.actor, pat.target) if w is not None and w.kind == "var"}
            missing = [n for n in names if n not in named]
            if isinstance(item, A.SitStarts) and missing:
                # An instance needs every argument; a start that leaves one
                # open could never start anything (and nothing would say so).
                self.diag("TL230", f"this trigger never starts `{s.name}`: it does not name "
                          + ", ".join(f"`{n}`" for n in missing), item.trigger.span,
                          "a starting event must fix every parameter: write the parameter as the trigger's actor "
                          f"or target (`starts when {names[0]} … against {names[-1]}`)", (f"situation {s.name}",))
        if initially and params:
            self.diag("TL215", f"situation `{s.name}` has parameters, so it cannot hold `initially`", s.span,
                      "only a situation without parameters can hold from the start; declare instances in scenarios")
        return SituationDef(s.name, tuple(params), initially, tuple(starts), tuple(ends), s.span, corroboration,
                            tuple(entry))

    def group(self, name: str, span: Span, crumbs) -> SetKind:
        """The named set `name` (TL234 if there is none)."""
        got = self.sets.get(name)
        if got is None:
            self.diag("TL234", f"undefined set `{name}`", span,
                      did_you_mean(name, self.sets) or "declare it at the top level: `set littoral = RUS, IRN, AZE, "
                      "KAZ, TKM`; or write `any state`, `any party` or `any third state`", crumbs)
            return SetKind(name)
        return got

    def check_code(self, code: str, span: Span, crumbs, day: _dt.date | None = None) -> None:
        """A written state code must be a known state's (TL220), and a former
        state's only on a day it existed (TL221); did-you-mean in the help."""
        from ..events.countries import check_state_code

        key = (code, day)
        if key in self.codes_checked:
            return
        self.codes_checked.add(key)
        p = check_state_code(code, day)
        if p is not None:
            self.diag("TL221" if p.kind == "date" else "TL220", p.message, span, p.help, crumbs)

    def who(self, a: A.Actor, scope: dict[str, str], crumbs, parties: tuple[str, ...] = ()) -> Who:
        if a.kind == "name":
            if a.var in scope:
                return Who("var", a.var)
            if a.var in self.sets:
                return Who("member", None, self.sets[a.var])
            if a.var in parties or _STATE_CODE.match(a.var or ""):
                if a.var not in parties:
                    self.check_code(a.var, a.span, crumbs)
                return Who("code", a.var)
            self.diag("TL203", f"`{a.var}` is neither a variable in scope, a set nor a state code", a.span,
                      did_you_mean(a.var or "", list(scope) + list(parties) + list(self.sets))
                      or "bind it with `each party P`, a situation argument or `any state X`; state codes are "
                         "three capital letters (ISO 3166-1 alpha-3, as in CAMEO)", crumbs)
            return Who("code", a.var)
        if a.kind == "any_member":
            return Who("member", a.var, self.group(a.group or "", a.span, crumbs))
        if a.kind == "each_member":
            return Who("var", a.var)
        if a.kind == "the_parties":
            return Who("parties")
        if a.kind == "other_party":
            party_vars = [v for v, k in scope.items() if k == "party"]
            if len(party_vars) != 1:
                self.diag("TL212", "`the other party` needs exactly one party variable in scope"
                          + (f" (found {', '.join(party_vars)})" if party_vars else " (found none)"), a.span,
                          "bind one with `each party P` or a situation argument of type party", crumbs)
                return Who("other", party_vars[0] if party_vars else None)
            return Who("other", party_vars[0])
        if a.kind == "each_party":
            return Who("var", a.var)
        return Who(a.kind, a.var)

    def pattern(self, t: A.Trigger, scope, actions, crumbs, parties=()) -> Pattern:
        tgt = t.act.target
        if tgt is not None and tgt.kind == "the_parties":
            self.diag("TL236", "`the parties` can only be the subject of a norm", tgt.span,
                      "in a trigger, write `any party` (any one of them)", crumbs)
            return Pattern(self.who(t.actor, scope, crumbs, parties), t.act.action, None, t.span)
        if (t.actor.kind.startswith("any_") and t.act.action not in actions and tgt is not None
                and tgt.kind == "name" and t.act.prep is None and tgt.var in actions):
            # `any party X declare_threat` reads X as the action and the
            # action as its target: say what was meant instead.
            from ..syntax.parse import _TRIGGER_HELP

            words = {"any_state": "state", "any_party": "party", "any_third_state": "third state"}
            kind = words.get(t.actor.kind, t.actor.group or "")
            self.diag("TL130", f"a trigger's actor cannot bind a variable (`any {kind} {t.act.action}`)", t.span,
                      _TRIGGER_HELP.format(var=t.act.action), crumbs)
            return Pattern(Who(t.actor.kind, None), tgt.var or "", None, t.span)
        self.check_action(t.act.action, t.act.span, actions, crumbs)
        actor = self.who(t.actor, scope, crumbs, parties)
        target = self.who(t.act.target, scope, crumbs, parties) if t.act.target else None
        return Pattern(actor, t.act.action, target, t.span)

    def check_action(self, name: str, span: Span, actions, crumbs) -> None:
        if name not in actions:
            # Underline the action's name only, not its object.
            span = Span(span.file, span.line, span.col, span.line, span.col + len(name), span.start,
                        span.start + len(name))
            self.diag("TL201", f"undefined action `{name}`", span,
                      did_you_mean(name, actions) or "declare it with `action NAME cameo …` (or import a vocabulary)",
                      crumbs)

    # ------------------------------------------------------------ instruments
    def instrument(self, ins: A.Instrument, file: str) -> InstrumentDef:
        crumbs = (f"instrument {ins.name}",)
        single: dict[type, A.Node] = {}
        title = signed = place = None
        authentic: tuple[str, ...] = ()
        parties: list[tuple[str, str | None]] = []
        party_spans: list[tuple[str, Span]] = []
        in_force: _dt.date | None = None
        in_force_seen = False
        term = renew = notice = None
        superseded = None
        withdrawn: list[tuple[str, _dt.date]] = []
        wnotice = None
        sources, notes = [], []
        articles: list[ArticleDef] = []
        clauses: list[ClauseDef] = []
        premises: list[Premise] = []
        prevails: list[tuple[str, str]] = []
        prevails_spans: dict[str, Span] = {}
        given: dict[type, list[A.Node]] = {}
        # Articles come after the instrument's own statements are known.
        for it in ins.items:
            if type(it) in SINGLE:
                k = SINGLE[type(it)]
                under = getattr(it, "under", ())
                first = next((x for x in given.get(k, ()) if not exclusive(getattr(x, "under", ()), under,
                                                                            self.readings)), None)
                if first is not None:
                    self.diag("TL112", f"`{_stmt_word(it)}` is given twice", it.span,
                              f"the first is at line {first.span.line}"
                              + ("; statements under different readings of one question may both be given"
                                 if under or getattr(first, "under", ()) else ""), crumbs)
                given.setdefault(k, []).append(it)
                single.setdefault(k, it)
            if getattr(it, "under", ()):
                check_under(self, it.under, it.span, crumbs)
                premises.append(premise(it))
                continue
            if isinstance(it, A.InForceRatification):
                in_force_seen = True
            if isinstance(it, A.Title):
                title = it.text
            elif isinstance(it, A.Signed):
                signed, place = it.date, it.place
            elif isinstance(it, A.Authentic):
                authentic = it.langs
            elif isinstance(it, A.Parties):
                for p in it.parties:
                    if p.code in self.sets:
                        if p.name is not None:
                            self.diag("TL231", f"`{p.code}` is a set: its members cannot share one name", p.span,
                                      f"write the members one by one to name them: "
                                      f"{', '.join(self.sets[p.code].ordered)}", crumbs)
                        for m in self.sets[p.code].ordered:
                            if any(m == c for c, _ in parties):
                                self.diag("TL204", f"party `{m}` is listed twice (set `{p.code}`)", p.span,
                                          crumbs=crumbs)
                            else:
                                parties.append((m, None))
                        continue
                    if any(p.code == c for c, _ in parties):
                        self.diag("TL204", f"party `{p.code}` is listed twice", p.span, crumbs=crumbs)
                    elif not _STATE_CODE.match(p.code):
                        from ..events.countries import check_state_code

                        hint = check_state_code(p.code)
                        self.diag("TL214", f"`{p.code}` is not a state code", p.span,
                                  hint.help if hint is not None and "did you mean" in (hint.help or "")
                                  else "parties are ISO 3166-1 alpha-3 codes, as CAMEO uses (RUS, IRN)", crumbs)
                    else:
                        party_spans.append((p.code, p.span))
                    parties.append((p.code, p.name))
            elif isinstance(it, A.InForce):
                in_force_seen = True
                in_force = it.date if it.date is not None else signed
                if it.date is None and signed is None and not any(isinstance(x, A.Signed) for x in ins.items):
                    self.diag("TL309", "`in force on signature` but no `signed` date", it.span, crumbs=crumbs)
            elif isinstance(it, A.NotInForce):
                in_force_seen = True
                in_force = None
            elif isinstance(it, A.Term):
                term = (it.length.amount, it.length.unit)
                if it.renew:
                    renew = (it.renew.amount, it.renew.unit)
                    notice = (it.notice.amount, it.notice.unit) if it.notice else None
            elif isinstance(it, A.Superseded):
                superseded = (it.by, it.date)
            elif isinstance(it, A.Withdrawn):
                withdrawn.append((it.party, it.date))
            elif isinstance(it, A.WithdrawalNotice):
                wnotice = (it.duration.amount, it.duration.unit)
            elif isinstance(it, A.Source):
                sources.append(it.text)
            elif isinstance(it, A.Note):
                notes.append(it.text)
            elif isinstance(it, A.Prevails):
                if any(o == it.over for o, _ in prevails):
                    self.diag("TL112", f"`prevails over {it.over}` is given twice", it.span, crumbs=crumbs)
                elif it.over == ins.name:
                    self.diag("TL239", f"`{ins.name}` cannot prevail over itself", it.span,
                              "name the other instrument in force at the same time", crumbs)
                else:
                    prevails.append((it.over, it.principle))
                    prevails_spans[it.over] = it.span
        # `in force on signature` written before `signed`: resolve now.
        for it in ins.items:
            if isinstance(it, A.InForce) and it.date is None and not it.under:
                in_force = signed
        premises = [Premise(p.readings, p.field, signed, p.text, p.span) if p.field == "in_force" and p.value == "signed"
                    else p for p in premises]
        for p in premises:
            if p.field == "in_force" and signed and p.value and p.value < signed:
                self.diag("TL309", f"entry into force {p.value} is before signature {signed}", p.span, crumbs=crumbs)
        binding = ins.kind in A.BINDING_KINDS
        if not in_force_seen and not binding:
            in_force = signed  # a political commitment takes effect on signature unless stated
        codes = tuple(c for c, _ in parties)
        for code, span in party_spans:  # after the loop: `signed` may come after `parties`
            self.check_code(code, span, crumbs, signed or in_force)
        if not parties and not any(isinstance(x, A.AllStates) for x in ins.items):
            self.diag("TL111", f"instrument `{ins.name}` names no parties", ins.span,
                      "add `parties RUS \"Russian Federation\", IRN \"Islamic Republic of Iran\"`", crumbs)
        for party, _d in withdrawn:
            if party not in codes:
                self.diag("TL214", f"`{party}` is not a party to `{ins.name}`", ins.span, did_you_mean(party, codes),
                          crumbs)
        if signed and in_force and in_force < signed:
            self.diag("TL309", f"entry into force {in_force} is before signature {signed}", single[A.InForce].span,
                      crumbs=crumbs)
        if superseded and in_force and superseded[1] <= in_force:
            self.diag("TL309", f"superseded on {superseded[1]}, not after entry into force {in_force}",
                      single[A.Superseded].span, crumbs=crumbs)
        names_seen: dict[str, Span] = {}
        for it in ins.items:
            if not isinstance(it, A.Article):
                continue
            if it.name in names_seen:
                self.diag("TL204", f"article `{it.name}` is defined twice", it.span, crumbs=crumbs)
            names_seen[it.name] = it.span
            art, cls = self.article(it, ins.name, codes, crumbs, clauses)
            articles.append(art)
            clauses.extend(cls)
        idef = InstrumentDef(
            ins.name, ins.kind, binding, title, signed, place, authentic, tuple(parties), in_force, term, renew,
            notice, superseded, tuple(withdrawn), wnotice, tuple(sources), tuple(notes), tuple(articles),
            tuple(clauses), file, ins.span, tuple(premises), tuple(prevails), prevails_spans,
        )
        idef = attrs.evolve(idef, **life_facts(self, ins.items, codes, crumbs, idef))
        if idef.all_states:
            check_all_states(self, idef, crumbs)
        return idef

    def article(self, art: A.Article, inst: str, codes, crumbs, earlier: list[ClauseDef]):
        crumbs = crumbs + (f"article {art.name}",)
        number = conf = None
        texts, sources, notes, clauses = [], [], [], []
        for it in art.items:
            if isinstance(it, A.Number):
                number, conf = it.text, it.confidence
            elif isinstance(it, A.Text):
                texts.append((it.lang, it.text, it.flag))
            elif isinstance(it, A.Source):
                sources.append(it.text)
            elif isinstance(it, A.Note):
                notes.append(it.text)
            elif isinstance(it, A.Clause):
                cdef = self.clause(it, inst, art.name, codes, crumbs)
                # Two clauses may share a name only under different readings
                # of one question: no choice of readings keeps both.
                clash = next((c for c in earlier + clauses if c.name == it.name
                              and not exclusive(c.under, cdef.under, self.readings)), None)
                if clash is not None:
                    self.diag("TL204", f"clause `{it.name}` is defined twice in `{inst}`", it.span,
                              "two clauses may share a name only if each is `under` a different reading of one "
                              "question" if clash.under or cdef.under else None, crumbs=crumbs)
                clauses.append(cdef)
        adef = ArticleDef(art.name, art.title, number, conf, tuple(texts), tuple(sources), tuple(notes),
                          tuple(c.name for c in clauses), art.span)
        return adef, clauses

    def check_cross_refs(self, instruments: dict[str, InstrumentDef]) -> None:
        shipped = shipped_index()
        for sname, item in self.entry_ends:
            # An instrument not loaded (a shipped one this run does not read)
            # ends nothing; one that exists nowhere is a mistake.
            if item.instrument not in instruments and item.instrument not in shipped:
                self.diag("TL208", f"undefined instrument `{item.instrument}`", item.span,
                          did_you_mean(item.instrument, list(instruments) + list(shipped)), (f"situation {sname}",))
        for ins in instruments.values():
            crumbs = (f"instrument {ins.name}",)
            for other, _principle in ins.prevails:
                if other not in instruments and other not in shipped:
                    self.diag("TL208", f"undefined instrument `{other}`", ins.prevails_spans.get(other, ins.span),
                              did_you_mean(other, list(instruments) + list(shipped)), crumbs)
                elif other in instruments and any(o == ins.name for o, _ in instruments[other].prevails):
                    if ins.name < other:  # report the pair once
                        self.diag("TL239", f"`{ins.name}` and `{other}` each prevail over the other",
                                  ins.prevails_spans.get(other, ins.span),
                                  "priority runs one way: keep the statement of the instrument that prevails",
                                  crumbs)
            if ins.superseded and ins.superseded[0] not in instruments and ins.superseded[0] not in shipped:
                self.diag("TL208", f"undefined instrument `{ins.superseded[0]}`", ins.span,
                          did_you_mean(ins.superseded[0], list(instruments) + list(shipped)), crumbs)
            names = [c.name for c in ins.clauses]
            for c in ins.clauses:
                for ref in c.excepts + c.overrides:
                    inst, _, name = ref.partition(".")
                    target = instruments.get(inst)
                    if target is None and inst in shipped:
                        continue  # cross-instrument reference to a file not loaded: checked when it is
                    if target is None or target.clause(name) is None:
                        pool = names if inst == ins.name else [x.name for x in target.clauses] if target else []
                        self.diag("TL209", f"undefined clause `{name if inst == ins.name else ref}`",
                                  self.ref_span(c, ref, name),
                                  did_you_mean(name, pool), crumbs + (f"clause {c.name}",))
                        continue
                    other = target.clause(name)
                    if ref in c.excepts and other.modality != "may":
                        self.diag("TL209", f"`except {name}`: `{name}` is not a permission (`may`)",
                                  self.ref_span(c, ref, name),
                                  "`except` names the permissions that may defeat this prohibition",
                                  crumbs + (f"clause {c.name}",))
                    valid = (ref in c.excepts and other.modality == "may") or (
                        ref in c.overrides and other.modality == "must not")
                    if valid and other.action != c.action:
                        self.diag("TL314", f"`{name}` is about `{other.action}`, `{c.name}` about `{c.action}`: the "
                                  "permission can never apply to the same event", self.ref_span(c, ref, name),
                                  "a permission covers only its own action; name a permission on the same action",
                                  crumbs + (f"clause {c.name}",))
                    if ref in c.overrides and other.modality != "must not":
                        self.diag("TL209", f"`overrides {name}`: `{name}` is not a prohibition",
                                  self.ref_span(c, ref, name),
                                  "a permission overrides prohibitions (`must not`)", crumbs + (f"clause {c.name}",))


def _actor_words(kind: str) -> str:
    return {"any_party": "any party", "any_third_state": "any third state", "other_party": "the other party",
            "the_parties": "the parties"}[kind]


def _stmt_word(it) -> str:
    return {A.Title: "title", A.Signed: "signed", A.Authentic: "authentic", A.Parties: "parties",
            A.AllStates: "parties all states", A.InForce: "in force", A.NotInForce: "not in force",
            A.InForceRatification: "in force on ratification", A.Term: "term", A.Superseded: "superseded by",
            A.WithdrawalNotice: "withdrawal notice", A.Reinstated: "reinstated",
            A.Terminated: "terminated"}.get(type(it), type(it).__name__.lower())


def load_model(paths: Iterable[str | Path], overlay: dict[str, str] | None = None) -> Model:
    """Parse, follow imports and resolve; raise DiagnosticError on any error.
    Warnings are kept on the model (`model.warnings`). `overlay` maps paths
    to texts that stand in for the files' contents (an editor's buffers)."""
    fs = FileSet(overlay)
    for p in paths:
        fs.load(str(p))
    errors = [d for d in fs.problems if d.is_error]
    if errors or not fs.asts:
        if not fs.problems:
            fs.diag("TL005", "no clause files to load", Span("<command line>", 1, 1, 1, 2))
        raise DiagnosticError(fs.problems)
    r = Resolver(fs)
    model = r.build()
    errors = [d for d in r.problems if d.is_error]
    if errors:
        raise DiagnosticError(r.problems)
    return attrs.evolve(model, warnings=tuple(r.problems), asts=dict(fs.asts))


def load_instruments(args: Iterable[str], overlay: dict[str, str] | None = None) -> Model:
    """Load instruments named on a command line (paths or shipped ids)."""
    return load_model([resolve_instrument_arg(a) for a in args], overlay)
