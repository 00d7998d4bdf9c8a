"""The CAMEO event codebook shipped with treatylang (``treatylang/data/cameo.tsv``).

CAMEO codes are *strings* of two to four digits; the leading zero is part of
the code (``"040"`` is "Consult", ``"40"`` is nothing). The codebook is a tree
written into the digits: the two-digit *root* (``"19"`` Fight), three-digit
base codes under it (``"190"``–``"196"``) and four-digit sub-codes under those
(``"0331"`` under ``"033"`` under ``"03"``). So a code *covers* every code that
starts with it — the prefix semantics clause files use (``cameo 19`` means any
fight). A code covers itself.

Codes that are not in the codebook are *unknown*: ``is_known`` is False,
``lookup`` returns None, and ``covers`` is False for them. Two kinds of
unknown code are met in practice:

* GDELT's placeholder ``"---"`` (an event it could not code): the readers skip
  such rows with the reason ``no_code``; they are not bad rows.
* anything else (``"42"`` where a spreadsheet ate the zero of ``"042"``, a
  made-up ``"199"``): the readers report it as TL503, never guess.

``"0871"`` (Declare truce, ceasefire) and the other four-digit codes are
ordinary codebook entries.

The table is loaded once per process, lazily, through importlib.resources, so
a non-editable install finds it.
"""

from __future__ import annotations

import functools
from typing import Iterator

from attrs import frozen

from ._tables import read_tsv

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

UNCODED = "---"  # GDELT's "no event code"


@frozen(slots=True)
class CameoCode:
    """One codebook entry."""

    code: str
    name: str  # as published (root categories are upper case)
    goldstein: float  # Goldstein conflict–cooperation score, -10 … +10
    quad_class: int  # 1..4, see QUAD_CLASSES
    root: str  # two-digit root code

    @property
    def label(self) -> str:
        """``"072 Provide military aid"``."""
        return f"{self.code} {self.name}"


class Codebook:
    """The CAMEO codebook: code → entry, plus prefix queries.

    Use `codebook()` for the shared, cached instance.
    """

    __slots__ = ("_codes", "_children", "codes")

    def __init__(self, entries: list[CameoCode]):
        self._codes: dict[str, CameoCode] = {e.code: e for e in entries}
        self.codes: frozenset[str] = frozenset(self._codes)  # every known code
        # prefix -> every known code it covers (itself included), for expand().
        children: dict[str, list[str]] = {c: [] for c in self._codes}
        for c in self._codes:
            for n in range(2, len(c) + 1):
                if c[:n] in children:
                    children[c[:n]].append(c)
        self._children = {k: frozenset(v) for k, v in children.items()}

    @classmethod
    def load(cls) -> "Codebook":
        """Read ``treatylang/data/cameo.tsv``."""
        entries = [
            CameoCode(code, name, float(gold), int(quad), root)
            for code, name, gold, quad, root in read_tsv("cameo.tsv")
        ]
        return cls(entries)

    # --- queries ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def lookup(self, code: str) -> CameoCode | None:
        """The entry for `code`, or None when the code is unknown."""
        return self._codes.get(code)

    def is_known(self, code: str) -> bool:
        return code in self._codes

    def label(self, code: str) -> str:
        """``"072 Provide military aid"``; an unknown code is labelled as such."""
        e = self._codes.get(code)
        return e.label if e else f"{code} (unknown CAMEO code)"

    def quad_class(self, code: str) -> int | None:
        """1–4 (see QUAD_CLASSES), or None for an unknown code."""
        e = self._codes.get(code)
        return e.quad_class if e else None

    def root(self, code: str) -> str | None:
        """The two-digit root (``"19"`` for ``"193"``), or None if unknown."""
        e = self._codes.get(code)
        return e.root if e else None

    def goldstein(self, code: str) -> float | None:
        e = self._codes.get(code)
        return e.goldstein if e else None

    def covers(self, prefix: str, code: str) -> bool:
        """Whether the action code `prefix` covers the event code `code`.

        ``covers("19", "193")`` and ``covers("033", "0331")`` are True, a code
        covers itself, and an unknown event code is covered by nothing. An
        unknown `prefix` raises ValueError: ``"1"`` is not a CAMEO code, and
        silently letting it cover 10–19 would hide a mistake.
        """
        if prefix not in self._codes:
            raise ValueError(f"`{prefix}` is not a CAMEO code")
        return code in self._codes and code.startswith(prefix)

    def expand(self, prefix: str) -> frozenset[str]:
        """Every known code `prefix` covers, itself included (for indexing)."""
        try:
            return self._children[prefix]
        except KeyError:
            raise ValueError(f"`{prefix}` is not a CAMEO code") from None

    def suggest(self, code: str) -> str | None:
        """A help text for an unknown code, or None."""
        if code == UNCODED:
            return "`---` is GDELT's mark for an event it could not code"
        if code.isdigit() and ("0" + code) in self._codes:
            return f"did you mean `0{code}`? (CAMEO codes keep their leading zero; a spreadsheet may have dropped it)"
        if code.isdigit() and len(code) >= 3 and code[:-1] in self._codes:
            return f"`{code[:-1]}` is the nearest known code; CAMEO has no `{code}`"
        return "CAMEO codes are 2–4 digits from the codebook, e.g. `190`; see docs/event-data.md"


@functools.lru_cache(maxsize=None)
def codebook() -> Codebook:
    """The shared codebook, loaded on first use."""
    return Codebook.load()


# Module-level shortcuts on the shared codebook.


def lookup(code: str) -> CameoCode | None:
    return codebook().lookup(code)


def label(code: str) -> str:
    return codebook().label(code)


def is_known(code: str) -> bool:
    return codebook().is_known(code)


def covers(prefix: str, code: str) -> bool:
    return codebook().covers(prefix, code)


def quad_class(code: str) -> int | None:
    return codebook().quad_class(code)


def root(code: str) -> str | None:
    return codebook().root(code)


def expand(prefix: str) -> frozenset[str]:
    return codebook().expand(prefix)
