"""Contested readings: resolving `question` / `derive` declarations and the
`under` marks, choosing readings, and the model seen under a choice.

A clause file may mark a statement as holding only under some readings of a
question (`in force 2010-06-09 under snapback_valid`, a clause's
`under arts_5_6_void`, a derive row `S_300PMU_1 = missiles under s300_in_vii`).
Selecting readings — the defaults, with any named ones in their place — keeps
the statements of the selected readings and drops the rest (`select`), so the
evaluator always checks one consistent model: it never sees a reading.

`premises_of` says which marked statements a clause's verdicts depend on; it
is what `treatylang diff` cites as the premise that made a difference, and
what its property test relies on (docs/semantics.md, "Readings").
"""

from __future__ import annotations

from typing import Iterable

import attrs

from ..diagnostics import Diagnostic, DiagnosticError, did_you_mean
from ..source import Span
from ..syntax import ast as A
from .defs import ClauseDef, DeriveDef, DeriveRow, Model, Premise, QuestionDef, ReadingDef

COMMAND_LINE = Span("<command line>", 1, 1, 1, 2)


# ----------------------------------------------------------------- resolution


def resolve_questions(r, tops) -> tuple[dict[str, QuestionDef], dict[str, ReadingDef]]:
    """Questions and readings of the loaded files. `r` is the Resolver (it
    reports); `tops` the (file, item) pairs of every file."""
    questions: dict[str, QuestionDef] = {}
    readings: dict[str, ReadingDef] = {}
    for _f, it in tops:
        if not isinstance(it, A.Question):
            continue
        if it.name in questions:
            first = questions[it.name].span
            r.diag("TL204", f"question `{it.name}` is defined twice", it.span,
                   f"the first definition is at {first.file}:{first.line}:{first.col}")
            continue
        names = []
        for rd in it.readings:
            if rd.name in readings:
                first = readings[rd.name].span
                r.diag("TL204", f"reading `{rd.name}` is defined twice", rd.span,
                       f"reading names are shared by all loaded files; the first is at {first.file}:{first.line}",
                       (f"question {it.name}",))
                continue
            held = tuple(x.text for x in rd.items if isinstance(x, A.HeldBy))
            sources = tuple(x.text for x in rd.items if isinstance(x, A.Source))
            notes = tuple(x.text for x in rd.items if isinstance(x, A.Note))
            if not held or not sources:
                r.diag("TL257", f"reading `{rd.name}` does not say who holds it and on what source", rd.span,
                       "add `held by \"…\"` and `source \"…\"`: a contested reading is only as good as its "
                       "holder and its source", (f"question {it.name}",))
            readings[rd.name] = ReadingDef(rd.name, it.name, rd.default, held, sources, notes, rd.span)
            names.append(rd.name)
        if len(it.readings) < 2:
            r.diag("TL253", f"question `{it.name}` has {len(it.readings)} reading{'s' * (len(it.readings) != 1)}",
                   it.span, "a question names at least two readings, one of them `default`")
        defaults = [rd.name for rd in it.readings if rd.default]
        if len(defaults) != 1 and it.readings:
            r.diag("TL252", f"question `{it.name}` has {len(defaults)} default readings"
                   + (f" ({', '.join(defaults)})" if defaults else ""), it.span,
                   "mark exactly one reading `default`: the one a check uses when none is chosen")
        questions[it.name] = QuestionDef(it.name, it.title, tuple(names), it.span)
    return questions, readings


def check_under(r, under: tuple[str, ...], span: Span, crumbs=()) -> None:
    """Every name in `under` is a reading, and all are readings of one question."""
    qs = set()
    for name in under:
        rd = r.readings.get(name)
        if rd is None:
            r.diag("TL250", f"undefined reading `{name}`", span,
                   did_you_mean(name, r.readings) or "declare it in a `question … { reading NAME { … } }` block",
                   crumbs)
        else:
            qs.add(rd.question)
    if len(qs) > 1:
        r.diag("TL251", f"`under {', '.join(under)}` names readings of different questions "
               f"({', '.join(sorted(qs))})", span,
               "a statement holds under readings of one question; write one statement per combination", crumbs)


def exclusive(u1: tuple[str, ...], u2: tuple[str, ...], readings: dict[str, ReadingDef]) -> bool:
    """Can no choice of readings make both hold? True only when both are
    marked and every pair is two different readings of one question."""
    if not u1 or not u2:
        return False
    for a in u1:
        for b in u2:
            ra, rb = readings.get(a), readings.get(b)
            if ra is None or rb is None or ra.question != rb.question or a == b:
                return False
    return True


