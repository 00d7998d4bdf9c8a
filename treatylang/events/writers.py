"""Writing events as plain CSV or JSON Lines — the inverse of the plain readers.

``read(write(events)) == events`` for events in the readers' normal form
(what the readers produce): the tests pin that round trip. Provenance is
kept as far as the plain formats can hold it: the ``id`` column takes the
``id`` identifier (or the only identifier, e.g. a GLOBALEVENTID) and
``source`` the source URL or citation.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Iterable, Sequence

from .model import Event, format_date

COLUMNS = ("date", "actor", "target", "code", "action", "id", "source", "time")


def _ident(e: Event) -> str:
    ids = e.provenance.ids
    for k, v in ids:
        if k == "id":
            return v
    return ids[0][1] if len(ids) == 1 else ""


def _row(e: Event) -> dict[str, str]:
    row = {
        "date": format_date(e),
        "actor": e.actor,
        "target": e.target or "",
        "code": e.code or "",
        "action": e.action or "",
        "id": _ident(e),
        "source": e.provenance.source or "",
        "time": e.time or "",
    }
    for k, v in e.attrs:
        if k in row:
            raise ValueError(f"attribute `{k}` has the name of a column")
        row[k] = v
    return row


def write_csv(events: Iterable[Event], out: IO[str], attr_names: Sequence[str] | None = None) -> int:
    """Write a header and one row per event to the text stream `out` (open it
    with ``newline=""``), as RFC 4180 CSV (CRLF line ends). Attribute columns are `attr_names` or, when not
    given, every attribute the events carry (which needs them in memory).
    Returns the number of events written."""
    if attr_names is None:
        events = list(events)
        attr_names = sorted({k for e in events for k, _ in e.attrs})
    # RFC 4180 line ends: with "\r\n" as the terminator the csv module quotes
    # any value holding "\r" or "\n" (with "\n" alone it would leave a bare
    # "\r" unquoted, and the value would not survive a round trip).
    w = csv.DictWriter(out, fieldnames=[*COLUMNS, *attr_names], lineterminator="\r\n", extrasaction="raise")
    w.writeheader()
    n = 0
    for e in events:
        w.writerow(_row(e))
        n += 1
    return n


def write_jsonl(events: Iterable[Event], out: IO[str]) -> int:
    """Write one JSON object per event to the text stream `out`; empty fields
    are left out. Returns the number of events written."""
    n = 0
    for e in events:
        obj = {k: v for k, v in _row(e).items() if v != ""}
        if e.target is None:
            obj["target"] = None
        out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n
