"""The CAMEO→PLOVER crosswalk, the country table, and the generator that derives the shipped tables."""

from __future__ import annotations

import pytest

from treatylang.data import make_tables
from treatylang.events import countries, plover
from treatylang.events.plover import covering_code, crosswalk

from .conftest import CROSSWALK, SHARED, need

# --- crosswalk ----------------------------------------------------------------------


def test_to_plover_gives_event_mode_and_context():
    """A CAMEO code maps to its PLOVER (event, mode, context); empty parts are None."""
    assert plover.to_plover("072") == ("AID", None, "military")
    assert plover.to_plover("0871") == ("RETREAT", "ceasefire", "military")
    assert plover.to_plover("040") == ("CONSULT", None, None)


def test_several_contexts_are_joined_with_semicolons():
    """A published context list like "crime; corruption" becomes "crime;corruption"."""
    assert plover.to_plover("091") == ("ACCUSE", "investigate", "crime;corruption")


def test_codes_with_no_plover_mapping_give_none():
    """The 01/02 families, unknown codes and the conflicting heading 08 map to nothing."""
    assert plover.to_plover("010") is None
    assert plover.to_plover("---") is None
    assert plover.to_plover("08") is None  # published twice: CONCEDE and RETREAT


def test_reverse_lookup_by_event_and_context():
    """`cameo_codes_for` is the reverse of `to_plover`, optionally narrowed by context."""
    aid = plover.cameo_codes_for("AID")
    assert {"07", "070", "071", "072", "073", "074", "075"} <= aid
    assert plover.cameo_codes_for("AID", "military") == {"072"}
    assert plover.cameo_codes_for("aid", "MILITARY") == {"072"}  # case-insensitive
    assert plover.cameo_codes_for("NOPE") == frozenset()


def test_reverse_lookup_is_consistent_with_forward():
    """Every code the reverse lookup gives for an event maps forward to that event."""
    xw = crosswalk()
    for event in xw.events:
        for code in xw.cameo_codes_for(event):
            assert xw.to_plover(code)[0] == event


@pytest.mark.parametrize(
    "event, contexts, mode, expected",
    [
        ("AID", ["military"], None, "072"),
        ("AID", [], None, "07"),  # every AID code is under 07
        ("AGREE", ["refugees"], None, "03"),  # an unknown context falls back to the event
        ("AGREE", ["economic"], None, "03"),  # 0311 and 0331: their common parent
        ("RETREAT", [], "ceasefire", "0871"),
        ("ASSAULT", [], None, None),  # roots 17-20: ambiguous
        ("ACCUSE", [], None, None),  # 09 and 11
        ("FIGHT", [], None, None),  # an older PLOVER type with no 2021 mapping
    ],
)
def test_cameo_for_plover_maps_only_when_unambiguous(event, contexts, mode, expected):
    """PLOVER → CAMEO gives the most specific code covering every candidate, or None when the candidates
    share no CAMEO code."""
    assert plover.cameo_for_plover(event, contexts, mode) == expected


def test_covering_code_is_the_longest_known_common_prefix():
    """`covering_code` finds the nearest common codebook ancestor."""
    assert covering_code(["0311", "0331"]) == "03"
    assert covering_code(["194", "195"]) == "19"
    assert covering_code(["072"]) == "072"
    assert covering_code(["180", "190"]) is None
    assert covering_code([]) is None


def test_crosswalk_agrees_with_the_published_table():
    """For every CAMEO code in CAMEO2PLOVER-2021 the shipped crosswalk gives the published mapping — except
    a code published with two different mappings (08), which maps to nothing."""
    published: dict[str, set] = {}
    for code, event, mode, context in make_tables.parse_crosswalk(need(CROSSWALK).read_text(encoding="utf-8")):
        published.setdefault(code, set()).add((event, mode or None, context or None))
    xw = crosswalk()
    assert set(published) == xw.codes | {"08"}
    for code, mappings in published.items():
        if len(mappings) == 1:
            assert xw.to_plover(code) == next(iter(mappings)), code
        else:
            assert code == "08" and xw.to_plover(code) is None


def test_published_crosswalk_lines_parse_as_expected():
    """The parser of the published format strips padding and comments, including a comment holding a colon."""
    rows = make_tables.parse_crosswalk(
        "# header\n03: AGREE\n0813: RETREAT, ,   legal # Ease curfew  21.09.17: note\n"
        "091: ACCUSE, investigate, crime; corruption # x\n~~~~~\n")
    assert rows == [("03", "AGREE", "", ""), ("0813", "RETREAT", "", "legal"),
                    ("091", "ACCUSE", "investigate", "crime;corruption")]


# --- countries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, code",
    [
        ("Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Occupied Palestinian Territory", "PSE"),
        ("United States", "USA"),
        ("United Kingdom", "GBR"),
        ("Democratic Republic of Congo", "COD"),
        ("Congo", "COG"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),  # accents and curly apostrophes are folded
        ("  south   KOREA ", "KOR"),  # case and spacing are ignored
        ("North Korea", "PRK"),
        ("Kosovo", "XKX"),
        ("Serbia and Montenegro", "SCG"),
    ],
)
def test_country_names_map_to_alpha3(name, code):
    """ICEWS-style country names map to ISO alpha-3 codes."""
    assert countries.code_for_name(name) == code


def test_unknown_country_name_maps_to_nothing_but_gets_a_suggestion():
    """A misspelt name is not guessed; the help suggests the closest known one."""
    assert countries.code_for_name("Russian Federatoin") is None
    assert "RUS" in countries.countries().suggest("Russian Federatoin")


def test_country_codes_are_told_from_roles_and_regions():
    """RUS is a state's code; GOV (a role) and EUR (a CAMEO region) are not."""
    assert countries.is_country_code("RUS") and countries.is_country_code("IRN")
    assert not countries.is_country_code("GOV")
    assert not countries.is_country_code("EUR")
    assert countries.is_region_code("EUR")
    assert countries.name_of("RUS") == "Russian Federation"


# --- the generator ---------------------------------------------------------------------


def test_shipped_tables_are_what_the_generator_makes():
    """Running make_tables on the shared data reproduces the shipped cameo.tsv and cameo_plover.tsv exactly
    (countries.tsv too, where the iso-codes package is installed)."""
    need(CROSSWALK)
    for name, text in make_tables.build(SHARED, make_tables.ISO_CODES_JSON).items():
        shipped = (make_tables.HERE / name).read_text(encoding="utf-8")
        assert shipped == text, f"{name} is out of date: run python -m treatylang.data.make_tables"


def test_quad_class_of_root_covers_all_roots():
    """The generator's quad-class rule gives 1..4 for roots 01..20 and rejects anything else."""
    assert [make_tables.quad_class_of_root(f"{r:02d}") for r in range(1, 21)] == [1] * 5 + [2] * 4 + [3] * 5 + [4] * 6
    with pytest.raises(ValueError):
        make_tables.quad_class_of_root("21")
