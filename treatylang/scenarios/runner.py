"""Running scenarios as tests: shared by `treatylang test`, the pytest plugin
(treatylang.testing.plugin) and `treatylang check`.

    scenario file ──read and parse once, load against its model──▶ Scenario
                  ──evaluate──▶ Result ──match expectations──▶ ScenarioOutcome

What an expectation means (docs/scenarios.md has the syntax, docs/cli.md the
command):

* ``expect CLAUSE[(V=X, …)] STATUS [by PARTY] [on DATE] [N times]`` passes
  when *some* verdict instance of the clause whose binding gives each listed
  variable that value has that status and, when given, PARTY is among the
  instance's blamed parties (for `fulfilled`: PARTY's act fulfilled it), a
  finding of the instance decided on
  DATE (a violation or missed deadline for `violated`, a fulfilment for
  `fulfilled`; an event with an imprecise date counts on every day it may
  have happened), and the instance has exactly N violation findings (by
  PARTY, when given).
* ``expect compliant`` passes when no verdict is `violated`.
* ``expect N violations`` passes when the violation findings of all violated
  verdicts number exactly N.

Coverage: a checkable clause (a prohibition, an obligation or a permission)
is *exercised* when some scenario gave it at least one finding — for a
permission, when it defeated a prohibition (a `context` finding "permitted
by …" on that prohibition).
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Iterable

from attrs import field, frozen

from ..check.engine import evaluate
from ..check.results import Finding, Result, Verdict
from ..diagnostics import Diagnostic, DiagnosticError
from ..events.model import Event, parse_date
from ..model import Model, load_instruments
from ..report import CheckRun, binding_text, finding_party
from ..source import Span

_PERMITTED = re.compile(r"^permitted by `(\w+)` \((\w+)\)")

MODALITY_WORDS = {"must not": "prohibition", "must": "obligation", "may": "permission"}


# ----------------------------------------------------------------- loading and checking


class ModelCache:
    """Loads each distinct set of instrument arguments once per run.
    `overlay` maps paths to texts that stand in for files (editors)."""

    def __init__(self, overlay: dict[str, str] | None = None) -> None:
        self.models: dict[tuple[str, ...], Model] = {}
        self.overlay = overlay

    def get(self, args: Iterable[str]) -> Model:
        key = tuple(dict.fromkeys(args))
        if key not in self.models:
            self.models[key] = load_instruments(key, self.overlay)
        return self.models[key]


def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:  # pragma: no cover
        return path


def instrument_ids(args: Iterable[str], model: Model) -> list[str]:
    """The ids of the instruments `args` name: an id as itself; a clause file
    as every instrument declared in that file (not those it imports). A file
    that declares none (a vocabulary, or one only imported) adds nothing, so
    `treatylang check treaties/*.tl` works; naming no instrument at all is
    TL003."""
    out: list[str] = []
    args = list(args)
    for a in args:
        if a in model.instruments:
            found = [a]
        else:
            key = _resolved(a)
            found = [i for i, d in model.instruments.items() if _resolved(d.file) == key]
        for i in found:
            if i not in out:
                out.append(i)
    if not out and args:
        raise DiagnosticError([Diagnostic(
            "TL003", f"{', '.join(f'`{a}`' for a in args)} declare{'s' * (len(args) == 1)} no instrument",
            Span("<command line>", 1, 1, 1, 2),
            help="name a clause file with an `instrument` block, or a shipped instrument id")])
    return out


def in_range(e: Event, date_from: _dt.date | None, date_to: _dt.date | None) -> bool:
    """Whether an event's days meet [from, to] (both included)."""
    if date_from is not None and e.end_day < date_from:
        return False
    if date_to is not None and e.day > date_to:
        return False
    return True


