"""The AST of clause files: frozen attrs nodes, one class per construct.

Every node carries `span` (where it was written), excluded from equality and
hashing, so `parse(print(tree)) == tree` holds whatever the layout. Values are
normalised here, not in the printer: durations store the singular unit, dates
are `datetime.date`, strings are unescaped.

The tree mirrors the surface syntax (sqlglot keeps parse and meaning apart the
same way); names are resolved into the treaty model by treatylang/model/resolve.py.
"""

from __future__ import annotations

import datetime as _dt
from typing import Union

from attrs import field, frozen

from ..source import NOWHERE, Span


def _span():
    return field(default=NOWHERE, eq=False, kw_only=True, repr=False)


@frozen
class Node:
    span: Span = _span()


# ----------------------------------------------------------------- shared bits


@frozen
class Duration(Node):
    amount: int
    unit: str  # "day" | "week" | "month" | "year"


@frozen
class TypeRef(Node):
    """`state`, `party`, `third state`, a builtin/declared type name, or an
    inline enum (two or more `names`)."""

    kind: str  # "state" | "party" | "third_state" | "named"
    names: tuple[str, ...] = ()


@frozen
class Param(Node):
    name: str
    type: TypeRef


@frozen
class Actor(Node):
    """Who acts or is acted upon.

    kind: "each_party" (binds `var`), "other_party", "any_state",
    "any_party", "any_third_state" (each optionally binding `var`),
    "each_member" (binds `var`; one instance per member of the set `group`),
    "any_member" (any member of `group`, optionally binding `var`),
    "the_parties" (the parties together: a joint act), or "name"
    (a variable bound elsewhere, a state code or a set: resolution decides)."""

    kind: str
    var: str | None = None
    group: str | None = None  # the named set of "each_member" / "any_member"


@frozen
class ActionRef(Node):
    """An action with its optional object: `use_force against the other party`."""

    action: str
    prep: str | None = None
    target: Actor | None = None


@frozen
class Trigger(Node):
    """An event pattern: `aggressor use_force against victim`."""

    actor: Actor
    act: ActionRef


@frozen
class SitRef(Node):
    """`aggression(X, P)`; `args` is None when written without parentheses."""

    name: str
    args: tuple[str, ...] | None = None


@frozen
class AttrCond(Node):
    """`category is defensive`, `contract_date before 1995-06-30`; for a role,
    `user is any third state X` (`value` an Actor; a bare name stays a str)."""

    attr: str
    op: str  # "is" | "is not" | "before" | "after"
    value: Union[str, _dt.date, Actor]


# ----------------------------------------------------------------- top level


@frozen
class Import(Node):
    path: str


@frozen
class TypeDecl(Node):
    name: str
    values: tuple[str, ...]


@frozen
class SetDecl(Node):
    """`set littoral = RUS, IRN, AZE, KAZ, TKM`: members are state codes or
    names of other sets."""

    name: str
    members: tuple[str, ...]
    # Where each member is written, for diagnostics; layout, not meaning.
    member_spans: tuple[Span, ...] = field(default=(), eq=False, kw_only=True, repr=False)


@frozen
class PloverRef(Node):
    event: str
    context: str | None = None


@frozen
class RoleReq(Node):
    """`actor roles GOV, MIL` / `target roles GOV`: the CAMEO roles the
    actor (target) of the act must act in."""

    side: str  # "actor" | "target"
    codes: tuple[str, ...]
    code_spans: tuple[Span, ...] = field(default=(), eq=False, kw_only=True, repr=False)


@frozen
class Corroboration(Node):
    """`corroborated by 2 reports, 2 sources`: (count, unit) pairs, unit one
    of "report", "source", "day"."""

    counts: tuple[tuple[int, str], ...]


@frozen
class ActionDecl(Node):
    name: str
    params: tuple[Param, ...] = ()
    cameo: tuple[str, ...] = ()
    plover: tuple[PloverRef, ...] = ()
    roles: tuple[RoleReq, ...] = ()


@frozen
class Response(Node):
    """`unless victim use_force against aggressor within 30 days before`."""

    trigger: Trigger
    duration: Duration


