"""Diagnostics: the one place that formats error text.

Three forms, after ruff and Catala:

* full:   ``TL201 error: undefined action `use_forse```, `` --> file:line:col``,
          a gutter with the source line and ``^^^`` under the span, ``help:``,
          and the breadcrumb ``instrument › article › clause``;
* short:  ``file:line:col: TL201 error: message``;
* JSON:   one object per diagnostic (see `to_json`).

Every layer collects diagnostics and raises once (sqlglot's habit), through
`DiagnosticError`, so a user sees every problem in a file in one run.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from typing import Iterable, Sequence

from attrs import field, frozen

from .codes import severity_of
from .source import Span

SEVERITIES = ("error", "warning", "note")

MAX_MESSAGE = 400  # characters of a message or help text
MAX_SNIPPET = 160  # characters of a source line shown around the span

# Control characters shown as their Unicode "control pictures" (one character
# each, so a caret under the line still lines up, and an ESC never reaches a
# terminal); other non-printing characters (C1 controls, bidi overrides, line
# separators …) as U+FFFD.
_PICTURES = {i: 0x2400 + i for i in range(0x20)} | {0x7F: 0x2421} | {i: 0xFFFD for i in range(0x80, 0xA0)}


def visible(text: str, keep_tabs: bool = False) -> str:
    """`text` with every control character replaced by one visible one. Spaces
    of any kind and joiners (ZWNJ, which Persian text needs) are kept;
    bidirectional overrides, line separators, surrogates and unassigned or
    private-use code points become U+FFFD."""
    if text.isprintable():
        return text
    out = text.translate(_PICTURES if not keep_tabs else {k: v for k, v in _PICTURES.items() if k != 9})
    return "".join(c if c.isprintable() or c == "\t" or not _hidden(c) else "\ufffd" for c in out)


_BIDI = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]))


def _hidden(c: str) -> bool:
    return c in _BIDI or unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs", "Co", "Cn")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@frozen
class Diagnostic:
    """One problem at one place. `snippet` is the source line (captured when the
    diagnostic is made, so rendering never re-reads a file)."""

    code: str
    message: str
    span: Span
    snippet: str = ""
    help: str | None = None
    breadcrumb: tuple[str, ...] = ()
    severity: str = field(default="")
    notes: tuple[str, ...] = ()
    # Where `snippet` starts in the source line (0-based), when only a window
    # of a long line is kept; the caret is placed relative to it.
    snippet_from: int = field(default=0, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", severity_of(self.code))
        # Input text reaches diagnostics (a row, a value in a message): keep it
        # short and free of control characters, whatever the input was.
        if len(self.message) > MAX_MESSAGE or not self.message.isprintable():
            object.__setattr__(self, "message", _cut(visible(self.message), MAX_MESSAGE))
        if self.help is not None and (len(self.help) > MAX_MESSAGE or not self.help.isprintable()):
            object.__setattr__(self, "help", _cut(visible(self.help), MAX_MESSAGE))
        if self.snippet and (len(self.snippet) > MAX_SNIPPET or not self.snippet.isprintable()):
            text, shift = self.snippet, 0
            if len(text) > MAX_SNIPPET and self.snippet_from == 0:
                start = max(0, min(self.span.col - 1 - MAX_SNIPPET // 4, len(text) - MAX_SNIPPET))
                right = "…" if start + MAX_SNIPPET < len(text) else ""
                text = text[start:start + MAX_SNIPPET]
                if start:  # "…" takes the place of the characters cut on the left
                    text, shift = "…" + text, start - 1
                text += right
            object.__setattr__(self, "snippet", visible(text, keep_tabs=True))
            object.__setattr__(self, "snippet_from", shift)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple:
        return (self.span.file, self.span.line, self.span.col, self.code, self.message)


class DiagnosticError(Exception):
    """Raised once per stage with every diagnostic collected."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(render_short(d) for d in self.diagnostics))


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A ``help`` text naming the closest candidate, or None."""
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def render_short(d: Diagnostic) -> str:
    """``file:line:col: CODE severity: message``."""
    return f"{d.span.file}:{d.span.line}:{d.span.col}: {d.code} {d.severity}: {d.message}"


def render_full(d: Diagnostic) -> str:
    """The ruff-style form with gutter, caret underline, help and breadcrumb."""
    s = d.span
    gutter = len(str(s.line))
    pad = " " * gutter
    out = [f"{d.code} {d.severity}: {d.message}", f"{pad}--> {s.file}:{s.line}:{s.col}"]
    if d.snippet:
        line = visible(d.snippet.expandtabs(1).rstrip("\n"))
        start = max(1, s.col - d.snippet_from)
        # A span that runs past this line is underlined to the end of the line.
        stop = s.end_col if s.end_line == s.line and s.end_col > start else len(line) + 1
        width = max(1, min(stop, len(line) + 1) - start)
        out += [f"{pad} |", f"{s.line} | {line}", f"{pad} | {' ' * (start - 1)}{'^' * width}"]
    for n in d.notes:
        out.append(f"{pad} = note: {n}")
    if d.help:
        out.append(f"{pad} = help: {d.help}")
    if d.breadcrumb:
        out.append(f"{pad} = in: {' › '.join(d.breadcrumb)}")
    return "\n".join(out)


def to_dict(d: Diagnostic) -> dict:
    """The JSON form of one diagnostic (stable keys)."""
    s = d.span
    return {
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "file": s.file,
        "line": s.line,
        "column": s.col,
        "end_line": s.end_line,
        "end_column": s.end_col,
        "source_line": d.snippet,
        "help": d.help,
        "breadcrumb": list(d.breadcrumb),
        "notes": list(d.notes),
    }


def render(diagnostics: Sequence[Diagnostic], form: str = "full") -> str:
    """Render many diagnostics in one of the forms 'full', 'short', 'json'."""
    ds = sorted(diagnostics, key=Diagnostic.sort_key)
    if form == "json":
        return json.dumps([to_dict(d) for d in ds], ensure_ascii=False, indent=2)
    if form == "short":
        return "\n".join(render_short(d) for d in ds)
    return "\n\n".join(render_full(d) for d in ds)


def summary_line(diagnostics: Sequence[Diagnostic]) -> str:
    """``2 errors, 1 warning`` (or ``no problems``)."""
    e = sum(1 for d in diagnostics if d.severity == "error")
    w = sum(1 for d in diagnostics if d.severity == "warning")
    if not e and not w:
        return "no problems"
    parts = []
    if e:
        parts.append(f"{e} error{'s' * (e != 1)}")
    if w:
        parts.append(f"{w} warning{'s' * (w != 1)}")
    return ", ".join(parts)
