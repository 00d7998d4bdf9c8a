"""`GeneratedScenario`: a drawn timeline that checks itself, shrinks to its
essentials and prints itself as a scenario file (so a falsifying example can
be pasted into `examples/`)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Callable, Iterable

import attrs
from attrs import field, frozen

from ..check.engine import evaluate
from ..check.results import Result
from ..events.model import Event, Provenance, format_date
from ..model import Model, shipped_index
from .vocab import DEFAULT_START, GENERATED, action_names

# ----------------------------------------------------------------- scenarios


@frozen
class DeclaredSituation:
    """A situation declared directly in a scenario (`situation NAME(ARGS) from
    START [until UNTIL]`): holds from `start` to `until`, both included
    (`until` None: still holding at the end of the timeline). Has the
    attributes `treatylang.check.evaluate` reads from its `declared` items."""

    name: str
    args: tuple[str, ...] = ()
    start: _dt.date = DEFAULT_START
    until: _dt.date | None = None
    source: str | None = None


def _sorted_events(evs: Iterable[Event]) -> tuple[Event, ...]:
    """Events in time order — day, time of day, then the order given — with
    `seq` renumbered 0, 1, … in that order.

    Provenance identifies an event across variants of a scenario: a fresh
    event (`<generated>` line 0, as `events()` makes them) gets the next
    unused line number, in time order; an event keeps the provenance it has.
    So a finding's `event.line` names the same event after `with_events`
    adds, drops or reorders events."""
    indexed = sorted(enumerate(evs), key=lambda p: (p[1].day, p[1].time or "", p[0]))
    used = {e.provenance.line for _, e in indexed if e.provenance.file == GENERATED and e.provenance.line}
    line = max(used, default=0)
    out = []
    for n, (_, e) in enumerate(indexed):
        prov = e.provenance
        if prov.file == GENERATED and not prov.line:
            line += 1
            prov = Provenance(GENERATED, line, prov.source, prov.ids)
        out.append(attrs.evolve(e, seq=n, provenance=prov))
    return tuple(out)


@frozen(repr=False)
class GeneratedScenario:
    """A timeline drawn by `scenarios()`, ready to check.

    `events` are in time order with `seq` = position (the scenario file's
    order), `declared` are the situations declared directly, `as_of` the last
    day of the timeline (None: the last day an event may have happened on).
    `repr()` is the scenario file (`to_scenario_text()`), so a falsifying
    example reads as a timeline."""

    instruments: tuple[str, ...]
    events: tuple[Event, ...] = ()
    declared: tuple[DeclaredSituation, ...] = ()
    as_of: _dt.date | None = None
    model: Model = field(default=None, eq=False)
    title: str | None = field(default=None, eq=False)
    # `order as written`: the events of one day happened in the order of
    # `events` (otherwise only times of day order them).
    ordered: bool = False

    # ------------------------------------------------------------ checking
    def check(self, *, as_of: _dt.date | None = None) -> Result:
        """`treatylang.check.evaluate` on this timeline (its own `as_of`
        unless one is given)."""
        return evaluate(self.model, self.instruments, list(self.events), self.declared,
                        as_of if as_of is not None else self.as_of, ordered=self.ordered)

    # ------------------------------------------------------------ variants
    def with_events(self, evs: Iterable[Event]) -> "GeneratedScenario":
        """The same scenario with other events (re-sorted, `seq` renumbered;
        ties within a day keep the order given)."""
        return attrs.evolve(self, events=_sorted_events(evs))

    def without(self, drop: Callable[[Event], bool]) -> "GeneratedScenario":
        """The same scenario without the events for which `drop` is true."""
        return self.with_events(e for e in self.events if not drop(e))

    def evolve(self, **changes) -> "GeneratedScenario":
        """`attrs.evolve`, re-sorting events if they are replaced."""
        if "events" in changes:
            changes["events"] = _sorted_events(changes["events"])
        return attrs.evolve(self, **changes)

    def reduced(self, fails: Callable[["GeneratedScenario"], bool]) -> "GeneratedScenario":
        """A smaller scenario on which `fails` still holds: drops events and
        declared situations one at a time, and `as of`, for as long as
        `fails` stays true (a greedy, one-at-a-time reduction).

        Hypothesis shrinks well, but now and then leaves a few copies of its
        simplest event in a counterexample; `sc.reduced(lambda s: not
        holds(s))` removes them before you paste it into a regression
        scenario. `fails` should return True when the property fails."""
        current = self
        if not fails(current):
            raise ValueError("`fails` is false for the scenario to reduce")
        changed = True
        while changed:
            changed = False
            for i in range(len(current.events)):
                smaller = current.with_events(current.events[:i] + current.events[i + 1:])
                if fails(smaller):
                    current, changed = smaller, True
                    break
            else:
                for i in range(len(current.declared)):
                    smaller = attrs.evolve(current, declared=current.declared[:i] + current.declared[i + 1:])
                    if fails(smaller):
                        current, changed = smaller, True
                        break
        if current.as_of is not None and fails(attrs.evolve(current, as_of=None)):
            current = attrs.evolve(current, as_of=None)
        return current

    def actions_of(self, e: Event) -> tuple[str, ...]:
        """The declared actions event `e` is an instance of (`action_names`)."""
        return action_names(self.model, e)

    # ------------------------------------------------------------ printing
    def check_refs(self) -> list[tuple[str, bool]]:
        """What the `check` line names: (shipped id, False) for an instrument
        loaded from its shipped file, else (clause-file path, True)."""
        out: list[tuple[str, bool]] = []
        shipped = shipped_index()
        for i in self.instruments:
            d = self.model.instruments[i] if self.model is not None else None
            if d is None or (i in shipped and _same(shipped[i], d.file)):
                ref = (i, False)
            else:
                ref = (d.file, True)
            if ref not in out:
                out.append(ref)
        return out

    def expectations(self, result: Result | None = None) -> list[str]:
        """`expect` lines that pin the verdicts of `result` (default: this
        scenario's own check): one `expect CLAUSE violated by PARTY` per
        violated clause and blamed party and the total count, or `expect
        compliant`. A starting point for a regression scenario: edit them to
        say what *should* happen."""
        result = result if result is not None else self.check()
        lines: list[str] = []
        for v in result.verdicts:
            if v.status != "violated":
                continue
            for p in v.blame or (None,):
                line = f"expect {v.clause_id} violated" + (f" by {p}" if p else "")
                if line not in lines:
                    lines.append(line)
        if not lines:
            return ["expect compliant"]
        n = result.violation_count()
        return lines + [f"expect {n} violation{'s' if n != 1 else ''}"]

    def to_scenario_text(self, title: str | None = None, expect: Iterable[str] | str = (),
                         comments: Iterable[str] = ()) -> str:
        """The scenario file for this timeline (docs/scenarios.md syntax).

        `title` defaults to the scenario's own; `expect` is a list of `expect …`
        lines to append, or ``"current"`` for `expectations()` of the current
        verdicts; `comments` are appended as `# …` lines. Clause files loaded
        from a path appear in the `check` line as that path, which the
        scenario reads relative to its own location."""
        title = title if title is not None else (self.title or "Generated timeline")
        lines = expect if not isinstance(expect, str) else (self.expectations() if expect == "current" else [expect])
        text = _print(self, title)
        extra = [x.strip() for x in lines if x.strip()]
        if extra:
            text = text.rstrip("\n") + "\n\n" + "\n".join(extra) + "\n"
        notes = [f"# {c}" for c in comments]
        if notes:
            text = text.rstrip("\n") + "\n\n" + "\n".join(notes) + "\n"
        return text

    def __repr__(self) -> str:
        return self.to_scenario_text()

    def _repr_pretty_(self, p, cycle) -> None:
        """For hypothesis' (and IPython's) pretty printer: the scenario file
        as an indented block (see `pretty_scenario`)."""
        pretty_scenario(p, self.to_scenario_text())


def pretty_scenario(p, text: str) -> None:
    """Print scenario `text` with pretty-printer `p` (hypothesis, IPython) as
    a block between two comment lines, indented, so the whole block — and
    whatever punctuation the printer puts after it — pastes into a
    `.scenario` file as is. For values that wrap a scenario (a scenario and
    an event to add, say), write their `_repr_pretty_` with it."""
    p.text("# generated scenario (paste into a .scenario file)")
    with p.indent(4):
        for line in text.rstrip("\n").split("\n"):
            p.break_()
            p.text(line)
        p.break_()
        p.text("# end of scenario")


def _same(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:  # pragma: no cover
        return a == b


# ----------------------------------------------------------------- printing


def _print(sc: GeneratedScenario, title: str) -> str:
    try:
        from ..syntax.scenario_printer import print_scenario
        from ..syntax import scenario_ast as S
    except ImportError:  # pragma: no cover - the scenario printer is part of treatylang
        return _print_plain(sc, title)
    items: list = [S.Title(title), S.Check(tuple(S.InstrumentRef(n, path) for n, path in sc.check_refs()))]
    if sc.as_of is not None:
        items.append(S.AsOf(sc.as_of))
    if sc.ordered:
        items.append(S.Order())
    items += [S.Declare(d.name, tuple(d.args), d.start, d.until, d.source) for d in sc.declared]
    for e in sc.events:
        items.append(S.EventLine(format_date(e), e.actor, e.action if e.code is None else None, e.code, e.target,
                                 e.time, tuple(S.Attr(k, v) for k, v in e.attrs), e.provenance.source,
                                 tuple(e.actor_roles), tuple(e.target_roles) if e.target else ()))
    return print_scenario(S.ScenarioFile(tuple(items)))


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _print_plain(sc: GeneratedScenario, title: str) -> str:  # pragma: no cover - fallback
    """The scenario syntax written by hand (used only without the printer)."""
    out = [f"scenario {_quote(title)}",
           "check " + ", ".join(_quote(n) if path else n for n, path in sc.check_refs())]
    if sc.as_of is not None:
        out.append(f"as of {sc.as_of.isoformat()}")
    if sc.ordered:
        out.append("order as written")
    if sc.declared:
        out.append("")
    for d in sc.declared:
        s = f"situation {d.name}" + (f"({', '.join(d.args)})" if d.args else "") + f" from {d.start.isoformat()}"
        if d.until is not None:
            s += f" until {d.until.isoformat()}"
        if d.source is not None:
            s += f" source {_quote(d.source)}"
        out.append(s)
    if sc.events:
        out.append("")
    for e in sc.events:
        parts = [format_date(e)] + ([e.time] if e.time else [])
        parts.append(e.actor + (f"({', '.join(e.actor_roles)})" if e.actor_roles else ""))
        parts.append(f"cameo {e.code}" if e.code is not None else str(e.action))
        if e.target:
            parts.append(e.target + (f"({', '.join(e.target_roles)})" if e.target_roles else ""))
        parts += [f"{k}={_quote(v)}" for k, v in e.attrs]
        if e.provenance.source:
            parts.append(f"source {_quote(e.provenance.source)}")
        out.append(" ".join(parts))
    return "\n".join(out) + "\n"
