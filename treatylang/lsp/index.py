"""Where each name is defined and used, from the syntax trees of the loaded
files — what go-to-definition, find-references, hover and rename-free
navigation need.

An `Occurrence` is one name at one place: its kind (action, situation,
type, set, instrument, article, clause, cameo, import, file), the name
(clauses qualified `instrument.clause`), the span of the name itself, and
whether it is the definition. AST nodes carry the span of the whole
construct; the name's own span is found inside it (the first occurrence of
the word after the construct's keyword), so nothing in the AST needs to
change for the editor.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

import attrs
from attrs import frozen

from ..source import Span, find_in, offset_span
from ..syntax import ast as A
from ..syntax import scenario_ast as S

KINDS = ("action", "situation", "type", "set", "instrument", "article", "clause", "cameo", "import", "file")


@frozen
class Occurrence:
    kind: str
    name: str
    span: Span
    definition: bool = False


def _word(name: str) -> re.Pattern:
    return re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])")


def _name_span(text: str, span: Span, name: str, after: str | None = None) -> Span:
    """The span of `name` inside `span` (after the keyword `after`), else `span`."""
    if after is not None:
        m = re.compile(rf"\b{after}\b").search(text, span.start, span.end)
        if m is not None:
            span = attrs.evolve(span, start=m.end())
    return find_in(text, span, _word(name)) or span


def _nodes(node) -> Iterator:
    """`node` and every AST node below it, depth first, in source order."""
    yield node
    if not attrs.has(type(node)):
        return
    for f in attrs.fields(type(node)):
        if f.name.endswith("span") or f.name == "span":
            continue
        value = getattr(node, f.name)
        items = value if isinstance(value, tuple) else (value,)
        for v in items:
            if attrs.has(type(v)):
                yield from _nodes(v)


def clause_file(path: str, tree: A.File, text: str) -> list[Occurrence]:
    """Every definition and use of a name in one clause file."""
    out: list[Occurrence] = []
    instrument = None

    def add(kind, name, node_span, after=None, definition=False):
        out.append(Occurrence(kind, name, _name_span(text, node_span, name, after), definition))

    for node in _nodes(tree):
        t = type(node)
        if t is A.Import:
            out.append(Occurrence("import", node.path, node.span))
        elif t is A.TypeDecl:
            add("type", node.name, node.span, "type", True)
        elif t is A.ActionDecl:
            add("action", node.name, node.span, "action", True)
            for code in node.cameo:
                add("cameo", code, node.span, "cameo")
        elif t is A.SituationDecl:
            add("situation", node.name, node.span, "situation", True)
        elif t.__name__ == "SetDecl":
            add("set", node.name, node.span, "set", True)
        elif t is A.TypeRef and node.kind == "named" and len(node.names) == 1:
            add("type", node.names[0], node.span)
        elif t is A.Instrument:
            instrument = node.name
            add("instrument", node.name, node.span, "instrument", True)
        elif t is A.Article:
            add("article", node.name, node.span, "article", True)
        elif t is A.Clause:
            add("clause", f"{instrument}.{node.name}", node.span, "clause", True)
            out[-1] = attrs.evolve(out[-1], span=_name_span(text, node.span, node.name, "clause"))
        elif t is A.ActionRef:
            add("action", node.action, node.span)
        elif t is A.SitRef:
            add("situation", node.name, node.span)
        elif t in (A.Except, A.Overrides):
            kw = "except" if t is A.Except else "overrides"
            for name in node.names:
                qualified = name if "." in name else f"{instrument}.{name}"
                out.append(Occurrence("clause", qualified, _name_span(text, node.span, name, kw)))
        elif t is A.Superseded:
            add("instrument", node.by, node.span, "by")
        elif t is A.Prevails:
            add("instrument", node.over, node.span, "over")
    return out


def scenario_file(path: str, tree: S.ScenarioFile, text: str, resolve_clause=None) -> list[Occurrence]:
    """Every use of a name in a scenario: instruments in `check`, actions and
    CAMEO codes of events, declared situations, clauses of expectations
    (`resolve_clause(written) -> qualified id or None`)."""
    out: list[Occurrence] = []
    for item in tree.items:
        t = type(item)
        if t is S.Check:
            for r in item.refs:
                out.append(Occurrence("file" if r.path else "instrument", r.name, r.span))
        elif t is S.EventLine:
            if item.action is not None:
                out.append(Occurrence("action", str(item.action), item.action_span))
            elif item.code is not None:
                code = str(item.code)
                out.append(Occurrence("cameo", code, find_in(text, item.action_span, _word(code)) or item.action_span))
        elif t is S.Declare:
            out.append(Occurrence("situation", item.name, item.name_span))
        elif t is S.Expect and item.clause is not None:
            written = str(item.clause)
            qualified = resolve_clause(written) if resolve_clause else None
            out.append(Occurrence("clause", qualified or written, item.clause_span))
    return out


def at(occurrences: Iterable[Occurrence], line: int, col: int) -> Occurrence | None:
    """The occurrence whose span holds 1-based (line, col) (the narrowest)."""
    best = None
    for o in occurrences:
        s = o.span
        if (s.line, s.col) <= (line, col) and (line, col) <= (s.end_line, s.end_col) and \
                (line, col) != (s.end_line, s.end_col + 1):
            if best is None or (s.end - s.start) < (best.span.end - best.span.start):
                best = o
    return best


def model_occurrences(model) -> dict[str, list[Occurrence]]:
    """file → occurrences, for every clause file of a model."""
    out = {}
    for path, tree in model.asts.items():
        out[path] = clause_file(path, tree, model.sources.get(path, ""))
    return out


def definitions(occ: dict[str, list[Occurrence]]) -> dict[tuple[str, str], Occurrence]:
    """(kind, name) → its definition."""
    out = {}
    for os_ in occ.values():
        for o in os_:
            if o.definition:
                out.setdefault((o.kind, o.name), o)
    return out


def same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:  # pragma: no cover
        return a == b


def file_span(path: str) -> Span:
    """The start of a file (the target of an import)."""
    return offset_span(path, "", 0, 0)
