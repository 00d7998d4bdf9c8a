"""Hypothesis strategies for treatylang ASTs — for property tests over clause files.

Use them to test your own tooling on clause files the way treatylang tests
itself: generate an AST, print it, parse it back, compare::

    from hypothesis import given
    from treatylang.syntax.printer import print_file
    from treatylang.syntax import parse_text
    from treatylang.testing.strategies import file_asts

    @given(file_asts())
    def test_round_trip(tree):
        assert parse_text(print_file(tree)) == tree

What the strategies promise
---------------------------
Every value is *syntactically* valid: `print_file` prints it and `parse_text`
reads the text back to an equal tree. Values are not *semantically* valid:
names are random, so an action used in a clause is usually not declared, and
`treatylang lint` would complain. All values are already in the normal form the
parser produces (durations in singular units, `Term.renew`/`notice` both set or
both None, `SitRef.args` None or non-empty, strings free of surrogates), so
equality after a round trip is exact.

Spans are left at their default (`NOWHERE`); AST equality ignores them.

The building blocks
-------------------
Small values:     `names`, `state_codes`, `texts`, `dates`, `durations`, `cameo_codes`
Shared parts:     `actors`, `action_refs`, `triggers`, `sit_refs`, `sit_edges`, `attr_conds`,
                  `type_refs`, `params`
Clauses:          `qualifiers`, `holds`, `norms`, `clauses` (alias `clause_asts`)
Top-level items:  `imports`, `type_decls`, `set_decls`, `plover_refs`, `action_decls`,
                  `situation_decls`, `top_level_decls`
Statements:       `instrument_statements`, `article_statements`
Whole trees:      `article_asts`, `instrument_asts`, `file_asts`
Helpers:          `iter_nodes` (every node in a tree, for "does it contain …" checks)

The small values and shared parts live in `ast_parts.py` and are re-exported
here.

How the trees are grown
-----------------------
Clause files nest: a file holds instruments, an instrument holds articles, an
article holds clauses. The whole-tree strategies are built with
`st.recursive` over *forests of fragments*: a leaf is one clause, article or
instrument statement, or top-level declaration; each step of the recursion
builds an article, an instrument or a file from the fragments of up to four
smaller forests. A container adopts the fragments that belong in it and
passes the rest on beside itself (an article keeps clauses and texts, and
lets an instrument statement through to the next instrument up); a file
adopts everything, wrapping loose statements in an instrument and loose
clauses in an article. No generated fragment is thrown away, and a failing
example shrinks towards a single small clause in a minimal file.
`max_leaves` bounds the size of each forest.

Every factory is cached: calling `file_asts()` twice returns the same
strategy object, so strategies are built (and validated) once per process.

Triggers (`starts when …`, `within … of …`) take a narrower set of actors
than norms: `the other party`, `any state`, `any party`, `any third state`,
`any SET` (never with a variable: `any state X use_force` would need two
tokens of look-ahead) or a name. `triggers()` generates exactly those.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Iterator

import attrs
from hypothesis import strategies as st

from ..syntax import ast as A
from ..syntax.printer import KEYWORDS
from .ast_parts import (  # the small values and shared parts, re-exported
    UNITS, _opt, _tuple_of, action_refs, actors, attr_conds, cameo_codes, dates, durations, names, params,
    role_actors, sit_edges, sit_refs, state_codes, subject_actors, target_actors, texts, trigger_actors, triggers,
    type_refs,
)

__all__ = [
    "names", "state_codes", "texts", "dates", "durations", "cameo_codes",
    "actors", "subject_actors", "target_actors", "trigger_actors",
    "action_refs", "triggers", "sit_refs", "sit_edges", "role_actors", "attr_conds", "type_refs", "params",
    "qualifiers", "qualifier_lists", "holds", "norms", "clauses", "clause_asts",
    "imports", "type_decls", "set_decls", "plover_refs", "action_decls", "situation_decls", "top_level_decls",
    "unders", "questions", "derives",
    "instrument_statements", "article_statements",
    "article_asts", "instrument_asts", "file_asts",
    "iter_nodes", "UNITS", "KEYWORDS",
]

# ----------------------------------------------------------------- clauses


@lru_cache(maxsize=None)
def qualifiers() -> st.SearchStrategy[A.Node]:
    """One qualifier: while / when / unless / from / until / by / within /
    except / overrides / under."""
    return st.one_of(
        st.builds(A.While, _tuple_of(sit_refs(), 1, 3)),
        st.builds(A.When, _tuple_of(attr_conds(), 1, 3)),
        st.builds(A.Unless, _tuple_of(attr_conds(), 1, 3)),
        st.builds(A.From, dates()),
        st.builds(A.Until, dates()),
        st.builds(A.By, dates()),
        st.builds(A.Within, durations(), triggers() | sit_edges()),
        st.builds(A.Provided, texts()),
        st.builds(A.Except, _tuple_of(names(), 1, 3)),
        st.builds(A.Overrides, _tuple_of(names(), 1, 3)),
        st.builds(A.Under, _tuple_of(names(), 1, 3)),
        corroborations(),
    )


@lru_cache(maxsize=None)
def corroborations() -> st.SearchStrategy[A.Corroboration]:
    """`corroborated by 2 reports, 3 sources` (each unit at most once, counts ≥ 1)."""
    units = st.lists(st.sampled_from(("report", "source", "day")), min_size=1, max_size=3, unique=True)
    return units.flatmap(lambda us: st.tuples(*(st.tuples(st.integers(1, 12), st.just(u)) for u in us))).map(
        A.Corroboration)


@lru_cache(maxsize=None)
def role_reqs() -> st.SearchStrategy[A.RoleReq]:
    """`actor roles GOV, MIL` / `target roles CVL` (any identifiers: the codes
    are checked against the CAMEO table by resolution, not by the parser)."""
    codes = st.sampled_from(("GOV", "MIL", "COP", "SPY", "CVL", "REB")) | names()
    return st.builds(A.RoleReq, st.sampled_from(("actor", "target")), _tuple_of(codes, 1, 4))


@lru_cache(maxsize=None)
def qualifier_lists(max_size: int = 4) -> st.SearchStrategy[tuple]:
    """A norm's qualifiers, in any order and with repeats (the grammar allows
    both; whether they make sense is lint's business)."""
    return _tuple_of(qualifiers(), 0, max_size)


