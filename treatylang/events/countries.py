"""Country and actor vocabularies (``treatylang/data/actors.tsv``, ``country_names.tsv``).

Event data names states three ways, and treatylang wants one: the ISO 3166-1
alpha-3 code that CAMEO also uses (``RUS``, ``IRN``).

* GDELT actor-country columns hold CAMEO/ISO alpha-3 codes — plus CAMEO's
  own spellings (``TMP`` East Timor, ``ROM`` Romania: `canonical_code` gives
  ``TLS``, ``ROU``), its sub-state places (``GZS`` Gaza Strip) and its
  *regional* codes (``EUR``, ``AFR``…). GDELT's ``*Geo_CountryCode``
  columns are FIPS 10-4 (``RS`` is Russia) and are never used for actors.
* ICEWS spells countries out ("Russian Federation", "Turkey", "the former
  Yugoslav Republic of Macedonia"): `lookup_name` maps them, case-, accent-
  and spacing-insensitively, and knows the missing-value markers (``NA`` as
  R writes an empty cell, ``NULL``), which mean *no actor*, never Namibia.
* CAMEO actor codes start with a country code when the actor belongs to a
  state (``IRNGOV`` → ``IRN``) and with a role or group code otherwise
  (``GOV``, ``IGOUNO``).

`actor_kind(code, day)` classifies any of these codes — state, territory,
former state, sub-state place, region, international organisation, other
non-state group, role — so a clause's "third state" can bind states only.
The function names here are a stable API (the evaluator uses them).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import unicodedata

from attrs import frozen

from ._tables import read_tsv

KINDS = ("state", "territory", "former_state", "former_territory", "sub_state", "region", "igo", "non_state",
         "role", "unknown")
# The kinds whose code can stand for an actor's country in an event.
COUNTRY_KINDS = frozenset({"state", "territory", "former_state", "former_territory"})
# CAMEO roles that act for a state (a composite code such as RUSGOVMIL is
# still the state); other roles (REB, OPP, BUS…) are not the state.
STATE_ROLES = frozenset({"GOV", "MIL", "COP", "JUD", "SPY", "LEG", "UIS"})
CONTESTED = frozenset({"PSE", "TWN", "XKX", "ESH"})  # see treatylang/data/vocab_sources.py
# GDELT codes the Soviet Union as RUS in its back-file; the USSR ended here.
USSR_END = _dt.date(1991, 12, 25)


def fold(name: str) -> str:
    """The lookup key of a country name: accents, case and spacing ignored."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.replace("’", "'").casefold().split())


@frozen
class ActorCode:
    """One row of ``actors.tsv``."""

    code: str
    kind: str
    iso: str | None  # the ISO code a CAMEO spelling stands for, a former state's successor, a place's state
    start: _dt.date | None
    until: _dt.date | None
    name: str


@frozen
class NameMatch:
    """What a country name means: ``kind`` is ``country`` (with its ``code``),
    ``missing`` (a missing-value marker: no actor), ``sub_national`` (a place
    inside the state ``code``: not a state actor), or ``unknown``."""

    kind: str
    code: str | None = None


UNKNOWN_NAME = NameMatch("unknown")


def _date(s: str) -> _dt.date | None:
    return _dt.date.fromisoformat(s) if s else None


class Vocabulary:
    __slots__ = ("codes", "names", "canonical_name", "_suggest")

    def __init__(self, codes: list[list[str]], names: list[list[str]]):
        self.codes: dict[str, ActorCode] = {
            c: ActorCode(c, kind, iso or None, _date(start), _date(until), name)
            for c, kind, iso, start, until, name in codes}
        self.names: dict[str, NameMatch] = {}
        self.canonical_name: dict[str, str] = {}
        for name, code, kind in names:
            self.names[fold(name)] = NameMatch(kind, code or None)
        for a in self.codes.values():
            self.canonical_name[a.code] = a.name
        self._suggest: dict[str, str | None] = {}

    def lookup_name(self, name: str) -> NameMatch:
        """What `name` means (blank: ``missing``)."""
        key = fold(name)
        if not key:
            return NameMatch("missing")
        return self.names.get(key, UNKNOWN_NAME)

    def code_for_name(self, name: str) -> str | None:
        m = self.lookup_name(name)
        return m.code if m.kind == "country" else None

    def suggest(self, name: str) -> str | None:
        """A did-you-mean help text for an unknown name (cached: a file repeats its bad names)."""
        key = fold(name)
        if key not in self._suggest:
            close = difflib.get_close_matches(key, [k for k, m in self.names.items() if m.kind == "country"],
                                              n=1, cutoff=0.75)
            if close:
                code = self.names[close[0]].code
                self._suggest[key] = f"did you mean `{self.canonical_name.get(code, close[0])}` ({code})?"
            else:
                self._suggest[key] = None
        return self._suggest[key]


