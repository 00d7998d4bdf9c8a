"""Saved JSON reports: reading one back (`load`) and rendering it (`render`)
for `treatylang report RUN.json` and `api.load_report`/`api.write_report`.

The renderers read only the report document, so a saved report renders
byte for byte as `check --format FMT` printed it. A file that is not JSON is
TL050, a JSON file that is not a treatylang report (schema 1.x) is TL051,
a report that lacks what rendering needs (written before schema 1.1, or
edited) is TL052.
"""

from __future__ import annotations

import io
import json
import os
import stat

from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span

# What the renderers read beyond schema 1.0 (schema 1.1 added them).
_NEEDED = ("status_text", "counts", "rests_on", "modality")


def _fail(code: str, path: str, message: str, help: str, line: int = 1, col: int = 1) -> DiagnosticError:
    return DiagnosticError([Diagnostic(code, message, Span(path, line, col, line, col + 1), help=help)])


def _read_text(path: str) -> str:
    """The file's text. A device (`/dev/zero`) or socket is refused (TL007:
    it may never end); a named pipe is opened without waiting for a writer
    (one with none reads as empty, TL050, instead of hanging), so a pipe
    from `check --format json` still works."""
    st = os.stat(path)
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        kind = "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        raise _fail("TL007", path, f"{path} is {kind}, not a regular file",
                    "give a JSON report file written by `treatylang check --format json`")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, encoding="utf-8", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def load(path: str) -> dict:
    """The report document in `path`, checked to be one the renderers read."""
    try:
        text = _read_text(path)
    except FileNotFoundError:
        raise _fail("TL001", "<command line>", f"no such file: {path}", "give the path of a saved JSON report") from None
    except (OSError, UnicodeDecodeError) as e:
        why = "not UTF-8" if isinstance(e, UnicodeDecodeError) else (e.strerror or type(e).__name__)
        raise _fail("TL002", path, f"cannot read {path}: {why}", "give a JSON report written by `check`") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise _fail("TL050", path, f"not JSON: {e.msg}", "write one with `treatylang check … --format json > RUN.json`",
                    e.lineno, e.colno) from None
    except RecursionError:  # `[[[[…]]]]` nested deeper than the parser's stack
        raise _fail("TL050", path, "not a JSON report: its values are nested too deeply to read",
                    "write one with `treatylang check … --format json > RUN.json`") from None
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith("1.") or not isinstance(doc.get("checks"), list):
        raise _fail("TL051", path, "not a treatylang report: no `schema_version` 1.x and `checks`",
                    "give a report written by `treatylang check --format json`")
    if not doc["checks"]:  # `check` always writes one per timeline; an empty list renders nothing
        raise _fail("TL052", path, "the report holds no check (`checks` is empty)",
                    "give a report written by `treatylang check --format json`")
    for i, check in enumerate(doc["checks"]):
        try:
            ok = all(all(k in v for k in _NEEDED) for v in check["verdicts"]) and "rollup" in check
        except (TypeError, KeyError):
            ok = False
        if not ok:
            raise _fail("TL052", path, f"check {i + 1} of the report lacks what rendering needs "
                        f"(schema {version}; rendering needs 1.1 or later, unedited)",
                        "run `treatylang check … --format json` again with this version")
    return doc


def render(doc: dict, fmt: str, path: str = "<report>") -> str:
    """The report document rendered in `fmt`, as one string (a document
    edited into the wrong shape is TL052, never a traceback)."""
    from . import write_document

    out = io.StringIO()
    try:
        write_document(doc, fmt, out)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, ArithmeticError, RecursionError) as e:
        raise _fail("TL052", path, f"the report does not have the shape schema {doc.get('schema_version')} gives "
                    f"it ({type(e).__name__}: {e})", "validate it against docs/report.schema.json") from None
    return out.getvalue()
