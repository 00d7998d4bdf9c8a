"""Text → AST for clause files, with lark's errors turned into diagnostics.

A syntax error stops the parse (one error per file, reported well), after
cel-python's habit of wrapping the parser's exception with line, column and a
caret. What to_ast finds (bad dates, units, kinds) is collected and raised
together.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import ast as A
from ..diagnostics import Diagnostic, DiagnosticError, did_you_mean
from ..confine import read_bytes
from ..source import Span, line_of, offset_span
from .grammar import parser
from .to_ast import Builder

# Readable names for the grammar's anonymous terminals.
_PUNCT = {
    "LBRACE": "`{`", "RBRACE": "`}`", "LPAR": "`(`", "RPAR": "`)`", "COLON": "`:`", "COMMA": "`,`",
    "EQUAL": "`=`", "VBAR": "`|`", "SLASH": "`/`", "NAME": "a name", "STRING": 'a "string"',
    "DATE": "a date (YYYY-MM-DD)", "DIGITS": "a number", "$END": "end of file", "TIME": "a time (HH:MM)",
}

# Statements and where they belong, for "statement not allowed here" help.
_HOME = {
    "clause": "inside an `article … { }` block",
    "article": "inside an `instrument … { }` block",
    "action": "at the top level of a file, outside any block",
    "situation": "at the top level of a file, outside any block",
    "instrument": "at the top level of a file",
    "import": "at the top level of a file",
    "type": "at the top level of a file",
    "title": "inside an `instrument … { }` block",
    "parties": "inside an `instrument … { }` block",
    "signed": "inside an `instrument … { }` block",
    "term": "inside an `instrument … { }` block",
    "text": "inside an `article … { }` block",
    "number": "inside an `article … { }` block",
    "starts": "inside a `situation … { }` block",
    "question": "at the top level of a file",
    "derive": "at the top level of a file",
    "reading": "inside a `question … { }` block",
    "held": "inside a `reading … { }` block",
    "ends": "inside a `situation … { }` block",
}

# `starts when any state X use_force against victim`: the actor of a trigger
# cannot bind a variable (the grammar would need two tokens of look-ahead to
# tell `X` from the action); the parse fails at the word after the action.
_TRIGGER_BINDS = re.compile(r"\b(?:when|of)\s+any\s+(?P<kind>third\s+state|state|party|[A-Za-z_]\w*)\s+"
                            r"(?P<var>[A-Za-z_]\w*)\s+[A-Za-z_]\w*")
_TRIGGER_HELP = ("write the trigger's actor as a name bound elsewhere: in a situation, a parameter "
                 "(`starts when aggressor use_force against victim`); in a clause, declare `{var}` in the norm "
                 "(`each party P must consult with any state {var} within 30 days of {var} use_force against P`) "
                 "or count the deadline from a situation (`within 30 days of the start of threat({var}, P)`)")

_HEADER = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|#[^\n]*|[{}]|\b(instrument|article|clause|situation)\s+([A-Za-z_]\w*)')


def read_source(path: str | Path) -> str:
    """The text of a file, or a diagnostic (never an OSError): TL001 missing,
    TL002 unreadable, binary or not UTF-8, TL006 over the size limit, TL007
    not a regular file (see treatylang.confine)."""
    data = read_bytes(path)
    nul = data.find(b"\0")
    if nul >= 0:  # a binary file: say so, and never echo its bytes
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        raise DiagnosticError([Diagnostic(
            "TL002", f"{path} is not a text file (it holds a NUL byte)", Span(str(path), line, col, line, col + 1),
            help="clause files and scenarios are UTF-8 text")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        shown = data.splitlines()[line - 1].decode("utf-8", "replace") if data else ""
        raise DiagnosticError([Diagnostic(
            "TL002", f"byte 0x{data[e.start]:02x} is not UTF-8", Span(str(path), line, col, line, col + 1),
            shown, "save the file as UTF-8")])


# Characters that look like the ones the language uses, with what to write.
LOOKALIKES = {
    "\u201c": 'a curly quote: strings are written between straight quotes `"`',
    "\u201d": 'a curly quote: strings are written between straight quotes `"`',
    "\u201e": 'a curly quote: strings are written between straight quotes `"`',
    "\u00ab": 'a guillemet: strings are written between straight quotes `"`',
    "\u00bb": 'a guillemet: strings are written between straight quotes `"`',
    "\u2018": "a curly apostrophe: strings are written between straight quotes `\"`",
    "\u2019": "a curly apostrophe: strings are written between straight quotes `\"`",
    "\u00a0": "a no-break space (often pasted from a word processor): retype it as a plain space",
    "\u202f": "a narrow no-break space: retype it as a plain space",
    "\u2007": "a figure space: retype it as a plain space",
    "\u200b": "a zero-width space (invisible): delete it",
    "\ufeff": "a byte-order mark in the middle of the file (invisible): delete it",
    "\u2013": "an en dash: write `-` (dates: 2001-03-12)",
    "\u2014": "an em dash: write `-`",
    "\u2212": "a minus sign: write `-`",
}


def char_name(ch: str) -> str:
    """`“` (U+201C LEFT DOUBLE QUOTATION MARK), for messages; a character
    that cannot be shown (a control character, an invisible space) by its
    code point only, so no raw control character reaches a terminal."""
    import unicodedata

    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    label = f"{code} {name}" if name else code
    if ch.isprintable() and not ch.isspace() and unicodedata.category(ch) not in ("Cf",):
        return f"`{ch}` ({label})"
    return label


def open_blocks(text: str) -> list[tuple[str, int, int]]:
    """The blocks left open at the end of `text`, outermost first: (label
    such as `article a`, offset of the header's first word, offset of its
    `{`). Strings and comments are skipped."""
    stack: list[tuple[str, int, int]] = []
    pending: tuple[str, int] | None = None
    for m in _HEADER.finditer(text):
        tok = m.group()
        if tok.startswith(('"', "#")):
            continue
        if tok == "{":
            label, start = pending or ("block", m.start())
            stack.append((label, start, m.start()))
            pending = None
        elif tok == "}":
            if stack:
                stack.pop()
        elif m.group(1) in ("instrument", "article", "situation"):
            pending = (f"{m.group(1)} {m.group(2)}", m.start())
    return stack


# `each party P` where an event pattern begins (a situation trigger, a `within` trigger).
_TRIGGER_EACH = re.compile(r"\b(when|of)\s+(each\s+party\s+[A-Za-z_]\w*)\s*\Z")


def breadcrumb_at(text: str, offset: int) -> tuple[str, ...]:
    """`instrument › article › clause` around `offset`, from a light scan (works
    on files that do not parse)."""
    stack: list[str] = []
    pending: str | None = None
    clause: str | None = None
    for m in _HEADER.finditer(text, 0, offset):
        tok = m.group()
        if tok.startswith(('"', "#")):
            continue
        if tok == "{":
            stack.append(pending or "")
            pending = None
        elif tok == "}":
            if stack:
                stack.pop()
            clause = None
        elif m.group(1) == "clause":
            clause = f"clause {m.group(2)}"
        else:
            pending = f"{m.group(1)} {m.group(2)}"
            clause = None
    crumbs = [s for s in stack if s]
    if clause:
        crumbs.append(clause)
    return tuple(crumbs)


def _describe(tok) -> str:
    if tok.type == "$END":
        return "end of file"
    return f"`{tok}`"


def _expected(names) -> list[str]:
    out = []
    for n in sorted(set(names)):
        out.append(_PUNCT.get(n, f"`{n.lower()}`" if n.isupper() and not n.startswith("__") else n))
    return out


def _unexpected_help(ch: str, before: str, scenario: bool) -> str:
    """The help line of an unexpected printable character (every diagnostic has one)."""
    if ch == ":" and scenario and re.search(r"\d$", before):
        return ("a time of day follows the date after a space, as HH:MM from 00:00 to 23:59 "
                "(`2003-03-20 14:30 USA …`)")
    if ch.isalpha() or ch.isdigit():  # a letter outside ASCII
        plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        hint = f" — did you mean `{plain}`?" if plain.isalnum() else ""
        codes = "; an actor is a code such as `USA`" if scenario else ""
        return f"names are written in ASCII letters, digits and `_`{codes}{hint} (text goes in a \"string\")"
    return ("this character has no meaning here: names are ASCII letters, digits and `_`, text is written "
            "between straight quotes `\"…\"`, and a comment starts with `#`")


def syntax_diagnostic(err: UnexpectedInput, text: str, filename: str, code_prefix: str = "TL1") -> Diagnostic:
    """Turn a lark error into one diagnostic with a helpful message."""
    crumbs = breadcrumb_at(text, getattr(err, "pos_in_stream", None) or 0)
    scenario = code_prefix == "TL4"

    def diag(code, message, line, col, width=1, help=None):
        if scenario:
            code = "TL401"
        span = Span(filename, line, col, line, col + max(1, width))
        return Diagnostic(code, message, span, line_of(text, line), help, crumbs)

    if isinstance(err, UnexpectedCharacters):
        ch = text[err.pos_in_stream] if err.pos_in_stream < len(text) else ""
        if ch == '"':
            return diag("TL104", "unterminated string", err.line, err.column,
                        help='a string ends with `"` on the same line; write \\" for a quote inside it')
        if ch in LOOKALIKES or not ch.isprintable() or ch.isspace():
            return diag("TL102", f"unexpected character {char_name(ch)}", err.line, err.column,
                        help=LOOKALIKES.get(ch) or (
                            "only spaces, tabs and newlines separate words; retype it as a plain space"
                            if ch.isspace() else "the file holds a control character: is it a text file?"))
        help = None
        before = text[max(0, err.pos_in_stream - 8):err.pos_in_stream]
        if ch in "-/." and re.search(r"\d$", before):
            help = "dates are written YYYY-MM-DD with two-digit months and days (2001-03-12)"
        elif ch == ";":
            help = "statements need no `;` — start the next one on a new line"
        return diag("TL102", f"unexpected character `{ch}`", err.line, err.column,
                    help=help or _unexpected_help(ch, before, scenario))

    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        expected = getattr(err, "expected", set()) or set()
        lines = text.split("\n")
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()  # a final newline ends the last line; it starts none
        line, col = len(lines), len(lines[-1].rstrip("\r")) + 1
        if "RBRACE" in expected:
            blocks = open_blocks(text)
            if not blocks:  # pragma: no cover - lark expects `}` only inside a block
                return diag("TL109", "unexpected end of file: a block is not closed", line, col,
                            help="add `}` to close the open block")
            label, start, brace = blocks[-1]
            span = offset_span(filename, text, start, brace + 1)
            outer = [b[0] for b in blocks[:-1]]
            help = f"add `}}` after the last line of `{label}`"
            if outer:
                help += f", then one for each enclosing block ({', '.join(f'`{o}`' for o in reversed(outer))})"
            crumbs = tuple(b[0] for b in blocks)
            d = Diagnostic("TL109", f"`{label}` is not closed: the file ends before its `}}`", span,
                           line_of(text, span.line), help, crumbs,
                           notes=(f"the file ends at line {line}",))
            return Diagnostic("TL401", d.message, span, d.snippet, help, crumbs, notes=d.notes) if scenario else d
        return diag("TL103", "unexpected end of file", line, col,
                    help="expected " + " or ".join(_expected(expected)[:6]))

    assert isinstance(err, UnexpectedToken)
    tok = err.token
    expected = set(err.expected)
    width = len(str(tok))
    word = str(tok)
    bound = _TRIGGER_BINDS.search(text, 0, tok.start_pos) if not scenario else None
    if bound is not None and bound.end() == len(text[:tok.start_pos].rstrip()):
        start = text.index("any", bound.start())  # underline `any state X`, not the word after
        line = text.count("\n", 0, start) + 1
        col = start - text.rfind("\n", 0, start)
        return diag("TL130", f"a trigger's actor cannot bind a variable (`any {bound['kind']} {bound['var']}`)",
                    line, col, bound.end("var") - start, help=_TRIGGER_HELP.format(var=bound["var"]))
    if tok.type == "RBRACE" and "RBRACE" not in expected:
        return diag("TL109", "unmatched `}`", tok.line, tok.column, 1,
                    help="this `}` closes no open block; remove it or add the missing `{`")
    if "COLON" in expected and len(expected) <= 2:
        return diag("TL108", f"expected `:` after the clause name, found {_describe(tok)}", tok.line, tok.column,
                    width, help="write `clause NAME: <norm>` — the colon separates the name from the rule")
    if {"MUST", "MAY"} <= expected:
        before = _TRIGGER_EACH.search(text, 0, tok.start_pos) if tok.start_pos is not None else None
        if before is not None:  # `starts when each party P use_force`, `within 30 days of each party P …`
            span = offset_span(filename, text, before.start(2), before.end(2))
            return Diagnostic("TL110", f"`{before.group(2)}` starts a norm, but this is an event pattern "
                              f"(after `{before.group(1)}`), which has no `must`", span, line_of(text, span.line),
                              "in an event pattern name who acts: `any party P`, `any state X`, a variable or a "
                              "state code", crumbs)
        return diag("TL110", f"expected `must`, `must not` or `may`, found {_describe(tok)}", tok.line,
                    tok.column, width, help="a norm reads `<who> must not <action> …`, `<who> must …` or `<who> may …`")
    if word in _HOME and tok.type.upper() == word.upper():
        return diag("TL111", f"`{word}` is not allowed here", tok.line, tok.column, width,
                    help=f"`{word}` belongs {_HOME[word]}")
    names = _expected(expected)
    help = None
    if word in ("/", ".") and re.search(r"\d$", text[:tok.start_pos]):
        # `in force 2002/04/05`: `2002` reads as a number (`in force 2 years after
        # ratification …`), so the slash is the first unexpected token
        help = "dates are written YYYY-MM-DD with two-digit months and days (2001-03-12)"
    if tok.type == "NAME":
        kws = [n.lower() for n in expected if n.isalpha() and n.isupper() and n not in _PUNCT]
        help = did_you_mean(word, kws)
    if help is None:
        help = "expected " + (", ".join(names[:8]) + (" …" if len(names) > 8 else "") if names else "something else")
    return diag("TL101", f"unexpected {_describe(tok)}", tok.line, tok.column, width, help=help)


def parse_with(grammar: str, builder_class, on_syntax_error, fallback_code: str, text: str, filename: str):
    """Parse `text` with grammars/<grammar>.lark and build its AST with
    `builder_class`; a syntax error becomes `on_syntax_error(err, text,
    filename)`, and whatever the builder collects is raised together."""
    try:
        tree = parser(grammar).parse(text)
    except UnexpectedInput as err:
        raise DiagnosticError([on_syntax_error(err, text, filename)]) from None
    except LarkError as err:  # pragma: no cover - lark raising something unexpected
        raise DiagnosticError([Diagnostic(fallback_code, f"cannot parse: {err}", Span(filename, 1, 1, 1, 2))]) from None
    builder = builder_class(filename, text)
    tree_ast = builder.transform(tree)
    if builder.problems:
        raise DiagnosticError(builder.problems)
    return tree_ast


def parse_text(text: str, filename: str = "<string>") -> A.File:
    """Parse a clause file's text into an AST, or raise DiagnosticError."""
    return parse_with("treaty", Builder, syntax_diagnostic, "TL101", text, filename)


def parse_file(path: str | Path) -> A.File:
    """Read and parse a clause file."""
    return parse_text(read_source(path), str(path))
