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

``actors.tsv``  (code, kind, iso, from, until, name)
    One row per three-letter actor code event data puts where a country
    goes: every ISO 3166-1 alpha-3 code (Debian ``iso-codes``,
    ``iso_3166-1.json``), the ISO 3166-3 former codes still met in data
    since 1979, CAMEO's own spellings of states (``TMP``, ``ROM``, ``MTN``,
    ``IMY``, ``KSV``), its sub-state places (``BAG``, ``GZS``, ``WSB``) and
    regions (``EUR``…), the CAMEO known-group codes of intergovernmental
    organisations (``UNO``, ``NAT``, ``EEC``…) and the CAMEO role/type codes
    (``GOV``, ``MIL``…). ``kind`` is one of state, territory, former_state,
    former_territory, sub_state, region, igo, non_state, role; ``iso`` is the
    ISO code a CAMEO spelling stands for (``TMP`` → ``TLS``), the successor
    of a former state, or the state a sub-state place lies in; ``from`` /
    ``until`` bound the days a former state or territory existed. The facts
    and their sources are in ``vocab_sources.py``.

``country_names.tsv``  (name, code, kind)
    Every spelling of a country that the readers map (ICEWS's "Source
    Country", names in re-exports): ISO's names, common names and official
    names, and the spellings event data uses (``ALIASES`` in
    ``vocab_sources.py``: "Russia", "Turkey", "the former Yugoslav Republic
    of Macedonia"…). ``kind`` is ``country``; ``missing`` for the
    missing-value markers (``NA`` as R writes an empty cell, ``NULL``,
    ``N/A``, ``None``), which mean *no actor / no target*, never a country
    (``NA`` is not Namibia here); ``sub_national`` for a place inside a state
    (``Bavaria`` → ``DEU``), which is not a state actor. The test
    ``tests/events/test_vocabulary.py`` pins every spelling of
    ``../shared/data/countries/event-data-country-names.tsv``.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
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


from .vocab_sources import actor_rows, name_rows  # noqa: E402  (the country and actor vocabularies)


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
        iso3 = iso_json.with_name("iso_3166-3.json")
        out["actors.tsv"] = render_tsv(("code", "kind", "iso", "from", "until", "name"), actor_rows(iso_json, iso3))
        out["country_names.tsv"] = render_tsv(("name", "code", "kind"), name_rows(iso_json))
    else:
        print(f"note: {iso_json} not found (apt-get install iso-codes); actors.tsv and country_names.tsv left as "
              "they are", file=sys.stderr)
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