def check_loaded(scen, extra: Iterable[str] = (), model: Model | None = None, as_of: _dt.date | None = None,
                 date_from: _dt.date | None = None, date_to: _dt.date | None = None,
                 readings: Iterable[str] = (), ordered: bool = False) -> CheckRun:
    """Check a loaded scenario (`Scenario.model` set, or `model` given)
    against the instruments of its `check` line plus `extra`. `as_of`
    overrides the scenario's `as of`; events outside [date_from, date_to] are
    left out, as are events after an `as_of` given here, and the run's notes
    say how many. `readings` (names) take the place of the defaults — and of
    the scenario's own `reading` line — for their questions. `ordered` says
    the events of one day happened in file order, as `order as written` in
    the scenario does."""
    model = model if model is not None else scen.model
    ids = instrument_ids(list(dict.fromkeys(list(scen.instruments) + list(extra))), model)
    events = [e for e in scen.events if in_range(e, date_from, date_to)]
    notes = []
    if len(events) != len(scen.events):
        n = len(scen.events) - len(events)
        notes.append(f"{n} event{'s' * (n != 1)} outside --from/--to not checked")
    if as_of is not None:
        late = sum(1 for e in events if e.day > as_of)
        if late:
            notes.append(late_note(late, len(events), as_of))
    result = evaluate(model, ids, events, scen.declared, as_of or scen.as_of,
                      scenario_readings(model, scen, readings), ordered=ordered or scen.ordered)
    return CheckRun(result, model, scen.path, "scenario", scen.title, None, tuple(notes), tuple(scen.warnings))


def late_note(late: int, total: int, as_of: _dt.date) -> str:
    """The note on events left out because they are after --as-of."""
    if late == total:
        return (f"--as-of {as_of.isoformat()} is before every event: all {total} event{'s' * (total != 1)} "
                "left out, nothing was checked")
    return f"{late} event{'s' * (late != 1)} after --as-of {as_of.isoformat()} left out"


def check_scenario(path: str | Path, extra: Iterable[str] = (), cache: ModelCache | None = None,
                   as_of: _dt.date | None = None, date_from: _dt.date | None = None,
                   date_to: _dt.date | None = None, readings: Iterable[str] = (), ordered: bool = False):
    """Load one scenario (read and parsed once) and check it. Returns
    (Scenario, CheckRun). Raises DiagnosticError."""
    from .load import load_scenario_and_model

    extra = list(extra)
    scen, model = load_scenario_and_model(str(path), extra, cache or ModelCache())
    return scen, check_loaded(scen, extra, model, as_of, date_from, date_to, readings, ordered)


