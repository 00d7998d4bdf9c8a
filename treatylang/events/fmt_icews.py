"""ICEWS coded event files: tab-separated, with a header line.

The published header has 20 columns: Event ID, Event Date (YYYY-MM-DD),
Source Name, Source Sectors, Source Country, Event Text, CAMEO Code,
Intensity, Target Name, Target Sectors, Target Country, Story ID, Sentence
Number, Publisher, City, District, Province, Country, Latitude, Longitude.
Columns are found by header name (any case), so a release that adds or
reorders columns still reads; Event ID, Event Date, Source Country, CAMEO
Code and Target Country must be there.

Countries are English names ("Russian Federation", "Iran", "Occupied
Palestinian Territory"), mapped to ISO alpha-3 through
``treatylang/data/countries.tsv``. An empty Source Country (an international
organisation, say) → skipped as ``no_actor``; an empty Target Country → the
event has no target; a name not in the table → bad row TL510 (never a guess).
The last columns (City … Longitude) are where the event happened, not who
took part, and are not used for actors.

Attributes kept: ``actor_name``, ``actor_sectors``, ``target_name``,
``target_sectors``, ``event_text``, ``intensity`` (ICEWS's own
conflict–cooperation score) and ``quad_class``. Provenance ids: ``event_id``
and ``story_id``; the Publisher is the source.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import DiagnosticError
from .cameo import codebook
from .countries import vocabulary
from .files import Source
from .model import Event, Provenance, parse_date
from .rows import Context, bad_row, field_col, not_utf8, text_lines

HEADER = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)
REQUIRED = ("event id", "event date", "source country", "cameo code", "target country")
ATTRS = (  # (attribute, header) in attribute-name order
    ("actor_name", "source name"),
    ("actor_sectors", "source sectors"),
    ("event_text", "event text"),
    ("intensity", "intensity"),
    ("target_name", "target name"),
    ("target_sectors", "target sectors"),
)


def looks_like_header(line: str) -> bool:
    cols = [c.strip().lower() for c in line.split("\t")]
    return all(r in cols for r in REQUIRED)


def parse_icews(source: Source, ctx: Context) -> Iterator[object]:
    book = codebook()
    table = vocabulary()
    names: dict[str, object] = {}  # country name -> NameMatch
    dates: dict[str, object] = {}
    col: dict[str, int] = {}
    ncols = 0

    for n, text, eol, err in text_lines(source, ctx):
        if err is not None:
            yield not_utf8(ctx, n, text, err)
            continue
        if not text.strip():
            yield "blank"
            continue
        f = text.split("\t")
        if not col:
            if not looks_like_header(text):
                raise DiagnosticError([bad_row(
                    ctx, "TL511", "an ICEWS file must start with its header line", n, text,
                    help="expected the columns " + ", ".join(HEADER[:7]) + ", …")])
            col = {c.strip().lower(): i for i, c in enumerate(f)}
            ncols = len(f)
            yield "header"
            continue
        if len(f) != ncols:
            if not eol:
                yield bad_row(ctx, "TL505", f"truncated last line: {len(f)} of {ncols} columns and no line end", n, text,
                              help="the file ends in the middle of a row — was the download interrupted?")
            else:
                yield bad_row(ctx, "TL501", f"wrong number of columns: {len(f)}, expected {ncols} (from the header)", n,
                              text, help="ICEWS rows are tab-separated; a value holding a tab breaks the row")
            continue

        def at(name: str) -> str:
            return f[col[name]].strip()

        code = at("cameo code")
        if code not in book:
            i = col["cameo code"]
            yield bad_row(ctx, "TL503", f"unknown CAMEO code `{code}`", n, text, col=field_col(f, i),
                          width=max(1, len(f[i])), help=book.suggest(code))
            continue
        ds = at("event date")
        got = dates.get(ds)
        if got is None:
            try:
                got = parse_date(ds)
            except ValueError as e:
                i = col["event date"]
                yield bad_row(ctx, "TL502", f"bad date: {e}", n, text, col=field_col(f, i), width=max(1, len(f[i])),
                              help="ICEWS Event Date is YYYY-MM-DD")
                continue
            dates[ds] = got
        day, last, precision = got  # type: ignore[misc]
        codes = []
        bad = None
        for which in ("source country", "target country"):
            name = at(which)
            if not name:
                codes.append(None)
                continue
            m = names.get(name)
            if m is None:
                m = names[name] = table.lookup_name(name)
            if m.kind in ("missing", "sub_national"):  # NA, NULL; a place inside a state: no state actor
                codes.append(None)
                continue
            c = m.code
            if m.kind != "country" or c is None:
                i = col[which]
                bad = bad_row(ctx, "TL510", f"unknown country name `{name}` in {which.title()}", n, text,
                              col=field_col(f, i), width=max(1, len(f[i])),
                              help=table.suggest(name) or "add the spelling to ALIASES in treatylang/data/vocab_sources.py")
                break
            codes.append(c)
        if bad is not None:
            yield bad
            continue
        actor, target = codes
        if actor is None:
            yield "no_actor"
            continue
        attrs = [(a, at(h)) for a, h in ATTRS if h in col and at(h)]
        attrs.append(("quad_class", str(book.quad_class(code))))
        attrs.sort()
        ids = [("event_id", at("event id"))]
        if "story id" in col and at("story id"):
            ids.append(("story_id", at("story id")))
        publisher = at("publisher") if "publisher" in col else ""
        yield Event(day, actor, target, code, None, tuple(attrs), None if precision == "day" else last, precision, None,
                    n, Provenance(ctx.file, n, publisher or None, tuple(ids)))
