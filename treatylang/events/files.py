"""Opening an event file as a stream of byte lines: plain, gzip or zip.

Compression is recognised by its magic bytes, not by the file name (GDELT's
files are ``*.export.CSV.zip``; a renamed ``.gz`` still reads). A zip archive
must hold exactly one file, as GDELT's do (macOS `__MACOSX/` entries aside):
one with several is TL520 rather than a silent read of the first. A file named
`.gz` or `.zip` whose bytes are not that is TL002, as is an empty archive. Lines are *bytes*: each reader decodes every line on its own,
so one line that is not UTF-8 is one bad row, not a dead file.

Errors opening the file become diagnostics (TL001 not found, TL002 not
readable, TL007 not a regular file); nothing here raises a bare OSError at
the user.

Reading is bounded (treatylang.limits, docs/limits.md): a line longer than
`max_record_size` is never held whole — `lines()` yields a `LongLine` in its
place (a short excerpt; the reader makes it a TL530 bad row and reads on) —
and compressed data that expands more than `max_ratio` times (past
RATIO_GRACE bytes) stops the read with TL531, a defence against zip bombs.
"""

from __future__ import annotations

import gzip
import io
import os
import zipfile
import zlib
from typing import BinaryIO, Iterator

from .. import confine
from ..diagnostics import Diagnostic, DiagnosticError
from ..limits import RATIO_GRACE, current, size_text
from ..source import Span

EMPTY_ZIP_MAGIC = b"PK\x05\x06"
EMPTY_ZIP_HELP = "the archive is empty: zip the event file again, or give the file itself"
DAMAGED_HELP = "the file may be cut short or damaged: fetch or write it again"
BUFFER = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
EXCERPT = 120  # bytes of an over-long line kept for its diagnostic


def _zip_metadata(name: str) -> bool:
    """Entries an archiver adds beside the files (macOS resource forks), never event data."""
    return name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith("._")


def _shown_bytes(b: bytes) -> str:
    return " ".join(f"{x:02X}" for x in b) if b else "nothing (the file is empty)"


class TooCompressed(OSError):
    """The decompressed data outgrew `max_ratio` times the compressed bytes read."""


# Exceptions that mean "the bytes of this file cannot be read any further".
READ_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile, NotImplementedError)


class LongLine(bytes):
    """Stands for a line longer than the limit: its bytes are a short excerpt
    of the line with tabs and line ends escaped (so no reader can take it for
    a row of the right shape); `length` is the line's length in bytes, its
    line end not counted, and `eol` the line end it had (b"" at the end of
    the file)."""

    length: int
    eol: bytes

    def __new__(cls, head: bytes, length: int, eol: bytes) -> "LongLine":
        self = super().__new__(cls, head[:EXCERPT].replace(b"\\", b"\\\\").replace(b"\t", b"\\t")
                               .replace(b"\r", b"\\r").replace(b"\n", b"\\n"))
        self.length = length
        self.eol = eol
        return self


