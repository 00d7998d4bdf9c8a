"""GDELT event exports: tab-separated, no header, one event per line.

Three layouts share their first 35 columns (ids, date, both actors, the
event code and its scores) and differ after them:

=============  =======  ==========================================================
format         columns  what changes
=============  =======  ==========================================================
gdelt1-back    57       GDELT 1.0 back-file (1979 – March 2013): no SOURCEURL
gdelt1         58       GDELT 1.0 daily files (April 2013 –): adds SOURCEURL
gdelt2         61       GDELT 2.0: an ADM2Code in each of the three geo blocks
=============  =======  ==========================================================

What an event takes from a row (0-based column numbers):

* day: SQLDATE (1), YYYYMMDD;
* actor / target: Actor1CountryCode (7) / Actor2CountryCode (17), CAMEO /
  ISO alpha-3 codes. When one is empty but Actor1Code (5) / Actor2Code (15)
  starts with a state's code (``IRNGOV`` → ``IRN``), that is used. The
  *Geo_CountryCode columns are FIPS 10-4 (``RS`` = Russia, ``IR`` = Iran)
  and are never used for actors. No actor → skipped (``no_actor``); no target
  → the event is kept with ``target=None``.
* code: EventCode (26), a string (``"040"``); ``---`` → skipped
  (``no_code``); a code not in the codebook → bad row TL503.
* attributes: ``actor_code`` / ``target_code`` (the full CAMEO actor codes),
  ``num_mentions`` (31), ``goldstein`` (30), ``quad_class`` (29) and
  ``date_added`` (DATEADDED: when GDELT first saw the story — compare it with
  the day to spot anniversaries reported as news).
* provenance: ``GLOBALEVENTID`` (0) as an id, SOURCEURL (last column) as the
  source.

The reader's date, actor and mention filters are applied here, before an
Event is built, since most rows of a big export fail them.

The loop is kept lean on purpose (one split, dictionary look-ups, no regex):
it is the path a million-row file takes.
"""

from __future__ import annotations

from typing import Iterator

from .cameo import UNCODED, codebook
from .countries import state_codes
from .files import Source
from .model import Event, Provenance
from .rows import Context, bad_row, field_col, not_utf8, parse_yyyymmdd

LAYOUTS = {"gdelt1-back": 57, "gdelt1": 58, "gdelt2": 61}
NAMES = {57: "GDELT 1.0 back-file", 58: "GDELT 1.0 daily", 61: "GDELT 2.0"}

C_ID, C_DATE, C_A1CODE, C_A1COUNTRY, C_A2CODE, C_A2COUNTRY = 0, 1, 5, 7, 15, 17
C_EVENTCODE, C_QUAD, C_GOLDSTEIN, C_MENTIONS = 26, 29, 30, 31


def _column_help(n: int, expected: int) -> str:
    other = NAMES.get(n)
    if other:
        return f"{n} columns is the {other} layout — read the file with `--events-format {_fmt_for(n)}`"
    return f"{NAMES[expected]} rows have {expected} tab-separated columns"


def _fmt_for(n: int) -> str:
    return next(k for k, v in LAYOUTS.items() if v == n)


