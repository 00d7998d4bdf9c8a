"""GDELT event exports: tab-separated, one event per line, header line optional.

Three layouts share their first 35 columns (ids, date, both actors, the
event code and its scores) and differ after them (see `layouts.py`):

=============  =======  ==========================================================
layout         columns  what changes
=============  =======  ==========================================================
gdelt1-back    57       GDELT 1.0 back-file (1979 – March 2013): no SOURCEURL
gdelt1         58       GDELT 1.0 daily files (April 2013 –): adds SOURCEURL
gdelt2         61       GDELT 2.0: an ADM2Code in each of the three geo blocks
=============  =======  ==========================================================

A file without a header is read **row by row by column count**, so a file
that concatenates daily (58) and back-file (57) rows reads whole; the report
counts the rows of each layout. A header line — the published names, or
BigQuery's ``GDELT.``-prefixed ones, any of the three layouts — is skipped
as a header (also where concatenated files repeat it), and its names decide
where each column is: a header that reorders, renames, adds or drops
columns is read through it (`gdelt_converter` takes the positions).

What an event takes from a row:

* day: SQLDATE, YYYYMMDD;
* actor / target: Actor1CountryCode / Actor2CountryCode. When one is empty
  but Actor1Code / Actor2Code starts with a country's code (``IRNGOV`` →
  ``IRN``), that is used. CAMEO's own spellings become ISO codes (``TMP`` →
  ``TLS``; the code as written stays in ``actor_country``). The
  *Geo_CountryCode columns are FIPS 10-4 and are never used for actors.
  No actor → skipped (``no_actor``); no target → ``target=None``.
* roles: Actor1Type1–3Code / Actor2Type1–3Code (``GOV``, ``MIL``…);
* code: EventCode, a string (``"040"``); ``---`` → skipped (``no_code``); a
  code that lost its leading zero to a spreadsheet or pandas (``40``) is
  restored only when EventRootCode says which (root ``04`` → ``040``) and
  counted; any other unknown code → bad row TL503.
* reports / sources: NumArticles / NumSources; ``coded=True``.
* attributes: ``actor_code`` / ``target_code`` (the full CAMEO codes),
  ``num_mentions``, ``goldstein``, ``quad_class``, and ``date_added``
  (DATEADDED: when GDELT first saw the story). Back-file rows (57 columns)
  carry ``date_loaded`` instead: their DATEADDED is the day the back-file
  was loaded in 2013, not the news date.
* provenance: ``GLOBALEVENTID`` as an id, SOURCEURL as the source.

The reader's date, actor and mention filters are applied here, before an
Event is built, since most rows of a big export fail them. The loop is kept
lean on purpose (one split, dictionary look-ups, no regex).
"""

from __future__ import annotations

from typing import Callable, Iterator

from ..limits import MAX_INT_DIGITS
from .cameo import UNCODED, codebook
from .countries import USSR_END, cameo_spellings, state_codes
from .files import LongLine, Source
from .layouts import GDELT_BY_WIDTH, GDELT_LAYOUTS, GDELT_NAMES, looks_like_gdelt_header, match_header
from .model import Event, Provenance
from .rows import Context, bad_row, field_col, not_utf8, parse_yyyymmdd, too_long

LAYOUTS = {name: len(cols) for name, cols in GDELT_LAYOUTS.items()}  # name -> width
NAMES = {len(GDELT_LAYOUTS[k]): v for k, v in GDELT_NAMES.items()}  # width -> description

Outcome = object
Converter = Callable[[list, int, str, bool], Outcome]


def _positions(layout: str) -> dict[str, int]:
    return {c: i for i, c in enumerate(GDELT_LAYOUTS[layout])}


def restore_code(code: str, root: str, known) -> str | None:
    """``"40"`` with EventRootCode ``"4"``/``"04"`` → ``"040"``: the zero a number
    type dropped, put back only when the root code decides it; else None."""
    root = root.strip()
    if root.endswith(".0"):
        root = root[:-2]
    if code.endswith(".0"):
        code = code[:-2]
    if not (code.isdigit() and root.isdigit()):
        return None
    root = root.zfill(2)
    for cand in (code, "0" + code):
        if cand in known and cand[:2] == root:
            return cand
    return None