@lru_cache(maxsize=None)
def holds() -> st.SearchStrategy[A.Hold]:
    """`hold targeting(P, _)`: a standing state as a norm's object."""
    return st.builds(A.Hold, sit_refs())


@lru_cache(maxsize=None)
def norms() -> st.SearchStrategy[A.Norm]:
    """`<actor> must not|must|may <action> [qualifiers…]`."""
    return st.builds(A.Norm, subject_actors(), st.sampled_from(A.MODALITIES), action_refs() | holds(),
                     qualifier_lists())


@lru_cache(maxsize=None)
def clauses() -> st.SearchStrategy[A.Clause]:
    """A clause whose body is a norm or a text, declaratory or not (all four
    combinations parse; TL306 is lint's business)."""
    return st.builds(A.Clause, names(), norms() | texts(), st.booleans())


clause_asts = clauses


# ----------------------------------------------------------------- top level


@lru_cache(maxsize=None)
def imports() -> st.SearchStrategy[A.Import]:
    """`import "…"` with any text as the path."""
    return st.builds(A.Import, st.sampled_from(("common.tl", "../vocab.tl")) | texts(20))


@lru_cache(maxsize=None)
def type_decls() -> st.SearchStrategy[A.TypeDecl]:
    """`type weapon = defensive | offensive | wmd` (one or more values)."""
    return st.builds(A.TypeDecl, names(), _tuple_of(names(), 1, 4))


@lru_cache(maxsize=None)
def set_decls() -> st.SearchStrategy[A.SetDecl]:
    """`set littoral = RUS, IRN, AZE` (one or more members: codes or names)."""
    return st.builds(A.SetDecl, names(), _tuple_of(state_codes() | names(), 1, 5))


@lru_cache(maxsize=None)
def plover_refs() -> st.SearchStrategy[A.PloverRef]:
    """`AID` or `AID/military`."""
    return st.builds(A.PloverRef, names(), _opt(names()))