@functools.lru_cache(maxsize=None)
def vocabulary() -> Vocabulary:
    return Vocabulary(list(read_tsv("actors.tsv")), list(read_tsv("country_names.tsv")))


countries = vocabulary  # the older name


@functools.lru_cache(maxsize=None)
def state_codes() -> frozenset[str]:
    """Codes that can stand for an actor's country: states and territories,
    current and former, and CAMEO's spellings of them — not regions, sub-state
    places, organisations or roles."""
    return frozenset(c for c, a in vocabulary().codes.items() if a.kind in COUNTRY_KINDS)


@functools.lru_cache(maxsize=None)
def _canonical() -> dict[str, str]:
    return {c: a.iso for c, a in vocabulary().codes.items()
            if a.kind in ("state", "territory") and a.iso and a.iso != c}


def cameo_spellings() -> dict[str, str]:
    """CAMEO spelling → ISO code (``TMP`` → ``TLS``…), for readers that map many codes."""
    return _canonical()


def canonical_code(code: str) -> str:
    """The ISO code for a CAMEO spelling (``TMP`` → ``TLS``, ``ROM`` → ``ROU``); other codes unchanged."""
    return _canonical().get(code, code)


def lookup_name(name: str) -> NameMatch:
    """``"Russian Federation"`` → country RUS; ``"NA"`` → missing; ``"Bavaria"`` → sub_national DEU."""
    return vocabulary().lookup_name(name)


def code_for_name(name: str) -> str | None:
    """``"Russian Federation"`` → ``"RUS"``; None when the name is unknown or names no country."""
    return vocabulary().code_for_name(name)


def is_country_code(code: str) -> bool:
    """A state's or territory's code (``RUS``, ``IRN``, former ``SUN``, CAMEO's ``TMP``…), not a region, role or group."""
    return code in state_codes()


def is_region_code(code: str) -> bool:
    """One of CAMEO's regional actor codes (``EUR``, ``AFR``, ``MEA``…)."""
    a = vocabulary().codes.get(code)
    return a is not None and a.kind == "region"


def is_contested(code: str) -> bool:
    """Statehood disputed by some states (PSE, TWN, XKX and Kosovo's KSV, ESH)."""
    return canonical_code(code) in CONTESTED


def name_of(code: str) -> str | None:
    return vocabulary().canonical_name.get(code)


def info(code: str) -> ActorCode | None:
    """The table row of a three-letter code, or None."""
    return vocabulary().codes.get(code)


def actor_kind(code: str, day: _dt.date | None = None) -> str:
    """What kind of actor a code names, on `day` if given — one of `KINDS`.

    * three letters: the kind in ``actors.tsv``. With a `day`, a former state
      is ``state`` on the days it existed (``SUN`` in 1985) and
      ``former_state`` after; ``RUS`` is a ``state`` on any day (GDELT codes
      the USSR as RUS; `ussr_as_rus` tells when that applies).
    * a CAMEO composite (``IRNGOV``, ``RUSMILGOV``, ``IGOUNO``, ``NGOHRI``):
      a country code followed only by state roles (GOV, MIL, COP, JUD, SPY,
      LEG) is that country's kind; followed by any other role or group
      (``IRNREB``, ``USABUS``) it is ``non_state``; led by an organisation
      or group code it is that code's kind (``igo``, ``non_state``); led by
      a role code (``GOVxxx``) it is ``role``. Anything else: ``unknown``.

    ISO's user-assigned codes (``XAA``…) are ``state``: examples use them for
    hypothetical states. Codes are case-sensitive: ``rus`` is ``unknown``.
    """
    v = vocabulary().codes
    if len(code) == 3:
        a = v.get(code)
        if a is None:
            return "state" if is_user_assigned(code) else "unknown"
        if day is not None and a.kind in ("former_state", "former_territory"):
            if (a.start is None or a.start <= day) and (a.until is None or day <= a.until):
                return "state" if a.kind == "former_state" else "territory"
        return a.kind
    if len(code) < 3 or len(code) % 3 or not code.isalpha() or not code.isupper():
        return "unknown"
    parts = [code[i:i + 3] for i in range(0, len(code), 3)]
    head = v.get(parts[0])
    if head is None:
        return "unknown"
    if head.kind in ("igo", "non_state", "role", "region", "sub_state"):
        return head.kind
    rest = [v.get(p) for p in parts[1:]]
    if all(r is not None and r.code in STATE_ROLES for r in rest):
        return actor_kind(parts[0], day)
    if any(r is not None and (r.kind in ("role", "non_state", "igo")) for r in rest):
        return "non_state"
    return "unknown"


