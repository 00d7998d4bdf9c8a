"""Static checks on a resolved treaty model (`treatylang lint`).

Resolution errors come from treatylang/model/resolve.py; this module adds the checks
that need the whole model or outside tables: unknown CAMEO codes and PLOVER
types, windows that can never open, double binds, permissions that defeat
nothing, treaties with no entry into force, articles without text.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Iterable

from ..diagnostics import Diagnostic, DiagnosticError, did_you_mean
from ..limits import AFTER_RANGE, LAST_DAY, RANGE_TEXT, add_clamped
from .defs import ClauseDef, InstrumentDef, Model
from .lint_priority import check_priority
from .resolve import load_model
from ..source import Span, find_in, line_of


def _crumbs(ins: InstrumentDef, c: ClauseDef | None = None) -> tuple[str, ...]:
    out = (f"instrument {ins.name}",)
    if c is not None:
        out += (f"article {c.article}", f"clause {c.name}")
    return out


def _diag(model: Model, code: str, message: str, span: Span, help=None, crumbs=()) -> Diagnostic:
    return Diagnostic(code, message, span, line_of(model.sources.get(span.file, ""), span.line), help, crumbs)


def _codebook():
    try:
        from ..events import cameo
    except ImportError:  # the codebook module is optional at this layer
        return None
    return cameo


def check_vocabulary(model: Model) -> list[Diagnostic]:
    """TL301 unknown CAMEO codes, TL305 unknown PLOVER event types."""
    out: list[Diagnostic] = []
    cameo = _codebook()
    plover_events: set[str] = set()
    try:
        from ..events.plover import crosswalk

        plover_events = set(crosswalk().events)
    except ImportError:  # pragma: no cover - tables missing from a broken install
        pass
    for a in model.actions.values():
        if cameo is not None:
            for code in a.cameo:
                if not cameo.is_known(code):
                    out.append(_diag(model, "TL301", f"`{code}` is not a CAMEO event code",
                                     _code_span(model, a.span, code),
                                     "see docs/event-data.md for the codebook; root codes are 01–20"))
        for event, _ctx in a.plover:
            if plover_events and event not in plover_events:
                out.append(_diag(model, "TL305", f"`{event}` is not a PLOVER event type", a.span,
                                 did_you_mean(event, plover_events)))
    return out


def _code_span(model: Model, span: Span, code: str) -> Span:
    """The code itself in `action NAME … cameo A, B`, else the declaration."""
    text = model.sources.get(span.file, "")
    m = re.compile(r"\bcameo\b").search(text, span.start, span.end) if text else None
    if m is None:
        return span
    return find_in(text, Span(span.file, span.line, span.col, span.end_line, span.end_col, m.end(), span.end),
                   re.compile(rf"(?<![\w.]){re.escape(code)}(?![\w.])")) or span


def check_windows(model: Model) -> list[Diagnostic]:
    """TL302: a clause window or deadline wholly outside its instrument's life."""
    out: list[Diagnostic] = []
    for ins in model.instruments.values():
        start = ins.in_force
        end = ins.superseded[1] if ins.superseded else None
        for party, d in ins.withdrawn:
            end = min(end, d) if end else d
        for c in ins.clauses:
            if not c.checkable:
                continue
            last = c.window_until or c.deadline
            if start and last and last < start:
                out.append(_diag(model, "TL302", f"clause `{c.name}` applies only before its instrument enters "
                                 f"into force ({start})", c.span, "check the `until`/`by` date", _crumbs(ins, c)))
            if end and c.window_from and c.window_from >= end:
                out.append(_diag(model, "TL302", f"clause `{c.name}` applies only after its instrument stops "
                                 f"applying ({end})", c.span, "check the `from` date", _crumbs(ins, c)))
    return out


def _overlap(a: ClauseDef, b: ClauseDef) -> bool:
    lo = max(a.window_from or _dt.date.min, b.window_from or _dt.date.min)
    hi = min(a.window_until or a.deadline or _dt.date.max, b.window_until or b.deadline or _dt.date.max)
    if lo > hi:
        return False
    # Disjoint enum conditions on one attribute (`is defensive` / `is offensive`) cannot both hold.
    for ca in a.when:
        for cb in b.when:
            if ca.attr == cb.attr and ca.op == cb.op == "is" and ca.value != cb.value:
                return False
    return True


