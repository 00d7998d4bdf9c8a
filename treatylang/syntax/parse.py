"""Text → AST for clause files, with lark's errors turned into diagnostics.

A syntax error stops the parse (one error per file, reported well), after
cel-python's habit of wrapping the parser's exception with line, column and a
caret. What to_ast finds (bad dates, units, kinds) is collected and raised
together.
"""

from __future__ import annotations

import re
from pathlib import Path

from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import ast as A
from ..diagnostics import Diagnostic, DiagnosticError, did_you_mean
from ..source import Span, line_of
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
    "ends": "inside a `situation … { }` block",
}

_HEADER = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}]|\b(instrument|article|clause|situation)\s+([A-Za-z_]\w*)')


def read_source(path: str | Path) -> str:
    """The text of a file, or a TL001/TL002 diagnostic (never an OSError)."""
    p = Path(path)
    span = Span(str(path), 1, 1, 1, 2)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise DiagnosticError([Diagnostic("TL001", f"no such file: {path}", span, help="check the path")])
    except IsADirectoryError:
        raise DiagnosticError([Diagnostic("TL002", f"{path} is a directory, not a file", span)])
    except OSError as e:
        raise DiagnosticError([Diagnostic("TL002", f"cannot read {path}: {e.strerror}", span)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        shown = data.splitlines()[line - 1].decode("utf-8", "replace") if data else ""
        raise DiagnosticError([Diagnostic(
            "TL002", f"byte 0x{data[e.start]:02x} is not UTF-8", Span(str(path), line, col, line, col + 1),
            shown, "save the file as UTF-8")])


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
        help = None
        before = text[max(0, err.pos_in_stream - 8):err.pos_in_stream]
        if ch in "-/." and re.search(r"\d$", before):
            help = "dates are written YYYY-MM-DD with two-digit months and days (2001-03-12)"
        elif ch == ";":
            help = "statements need no `;` — start the next one on a new line"
        return diag("TL102", f"unexpected character `{ch}`", err.line, err.column, help=help)

    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        expected = getattr(err, "expected", set()) or set()
        lines = text.split("\n")
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()  # a final newline ends the last line; it starts none
        line, col = len(lines), len(lines[-1].rstrip("\r")) + 1
        if "RBRACE" in expected:
            opened = text.count("{") - text.count("}")
            return diag("TL109", "unexpected end of file: a block is not closed", line, col,
                        help=f"add `}}` to close {opened if opened > 0 else 'the'} open block{'s' if opened > 1 else ''}"
                        + (f" ({crumbs[-1]})" if crumbs else ""))
        return diag("TL103", "unexpected end of file", line, col,
                    help="expected " + " or ".join(_expected(expected)[:6]))

    assert isinstance(err, UnexpectedToken)
    tok = err.token
    expected = set(err.expected)
    width = len(str(tok))
    word = str(tok)
    if tok.type == "RBRACE" and "RBRACE" not in expected:
        return diag("TL109", "unmatched `}`", tok.line, tok.column, 1,
                    help="this `}` closes no open block; remove it or add the missing `{`")
    if "COLON" in expected and len(expected) <= 2:
        return diag("TL108", f"expected `:` after the clause name, found {_describe(tok)}", tok.line, tok.column,
                    width, help="write `clause NAME: <norm>` — the colon separates the name from the rule")
    if {"MUST", "MAY"} <= expected:
        return diag("TL110", f"expected `must`, `must not` or `may`, found {_describe(tok)}", tok.line,
                    tok.column, width, help="a norm reads `<who> must not <action> …`, `<who> must …` or `<who> may …`")
    if word in _HOME and tok.type.upper() == word.upper():
        return diag("TL111", f"`{word}` is not allowed here", tok.line, tok.column, width,
                    help=f"`{word}` belongs {_HOME[word]}")
    names = _expected(expected)
    help = None
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