def make_parser(fmt: str):
    ncols = LAYOUTS[fmt]
    ntabs = ncols - 1
    has_url = ncols >= 58

    def parse(source: Source, ctx: Context) -> Iterator[object]:
        book = codebook()
        known = book.codes
        states = state_codes()
        file = ctx.file
        dates: dict[str, object] = {}
        prefix_country: dict[str, str] = {}  # Actor*Code -> its country prefix or ''
        _Event, _Prov = Event, Provenance
        date_from, date_to, actors, min_mentions = ctx.date_from, ctx.date_to, ctx.actors, ctx.min_mentions
        n = 0
        try:
            for raw in source.lines():
                n += 1
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    t = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                    yield not_utf8(ctx, n, t, err)
                    continue
                # The line end stays on the text (it ends the last field, which
                # is sliced off separately): one copy fewer per row.
                if n == 1 and text[:1] == "\ufeff":
                    text = text[1:]
                if text.count("\t") != ntabs:
                    if not text.strip():
                        yield "blank"
                        continue
                    last = text[-1:] != "\n"
                    text = text.rstrip("\r\n")
                    got = text.count("\t") + 1
                    if last:
                        yield bad_row(ctx, "TL505", f"truncated last line: {got} of {ncols} columns and no line end", n, text,
                                      help="the file ends in the middle of a row — was the download interrupted?")
                    else:
                        yield bad_row(ctx, "TL501", f"wrong number of columns: {got}, expected {ncols} ({NAMES[ncols]})",
                                      n, text, help=_column_help(got, ncols))
                    continue
                f = text.split("\t", 35)
                code = f[C_EVENTCODE]
                if code not in known:
                    if code == UNCODED or not code:
                        yield "no_code"
                        continue
                    yield bad_row(ctx, "TL503", f"unknown CAMEO code `{code}`", n, text.rstrip("\r\n"),
                                  col=field_col(f, C_EVENTCODE), width=len(code), help=book.suggest(code))
                    continue
                sd = f[C_DATE]
                day = dates.get(sd)
                if day is None:
                    day = parse_yyyymmdd(sd)
                    if day is None:
                        yield bad_row(ctx, "TL502", f"bad date `{sd}` in SQLDATE", n, text.rstrip("\r\n"),
                                      col=field_col(f, C_DATE), width=max(1, len(sd)),
                                      help="SQLDATE is the event's day as YYYYMMDD, e.g. 20191024")
                        continue
                    dates[sd] = day
                a_code = f[C_A1CODE]
                actor = f[C_A1COUNTRY]
                if not actor:
                    actor = prefix_country.get(a_code)
                    if actor is None:
                        actor = prefix_country[a_code] = a_code[:3] if a_code[:3] in states else ""
                    if not actor:
                        yield "no_actor"
                        continue
                t_code = f[C_A2CODE]
                target = f[C_A2COUNTRY]
                if not target:
                    target = prefix_country.get(t_code)
                    if target is None:
                        target = prefix_country[t_code] = t_code[:3] if t_code[:3] in states else ""
                # The filters, in EventReader's order, after the row's own skip reasons.
                if date_from is not None and day < date_from:
                    yield "before_from"
                    continue
                if date_to is not None and day > date_to:
                    yield "after_to"
                    continue
                if actors is not None and actor not in actors and target not in actors:
                    yield "actor_filter"
                    continue
                if min_mentions is not None and (int(f[C_MENTIONS]) if f[C_MENTIONS].isdigit() else 0) < min_mentions:
                    yield "min_mentions"
                    continue
                rest = f[35]
                i = rest.rfind("\t")
                if has_url:
                    url = rest[i + 1 :].rstrip("\r\n") or None
                    added = rest[rest.rfind("\t", 0, i) + 1 : i]
                else:
                    url = None
                    added = rest[i + 1 :].rstrip("\r\n")
                if a_code:
                    if t_code:
                        attrs = (("actor_code", a_code), ("date_added", added), ("goldstein", f[C_GOLDSTEIN]),
                                 ("num_mentions", f[C_MENTIONS]), ("quad_class", f[C_QUAD]), ("target_code", t_code))
                    else:
                        attrs = (("actor_code", a_code), ("date_added", added), ("goldstein", f[C_GOLDSTEIN]),
                                 ("num_mentions", f[C_MENTIONS]), ("quad_class", f[C_QUAD]))
                else:
                    attrs = (("date_added", added), ("goldstein", f[C_GOLDSTEIN]), ("num_mentions", f[C_MENTIONS]),
                             ("quad_class", f[C_QUAD])) + ((("target_code", t_code),) if t_code else ())
                yield _Event(day, actor, target or None, code, None, attrs, None, "day", None, n,
                             _Prov(file, n, url, (("GLOBALEVENTID", f[C_ID]),)))
        finally:
            ctx.lines = n

    parse.__name__ = f"parse_{fmt.replace('-', '_')}"
    return parse


def sniff(lines: list[str]) -> str | None:
    """The GDELT layout of some first lines, or None: the most common column
    count among lines that look like GDELT rows (numeric id, 8-digit date)."""
    counts: dict[int, int] = {}
    for line in lines:
        if not line.strip():
            continue
        f = line.split("\t")
        if len(f) in NAMES and f[0].isdigit() and len(f[1]) == 8 and f[1].isdigit():
            counts[len(f)] = counts.get(len(f), 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], k))
    return _fmt_for(best)
