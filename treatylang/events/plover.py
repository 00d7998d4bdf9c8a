"""The CAMEO → PLOVER crosswalk shipped with treatylang
(``treatylang/data/cameo_plover.tsv``, derived from PLOVER's
CAMEO2PLOVER-2021 table; see ``treatylang/data/make_tables.py``).

PLOVER (the successor ontology to CAMEO) describes an event by an *event
type* (``ASSAULT``), an optional *mode* (``firearms``) and one or more
*contexts* (``military``). Each CAMEO code maps to at most one such triple;
the reverse is many-to-many: ``ASSAULT`` comes from codes in roots 17–20.

Going back from PLOVER to CAMEO (what the PLOVER readers need) is therefore
only done when it is *unambiguous* (`cameo_for_plover`): the candidates are
the CAMEO codes with that event type — narrowed by the record's contexts and
mode where that leaves any — and the answer is the most specific CAMEO code
that covers them all. ``AID`` + ``military`` gives ``072``; ``AGREE`` with any
context gives at least ``03``; ``ASSAULT`` (roots 17–20) gives nothing, and
the event keeps its PLOVER description as attributes instead.
"""

from __future__ import annotations

import functools
from typing import Iterable

from ._tables import read_tsv
from .cameo import codebook


class Crosswalk:
    """CAMEO code → (event, mode, context), and its reverse."""

    __slots__ = ("_forward", "_by_event")

    def __init__(self, rows: Iterable[tuple[str, str, str, str]]):
        self._forward: dict[str, tuple[str, str | None, str | None]] = {}
        self._by_event: dict[str, list[str]] = {}
        for code, event, mode, context in rows:
            self._forward[code] = (event, mode or None, context or None)
            self._by_event.setdefault(event, []).append(code)

    @classmethod
    def load(cls) -> "Crosswalk":
        return cls(tuple(r) for r in read_tsv("cameo_plover.tsv"))  # type: ignore[misc]

    @property
    def events(self) -> frozenset[str]:
        """Every PLOVER event type the crosswalk names."""
        return frozenset(self._by_event)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self._forward)

    def to_plover(self, code: str) -> tuple[str, str | None, str | None] | None:
        """``(event, mode, context)`` for a CAMEO code, None where the crosswalk
        has no entry (the 01 and 02 families, unknown codes, and ``08``, whose
        published heading is both CONCEDE and RETREAT). Several contexts are
        joined with ``;`` (``"crime;corruption"``)."""
        return self._forward.get(code)

    def cameo_codes_for(self, event: str, context: str | None = None, mode: str | None = None) -> frozenset[str]:
        """Every CAMEO code that maps to `event` (and, if given, whose contexts
        include `context` and whose mode is `mode`)."""
        out = []
        for code in self._by_event.get(event.strip().upper(), ()):
            _, m, ctx = self._forward[code]
            if context is not None and context.strip().lower() not in (ctx or "").split(";"):
                continue
            if mode is not None and (m or "") != mode.strip().lower():
                continue
            out.append(code)
        return frozenset(out)

    def cameo_for_plover(self, event: str, contexts: Iterable[str] = (), mode: str | None = None) -> str | None:
        """The one CAMEO code a PLOVER description maps to, or None when that is
        ambiguous (see the module doc)."""
        candidates = self.cameo_codes_for(event)
        if not candidates:
            return None
        narrowed = frozenset().union(*(self.cameo_codes_for(event, c) for c in contexts if c))
        if narrowed:
            candidates = narrowed
        if mode:
            by_mode = frozenset(c for c in candidates if (self._forward[c][1] or "") == mode.strip().lower())
            if by_mode:
                candidates = by_mode
        return covering_code(candidates)


def covering_code(codes: Iterable[str]) -> str | None:
    """The most specific known CAMEO code covering every code in `codes`
    (their longest common prefix that is a codebook entry), or None."""
    codes = list(codes)
    if not codes:
        return None
    prefix = codes[0]
    for c in codes[1:]:
        n = 0
        while n < min(len(prefix), len(c)) and prefix[n] == c[n]:
            n += 1
        prefix = prefix[:n]
    book = codebook()
    while len(prefix) >= 2:
        if book.is_known(prefix):
            return prefix
        prefix = prefix[:-1]
    return None


@functools.lru_cache(maxsize=None)
def crosswalk() -> Crosswalk:
    """The shared crosswalk, loaded on first use."""
    return Crosswalk.load()


def to_plover(code: str) -> tuple[str, str | None, str | None] | None:
    return crosswalk().to_plover(code)


def cameo_codes_for(event: str, context: str | None = None) -> frozenset[str]:
    return crosswalk().cameo_codes_for(event, context)


def cameo_for_plover(event: str, contexts: Iterable[str] = (), mode: str | None = None) -> str | None:
    return crosswalk().cameo_for_plover(event, contexts, mode)
