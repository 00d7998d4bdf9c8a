"""Country and actor vocabularies: every spelling event data uses, missing-value markers, CAMEO's own codes,
and the classification of actor codes (state, former state, region, organisation…)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from treatylang.events import countries as C

from .conftest import SHARED, need

NAMES_TSV = SHARED / "countries" / "event-data-country-names.tsv"
TEXT_TO_CAMEO = SHARED / "countries" / "text_to_CAMEO-countrynames.txt"
DEDI = SHARED / "countries" / "ICEWS-to-jsonl-countrynames-DEDI.txt"

# Places inside a state, which the issue allows to stay off the state list:
# they map to "sub_national" (a place in that state, never a state actor).
SUB_NATIONAL = {"Aeolian Islands": "ITA", "Bavaria": "DEU", "Gaza": "PSE"}


def shared_names() -> list[str]:
    with need(NAMES_TSV).open(encoding="utf-8") as f:
        return [r["name"] for r in csv.DictReader(f, delimiter="\t")]


@pytest.mark.shared_data
def test_every_shared_spelling_maps_to_a_code_or_to_missing():
    """All 271 spellings of ../shared/data/countries/event-data-country-names.tsv map: to a country code, to
    "missing" (NA, NULL), or — for the sub-national places only — to the state they lie in."""
    names = shared_names()
    assert len(names) == 271
    unknown = [n for n in names if C.lookup_name(n).kind == "unknown"]
    assert unknown == []
    for n in names:
        m = C.lookup_name(n)
        if n in ("NA", "NULL"):
            assert m.kind == "missing" and m.code is None, n
        elif n in SUB_NATIONAL:
            assert (m.kind, m.code) == ("sub_national", SUB_NATIONAL[n]), n
        else:
            assert m.kind == "country" and C.is_country_code(m.code), n


@pytest.mark.shared_data
@pytest.mark.parametrize("path", [TEXT_TO_CAMEO, DEDI], ids=["text_to_CAMEO", "ICEWS-to-jsonl"])
def test_name_lists_agree_with_their_country_codes(path):
    """Each name of the PETRARCH and ICEWS-to-jsonl lists maps to the state of the code the list gives it
    (the list's first three letters; GBRGIB-style codes are territories of that state, which ISO codes on
    their own). Where the lists use CAMEO's spelling (TMP) the vocabulary gives ISO's (TLS); where they
    disagree with ISO on a territory or on Antarctica (ANT, which ISO has for the Netherlands Antilles), ISO wins."""
    rows = [line.split("\t") for line in need(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    iso_wins = {"Antarctica": "ATA", "Jersey": "JEY", "Mayotte": "MYT", "Saint Barthelemy": "BLM",
                "Guernsey": "GGY", "Serbia and Montenegro": "SCG", "Martinique": "MTQ", "Gaza": "PSE"}
    for name, code, *_ in rows:
        m = C.lookup_name(name)
        if name == "NULL":
            assert m.kind == "missing"
            continue
        want = iso_wins.get(name) or C.canonical_code(code[:3])
        if len(code) == 6 and name not in iso_wins:  # a territory written as state+territory (GBRGIB)
            assert m.code in (C.canonical_code(code[3:]), want), (name, code, m)
        else:
            assert m.code == want, (name, code, m)


@pytest.mark.parametrize("name, code", [
    ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("TURKEY", "TUR"),
    ("the former Yugoslav Republic of Macedonia", "MKD"), ("The Former Yugoslav Republic Of Macedonia", "MKD"),
    ("North Macedonia", "MKD"), ("Russian Federation", "RUS"), ("Iran", "IRN"), ("Kosovo", "XKX"),
    ("Timor-Leste", "TLS"), ("East Timor", "TLS"), ("Curaçao", "CUW"), ("Namibia", "NAM"),
])
def test_aliases(name, code):
    """ICEWS's and the press's spellings, ISO's new names and accents all map, case-insensitively."""
    assert C.code_for_name(name) == code


@pytest.mark.parametrize("marker", ["NA", "NULL", "", "  ", "N/A", "null", "None"])
def test_missing_value_markers_are_no_actor_never_a_country(marker):
    """R's NA (not Namibia), NULL, blanks: "missing", so a reader treats them as no actor / no target."""
    assert C.lookup_name(marker).kind == "missing"
    assert C.code_for_name(marker) is None