@lru_cache(maxsize=None)
def action_decls() -> st.SearchStrategy[A.ActionDecl]:
    """`action name[(params)] [cameo …] [plover …]`."""
    return st.builds(A.ActionDecl, names(), params(), _tuple_of(cameo_codes(), 0, 4), _tuple_of(plover_refs(), 0, 3),
                     _tuple_of(role_reqs(), 0, 2))


@lru_cache(maxsize=None)
def _sit_items() -> st.SearchStrategy:
    responses = st.builds(A.Response, triggers(), durations())
    return st.one_of(st.builds(A.SitStarts, triggers(), st.none() | responses), st.builds(A.SitEnds, triggers()),
                     st.just(A.SitInitially()), corroborations(),
                     st.builds(A.SitEndsEntry, names()))


@lru_cache(maxsize=None)
def situation_decls() -> st.SearchStrategy[A.SituationDecl]:
    """`situation name[(params)] { starts when … / ends when … / initially }`."""
    return st.builds(A.SituationDecl, names(), params(), _tuple_of(_sit_items(), 0, 4))


@lru_cache(maxsize=None)
def unders() -> st.SearchStrategy[tuple[str, ...]]:
    """The readings a statement holds under: `()` (always) or `under R1, R2`."""
    return _tuple_of(names(), 0, 2)


@lru_cache(maxsize=None)
def questions() -> st.SearchStrategy[A.Question]:
    """`question NAME ["TITLE"] { reading NAME [default] { held by / source / note … } … }`."""
    item = st.one_of(st.builds(A.HeldBy, texts()), st.builds(A.Source, texts()), st.builds(A.Note, texts()))
    reading = st.builds(A.Reading, names(), st.booleans(), _tuple_of(item, 0, 3))
    return st.builds(A.Question, names(), _opt(texts(30)), _tuple_of(reading, 0, 3))


@lru_cache(maxsize=None)
def derives() -> st.SearchStrategy[A.Derive]:
    """`derive TARGET from SOURCE { KEY = VALUE [under R] … }` (keys and values
    names or any text)."""
    value = st.one_of(names(), st.sampled_from(sorted(KEYWORDS)), texts(12))
    row = st.builds(A.DeriveRow, value, value, unders())
    return st.builds(A.Derive, names(), names(), _tuple_of(row, 0, 4))


@lru_cache(maxsize=None)
def top_level_decls() -> st.SearchStrategy[A.Node]:
    """Top-level items other than instruments: imports, types, sets, actions,
    situations, questions and derive tables."""
    return st.one_of(imports(), type_decls(), set_decls(), action_decls(), situation_decls(), questions(),
                     derives())


# ----------------------------------------------------------------- statements


@lru_cache(maxsize=None)
def _terms() -> st.SearchStrategy[A.Term]:
    plain = st.builds(A.Term, durations(), under=unders(), from_signature=st.booleans())
    renewing = st.builds(A.Term, durations(), durations(), durations(), unders(), st.booleans())
    return plain | renewing


@lru_cache(maxsize=None)
def _ratification_dates() -> st.SearchStrategy[str | None]:
    """A ratification's date as written: a day, a month, a year, or none."""
    return st.one_of(st.none(), dates().map(_dt.date.isoformat), dates().map(lambda d: d.isoformat()[:7]),
                     dates().map(lambda d: d.isoformat()[:4]))