def check_double_binds(model: Model) -> list[Diagnostic]:
    """TL303: an obligation and a prohibition on the same action, subject and
    target under conditions that can hold together."""
    out: list[Diagnostic] = []
    for ins in model.instruments.values():
        cs = [c for c in ins.clauses if c.checkable]
        for a in cs:
            if a.modality != "must":
                continue
            for b in cs:
                if b.modality == "must not" and b.action == a.action and b.subject == a.subject \
                        and b.target == a.target and _overlap(a, b):
                    out.append(_diag(model, "TL303", f"`{a.name}` obliges and `{b.name}` forbids `{a.action}` "
                                     "under overlapping conditions", a.span,
                                     f"narrow one with `when`/`unless`/`from`/`until`, or let a permission "
                                     f"`overrides {b.name}`", _crumbs(ins, a)))
    return out


def check_permissions(model: Model) -> list[Diagnostic]:
    """TL304: a permission that defeats no prohibition is dead letter."""
    out: list[Diagnostic] = []
    for ins in model.instruments.values():
        for p in ins.clauses:
            if p.modality != "may" or not p.checkable:
                continue
            if p.overrides:
                continue
            named = any(p.id in c.excepts for c in model.all_clauses())
            same = any(c.modality == "must not" and c.action == p.action and not c.excepts
                       for c in ins.clauses if c.checkable)
            over = dict(ins.prevails)  # `prevails over`: it also defeats the other's prohibitions
            prevailing = any(c.modality == "must not" and c.action == p.action and c.instrument in over
                             for c in model.all_clauses() if c.checkable)
            if not named and not same and not prevailing:
                out.append(_diag(model, "TL304", f"permission `{p.name}` defeats no prohibition", p.span,
                                 f"a permission matters only against a `must not {p.action}` clause of the same "
                                 "instrument, one that names it in `except`, or one it `overrides`",
                                 _crumbs(ins, p)))
    return out


def check_instruments(model: Model) -> list[Diagnostic]:
    """TL307 binding instrument never in force; TL308 article with no text."""
    out: list[Diagnostic] = []
    for ins in model.instruments.values():
        if ins.binding and ins.in_force is None and ins.entry is None:
            src = model.sources.get(ins.file, "")
            if "not in force" not in src:
                out.append(_diag(model, "TL307", f"`{ins.name}` is a {ins.kind} with no entry into force: its "
                                 "clauses never apply", ins.span,
                                 "add `in force YYYY-MM-DD`, or `not in force` to say so on purpose",
                                 _crumbs(ins)))
        for art in ins.articles:
            if not art.texts and any(model.instruments[ins.name].clause(n).checkable for n in art.clauses):
                out.append(_diag(model, "TL308", f"article `{art.name}` has no text to quote", art.span,
                                 "add `text en paraphrase \"…\"` so reports can show what the clause enforces",
                                 _crumbs(ins) + (f"article {art.name}",)))
    return out


def check_unused_actions(model: Model) -> list[Diagnostic]:
    """TL310: an action declared beside an instrument that no clause or
    situation of the loaded files uses. Files that declare no instrument
    (a shared vocabulary such as vocabulary.tl) are libraries: their
    actions are for other files, and are not reported."""
    used: set[str] = set()
    for c in model.all_clauses():
        if c.action:
            used.add(c.action)
        if c.within is not None:
            used.add(c.within[2].action)
    for sit in model.situations.values():
        used.update(p.action for p in sit.starts + sit.ends)
    with_instruments = {_same(i.file) for i in model.instruments.values()}
    out = []
    for a in model.actions.values():
        if a.name not in used and _same(a.span.file) in with_instruments:
            out.append(_diag(model, "TL310", f"action `{a.name}` is declared but no clause or situation uses it",
                             a.span, "remove it, or move it to a shared vocabulary file that other files import"))
    return out


