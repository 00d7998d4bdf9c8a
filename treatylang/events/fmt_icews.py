"""ICEWS coded event files: tab-separated, with a header line.

The published header has 20 columns (`layouts.ICEWS_COLUMNS`): Event ID,
Event Date (YYYY-MM-DD), Source Name, Source Sectors, Source Country, Event
Text, CAMEO Code, Intensity, Target Name, Target Sectors, Target Country,
Story ID, Sentence Number, Publisher, City, District, Province, Country,
Latitude, Longitude. Columns are found by header name under the renamings of
`layouts.norm` (``Event_ID``, ``event_id``…), so a release or a re-export
that adds, drops or reorders columns still reads; Event Date, Source
Country, CAMEO Code and Target Country must be there. (Comma-separated
re-exports are read by fmt_table with the same converter.)

Countries are English names, mapped to ISO alpha-3 through
``country_names.tsv``. An empty Source Country, a missing-value marker
(``NA`` — R's ``write_tsv`` writes one for every empty cell —, ``NULL``) or a
place inside a state (``Bavaria``) → no actor: skipped as ``no_actor``; the
same in Target Country → the event has no target. A name not in the table
→ bad row TL510 (never a guess). The last columns (City … Longitude) are
where the event happened, not who took part, and are not used for actors.

Event Date may also come as ``20180102`` or a midnight timestamp
(``2018-01-02 00:00:00``), as re-exports write days.

A CAMEO Code that lost its leading zero to a number type (``10`` for
``010``, as R's ``read_tsv`` and pandas read it) is restored only where the
Event Text — ICEWS writes the code's label there — names the code with the
zero ("Make statement" is 010; "Demand" is 10); otherwise it is read as
written (``43`` is then TL503, with "did you mean `043`?").

Roles: Source / Target Sectors mapped to CAMEO role codes where the mapping
is defensible (`SECTOR_ROLES`; "Government" → GOV, "Police" → COP…); the raw
sectors stay in ``actor_sectors`` / ``target_sectors``. One record is one
report from one source: ``coded=True``, ``reports=sources=1``.

Attributes kept: ``actor_name``, ``actor_sectors``, ``target_name``,
``target_sectors``, ``event_text``, ``intensity`` (ICEWS's own
conflict–cooperation score) and ``quad_class``. Provenance ids: ``event_id``
and ``story_id``; the Publisher is the source.
"""

from __future__ import annotations

from typing import Callable, Iterator

from .cameo import codebook
from .countries import vocabulary
from .files import Source
from .layouts import ICEWS_COLUMNS, ICEWS_REQUIRED, norm
from .model import Event, Provenance, parse_date
from .rows import Context, bad_row, field_col

HEADER = ICEWS_COLUMNS
REQUIRED = tuple(norm(c) for c in ICEWS_REQUIRED)
ATTRS = (  # (attribute, column) in attribute-name order
    ("actor_name", "Source Name"),
    ("actor_sectors", "Source Sectors"),
    ("event_text", "Event Text"),
    ("intensity", "Intensity"),
    ("target_name", "Target Name"),
    ("target_sectors", "Target Sectors"),
)

# ICEWS sector → CAMEO role code, only where the sector means that role.
# Sectors not listed ("Religious", "Parties", "Unidentified Forces",
# "Ethnic", "Ideological"…) give no role; they remain in *_sectors.
SECTOR_ROLES = {
    "government": "GOV", "executive": "GOV", "executive office": "GOV", "cabinet": "GOV",
    "local": "GOV", "municipal": "GOV", "provincial": "GOV", "state-owned enterprises": "GOV",
    "military": "MIL", "army": "MIL", "navy": "MIL", "air force": "MIL", "armed forces": "MIL",
    "police": "COP", "legislative / parliamentary": "LEG", "judicial": "JUD", "intelligence": "SPY",
    "business": "BUS", "media": "MED", "education": "EDU", "medical / health": "HLH", "health": "HLH",
    "criminal": "CRM", "insurgents": "INS", "rebels": "REB", "separatists": "SEP",
    "general population / civilian / social": "CVL", "civilian": "CVL",
    "dissident": "OPP", "protestors / popular opposition / mobs": "OPP", "opposition": "OPP",
    "labor": "LAB", "unions": "LAB", "agriculture": "AGR", "refugees": "REF", "elite": "ELI",
    "nongovernmental organizations": "NGO", "ngos": "NGO", "human rights": "HRI", "environment": "ENV",
}


def sector_roles(sectors: str, cache: dict) -> tuple[str, ...]:
    """``"Government,Police"`` → ``("GOV", "COP")``, in the order first met, no repeats."""
    got = cache.get(sectors)
    if got is None:
        out: list[str] = []
        for s in sectors.split(","):
            r = SECTOR_ROLES.get(s.strip().casefold())
            if r and r not in out:
                out.append(r)
        got = cache[sectors] = tuple(out)
    return got


def looks_like_header(line: str, sep: str = "\t") -> bool:
    keys = {norm(c) for c in line.split(sep)}
    return all(r in keys for r in REQUIRED)


