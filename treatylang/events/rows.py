"""What every format reader shares: the parse context, bad-row diagnostics,
decoded lines, and the reasons a row can be skipped.

A format reader is a generator ``parse(source, ctx)`` that yields one
*outcome* per record of the file (a record is a line for the line-oriented
formats, an element for a JSON array):

* an `Event`, or a list of them (a PLOVER record with two actors);
* a `str`, one of the `SKIP_REASONS` keys: the record is not an event and is
  not an error (a header, a blank line, an actor that is not a state…);
* a `Diagnostic`: a bad record (TL5xx), reported with file:line:col.

`EventReader` counts the outcomes, so that events + skipped + bad = records.
"""

from __future__ import annotations

import datetime as _dt
from typing import Callable, Iterator

from attrs import define, field

from ..diagnostics import Diagnostic
from ..limits import current, size_text
from ..source import Span
from .files import LongLine, Source

# Reason key -> the explanation shown in reports. Reader-level reasons (the
# filters and dedupe) are here too, so a report can explain every count.
SKIP_REASONS: dict[str, str] = {
    "blank": "blank line",
    "header": "header line",
    "no_actor": "no usable actor: the acting side is not a state",
    "no_code": "no event code (GDELT's `---`, or an empty code with no action)",
    "document": "a PLOVER DOCUMENT record (it documents the file; it is not an event)",
    "before_from": "dated before --from",
    "after_to": "dated after --to",
    "actor_filter": "neither actor nor target is one of the --actor codes",
    "min_mentions": "fewer mentions than --min-mentions",
    "duplicate": "the same (day, actor, target, code) as an earlier row: merged into it (dedupe)",
}

# Where a reason means something particular to a family of formats.
_FORMAT_DETAIL: dict[tuple[str, str], str] = {
    ("gdelt", "no_actor"): "Actor1CountryCode is empty and Actor1Code does not start with a state's code "
                           "(an unnamed government, police, rebels…)",
    ("icews", "no_actor"): "Source Country is empty (an international organisation, a group with no country)",
    ("plover", "no_actor"): "no actor code is a state's (IGO, NGO, regions…)",
    ("gdelt", "no_target"): "Actor2CountryCode is empty and Actor2Code does not start with a state's code",
    ("icews", "no_target"): "Target Country is empty",
    ("plover", "no_target"): "no recipient, or none that is a state",
    ("csv", "no_target"): "the target is empty",
    ("jsonl", "no_target"): "the target is null or absent",
}

# Counted facts about good rows that an analyst should know (ReadReport.notes).
NOTES: dict[str, str] = {
    "ussr_as_rus": "events before 1992 that name RUS: GDELT codes the Soviet Union as RUS, so these are about "
                   "the USSR (SUN)",
    "code_zero_restored": "CAMEO codes that had lost their leading zero to a number type (40 for 040), restored "
                          "where the data decides it (GDELT's EventRootCode, ICEWS's Event Text)",
    "sub_national": "actors or targets named by a place inside a state (Bavaria, Gaza): not a state, so no actor / "
                    "no target",
    "missing_country": "actor or target country written as a missing-value marker (NA, NULL): no actor / no target",
}

NO_TARGET_NOTE = "kept with target=None: the event has an actor but no target that is a state"


def family(fmt: str) -> str:
    """``gdelt2`` → ``gdelt``, ``plover-jsonl`` → ``plover``."""
    for f in ("gdelt", "plover"):
        if fmt.startswith(f):
            return f
    return fmt


def explain(reason: str, fmt: str = "") -> str:
    """The explanation of a skip reason (or ``no_target``), for a format."""
    base = NO_TARGET_NOTE if reason == "no_target" else SKIP_REASONS.get(reason, reason)
    detail = _FORMAT_DETAIL.get((family(fmt), reason))
    return f"{base} — {detail}" if detail else base


@define
class Context:
    """Per-file state a format reader needs and reports back."""

    file: str  # the name shown in diagnostics and provenance
    lines: int = 0  # physical lines read, set by the reader as it goes
    # Filters a format reader may apply early, before building an Event (the
    # GDELT reader does: most rows of a big export fail them). A reader that
    # applies one yields the same skip reason EventReader would, checking in
    # the same order: dates, then actors, then mentions.
    date_from: _dt.date | None = None
    date_to: _dt.date | None = None
    actors: frozenset[str] | None = None
    min_mentions: int | None = None
    # What a reader tells the report besides outcomes: rows per layout (a
    # GDELT file may mix them), counted notes (see NOTES), and how a header
    # was mapped onto a layout (None: the published layout as it is).
    layouts: dict[str, int] = field(factory=dict)
    notes: dict[str, int] = field(factory=dict)
    mapping: str | None = None
    # A check of a finished event's attribute values (plain CSV/JSONL rows,
    # where the analyst writes them): None when they fit, else (attribute,
    # message, help) and the row is bad (TL513). Set by `check`, which knows
    # the actions' declared types (treatylang.check.values).
    validate: Callable[[object], tuple[str, str, str | None] | None] | None = None