class _RatioGuard(io.RawIOBase):
    """Decompressed bytes, checked against the compressed bytes consumed so far."""

    def __init__(self, inner, consumed, what: str, max_ratio: int):
        self.inner, self.consumed, self.what, self.max_ratio = inner, consumed, what, max_ratio
        self.out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self.inner.readinto(b)
        if n:
            self.out += n
            if self.out > RATIO_GRACE and self.out > self.max_ratio * max(1, self.consumed()):
                raise TooCompressed(
                    f"the {self.what} data expands more than {self.max_ratio} times "
                    f"({size_text(self.out)} from {size_text(max(1, self.consumed()))} read)")
        return n or 0

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()


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
        lim = current()
        self.max_line = lim.max_record_size
        raw = confine.open_regular(self.path)
        self._raw = raw
        try:
            magic = raw.peek(4)[:4]
            self.size = os.fstat(raw.fileno()).st_size
            named = self.path.lower().rsplit("/", 1)[-1]
            if magic == EMPTY_ZIP_MAGIC:  # only the end-of-archive record: a zip of nothing
                raise file_error(self.path, "TL002", f"zip archive `{self.path}` holds no file", EMPTY_ZIP_HELP)
            if named.endswith((".gz", ".gzip")) and not magic.startswith(GZIP_MAGIC):
                raise file_error(self.path, "TL002", f"`{self.path}` is named .gz but is not gzip data (it does not "
                                 f"start with the gzip bytes 1F 8B but with {_shown_bytes(magic)})",
                                 "the download may be incomplete or an error page; if the file is plain text, "
                                 "rename it without .gz")
            if named.endswith(".zip") and not magic.startswith(b"PK"):
                raise file_error(self.path, "TL002", f"`{self.path}` is named .zip but is not a zip archive (it "
                                 f"does not start with `PK` but with {_shown_bytes(magic)})",
                                 "the download may be incomplete or an error page; if the file is plain text, "
                                 "rename it without .zip")
            if magic.startswith(GZIP_MAGIC):
                self.compression = "gzip"
                inner = gzip.GzipFile(fileobj=raw, mode="rb")
                self._stream = io.BufferedReader(self._guard(inner, raw.tell, lim.max_ratio), BUFFER)
            elif magic == ZIP_MAGIC:
                self.compression = "zip"
                self._zip = zipfile.ZipFile(raw)
                members = [i for i in self._zip.infolist() if not i.is_dir() and not _zip_metadata(i.filename)]
                if not members:
                    raise file_error(self.path, "TL002", f"zip archive `{self.path}` holds no file", EMPTY_ZIP_HELP)
                if len(members) > 1:
                    # Reading the first member only would drop the others' rows without a word.
                    names = ", ".join(f"`{m.filename}`" for m in members[:4]) + (", …" if len(members) > 4 else "")
                    raise file_error(self.path, "TL520", f"zip archive `{self.path}` holds {len(members)} files "
                                     f"({names}); an event file is one file",
                                     "unzip it and give the files one at a time (`treatylang events a.csv`, "
                                     "`--events a.csv`), or zip each file on its own")
                m = members[0]
                if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                           zipfile.ZIP_LZMA):
                    raise file_error(self.path, "TL002", f"zip archive `{self.path}`: its member uses compression "
                                     f"method {m.compress_type}, which cannot be read",
                                     "re-pack the archive with deflate (the usual zip compression), or unpack it")
                self.member = m.filename
                self.size = m.file_size
                entry = self._zip.open(m)
                # The archive's file position is the start of the member plus the compressed bytes read.
                self._stream = io.BufferedReader(self._guard(entry, raw.tell, lim.max_ratio)
                                                 if m.compress_type != zipfile.ZIP_STORED else entry, BUFFER)
            else:
                self._stream = raw
        except DiagnosticError:
            self.close()
            raise
        except READ_ERRORS as e:
            self.close()
            raise file_error(self.path, "TL002", f"`{self.path}` cannot be read as {self.compression} data: {e}",
                             DAMAGED_HELP) from None

    def _guard(self, inner, consumed, max_ratio: int):
        return _RatioGuard(inner, consumed, self.compression, max_ratio) if max_ratio else inner

    def lines(self) -> Iterator[bytes]:
        """The file's lines as bytes, line ends included (the last may lack one);
        a line longer than the limit comes as a `LongLine`."""
        assert self._stream is not None
        if not self.max_line:
            return iter(self._stream)
        return self._bounded_lines(self._stream.readline, self.max_line)

    @staticmethod
    def _bounded_lines(readline, limit: int) -> Iterator[bytes]:
        while True:
            line = readline(limit + 1)
            if len(line) <= limit:
                if not line:
                    return
                yield line
                continue
            if line[-1:] == b"\n":
                yield line  # exactly `limit` bytes and its line end
                continue
            # Over the limit: keep an excerpt, skip the rest of the line in pieces.
            head, length = line, len(line)
            while line[-1:] != b"\n":
                line = readline(BUFFER)
                if not line:
                    break
                length += len(line)
            eol = b"\r\n" if line[-2:] == b"\r\n" else b"\n" if line[-1:] == b"\n" else b""
            yield LongLine(head, length - len(eol), eol)

    def head(self, n: int = 1 << 16) -> bytes:
        """Up to `n` bytes from the start (decompressed), for format detection.
        Only call on a fresh source that will not be iterated afterwards."""
        assert self._stream is not None
        try:
            return self._stream.read(n)
        except READ_ERRORS as e:
            raise file_error(self.path, "TL002", f"`{self.path}` cannot be read: {e}", DAMAGED_HELP) from None

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
