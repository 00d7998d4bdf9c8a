"""Loading clause files: read each file once, parse it, follow its imports
(relative to the importing file), detect cycles. Problems are collected, not
raised, so one run reports every file's errors."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span, line_of
from ..syntax import ast as A
from ..syntax import parse_text, read_source


class Reporter:
    """Collects diagnostics with the source line they point at."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []
        self.texts: dict[str, str] = {}

    def diag(self, code: str, message: str, span: Span, help: str | None = None,
             crumbs: tuple[str, ...] = (), severity: str = "") -> None:
        self.problems.append(Diagnostic(code, message, span, line_of(self.texts.get(span.file, ""), span.line),
                                        help, crumbs, severity))

class FileSet(Reporter):
    """The clause files of one run: texts, ASTs in load order, problems."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []
        self.asts: list[tuple[str, A.File]] = []

    def load(self, path: str, stack: tuple[str, ...] = (), via: A.Import | None = None) -> None:
        try:
            key = str(Path(path).resolve())
        except (ValueError, OSError) as e:  # a NUL byte, a loop of symlinks…
            span = via.span if via is not None else Span(str(path), 1, 1, 1, 2)
            self.diag("TL210" if via is not None else "TL002", f"cannot use the path {path!r}: {e}", span)
            return
        if key in stack:
            cycle = " → ".join(Path(p).name for p in stack[stack.index(key):] + (key,))
            assert via is not None
            self.diag("TL211", f"import cycle: {cycle}", via.span, "move the shared declarations into a file both import")
            return
        if key in self.files:
            return
        try:
            text = read_source(path)
        except DiagnosticError as e:
            if via is not None:
                self.diag("TL210", f"cannot import `{via.path}`: {e.diagnostics[0].message}", via.span,
                          "import paths are relative to the importing file")
            else:
                self.problems.extend(e.diagnostics)
            return
        self.texts[str(path)] = text
        try:
            tree = parse_text(text, str(path))
        except DiagnosticError as e:
            self.problems.extend(e.diagnostics)
            self.files.append(key)
            return
        self.files.append(key)
        for item in tree.items:
            if isinstance(item, A.Import):
                self.load(str(Path(path).parent / item.path), stack + (key,), item)
        self.asts.append((str(path), tree))

