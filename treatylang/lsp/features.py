"""What the language server answers, as plain functions of a document's
analysis (no LSP types here, so they are easy to test): diagnostics, hover
text, definitions, references, completions, document symbols, quick fixes.

Positions are 1-based (line, column in code points), as in treatylang's
spans; server.py converts to and from the protocol's positions.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import api
from ..source import Span
from . import index as I

CLAUSE_SUFFIX, SCENARIO_SUFFIX = ".tl", ".scenario"

# Keywords offered by completion, by where the cursor is.
TOP_KEYWORDS = ("import", "type", "action", "situation", "instrument", "set")
INSTRUMENT_KEYWORDS = ("title", "signed", "authentic", "parties", "in force", "not in force", "term",
                       "superseded by", "withdrawn", "withdrawal notice", "prevails over", "source", "note",
                       "article")
ARTICLE_KEYWORDS = ("number", "text", "source", "note", "clause")
CLAUSE_KEYWORDS = ("must not", "must", "may", "while", "when", "unless", "from", "until", "by", "within",
                   "except", "overrides", "each party", "any party", "any state", "any third state",
                   "the other party", "the parties", "against", "to", "declaratory", "provided", "must not hold")
SITUATION_KEYWORDS = ("starts when", "ends when", "initially")
SCENARIO_KEYWORDS = ("scenario", "check", "as of", "situation", "expect", "expect compliant")
STATUSES = ("violated", "fulfilled", "pending", "unknown", "not_triggered", "not_in_force")


class Analysis:
    """One document analysed: its diagnostics, the model it loads (with
    every file it imports), and where each name is defined and used."""

    def __init__(self, path: str, text: str, overlay: dict[str, str] | None = None) -> None:
        self.path = path
        self.text = text
        self.scenario_file = path.endswith(SCENARIO_SUFFIX)
        overlay = dict(overlay or {})
        overlay[path] = text
        got = api.inspect_file(path, overlay=overlay)
        self.diagnostics = [d for d in got.diagnostics if I.same_file(d.span.file, path)]
        self.model = got.model
        self.scenario = got.scenario
        self.occurrences: dict[str, list[I.Occurrence]] = I.model_occurrences(self.model) if self.model else {}
        if self.scenario_file:
            self.occurrences[path] = self._scenario_occurrences()
        self.defs = I.definitions(self.occurrences)

    def _scenario_occurrences(self) -> list[I.Occurrence]:
        from ..syntax.scenario_ast import parse_scenario_text

        try:
            tree = parse_scenario_text(self.text, self.path)
        except api.DiagnosticError:
            return []
        resolved = {}
        if self.scenario is not None:
            for x in self.scenario.expectations:
                if x.clause and x.clause_id:
                    resolved[str(x.clause)] = x.clause_id
        return I.scenario_file(self.path, tree, self.text, resolved.get)

    @property
    def loaded(self) -> bool:
        return self.model is not None

    def own(self) -> list[I.Occurrence]:
        """The occurrences in this document."""
        for f, occ in self.occurrences.items():
            if I.same_file(f, self.path):
                return occ
        return []

    def at(self, line: int, col: int) -> I.Occurrence | None:
        return I.at(self.own(), line, col)


# ----------------------------------------------------------------- navigation


def definition(a: Analysis, line: int, col: int) -> list[Span]:
    """Where the name at (line, col) is defined (an import: the file)."""
    o = a.at(line, col)
    if o is None:
        return []
    if o.kind == "import":
        from ..model.files import import_target

        return [I.file_span(str(Path(import_target(a.path, o.name)).resolve()))]
    if o.kind == "file":
        return [I.file_span(str((Path(a.path).parent / o.name).resolve()))]
    if o.kind == "cameo":
        return []
    d = a.defs.get((o.kind, o.name))
    return [d.span] if d is not None else []


def references(a: Analysis, line: int, col: int, include_declaration: bool = True) -> list[Span]:
    """Every use of the name at (line, col) in the loaded files."""
    o = a.at(line, col)
    if o is None or o.kind in ("import", "file"):
        return []
    out = []
    for occ in a.occurrences.values():
        for x in occ:
            if x.kind == o.kind and x.name == o.name and (include_declaration or not x.definition):
                out.append(x.span)
    return sorted(set(out), key=lambda s: (s.file, s.line, s.col))


# ----------------------------------------------------------------- hover


def hover(a: Analysis, line: int, col: int) -> str | None:
    """Markdown describing the name at (line, col)."""
    o = a.at(line, col)
    if o is None or a.model is None:
        return _cameo_hover(o.name) if o is not None and o.kind == "cameo" else None
    m = a.model
    if o.kind == "action" and o.name in m.actions:
        return action_hover(m.actions[o.name])
    if o.kind == "clause":
        c = m.clause(o.name)
        return clause_hover(m, c) if c is not None else None
    if o.kind == "situation" and o.name in m.situations:
        return situation_hover(m, m.situations[o.name])
    if o.kind == "cameo":
        return _cameo_hover(o.name)
    if o.kind == "instrument" and o.name in m.instruments:
        return instrument_hover(m.instruments[o.name])
    if o.kind == "type" and o.name in m.types:
        t = m.types[o.name]
        return f"**type** `{o.name}` = " + " | ".join(f"`{v}`" for v in t.values) if t.values else f"**type** `{o.name}`"
    if o.kind == "article":
        for ins in m.instruments.values():
            for art in ins.articles:
                if art.name == o.name and I.same_file(art.span.file, o.span.file) and art.span.line == o.span.line:
                    return article_hover(ins, art)
    return None


def _cameo_hover(code: str) -> str | None:
    try:
        book = api.cameo_codebook()
        if code not in book:
            return f"CAMEO `{code}`: not in the CAMEO codebook"
        return f"CAMEO `{code}` — {book.label(code)}"
    except Exception:  # a missing table: no hover, never a crash
        return None


def action_hover(a) -> str:
    book = api.cameo_codebook()
    lines = [f"**action** `{a.name}`"]
    if a.attrs:
        lines[0] += "(" + ", ".join(f"{k}: {t.kind if not t.values else ' | '.join(t.values)}"
                                    for k, t in a.attrs.items()) + ")"
    if a.cameo:
        lines.append("")
        lines.append("CAMEO codes:")
        lines += [f"- `{c}` {book.label(c) if c in book else '(not in the codebook)'}" for c in a.cameo]
    else:
        lines += ["", "no CAMEO mapping: written in scenarios, never guessed from coded data"]
    if a.plover:
        lines += ["", "PLOVER: " + ", ".join(f"`{e}/{c}`" if c else f"`{e}`" for e, c in a.plover)]
    return "\n".join(lines)


def _article_lines(ins, art) -> list[str]:
    """The article's label with the confidence of its number, and its text
    with language and whether it is a translation or a paraphrase."""
    if art.number:
        where = f"{ins.name}, Art. {art.number} (number {art.confidence or 'as recorded'})"
    else:
        where = f"{ins.name}, article `{art.name}` (unnumbered)"
    if art.title:
        where += f" — {art.title}"
    lines = [where]
    q = art.quote()
    if q is not None:
        lang, text, flag = q
        lines += ["", f"> {text}", "", f"[{lang}, {flag or 'original text'}]"]
    return lines


def article_hover(ins, art) -> str:
    return "\n".join([f"**article** `{art.name}`", ""] + _article_lines(ins, art))


def clause_hover(model, c) -> str:
    ins = model.instruments[c.instrument]
    art = ins.article_of(c)
    head = f"**clause** `{c.id}`"
    if c.modality:
        head += f" — {c.modality}"
    lines = [head, ""] + _article_lines(ins, art)
    if c.declaratory and c.text:
        lines += ["", f"declaratory: {c.text}"]
    return "\n".join(lines)


def situation_hover(model, s) -> str:
    sig = f"situation {s.name}" + (f"({', '.join(f'{n}: {k.replace(chr(95), chr(32))}' for n, k in s.params)})"
                                    if s.params else "")
    lines = [f"**{sig}**"]
    if s.initially:
        lines.append("holds from the start of the timeline")
    for word, pats in (("starts when", s.starts), ("ends when", s.ends)):
        for p in pats:
            tgt = f" against {p.target}" if p.target else ""
            lines.append(f"- {word} {p.actor} {p.action}{tgt}")
    return "\n".join(lines)


def instrument_hover(ins) -> str:
    lines = [f"**instrument** `{ins.name}` ({ins.kind.replace('_', ' ')}, "
             f"{'binding' if ins.binding else 'political commitment'})"]
    if ins.title:
        lines += ["", ins.title]
    parties = ", ".join(f"{c} ({n})" if n else c for c, n in ins.parties)
    if parties:
        lines += ["", f"parties: {parties}"]
    if ins.signed:
        lines.append(f"signed {ins.signed.isoformat()}" + (f" at {ins.place}" if ins.place else ""))
    lines.append(f"in force {ins.in_force.isoformat()}" if ins.in_force else "never in force")
    return "\n".join(lines)


# ----------------------------------------------------------------- completion


def _block(text: str) -> str:
    """"top", "instrument", "article", "situation" or "clause" at the end of `text`."""
    from ..syntax.parse import open_blocks

    blocks = open_blocks(text)
    if not blocks:
        return "top"
    kind = blocks[-1][0].split()[0]
    if kind == "article" and re.search(r"\bclause\s+\w+\s*(?:declaratory\s*)?:[^\n]*(?:\n[ \t]+[^\n]*)*\Z",
                                       text[blocks[-1][2]:]):
        return "clause"
    return kind


def completions(a: Analysis, line: int, col: int) -> list[tuple[str, str, str]]:
    """(label, kind, detail) for the cursor at (line, col): kind is
    "keyword", "action", "situation", "clause", "party", "cameo", "status"
    or "instrument"."""
    lines = a.text.split("\n")
    prefix = lines[line - 1][:col - 1] if 0 < line <= len(lines) else ""
    before = "\n".join(lines[:line - 1] + [prefix])
    m = a.model
    out: list[tuple[str, str, str]] = []
    if re.search(r"\bcameo\s+(?:\d+\s*,\s*)*\d*$", prefix):
        typed = re.search(r"(\d*)$", prefix).group(1)
        book = api.cameo_codebook()
        return [(c.code, "cameo", c.name) for c in book if c.code.startswith(typed)][:400]
    if a.scenario_file:
        return _scenario_completions(a, prefix)
    if re.search(r"\b(?:except|overrides)\s+(?:[\w.]+\s*,\s*)*[\w.]*$", prefix) and m:
        return [(c.name, "clause", f"{c.instrument} · {c.modality or 'declaratory'}") for c in m.all_clauses()]
    principle = re.search(r"\bprevails\s+over\s+\w+\s+by\s+(lex\s+)?\w*$", prefix)
    if principle:  # `lex posterior` whole, or the principle once `lex` is written
        lead = "" if principle.group(1) else "lex "
        return [(lead + p, "keyword", why) for p, why in (("posterior", "the later rule prevails"),
                                                          ("specialis", "the special rule prevails"),
                                                          ("superior", "the higher rule prevails"))]
    if re.search(r"\b(?:prevails\s+over|superseded\s+by)\s+\w*$", prefix):
        named = {i: d.kind for i, d in (m.instruments.items() if m else ())}
        named.update({i: "shipped" for i in api.shipped_instruments() if i not in named})
        return [(i, "instrument", k) for i, k in sorted(named.items())]
    if re.search(r"\bwhile\s+(?:[\w(), ]+\band\s+)?\w*$", prefix) and m:
        return [(s.name, "situation", situation_hover(m, s).splitlines()[0].strip("*")) for s in m.situations.values()]
    if re.search(r"\b(?:must not|must|may)\s+\w*$", prefix) and m:
        return [(x.name, "action", ", ".join(x.cameo) or "no CAMEO mapping") for x in m.actions.values()]
    if re.search(r"\bparties\s+(?:[A-Z]{3}(?:\s+\"[^\"]*\")?\s*,\s*)*\w*$", prefix) or \
            re.search(r"\b(?:against|to|of)\s+\w*$", prefix):
        out += _party_codes(a)
    block = _block(before)
    words = {"top": TOP_KEYWORDS, "instrument": INSTRUMENT_KEYWORDS, "article": ARTICLE_KEYWORDS,
             "clause": CLAUSE_KEYWORDS, "situation": SITUATION_KEYWORDS}.get(block, TOP_KEYWORDS)
    out += [(w, "keyword", f"in {block}" if block != "top" else "at the top level") for w in words]
    if block in ("clause", "situation") and m:
        out += [(x.name, "action", ", ".join(x.cameo) or "no CAMEO mapping") for x in m.actions.values()]
        out += [(s.name, "situation", "situation") for s in m.situations.values()]
    return out


def _party_codes(a: Analysis) -> list[tuple[str, str, str]]:
    seen: dict[str, str] = {}
    if a.model:
        for ins in a.model.instruments.values():
            for code, name in ins.parties:
                seen.setdefault(code, name or "")
    return [(c, "party", n) for c, n in sorted(seen.items())]


def _scenario_completions(a: Analysis, prefix: str) -> list[tuple[str, str, str]]:
    m = a.model
    if re.match(r"^\s*expect\s+[\w.]+\s+\w*$", prefix):
        return [(s, "status", "verdict status") for s in STATUSES]
    if re.match(r"^\s*expect\s+\w*$", prefix) and m:
        return [(c.id, "clause", c.modality or "declaratory") for c in m.all_clauses() if c.checkable]
    if re.match(r"^\s*check\s+\w*$", prefix):
        return [(i, "instrument", p) for i, p in sorted(api.shipped_instruments().items())]
    if re.match(r"^\s*situation\s+\w*$", prefix) and m:
        return [(s.name, "situation", "situation") for s in m.situations.values()]
    if re.match(r"^\s*\d{4}(?:-\d\d){0,2}(?:\s+\d\d:\d\d(?::\d\d)?)?\s+[A-Z]{3}\s+\w*$", prefix) and m:
        return [(x.name, "action", ", ".join(x.cameo) or "no CAMEO mapping") for x in m.actions.values()] + \
            [("cameo", "keyword", "a CAMEO-coded event")]
    if re.match(r"^\s*\d{4}(?:-\d\d){0,2}(?:\s+\d\d:\d\d(?::\d\d)?)?\s+\w*$", prefix):
        return _party_codes(a)
    return [(w, "keyword", "scenario statement") for w in SCENARIO_KEYWORDS]


# ----------------------------------------------------------------- symbols and fixes


def symbols(a: Analysis) -> list[tuple[str, str, Span, Span, list]]:
    """(name, kind, whole span, name span, children) — instrument › article ›
    clause, and top-level actions, situations and types, in file order."""
    if a.scenario_file or a.model is None:
        return []
    tree = None
    for f, t in a.model.asts.items():
        if I.same_file(f, a.path):
            tree = t
            break
    if tree is None:
        return []
    from ..syntax import ast as A

    def name_span(node, kw):
        return I._name_span(a.text, node.span, node.name, kw)

    out = []
    for it in tree.items:
        if isinstance(it, A.Instrument):
            arts = []
            for art in it.items:
                if isinstance(art, A.Article):
                    cls = [(c.name, "clause", c.span, name_span(c, "clause"), []) for c in art.items
                           if isinstance(c, A.Clause)]
                    arts.append((art.name, "article", art.span, name_span(art, "article"), cls))
            out.append((it.name, "instrument", it.span, name_span(it, "instrument"), arts))
        elif isinstance(it, (A.ActionDecl, A.SituationDecl, A.TypeDecl)):
            kw = {A.ActionDecl: "action", A.SituationDecl: "situation", A.TypeDecl: "type"}[type(it)]
            out.append((it.name, kw, it.span, name_span(it, kw), []))
    return out


_DID_YOU_MEAN = re.compile(r"did you mean `([^`]+)`\?")
_NAMED = re.compile(r"`([^`]+)`")


def quick_fix(a: Analysis, d) -> tuple[str, Span, str] | None:
    """(title, span to replace, new text) for a diagnostic whose help says
    "did you mean `X`?": the misspelt name (the first `name` of the message)
    is replaced by X, inside the diagnostic's span."""
    if not d.help:
        return None
    m = _DID_YOU_MEAN.search(d.help)
    wrong = _NAMED.search(d.message)
    if m is None or wrong is None:
        return None
    from ..source import find_in

    span = d.span
    if span.end <= span.start:  # spans built from line/col only: compute the offsets
        from ..source import offset_span

        lines = a.text.split("\n")
        start = sum(len(x) + 1 for x in lines[:span.line - 1]) + span.col - 1
        end = sum(len(x) + 1 for x in lines[:span.end_line - 1]) + span.end_col - 1
        span = offset_span(span.file, a.text, start, end)
    word = wrong.group(1).split(".")[-1] if "." in wrong.group(1) and "." not in m.group(1) else wrong.group(1)
    target = find_in(a.text, span, I._word(word))
    if target is None:
        return None
    return f"Replace `{word}` with `{m.group(1)}`", target, m.group(1)


def formatted(a: Analysis) -> str | None:
    """The `fmt` result of the document, or None if it does not parse."""
    try:
        return api.format_text(a.text, a.path)
    except api.DiagnosticError:
        return None
