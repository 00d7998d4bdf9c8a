"""Finding comments, for the formatter (lark drops them as %ignore'd).

A comment is `#` to the end of the line, outside a string. The scanner uses the
same string rule as the grammars, so it agrees with the lexer on what is a
comment; a `#` inside "…" is text.
"""

from __future__ import annotations

import re

from attrs import frozen

_SCAN = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|#[^\n]*')


@frozen
class Comment:
    text: str  # including the leading '#', without the newline
    offset: int  # character offset of '#'
    line: int  # 1-based


def scan_comments(text: str) -> list[Comment]:
    """Every comment in `text`, in order."""
    out: list[Comment] = []
    line, last = 1, 0
    for m in _SCAN.finditer(text):
        if m.group().startswith("#"):
            line += text.count("\n", last, m.start())
            last = m.start()
            out.append(Comment(m.group().rstrip("\r"), m.start(), line))
    return out
