"""The treaty model's definitions: what clause files mean, every name resolved.

Frozen attrs classes the evaluator consumes; built by `resolve.py` from the AST.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable

from attrs import field, frozen

from ..diagnostics import Diagnostic
from ..source import NOWHERE, Span

BUILTIN_TYPES = ("date", "string", "integer")
ACTOR_KINDS = ("state", "party", "third_state")
_STATE_CODE = re.compile(r"^[A-Z]{3}$")


# ----------------------------------------------------------------- definitions


class SetKind(str):
    """The kind of a variable or parameter that ranges over a named set of
    states (`victim: littoral`, `each littoral P`). It *is* the set's name as
    a string, so it prints and compares like the other kinds ("state",
    "party", "third_state"); `members` holds the states. Unlike `party` and
    `third state`, membership does not depend on the instrument."""

    members: frozenset
    ordered: tuple  # the members in the order the declaration gives them

    def __new__(cls, name: str, members=()):
        obj = super().__new__(cls, name)
        obj.ordered = tuple(dict.fromkeys(members))
        obj.members = frozenset(obj.ordered)
        return obj

    def __reduce__(self):  # pragma: no cover - pickling (e.g. across processes)
        return (SetKind, (str(self), self.ordered))


def kind_words(kind: str) -> str:
    """A kind as a reader writes it: `third state`, `party`, `littoral`."""
    return kind.replace("_", " ") if not isinstance(kind, SetKind) else str(kind)


@frozen
class AttrType:
    kind: str  # "enum" | "date" | "string" | "integer" | "role" (an actor: see ActionDef.participants)
    values: tuple[str, ...] = ()


@frozen
class Corroboration:
    """What a machine-coded report needs behind it to count as a fact: at
    least `reports` reports, from `sources` distinct sources, published on
    `days` distinct days (docs/semantics.md §2.1)."""

    reports: int = 1
    sources: int = 1
    days: int = 1

    def __str__(self) -> str:
        parts = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in
                 ((self.reports, "report"), (self.sources, "source"), (self.days, "day")) if n > 1]
        return ", ".join(parts) or "1 report"


@frozen
class ActionDef:
    """An action. `attrs` holds every parameter (a role as AttrType("role"));
    `participants` maps each *role* — a third participant beside actor and
    target, read from the event attribute of its name — to its actor kind
    ("state", "party", "third_state" or a SetKind)."""

    name: str
    attrs: dict[str, AttrType] = field(eq=False, hash=False)
    cameo: tuple[str, ...] = ()
    plover: tuple[tuple[str, str | None], ...] = ()
    span: Span = field(default=NOWHERE, eq=False)
    participants: dict[str, str] = field(factory=dict, eq=False, hash=False)
    # `actor roles GOV, MIL` / `target roles …`: the CAMEO roles the actor
    # (target) must act in for an event to be this act (None: any).
    actor_roles: frozenset[str] | None = None
    target_roles: frozenset[str] | None = None


@frozen
class Who:
    """An actor position in a pattern or norm.

    kind: "var" (a variable: `name`), "code" (a state code: `name`),
    "other" (the party that is not the party bound to variable `name`),
    "any_state" | "any_party" | "any_third_state" (matches any such actor;
    `name` binds it when given), "member" (any member of the named set
    `group`; `name` binds it when given), "parties" (the parties together:
    the subject of a joint act)."""

    kind: str
    name: str | None = None
    group: SetKind | None = None

    def __str__(self) -> str:
        return {
            "var": lambda: self.name, "code": lambda: self.name, "other": lambda: "the other party",
            "any_state": lambda: "any state", "any_party": lambda: "any party",
            "any_third_state": lambda: "any third state",
            "member": lambda: f"any {self.group}" + (f" {self.name}" if self.name else ""),
            "parties": lambda: "the parties",
        }[self.kind]() or ""


@frozen
class Pattern:
    """An event pattern: actor, action, optional target."""

    actor: Who
    action: str
    target: Who | None = None
    span: Span = field(default=NOWHERE, eq=False)
    # A start's `unless OTHER within N before`: (the other pattern, amount,
    # unit) — an event of that pattern (same variables) in the N before the
    # start makes the start only possible (it may be a response).
    unless: "tuple[Pattern, int, str] | None" = None


@frozen
class SituationDef:
    name: str
    params: tuple[tuple[str, str], ...]  # (name, actor kind)
    initially: bool = False
    starts: tuple[Pattern, ...] = ()
    ends: tuple[Pattern, ...] = ()
    span: Span = field(default=NOWHERE, eq=False)
    corroboration: Corroboration | None = None  # what its coded starts and ends need (None: the default)
    ends_on_entry: tuple[str, ...] = ()  # `ends when ID enters into force`: instrument ids


@frozen
class SitUse:
    """`while aggression(X, P)`: the situation and its argument names (each a
    clause variable or a state code)."""

    name: str
    args: tuple[Who, ...] = ()


@frozen
class Cond:
    """A condition on an event attribute. For a role (`user is any third state
    X`), `value` is a Who matched against the role's value, and `role` is the
    role's actor kind."""

    attr: str
    op: str  # "is" | "is not" | "before" | "after"
    value: object
    role: str | None = None