def resolve_derives(r, tops, actions, types) -> tuple[DeriveDef, ...]:
    out: list[DeriveDef] = []
    seen: dict[str, Span] = {}
    for _f, it in tops:
        if not isinstance(it, A.Derive):
            continue
        crumbs = (f"derive {it.target}",)
        if it.target in seen:
            first = seen[it.target]
            r.diag("TL204", f"attribute `{it.target}` is derived twice", it.span,
                   f"the first table is at {first.file}:{first.line}:{first.col}")
            continue
        seen[it.target] = it.span
        both = [a for a in actions.values() if it.target in a.attrs and it.source in a.attrs]
        if not both:
            r.diag("TL255", f"no action declares both `{it.target}` and `{it.source}`", it.span,
                   "a derive table fills in one attribute of an action from another of the same action", crumbs)
        src_t = both[0].attrs[it.source] if both else None
        tgt_t = both[0].attrs[it.target] if both else None
        rows = []
        for row in it.rows:
            check_under(r, row.under, row.span, crumbs)
            for val, t, what in ((row.key, src_t, it.source), (row.value, tgt_t, it.target)):
                if t is not None and t.kind == "enum" and val not in t.values:
                    r.diag("TL207", f"`{val}` is not a value of `{what}`", row.span,
                           did_you_mean(val, t.values) or f"allowed: {' | '.join(t.values)}", crumbs)
            for other in rows:
                if other.key == row.key and not exclusive(other.under, row.under, r.readings):
                    r.diag("TL256", f"`{row.key}` has two rows that can hold at once", row.span,
                           f"the other is at line {other.span.line}; rows for one key must be under different "
                           "readings of one question", crumbs)
                    break
            rows.append(DeriveRow(row.key, row.value, row.under, row.span))
        out.append(DeriveDef(it.target, it.source, tuple(rows), it.span))
    return tuple(out)


# ----------------------------------------------------------------- choosing readings


def defaults(model: Model) -> dict[str, str]:
    """question → its default reading."""
    out = {}
    for q in model.questions.values():
        d = next((n for n in q.readings if model.readings[n].default), None)
        if d is not None:
            out[q.name] = d
    return out


def choose(model: Model, names: Iterable[str] = (), span: Span = COMMAND_LINE, code: str = "TL250",
           clash: str = "TL254") -> dict[str, str]:
    """question → reading: the defaults, with each reading in `names` in place
    of its question's default. Raises DiagnosticError for an unknown reading
    or two readings of one question."""
    chosen = defaults(model)
    named: dict[str, str] = {}
    problems = []
    for n in names:
        rd = model.readings.get(n)
        if rd is None:
            problems.append(Diagnostic(code, f"undefined reading `{n}`", span, help=did_you_mean(n, model.readings)
                                       or ("the loaded clause files declare no readings" if not model.readings
                                           else "readings: " + ", ".join(sorted(model.readings)))))
            continue
        if rd.question in named and named[rd.question] != n:
            problems.append(Diagnostic(clash, f"`{named[rd.question]}` and `{n}` are readings of the same question "
                                       f"`{rd.question}`", span, help="choose one reading of each question"))
            continue
        named[rd.question] = n
    if problems:
        raise DiagnosticError(problems)
    chosen.update(named)
    return chosen


def holds(under: tuple[str, ...], chosen: dict[str, str]) -> bool:
    """Does a statement marked `under` hold under the chosen readings
    (question → reading)? Reading names are unique across questions."""
    return not under or not set(under).isdisjoint(chosen.values())


def select(model: Model, chosen: dict[str, str] | None = None) -> Model:
    """The model under the chosen readings (default: the defaults): the
    statements of other readings dropped, the selected ones in place. A model
    without questions is returned as it is."""
    if not model.questions:
        return model
    chosen = defaults(model) if chosen is None else chosen

    def ok(under):
        return holds(under, chosen)

    instruments = {}
    for iid, ins in model.instruments.items():
        changes: dict[str, object] = {}
        withdrawn = list(ins.withdrawn)
        for p in ins.premises:
            if not ok(p.readings):
                continue
            if p.field == "term":
                changes["term"], changes["renew"], changes["notice"], changes["term_from_signature"] = p.value
            elif p.field == "withdrawn":
                withdrawn.append(p.value)
            elif p.field == "entry":  # `in force … ratification` in place of `in force D`
                changes["entry"], changes["in_force"] = p.value, None
            elif p.field == "in_force":
                changes["in_force"], changes["entry"] = p.value, None
            else:
                changes[p.field] = p.value
        clauses = tuple(c for c in ins.clauses if ok(c.under))
        instruments[iid] = attrs.evolve(ins, clauses=clauses, withdrawn=tuple(withdrawn), premises=(), **changes)
    derives = tuple(attrs.evolve(d, rows=tuple(r for r in d.rows if ok(r.under))) for d in model.derives)
    used = tuple(sorted(chosen.items()))
    return attrs.evolve(model, instruments=instruments, derives=derives, selected=used)


