"""The instruments shipped in treaties/, found by id."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .. import confine
from ..diagnostics import Diagnostic, DiagnosticError, did_you_mean
from ..source import Span

@lru_cache(maxsize=None)
def shipped_index() -> dict[str, str]:
    """Instrument id -> path of the shipped file in treaties/ that declares it."""
    out: dict[str, str] = {}
    try:
        root = resources.files("treatylang.treaties")
    except ModuleNotFoundError:  # pragma: no cover - broken install
        return out
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".tl"):
            text = entry.read_text(encoding="utf-8")
            for m in re.finditer(r'(?m)^\s*instrument\s+([A-Za-z_]\w*)', _strip_strings(text)):
                out.setdefault(m.group(1), str(entry))
    return out


def _strip_strings(text: str) -> str:
    return re.sub(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|#[^\n]*', '""', text)


def resolve_instrument_arg(arg: str) -> str:
    """A command-line instrument: a path to a .tl file, or a shipped id."""
    if arg.endswith(".tl") or "/" in arg or confine.exists(arg):
        return arg
    idx = shipped_index()
    if arg in idx:
        return idx[arg]
    help = did_you_mean(arg, idx) or ("shipped instruments: " + ", ".join(sorted(idx)) if idx else None)
    raise DiagnosticError([Diagnostic("TL003", f"no instrument `{arg}`: not a file and not a shipped instrument id",
                                      Span("<command line>", 1, 1, 1, len(arg) + 1), arg, help)])


def names_a_file_not_an_id(name: str) -> bool:
    """Whether a bare instrument name from inside a scenario would be taken for
    a file in the current folder (not a shipped id): such a name must not
    reach `resolve_instrument_arg`, which reads files the user names."""
    return name not in shipped_index() and confine.exists(name)
