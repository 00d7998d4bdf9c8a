"""What a check produces: verdicts with their evidence.

A `Verdict` is the outcome for one clause instance (clause × binding of its
variables). Its `findings` are the dated events that decided it — violating,
fulfilling, or undecidable ones — each with provenance, so an analyst can
follow every verdict back to the article and to the source of every event.

Big runs keep only some findings per instance (`--max-findings`), and the
counts must stay exact ("showing 20 of 19,941"). How the exact counts travel
with the kept findings: a `Verdict` whose `findings` were capped carries a
`Tally` — findings and reports per kind, first and last day per kind, and
the counts per (kind, actor, target, month) that the roll-ups are made of.
`Tally.of` computes one from findings; `TallyBuilder` accumulates one while
findings stream in (an engine that caps as it goes feeds it and keeps what
`Keeper` keeps); `cap_result` caps a finished `Result`. A verdict with
`tally is None` kept every finding, and `Verdict.counts()` computes the
tally from them — so renderers always ask `counts()` and never care which.
"""

from __future__ import annotations

import datetime as _dt

import heapq

from attrs import evolve, frozen

from ..events.model import Event, format_date

STATUSES = ("violated", "unknown", "pending", "fulfilled", "not_triggered", "not_in_force")
FINDING_KINDS = ("violation", "missed_deadline", "unknown", "fulfilment", "context")


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
    also_reported: tuple[str, ...] = ()  # "file:line source" of the act's other reports
    # What stands behind the event (events.model.Event): a machine-coded
    # report (GDELT, ICEWS, PLOVER) or a fact the analyst asserts; how many
    # reports (articles) and distinct sources stand behind the act — lower
    # bounds when the evaluator merged several reports of one act
    # (treatylang/check/acts.py).
    coded: bool = False
    reports: int = 1
    sources: int = 1
    last_day: _dt.date | None = None  # the last day an imprecise date may be (None: precise)
    actor_roles: tuple[str, ...] = ()  # CAMEO role codes (GOV, MIL, CVL…), where the data gives them
    target_roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, e: Event) -> "EventRef":
        p = e.provenance
        what = e.action or (f"cameo {e.code}" if e.code else "?")
        date = format_date(e) + (f" {e.time}" if e.time else "")
        last = e.last_day if e.last_day is not None and e.last_day != e.day else None
        return cls(date, e.actor, e.target, what, e.attrs, p.file, p.line, p.source, p.ids,
                   tuple(str(x) for x in e.also_reported), e.coded, e.reports, e.sources, last, e.actor_roles,
                   e.target_roles)

    @property
    def report_count(self) -> int:
        """Reports behind this event (a lower bound): the count the evaluator
        worked out for a merged act, and at least one per report merged into
        it."""
        return max(self.reports, 1 + len(self.also_reported))

    @property
    def imprecise(self) -> bool:
        return self.last_day is not None

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
    # Imprecise starts and ends: the last day the start may have been, and
    # the last (exclusive) day the end may have been — the situation only
    # possibly held between `start` and `start_last`, and between `end` and
    # `end_last`. None: precise.
    start_last: _dt.date | None = None
    end_last: _dt.date | None = None
    certain: bool = True  # False: the situation only possibly held (see `doubt`)
    doubt: str | None = None  # why it only possibly held, where it did
    # The day of what ended it: the day of the ending event (on which it still
    # held, so `end` is the next day), or `end` for a declared end.
    ended: _dt.date | None = None


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
    tally: "Tally | None" = None  # exact counts when `findings` keeps only some (see module doc)
    triggers_total: int | None = None  # when `triggers` keeps only some: how many there were

    @property
    def clause_id(self) -> str:
        return f"{self.instrument}.{self.clause}"

    def violations(self) -> tuple[Finding, ...]:
        """The violation findings kept (all of them unless capped: see `counts`)."""
        return tuple(f for f in self.findings if f.kind in ("violation", "missed_deadline"))

    def counts(self) -> "Tally":
        """Exact counts of this verdict's findings, kept or not."""
        return self.tally if self.tally is not None else Tally.of(self.findings)

    def violation_count(self) -> int:
        c = self.counts()
        return c.count("violation") + c.count("missed_deadline")


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
    events_matched: int = 0  # events (reports) a clause, situation or notice could use
    # Notices of termination given in the timeline: (instrument, party, given,
    # effective: the earliest day it may take effect).
    notices: tuple[tuple[str, str, _dt.date, _dt.date], ...] = ()
    max_findings: int | None = None  # the cap applied to findings per instance (None: every finding kept)
    # The contested readings the check used, for the questions that concern
    # the checked instruments: (question, reading, whether it is the default).
    readings: tuple[tuple[str, str, bool], ...] = ()
    acts: int = 0  # the acts those events are: coded reports of one act count once
    reports: int = 0  # the events behind those acts

    @property
    def compliant(self) -> bool:
        return not any(v.status == "violated" for v in self.verdicts)

    def violation_count(self) -> int:
        return sum(v.violation_count() for v in self.verdicts if v.status == "violated")

    def by_clause(self, clause_id: str) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.clause_id == clause_id)


