"""Attribute values against the types their actions declare.

A value that does not fit its declared type would silently change a verdict:
`category=defensiv` matches neither `category is defensive` nor its
negation's intent. Scenario files report it as TL412 (scenarios/load.py);
rows of a plain event file (CSV, JSON Lines), where the analyst writes the
values, are bad rows, TL513 (docs/semantics.md §7). Machine-coded formats
(GDELT, ICEWS, PLOVER) carry the reader's own attributes and are not checked.

An attribute no action of the event declares is not checked here: an event
file may carry columns the clause files do not use.
"""

from __future__ import annotations

import re

from ..diagnostics import did_you_mean
from ..events.model import parse_date

_INT = re.compile(r"^[+-]?\d+$")
_ACTOR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def misfit(value: str, t) -> tuple[str, str | None] | None:
    """Why `value` does not fit attribute type `t` (message, help), or None."""
    if t.kind == "enum":
        if value in t.values:
            return None
        return (f"`{value}` is not one of {', '.join(t.values)}",
                did_you_mean(value, t.values) or "allowed: " + ", ".join(t.values))
    if t.kind == "date":
        try:
            parse_date(value)
            return None
        except ValueError:
            return f"`{value}` is not a date", "write YYYY-MM-DD (or YYYY-MM, YYYY when only that is known)"
    if t.kind == "integer":
        return None if _INT.match(value) else (f"`{value}` is not an integer", None)
    if t.kind == "role":
        # A third participant: an actor code, written like the event's actor.
        return None if _ACTOR.match(value) else (
            f"`{value}` is not an actor code", "a role names a state, as the actor does: `user=USA`")
    return None


class AttributeValues:
    """`values(event)`: None when every declared attribute of `event` fits
    its type, else (attribute, message, help) for the first that does not.
    An event's actions are the one it names, or those its CAMEO code maps
    to; a value must fit the type one of them declares."""

    def __init__(self, model) -> None:
        from .lifecycle import NOTICE_ACTION
        from .matching import ActionIndex

        self.model = model
        self.index = ActionIndex(model)
        self.notice = NOTICE_ACTION

    def actions(self, e) -> list:
        """The declared actions `e` is an event of (as the evaluator matches them)."""
        return [a for n in self.index.for_event(e) if (a := self.model.actions.get(n)) is not None]

    def __call__(self, e) -> tuple[str, str, str | None] | None:
        if e.action == self.notice:
            for name, value in e.attrs:
                if name == "instrument" and value not in self.model.instruments:
                    return (name, f"`instrument={value}`: no instrument `{value}` is loaded",
                            did_you_mean(value, self.model.instruments)
                            or "loaded: " + (", ".join(sorted(self.model.instruments)) or "none"))
            return None
        actions = self.actions(e)
        if not actions:
            return None
        for name, value in e.attrs:
            types = [a.attrs[name] for a in actions if name in a.attrs]
            if not types:
                continue
            problems = [p for p in (misfit(value, t) for t in types) if p]
            if len(problems) == len(types):
                what = f"action `{e.action}`" if e.action else f"CAMEO {e.code}"
                return name, f"`{name}={value}` ({what}): {problems[0][0]}", problems[0][1]
        return None
