"""Scenario AST → canonical scenario text.

Like treatylang/syntax/printer.py, the printer emits `Line` records that know the
source region they stand for, so `formatter.place_comments` can put every
comment back; `print_scenario` joins them.

Canonical layout: one statement a line, statements in the order written (the
order of events breaks ties within a day, so `fmt` never reorders), single
spaces between words, no indentation. A blank line separates statements of
different kinds (header — `scenario`, `check`, `as of` —, situations, events,
expectations) and is kept where the source had one, so an analyst's
paragraphs of events survive formatting. Within a statement the parts come in
grammar order; an expectation's `N times`, `by` and `on` are written in that
order whatever order they were written in.
"""

from __future__ import annotations

import re

from ..events.model import parse_date
from .printer import Line, quote, render_lines
from .scenario_ast import (
    KEYWORDS, AsOf, Check, Declare, EventLine, Expect, Order, Readings, ScenarioFile, Title,
)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def value(v: str) -> str:
    """An attribute value: bare when it reads back as the same string (a word
    that is not a keyword, a number, an existing date), quoted otherwise."""
    if _NAME.match(v):
        return v if v not in KEYWORDS else quote(v)
    if _DATE.match(v):  # lexed as a DATE: bare only if it is a real date
        try:
            parse_date(v)
            return v
        except ValueError:
            return quote(v)
    if _NUMBER.match(v):
        return v
    return quote(v)


def _group(item) -> int:
    if isinstance(item, (Title, Check, AsOf, Readings, Order)):
        return 0
    if isinstance(item, Declare):
        return 1
    if isinstance(item, EventLine):
        return 2
    return 3


def statement(item) -> str:
    """The canonical text of one statement."""
    if isinstance(item, Title):
        return f"scenario {quote(item.text)}"
    if isinstance(item, Check):
        return "check " + ", ".join(quote(r.name) if r.path else r.name for r in item.refs)
    if isinstance(item, AsOf):
        return f"as of {item.date.isoformat()}"
    if isinstance(item, Readings):
        return "reading " + ", ".join(item.names)
    if isinstance(item, Order):
        return "order as written"
    if isinstance(item, Declare):
        text = f"situation {item.name}"
        if item.args:
            text += "(" + ", ".join(item.args) + ")"
        text += f" from {item.start.isoformat()}"
        if item.until is not None:
            text += f" until {item.until.isoformat()}"
        if item.source is not None:
            text += f" source {quote(item.source)}"
        return text
    if isinstance(item, EventLine):
        parts = [item.date]
        if item.time:
            parts.append(item.time)
        parts.append(item.actor + (f"({', '.join(item.actor_roles)})" if item.actor_roles else ""))
        parts.append(f"cameo {item.code}" if item.code is not None else str(item.action))
        if item.target is not None:
            parts.append(item.target + (f"({', '.join(item.target_roles)})" if item.target_roles else ""))
        parts += [f"{a.name}={value(a.value)}" for a in item.attrs]
        if item.source is not None:
            parts.append(f"source {quote(item.source)}")
        return " ".join(parts)
    if isinstance(item, Expect):
        return expectation(item)
    raise TypeError(f"not a scenario statement: {item!r}")


def expectation(e: Expect) -> str:
    """`expect …` in canonical form (also the `text` reports show)."""
    under = (" under " + ", ".join(e.under)) if e.under else ""
    if e.kind == "compliant":
        return "expect compliant" + under
    if e.kind == "count":
        return f"expect {e.count} violation{'' if e.count == 1 else 's'}" + under
    clause = str(e.clause) + (f"({', '.join(f'{v}={x}' for v, x in e.binding)})" if e.binding else "")
    parts = ["expect", clause, str(e.status)]
    if e.count is not None:
        parts.append(f"{e.count} time{'' if e.count == 1 else 's'}")
    if e.party is not None:
        parts.append(f"by {e.party}")
    if e.on is not None:
        parts.append(f"on {e.on.isoformat()}")
    if e.under:
        parts.append("under " + ", ".join(e.under))
    return " ".join(parts)


def scenario_lines(tree: ScenarioFile) -> list[Line]:
    """The canonical lines of a scenario (no comments), each with the source
    region of its statement."""
    lines: list[Line] = []
    prev = None
    for item in tree.items:
        s = item.span
        region = (s.start, s.end) if s.end > s.start else (-1, -1)
        blank = prev is not None and (_group(item) != _group(prev) or item.blank)
        lines.append(Line(0, statement(item), region[0], region[1], blank))
        prev = item
    return lines


def print_scenario(tree: ScenarioFile) -> str:
    """Canonical text of a scenario AST; `parse_scenario_text(print_scenario(t)) == t`."""
    return render_lines(scenario_lines(tree))


__all__ = ["scenario_lines", "print_scenario", "statement", "expectation", "value"]