def scenario_readings(model: Model, scen, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The readings a scenario is checked under: its `reading` line, with the
    readings in `extra` (the command line, an expectation's `under`) in place
    of those of the same question."""
    extra = tuple(extra)
    questions = {model.readings[n].question for n in extra if n in model.readings}
    own = tuple(n for n in getattr(scen, "readings", ()) if n in model.readings
                and model.readings[n].question not in questions)
    return own + extra


# ----------------------------------------------------------------- expectations


@frozen
class ExpectationOutcome:
    """One expectation's result: `expected` restates it, `actual` describes
    what the check found (the clause's verdicts with their evidence)."""

    text: str
    line: int
    passed: bool
    expected: str
    actual: tuple[str, ...] = ()


@frozen
class ScenarioOutcome:
    """One scenario file run as a test. `errors` is set (and nothing else is)
    when the scenario could not be loaded or checked."""

    path: str
    title: str | None = None
    outcomes: tuple[ExpectationOutcome, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    run: CheckRun | None = field(default=None, eq=False)
    exercised: frozenset[str] = frozenset()
    checkable: tuple[tuple[str, str], ...] = ()  # (clause id, modality word), in file order

    @property
    def ok(self) -> bool:
        return not self.errors and all(o.passed for o in self.outcomes)

    @property
    def failed(self) -> tuple[ExpectationOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.passed)


def _event_days(f: Finding) -> tuple[_dt.date, _dt.date]:
    if f.event is None:
        return f.day, f.day
    try:
        first, last, _ = parse_date(f.event.date.split(" ")[0])
    except ValueError:  # pragma: no cover - EventRef dates come from parse_date
        return f.day, f.day
    return first, last


def _decided_on(f: Finding, status: str, day: _dt.date) -> bool:
    kinds = ("violation", "missed_deadline") if status == "violated" else ("fulfilment",)
    if f.kind not in kinds:
        return False
    first, last = _event_days(f)
    return first <= day <= last


def _violations(v: Verdict, party: str | None) -> list[Finding]:
    return [f for f in v.violations() if party is None or finding_party(v, f) == party]


def fulfilled_by(v: Verdict, party: str) -> bool:
    """Whether an act of `party` fulfilled the instance: the actor of a
    fulfilling act, or one of the parties of a joint act (`the parties`)."""
    return any(f.kind == "fulfilment" and f.event is not None
               and (f.event.actor == party or (party in f.parties))
               for f in v.findings)


def verdict_matches(v: Verdict, status: str, party: str | None, on: _dt.date | None, count: int | None,
                    binding: tuple[tuple[str, str], ...] = ()) -> bool:
    """Does one verdict instance satisfy `expect CLAUSE[(binding)] status [by] [on] [times]`?"""
    if v.status != status:
        return False
    if binding and not set(binding) <= set(v.binding):
        return False
    if party is not None and status == "fulfilled":
        if not fulfilled_by(v, party):
            return False
    elif party is not None and party not in v.blame:
        return False
    if on is not None and not any(_decided_on(f, status, on) for f in v.findings):
        return False
    if count is not None and len(_violations(v, party)) != count:
        return False
    return True


def describe_verdict(v: Verdict) -> list[str]:
    """A verdict and its evidence in a few lines (for failure messages)."""
    head = f"{v.clause_id}" + (f" [{binding_text(v.binding)}]" if v.binding else "") + f": {v.status}"
    if v.blame:
        head += f" by {', '.join(v.blame)}"
    out = [head]
    for f in v.findings:
        if f.event is not None:
            e = f.event
            where = f"{e.file}:{e.line}" + (f" · {e.source}" if e.source else "")
            out.append(f"    {f.kind}: {e.describe()}  [{where}]")
        else:
            out.append(f"    {f.kind}: {f.day.isoformat()} {f.reason}")
    return out


def _actual_for(result: Result, clause_id: str | None) -> tuple[str, ...]:
    vs = result.by_clause(clause_id) if clause_id else ()
    if not vs:
        return ("no verdict for this clause (a permission, or a clause of an instrument not checked)",)
    return tuple(line for v in vs for line in describe_verdict(v))


def _violated_lines(result: Result) -> tuple[str, ...]:
    vs = [v for v in result.verdicts if v.status == "violated"]
    if not vs:
        return ("no violated verdict",)
    return tuple(line for v in vs for line in describe_verdict(v))


def check_expectation(x, result: Result) -> ExpectationOutcome:
    """Match one `Expectation` against a check's `Result`."""
    line = x.span.line if x.span is not None else 0
    if x.kind == "compliant":
        ok = result.compliant
        return ExpectationOutcome(x.text, line, ok, "no violated verdict",
                                  () if ok else _violated_lines(result))
    if x.kind == "count":
        n = result.violation_count()
        ok = n == x.count
        actual = (f"{n} violation finding{'s' * (n != 1)}",) + (() if ok else _violated_lines(result))
        return ExpectationOutcome(x.text, line, ok, f"{x.count} violation finding{'s' * (x.count != 1)} in total",
                                  actual)
    clause_id = x.clause_id or x.clause
    binding = getattr(x, "binding", ())
    which = f"({', '.join(f'{k}={v}' for k, v in binding)})" if binding else ""
    parts = [f"some verdict of {clause_id}{which} is {x.status}"]
    if x.party and x.status == "fulfilled":
        parts.append(f"by an act of {x.party}")
    elif x.party:
        parts.append(f"with {x.party} to blame")
    if x.on:
        what = "a fulfilment" if x.status == "fulfilled" else "a violation"
        parts.append(f"with {what} on {x.on.isoformat()}")
    if x.count is not None:
        parts.append(f"with exactly {x.count} violation{'s' * (x.count != 1)}" + (f" by {x.party}" if x.party else ""))
    vs = result.by_clause(clause_id) if clause_id else ()
    ok = any(verdict_matches(v, x.status, x.party, x.on, x.count, binding) for v in vs)
    return ExpectationOutcome(x.text, line, ok, ", ".join(parts), () if ok else _actual_for(result, clause_id))


# ----------------------------------------------------------------- coverage


def checkable_clauses(model: Model, ids: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(clause id, "prohibition" | "obligation" | "permission") of every
    checkable clause of the instruments `ids`, in file order."""
    out: dict[str, str] = {}
    for i in ids:
        for c in model.instruments[i].clauses:  # a clause under readings counts once
            if c.checkable:
                out.setdefault(c.id, MODALITY_WORDS.get(c.modality, c.modality))
    return tuple(out.items())


def exercised_clauses(result: Result) -> frozenset[str]:
    """Clause ids with at least one finding, plus the permissions that
    defeated a prohibition."""
    out = set()
    for v in result.verdicts:
        if v.findings:
            out.add(v.clause_id)
        for f in v.findings:
            if f.kind == "context":
                m = _PERMITTED.match(f.reason)
                if m:
                    out.add(f"{m.group(2)}.{m.group(1)}")
    return frozenset(out)


@frozen
class Coverage:
    clauses: tuple[tuple[str, str], ...]  # (clause id, modality word), every checkable clause seen
    exercised: frozenset[str]
    by: dict = field(factory=dict, eq=False)  # clause id -> scenario paths that exercised it

    @property
    def missing(self) -> tuple[tuple[str, str], ...]:
        return tuple(c for c in self.clauses if c[0] not in self.exercised)


def coverage(outcomes: Iterable[ScenarioOutcome]) -> Coverage:
    """Coverage over the scenarios run: the checkable clauses of every
    instrument some scenario checked, and which of them were exercised."""
    clauses: dict[str, str] = {}
    exercised: set[str] = set()
    by: dict[str, list[str]] = {}
    for o in outcomes:
        for cid, word in o.checkable:
            clauses.setdefault(cid, word)
        for cid in o.exercised:
            exercised.add(cid)
            by.setdefault(cid, []).append(o.path)
    ordered = tuple(sorted(clauses.items()))
    return Coverage(ordered, frozenset(exercised & set(clauses)), {k: tuple(v) for k, v in sorted(by.items())})


# ----------------------------------------------------------------- running


def run_loaded(scen) -> ScenarioOutcome:
    """Check a loaded scenario (with its model) and match its expectations."""
    try:
        run = check_loaded(scen)
        # An expectation `under R` is matched against the check under R (in
        # place of the defaults, or the scenario's `reading` line, for R's
        # question); one check per distinct choice.
        results = {(): run.result}
        for x in scen.expectations:
            if x.readings and x.readings not in results:
                results[x.readings] = check_loaded(scen, readings=x.readings).result
    except DiagnosticError as e:
        return ScenarioOutcome(scen.path, errors=tuple(e.diagnostics))
    result = run.result
    outcomes = tuple(check_expectation(x, results[x.readings]) for x in scen.expectations)
    exercised = frozenset().union(*(exercised_clauses(r) for r in results.values()))
    return ScenarioOutcome(scen.path, scen.title, outcomes, (), run, exercised,
                           checkable_clauses(run.model, result.instruments))


def run_scenario(path: str | Path, cache: ModelCache | None = None) -> ScenarioOutcome:
    """Check one scenario and match its expectations. Never raises for bad
    input: load problems are returned as `errors`."""
    from .load import load_scenario_and_model

    path = str(path)
    try:
        scen, _model = load_scenario_and_model(path, (), cache or ModelCache())
    except DiagnosticError as e:
        return ScenarioOutcome(path, errors=tuple(e.diagnostics))
    return run_loaded(scen)


SKIP_DIRS = frozenset({"fixtures", "cases"})  # parser test data, often malformed on purpose


def scenario_files(paths: Iterable[str | Path]) -> list[Path]:
    """The scenario files `paths` name: files named directly, and the
    `*.scenario` files under named folders (recursively, sorted, hidden
    folders skipped) except those below a folder named `fixtures` or `cases`
    — the convention the pytest plugin follows too. Raises DiagnosticError
    (TL001) for a path that does not exist."""
    from .load import find_scenarios

    paths = [Path(p) for p in paths]
    find_scenarios(paths)  # every missing path reported at once
    out: list[Path] = []
    for p in paths:
        for f in find_scenarios([p]):
            if p.is_dir() and SKIP_DIRS & set(f.relative_to(p).parts[:-1]):
                continue
            if f not in out:
                out.append(f)
    return out


def run_paths(paths: Iterable[str | Path]) -> list[ScenarioOutcome]:
    """Run every scenario `scenario_files(paths)` finds, in a stable order."""
    cache = ModelCache()
    return [run_scenario(p, cache) for p in scenario_files(paths)]
