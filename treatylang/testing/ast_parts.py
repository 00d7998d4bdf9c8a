"""The parts of the AST strategies (treatylang.testing.strategies): small
values (names, codes, texts, dates, durations) and the shared parts of
clauses and declarations (actors, triggers, situation references,
conditions, parameters). strategies.py re-exports every public name; see its
docstring for what the strategies promise.
"""

from __future__ import annotations

import datetime as _dt
import string
from functools import lru_cache

from hypothesis import strategies as st

from ..limits import FIRST_DAY, LAST_DAY
from ..syntax import ast as A
from ..syntax.printer import KEYWORDS

#: The normal (singular) units a `Duration` holds.
UNITS = ("day", "week", "month", "year")

_HEAD = string.ascii_letters + "_"
_TAIL = _HEAD + string.digits

# Names a treaty author would write; mixed with random identifiers so examples
# read well and shrink to something familiar.
_FAMILIAR = (
    "use_force", "threaten_force", "assist", "transfer_arms", "recognise_border", "ceasefire",
    "aggression", "caspian_regime_pending", "no_force", "no_aid", "P", "X", "Y", "aggressor",
    "victim", "category", "weapon", "defensive", "offensive", "wmd", "region", "caspian",
    "ru_ir_2001", "ru_ir_2025", "art_1", "en", "ru", "fa", "a", "b", "_",
)


# ----------------------------------------------------------------- small values


@lru_cache(maxsize=None)
def names() -> st.SearchStrategy[str]:
    """Identifiers (`[A-Za-z_][A-Za-z0-9_]*`) that are not keywords of the
    language (`treatylang.printer.KEYWORDS`), so they print bare anywhere."""
    # `map`, not `st.builds(str.__add__, …)`: builds records a printer for its
    # result, and short strings are shared objects in CPython, so a failing
    # example's report would try every recorded printer for "P" inside every
    # other one (measured: a minute to print one example).
    random = st.tuples(st.sampled_from(_HEAD), st.text(_TAIL, max_size=11)).map("".join)
    return st.one_of(st.sampled_from(_FAMILIAR), random).map(_not_keyword)


def _not_keyword(name: str) -> str:
    # Mapping rather than filtering: no draw is ever thrown away.
    return name + "_" if name in KEYWORDS else name


@lru_cache(maxsize=None)
def state_codes() -> st.SearchStrategy[str]:
    """Three-letter upper-case codes in the shape of ISO 3166-1 alpha-3 (`RUS`)."""
    return st.one_of(st.sampled_from(("RUS", "IRN", "AZE", "KAZ", "TKM", "USA", "ISR")),
                     st.text(string.ascii_uppercase, min_size=3, max_size=3))


@lru_cache(maxsize=None)
def texts(max_size: int | None = 40) -> st.SearchStrategy[str]:
    """Any unicode text without surrogates (quotes, backslashes, newlines, tabs,
    `#` and control characters included): what a STRING literal can hold."""
    return st.text(st.characters(exclude_categories=("Cs",)), max_size=max_size)


@lru_cache(maxsize=None)
def dates() -> st.SearchStrategy[_dt.date]:
    """Calendar dates from 0001-01-01 to 9998-12-31, the supported range
    (treatylang.limits; always four-digit years)."""
    return st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


@lru_cache(maxsize=None)
def durations() -> st.SearchStrategy[A.Duration]:
    """`Duration(amount ≥ 1, unit)` with a singular unit."""
    amount = st.one_of(st.integers(1, 12), st.integers(1, 10**9))
    return st.builds(A.Duration, amount, st.sampled_from(UNITS))


@lru_cache(maxsize=None)
def cameo_codes() -> st.SearchStrategy[str]:
    """CAMEO code *literals*: 2 to 4 digits, leading zeros kept (`"04"`, `"0331"`).
    Not necessarily codes that exist (that is lint's business, TL301)."""
    return st.text(string.digits, min_size=2, max_size=4)


