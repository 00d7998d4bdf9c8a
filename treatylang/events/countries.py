"""Country codes and names (``treatylang/data/countries.tsv``).

Event data names states three ways, and treatylang wants one: the ISO 3166-1
alpha-3 code that CAMEO also uses (``RUS``, ``IRN``).

* GDELT actor-country columns already hold CAMEO/ISO alpha-3 codes — plus
  CAMEO's *regional* codes (``EUR``, ``AFR``, ``MEA``…), kept as given but
  marked ``region`` here so a clause layer can tell them from states. GDELT's
  ``*Geo_CountryCode`` columns are FIPS 10-4 (``RS`` is Russia, ``IR`` Iran)
  and are never used for actors.
* ICEWS spells countries out ("Russian Federation", "Iran", "Occupied
  Palestinian Territory"): `code_for_name` maps them, case-, accent- and
  spacing-insensitively.
* CAMEO actor codes start with a country code when the actor belongs to a
  state (``IRNGOV`` → ``IRN``) and with a role code otherwise (``GOV``,
  ``MIL``): `is_country_code` tells them apart.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata

from ._tables import read_tsv


def fold(name: str) -> str:
    """The lookup key of a country name: accents, case and spacing ignored."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.replace("’", "'").casefold().split())


class Countries:
    __slots__ = ("by_name", "kind", "canonical")

    def __init__(self, rows: list[list[str]]):
        self.by_name: dict[str, str] = {}
        self.kind: dict[str, str] = {}
        self.canonical: dict[str, str] = {}
        for code, kind, name in rows:
            self.by_name.setdefault(fold(name), code)
            self.kind.setdefault(code, kind)
            self.canonical.setdefault(code, name)

    def code_for_name(self, name: str) -> str | None:
        return self.by_name.get(fold(name))

    def suggest(self, name: str) -> str | None:
        close = difflib.get_close_matches(fold(name), list(self.by_name), n=1, cutoff=0.75)
        if not close:
            return None
        code = self.by_name[close[0]]
        return f"did you mean `{self.canonical[code]}` ({code})?"


@functools.lru_cache(maxsize=None)
def countries() -> Countries:
    return Countries(list(read_tsv("countries.tsv")))


@functools.lru_cache(maxsize=None)
def state_codes() -> frozenset[str]:
    """Codes of countries and territories (ISO 3166-1, current and former),
    without CAMEO's regional codes."""
    return frozenset(c for c, k in countries().kind.items() if k != "region")


def code_for_name(name: str) -> str | None:
    """``"Russian Federation"`` → ``"RUS"``; None when the name is unknown."""
    return countries().code_for_name(name)


def is_country_code(code: str) -> bool:
    """A state's code (``RUS``, ``IRN``, former ``SUN``…), not a region or role."""
    return code in state_codes()


def is_region_code(code: str) -> bool:
    """One of CAMEO's regional actor codes (``EUR``, ``AFR``, ``MEA``…)."""
    return countries().kind.get(code) == "region"


def name_of(code: str) -> str | None:
    return countries().canonical.get(code)