@lru_cache(maxsize=None)
def instrument_statements() -> st.SearchStrategy[A.Node]:
    """Statements of an instrument block other than articles: title, signed,
    authentic, source, note, parties (or all states), in force (a date, on
    signature, on ratification), not in force, term, superseded, withdrawn,
    withdrawal notice, prevails over, ratified, reinstated, terminated."""
    party = st.builds(A.PartyDecl, state_codes() | names(), _opt(texts(30)))
    return st.one_of(
        st.builds(A.Title, texts()),
        st.builds(A.Signed, dates(), _opt(texts(20))),
        st.builds(A.Authentic, _tuple_of(names(), 1, 3)),
        st.builds(A.Source, texts()),
        st.builds(A.Note, texts()),
        st.builds(A.Parties, _tuple_of(party, 1, 3)),
        st.builds(A.InForce, _opt(dates()), unders()),
        st.builds(A.NotInForce, unders()),
        _terms(),
        st.builds(A.Superseded, names(), dates(), unders()),
        st.builds(A.Withdrawn, state_codes() | names(), dates(), unders()),
        st.builds(A.WithdrawalNotice, durations(), unders()),
        st.builds(A.Prevails, names(), st.sampled_from(A.PRINCIPLES)),
        st.just(A.AllStates()),
        st.builds(A.InForceRatification, _opt(st.integers(1, 9)), _opt(durations()), unders()),
        st.builds(A.Ratified, _tuple_of(st.builds(A.Ratification, state_codes() | names(), _ratification_dates()),
                                        1, 3)),
        st.builds(A.Reinstated, dates(), unders()),
        st.builds(A.Terminated, dates(), unders()),
    )


@lru_cache(maxsize=None)
def article_statements() -> st.SearchStrategy[A.Node]:
    """Statements of an article block other than clauses: number, text, source, note."""
    return st.one_of(
        st.builds(A.Number, texts(8), _opt(st.sampled_from(("confirmed", "unconfirmed")))),
        st.builds(A.Text, names(), texts(), _opt(st.sampled_from(("paraphrase", "translation")))),
        st.builds(A.Source, texts()),
        st.builds(A.Note, texts()),
    )


# ----------------------------------------------------------------- whole trees
#
# Forests of fragments and the containers that adopt them (see the module
# docstring). A value of `_forests()` is a tuple of fragments; a container
# takes what fits it from its children's fragments and passes the rest on
# beside itself, so no generated fragment is ever thrown away.

_TOP = (A.Import, A.TypeDecl, A.SetDecl, A.ActionDecl, A.SituationDecl, A.Question, A.Derive, A.Instrument)
_ART = (A.Number, A.Text, A.Source, A.Note, A.Clause)
_INST = (A.Title, A.Signed, A.Authentic, A.Source, A.Note, A.Parties, A.AllStates, A.InForce,
         A.InForceRatification, A.NotInForce, A.Term, A.Superseded, A.Withdrawn, A.WithdrawalNotice, A.Prevails,
         A.Ratified, A.Reinstated, A.Terminated, A.Article)


@lru_cache(maxsize=None)
def _titles() -> st.SearchStrategy:
    return _opt(texts(30))


@lru_cache(maxsize=None)
def _kinds() -> st.SearchStrategy:
    return st.sampled_from(A.INSTRUMENT_KINDS)


def _flat(forests) -> list:
    return [f for forest in forests for f in forest]


def _grow_article(name, title, own_clauses, forests) -> tuple:
    """An article of its own clauses and the article items among `forests`;
    the rest passed on."""
    frags = _flat(forests)
    items = tuple(f for f in frags if isinstance(f, _ART)) + tuple(own_clauses)
    return (A.Article(name, title, items),) + tuple(f for f in frags if not isinstance(f, _ART))


def _grow_instrument(name, kind, forests) -> tuple:
    """An instrument of the instrument statements and articles among `forests`
    (Source/Note count as instrument statements); the rest passed on."""
    frags = _flat(forests)
    items = tuple(f for f in frags if isinstance(f, _INST))
    return (A.Instrument(name, kind, items),) + tuple(f for f in frags if not isinstance(f, _INST))


def _file_items(draw, frags) -> list:
    """Top-level items for `frags`: files are unpacked, and runs of fragments
    that belong inside an instrument (or article) get one, with drawn names."""
    out: list = []
    loose: list = []

    def flush():
        if loose:
            out.append(_instrument_of(draw, list(loose)))
            loose.clear()

    for f in frags:
        if isinstance(f, _TOP):
            flush()
            out.append(f)
        elif isinstance(f, A.File):
            flush()
            out.extend(f.items)
        else:
            loose.append(f)
    flush()
    return out


