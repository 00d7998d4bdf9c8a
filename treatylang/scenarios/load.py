"""Scenarios: hand-written timelines checked against instruments (public API).

    text ──parse_scenario_text──▶ ScenarioFile (AST, spans) ──load_scenario──▶ Scenario
                                        │                                     (events, declared situations,
                                        └──scenario_lines / print_scenario──▶ canonical text    expectations)

* `parse_scenario_text` / `parse_scenario_file`: syntax, plus what can be
  checked without a treaty model (dates exist, a day where one is needed,
  CAMEO literal shape, nothing given twice). Raises DiagnosticError.
* `scenario_lines` / `print_scenario`: the canonical layout, for `fmt`.
* `load_scenario(path, model=None)`: the AST as a `Scenario` the evaluator
  consumes. Without a model it checks what needs no treaty (a `check` line,
  clause files exist, `until` after `from`, nothing after `as of`, CAMEO
  codes in the codebook, events in date order); with a model it also
  resolves names: actions and their attributes, situations and their arity,
  instruments and the clauses expectations name (`Expectation.clause_id`).
  Errors are collected and raised once; warnings (TL407 events out of order,
  TL411 undeclared attribute) never stop loading and are returned on
  `Scenario.warnings`.

The syntax and its meaning are documented in docs/scenarios.md.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from attrs import field, frozen

from .. import confine
from ..model.shipped import names_a_file_not_an_id
from ..diagnostics import Diagnostic, DiagnosticError, did_you_mean
from ..events.model import Event, Provenance, parse_date
from ..syntax.scenario_printer import expectation as _expectation_text
from ..syntax.scenario_printer import print_scenario, scenario_lines
from ..source import NOWHERE, Span, line_of
from ..syntax.parse import read_source
from ..syntax.scenario_ast import (
    STATUSES, AsOf, Attr, Check, Declare, EventLine, Expect, InstrumentRef, Order, Readings, ScenarioFile, Title,
    parse_scenario_file, parse_scenario_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Model

# Statuses an expectation may pin to a day with `on`, and the one it may count.
DATED_STATUSES = ("violated", "fulfilled")
COUNTED_STATUSES = ("violated",)
# Statuses `by PARTY` fits: who violated, or whose act fulfilled.
BY_STATUSES = ("violated", "fulfilled")


# ----------------------------------------------------------------- the loaded scenario


@frozen
class Declared:
    """A situation declared in the scenario: holds from `start` to `until`,
    both included (`until` None: still holding at the end of the timeline)."""

    name: str
    args: tuple[str, ...]
    start: _dt.date
    until: _dt.date | None
    source: str | None
    span: Span = field(default=NOWHERE, eq=False)


@frozen
class Expectation:
    """One `expect` statement.

    kind "status": `clause` (as written) has `status` — for `by` the party,
    for `on` the day, for `count` the exact number of violations, for
    `binding` the values some of the instance's variables have (see
    docs/scenarios.md for the precise rule); kind "compliant": no violation
    at all; kind "count": exactly `count` violation findings in total.
    `clause_id` is the resolved `instrument.clause` when the scenario was
    loaded with a model (None otherwise). `text` is the canonical form of the
    expectation, for reports."""

    kind: str  # "status" | "compliant" | "count"
    clause: str | None = None
    status: str | None = None
    party: str | None = None
    on: _dt.date | None = None
    count: int | None = None
    text: str = ""
    clause_id: str | None = None
    span: Span = field(default=NOWHERE, eq=False)
    binding: tuple[tuple[str, str], ...] = ()  # `CLAUSE(P=RUS)`: the instance's variables and values
    readings: tuple[str, ...] = ()  # `under R1, R2`: checked under these readings


@frozen
class Scenario:
    """A loaded scenario. `instruments` are ready for
    `treatylang.model.resolve_instrument_arg`: ids as written, clause-file
    paths made relative to the working directory (they are written relative to
    the scenario file). `events` are in file order (`seq` = position in the
    file, from 0); sorting is the evaluator's job."""

    path: str
    title: str | None
    instruments: tuple[str, ...]
    as_of: _dt.date | None
    events: tuple[Event, ...]
    declared: tuple[Declared, ...]
    expectations: tuple[Expectation, ...]
    warnings: tuple[Diagnostic, ...] = field(default=(), eq=False)
    # The model the scenario was loaded against (None: loaded without one).
    model: "Model | None" = field(default=None, eq=False, repr=False)
    readings: tuple[str, ...] = ()  # the `reading` line: checked under these readings
    # `order as written`: the events of one day happened in file order
    # (otherwise only times of day order them; docs/semantics.md §1.2).
    ordered: bool = False

    @property
    def timeline_end(self) -> _dt.date | None:
        """The last day of the timeline: `as_of` if given, else the latest of
        the events' last possible days and the declared situations' first and
        last days (docs/semantics.md §1.4); None for a scenario with neither."""
        if self.as_of is not None:
            return self.as_of
        days = [e.end_day for e in self.events]
        days += [d.until or d.start for d in self.declared]
        return max(days) if days else None


