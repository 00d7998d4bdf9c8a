"""Diagnostics as a SARIF 2.1.0 log (`treatylang lint --format sarif`), so
lint results show in code-scanning tools.

One run, tool `treatylang`, one rule per diagnostic code used (its title
from the catalogue in codes.py), one result per diagnostic. Paths given
relative are relative URIs against `%SRCROOT%`; absolute paths are `file:`
URIs. Columns count Unicode code points (`columnKind`), as our spans do.
Diagnostics about the command line itself have no location. The log is
deterministic: no timestamps, results in diagnostic order.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Sequence
from urllib.parse import quote

from . import __version__
from .codes import CODES
from .diagnostics import Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "note": "note"}


def _uri(file: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) for a diagnostic's file."""
    p = Path(file)
    if p.is_absolute():
        return p.as_uri(), None
    return quote(PurePosixPath(*p.parts).as_posix(), safe="/"), "%SRCROOT%"


def _location(d: Diagnostic) -> list[dict]:
    s = d.span
    if s.file.startswith("<"):  # <command line>, <string>: nowhere a viewer can show
        return []
    uri, base = _uri(s.file)
    artifact = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    region = {"startLine": s.line, "startColumn": s.col}
    if s.end_line >= s.line:
        region["endLine"] = s.end_line
        region["endColumn"] = max(s.end_col, s.col + 1) if s.end_line == s.line else max(1, s.end_col)
    if d.snippet:
        region["snippet"] = {"text": d.snippet}
    return [{"physicalLocation": {"artifactLocation": artifact, "region": region}}]


def _message(d: Diagnostic) -> str:
    parts = [d.message]
    parts += [f"note: {n}" for n in d.notes]
    if d.help:
        parts.append(f"help: {d.help}")
    if d.breadcrumb:
        parts.append("in: " + " › ".join(d.breadcrumb))
    return "\n".join(parts)


def sarif_log(diagnostics: Sequence[Diagnostic]) -> dict:
    """The SARIF log as a dict."""
    ds = sorted(diagnostics, key=Diagnostic.sort_key)
    codes = sorted({d.code for d in ds})
    index = {c: i for i, c in enumerate(codes)}
    rules = []
    for c in codes:
        severity, title = CODES.get(c, ("error", ""))
        rules.append({
            "id": c,
            "shortDescription": {"text": title or c},
            "defaultConfiguration": {"level": LEVELS.get(severity, "error")},
        })
    results = []
    for d in ds:
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS.get(d.severity, "error"),
            "message": {"text": _message(d)},
            "locations": _location(d),
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "treatylang", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the folder treatylang was run in"}}},
            "results": results,
        }],
    }


def render_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """The SARIF log as text (two-space indent, trailing newline)."""
    return json.dumps(sarif_log(diagnostics), ensure_ascii=False, indent=2) + "\n"