@frozen
class ClauseDef:
    """A resolved clause. `vars` maps each variable to (kind, binder) where
    binder is "each" (one instance per party), "situation" (bound by the
    arguments of a `while` situation, or of the situation a `within` deadline
    is counted from), "event" (bound by the matching event) or "hold" (bound
    by an instance of the standing state of `must not hold`)."""

    name: str
    instrument: str
    article: str
    modality: str | None  # "must not" | "must" | "may"; None for text-only declaratory
    declaratory: bool
    text: str | None = None  # a declaratory clause's recorded text
    subject: Who | None = None
    action: str | None = None
    target: Who | None = None
    vars: tuple[tuple[str, str, str], ...] = ()  # (var, kind, binder)
    situations: tuple[SitUse, ...] = ()
    when: tuple[Cond, ...] = ()
    unless: tuple[Cond, ...] = ()
    window_from: _dt.date | None = None  # inclusive
    window_until: _dt.date | None = None  # inclusive
    deadline: _dt.date | None = None  # `by D`, inclusive
    within: tuple[int, str, Pattern] | None = None  # (amount, unit, trigger)
    excepts: tuple[str, ...] = ()  # qualified clause ids
    overrides: tuple[str, ...] = ()
    span: Span = field(default=NOWHERE, eq=False)
    under: tuple[str, ...] = ()  # the readings it holds under; () always
    # `within N of the start|end of S(ARGS)`: (amount, unit, "start"|"end", situation use)
    within_situation: tuple[int, str, str, SitUse] | None = None
    # `must not hold S(ARGS)`: the standing state the subject must not hold (`action` is None)
    holds: SitUse | None = None
    # `provided "…"`: effect conditions the checker cannot judge (an act meeting the rest is unknown)
    provided: tuple[str, ...] = ()
    corroboration: Corroboration | None = None  # what its coded acts need (None: the default)

    @property
    def has_within(self) -> bool:
        """A deadline counted from a trigger: an event (`within`) or a situation's start or end."""
        return self.within is not None or self.within_situation is not None

    @property
    def id(self) -> str:
        return f"{self.instrument}.{self.name}"

    @property
    def checkable(self) -> bool:
        return not self.declaratory and self.modality is not None

    def var_kind(self, var: str) -> str | None:
        return next((k for v, k, _ in self.vars if v == var), None)


@frozen
class ArticleDef:
    name: str
    title: str | None
    number: str | None
    confidence: str | None
    texts: tuple[tuple[str, str, str | None], ...]  # (lang, text, flag)
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    clauses: tuple[str, ...]  # clause names, in order
    span: Span = field(default=NOWHERE, eq=False)

    @property
    def label(self) -> str:
        num = f"Art. {self.number}" if self.number else self.name
        if self.number and self.confidence == "unconfirmed":
            num += " (number unconfirmed)"
        return f"{num} — {self.title}" if self.title else num

    def quote(self) -> tuple[str, str, str | None] | None:
        """The text to quote: English if present, else the first."""
        for t in self.texts:
            if t[0] == "en":
                return t
        return self.texts[0] if self.texts else None


@frozen
class ReadingDef:
    """One reading of a contested question: who holds it, on what source."""

    name: str
    question: str
    default: bool
    held_by: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    span: Span = field(default=NOWHERE, eq=False)


@frozen
class QuestionDef:
    name: str
    title: str | None
    readings: tuple[str, ...]  # reading names, in file order
    span: Span = field(default=NOWHERE, eq=False)


