"""Reading input files safely: only regular files, never more than the size
limit, and — for a file named inside another file (an `import`, a scenario's
`check "path"`) — only from the folders that file may read (docs/limits.md).

A file named on the command line is what the user asked for and is read as
named. A file named *inside* a file was chosen by whoever wrote that file,
who may not be the user: it must resolve, symlinks followed, to a place under

* the folder of the file that names it, or of the file named on the command
  line that led to it (`root`),
* the shipped instruments (`treaties/`),
* a folder given with `--allow-read DIR` (`Limits.allow_read`).

Every failure is a diagnostic (TL001/TL002/TL006/TL007/TL008), never an
OSError, and never echoes the refused file.
"""

from __future__ import annotations

import errno
import os
import stat
from functools import lru_cache
from pathlib import Path

from . import limits as _limits
from .diagnostics import Diagnostic, DiagnosticError
from .source import Span


def exists(path: str | os.PathLike) -> bool:
    """Whether `path` names something, False for a name the system refuses
    (too long, a NUL byte) rather than an exception."""
    try:
        return os.path.exists(path)
    except (OSError, ValueError):
        return False


def is_file(path: str | os.PathLike) -> bool:
    """`os.path.isfile`, False instead of an exception."""
    try:
        return os.path.isfile(path)
    except (OSError, ValueError):
        return False


def real(path: str | os.PathLike) -> Path | None:
    """The absolute path with every symlink resolved, or None when it cannot
    be worked out (a loop of links, a name the system refuses)."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=None)
def shipped_root() -> Path | None:
    """The folder of the shipped clause files, symlinks resolved."""
    try:
        from importlib import resources

        return real(str(resources.files("treatylang.treaties")))
    except Exception:  # pragma: no cover - a broken install
        return None


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def permitted(path: str | os.PathLike, folders: list[str | os.PathLike | None]) -> bool:
    """Whether `path`, symlinks resolved, lies under one of `folders` (also
    resolved), the shipped instruments, or a folder of `--allow-read`."""
    target = real(path)
    if target is None:
        return False
    roots = [f for f in folders if f is not None] + list(_limits.current().allow_read)
    for f in roots:
        r = real(f)
        if r is not None and _under(target, r):
            return True
    ship = shipped_root()
    return ship is not None and _under(target, ship)


def outside(what: str, span: Span, folders: list[str | os.PathLike | None], snippet: str = "") -> Diagnostic:
    """TL008: `what` (e.g. "import `../x.tl`") resolves outside the folders it may read."""
    shown = ", ".join(str(f) for f in dict.fromkeys(str(real(f) or f) for f in folders if f is not None))
    return Diagnostic(
        "TL008", f"{what} is outside the folders this file may read ({shown} and the shipped instruments)", span,
        snippet, help="a file named inside a clause or scenario file must lie under the folder of the file naming it "
             "(symlinks followed); to allow another folder, pass `--allow-read DIR` (docs/limits.md)")


# Help lines of the file-access diagnostics (every diagnostic has one).
FOLDER_HELP = ("name a file inside the folder; only `lint` and `fmt` take a folder (they read the .tl and "
               ".scenario files under it)")
PERMISSION_HELP = "the file's permissions do not let you read it: check them with `ls -l`, or copy the file"
READ_ERROR_HELP = "the operating system refused to read the file: check the path and the disk"
MISSING_EVENTS_HELP = "check the path: a relative path is taken from the folder treatylang runs in"
EVENTS_FOLDER_HELP = ("an event file is one file (CSV, TSV, JSON, GDELT, ICEWS, PLOVER, Parquet, Arrow, or one of "
                      "them gzipped or zipped): name a file inside the folder")


def read_bytes(path: str | os.PathLike, shown: str | None = None, max_size: int | None = None) -> bytes:
    """The bytes of a regular file of at most `max_size` bytes (default: the
    run's `--max-file-size`), or a diagnostic: TL001 missing, TL002
    unreadable or a folder, TL006 too large, TL007 not a regular file (a
    FIFO, a device, a socket: reading those could block or never end)."""
    shown = str(path) if shown is None else shown
    span = Span(shown, 1, 1, 1, 2)
    limit = _limits.current().max_file_size if max_size is None else max_size

    def fail(code: str, message: str, help: str | None = None) -> DiagnosticError:
        return DiagnosticError([Diagnostic(code, message, span, help=help)])

    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer. It has no
        # effect on reading a regular file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise fail("TL001", f"no such file: {shown}", "check the path") from None
    except IsADirectoryError:
        raise fail("TL002", f"{shown} is a directory, not a file", FOLDER_HELP) from None
    except PermissionError:
        raise fail("TL002", f"cannot read {shown}: permission denied", PERMISSION_HELP) from None
    except (OSError, ValueError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        if isinstance(e, OSError) and e.errno == errno.ENAMETOOLONG:
            reason = "the name is too long"
        raise fail("TL002", f"cannot read {shown}: {reason}", READ_ERROR_HELP) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise fail("TL002", f"{shown} is a directory, not a file", FOLDER_HELP)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                    or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
            raise fail("TL007", f"{shown} is {kind}, not a regular file", "only regular files are read")
        if limit and st.st_size > limit:
            raise too_large(shown, span, limit)
        chunks, total = [], 0
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:  # pragma: no cover - not on a regular file
                break
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if limit and total > limit:  # the file grew while being read
                raise too_large(shown, span, limit)
        return b"".join(chunks)
    except OSError as e:
        raise fail("TL002", f"cannot read {shown}: {e.strerror or e}", READ_ERROR_HELP) from None
    finally:
        os.close(fd)


def too_large(shown: str, span: Span, limit: int) -> DiagnosticError:
    return DiagnosticError([Diagnostic(
        "TL006", f"{shown} is larger than {_limits.size_text(limit)}, the limit for one file", span,
        help="raise it with `--max-file-size BYTES` (0 for no limit) if the file is meant to be this big")])


def open_regular(path: str | os.PathLike, shown: str | None = None):
    """A binary file object on a regular file (for streaming event files), or
    the diagnostics of `read_bytes` (TL001/TL002/TL007)."""
    shown = str(path) if shown is None else shown
    span = Span(shown, 1, 1, 1, 2)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise DiagnosticError([Diagnostic("TL001", f"event file `{shown}` not found", span,
                                          help=MISSING_EVENTS_HELP)]) from None
    except IsADirectoryError:
        raise DiagnosticError([Diagnostic("TL002", f"`{shown}` is a folder, not an event file", span,
                                          help=EVENTS_FOLDER_HELP)]) from None
    except PermissionError:
        raise DiagnosticError([Diagnostic("TL002", f"`{shown}` cannot be read (permission denied)", span,
                                          help=PERMISSION_HELP)]) from None
    except (OSError, ValueError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise DiagnosticError([Diagnostic("TL002", f"`{shown}` cannot be read: {reason}", span,
                                          help=READ_ERROR_HELP)]) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DiagnosticError([Diagnostic("TL002", f"`{shown}` is a folder, not an event file", span,
                                              help=EVENTS_FOLDER_HELP)])
        if not stat.S_ISREG(st.st_mode):
            raise DiagnosticError([Diagnostic(
                "TL007", f"`{shown}` is not a regular file (a pipe, device or socket)", span,
                help="event files are read twice when not in time order, and a pipe cannot be: "
                     "write the data to a file first")])
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=1 << 20)
    except BaseException:
        os.close(fd)
        raise