def is_state_on(code: str, day: _dt.date | None = None) -> bool:
    """Whether `code` names a state (on `day`, if given)."""
    return actor_kind(code, day) == "state"


def ussr_as_rus(code: str, day: _dt.date) -> bool:
    """True for ``RUS`` on a day the Soviet Union still existed: GDELT's
    back-file codes the USSR as RUS, so such an event is about the USSR."""
    return code == "RUS" and day <= USSR_END


# --- validating a code written by a person (clause files, scenarios) -----------------------


@frozen
class CodeProblem:
    """Why a written state code is not accepted: `message`, a `help` line, and
    `kind`: ``unknown`` (no such code), ``not_state`` (a region, organisation,
    role…), or ``date`` (a former state on a day it did not exist)."""

    message: str
    help: str | None = None
    kind: str = "unknown"


def _close_codes(code: str) -> list[str]:
    pool = sorted(c for c, a in vocabulary().codes.items() if a.kind in COUNTRY_KINDS)
    return difflib.get_close_matches(code.upper(), pool, n=3, cutoff=0.6)


def check_state_code(code: str, day: _dt.date | None = None, last_day: _dt.date | None = None) -> CodeProblem | None:
    """None when `code` is a state (or territory) code a person may write —
    on `day` … `last_day` if given — else the problem with a did-you-mean.

    User-assigned ISO codes (``XAA``–``XZZ``, ``QMA``–``QZZ``, ``AAA``–``AAZ``,
    ``ZZA``–``ZZZ``) are accepted: hypothetical states in examples use them."""
    if is_user_assigned(code):
        return None
    a = vocabulary().codes.get(code)
    if a is not None and a.kind in COUNTRY_KINDS:
        if a.kind.startswith("former") and day is not None:
            end = last_day or day
            if (a.until is not None and day > a.until) or (a.start is not None and end < a.start):
                span = f"{a.start.isoformat() if a.start else '…'} to {a.until.isoformat() if a.until else '…'}"
                succ = f"; its successor is {a.iso} ({name_of(a.iso) or a.iso})" if a.iso else ""
                return CodeProblem(f"`{code}` ({a.name}) did not exist on {day.isoformat()}",
                                   f"{a.name} existed from {span}{succ}", "date")
        return None
    if a is not None:
        what = {"region": "a CAMEO region", "sub_state": f"a place in {a.iso}", "igo": "an international organisation",
                "non_state": "a non-state group", "role": "a CAMEO role code"}.get(a.kind, a.kind)
        return CodeProblem(f"`{code}` is {what} ({a.name}), not a state",
                           "parties and actors are states: ISO 3166-1 alpha-3 codes such as RUS, IRN", "not_state")
    up = code.upper()
    if up != code and up in vocabulary().codes and vocabulary().codes[up].kind in COUNTRY_KINDS:
        return CodeProblem(f"`{code}` is not a state code", f"state codes are upper case: did you mean `{up}`?")
    close = _close_codes(code)
    if close:
        names = ", ".join(f"`{c}` ({name_of(c)})" for c in close)
        return CodeProblem(f"`{code}` is not a known state code", f"did you mean {names}?")
    return CodeProblem(f"`{code}` is not a known state code",
                       "state codes are ISO 3166-1 alpha-3 (RUS, IRN, USA); XAA–XZZ are free for hypothetical states")


def is_user_assigned(code: str) -> bool:
    """ISO 3166-1's user-assigned alpha-3 ranges (AAA–AAZ, QMA–QZZ, XAA–XZZ, ZZA–ZZZ).
    XKX (Kosovo) is in the table as a state."""
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        return False
    return code[:2] == "AA" or code[:2] == "ZZ" or code[0] == "X" or (code[0] == "Q" and code[1] >= "M")