def gdelt_converter(ctx: Context, pos: dict[str, int], layout: str, absent: int,
                    count_layout: bool = True) -> Converter:
    """A function ``convert(fields, line, text, exact_cols)`` → Event, skip reason or
    bad-row diagnostic, for rows whose columns sit at `pos` (canonical name →
    index). A column not in `pos` is read from index `absent`, where the
    caller puts an empty string (a header that leaves columns out). `exact_cols`:
    the fields were split from `text` on tabs, so a diagnostic can underline a column."""
    book = codebook()
    known = book.codes
    states = state_codes()
    file = ctx.file
    layouts, notes = ctx.layouts, ctx.notes
    dates: dict[str, object] = {}
    prefix_country: dict[str, str] = {}  # Actor*Code -> its country prefix or ''
    _Event, _Prov = Event, Provenance
    date_from, date_to, actors, min_mentions = ctx.date_from, ctx.date_to, ctx.actors, ctx.min_mentions
    def g(name: str) -> int:
        return pos.get(name, absent)

    c_id, c_date, c_a1code, c_a1country = g("GLOBALEVENTID"), g("SQLDATE"), g("Actor1Code"), g("Actor1CountryCode")
    c_a2code, c_a2country, c_code, c_root = g("Actor2Code"), g("Actor2CountryCode"), g("EventCode"), g("EventRootCode")
    c_quad, c_gold, c_ment = g("QuadClass"), g("GoldsteinScale"), g("NumMentions")
    c_src, c_art = g("NumSources"), g("NumArticles")
    c_added, c_url = g("DATEADDED"), g("SOURCEURL")
    r11, r12, r13 = g("Actor1Type1Code"), g("Actor1Type2Code"), g("Actor1Type3Code")
    r21, r22, r23 = g("Actor2Type1Code"), g("Actor2Type2Code"), g("Actor2Type3Code")
    has_root = "EventRootCode" in pos
    added_name = "date_loaded" if layout == "gdelt1-back" else "date_added"
    canon = cameo_spellings()

    def count(v: str) -> int:
        """A count that is no integer: ``7.0`` (a float column) → 7; anything else (empty) → 1.
        isdecimal, not isdigit (int() refuses '²'), and never more digits than a count can have."""
        return int(v[:-2]) if v[-2:] == ".0" and v[:-2].isdecimal() and len(v) <= MAX_INT_DIGITS else 1

    def convert(f: list, n: int, text: str, exact: bool) -> Outcome:
        if count_layout:
            layouts[layout] = layouts.get(layout, 0) + 1
        code = f[c_code]
        if code not in known:
            if code == UNCODED or not code:
                return "no_code"
            fixed = restore_code(code, f[c_root], known) if has_root else None
            if fixed is None:
                return bad_row(ctx, "TL503", f"unknown CAMEO code `{code}`", n, text.rstrip("\r\n"),
                               col=field_col(f, c_code) if exact else 1, width=len(code) if exact else 0,
                               help=book.suggest(code))
            code = fixed
            restored = True
        elif has_root and code[:2] != f[c_root]:
            # A root that disagrees with the code: a number type dropped zeros from both
            # ("10" with root "1" is 010, not the code 10). The root decides.
            fixed = restore_code(code, f[c_root], known)
            restored = fixed is not None and fixed != code
            if restored:
                code = fixed
        else:
            restored = False
        sd = f[c_date]
        day = dates.get(sd)
        if day is None:
            day = parse_yyyymmdd(sd[:-2] if sd[-2:] == ".0" else sd)
            if day is None:
                return bad_row(ctx, "TL502", f"bad date `{sd}` in SQLDATE", n, text.rstrip("\r\n"),
                               col=field_col(f, c_date) if exact else 1, width=max(1, len(sd)) if exact else 0,
                               help="SQLDATE is the event's day as YYYYMMDD, e.g. 20191024")
            dates[sd] = day
        a_code = f[c_a1code]
        actor = raw_actor = f[c_a1country]
        if not actor:
            actor = prefix_country.get(a_code)
            if actor is None:
                actor = prefix_country[a_code] = a_code[:3] if a_code[:3] in states else ""
            if not actor:
                return "no_actor"
        t_code = f[c_a2code]
        target = raw_target = f[c_a2country]
        if not target:
            target = prefix_country.get(t_code)
            if target is None:
                target = prefix_country[t_code] = t_code[:3] if t_code[:3] in states else ""
        if actor in canon or target in canon:
            actor, target = canon.get(actor, actor), canon.get(target, target)
        # The filters, in EventReader's order, after the row's own skip reasons.
        if date_from is not None and day < date_from:
            return "before_from"
        if date_to is not None and day > date_to:
            return "after_to"
        if actors is not None and actor not in actors and target not in actors:
            return "actor_filter"
        mentions = f[c_ment]
        if min_mentions is not None and (int(mentions) if mentions.isdecimal() and len(mentions) <= MAX_INT_DIGITS else 0) < min_mentions:
            return "min_mentions"
        url = f[c_url] or None
        added = f[c_added]
        if added[-2:] == ".0":
            added = added[:-2]
        # Attributes in name order (no sort): actor_code, actor_country, date_added | date_loaded,
        # goldstein, num_mentions, quad_class, target_code, target_country. The common row first.
        if a_code and t_code and added and (raw_actor == actor or not raw_actor) and (
                raw_target == target or not raw_target):
            attrs = (("actor_code", a_code), (added_name, added), ("goldstein", f[c_gold]),
                     ("num_mentions", mentions), ("quad_class", f[c_quad]), ("target_code", t_code))
        else:
            al = [("actor_code", a_code)] if a_code else []
            if raw_actor and raw_actor != actor:
                al.append(("actor_country", raw_actor))
            if added:
                al.append((added_name, added))
            al += (("goldstein", f[c_gold]), ("num_mentions", mentions), ("quad_class", f[c_quad]))
            if t_code:
                al.append(("target_code", t_code))
            if raw_target and raw_target != target:
                al.append(("target_country", raw_target))
            attrs = tuple(al)
        if restored:
            notes["code_zero_restored"] = notes.get("code_zero_restored", 0) + 1
        if day <= USSR_END and (actor == "RUS" or target == "RUS"):
            notes["ussr_as_rus"] = notes.get("ussr_as_rus", 0) + 1
        # Roles: Type1 alone is the common case; Type2/3 are rare.
        x = f[r11]
        if f[r12] or f[r13]:
            ar = tuple(filter(None, (x, f[r12], f[r13])))
        else:
            ar = (x,) if x else ()
        x = f[r21]
        if f[r22] or f[r23]:
            tr = tuple(filter(None, (x, f[r22], f[r23])))
        else:
            tr = (x,) if x else ()
        try:
            reports = int(f[c_art])
        except ValueError:
            reports = count(f[c_art])
        try:
            sources = int(f[c_src])
        except ValueError:
            sources = count(f[c_src])
        e = _Event(day, actor, target or None, code, None, attrs, None, "day", None, n,
                   _Prov(file, n, url, (("GLOBALEVENTID", f[c_id]),)), (), ar, tr, True, reports, sources)
        return e

    return convert