def _day_text(ds: str) -> str:
    """The forms re-exports give a day, as YYYY-MM-DD: ``20180102`` (a number type, maybe
    ``20180102.0``) and a midnight timestamp (``2018-01-02 00:00:00``, ``…T00:00:00Z``)."""
    d = ds[:-2] if ds.endswith(".0") else ds
    if len(d) == 8 and d.isdigit():
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"
    if len(ds) > 10 and ds[10:].lstrip(" T") in ("00:00:00", "00:00:00Z", "00:00:00.000", "00:00:00+00:00"):
        return ds[:10]
    return ds


def icews_converter(ctx: Context, pos: dict[str, int], absent: int) -> Callable:
    """``convert(fields, line, text, exact_cols)`` for ICEWS rows whose columns sit at
    `pos` (column name → index; a column not there is read from `absent`)."""
    book = codebook()
    table = vocabulary()
    names: dict[str, object] = {}  # country name -> NameMatch
    dates: dict[str, object] = {}
    roles: dict[str, tuple] = {}
    notes = ctx.notes
    file = ctx.file

    def g(name: str) -> int:
        return pos.get(name, absent)

    c_id, c_date, c_code, c_story, c_pub = g("Event ID"), g("Event Date"), g("CAMEO Code"), g("Story ID"), \
        g("Publisher")
    c_src, c_tgt, c_ssec, c_tsec = g("Source Country"), g("Target Country"), g("Source Sectors"), g("Target Sectors")
    attr_cols = [(a, g(h)) for a, h in ATTRS if h in pos]
    c_text = g("Event Text")
    # Codes that a number type may have stripped of a zero and that are still codes
    # ("10" for 010); and every code's label, which ICEWS writes as Event Text.
    ambiguous = frozenset(c for c in book.codes if "0" + c in book.codes)
    labels = {e.code: e.name.casefold() for e in book}

    def col(f, i, exact):
        return (field_col(f, i), max(1, len(f[i]))) if exact else (1, 0)

    def convert(f: list, n: int, text: str, exact: bool) -> object:
        code = f[c_code].strip()
        if code in ambiguous or (code not in book and "0" + code in book):
            # R's read_tsv and pandas read "010" as the number 10: the Event Text (the
            # code's label) says which code it was; without a matching label, nothing is guessed.
            said = f[c_text].strip().casefold()
            match = [c for c in (code, "0" + code) if labels.get(c) == said]
            if len(match) == 1 and match[0] != code:
                code = match[0]
                notes["code_zero_restored"] = notes.get("code_zero_restored", 0) + 1
        if code not in book:
            c, w = col(f, c_code, exact)
            return bad_row(ctx, "TL503", f"unknown CAMEO code `{code}`", n, text, col=c, width=w,
                           help=book.suggest(code))
        ds = f[c_date].strip()
        got = dates.get(ds)
        if got is None:
            try:
                got = parse_date(_day_text(ds))
            except ValueError as e:
                c, w = col(f, c_date, exact)
                return bad_row(ctx, "TL502", f"bad date: {e}", n, text, col=c, width=w,
                               help="ICEWS Event Date is YYYY-MM-DD")
            dates[ds] = got
        day, last, precision = got  # type: ignore[misc]
        codes = []
        for i, which in ((c_src, "Source Country"), (c_tgt, "Target Country")):
            name = f[i].strip()
            if not name:
                codes.append(None)
                continue
            m = names.get(name)
            if m is None:
                m = names[name] = table.lookup_name(name)
            kind = m.kind
            if kind == "country":
                codes.append(m.code)
            elif kind == "missing" or kind == "sub_national":
                key = "missing_country" if kind == "missing" else "sub_national"
                notes[key] = notes.get(key, 0) + 1
                codes.append(None)
            else:
                c, w = col(f, i, exact)
                return bad_row(ctx, "TL510", f"unknown country name `{name}` in {which}", n, text, col=c, width=w,
                               help=table.suggest(name)
                               or "add the spelling to ALIASES in treatylang/data/vocab_sources.py")
        actor, target = codes
        if actor is None:
            return "no_actor"
        attrs = [(a, v) for a, i in attr_cols if (v := f[i].strip()) and v != "NA"]
        attrs.append(("quad_class", str(book.quad_class(code))))
        attrs.sort()
        ident = f[c_id].strip()
        ids = [("event_id", ident)] if ident else []
        story = f[c_story].strip()
        if story and story != "NA":
            ids.append(("story_id", story))
        publisher = f[c_pub].strip()
        if publisher == "NA":
            publisher = ""
        return Event(day, actor, target, code, None, tuple(attrs), None if precision == "day" else last, precision,
                     None, n, Provenance(file, n, publisher or None, tuple(ids)), (),
                     sector_roles(f[c_ssec], roles), sector_roles(f[c_tsec], roles) if target else (), True, 1, 1)

    return convert


def parse_icews(source: Source, ctx: Context) -> Iterator[object]:
    """An ICEWS file: tab-separated as published, or any re-export with a header
    (comma- or tab-separated, renamed, reordered or extra columns)."""
    from .fmt_table import parse_reexport

    return parse_reexport(source, ctx, "icews", None)
