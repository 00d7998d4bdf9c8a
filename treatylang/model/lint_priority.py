"""Static checks on priority between instruments (`prevails over … by lex …`).

A priority statement is a legal claim: lint checks what the clause files can
check about it — that a `lex posterior` instrument is the later one (TL340),
that the two can be in force at the same time (TL341), and that the priority
can change a verdict at all (TL342: a permission of the prevailing instrument
on an action the other forbids).
"""

from __future__ import annotations

import datetime as _dt

from ..diagnostics import Diagnostic
from ..source import Span, line_of
from .defs import InstrumentDef, Model


def _diag(model: Model, code: str, message: str, span: Span, help=None, crumbs=()) -> Diagnostic:
    return Diagnostic(code, message, span, line_of(model.sources.get(span.file, ""), span.line), help, crumbs)


def _life(ins: InstrumentDef) -> tuple[_dt.date, _dt.date] | None:
    """[entry into force, fixed end) as the clause file gives it (None: never
    in force; the end `date.max` when nothing ends it)."""
    if ins.in_force is None:
        return None
    ends = [d for _, d in ins.withdrawn if len(ins.parties) == 2]
    if ins.superseded:
        ends.append(ins.superseded[1])
    return ins.in_force, min(ends) if ends else _dt.date.max


def check_priority(model: Model) -> list[Diagnostic]:
    """TL340 `lex posterior` claimed by the earlier instrument; TL341 two
    instruments never in force at the same time; TL342 a priority that can
    change no verdict."""
    out: list[Diagnostic] = []
    for ins in model.instruments.values():
        crumbs = (f"instrument {ins.name}",)
        for name, principle in ins.prevails:
            where = ins.prevails_spans.get(name, ins.span)
            other = model.instruments.get(name)
            if other is None:
                continue  # not loaded (TL208 if it is not a shipped instrument)
            later = ins.in_force or ins.signed
            earlier = other.in_force or other.signed
            if principle == "posterior" and later and earlier and later <= earlier:
                out.append(_diag(model, "TL340", f"`{ins.name}` claims lex posterior over `{name}`, but it is not "
                                 f"the later one ({later} against {earlier})", where,
                                 "the later rule prevails: state the priority on the later instrument, or name "
                                 "the principle that applies (lex specialis, lex superior)", crumbs))
            a, b = _life(ins), _life(other)
            if a is None or b is None or max(a[0], b[0]) >= min(a[1], b[1]):
                out.append(_diag(model, "TL341", f"`{ins.name}` and `{name}` are never in force at the same time: "
                                 "the priority changes nothing", where,
                                 "priority decides between instruments in force together; one that replaces "
                                 "another is `superseded by`", crumbs))
                continue
            forbids = {c.action for c in other.clauses if c.checkable and c.modality == "must not"}
            allows = {c.action for c in ins.clauses if c.checkable and c.modality == "may"}
            if not forbids & allows:
                out.append(_diag(model, "TL342", f"`{ins.name}` prevails over `{name}`, but none of its permissions "
                                 f"is on an action `{name}` forbids: the priority changes no verdict", where,
                                 "priority lets the prevailing instrument's permissions defeat the other's "
                                 "prohibitions on the same action", crumbs))
    return out
