"""Expanding command-line paths into the files a command works on."""

from __future__ import annotations

from pathlib import Path


def expand(paths: list[str], suffixes: tuple[str, ...]) -> list[Path]:
    """Files named directly, plus files with one of `suffixes` under named
    folders (recursively, sorted: output order never depends on the disk).
    A path that does not exist is TL001."""
    from .. import api

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
            missing.append(api.Diagnostic("TL001", f"no such file or folder: {p}", api.Span(p, 1, 1, 1, 2),
                                          help="check the path"))
    if missing:
        raise api.DiagnosticError(missing)
    return out
