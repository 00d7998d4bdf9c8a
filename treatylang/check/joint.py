"""Joint acts and shared duties (docs/semantics.md §11.4).

A *joint act* of `the parties` is an act between two of them: its actor and
its target are both parties of the clause's instrument, and not the same
state. An obligation of `the parties` is discharged when every party has
taken part in such an act (in a bilateral instrument: one act between the
two). A shared duty (`any party must …`) is discharged by any party's act,
and when it is missed every party is to blame.
"""

from __future__ import annotations

from ..events.model import Event
from ..model import ClauseDef, Who


def is_joint_act(e: Event, parties: tuple[str, ...]) -> bool:
    """An act between two parties: the subject `the parties` fits it."""
    return e.actor in parties and e.target in parties and e.target != e.actor


class Coverage:
    """Which parties have taken part in the joint acts counted for one
    obligation so far: certainly (the act surely counts) or possibly."""

    __slots__ = ("parties", "certain", "possible", "settled", "doubted")

    def __init__(self, parties: tuple[str, ...]):
        self.parties = frozenset(parties)
        self.certain: set[str] = set()
        self.possible: set[str] = set()
        self.settled = False  # every party certainly took part
        self.doubted = False  # every party took part if the uncertain acts count

    def add(self, e: Event, certain: bool) -> str | None:
        """Count act `e`: "fulfilled" when it completes the certain cover,
        "unknown" when it first completes a possible one, else None."""
        (self.certain if certain else self.possible).update((e.actor, e.target))
        if not self.settled and self.certain >= self.parties:
            self.settled = True
            return "fulfilled"
        if not self.settled and not self.doubted and (self.certain | self.possible) >= self.parties:
            self.doubted = True
            return "unknown"
        return None

    def missing(self) -> tuple[str, ...]:
        """The parties that certainly took part in no counted act, in order."""
        return tuple(p for p in sorted(self.parties) if p not in self.certain)


def shared_blame(c: ClauseDef, parties: tuple[str, ...], party: str | None,
                 took_part: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Who is to blame for a missed deadline: the party that owed the act; for
    `the parties`, each party that took part in no joint act; for a shared
    duty (`any party`, `any SET`), every party (every member) that could have
    discharged it."""
    s: Who = c.subject
    if s.kind == "parties":
        return tuple(p for p in parties if p not in took_part)
    if s.kind == "any_party":
        return tuple(parties)
    if s.kind == "member":
        return tuple(s.group.ordered)
    return (party,) if party else ()
