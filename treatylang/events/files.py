"""Opening an event file as a stream of byte lines: plain, gzip or zip.

Compression is recognised by its magic bytes, not by the file name (GDELT's
files are ``*.export.CSV.zip``; a renamed ``.gz`` still reads). A zip archive
is read through its first member that is not a folder (GDELT archives hold
exactly one). Lines are *bytes*: each reader decodes every line on its own,
so one line that is not UTF-8 is one bad row, not a dead file.

Errors opening the file become diagnostics (TL001 not found, TL002 not
readable); nothing here raises a bare OSError at the user.
"""

from __future__ import annotations

import gzip
import io
import os
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from ..diagnostics import Diagnostic, DiagnosticError
from ..source import Span

BUFFER = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"

# Exceptions that mean "the bytes of this file cannot be read any further".
READ_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile)


def file_error(path: str, code: str, message: str, help: str | None = None) -> DiagnosticError:
    """A file-level diagnostic (line 1, no snippet), raised by the caller."""
    return DiagnosticError([Diagnostic(code, message, Span(path, 1, 1, 1, 2), help=help)])


class Source:
    """A readable event file. Iterate `lines()` once; `position()` and `size`
    give progress in bytes (compressed bytes for gzip, uncompressed for zip)."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self.compression = "none"
        self.member: str | None = None
        self._raw: BinaryIO | None = None
        self._stream: BinaryIO | None = None
        self._zip: zipfile.ZipFile | None = None
        p = Path(self.path)
        try:
            if not p.exists():
                raise file_error(self.path, "TL001", f"event file `{self.path}` not found")
            if p.is_dir():
                raise file_error(self.path, "TL002", f"`{self.path}` is a folder, not an event file")
            raw = open(p, "rb", buffering=BUFFER)
        except PermissionError:
            raise file_error(self.path, "TL002", f"`{self.path}` cannot be read (permission denied)") from None
        except DiagnosticError:
            raise
        except OSError as e:
            raise file_error(self.path, "TL002", f"`{self.path}` cannot be read: {e.strerror or e}") from None
        self._raw = raw
        try:
            magic = raw.peek(4)[:4]
            self.size = os.fstat(raw.fileno()).st_size
            if magic.startswith(GZIP_MAGIC):
                self.compression = "gzip"
                self._stream = io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"), BUFFER)  # type: ignore[arg-type]
            elif magic == ZIP_MAGIC:
                self.compression = "zip"
                self._zip = zipfile.ZipFile(raw)
                members = [i for i in self._zip.infolist() if not i.is_dir()]
                if not members:
                    raise file_error(self.path, "TL002", f"zip archive `{self.path}` holds no file")
                self.member = members[0].filename
                self.size = members[0].file_size
                self._stream = io.BufferedReader(self._zip.open(members[0]), BUFFER)  # type: ignore[arg-type]
            else:
                self._stream = raw
        except DiagnosticError:
            self.close()
            raise
        except READ_ERRORS as e:
            self.close()
            raise file_error(self.path, "TL002", f"`{self.path}` cannot be read as {self.compression} data: {e}") from None

    def lines(self) -> Iterator[bytes]:
        """The file's lines as bytes, line ends included (the last may lack one)."""
        assert self._stream is not None
        return iter(self._stream)

    def head(self, n: int = 1 << 16) -> bytes:
        """Up to `n` bytes from the start (decompressed), for format detection.
        Only call on a fresh source that will not be iterated afterwards."""
        assert self._stream is not None
        try:
            return self._stream.read(n)
        except READ_ERRORS as e:
            raise file_error(self.path, "TL002", f"`{self.path}` cannot be read: {e}") from None

    def peek(self, n: int = 1 << 16) -> bytes:
        """Up to `n` bytes from the current position, without consuming them
        (a reader looks at the first line to choose how to split the rest)."""
        assert self._stream is not None
        try:
            return self._stream.peek(n)[:n]  # type: ignore[attr-defined]
        except READ_ERRORS:
            return b""

    def position(self) -> int:
        """Bytes consumed so far, comparable with `size`."""
        try:
            if self.compression == "gzip":
                return self._raw.tell()  # type: ignore[union-attr]
            return self._stream.tell()  # type: ignore[union-attr]
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        for f in (self._stream, self._zip, self._raw):
            try:
                if f is not None:
                    f.close()
            except Exception:  # closing is best effort
                pass

    def __enter__(self) -> "Source":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
