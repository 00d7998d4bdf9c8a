"""The JSON report: the report document (report/document.py) written out.

Written streaming: the encoder yields the text piece by piece and the pieces
go to the output as they come, so the report never exists as one string
(a 10^6-event run used to spend a fifth of its time building it). Memory is
bounded by the document, which is bounded by the findings kept.

Bytes: ``ensure_ascii=False``, two-space indent, one trailing newline — the
same as ``json.dumps(to_dict(runs), ensure_ascii=False, indent=2) + "\\n"``,
which `render` returns for callers that want a string.
"""

from __future__ import annotations

import json
from typing import TextIO

from .document import SCHEMA_VERSION, check_dict, event_dict, to_dict  # noqa: F401  (the public names)

_CHUNK = 1 << 16


def write_document(doc: dict, out: TextIO) -> None:
    """Write a report document as JSON to `out`, streaming."""
    buf: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(doc):
        buf.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            out.write("".join(buf))
            buf.clear()
            size = 0
    buf.append("\n")
    out.write("".join(buf))


def write(runs, out: TextIO) -> None:
    """The JSON report of `runs` (CheckRun) written to `out`."""
    write_document(to_dict(runs), out)


def render(runs) -> str:
    """The JSON document as text (deterministic bytes, trailing newline)."""
    return json.dumps(to_dict(runs), ensure_ascii=False, indent=2) + "\n"
