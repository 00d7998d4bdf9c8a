"""Expanding command-line paths into the files a command works on."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span


def expand(paths: list[str], suffixes: tuple[str, ...]) -> list[Path]:
    """Files named directly, plus files with one of `suffixes` under named
    folders (recursively, sorted: output order never depends on the disk)."""
    out: list[Path] = []
    missing = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(f for f in path.rglob("*") if f.is_file() and f.suffix in suffixes
                              and not any(part.startswith(".") for part in f.parts)))
        elif path.exists():
            out.append(path)
        else:
            missing.append(Diagnostic("TL001", f"no such file or folder: {p}", Span(p, 1, 1, 1, 2),
                                      help="check the path"))
    if missing:
        raise DiagnosticError(missing)
    return out