@frozen
class Premise:
    """A life-cycle statement that holds only under some readings (`under`).

    `field` names what it sets — "in_force" (value: a date or None),
    "term" (value: (term, renew, notice)), "superseded" ((id, date)),
    "withdrawn" ((party, date), added to the others), "withdrawal_notice"
    (a duration) — and `text` is the statement as written, for reports."""

    readings: tuple[str, ...]
    field: str
    value: object
    text: str
    span: Span = field(default=NOWHERE, eq=False)


@frozen
class DeriveRow:
    key: str
    value: str
    under: tuple[str, ...] = ()  # () always
    span: Span = field(default=NOWHERE, eq=False)


@frozen
class DeriveDef:
    """`derive TARGET from SOURCE { … }`: fills in a missing attribute."""

    target: str
    source: str
    rows: tuple[DeriveRow, ...]
    span: Span = field(default=NOWHERE, eq=False)

    def mapping(self) -> dict[str, str]:
        """Key → value for the rows that hold (call on a model whose readings
        were selected: every row left holds)."""
        return {r.key: r.value for r in self.rows}


@frozen
class InstrumentDef:
    name: str
    kind: str
    binding: bool
    title: str | None
    signed: _dt.date | None
    place: str | None
    authentic: tuple[str, ...]
    parties: tuple[tuple[str, str | None], ...]
    in_force: _dt.date | None  # None: never in force
    term: tuple[int, str] | None
    renew: tuple[int, str] | None
    notice: tuple[int, str] | None
    superseded: tuple[str, _dt.date] | None
    withdrawn: tuple[tuple[str, _dt.date], ...]
    withdrawal_notice: tuple[int, str] | None
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    articles: tuple[ArticleDef, ...]
    clauses: tuple[ClauseDef, ...]
    file: str
    span: Span = field(default=NOWHERE, eq=False)
    premises: tuple[Premise, ...] = ()  # life-cycle statements under readings
    # `prevails over ID by lex P`: (other instrument, "posterior" | "specialis" | "superior")
    prevails: tuple[tuple[str, str], ...] = ()
    prevails_spans: dict = field(factory=dict, eq=False)  # other instrument -> where the statement is
    all_states: bool = False  # `parties all states`: binds every state (no party list)
    ratifications: tuple[tuple[str, str | None], ...] = ()  # (party, date as written: day, month, year or None)
    # `in force [D after] ratification by all | N parties`: (N or None for all, delay or None)
    entry: tuple[int | None, tuple[int, str] | None] | None = None
    reinstated: _dt.date | None = None  # in force again from this day, after an end
    terminated: _dt.date | None = None  # no longer in force for anyone from this day
    term_from_signature: bool = False  # term periods counted from signature

    @property
    def party_codes(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.parties)

    def clause(self, name: str) -> ClauseDef | None:
        return next((c for c in self.clauses if c.name == name), None)

    def article_of(self, clause: ClauseDef) -> ArticleDef:
        return next(a for a in self.articles if a.name == clause.article)


@frozen
class Model:
    instruments: dict[str, InstrumentDef] = field(eq=False)
    actions: dict[str, ActionDef] = field(eq=False)
    situations: dict[str, SituationDef] = field(eq=False)
    types: dict[str, AttrType] = field(eq=False)
    files: tuple[str, ...] = ()
    warnings: tuple[Diagnostic, ...] = field(default=(), eq=False)
    sources: dict[str, str] = field(factory=dict, eq=False)  # file -> text, for lint snippets
    asts: dict = field(factory=dict, eq=False, repr=False)  # file -> syntax.ast.File, for editors
    sets: dict[str, SetKind] = field(factory=dict, eq=False)  # named sets of states, members expanded
    questions: dict[str, QuestionDef] = field(factory=dict, eq=False)
    readings: dict[str, ReadingDef] = field(factory=dict, eq=False)
    derives: tuple[DeriveDef, ...] = field(default=(), eq=False)
    # The readings this model was selected under ((question, reading) pairs);
    # empty for a model as loaded (see treatylang.model.readings.select).
    selected: tuple[tuple[str, str], ...] = field(default=(), eq=False)

    def clause(self, qualified: str) -> ClauseDef | None:
        inst, _, name = qualified.partition(".")
        i = self.instruments.get(inst)
        return i.clause(name) if i else None

    def all_clauses(self) -> Iterable[ClauseDef]:
        for i in self.instruments.values():
            yield from i.clauses