def _same(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:  # pragma: no cover
        return path


def check_date_range(model: Model) -> list[Diagnostic]:
    """TL120: a term, or the first renewal, that runs past the last supported
    day (docs/limits.md). Not an error — the instrument is simply in force to
    the end of every timeline — but the date a report would print is not real."""
    out: list[Diagnostic] = []
    for ins in model.instruments.values():
        if ins.in_force is None or ins.term is None:
            continue
        end = add_clamped(ins.in_force, *ins.term)
        if end == AFTER_RANGE:
            out.append(_diag(model, "TL120", f"the term of `{ins.name}` runs past {LAST_DAY.isoformat()}, the last "
                             "supported day: it is treated as never ending", ins.span,
                             f"dates from {RANGE_TEXT} are supported (docs/limits.md); check the term's number",
                             _crumbs(ins)))
    return out


def check_readings(model: Model) -> list[Diagnostic]:
    """TL350 a value of a derive table's source with no row (under some
    reading); TL351 a question (declared beside an instrument) no statement
    is marked `under`."""
    from .readings import choose, select

    out: list[Diagnostic] = []
    used = {r for ins in model.instruments.values() for p in ins.premises for r in p.readings}
    used |= {r for c in model.all_clauses() for r in c.under}
    used |= {r for d in model.derives for row in d.rows for r in row.under}
    # As for TL310, a file that declares no instrument is a library: its
    # questions are for the files that import it.
    with_instruments = {_same(i.file) for i in model.instruments.values()}
    for q in model.questions.values():
        if not used & set(q.readings) and _same(q.span.file) in with_instruments:
            out.append(_diag(model, "TL351", f"no statement is marked `under` a reading of question `{q.name}`",
                             q.span, "mark the statements each reading changes with `under READING`; a "
                             "question no statement depends on changes no verdict", (f"question {q.name}",)))
    for d in model.derives:
        values = next((a.attrs[d.source].values for a in model.actions.values()
                       if d.source in a.attrs and d.target in a.attrs and a.attrs[d.source].kind == "enum"), ())
        for name in ([None] + sorted(model.readings)) if model.questions else [None]:
            chosen = choose(model, [name] if name else [])
            mapped = {row.key for sd in select(model, chosen).derives if sd.target == d.target for row in sd.rows}
            missing = [v for v in values if v not in mapped]
            if missing:
                where = f" under reading `{name}`" if name else ""
                out.append(_diag(model, "TL350", f"`{d.target}` is not derived for {', '.join(missing)}{where}",
                                 d.span, f"an event with `{d.source}` {missing[0]} and no `{d.target}` leaves "
                                 f"`{d.target}` unknown; add a row `{missing[0]} = …` (under each reading)",
                                 (f"derive {d.target}",)))
                break
    return out


# Checks of one consistent model: run on the model under each choice of
# readings in turn; the whole-model ones look at the model as loaded (every
# reading at once).
CHECKS = (check_vocabulary, check_windows, check_double_binds, check_permissions, check_instruments,
          check_date_range, check_priority)
WHOLE_MODEL_CHECKS = (check_unused_actions, check_readings)


def lint_model(model: Model) -> list[Diagnostic]:
    """Every check, on the model under each reading in turn (the other
    questions at their defaults), so a statement under a reading is checked
    in the model it belongs to; duplicates are reported once."""
    from .readings import choose, select

    out = list(model.warnings)
    models = [model]
    if model.questions:
        models = [select(model, choose(model, [r] if r else [])) for r in [None] + sorted(model.readings)]
    for m in models:
        for check in CHECKS:
            out.extend(check(m))
    for check in WHOLE_MODEL_CHECKS:
        out.extend(check(model))
    return sorted(set(out), key=Diagnostic.sort_key)


def lint_paths(paths: Iterable[str | Path]) -> list[Diagnostic]:
    """Every diagnostic for the given clause files (errors and warnings)."""
    paths = list(paths)
    try:
        model = load_model(paths)
    except DiagnosticError as e:
        return sorted(e.diagnostics, key=Diagnostic.sort_key)
    return lint_model(model)
