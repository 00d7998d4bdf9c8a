"""Every tabular event layout, declared once: column names in file order, the
renamings re-exports apply to them, and which columns make an event.

This module is data plus two small functions (`norm`, `match_header`), and
is meant to be shared: the Python readers (fmt_gdelt, fmt_icews, fmt_table,
fmt_json, fmt_arrow) and a SQL reader (DuckDB) take the same column lists,
header names and renamings from here, so both give the same events and the
same bad-row accounting.

Header names are compared after `norm`: everything but letters and digits,
and case, is ignored, so ``Event ID``, ``Event_ID``, ``Event.ID`` (R),
``event_id`` and ``EVENTID`` name one column; a name that matches nothing is
tried again without a ``table.`` prefix, so ``GDELT.SQLDATE`` (BigQuery) is
``SQLDATE``. A header may hold the
columns in any order, leave out columns that are not `required`, and add
columns of its own (kept out of events, listed in the read report); a first
column that is empty or named like a pandas index (``Unnamed: 0``,
``index``) is taken as an index and ignored.
"""

from __future__ import annotations

import re

from attrs import frozen

# --- GDELT -------------------------------------------------------------------------
# The first 35 columns are the same in all three layouts (GDELT codebooks).

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
GDELT_COMMON = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{s}" for s in _ACTOR), *(f"Actor2{s}" for s in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
)


def _geo(prefix: str, adm2: bool) -> tuple[str, ...]:
    cols = ["Type", "FullName", "CountryCode", "ADM1Code"] + (["ADM2Code"] if adm2 else []) + ["Lat", "Long",
                                                                                                   "FeatureID"]
    return tuple(f"{prefix}Geo_{c}" for c in cols)


_GEO1 = _geo("Actor1", False) + _geo("Actor2", False) + _geo("Action", False)
_GEO2 = _geo("Actor1", True) + _geo("Actor2", True) + _geo("Action", True)

GDELT_LAYOUTS: dict[str, tuple[str, ...]] = {
    "gdelt1-back": GDELT_COMMON + _GEO1 + ("DATEADDED",),  # 57: 1979 – March 2013 back-file
    "gdelt1": GDELT_COMMON + _GEO1 + ("DATEADDED", "SOURCEURL"),  # 58: daily files, April 2013 –
    "gdelt2": GDELT_COMMON + _GEO2 + ("DATEADDED", "SOURCEURL"),  # 61: GDELT 2.0
}
GDELT_BY_WIDTH = {len(cols): name for name, cols in GDELT_LAYOUTS.items()}  # 57, 58, 61 -> layout
GDELT_NAMES = {"gdelt1-back": "GDELT 1.0 back-file", "gdelt1": "GDELT 1.0 daily", "gdelt2": "GDELT 2.0"}
GDELT_REQUIRED = ("GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1CountryCode", "Actor2Code",
                  "Actor2CountryCode", "EventCode")

# --- ICEWS -------------------------------------------------------------------------

ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)
ICEWS_REQUIRED = ("Event Date", "Source Country", "CAMEO Code", "Target Country")

# --- plain events (written by people or by treatylang's writers) -------------------

PLAIN_COLUMNS = ("date", "actor", "target", "code", "action", "id", "source", "time")
PLAIN_REQUIRED = ("date", "actor")

# --- the table ----------------------------------------------------------------------


@frozen
class Layout:
    """One tabular layout: `columns` in file order (the published header, or
    the documented order of a headerless file), the `required` ones a header
    must name to be read as this layout, and whether the published files
    carry a header line."""

    name: str
    family: str  # gdelt | icews | plain
    columns: tuple[str, ...]
    required: tuple[str, ...]
    published_header: bool
    description: str


LAYOUTS: dict[str, Layout] = {
    "gdelt1-back": Layout("gdelt1-back", "gdelt", GDELT_LAYOUTS["gdelt1-back"], GDELT_REQUIRED, False,
                          "GDELT 1.0 back-file (1979 – March 2013): 57 columns"),
    "gdelt1": Layout("gdelt1", "gdelt", GDELT_LAYOUTS["gdelt1"], GDELT_REQUIRED, False,
                     "GDELT 1.0 daily export (April 2013 –): 58 columns"),
    "gdelt2": Layout("gdelt2", "gdelt", GDELT_LAYOUTS["gdelt2"], GDELT_REQUIRED, False,
                     "GDELT 2.0 export: 61 columns"),
    "icews": Layout("icews", "icews", ICEWS_COLUMNS, ICEWS_REQUIRED, True,
                    "ICEWS coded events: 20 columns, header line"),
    "csv": Layout("csv", "plain", PLAIN_COLUMNS, PLAIN_REQUIRED, True,
                  "plain events: date, actor, target, code or action, …"),
}

_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.(?=.)")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
INDEX_NAMES = frozenset({"", "unnamed0", "index", "level0", "rownames", "x", "rowid", "rownumber"})


def norm(name: str) -> str:
    """The comparison key of a header name: ``Event_ID`` and ``Event.ID`` (R's
    make.names) → ``eventid``, ``"Source Country"`` → ``sourcecountry``."""
    s = name.strip().strip('"').strip("'").lstrip("\ufeff").strip()
    return _NOT_ALNUM.sub("", s.casefold())


