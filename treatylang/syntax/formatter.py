"""`treatylang fmt`: canonical layout that keeps every comment, written atomically.

Comments are placed by where they were written relative to the printer's
lines (each line knows the source region it stands for):

* a comment with code before it on its source line is *trailing*: it goes at
  the end of the printed line whose region holds that code;
* a comment alone on its line is *leading*: it goes, on its own line, before
  the first printed line that starts after it (at that line's indent, or one
  deeper before a closing brace).

A blank line the author left between two statements is kept (one at most,
never right after `{` or before `}`); the printer adds its canonical ones.

All placements are fixed points, so formatting is idempotent. If two trailing
comments land on one printed line (a statement written over several lines),
the earlier ones become leading lines: nothing is ever dropped.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .printer import INDENT, Line, file_lines
from .comments import scan_comments
from .parse import parse_text


_BLANK = re.compile(r"\n[ \t]*\r?\n")


def _anchor(text: str, offset: int) -> int | None:
    """Offset of the last non-blank character before `offset` on its line."""
    i = offset - 1
    while i >= 0 and text[i] in " \t\r":
        i -= 1
    if i < 0 or text[i] == "\n":
        return None
    return i


def format_text(text: str, filename: str = "<string>") -> str:
    """The canonical form of a clause file (or, for `*.scenario`, a scenario
    file). Raises DiagnosticError if it does not parse: fmt never rewrites a
    file it cannot read."""
    if filename.endswith(".scenario"):
        from .scenario_ast import parse_scenario_text
        from .scenario_printer import scenario_lines

        return place_comments(text, scenario_lines(parse_scenario_text(text, filename)))
    return place_comments(text, file_lines(parse_text(text, filename)))


def place_comments(text: str, lines: list[Line]) -> str:
    """Render printer `lines`, putting back every comment of the source `text`."""
    comments = scan_comments(text)
    leading: dict[int, list[str]] = {}
    first_leading: dict[int, int] = {}
    trailing: dict[int, list[str]] = {}
    tail: list[str] = []
    regioned = [i for i, ln in enumerate(lines) if ln.start >= 0]
    for c in comments:
        anchor = _anchor(text, c.offset)
        owner = None
        if anchor is not None:
            for i in regioned:
                if lines[i].start <= anchor < lines[i].end:
                    owner = i  # keep the last (innermost, latest) match
        if owner is not None:
            trailing.setdefault(owner, []).append(c.text)
            continue
        nxt = next((i for i in regioned if lines[i].start > c.offset), None)
        if nxt is None:
            tail.append(c.text)
        else:
            leading.setdefault(nxt, []).append(c.text)
            first_leading.setdefault(nxt, c.offset)

    out: list[str] = []
    prev: Line | None = None
    for i, ln in enumerate(lines):
        # A blank line the author left between two statements is kept (one at
        # most); none is kept right after an opening brace or before a closing one.
        kept = (prev is not None and prev.end >= 0 and ln.start >= 0 and not prev.text.endswith("{")
                and ln.text != "}" and _BLANK.search(text, prev.end, first_leading.get(i, ln.start)) is not None)
        if ln.blank_before or kept:
            out.append("")
        depth = ln.depth + 1 if ln.text == "}" else ln.depth
        for t in leading.get(i, ()):
            out.append(f"{INDENT * depth}{t}")
        trail = trailing.get(i, [])
        for t in trail[:-1]:
            out.append(f"{INDENT * ln.depth}{t}")
        body = f"{INDENT * ln.depth}{ln.text}"
        out.append(f"{body}  {trail[-1]}" if trail else body)
        if ln.start >= 0:
            prev = ln
    if tail:
        if out:
            out.append("")
        out.extend(tail)
    return "\n".join(out) + ("\n" if out else "")


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves the old file or the
    new one, never half of either: write a temporary file in the same folder,
    flush it to disk, then rename over the original (atomic on POSIX).
    A symlink is followed: the file it points to is replaced, in its own
    folder, and the link stays a link."""
    path = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


__all__ = ["format_text", "write_atomic", "Line"]
