"""Property: renaming, reordering and adding columns to a CSV header never changes the events read."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from treatylang.events.layouts import GDELT_LAYOUTS, ICEWS_COLUMNS, PLAIN_COLUMNS

from .conftest import read_all, write
from .test_icews import icews_row
from .test_reexports import ICEWS_ROWS, cells, gdelt_rows, key

PLAIN_ROWS = [
    ["2001-03-12", "RUS", "IRN", "040", "", "a1", "https://x.org/1", ""],
    ["2001-03", "IRN", "", "190", "", "a2", "", "09:30"],
    ["2001", "USA", "RUS", "", "assist", "", "", ""],
]


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace(" ", "_").lower()


SPELLINGS = [
    lambda n: n, str.lower, str.upper, lambda n: n.replace(" ", "_"), _snake, lambda n: " " + n + " ",
    lambda n: n.replace(" ", "."),
]


@st.composite
def header_variant(draw, names: tuple[str, ...], gdelt: bool):
    """(new header, column order, extra columns, index column?) for a layout's names."""
    spell = [draw(st.sampled_from(SPELLINGS)) for _ in names]
    prefix = draw(st.sampled_from(["", "GDELT.", "gdelt_"])) if gdelt else ""
    renamed = [prefix + s(n) for s, n in zip(spell, names)]
    order = draw(st.permutations(range(len(names))))
    extras = draw(st.lists(st.sampled_from(["note", "year", "source_file", "tone bucket", "Unnamed: 5"]),
                           unique=True, max_size=3))
    positions = [draw(st.integers(0, len(names))) for _ in extras]
    index = draw(st.booleans())
    return renamed, list(order), list(zip(positions, extras)), index


def render(names: list[str], rows: list[list[str]], variant) -> str:
    renamed, order, extras, index = variant
    header = [renamed[i] for i in order]
    data = [[r[i] for i in order] for r in rows]
    for pos, name in sorted(extras, reverse=True):
        header.insert(pos, name)
        for r in data:
            r.insert(pos, f"{name}-value, with a comma")
    if index:
        header.insert(0, "")
        data = [[str(i)] + r for i, r in enumerate(data)]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(data)
    return out.getvalue()


def _events(tmp_path_factory, text: str, fmt: str | None = None):
    p = write(tmp_path_factory.mktemp("h") / "x.csv", text)
    events, rep = read_all(p, fmt=fmt, strict=True)
    return [key(e) for e in events], rep


ICEWS_TABLE = [icews_row(**r).split("\t") for r in ICEWS_ROWS]
GDELT_TABLE = [cells(r) for r in gdelt_rows()]


@settings(max_examples=25, deadline=None)
@given(variant=header_variant(ICEWS_COLUMNS, gdelt=False))
def test_icews_csv_header_variants_give_the_same_events(tmp_path_factory, variant):
    """Any spelling, order and extra columns of an ICEWS CSV header: the events of the published header."""
    base, _ = _events(tmp_path_factory, render(list(ICEWS_COLUMNS), ICEWS_TABLE, (list(ICEWS_COLUMNS),
                                                                                  list(range(20)), [], False)))
    got, rep = _events(tmp_path_factory, render(list(ICEWS_COLUMNS), ICEWS_TABLE, variant))
    assert got == base and rep.accounted()


@settings(max_examples=25, deadline=None)
@given(variant=header_variant(GDELT_LAYOUTS["gdelt2"], gdelt=True))
def test_gdelt_csv_header_variants_give_the_same_events(tmp_path_factory, variant):
    """Any spelling, order, GDELT. prefix and extra columns of a GDELT CSV header: the export's events."""
    names = list(GDELT_LAYOUTS["gdelt2"])
    base, _ = _events(tmp_path_factory, "\n".join(gdelt_rows()) + "\n")
    got, rep = _events(tmp_path_factory, render(names, GDELT_TABLE, variant))
    assert got == base and rep.accounted()


@settings(max_examples=25, deadline=None)
@given(variant=header_variant(PLAIN_COLUMNS, gdelt=False))
def test_plain_csv_header_order_and_extra_columns(tmp_path_factory, variant):
    """A plain CSV's columns in any order and case, with extra columns: the same events, the extra columns
    becoming attributes (so the comparison leaves attributes out)."""
    renamed, order, extras, _index = variant
    cased = [n.upper() if r.strip().isupper() else n for r, n in zip(renamed, PLAIN_COLUMNS)]
    base, _ = _events(tmp_path_factory, render(list(PLAIN_COLUMNS), PLAIN_ROWS, (list(PLAIN_COLUMNS),
                                                                                list(range(8)), [], False)), "csv")
    got, rep = _events(tmp_path_factory, render(list(PLAIN_COLUMNS), PLAIN_ROWS, (cased, order, extras, False)),
                       "csv")
    strip = [k[:5] + k[6:] for k in got]
    assert strip == [k[:5] + k[6:] for k in base] and rep.accounted()