def norm_unprefixed(name: str) -> str | None:
    """The key without a ``table.`` prefix (``GDELT.SQLDATE`` → ``sqldate``), or
    None when the name has none. Tried only when the whole name matches no column."""
    s = name.strip().strip('"').strip("'").lstrip("\ufeff").strip()
    t = _PREFIX.sub("", s)
    return _NOT_ALNUM.sub("", t.casefold()) if t != s else None


@frozen
class HeaderMatch:
    """How a header line maps onto a layout.

    `index` maps each canonical column the header names to its position;
    `renamed` lists (as written, canonical) where they differ; `extra` the
    header's own columns; `ignored_index` the position of a leading index
    column, if any; `missing` the canonical columns the header lacks."""

    layout: str
    index: dict
    renamed: tuple[tuple[str, str], ...]
    extra: tuple[str, ...]
    ignored_index: int | None
    missing: tuple[str, ...]
    duplicates: tuple[str, ...]

    def describe(self) -> str:
        """One line for the read report: what was mapped and what was left out."""
        parts = [f"header read as {LAYOUTS[self.layout].description}"]
        if self.renamed:
            shown = ", ".join(f"{a} → {b}" for a, b in self.renamed[:4])
            more = len(self.renamed) - 4
            parts.append(f"{len(self.renamed)} column name{'s' * (len(self.renamed) != 1)} mapped ({shown}"
                         + (f", … {more} more" if more > 0 else "") + ")")
        if self.ignored_index is not None:
            parts.append(f"column {self.ignored_index + 1} taken as an index and ignored")
        if self.extra:
            parts.append(f"{len(self.extra)} extra column{'s' * (len(self.extra) != 1)} ignored ("
                         + ", ".join(self.extra[:5]) + (", …" if len(self.extra) > 5 else "") + ")")
        if self.missing and self.layout != "csv":
            parts.append(f"{len(self.missing)} column{'s' * (len(self.missing) != 1)} absent")
        return "; ".join(parts)


def _keys(layout: Layout) -> dict[str, str]:
    return {norm(c): c for c in layout.columns}


def match_layout(cells: list[str], name: str) -> HeaderMatch:
    """Map header `cells` onto the layout `name` (it may fit badly: see `missing`)."""
    layout = LAYOUTS[name]
    keys = _keys(layout)
    index: dict[str, int] = {}
    renamed, extra, dups = [], [], []
    ignored = None
    for i, cell in enumerate(cells):
        k = norm(cell)
        canon = keys.get(k)
        if canon is None:
            k2 = norm_unprefixed(cell)
            canon = keys.get(k2) if k2 else None
        if canon is None and layout.family == "gdelt" and k.startswith("gdelt"):
            canon = keys.get(k[5:])  # gdelt_SQLDATE, GDELTSQLDATE: a prefix written without a dot
        if canon is None:
            if i == 0 and k in INDEX_NAMES:
                ignored = 0
            elif k or i > 0:
                extra.append(cell.strip() or f"(column {i + 1})")
            continue
        if canon in index:
            dups.append(cell.strip())
            continue
        index[canon] = i
        if cell.strip().strip('"') != canon:
            renamed.append((cell.strip().strip('"'), canon))
    missing = tuple(c for c in layout.columns if c not in index)
    return HeaderMatch(name, index, tuple(renamed), tuple(extra), ignored, missing, tuple(dups))


def match_header(cells: list[str]) -> tuple[HeaderMatch | None, HeaderMatch]:
    """The layout a header names (None if it names none of them with all
    its required columns), and the best-fitting one — to explain a failure.

    GDELT headers choose among the three GDELT layouts by the columns that
    tell them apart (ADM2 codes: 2.0; SOURCEURL: not the back-file)."""
    fits: list[tuple[int, HeaderMatch]] = []
    for name in ("gdelt2", "gdelt1", "gdelt1-back", "icews", "csv"):
        m = match_layout(cells, name)
        have = sum(1 for c in LAYOUTS[name].columns if c in m.index)
        fits.append((have, m))
    ok = [m for have, m in fits if all(r in m.index for r in LAYOUTS[m.layout].required)]
    best_fit = max(fits, key=lambda hm: (hm[0] / len(LAYOUTS[hm[1].layout].columns), hm[0]))[1]
    if not ok:
        return None, best_fit
    gdelt = [m for m in ok if LAYOUTS[m.layout].family == "gdelt"]
    if gdelt:
        names = {m.layout: m for m in gdelt}
        adm2 = any(c.endswith("ADM2Code") for c in names["gdelt2"].index)
        url = "SOURCEURL" in names["gdelt2"].index
        pick = "gdelt2" if adm2 else ("gdelt1" if url else "gdelt1-back")
        return names[pick], best_fit
    if any(m.layout == "icews" for m in ok):
        return next(m for m in ok if m.layout == "icews"), best_fit
    return ok[0], best_fit


def looks_like_gdelt_header(cells: list[str]) -> bool:
    """A GDELT header line (plain or prefixed names) — never a data row."""
    keys = {norm_unprefixed(c) or norm(c) for c in cells}
    return {"globaleventid", "sqldate"} <= keys
