"""The shipped CAMEO codebook (treatylang/data/cameo.tsv) and its API."""

from __future__ import annotations

import csv
import io

import pytest

from treatylang.events import cameo
from treatylang.events.cameo import Codebook, codebook

from .conftest import CAMEO_CSV, need


def test_codebook_is_loaded_once_and_cached():
    """`codebook()` returns the same instance every time: the table is read once per process."""
    assert codebook() is codebook()


def test_codes_are_strings_with_leading_zeros():
    """Codes keep their leading zero: "040" is Consult and "40" is not a code."""
    assert cameo.is_known("040")
    assert not cameo.is_known("40")
    assert cameo.lookup("040").name == "Consult"
    assert all(isinstance(e.code, str) for e in codebook())


def test_label_is_code_then_name():
    """`label` is the code, a space, and the published name."""
    assert cameo.label("072") == "072 Provide military aid"
    assert cameo.label("19") == "19 FIGHT"


def test_label_of_an_unknown_code_says_so():
    """An unknown code still gets a label, marked unknown, so a report never crashes on it."""
    assert cameo.label("999") == "999 (unknown CAMEO code)"


def test_lookup_of_unknown_code_is_none():
    """Unknown codes (including GDELT's `---`) have no entry."""
    assert cameo.lookup("---") is None
    assert cameo.lookup("199") is None
    assert not cameo.is_known("---")


@pytest.mark.parametrize(
    "prefix, code, expected",
    [
        ("19", "190", True),
        ("19", "196", True),
        ("19", "19", True),  # a code covers itself
        ("03", "0331", True),
        ("033", "0331", True),
        ("0331", "0331", True),
        ("19", "18", False),
        ("190", "193", False),  # siblings do not cover each other
        ("072", "07", False),  # a sub-code does not cover its parent
        ("19", "---", False),  # unknown event codes are covered by nothing
        ("19", "199", False),
    ],
)
def test_covers_is_prefix_semantics_over_known_codes(prefix, code, expected):
    """`covers(prefix, code)`: a code covers itself and every known code that starts with it."""
    assert cameo.covers(prefix, code) is expected


def test_covers_rejects_a_prefix_that_is_not_a_code():
    """`covers("1", …)` raises: "1" is not a CAMEO code, and letting it cover 10–19 would hide a typo."""
    with pytest.raises(ValueError, match="not a CAMEO code"):
        cameo.covers("1", "190")


def test_expand_lists_every_code_a_prefix_covers():
    """`expand("19")` is exactly the fight family: 19 and 190–196."""
    assert cameo.expand("19") == {"19", "190", "191", "192", "193", "194", "195", "196"}
    assert cameo.expand("0871") == {"0871"}
    assert all(cameo.covers("03", c) for c in cameo.expand("03"))


@pytest.mark.parametrize(
    "code, quad",
    [("01", 1), ("057", 1), ("0331", 1), ("06", 2), ("072", 2), ("0871", 2), ("09", 2), ("10", 3), ("138", 3),
     ("145", 3), ("15", 4), ("190", 4), ("2042", 4)],
)
def test_quad_class_follows_the_root(code, quad):
    """Quad class by root: 01–05 verbal cooperation, 06–09 material cooperation,
    10–14 verbal conflict, 15–20 material conflict."""
    assert cameo.quad_class(code) == quad


def test_root_is_the_first_two_digits():
    """`root` is the two-digit root code, and None for unknown codes."""
    assert cameo.root("0331") == "03"
    assert cameo.root("196") == "19"
    assert cameo.root("---") is None


def test_four_digit_codes_gdelt_uses_are_known():
    """GDELT's four-digit codes such as 0871 (declare truce) are ordinary codebook entries."""
    assert cameo.is_known("0871")
    assert cameo.lookup("0871").root == "08"


def test_suggest_points_at_a_lost_leading_zero():
    """The help for "42" suggests "042": spreadsheets drop leading zeros."""
    assert "042" in codebook().suggest("42")
    assert "---" in codebook().suggest("---")


def test_codebook_size_matches_the_shipped_table():
    """The shipped table has the 312 codes of the published codebook, each with a 2-digit root."""
    book = codebook()
    assert len(book) == 312
    assert all(e.root == e.code[:2] and 2 <= len(e.code) <= 4 for e in book)


def test_codebook_agrees_with_the_published_codebook():
    """Every code of cameo-codes.csv is in the shipped codebook with the same name and Goldstein score, and
    the shipped codebook has no code the published one lacks."""
    raw = need(CAMEO_CSV).read_bytes().decode("utf-8", errors="replace")
    published = {r["code"]: r for r in csv.DictReader(io.StringIO(raw))}
    book = codebook()
    assert set(published) == book.codes
    for code, row in published.items():
        entry = book.lookup(code)
        assert entry.name == row["name"].strip(), code
        assert entry.goldstein == float(row["goldstein"]), code
        assert entry.root == row["root_code"], code


def test_a_codebook_can_be_built_from_entries():
    """`Codebook` is usable on its own entries (for tests of clause tooling with a tiny codebook)."""
    small = Codebook([cameo.CameoCode("19", "FIGHT", -10.0, 4, "19"), cameo.CameoCode("190", "Fight", -10.0, 4, "19")])
    assert small.covers("19", "190") and small.expand("19") == {"19", "190"}