def _compact_positions(layout: str) -> dict[str, int]:
    """Where a converter finds each column in a *compact* row: the 35 shared
    columns, then DATEADDED and SOURCEURL (what an event needs of the tail),
    then an empty string for a column the layout lacks."""
    pos = {c: i for i, c in enumerate(GDELT_LAYOUTS[layout][:35])}
    pos["DATEADDED"] = 35
    if "SOURCEURL" in GDELT_LAYOUTS[layout]:
        pos["SOURCEURL"] = 36
    return pos


def parse_gdelt(source: Source, ctx: Context) -> Iterator[object]:
    """Any GDELT tab-separated file: rows of any of the three layouts, by column
    count; header lines skipped (and, on the first line, used to place columns).

    A row of a published layout is split once into its 35 shared columns and
    the rest, of which only DATEADDED and SOURCEURL (the last one or two
    fields) are taken: the geo blocks between are never split apart."""
    by_width: dict[int, Converter] = {}
    widths: dict[int, int] = {}  # rows read per published width (layouts, counted here: the hot path)
    header_conv: Converter | None = None
    header_width = 0
    header_text = None
    n = 0
    try:
        for raw in source.lines():
            n += 1
            ctx.lines = n
            if type(raw) is LongLine:
                yield too_long(ctx, n, raw.decode("utf-8", errors="replace"), raw.length)
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield not_utf8(ctx, n, raw.decode("utf-8", errors="replace").rstrip("\r\n"), err)
                continue
            if n == 1 and text[:1] == "\ufeff":
                text = text[1:]
            width = text.count("\t") + 1
            if header_conv is not None and width == header_width:
                stripped = text.rstrip("\r\n")
                if stripped == header_text:  # concatenated files repeat their header
                    yield "header"
                    continue
                f = stripped.split("\t")
                f.append("")  # read for the columns the header leaves out
                yield header_conv(f, n, stripped, True)
                continue
            conv = by_width.get(width)
            if conv is not None:
                widths[width] += 1
                f = text.split("\t", 35)
                if not f[0][:1].isdigit() and looks_like_gdelt_header(text.split("\t")):
                    yield "header"
                    continue
                rest = f[35].rstrip("\r\n")
                i = rest.rfind("\t")
                if width == 57:  # back-file: DATEADDED is the last field
                    f[35:] = [rest[i + 1:], "", ""]
                else:
                    j = rest.rfind("\t", 0, i)
                    f[35:] = [rest[j + 1:i], rest[i + 1:], ""]
                yield conv(f, n, text, True)  # the converter strips the line end where it shows the row
                continue
            f = text.split("\t")
            layout = GDELT_BY_WIDTH.get(width)
            stripped = text.rstrip("\r\n")
            if layout is not None and not looks_like_gdelt_header(f):
                conv = by_width[width] = gdelt_converter(ctx, _compact_positions(layout), layout, 37, False)
                widths[width] = 0
                f = text.split("\t", 35)
                rest = f[35].rstrip("\r\n")
                i = rest.rfind("\t")
                if width == 57:
                    f[35:] = [rest[i + 1:], "", ""]
                else:
                    j = rest.rfind("\t", 0, i)
                    f[35:] = [rest[j + 1:i], rest[i + 1:], ""]
                widths[width] += 1
                yield conv(f, n, stripped, True)
            elif not stripped.strip():
                yield "blank"
            elif looks_like_gdelt_header(f):
                f[-1] = f[-1].rstrip("\r\n")
                got = _header(ctx, f, n, stripped)
                if isinstance(got, tuple):
                    if header_conv is None and n == 1:  # the file's own header places the columns
                        header_conv, header_width, header_text = got[0], width, stripped
                        ctx.mapping = got[1]
                    yield "header"
                else:
                    yield got
            else:
                yield _wrong_width(ctx, f, n, stripped, text[-1:] != "\n", header_width)
    finally:
        ctx.lines = n
        for w, k in widths.items():
            ctx.layouts[GDELT_BY_WIDTH[w]] = ctx.layouts.get(GDELT_BY_WIDTH[w], 0) + k