@frozen
class SitStarts(Node):
    trigger: Trigger
    unless: Response | None = None


@frozen
class SitEnds(Node):
    trigger: Trigger


@frozen
class SitInitially(Node):
    pass


@frozen
class SitEndsEntry(Node):
    """`ends when caspian_convention_2018 enters into force`."""

    instrument: str


SitItem = Union[SitStarts, SitEnds, SitInitially, Corroboration, SitEndsEntry]


@frozen
class SituationDecl(Node):
    name: str
    params: tuple[Param, ...] = ()
    items: tuple[SitItem, ...] = ()


# ----------------------------------------------------------------- clauses

# Qualifiers: each narrows when a clause applies, or sets an obligation's deadline.


@frozen
class While(Node):
    situations: tuple[SitRef, ...]


@frozen
class When(Node):
    conds: tuple[AttrCond, ...]


@frozen
class Unless(Node):
    conds: tuple[AttrCond, ...]


@frozen
class From(Node):
    date: _dt.date


@frozen
class Until(Node):
    date: _dt.date


@frozen
class By(Node):
    date: _dt.date


@frozen
class SitEdge(Node):
    """`the start of threat(X, P)` / `the end of aggression(X, P)`."""

    edge: str  # "start" | "end"
    situation: SitRef


@frozen
class Within(Node):
    """`within 30 days of TRIGGER`: an event pattern, or a situation's start or end."""

    duration: Duration
    trigger: Union[Trigger, SitEdge]


@frozen
class Provided(Node):
    """`provided "the act compromises the security of the other party"`: an
    effect condition recorded as text, which the checker cannot judge."""

    text: str


@frozen
class Except(Node):
    names: tuple[str, ...]  # clause names, or `instrument.clause`


@frozen
class Overrides(Node):
    names: tuple[str, ...]  # clause names, or `instrument.clause`


@frozen
class Under(Node):
    """`under R1, R2` on a clause: the clause holds only under those readings."""

    readings: tuple[str, ...]


Qualifier = Union[While, When, Unless, From, Until, By, Within, Except, Overrides, Under, Corroboration]

MODALITIES = ("must not", "must", "may")


@frozen
class Hold(Node):
    """`hold targeting(P, _)`: a standing state (a situation) as what a norm
    is about, instead of an act."""

    situation: SitRef


@frozen
class Norm(Node):
    subject: Actor
    modality: str  # one of MODALITIES
    act: Union[ActionRef, Hold]
    qualifiers: tuple[Qualifier, ...] = ()


@frozen
class Clause(Node):
    """A checkable norm, or a declaratory one (`body` may then be plain text)."""

    name: str
    body: Union[Norm, str]
    declaratory: bool = False


# ----------------------------------------------------------------- articles


@frozen
class Number(Node):
    text: str
    confidence: str | None = None  # "confirmed" | "unconfirmed"


@frozen
class Text(Node):
    lang: str
    text: str
    flag: str | None = None  # "paraphrase" | "translation"


@frozen
class Source(Node):
    text: str


@frozen
class Note(Node):
    text: str


ArticleItem = Union[Number, Text, Source, Note, Clause]


@frozen
class Article(Node):
    name: str
    title: str | None = None
    items: tuple[ArticleItem, ...] = ()


# ----------------------------------------------------------------- instruments


@frozen
class Title(Node):
    text: str


@frozen
class Signed(Node):
    date: _dt.date
    place: str | None = None


@frozen
class Authentic(Node):
    langs: tuple[str, ...]


@frozen
class PartyDecl(Node):
    code: str
    name: str | None = None


@frozen
class Parties(Node):
    parties: tuple[PartyDecl, ...]


@frozen
class AllStates(Node):
    """`parties all states`: binds every state (a Security Council decision)."""


@frozen
class InForce(Node):
    """`in force 2002-04-05`, or `in force on signature` (date None)."""

    date: _dt.date | None = None
    under: tuple[str, ...] = ()  # readings it holds under; () always


@frozen
class InForceRatification(Node):
    """`in force on ratification by all`, `in force 30 days after ratification
    by 3 parties`: `count` None means all parties."""

    count: int | None = None
    delay: Duration | None = None
    under: tuple[str, ...] = ()  # readings it holds under; () always


