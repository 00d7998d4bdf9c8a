"""What a check produces: verdicts with their evidence.

A `Verdict` is the outcome for one clause instance (clause × binding of its
variables). Its `findings` are the dated events that decided it — violating,
fulfilling, or undecidable ones — each with provenance, so an analyst can
follow every verdict back to the article and to the source of every event.
"""

from __future__ import annotations

import datetime as _dt

from attrs import frozen

from ..events.model import Event, format_date

STATUSES = ("violated", "unknown", "pending", "fulfilled", "not_triggered", "not_in_force")


@frozen
class EventRef:
    """A compact, printable reference to an event (what reports show)."""

    date: str
    actor: str
    target: str | None
    what: str  # action name or "cameo 072"
    attrs: tuple[tuple[str, str], ...]
    file: str
    line: int
    source: str | None
    ids: tuple[tuple[str, str], ...]
    also_reported: tuple[str, ...] = ()  # "file:line source" of duplicate reports

    @classmethod
    def of(cls, e: Event) -> "EventRef":
        p = e.provenance
        what = e.action or (f"cameo {e.code}" if e.code else "?")
        date = format_date(e) + (f" {e.time}" if e.time else "")
        return cls(date, e.actor, e.target, what, e.attrs, p.file, p.line, p.source, p.ids,
                   tuple(str(x) for x in e.also_reported))

    def describe(self) -> str:
        tgt = f" → {self.target}" if self.target else ""
        attrs = "".join(f" {k}={v}" for k, v in self.attrs)
        return f"{self.date} {self.actor} {self.what}{tgt}{attrs}"


@frozen
class Finding:
    """One event's part in a verdict.

    kind: "violation" | "fulfilment" | "unknown" | "missed_deadline" | "context"."""

    kind: str
    day: _dt.date
    reason: str
    event: EventRef | None = None
    # The parties whose act it is when that is not just the event's actor
    # (a joint act by `the parties`).
    parties: tuple[str, ...] = ()


@frozen
class Trigger:
    """What made the clause apply: a situation instance (declared or started by
    an event) or an obligation's triggering event."""

    description: str
    start: _dt.date
    end: _dt.date | None  # exclusive; None: still holding at the end of the timeline
    event: EventRef | None = None
    source: str | None = None


@frozen
class Verdict:
    instrument: str
    article: str
    clause: str
    status: str
    binding: tuple[tuple[str, str], ...] = ()
    blame: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    applied: tuple[tuple[_dt.date, _dt.date | None], ...] = ()  # [from, until) while it applied
    deadline: _dt.date | None = None
    open: bool = False  # window still open at the end of the timeline
    notes: tuple[str, ...] = ()

    @property
    def clause_id(self) -> str:
        return f"{self.instrument}.{self.clause}"

    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind in ("violation", "missed_deadline"))


@frozen
class Declaratory:
    """A clause recorded but never checked (shown in reports)."""

    instrument: str
    article: str
    clause: str
    text: str


@frozen
class Result:
    instruments: tuple[str, ...]
    start: _dt.date | None  # first day of the timeline
    as_of: _dt.date | None  # last day of the timeline (inclusive)
    verdicts: tuple[Verdict, ...]
    declaratory: tuple[Declaratory, ...] = ()
    events_checked: int = 0
    events_matched: int = 0

    @property
    def compliant(self) -> bool:
        return not any(v.status == "violated" for v in self.verdicts)

    def violation_count(self) -> int:
        return sum(len(v.violations()) for v in self.verdicts if v.status == "violated")

    def by_clause(self, clause_id: str) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.clause_id == clause_id)