def _header(ctx: Context, cells: list[str], n: int, text: str):
    """(converter, description) for a GDELT header line, or a TL511 diagnostic
    when it lacks a column an event needs."""
    match, _best = match_header(cells)
    if match is None or not match.layout.startswith("gdelt"):
        need = ", ".join(c for c in ("GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1CountryCode", "Actor2Code",
                                     "Actor2CountryCode", "EventCode") if c not in (match or _best).index)
        return bad_row(ctx, "TL511", f"a GDELT header without {need}", n, text,
                       help="a GDELT header names the published columns (GLOBALEVENTID, SQLDATE, …)")
    positional = match.index == _positions(match.layout) and not match.extra
    desc = None if positional and not match.renamed else match.describe()
    return gdelt_converter(ctx, match.index, match.layout, len(cells)), desc or f"header line of the {GDELT_NAMES[match.layout]} layout"


def _wrong_width(ctx: Context, f: list[str], n: int, text: str, last: bool, header_width: int):
    got = len(f)
    if last:
        return bad_row(ctx, "TL505", f"truncated last line: {got} columns and no line end", n, text,
                       help="the file ends in the middle of a row — was the download interrupted?")
    want = f"{header_width} (from the header)" if header_width else "57, 58 or 61 (the GDELT layouts)"
    return bad_row(ctx, "TL501", f"wrong number of columns: {got}, expected {want}", n, text,
                   help="GDELT rows have 57 (1.0 back-file), 58 (1.0 daily) or 61 (2.0) tab-separated columns")


def make_parser(fmt: str):
    """The reader for a named GDELT format: every name reads every layout (the
    name is what detection saw first). A first line with no tab but commas is
    a comma-separated re-export (pandas): read through its header (fmt_table)."""

    def parse(source: Source, ctx: Context) -> Iterator[object]:
        first = first_line(source)
        if "\t" not in first and "," in first:
            from .fmt_table import parse_reexport

            return parse_reexport(source, ctx, "gdelt", ",")
        return parse_gdelt(source, ctx)

    parse.__name__ = f"parse_{fmt.replace('-', '_')}"
    return parse


def first_line(source: Source) -> str:
    """The first non-blank line of a fresh source, without consuming it (decoded leniently)."""
    head = source.peek(1 << 16).decode("utf-8", errors="replace").lstrip("\ufeff")
    for line in head.splitlines():
        if line.strip():
            return line
    return ""


def sniff(lines: list[str]) -> str | None:
    """The GDELT layout of some first lines, or None: the most common column
    count among lines that look like GDELT rows (numeric id, 8-digit date),
    or the layout a GDELT header line names."""
    counts: dict[int, int] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        f = line.split("\t")
        if i == 0 and looks_like_gdelt_header(f):
            m, _ = match_header(f)
            if m is not None and m.layout.startswith("gdelt"):
                return m.layout
            continue
        if len(f) in NAMES and f[0].isdigit() and len(f[1]) == 8 and f[1].isdigit():
            counts[len(f)] = counts.get(len(f), 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], k))
    return GDELT_BY_WIDTH[best]