def bad_row(
    ctx: Context,
    code: str,
    message: str,
    line: int,
    text: str,
    col: int = 1,
    width: int = 0,
    help: str | None = None,
) -> Diagnostic:
    """A bad-row diagnostic: `col`/`width` underline a field (whole row by default).
    For a record spanning lines (a quoted CSV field) the snippet is its first line."""
    if "\n" in text:
        text = text.split("\n", 1)[0].rstrip("\r")
    end = col + width if width > 0 else max(2, len(text) + 1)
    return Diagnostic(code, message, Span(ctx.file, line, col, line, end), snippet=text, help=help)


def field_col(fields: list[str], index: int, sep_width: int = 1) -> int:
    """1-based column where field `index` starts in a row split into `fields`."""
    return 1 + sum(len(f) for f in fields[:index]) + sep_width * index


def decode_line(raw: bytes) -> tuple[str, str, UnicodeDecodeError | None]:
    """``(text without its line end, the line end, decode error or None)``.

    A line that is not UTF-8 is decoded with replacement characters, so the
    row can still be shown in its diagnostic."""
    try:
        text = raw.decode("utf-8")
        err = None
    except UnicodeDecodeError as e:
        text = raw.decode("utf-8", errors="replace")
        err = e
    if text.endswith("\r\n"):
        return text[:-2], "\r\n", err
    if text.endswith("\n"):
        return text[:-1], "\n", err
    return text, "", err


class TooLong:
    """In place of a decode error from `text_lines`: the line was longer than
    the limit, and its text is only an excerpt (see `files.LongLine`)."""

    __slots__ = ("length", "object")

    def __init__(self, raw: LongLine):
        self.length = raw.length
        self.object = bytes(raw)


def text_lines(source: Source, ctx: Context) -> Iterator[tuple[int, str, str, UnicodeDecodeError | TooLong | None]]:
    """``(line number, text, line end, decode error)`` for every line; strips a
    UTF-8 byte-order mark from the first line. A line over the length limit
    comes with a `TooLong` as its error and an excerpt as its text: readers
    pass every error to `not_utf8`, which makes the right bad row of it."""
    n = 0
    for raw in source.lines():
        n += 1
        ctx.lines = n
        if type(raw) is LongLine:
            yield n, raw.decode("utf-8", errors="replace"), raw.eol.decode("ascii"), TooLong(raw)
            continue
        text, eol, err = decode_line(raw)
        if n == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield n, text, eol, err


def too_long(ctx: Context, line: int, excerpt: str, length: int) -> Diagnostic:
    """TL530: a line or record longer than the limit (counted, not read)."""
    limit = current().max_record_size
    return bad_row(ctx, "TL530", f"record of {size_text(length)} is longer than the limit, {size_text(limit)}; "
                   "it is not read", line, excerpt, width=1,
                   help="raise the limit with `--max-record-size BYTES` (0 for none) if records are meant to be "
                        "this long")


def not_utf8(ctx: Context, line: int, text: str, err: UnicodeDecodeError | TooLong) -> Diagnostic:
    """TL504 for a line with bytes that are not UTF-8, pointing at the first one
    (or TL530 for a line over the length limit)."""
    if isinstance(err, TooLong):
        return too_long(ctx, line, text, err.length)
    # err.start is a byte offset; the replacement text has one char per bad run,
    # so the column is the count of characters decoded before it, plus one.
    col = len(err.object[: err.start].decode("utf-8", errors="replace")) + 1
    return bad_row(
        ctx,
        "TL504",
        f"bytes that are not UTF-8 ({err.object[err.start:err.start + 4]!r}…) — the row is not read",
        line,
        text,
        col=col,
        width=1,
        help="event files must be UTF-8; re-encode the file (e.g. `iconv -f latin1 -t utf-8`)",
    )


# --- values shared by several formats ------------------------------------------------


def parse_yyyymmdd(s: str) -> _dt.date | None:
    """``20191024`` → date, or None when it is not a real YYYYMMDD date."""
    if len(s) != 8 or not s.isdigit() or not "0001" <= s[:4] <= "9998":
        return None
    try:
        return _dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None


def valid_time(s: str) -> bool:
    """``HH:MM`` or ``HH:MM:SS`` on a 24-hour clock."""
    parts = s.split(":")
    if len(parts) not in (2, 3) or not all(len(p) == 2 and p.isdecimal() for p in parts):
        return False
    h, m = int(parts[0]), int(parts[1])
    sec = int(parts[2]) if len(parts) == 3 else 0
    return h < 24 and m < 60 and sec < 60
