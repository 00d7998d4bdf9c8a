"""Large hostile inputs, generated cheaply instead of stored: compression
bombs built from one repeated deflate block (a full flush makes each block
independent of what came before, so one compressed block stands for any
number of copies of its input)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

CHUNK = 1 << 24  # 16 MiB of input per repeated block


def _deflate_repeated(prefix: bytes, fill: bytes, total: int, suffix: bytes, wbits: int) -> bytes:
    """The deflate stream of `prefix` + `total` bytes of `fill` + `suffix`
    (`total` a multiple of CHUNK)."""
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    chunk = fill * (CHUNK // len(fill))
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "deflate blocks after a full flush should not depend on earlier data"
    assert total % CHUNK == 0 and total >= 2 * CHUNK
    return head + block * (total // CHUNK) + c.compress(suffix) + c.flush()


def _crc(prefix: bytes, fill: bytes, total: int, suffix: bytes) -> int:
    chunk = fill * (CHUNK // len(fill))
    crc = zlib.crc32(prefix)
    for _ in range(total // CHUNK):
        crc = zlib.crc32(chunk, crc)
    return zlib.crc32(suffix, crc)


def gzip_one_line(path: Path, prefix: bytes, line_bytes: int, suffix: bytes, fill: bytes = b"a",
                  crc: bool = True) -> Path:
    """A gzip file: `prefix`, one line of `line_bytes` bytes of `fill`, then
    `suffix`. With `crc=False` the trailer's CRC is 0 (computing it for
    gigabytes takes seconds): a reader that gets that far reports a damaged
    file."""
    data = _deflate_repeated(prefix, fill, line_bytes, suffix, 31)
    # wbits=31 wrote a gzip header, and a trailer for what compressobj saw (two
    # copies of the block): replace it; the bomb tests stop before it anyway.
    data = data[:-8] + struct.pack("<II", _crc(prefix, fill, line_bytes, suffix) if crc else 0, (len(prefix) + line_bytes + len(suffix)) & 0xFFFFFFFF)
    path.write_bytes(data)
    return path


def zip_one_line(path: Path, name: str, prefix: bytes, line_bytes: int, suffix: bytes, fill: bytes = b"a",
                 crc: bool = True) -> Path:
    """A zip archive of one deflated member, like `gzip_one_line`."""
    body = _deflate_repeated(prefix, fill, line_bytes, suffix, -15)
    c = _crc(prefix, fill, line_bytes, suffix) if crc else 0
    size = len(prefix) + line_bytes + len(suffix)
    assert size < 1 << 32 and len(body) < 1 << 32
    fname = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, c, len(body), size, len(fname), 0) + fname
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, c, len(body), size, len(fname),
                          0, 0, 0, 0, 0, 0) + fname
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(body), 0)
    path.write_bytes(local + body + central + end)
    return path