@frozen
class Ratification(Node):
    """`KAZ 2019-02-08`: a party and the day (or `2018-12`, `2018`: a month or
    a year; None: no date) of its ratification, as written."""

    party: str
    date: str | None = None


@frozen
class Ratified(Node):
    """`ratified by KAZ 2019-02-08, TKM 2018-12`."""

    ratifications: tuple[Ratification, ...]


@frozen
class Reinstated(Node):
    """`reinstated from 2025-09-28`: in force again from that day."""

    date: _dt.date
    under: tuple[str, ...] = ()  # readings it holds under; () always


@frozen
class Terminated(Node):
    """`terminated from 2025-10-19`: no longer in force for anyone from that day."""

    date: _dt.date
    under: tuple[str, ...] = ()  # readings it holds under; () always


@frozen
class NotInForce(Node):
    under: tuple[str, ...] = ()  # readings it holds under; () always


@frozen
class Term(Node):
    length: Duration
    renew: Duration | None = None
    notice: Duration | None = None
    under: tuple[str, ...] = ()  # readings it holds under; () always
    from_signature: bool = False  # periods counted from signature, not entry into force


@frozen
class Superseded(Node):
    by: str
    date: _dt.date
    under: tuple[str, ...] = ()  # readings it holds under; () always


@frozen
class Withdrawn(Node):
    party: str
    date: _dt.date
    under: tuple[str, ...] = ()  # readings it holds under; () always


@frozen
class Prevails(Node):
    """`prevails over ru_ir_2001 by lex posterior`: priority over another
    instrument in force at the same time, with the principle that gives it."""

    over: str
    principle: str  # "posterior" | "specialis" | "superior"


PRINCIPLES = ("posterior", "specialis", "superior")


@frozen
class WithdrawalNotice(Node):
    duration: Duration
    under: tuple[str, ...] = ()  # readings it holds under; () always


InstrumentItem = Union[
    Title, Signed, Authentic, Source, Note, Parties, AllStates, InForce, InForceRatification, NotInForce, Term,
    Superseded, Withdrawn, WithdrawalNotice, Prevails, Ratified, Reinstated, Terminated, Article,
]

# `resolution`: a Security Council decision under Chapter VII binds every
# member state (UN Charter Art. 25); its "calls upon" paragraphs are
# written as declaratory clauses.
BINDING_KINDS = ("treaty", "convention", "agreement", "protocol", "resolution")
POLITICAL_KINDS = ("joint_statement", "declaration", "aide_memoire", "memorandum")
INSTRUMENT_KINDS = BINDING_KINDS + POLITICAL_KINDS


@frozen
class Instrument(Node):
    name: str
    kind: str
    items: tuple[InstrumentItem, ...] = ()


# ----------------------------------------------------------------- readings


@frozen
class HeldBy(Node):
    """`held by "Russia, Iran, China"`: who holds a reading."""

    text: str


@frozen
class Reading(Node):
    """`reading NAME [default] { held by …  source …  note … }`."""

    name: str
    default: bool = False
    items: tuple[Union[HeldBy, Source, Note], ...] = ()


@frozen
class Question(Node):
    """`question NAME ["TITLE"] { reading … }`: a contested point and its readings."""

    name: str
    title: str | None = None
    readings: tuple[Reading, ...] = ()


@frozen
class DeriveRow(Node):
    """`S_300PMU_1 = missiles under s300_in_vii`."""

    key: str
    value: str
    under: tuple[str, ...] = ()


@frozen
class Derive(Node):
    """`derive TARGET from SOURCE { KEY = VALUE … }`: an attribute filled in
    from another when an event does not give it."""

    target: str
    source: str
    rows: tuple[DeriveRow, ...] = ()


TopItem = Union[Import, TypeDecl, SetDecl, ActionDecl, SituationDecl, Question, Derive, Instrument]


@frozen
class File(Node):
    items: tuple[TopItem, ...] = ()


# Every concrete node class, for tests that check a generator covers them all.
NODE_CLASSES: tuple[type, ...] = tuple(
    c for c in list(globals().values()) if isinstance(c, type) and issubclass(c, Node) and c is not Node
)
