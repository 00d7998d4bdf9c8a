"""Regenerate the compact code tables shipped in `treatylang.data`.

treatylang ships its *own* small tables, derived from published facts, rather
than the upstream files themselves (see ../shared/data/README.md). This script
is how they were derived; run it again when an upstream table changes and
review the diff:

    python -m treatylang.data.make_tables [--shared ../shared/data] [--check]

It writes three tab-separated files next to itself, each with a header line:

``cameo.tsv``  (code, label, goldstein, quad_class, root)
    From ``cameo/cameo-codes.csv`` (andybega/icews, MIT): only the code, the
    name (kept verbatim: root categories are upper case in the codebook), the
    Goldstein score (kept as published text) and the root code. The
    description / usage / example columns are not copied. ``quad_class`` is
    not in the source: it is the standard CAMEO convention by root —
    1 verbal cooperation (01–05), 2 material cooperation (06–09), 3 verbal
    conflict (10–14), 4 material conflict (15–20) — which GDELT's QuadClass
    column follows too. The source file is not valid UTF-8 (its free-text
    columns carry mojibake), so it is decoded leniently; the five columns we
    keep are checked to be plain ASCII.

``cameo_plover.tsv``  (cameo, plover_event, mode, context)
    From ``plover/CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER, draft 0.8).
    Each ``CODE: EVENT, mode, context  # comment`` line is one row; the
    section headings (``03: AGREE``) are kept too, with empty mode and
    context, because they are the published mapping of the root code. Words
    are stripped of padding; several contexts (``crime; corruption``) are
    joined with ``;``. Two codes are listed twice upstream: ``175`` (twice
    with the same mapping: kept once) and the heading ``08`` (once as CONCEDE
    and once as RETREAT: a conflict, so ``08`` is left out and maps to
    nothing). Codes missing upstream (the 01 and 02 families) map to nothing.

``countries.tsv``  (code, kind, name)
    Names for ISO 3166-1 alpha-3 codes, used to map ICEWS country names and
    to tell a country code from a CAMEO role code (``GOV``, ``MIL``…). One
    row per (code, name); the first row of a code is its canonical name.
    ``iso`` rows come from the Debian ``iso-codes`` package's
    ``iso_3166-1.json`` (name, common_name, official_name), ``former`` rows
    from a few withdrawn codes that event data still uses (ISO 3166-3), and
    ``region`` rows are CAMEO's regional actor codes (``EUR``, ``AFR``…),
    which GDELT puts in its actor-country columns although they are not
    states. ``ALIASES`` adds the spellings used by ICEWS and the press
    ("Russia", "Iran", "Occupied Palestinian Territory", …).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parents[1] / ".." / "shared" / "data"
ISO_CODES_JSON = Path("/usr/share/iso-codes/json/iso_3166-1.json")


def quad_class_of_root(root: str) -> int:
    """CAMEO quad class of a two-digit root code ('01'..'20')."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"not a CAMEO root code: {root!r}")
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


# --- CAMEO codebook ---------------------------------------------------------