# ----------------------------------------------------------------- exact counts


def month_of(day: _dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _finding_actor(f: Finding) -> str | None:
    return f.event.actor if f.event is not None else None


@frozen
class Tally:
    """Exact counts behind one verdict's findings.

    `kinds`: (kind, findings, reports, first day, last day) per finding kind,
    in the order of `FINDING_KINDS`. `cells`: (kind, actor, target, month,
    findings, reports) sorted — the roll-ups (party × clause × month, dyads)
    are sums of cells. A finding without an event (a missed deadline) has
    actor and target "". `single_report`: violation findings that rest on one
    coded report; `imprecise`: violation findings whose date is a range."""

    kinds: tuple[tuple[str, int, int, _dt.date, _dt.date], ...] = ()
    cells: tuple[tuple[str, str, str, str, int, int], ...] = ()
    single_report: int = 0
    imprecise: int = 0
    total: int = 0

    @classmethod
    def of(cls, findings) -> "Tally":
        b = TallyBuilder()
        for f in findings:
            b.add(f)
        return b.build()

    def count(self, kind: str) -> int:
        return next((n for k, n, *_ in self.kinds if k == kind), 0)

    def reports(self, kind: str) -> int:
        return next((r for k, _, r, *_ in self.kinds if k == kind), 0)

    def first(self, kind: str) -> _dt.date | None:
        return next((a for k, _, _, a, _ in self.kinds if k == kind), None)

    def last(self, kind: str) -> _dt.date | None:
        return next((b for k, _, _, _, b in self.kinds if k == kind), None)


class TallyBuilder:
    """Accumulates a `Tally` from findings as they come (bounded memory:
    kinds × actors × targets × months, never the findings themselves)."""

    __slots__ = ("kinds", "cells", "single", "imprecise", "total")

    def __init__(self) -> None:
        self.kinds: dict[str, list] = {}
        self.cells: dict[tuple[str, str, str, str], list[int]] = {}
        self.single = 0
        self.imprecise = 0
        self.total = 0

    def add(self, f: Finding) -> None:
        ev = f.event
        reports = ev.report_count if ev is not None else 0
        self.total += 1
        k = self.kinds.get(f.kind)
        if k is None:
            self.kinds[f.kind] = [1, reports, f.day, f.day]
        else:
            k[0] += 1
            k[1] += reports
            if f.day < k[2]:
                k[2] = f.day
            if f.day > k[3]:
                k[3] = f.day
        key = (f.kind, ev.actor if ev else "", (ev.target or "") if ev else "", month_of(f.day))
        c = self.cells.get(key)
        if c is None:
            self.cells[key] = [1, reports]
        else:
            c[0] += 1
            c[1] += reports
        if f.kind == "violation" and ev is not None:
            if ev.coded and reports <= 1:
                self.single += 1
            if ev.imprecise:
                self.imprecise += 1

    def build(self) -> Tally:
        kinds = tuple((k, *self.kinds[k]) for k in FINDING_KINDS if k in self.kinds)
        kinds += tuple((k, *v) for k, v in sorted(self.kinds.items()) if k not in FINDING_KINDS)
        cells = tuple((*k, *v) for k, v in sorted(self.cells.items()))
        return Tally(kinds, cells, self.single, self.imprecise, self.total)


_KIND_RANK = {"violation": 0, "missed_deadline": 0, "unknown": 1, "fulfilment": 2, "context": 3}


class Keeper:
    """Keeps at most `limit` findings of one instance, the most telling ones:
    violations before undecided acts before fulfilments before context, then
    the most reports, then the most sources, then the earliest. The kept
    findings come back in the order they were added (time order).
    Deterministic: ties are broken by arrival order."""

    __slots__ = ("limit", "heap", "seq")

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.heap: list = []
        self.seq = 0

    def add(self, f: Finding) -> None:
        self.seq += 1
        ev = f.event
        # heapq is a min-heap: the root is the least telling finding kept.
        key = (-_KIND_RANK.get(f.kind, 4), ev.report_count if ev else 0, ev.sources if ev else 0, -self.seq)
        item = (key, f)
        if self.limit is None or len(self.heap) < self.limit:
            heapq.heappush(self.heap, item)
        elif self.limit > 0 and key > self.heap[0][0]:
            heapq.heapreplace(self.heap, item)

    def kept(self) -> tuple[Finding, ...]:
        return tuple(f for _, f in sorted(self.heap, key=lambda it: -it[0][3]))


class Seen:
    """What a verdict's status and blame rest on, of all of an instance's
    findings (kept or not): the kinds present, the parties of its
    violations, the parties named by its context findings."""

    __slots__ = ("kinds", "violators", "took_part")

    def __init__(self) -> None:
        self.kinds: set[str] = set()
        self.violators: set[str] = set()
        self.took_part: set[str] = set()

    def add(self, f: Finding) -> None:
        self.kinds.add(f.kind)
        if f.kind == "violation":
            self.violators.update(f.parties or ((f.event.actor,) if f.event is not None else ()))
        elif f.kind == "context":
            self.took_part.update(f.parties)

    @classmethod
    def of(cls, findings) -> "Seen":
        s = cls()
        for f in findings:
            s.add(f)
        return s


class Findings:
    """The findings of one clause instance as the engine gathers them: every
    one (`limit` None), or at most `limit` kept as `cap_verdict` would keep
    them (`Keeper`) with the exact counts (`TallyBuilder`) and what the
    status needs (`Seen`) — so a capped run's memory grows with the findings
    kept, and its verdicts, counts and report bytes are those of capping
    the full result afterwards."""

    __slots__ = ("limit", "items", "keeper", "tally", "seen")

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self.items: list[Finding] | None = [] if limit is None else None
        self.keeper = Keeper(limit) if limit is not None else None
        self.tally = TallyBuilder() if limit is not None else None
        self.seen = Seen()

    def append(self, f: Finding) -> None:
        self.seen.add(f)
        if self.items is not None:
            self.items.append(f)
        else:
            self.keeper.add(f)
            self.tally.add(f)

    def extend(self, fs) -> None:
        for f in fs:
            self.append(f)

    def has(self, kind: str) -> bool:
        return kind in self.seen.kinds

    def kept(self) -> tuple[Finding, ...]:
        return tuple(self.items) if self.items is not None else self.keeper.kept()

    def exact(self) -> "Tally | None":
        """The exact counts when some findings were dropped (None: all kept)."""
        if self.tally is None or self.tally.total <= self.limit:
            return None
        return self.tally.build()


def cap_verdict(v: Verdict, limit: int | None) -> Verdict:
    """`v` with at most `limit` findings kept and exact counts in `tally`
    (unchanged when nothing needs dropping)."""
    if limit is None or (len(v.findings) <= limit and len(v.triggers) <= limit):
        return v
    out = v
    if len(v.findings) > limit:
        keeper = Keeper(limit)
        for f in v.findings:
            keeper.add(f)
        out = evolve(out, findings=keeper.kept(), tally=v.counts())
    if len(v.triggers) > limit:
        out = evolve(out, triggers=keep_triggers(v.triggers, out.findings, limit), triggers_total=len(v.triggers))
    return out


def keep_triggers(triggers, findings, limit: int) -> tuple[Trigger, ...]:
    """At most `limit` situation periods: those during which a kept finding
    happened first, then the earliest; in their original order. (Every
    period still shows in the verdict's `applied` days.)"""
    def holds(t: Trigger, day: _dt.date) -> bool:
        return t.start <= day and (t.end is None or day < t.end)

    chosen = [i for i, t in enumerate(triggers) if any(holds(t, f.day) for f in findings)][:limit]
    for i in range(len(triggers)):
        if len(chosen) >= limit:
            break
        if i not in chosen:
            chosen.append(i)
    return tuple(triggers[i] for i in sorted(chosen))


def cap_result(result: Result, limit: int | None) -> Result:
    """`result` with findings capped per clause instance; verdicts, statuses
    and every count unchanged."""
    if limit is None:
        return result
    return evolve(result, verdicts=tuple(cap_verdict(v, limit) for v in result.verdicts), max_findings=limit)