# ----------------------------------------------------------------- loading


class _Loader:
    def __init__(self, tree: ScenarioFile, path: str, text: str, model=None):
        self.tree = tree
        self.path = path
        self.text = text
        self.model = model
        self.problems: list[Diagnostic] = []

    def diag(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.problems.append(Diagnostic(code, message, span, line_of(self.text, span.line), help))

    # ------------------------------------------------------------ the whole file
    def load(self) -> Scenario:
        items = self.tree.items
        title = next((it.text for it in items if isinstance(it, Title)), None)
        as_of = next((it.date for it in items if isinstance(it, AsOf)), None)
        self.as_of = as_of
        instruments, scope = self.instruments([it for it in items if isinstance(it, Check)])
        self.scope = scope
        declared = tuple(self.declare(it) for it in items if isinstance(it, Declare))
        events = self.events([it for it in items if isinstance(it, EventLine)])
        expectations = tuple(self.expect(it) for it in items if isinstance(it, Expect))
        readings: list[str] = []
        for it in items:
            if isinstance(it, Readings):
                readings += [n for n in it.names if n not in readings]
                self.check_readings(tuple(readings), it.span)
        errors = [d for d in self.problems if d.is_error]
        if errors:
            raise DiagnosticError(sorted(self.problems, key=Diagnostic.sort_key))
        return Scenario(self.path, title, instruments, as_of, events, declared, expectations,
                        tuple(sorted(self.problems, key=Diagnostic.sort_key)), self.model, tuple(readings),
                        any(isinstance(it, Order) for it in items))

    def check_readings(self, names: tuple[str, ...], span: Span) -> None:
        """With a model: every name is a reading (TL450), at most one of each
        question (TL451)."""
        if self.model is None:
            return
        from ..model.readings import choose

        try:
            choose(self.model, names, span, "TL450", "TL451")
        except DiagnosticError as e:
            for d in e.diagnostics:
                self.diag(d.code, d.message, span, d.help)

    # ------------------------------------------------------------ check
    def instruments(self, checks: list[Check]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The instrument arguments, and (with a model) the ids of the checked
        instruments that bare clause names resolve against."""
        refs: list[InstrumentRef] = [r for c in checks for r in c.refs]
        if not refs:
            self.diag("TL404", "the scenario names no instrument to check", Span(self.path, 1, 1, 1, 2),
                      "add a line such as `check ru_ir_2001` (an instrument id) or `check \"treaty.tl\"` "
                      "(a clause file, relative to this scenario)")
            return (), ()
        out: list[str] = []
        scope: list[str] = []
        for r in refs:
            if r.path:
                arg = self.resolve_path(r)
                if arg is None:
                    continue
                if self.model is not None:
                    here = _same_file_key(arg)
                    scope += [i for i, d in self.model.instruments.items() if _same_file_key(d.file) == here]
            else:
                arg = r.name
                if names_a_file_not_an_id(r.name) and not confine.permitted(r.name, [Path(self.path).parent]):
                    self.problems.append(confine.outside(
                        f"`check {r.name}` (not a shipped instrument id, but a file in the current folder)",
                        r.span, [Path(self.path).parent], line_of(self.text, r.span.line)))
                    continue
                if self.model is not None:
                    if r.name in self.model.instruments:
                        scope.append(r.name)
                    else:
                        self.diag("TL408", f"no instrument `{r.name}` in the loaded clause files", r.span,
                                  did_you_mean(r.name, self.model.instruments)
                                  or "loaded: " + (", ".join(sorted(self.model.instruments)) or "none"))
                        continue
            if arg not in out:
                out.append(arg)
        return tuple(out), tuple(dict.fromkeys(scope))

    def resolve_path(self, r: InstrumentRef) -> str | None:
        p = Path(r.name)
        if not p.is_absolute():
            p = Path(os.path.normpath(Path(self.path).parent / p))
        here = Path(self.path).parent
        if not confine.permitted(p, [here]):
            self.problems.append(confine.outside(f'`check "{r.name}"`', r.span, [here],
                                                 line_of(self.text, r.span.line)))
            return None
        if not confine.is_file(p):
            self.diag("TL408", f"no clause file `{r.name}`", r.span,
                      f"a \"path\" in `check` is relative to the scenario file (looked for {p}); "
                      "write a shipped instrument id without quotes")
            return None
        return str(p)

    # ------------------------------------------------------------ situations
    def declare(self, d: Declare) -> Declared:
        from ..events.countries import check_state_code

        for a in d.args:
            if a != "_" and not (self.model is not None and a in getattr(self.model, "sets", {})):
                p = check_state_code(a, d.start)
                if p is not None:
                    self.diag("TL421" if p.kind == "date" else "TL420", f"situation `{d.name}`: {p.message}",
                              d.span, p.help)
        if d.until is not None and d.until < d.start:
            self.diag("TL405", f"`until {d.until.isoformat()}` is before `from {d.start.isoformat()}`",
                      d.until_span, "a declared situation holds from its first day to its last, both included")
        if self.as_of is not None and d.start > self.as_of:
            self.diag("TL414", f"situation `{d.name}` starts after the end of the timeline "
                      f"(as of {self.as_of.isoformat()})", d.span, "move `as of` later, or drop the declaration")
        if self.model is not None:
            sdef = self.model.situations.get(d.name)
            if sdef is None:
                self.diag("TL406", f"unknown situation `{d.name}`", d.name_span,
                          did_you_mean(d.name, self.model.situations)
                          or "declared situations: " + (", ".join(sorted(self.model.situations)) or "none"))
            elif len(sdef.params) != len(d.args):
                want = len(sdef.params)
                names = ", ".join(n for n, _ in sdef.params)
                shape = f"{d.name}({names})" if want else d.name
                self.diag("TL406", f"situation `{d.name}` takes {want} argument{'s' * (want != 1)}, "
                          f"not {len(d.args)}", d.span, f"write `situation {shape} from …`")
        return Declared(d.name, d.args, d.start, d.until, d.source, d.span)

    # ------------------------------------------------------------ events
    def events(self, lines: list[EventLine]) -> tuple[Event, ...]:
        out: list[Event] = []
        latest: tuple[_dt.date, EventLine] | None = None
        for seq, ln in enumerate(lines):
            day, last, precision = parse_date(ln.date)  # checked by the parser
            if latest is not None and last < latest[0]:
                prev = latest[1]
                self.diag("TL407", f"event dated {ln.date} is written after an event dated {prev.date} "
                          f"(line {prev.span.line})", ln.date_span,
                          "the checker sorts events by date, so this is only a warning; "
                          "keep the file in date order so it reads as a timeline")
            if latest is None or day > latest[0]:
                latest = (day, ln)
            if self.as_of is not None and day > self.as_of:
                self.diag("TL414", f"event dated {ln.date} is after the end of the timeline "
                          f"(as of {self.as_of.isoformat()})", ln.date_span,
                          "move `as of` later, or drop the event")
            if ln.code is not None:
                self.check_code(ln)
            elif self.model is not None:
                self.check_action(ln)
            self.check_states(ln, day, last)
            for roles, span in ((ln.actor_roles, ln.actor_roles_span), (ln.target_roles, ln.target_roles_span)):
                self.check_roles(roles, span)
            attrs = tuple(sorted((a.name, a.value) for a in ln.attrs))
            out.append(Event(day, ln.actor, ln.target, ln.code, ln.action, attrs,
                             None if precision == "day" else last, precision, ln.time, seq,
                             Provenance(self.path, ln.span.line, ln.source),
                             actor_roles=tuple(ln.actor_roles), target_roles=tuple(ln.target_roles)))
        return tuple(out)

    def check_states(self, ln: EventLine, day: _dt.date, last: _dt.date) -> None:
        """Actor and target must be known state codes (TL420), a former state's
        only on days it existed (TL421); RUS on a date wholly before the USSR's
        end gets a note (TL422)."""
        from ..events.countries import USSR_END, check_state_code

        after = ln.date_span.end_col
        for which, code in (("actor", ln.actor), ("target", ln.target)):
            if code is None:
                continue
            span = self.token_span(ln, code, after)
            after = ln.action_span.end_col if which == "actor" else after
            p = check_state_code(code, day, last)
            if p is not None:
                self.diag("TL421" if p.kind == "date" else "TL420", p.message, span, p.help)
            elif code == "RUS" and last <= USSR_END:
                self.diag("TL422", f"`RUS` on {ln.date}: before 1992, GDELT codes the Soviet Union as RUS",
                          span, "if the event comes from GDELT's back-file, the actor was the USSR: write SUN")

    def token_span(self, ln: EventLine, token: str, after_col: int) -> Span:
        """The span of `token` on the event's line, at or after `after_col` (the event's span if not found)."""
        text = line_of(self.text, ln.date_span.line)
        m = re.compile(r"(?<![\w])" + re.escape(token) + r"(?![\w])").search(text, max(0, after_col - 1))
        if m is None:
            return ln.span
        line = ln.date_span.line
        return Span(self.path, line, m.start() + 1, line, m.end() + 1)

    def check_roles(self, roles: tuple[str, ...], span: Span) -> None:
        """Each role (`USA(MIL)`) must be a CAMEO role code (TL415)."""
        from ..model.resolve import role_code_problem

        for code in roles:
            problem = role_code_problem(code)
            if problem is not None:
                self.diag("TL415", problem[0], span, problem[1])

    def check_code(self, ln: EventLine) -> None:
        try:
            from ..events import cameo
        except ImportError:  # pragma: no cover - the codebook module is optional
            return
        code = str(ln.code)
        if not cameo.is_known(code):
            self.diag("TL402", f"unknown CAMEO code `{code}`", ln.action_span, cameo.codebook().suggest(code))
            return
        if self.model is not None and ln.attrs:
            actions = [a for a in self.model.actions.values() if any(_covers(cameo, p, code) for p in a.cameo)]
            if actions:
                self.check_attrs(ln.attrs, actions, f"the actions CAMEO {code} maps to "
                                 f"({', '.join(a.name for a in actions)})")

    def check_action(self, ln: EventLine) -> None:
        name = str(ln.action)
        adef = self.model.actions.get(name)
        if adef is None and name in (_notice_action(), "ratification"):
            self.check_notice(ln)
            return
        if adef is None:
            self.diag("TL402", f"unknown action `{name}`", ln.action_span,
                      did_you_mean(name, self.model.actions)
                      or "write an action declared in the clause files, or `cameo CODE`")
            return
        self.check_attrs(ln.attrs, [adef], f"action `{name}`")

    def check_notice(self, ln: EventLine) -> None:
        """The built-in `notice_of_termination` (the evaluator ends instruments
        by it, docs/semantics.md) and `ratification` (a party's ratification
        of an instrument in force on ratification): their one attribute,
        `instrument`, names the instrument (none: every instrument the actor
        is a party to)."""
        what = "a notice of termination" if ln.action == _notice_action() else "a ratification"
        for a in ln.attrs:
            if a.name != "instrument":
                self.diag("TL411", f"`{a.name}` is not an attribute of `{ln.action}`; the checker ignores it", a.span,
                          f"{what} takes one attribute, `instrument=ID`")
            elif a.value not in self.model.instruments:
                self.diag("TL412", f"`instrument={a.value}`: no instrument `{a.value}` is loaded", a.span,
                          did_you_mean(a.value, self.model.instruments)
                          or "loaded: " + (", ".join(sorted(self.model.instruments)) or "none"))

    def check_attrs(self, attrs: tuple[Attr, ...], actions: list, what: str) -> None:
        """Each attribute must be declared by one of `actions` (TL411, a
        warning: the checker ignores it) and fit the declared type (TL412, an
        error: a misspelt value would silently change a verdict)."""
        for a in attrs:
            types = [x.attrs[a.name] for x in actions if a.name in x.attrs]
            if not types:
                known = sorted({n for x in actions for n in x.attrs})
                self.diag("TL411", f"`{a.name}` is not an attribute of {what}; the checker ignores it", a.span,
                          did_you_mean(a.name, known)
                          or (f"attributes: {', '.join(known)}" if known else f"{what} takes no attributes"))
                continue
            problems = [p for p in (_misfit(a.value, t) for t in types) if p]
            if len(problems) == len(types):
                self.diag("TL412", f"`{a.name}={a.value}`: {problems[0][0]}", a.span, problems[0][1])

    # ------------------------------------------------------------ expectations
    def expect(self, e: Expect) -> Expectation:
        clause_id = None
        if e.kind == "status":
            if e.on is not None and e.status not in DATED_STATUSES:
                self.diag("TL410", f"`on` does not fit `{e.status}`", e.on_span,
                          "only `violated` and `fulfilled` happen on a day; "
                          f"`{e.status}` is a verdict about the whole timeline")
            if e.count is not None and e.status not in COUNTED_STATUSES:
                self.diag("TL410", f"`{e.count} time{'s' * (e.count != 1)}` does not fit `{e.status}`", e.count_span,
                          "a count is the number of violations: write `expect CLAUSE violated N times`")
            if e.party is not None and e.status not in BY_STATUSES:
                self.diag("TL410", f"`by {e.party}` does not fit `{e.status}`", e.by_span,
                          "`by` names who violated (`violated by RUS`) or whose act fulfilled an obligation "
                          f"(`fulfilled by RUS`); to pick the instance of a party, write `{e.clause}"
                          f"(P={e.party}) {e.status}` with the clause's variable")
            if self.model is not None:
                clause_id = self.resolve_clause(str(e.clause), e.clause_span)
                if clause_id is not None and e.binding:
                    self.check_binding(clause_id, e)
        if e.on is not None and self.as_of is not None and e.on > self.as_of:
            self.diag("TL414", f"`on {e.on.isoformat()}` is after the end of the timeline "
                      f"(as of {self.as_of.isoformat()})", e.on_span, "move `as of` later")
        if e.under:
            self.check_readings(e.under, e.span)
        return Expectation(e.kind, e.clause, e.status, e.party, e.on, e.count, _expectation_text(e), clause_id, e.span,
                           e.binding, e.under)

    def check_binding(self, clause_id: str, e: Expect) -> None:
        """TL440: a variable in `CLAUSE(V=…)` that is not one of the variables
        the clause's instances are told apart by."""
        c = self.model.clause(clause_id)
        own = [v for v, _, b in c.vars if b in ("each", "situation")]
        for var, _value in e.binding:
            if var in own:
                continue
            if any(v == var for v, _, _ in c.vars):
                help = (f"`{var}` is bound by each event, not per instance"
                        + (f"; the instances are told apart by {', '.join(f'`{v}`' for v in own)}" if own else ""))
            elif own:
                help = did_you_mean(var, own) or "its instances are told apart by " + ", ".join(f"`{v}`" for v in own)
            else:
                help = f"`{clause_id}` has one instance: leave out the parentheses"
            self.diag("TL440", f"`{clause_id}` has no instance variable `{var}`", e.binding_span, help)

    def resolve_clause(self, ref: str, span: Span) -> str | None:
        model = self.model
        inst, dot, name = ref.partition(".")
        if dot:
            idef = model.instruments.get(inst)
            if idef is None:
                self.diag("TL403", f"no instrument `{inst}` for `{ref}`", span,
                          did_you_mean(inst, model.instruments)
                          or "loaded: " + (", ".join(sorted(model.instruments)) or "none"))
                return None
            if idef.clause(name) is None:
                names = [c.name for c in idef.clauses]
                self.diag("TL403", f"instrument `{inst}` has no clause `{name}`", span,
                          did_you_mean(name, names) or ("clauses: " + ", ".join(names) if names else None))
                return None
            return ref
        scope = self.scope or tuple(model.instruments)
        found = [f"{i}.{ref}" for i in scope if model.instruments[i].clause(ref) is not None]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            self.diag("TL409", f"clause name `{ref}` is ambiguous", span,
                      "write one of " + ", ".join(f"`{f}`" for f in found))
            return None
        elsewhere = [f"{i}.{ref}" for i in model.instruments if i not in scope
                     and model.instruments[i].clause(ref) is not None]
        names = sorted({c.name for i in scope for c in model.instruments[i].clauses})
        help = did_you_mean(ref, names)
        if help is None:
            longer = [n for n in names if n.startswith(ref)]
            help = f"did you mean `{longer[0]}`?" if len(longer) == 1 else None
        if help is None and elsewhere:
            help = f"`{ref}` is a clause of an instrument this scenario does not check: write `{elsewhere[0]}`"
        if help is None and names:
            help = "clauses: " + ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
        checked = ", ".join(scope) or "none"
        self.diag("TL403", f"no clause `{ref}` in the checked instruments ({checked})", span, help)
        return None


def _notice_action() -> str:
    """The name of the evaluator's built-in notice-of-termination action."""
    try:
        from ..check.lifecycle import NOTICE_ACTION
    except ImportError:  # pragma: no cover - the evaluator is optional here
        return "notice_of_termination"
    return NOTICE_ACTION


def _covers(cameo, prefix: str, code: str) -> bool:
    try:
        return cameo.covers(prefix, code)
    except ValueError:  # a prefix the codebook does not know: lint's business (TL301)
        return code.startswith(prefix)


def _misfit(value: str, t) -> tuple[str, str | None] | None:
    """Why `value` does not fit attribute type `t` (message, help), or None
    (shared with the event-file check, treatylang.check.values)."""
    from ..check.values import misfit

    return misfit(value, t)


def _same_file_key(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:  # pragma: no cover
        return path


# ----------------------------------------------------------------- public functions


def scenario_from_ast(tree: ScenarioFile, path: str, model=None, text: str = "") -> Scenario:
    """A parsed scenario as a `Scenario` (see `load_scenario`); `text` is the
    source, for the snippets of diagnostics."""
    return _Loader(tree, str(path), text, model).load()


def load_scenario_text(text: str, filename: str, model=None) -> Scenario:
    """Parse and load scenario text (a file's name is still needed: clause-file
    paths in `check` are relative to it)."""
    return scenario_from_ast(parse_scenario_text(text, filename), filename, model, text)


def load_scenario(path: str | Path, model=None) -> Scenario:
    """Read, parse and load a scenario file; with a `treatylang.model.Model`,
    resolve its names. Raises DiagnosticError (every error at once)."""
    text = read_source(path)
    return scenario_from_ast(parse_scenario_text(text, str(path)), str(path), model, text)


def load_scenario_and_model(path: str | Path, extra: Iterable[str] = (), cache=None) -> tuple[Scenario, "Model"]:
    """What `treatylang test` and `check` need: the scenario, read and parsed
    once, loaded with the model of the instruments it names (plus `extra`),
    every problem of the scenario reported at once. (Loading without a model
    first would stop at the model-free errors and hide the name errors until
    the next run.) `cache` is a `ModelCache` (anything with `get(args)`).
    Raises DiagnosticError: the scenario's, or the clause files' when they do
    not load. The model is also `scenario.model`."""
    return load_scenario_text_and_model(read_source(path), path, cache, extra)


def load_scenario_text_and_model(text: str, path: str | Path, cache=None,
                                 extra: Iterable[str] = ()) -> tuple[Scenario, "Model"]:
    """`load_scenario_and_model` for text already read (an editor's buffer)."""
    from ..model import load_instruments

    tree = parse_scenario_text(text, str(path))
    probe = _Loader(tree, str(path), text)
    args, _scope = probe.instruments([it for it in tree.items if isinstance(it, Check)])
    if probe.problems:
        raise DiagnosticError(probe.problems)
    args = list(dict.fromkeys(list(args) + list(extra)))
    model = cache.get(_to_load(args)) if cache is not None else load_instruments(_to_load(args))
    return scenario_from_ast(tree, str(path), model, text), model


def _to_load(args: list[str]) -> list[str]:
    """The arguments to load: a bare id that is neither shipped nor a file,
    beside a clause file, is one that file declares (docs/scenarios.md) —
    the file loads it, and the scenario says TL408 if it does not."""
    from ..model.shipped import shipped_index

    if not any(_is_path(a) for a in args):
        return args
    return [a for a in args if _is_path(a) or a in shipped_index() or confine.exists(a)]


def _is_path(arg: str) -> bool:
    return arg.endswith(".tl") or "/" in arg or os.sep in arg


def find_scenarios(paths: Iterable[str | Path]) -> list[Path]:
    """The scenario files `paths` name: files named directly (whatever their
    suffix), and every `*.scenario` under named folders, recursively, sorted
    (hidden folders skipped). Each file once, in the order found. A path that
    does not exist is TL001."""
    out: list[Path] = []
    missing: list[Diagnostic] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*.scenario") if f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
        elif path.exists():
            found = [path]
        else:
            missing.append(Diagnostic("TL001", f"no such file or folder: {p}", Span(str(p), 1, 1, 1, 2),
                                      help="check the path"))
            continue
        for f in found:
            if f not in out:
                out.append(f)
    if missing:
        raise DiagnosticError(missing)
    return out


__all__ = [
    "Declared", "Expectation", "Scenario", "STATUSES", "DATED_STATUSES", "COUNTED_STATUSES", "BY_STATUSES",
    "ScenarioFile", "parse_scenario_text", "parse_scenario_file", "scenario_lines", "print_scenario",
    "load_scenario", "load_scenario_text", "load_scenario_and_model", "scenario_from_ast", "find_scenarios",
]