def cameo_rows(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(code, label, goldstein, quad_class, root) in codebook order."""
    raw = (shared / "cameo" / "cameo-codes.csv").read_bytes()
    text = raw.decode("utf-8", errors="replace")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows.sort(key=lambda r: int(r["order"]))
    out = []
    for r in rows:
        code, name, gold, root = r["code"].strip(), r["name"].strip(), r["goldstein"].strip(), r["root_code"].strip()
        for value in (code, name, gold, root):
            if not value.isascii() or "\t" in value:
                raise SystemExit(f"cameo-codes.csv: unexpected text in code {code!r}: {value!r}")
        if not (code.isdigit() and 2 <= len(code) <= 4 and code[:2] == root):
            raise SystemExit(f"cameo-codes.csv: malformed code {code!r} (root {root!r})")
        float(gold)  # must parse
        out.append((code, name, gold, str(quad_class_of_root(root)), root))
    return out


# --- CAMEO -> PLOVER ------------------------------------------------------------


def parse_crosswalk(text: str) -> list[tuple[str, str, str, str]]:
    """Every mapping line of CAMEO2PLOVER as (cameo, event, mode, context), in
    file order, duplicates included (the caller decides what to do)."""
    out = []
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if not body or ":" not in body:
            continue
        code, _, rest = body.partition(":")
        code = code.strip()
        if not code.isdigit():
            continue
        parts = [p.strip() for p in rest.split(",")]
        event = parts[0]
        mode = parts[1] if len(parts) > 1 else ""
        context = ";".join(c.strip() for c in parts[2].split(";") if c.strip()) if len(parts) > 2 else ""
        out.append((code, event, mode, context))
    return out


def crosswalk_rows(shared: Path) -> list[tuple[str, str, str, str]]:
    """One row per CAMEO code; identical duplicates merged, conflicting ones dropped."""
    entries = parse_crosswalk((shared / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8"))
    by_code: dict[str, set[tuple[str, str, str, str]]] = {}
    order: list[str] = []
    for e in entries:
        if e[0] not in by_code:
            order.append(e[0])
        by_code.setdefault(e[0], set()).add(e)
    return [next(iter(by_code[c])) for c in order if len(by_code[c]) == 1]


# --- countries ------------------------------------------------------------------

FORMER = {  # ISO 3166-3 codes still met in event data about the 1990s and 2000s
    "SCG": "Serbia and Montenegro",
    "YUG": "Yugoslavia",
    "SUN": "Soviet Union",
    "CSK": "Czechoslovakia",
    "DDR": "German Democratic Republic",
    "ZAR": "Zaire",
}

CAMEO_REGIONS = {  # CAMEO regional actor codes (CAMEO manual, country/region codes)
    "AFR": "Africa",
    "ASA": "Asia",
    "BLK": "Balkans",
    "CRB": "Caribbean",
    "CAU": "Caucasus",
    "CFR": "Central Africa",
    "CAS": "Central Asia",
    "CEU": "Central Europe",
    "EIN": "East Indies",
    "EAF": "Eastern Africa",
    "EEU": "Eastern Europe",
    "EUR": "Europe",
    "LAM": "Latin America",
    "MEA": "Middle East",
    "MDT": "Mediterranean",
    "NAF": "North Africa",
    "NMR": "North America",
    "PGS": "Persian Gulf",
    "SCN": "Scandinavia",
    "SAM": "South America",
    "SAS": "South Asia",
    "SEA": "Southeast Asia",
    "SAF": "Southern Africa",
    "WAF": "West Africa",
    "WST": "The West",
}

# Spellings used by ICEWS ("Source Country"/"Target Country") and common usage
# that ISO's own names do not cover.
ALIASES = {
    "RUS": ["Russia"],
    "IRN": ["Iran (Islamic Republic of)"],
    "PSE": ["Occupied Palestinian Territory", "Palestine", "Palestinian Territory", "Palestinian Territories", "West Bank", "Gaza Strip"],
    "USA": ["United States of America", "US", "U.S.", "America"],
    "GBR": ["Britain", "Great Britain", "UK", "U.K."],
    "COD": ["Democratic Republic of Congo", "Democratic Republic of the Congo", "Congo, Democratic Republic of", "Congo, DRC", "DR Congo"],
    "COG": ["Republic of Congo", "Congo, Republic of", "Congo-Brazzaville"],
    "CIV": ["Cote d'Ivoire", "Ivory Coast"],
    "CPV": ["Cape Verde"],
    "CZE": ["Czech Republic"],
    "SVK": ["Slovak Republic"],
    "MKD": ["Macedonia", "Former Yugoslav Republic of Macedonia", "Macedonia, the former Yugoslav Republic of"],
    "SWZ": ["Swaziland"],
    "MMR": ["Burma"],
    "TLS": ["East Timor"],
    "VAT": ["Holy See", "Vatican", "Vatican City"],
    "FSM": ["Micronesia"],
    "BRN": ["Brunei"],
    "KGZ": ["Kyrgyz Republic"],
    "LBY": ["Libyan Arab Jamahiriya"],
    "KOR": ["Korea, South", "Republic of Korea"],
    "PRK": ["Korea, North"],
    "BHS": ["Bahamas, The", "The Bahamas"],
    "GMB": ["Gambia, The", "The Gambia"],
    "TUR": ["Turkiye"],
    "NLD": ["The Netherlands", "Holland"],
    "XKX": ["Kosovo"],
    "MAC": ["Macau"],
    "VNM": ["Vietnam"],
    "LAO": ["Laos"],
    "SYR": ["Syria"],
}


def _fold(name: str) -> str:
    """Case-, accent- and spacing-insensitive key for a country name."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.replace("’", "'").casefold().split())


def country_rows(iso_json: Path) -> list[tuple[str, str, str]]:
    """(code, kind, name) rows; within a code the canonical name comes first."""
    data = json.loads(iso_json.read_text(encoding="utf-8"))["3166-1"]
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(code: str, kind: str, name: str) -> None:
        key = (code, _fold(name))
        if key not in seen:
            seen.add(key)
            rows.append((code, kind, name))

    for c in sorted(data, key=lambda c: c["alpha_3"]):
        code = c["alpha_3"]
        # canonical: the common name where ISO gives one ("Iran"), else its name.
        for key in ("common_name", "name", "official_name"):
            if c.get(key):
                add(code, "iso", c[key])
        for alias in ALIASES.get(code, ()):
            add(code, "iso", alias)
    add("XKX", "iso", "Kosovo")  # user-assigned code in wide use (EU, IMF)
    for code, name in FORMER.items():
        add(code, "former", name)
    for code, name in CAMEO_REGIONS.items():
        add(code, "region", name)
    # A folded name must point at one code only.
    owners: dict[str, str] = {}
    for code, _kind, name in rows:
        other = owners.setdefault(_fold(name), code)
        if other != code:
            raise SystemExit(f"country name {name!r} names both {other} and {code}")
    return rows


# --- output -------------------------------------------------------------------------


def render_tsv(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["\t".join(header)] + ["\t".join(r) for r in rows]
    return "\n".join(lines) + "\n"


def build(shared: Path, iso_json: Path) -> dict[str, str]:
    """File name -> the text it should have."""
    out = {
        "cameo.tsv": render_tsv(("code", "label", "goldstein", "quad_class", "root"), cameo_rows(shared)),
        "cameo_plover.tsv": render_tsv(("cameo", "plover_event", "mode", "context"), crosswalk_rows(shared)),
    }
    if iso_json.exists():
        out["countries.tsv"] = render_tsv(("code", "kind", "name"), country_rows(iso_json))
    else:
        print(f"note: {iso_json} not found (apt-get install iso-codes); countries.tsv left as it is", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder (default: ../shared/data)")
    p.add_argument("--iso-json", type=Path, default=ISO_CODES_JSON, help="iso-codes' iso_3166-1.json")
    p.add_argument("--check", action="store_true", help="only report whether the shipped tables are up to date")
    args = p.parse_args(argv)
    stale = []
    for name, text in build(args.shared, args.iso_json).items():
        path = HERE / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    verb = "out of date" if args.check else "rewritten"
    print(f"{verb}: {', '.join(stale)}" if stale else "tables up to date")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
