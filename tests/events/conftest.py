"""Helpers for the event-data tests: the shared data folder, GDELT row
builders, and a one-call "read this file" helper.

Fixture files are made by the tests themselves under `tmp_path`; the real
data sets are read from ``../shared/data`` beside the repository and the
tests that need them skip, saying why, where that folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylang.events import open_events

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "data"
GDELT_EXPORT = SHARED / "gdelt" / "20191024143000.export.CSV"
CAMEO_CSV = SHARED / "cameo" / "cameo-codes.csv"
CROSSWALK = SHARED / "plover" / "CAMEO2PLOVER-2021.txt"
PLOVER_GSR = SHARED / "plover" / "PLOVER_GSR_CAMEO.txt"


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when a shared data file is absent."""
    if not path.exists():
        pytest.skip(f"shared data not available: {path.resolve()} is absent "
                    "(the tests read ../shared/data beside the repository)")
    return path


# --- GDELT rows -------------------------------------------------------------------

# 0-based columns of the fields the tests set; the first 35 are the same in
# every GDELT layout.
GDELT_COLS = {
    "id": 0, "sqldate": 1, "a1code": 5, "a1name": 6, "a1country": 7, "a2code": 15, "a2name": 16, "a2country": 17,
    "root_event": 25, "code": 26, "base": 27, "root": 28, "quad": 29, "goldstein": 30, "mentions": 31,
    "a1geo_country": 37,  # Actor1Geo_CountryCode: FIPS 10-4, never an actor
}


def gdelt_row(ncols: int = 61, **values: str) -> str:
    """One GDELT row (no line end) with the named fields set and the rest
    shaped like a real row. `ncols` is 57, 58 or 61."""
    f = [""] * ncols
    defaults = dict(id="1000", sqldate="20191024", a1code="RUSGOV", a1name="RUSSIA", a1country="RUS",
                    a2code="IRNGOV", a2name="IRAN", a2country="IRN", root_event="1", code="036", base="036",
                    root="03", quad="1", goldstein="4.0", mentions="5", a1geo_country="RS")
    defaults.update(values)
    for k, v in defaults.items():
        f[GDELT_COLS[k]] = v
    f[2], f[3] = defaults["sqldate"][:6], defaults["sqldate"][:4]
    if ncols == 61:
        f[59], f[60] = "20191024143000", f"https://example.org/{defaults['id']}"
    elif ncols == 58:
        f[56], f[57] = "20191024", f"https://example.org/{defaults['id']}"
    else:
        f[56] = "20130301"
    return "\t".join(f)


def write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8, exactly as given: no newline translation) or bytes."""
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read_all(path: Path, **options):
    """(events, report) after reading `path` to the end."""
    reader = open_events(str(path), **options)
    events = list(reader)
    return events, reader.report
