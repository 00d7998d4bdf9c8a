"""The options that widen or tighten the reading limits (docs/limits.md).

They are accepted before the command (`treatylang --allow-read DIR check …`)
and after it (`treatylang check --allow-read DIR …`): the subcommand parsers
get them with SUPPRESS defaults, so a value given before the command is not
reset by the subcommand's parser.

`treatylang.limits` is a leaf module (no parser, no model): importing it
while the parser is built keeps `--version` fast. Commands apply the limits
through the public API (`treatylang.api.use_limits`).
"""

from __future__ import annotations

import argparse
import re

from .. import limits

_SIZE = re.compile(r"^\s*(\d{1,15})\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def size(text: str) -> int:
    """`16M`, `1GiB`, `65536` → bytes (0: no limit)."""
    m = _SIZE.match(text)
    if not m:
        raise argparse.ArgumentTypeError(f"`{text}` is not a size (e.g. 65536, 512K, 16M, 1G; 0 for no limit)")
    return int(m.group(1)) * _UNITS[(m.group(2) or "")[:1].lower()]


def ratio(text: str) -> int:
    if not text.strip().isdecimal() or len(text.strip()) > 9:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number (0 for no limit)")
    return int(text)


def add_options(p: argparse.ArgumentParser, suppress: bool) -> None:
    d = limits.Limits()
    g = p.add_argument_group("reading limits (docs/limits.md)")

    def default(v):
        return argparse.SUPPRESS if suppress else v

    g.add_argument("--allow-read", metavar="DIR", action="append", default=default([]), dest="allow_read",
                   help="a folder that imports and scenario `check` paths may also read from (repeatable)")
    g.add_argument("--max-file-size", metavar="BYTES", type=size, default=default(d.max_file_size),
                   dest="max_file_size",
                   help=f"largest clause or scenario file read (default {limits.size_text(d.max_file_size)}; 0: none)")
    g.add_argument("--max-record-size", metavar="BYTES", type=size, default=default(d.max_record_size),
                   dest="max_record_size",
                   help=f"longest event-file line or record read (default {limits.size_text(d.max_record_size)}; "
                        "0: none)")
    g.add_argument("--max-ratio", metavar="N", type=ratio, default=default(d.max_ratio), dest="max_ratio",
                   help=f"largest decompression ratio of a .gz/.zip event file (default {d.max_ratio}; 0: none)")


def from_args(args: argparse.Namespace) -> limits.Limits:
    d = limits.Limits()
    return limits.Limits(
        max_file_size=getattr(args, "max_file_size", d.max_file_size),
        max_record_size=getattr(args, "max_record_size", d.max_record_size),
        max_ratio=getattr(args, "max_ratio", d.max_ratio),
        allow_read=tuple(getattr(args, "allow_read", None) or ()),
    )