# ----------------------------------------------------------------- what depends on what


@attrs.frozen
class Marked:
    """A statement under readings that a clause's verdicts may depend on."""

    readings: tuple[str, ...]
    where: str  # "instrument unscr_1929", "clause ru_ir_2001.x", "derive register"
    text: str
    # For a derive row: the attribute it reads and the value it maps, so a
    # report can keep the rows the acts concerned actually used.
    source: str | None = attrs.field(default=None, eq=False)
    key: str | None = attrs.field(default=None, eq=False)

    def describe(self) -> str:
        return f"{self.where}: `{self.text}` under {', '.join(self.readings)}"


def _permissions(model: Model, c: ClauseDef) -> list[ClauseDef]:
    """Every permission (under any reading) that may defeat prohibition `c`
    (the rule of the evaluator: `except`, else same instrument and action;
    plus `overrides`)."""
    perms = [p for p in model.all_clauses() if p.modality == "may" and not p.declaratory]
    out = [p for p in perms if (p.id in c.excepts if c.excepts else
                                (p.instrument == c.instrument and p.action == c.action))]
    out += [p for p in perms if c.id in p.overrides and p not in out]
    return out


def premises_of(model: Model, clause_id: str) -> tuple[Marked, ...]:
    """The statements under readings that the verdicts of clause `clause_id`
    may depend on, in the model as loaded (not selected): its own `under`,
    the life-cycle statements of its instrument, the same for each permission
    that may defeat it, and the derive rows for the attributes its conditions
    (and those permissions' conditions) test. If two choices of readings agree
    on all of these, the clause's verdicts are the same under both."""
    out: list[Marked] = []
    variants = [c for c in model.all_clauses() if c.id == clause_id]
    involved = list(variants)
    for c in variants:
        if c.modality == "must not":
            involved += [p for p in _permissions(model, c) if p not in involved]
    attrs_used: set[str] = set()
    seen_ins: set[str] = set()
    for c in involved:
        if c.under:
            out.append(Marked(c.under, f"clause {c.id}", _clause_text(c)))
        attrs_used |= {x.attr for x in c.when + c.unless}
        if c.instrument not in seen_ins:
            seen_ins.add(c.instrument)
            ins = model.instruments.get(c.instrument)
            for p in ins.premises if ins else ():
                out.append(Marked(p.readings, f"instrument {ins.name}", p.text))
    for d in model.derives:
        if d.target in attrs_used:
            for row in d.rows:
                if row.under:
                    out.append(Marked(row.under, f"derive {d.target} from {d.source}",
                                      f"{row.key} = {row.value}", d.source, row.key))
    return tuple(dict.fromkeys(out))


def _clause_text(c: ClauseDef) -> str:
    """A clause variant, as a premise: its name and the window it applies in."""
    window = [f"from {c.window_from}" if c.window_from else "", f"until {c.window_until}" if c.window_until else ""]
    window = " ".join(w for w in window if w)
    return f"clause {c.name}" + (f" ({window})" if window else "")


def differing(marked: Iterable[Marked], a: dict[str, str], b: dict[str, str]) -> tuple[Marked, ...]:
    """The statements that hold under one choice of readings and not the other."""
    return tuple(m for m in marked if holds(m.readings, a) != holds(m.readings, b))


def questions_concerning(model: Model, instrument_ids: Iterable[str]) -> tuple[str, ...]:
    """The questions whose readings change a statement that the checked
    instruments' verdicts may depend on, in name order."""
    qof = {n: rd.question for n, rd in model.readings.items()}
    out = set()
    for iid in instrument_ids:
        ins = model.instruments.get(iid)
        if ins is None:
            continue
        for c in ins.clauses:
            if not c.checkable or c.modality == "may":
                continue
            for m in premises_of(model, c.id):
                out.update(qof[r] for r in m.readings if r in qof)
    return tuple(sorted(out))
