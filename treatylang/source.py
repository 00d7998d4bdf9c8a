"""Source positions: where a node, token or event row came from.

A `Span` is carried by every AST node and every diagnostic. It is always
excluded from equality (`field(eq=False)` on the carrier), so two trees that
differ only in layout compare equal — the round-trip property depends on it.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class Span:
    """A half-open character range in one file, with 1-based line/column."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int
    start: int = 0  # character offset, for slicing the source
    end: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    @classmethod
    def point(cls, file: str, line: int, col: int, offset: int = 0) -> "Span":
        """A one-character span, e.g. for an unexpected character."""
        return cls(file, line, col, line, col + 1, offset, offset + 1)

    @classmethod
    def whole_line(cls, file: str, line: int, text: str = "") -> "Span":
        """A span covering a whole line (used for event rows)."""
        return cls(file, line, 1, line, max(2, len(text) + 1))

    def merge(self, other: "Span") -> "Span":
        """The smallest span covering both (same file)."""
        a, b = (self, other) if (self.line, self.col) <= (other.line, other.col) else (other, self)
        end = other if (other.end_line, other.end_col) >= (self.end_line, self.end_col) else self
        return Span(self.file, a.line, a.col, end.end_line, end.end_col, min(self.start, other.start), max(self.end, other.end))


NOWHERE = Span("<none>", 1, 1, 1, 2)


def line_of(text: str, line: int) -> str:
    """The text of 1-based `line` in `text`, without its newline ('' if absent)."""
    # Only \n ends a line, as for lark's line counter: str.splitlines() would
    # also split at form feeds, U+2028 and lone CRs and misquote later lines.
    lines = text.split("\n")
    return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""


def offset_span(file: str, text: str, start: int, end: int) -> Span:
    """The span of text[start:end] (1-based lines and columns; only \\n ends a line)."""
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = text.count("\n", 0, end) + 1
    end_col = end - (text.rfind("\n", 0, end) + 1) + 1
    return Span(file, line, col, end_line, end_col, start, end)


def find_in(text: str, span: Span, pattern, group: int = 0) -> Span | None:
    """The span of the first match of `pattern` (a compiled regex) inside
    `span` of `text` (`group`: the part of the match to mark), or None — so
    a diagnostic can underline the offending word rather than a whole
    statement."""
    if not text or span.end <= span.start:
        return None
    m = pattern.search(text, span.start, span.end)
    if m is None:
        return None
    return offset_span(span.file, text, m.start(group), m.end(group))
