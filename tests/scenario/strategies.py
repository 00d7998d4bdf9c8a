"""Hypothesis strategies for scenario ASTs (treatylang.syntax.scenario_ast).

What they promise, like the clause-file strategies in
treatylang/testing/strategies.py (whose small values they reuse): every value
is *syntactically* valid and already in the parser's normal form, so
`parse_scenario_text(print_scenario(x)) == x` exactly:

* names avoid the keywords of both grammars, so they print bare anywhere;
* event dates are real dates at day, month or year precision (`2003-04-02`,
  `2003-04`, `2003`); a time (normalised `HH:MM` or `HH:MM:SS`) only comes
  with a full date;
* attribute values are any text — the printer quotes what would not read
  back bare; attribute names are unique within an event;
* an expectation's count stays below 1000 (a four-digit number where an event
  could start reads as a year: see grammars/scenario.lark);
* `scenario` and `as of` appear at most once (twice is TL413).

Values are not *semantically* valid (an event's action is usually not
declared anywhere); spans and the layout flag `blank` are left at their
defaults, which equality ignores.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from hypothesis import strategies as st

from treatylang.syntax.scenario_ast import (
    KEYWORDS, STATUSES, AsOf, Attr, Check, Declare, EventLine, Expect, InstrumentRef, Order, Readings, ScenarioFile, Title,
)
from treatylang.testing.strategies import dates, names as _names, state_codes, texts


@lru_cache(maxsize=None)
def names() -> st.SearchStrategy[str]:
    """Identifiers that are keywords of neither grammar."""
    return _names().filter(lambda s: s not in KEYWORDS)


@lru_cache(maxsize=None)
def codes() -> st.SearchStrategy[str]:
    """Actor and target codes: state codes or other names."""
    return st.one_of(state_codes(), names())


_CAMEO = st.from_regex(r"\A[0-9]{2,4}\Z")


def _opt(s: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | s


@lru_cache(maxsize=None)
def event_dates() -> st.SearchStrategy[str]:
    """An event date as written: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`."""
    return _event_dates()


_PRECISIONS = st.sampled_from(("day", "month", "year"))


@st.composite
def _event_dates(draw) -> str:
    d: _dt.date = draw(dates())
    precision = draw(_PRECISIONS)
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


@lru_cache(maxsize=None)
def times() -> st.SearchStrategy[str]:
    """Normalised times of day."""
    hm = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
    hms = st.builds(lambda t, s: f"{t}:{s:02d}", hm, st.integers(0, 59))
    return hm | hms


@lru_cache(maxsize=None)
def attr_values() -> st.SearchStrategy[str]:
    """Words, keywords, numbers, dates and any text."""
    return st.one_of(
        names(), st.sampled_from(sorted(KEYWORDS)), st.from_regex(r"\A[+-]?[0-9]{1,6}(\.[0-9]{1,3})?\Z"),
        event_dates(), st.sampled_from(("0000", "2001-13", "2001-02-30", "a b", "")), texts(12),
    )


@lru_cache(maxsize=None)
def event_lines() -> st.SearchStrategy[EventLine]:
    """One event: date, optional time (full dates only), actor (with roles,
    sometimes), action name or CAMEO code, optional target (with roles),
    unique attributes, optional citation."""
    return _event_lines()


@lru_cache(maxsize=None)
def _event_parts():
    return (st.none() | times(), st.lists(names(), max_size=3, unique=True), st.none() | codes(),
            st.none() | texts(30))


@st.composite
def _event_lines(draw) -> EventLine:
    opt_time, attr_names, opt_code, opt_text = _event_parts()
    date = draw(event_dates())
    time = draw(opt_time) if len(date) == 10 else None
    if draw(st.booleans()):
        action, code = draw(names()), None
    else:
        action, code = None, draw(_CAMEO)
    attrs = tuple(Attr(n, draw(attr_values())) for n in draw(attr_names))
    target = draw(opt_code)
    roles = st.lists(st.sampled_from(("GOV", "MIL", "CVL", "REB")) | names(), max_size=2, unique=True).map(tuple)
    actor_roles = draw(roles)
    target_roles = draw(roles) if target is not None else ()
    return EventLine(date, draw(codes()), action, code, target, time, attrs, draw(opt_text), actor_roles,
                     target_roles)


@lru_cache(maxsize=None)
def declares() -> st.SearchStrategy[Declare]:
    """`situation NAME[(ARGS)] from D [until D] [source "…"]` (until may be
    before from: that is the loader's business, TL405)."""
    return st.builds(Declare, names(), st.lists(codes(), max_size=3).map(tuple), dates(), _opt(dates()),
                     _opt(texts(30)))


@lru_cache(maxsize=None)
def clause_refs() -> st.SearchStrategy[str]:
    """`clause` or `instrument.clause`."""
    return names() | st.builds(lambda i, c: f"{i}.{c}", names(), names())


@lru_cache(maxsize=None)
def bindings() -> st.SearchStrategy[tuple]:
    """`(P=RUS, X=USA)`: none, or distinct variables each with a value."""
    return st.lists(st.tuples(names(), codes() | names()), max_size=3, unique_by=lambda p: p[0]).map(tuple)


@lru_cache(maxsize=None)
def expects() -> st.SearchStrategy[Expect]:
    """The three kinds of expectation, with any status and any of the optional
    parts (whether they fit the status is the loader's business, TL410)."""
    return st.one_of(
        st.builds(lambda u: Expect("compliant", under=u), st.lists(names(), max_size=2).map(tuple)),
        st.builds(lambda n, u: Expect("count", count=n, under=u), st.integers(0, 10**6),
                  st.lists(names(), max_size=2).map(tuple)),
        st.builds(lambda c, s, n, p, d, b, u: Expect("status", c, s, n, p, d, b, u), clause_refs(),
                  st.sampled_from(STATUSES), _opt(st.integers(0, 999)), _opt(codes()), _opt(dates()), bindings(),
                  st.lists(names(), max_size=2).map(tuple)),
    )


@lru_cache(maxsize=None)
def readings() -> st.SearchStrategy[Readings]:
    """`reading R1, R2` (one or more names)."""
    return st.builds(Readings, st.lists(names(), min_size=1, max_size=3).map(tuple))


@lru_cache(maxsize=None)
def checks() -> st.SearchStrategy[Check]:
    """`check id, "path.tl", …` (one or more)."""
    ref = st.one_of(st.builds(InstrumentRef, names(), st.just(False)),
                    st.builds(InstrumentRef, texts(20), st.just(True)))
    return st.builds(Check, st.lists(ref, min_size=1, max_size=3).map(tuple))


@lru_cache(maxsize=None)
def statements() -> st.SearchStrategy:
    """Any statement that may be repeated."""
    return st.one_of(checks(), readings(), declares(), event_lines(), expects())


@lru_cache(maxsize=None)
def _statement_lists(max_size: int) -> st.SearchStrategy[list]:
    return st.lists(statements(), max_size=max_size)


_TITLES = st.builds(Title, texts(30))
_AS_OFS = st.builds(AsOf, dates())
_ORDERS = st.just(Order())


@st.composite
def scenario_asts(draw, max_statements: int = 12) -> ScenarioFile:
    """Whole scenario files: statements in any order, at most one title and
    one `as of` and one `order as written` anywhere among them (the empty
    file included)."""
    items = draw(_statement_lists(max_statements))
    for once in (_TITLES, _AS_OFS, _ORDERS):
        if draw(st.booleans()):
            items.insert(draw(st.integers(0, len(items))), draw(once))
    return ScenarioFile(tuple(items))