def _opt(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


def _tuple_of(strategy: st.SearchStrategy, min_size: int = 0, max_size: int = 3) -> st.SearchStrategy[tuple]:
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


# ----------------------------------------------------------------- shared parts

_VAR_KINDS = ("any_state", "any_party", "any_third_state")


@lru_cache(maxsize=None)
def actors() -> st.SearchStrategy[A.Actor]:
    """Any actor of a norm: `each party P`, `each SET P`, `the other party`, `the parties`,
    `any state [X]`, `any party [X]`, `any third state [X]`, `any SET [X]`,
    or a name (variable, state code or set)."""
    return st.one_of(
        st.builds(A.Actor, st.just("each_party"), names()),
        st.builds(A.Actor, st.just("each_member"), names(), group=names()),
        st.just(A.Actor("other_party")),
        st.just(A.Actor("the_parties")),
        st.builds(A.Actor, st.sampled_from(_VAR_KINDS), _opt(names())),
        st.builds(A.Actor, st.just("any_member"), _opt(names()), group=names()),
        st.builds(A.Actor, st.just("name"), names() | state_codes()),
    )


@lru_cache(maxsize=None)
def subject_actors() -> st.SearchStrategy[A.Actor]:
    """Actors in a norm's subject position (any actor)."""
    return actors()


@lru_cache(maxsize=None)
def target_actors() -> st.SearchStrategy[A.Actor]:
    """Actors in an action's object position (any actor, in norms and triggers)."""
    return actors()


@lru_cache(maxsize=None)
def trigger_actors() -> st.SearchStrategy[A.Actor]:
    """Actors that start a trigger: `the other party`, `any state`, `any party`,
    `any third state` (no variable) or a name; never `each party P`."""
    fixed = [A.Actor("other_party")] + [A.Actor(k) for k in _VAR_KINDS]
    return st.one_of(st.sampled_from(fixed), st.builds(A.Actor, st.just("any_member"), st.none(), group=names()),
                     st.builds(A.Actor, st.just("name"), names() | state_codes()))


@lru_cache(maxsize=None)
def action_refs() -> st.SearchStrategy[A.ActionRef]:
    """`use_force`, `use_force X`, `use_force against the other party`; a
    preposition only ever comes with a target."""
    preps = st.sampled_from(("against", "to", "with", "toward"))
    bare = st.builds(A.ActionRef, names())
    with_target = st.builds(A.ActionRef, names(), _opt(preps), target_actors())
    return bare | with_target


@lru_cache(maxsize=None)
def triggers() -> st.SearchStrategy[A.Trigger]:
    """Event patterns: `aggressor use_force against victim`."""
    return st.builds(A.Trigger, trigger_actors(), action_refs())


@lru_cache(maxsize=None)
def sit_refs() -> st.SearchStrategy[A.SitRef]:
    """`pending` (args None) or `aggression(X, P)` (one or more args)."""
    return st.builds(A.SitRef, names(), _opt(_tuple_of(names(), 1, 3)))


@lru_cache(maxsize=None)
def sit_edges() -> st.SearchStrategy[A.SitEdge]:
    """`the start of threat(X, P)`, `the end of pending`."""
    return st.builds(A.SitEdge, st.sampled_from(("start", "end")), sit_refs())


@lru_cache(maxsize=None)
def role_actors() -> st.SearchStrategy[A.Actor]:
    """Actors a role condition can name besides a bare name: `the other party`,
    `any state [X]`, `any party [X]`, `any third state [X]`, `any SET [X]`."""
    return st.one_of(
        st.just(A.Actor("other_party")),
        st.builds(A.Actor, st.sampled_from(_VAR_KINDS), _opt(names())),
        st.builds(A.Actor, st.just("any_member"), _opt(names()), group=names()),
    )


@lru_cache(maxsize=None)
def attr_conds() -> st.SearchStrategy[A.AttrCond]:
    """`category is defensive`, `category is not "w m d"`, `contract before 2001-01-01`,
    `contract after …`, `user is any third state X`. `is`/`is not` take a
    string value (printed bare when it is a name, quoted otherwise) or a role
    actor; `before`/`after` take a date."""
    value = st.one_of(names(), st.sampled_from(sorted(KEYWORDS)), texts(12), role_actors())
    return st.one_of(
        st.builds(A.AttrCond, names(), st.sampled_from(("is", "is not")), value),
        st.builds(A.AttrCond, names(), st.sampled_from(("before", "after")), dates()),
    )


@lru_cache(maxsize=None)
def type_refs() -> st.SearchStrategy[A.TypeRef]:
    """`state`, `party`, `third state`, a type name, or an inline enum `a | b | c`."""
    return st.one_of(
        st.builds(A.TypeRef, st.sampled_from(("state", "party", "third_state"))),
        st.builds(A.TypeRef, st.just("named"), _tuple_of(names(), 1, 4)),
    )


@lru_cache(maxsize=None)
def params() -> st.SearchStrategy[tuple[A.Param, ...]]:
    """A parameter list: empty (no parentheses) or `(name: type, …)`."""
    return _tuple_of(st.builds(A.Param, names(), type_refs()), 0, 3)