def _instrument_items(draw, frags) -> list:
    """Instrument items for `frags`: runs of article-only fragments get an
    article; instruments and files give up their instrument items; top-level
    declarations do not fit and are dropped."""
    out: list = []
    loose: list = []

    def flush():
        if loose:
            out.append(_article_of(draw, list(loose)))
            loose.clear()

    for f in frags:
        if isinstance(f, _INST):
            flush()
            out.append(f)
        elif isinstance(f, _ART):
            loose.append(f)
        elif isinstance(f, A.Instrument):
            flush()
            out.extend(f.items)
        elif isinstance(f, A.File):
            flush()
            out.extend(_instrument_items(draw, [x for x in f.items if isinstance(x, A.Instrument)]))
    flush()
    return out


def _article_items(frags) -> list:
    """Article items for `frags`, looking inside articles, instruments and files."""
    out: list = []
    for f in frags:
        if isinstance(f, _ART):
            out.append(f)
        elif isinstance(f, A.Article):
            out.extend(f.items)
        elif isinstance(f, (A.Instrument, A.File)):
            out.extend(_article_items(f.items))
    return out


def _article_of(draw, frags) -> A.Article:
    return A.Article(draw(names()), draw(_titles()), tuple(_article_items(frags)))


def _instrument_of(draw, frags) -> A.Instrument:
    return A.Instrument(draw(names()), draw(_kinds()), tuple(_instrument_items(draw, frags)))


def _file_of(draw, frags) -> A.File:
    return A.File(tuple(_file_items(draw, frags)))


@st.composite
def _grow_file(draw, kids: st.SearchStrategy) -> tuple:
    """A file of everything among the drawn forests (everything fits in a file)."""
    return (_file_of(draw, _flat(draw(kids))),)


@lru_cache(maxsize=None)
def _forests(max_leaves: int) -> st.SearchStrategy[tuple]:
    # Clauses are what clause files are for, so articles also draw clauses of
    # their own (hypothesis' one_of does not weigh its branches evenly, and
    # instrument statements would otherwise crowd clauses out).
    leaves = st.one_of(clauses(), article_statements(), instrument_statements(), top_level_decls())

    def extend(children: st.SearchStrategy[tuple]) -> st.SearchStrategy[tuple]:
        kids = st.lists(children, max_size=4)
        return st.one_of(
            st.builds(_grow_article, names(), _titles(), st.lists(clauses(), max_size=2), kids),
            st.builds(_grow_instrument, names(), _kinds(), kids),
            _grow_file(kids),
        )

    return st.recursive(leaves.map(lambda x: (x,)), extend, max_leaves=max_leaves)


def _tree(max_leaves: int, build) -> st.SearchStrategy:
    forests = st.lists(_forests(max_leaves), max_size=3)

    @st.composite
    def tree(draw):
        return build(draw, _flat(draw(forests)))

    return tree()


@lru_cache(maxsize=None)
def article_asts(max_leaves: int = 8) -> st.SearchStrategy[A.Article]:
    """`article name ["title"] { number / text / source / note / clause … }`."""
    return _tree(max_leaves, _article_of)


@lru_cache(maxsize=None)
def instrument_asts(max_leaves: int = 10) -> st.SearchStrategy[A.Instrument]:
    """`instrument name kind { statements and articles … }` (any of the eight kinds)."""
    return _tree(max_leaves, _instrument_of)


@lru_cache(maxsize=None)
def file_asts(max_leaves: int = 10) -> st.SearchStrategy[A.File]:
    """Whole clause files: imports, types, actions, situations and instruments in
    any order (the empty file included)."""
    return _tree(max_leaves, _file_of)


# ----------------------------------------------------------------- helpers


def iter_nodes(tree) -> Iterator[A.Node]:
    """Every AST node in `tree` (itself first, then depth-first in field order),
    looking inside tuples. Spans are not nodes and are skipped."""
    stack = [tree]
    while stack:
        x = stack.pop()
        if isinstance(x, A.Node):
            yield x
            children = [getattr(x, f.name) for f in attrs.fields(type(x)) if f.name != "span"]
            stack.extend(reversed(children))
        elif isinstance(x, tuple):
            stack.extend(reversed(x))