@pytest.mark.parametrize("code, iso", [("TMP", "TLS"), ("ROM", "ROU"), ("MTN", "MNE"), ("IMY", "IMN"),
                                       ("KSV", "XKX"), ("RUS", "RUS")])
def test_cameo_spellings_have_an_iso_code(code, iso):
    """CAMEO's own spellings of states are country codes, and stand for an ISO code."""
    assert C.is_country_code(code) and C.canonical_code(code) == iso


@pytest.mark.parametrize("code, kind", [
    ("RUS", "state"), ("IRN", "state"), ("TMP", "state"), ("PSE", "state"), ("GUM", "territory"),
    ("HKG", "territory"), ("IMY", "territory"), ("SUN", "former_state"), ("YUG", "former_state"),
    ("ANT", "former_territory"), ("BAG", "sub_state"), ("GZS", "sub_state"), ("WSB", "sub_state"),
    ("EUR", "region"), ("AFR", "region"), ("UNO", "igo"), ("NAT", "igo"), ("EEC", "igo"), ("IGO", "igo"),
    ("NGO", "non_state"), ("HMS", "non_state"), ("GOV", "role"), ("REB", "role"), ("XAA", "state"),
    ("ABC", "unknown"), ("rus", "unknown"), ("", "unknown"),
    ("IRNGOV", "state"), ("RUSMILGOV", "state"), ("IRNREB", "non_state"), ("USABUS", "non_state"),
    ("IGOUNO", "igo"), ("IGOEUREEC", "igo"), ("NGOHRI", "non_state"), ("GOVRUS", "role"), ("ABCGOV", "unknown"),
])
def test_actor_kind(code, kind):
    """Every actor code gets one kind; composites take the kind of their country unless a non-state role
    follows it."""
    assert C.actor_kind(code) == kind
    assert kind in C.KINDS


def test_actor_kind_on_a_day():
    """A former state is a state on the days it existed, and only then."""
    assert C.actor_kind("SUN", dt.date(1985, 6, 1)) == "state"
    assert C.actor_kind("SUN", dt.date(1991, 12, 26)) == "former_state"
    assert C.actor_kind("SCG", dt.date(2003, 2, 3)) == "former_state"
    assert C.actor_kind("SCG", dt.date(2004, 1, 1)) == "state"
    assert C.actor_kind("RUS", dt.date(1985, 6, 1)) == "state"
    assert C.ussr_as_rus("RUS", dt.date(1985, 6, 1)) and not C.ussr_as_rus("RUS", dt.date(1992, 1, 1))
    assert C.is_state_on("SUN", dt.date(1980, 1, 1)) and not C.is_state_on("SUN", dt.date(2000, 1, 1))


@pytest.mark.parametrize("code, fragment", [
    ("RUX", "did you mean `RUS`"), ("RUSS", "did you mean `RUS`"), ("rus", "did you mean `RUS`"),
    ("EUR", "region"), ("UNO", "international organisation"),
])
def test_check_state_code_rejects_with_did_you_mean(code, fragment):
    """A code that is no state gets a message and a help line that says what it is or what was meant."""
    p = C.check_state_code(code)
    assert p is not None and fragment in (p.message + " " + (p.help or ""))


def test_check_state_code_dates_for_former_states():
    """SUN is accepted on a day the Soviet Union existed, refused after, with its successor named."""
    assert C.check_state_code("SUN", dt.date(1980, 1, 1)) is None
    p = C.check_state_code("SUN", dt.date(2001, 7, 1))
    assert p is not None and "did not exist on 2001-07-01" in p.message and "RUS" in p.help
    assert C.check_state_code("SUN") is None  # no date: nothing to compare
    assert C.check_state_code("RUS", dt.date(1980, 1, 1)) is None
    assert C.check_state_code("XAA") is None  # user-assigned: hypothetical states


def test_unknown_name_suggestion_is_cached():
    """A misspelt name gets a suggestion, computed once per name (a file repeats its bad names)."""
    v = C.vocabulary()
    assert "RUS" in v.suggest("Russian Federatoin")
    assert fold_key("Russian Federatoin") in v._suggest


def fold_key(name: str) -> str:
    return C.fold(name)
