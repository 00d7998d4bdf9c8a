"""Loading clause files: read each file once, parse it, follow its imports
(relative to the importing file), detect cycles. Problems are collected, not
raised, so one run reports every file's errors.

Imports are confined (treatylang.confine): an import must resolve, symlinks
followed, under the importing file's folder, the folder of the file named on
the command line it was reached from, the shipped instruments or an
`--allow-read` folder; anything else is TL008 and is not read."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .. import confine
from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span, line_of
from ..syntax import ast as A
from ..syntax import parse_text, read_source


SHIPPED_PREFIX = "treatylang:"


def shipped_file(name: str) -> str | None:
    """The path of a clause file shipped in treaties/ (`vocabulary.tl`), or None."""
    try:
        entry = resources.files("treatylang.treaties").joinpath(name)
    except ModuleNotFoundError:  # pragma: no cover - broken install
        return None
    if "/" in name or not name.endswith(".tl"):
        return None
    try:
        return str(entry) if entry.is_file() else None
    except (OSError, ValueError):  # a name too long for the system, a NUL byte (found by the fuzzer)
        return None


def import_target(importer: str, written: str) -> str:
    """The file an `import "…"` names: `treatylang:NAME` is a clause file
    shipped with treatylang (`import "treatylang:vocabulary.tl"` works from
    any folder, after `pip install`); anything else is relative to the
    importing file."""
    if written.startswith(SHIPPED_PREFIX):
        name = written[len(SHIPPED_PREFIX):]
        return shipped_file(name) or str(Path("<shipped>") / name)
    return str(Path(importer).parent / written)


def _import_help(written: str) -> str:
    if written.startswith(SHIPPED_PREFIX):
        return "`treatylang:NAME` names a clause file shipped with treatylang, e.g. `treatylang:vocabulary.tl`"
    name = Path(written).name
    if shipped_file(name):
        return (f"import paths are relative to the importing file; to import the shipped `{name}`, write "
                f"`import \"{SHIPPED_PREFIX}{name}\"`")
    return "import paths are relative to the importing file"


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

    def __init__(self, overlay: dict[str, str] | None = None) -> None:
        super().__init__()
        self.files: list[str] = []
        self.asts: list[tuple[str, A.File]] = []
        # Texts that stand in for files on disk (an editor's unsaved buffers),
        # keyed by resolved path.
        self.overlay = {_key(k): v for k, v in (overlay or {}).items()}

    def load(self, path: str, stack: tuple[str, ...] = (), via: A.Import | None = None,
             root: str | None = None) -> None:
        """Load `path` and what it imports. `via` is the import that names it
        (None for a file named by the user); `root` the folder of the
        user-named file the chain of imports started from."""
        try:
            key = str(Path(path).resolve())
        except (ValueError, OSError, RuntimeError) as e:  # a NUL byte, a loop of symlinks…
            span = via.span if via is not None else Span(str(path), 1, 1, 1, 2)
            self.diag("TL210" if via is not None else "TL002", f"cannot use the path {path!r}: {e}", span)
            return
        if via is None:
            root = str(Path(key).parent)
        else:
            importer = str(Path(stack[-1]).parent) if stack else None
            if not confine.permitted(path, [importer, root]):
                self.problems.append(confine.outside(f"import `{via.path}`", via.span, [importer, root],
                                                     line_of(self.texts.get(via.span.file, ""), via.span.line)))
                return
        if key in stack:
            cycle = " → ".join(Path(p).name for p in stack[stack.index(key):] + (key,))
            assert via is not None
            self.diag("TL211", f"import cycle: {cycle}", via.span, "move the shared declarations into a file both import")
            return
        if key in self.files:
            return
        try:
            text = self.overlay[key] if key in self.overlay else read_source(path)
        except DiagnosticError as e:
            if via is not None:
                inner = e.diagnostics[0]
                # Too large / not a regular file keep their own code; the rest is "import not found".
                code = inner.code if inner.code in ("TL006", "TL007") else "TL210"
                self.diag(code, f"cannot import `{via.path}`: {inner.message}", via.span,
                          inner.help if code != "TL210" else _import_help(via.path))
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
        if not tree.items:
            self.diag("TL125", f"{Path(path).name} declares nothing" + (" (it is empty)" if not text.strip() else ""),
                      Span(str(path), 1, 1, 1, 2),
                      "a clause file declares an `instrument`, or actions, situations and types to import")
        for item in tree.items:
            if isinstance(item, A.Import):
                self.load(import_target(path, item.path), stack + (key,), item, root)
        self.asts.append((str(path), tree))



def _key(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (ValueError, OSError):
        return str(path)
