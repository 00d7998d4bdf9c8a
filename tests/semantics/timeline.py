"""The little timeline format of the worked examples in docs/semantics.md.

Each worked example is a clause file `tests/semantics/examples/NN-name.tl` and
a timeline `NN-name.timeline` beside it. A timeline is one statement a line
(`#` starts a comment):

    e1  2003-03-20        USA use_force IRN
    e2  2003-03-20 10:00  RUS assist USA kind=military
    e3  2003-03           USA cameo 190 IRN        # imprecise: some day in March 2003
    e4  2003              RUS notice_of_termination IRN instrument=ex
    situation aggression(USA, IRN) from 2003-03-20 until 2003-05-01
    as of 2005-01-01
    order as written                                # events of one day happened in the order written
    check ex                                        # instruments (default: all in the file)
    reading snapback_void                           # readings chosen in place of the defaults (§15)
    expect no_aid(X=USA, P=IRN) violated by e2
    expect notify(P=RUS) for e3 fulfilled           # a `within` instance: the trigger event
    expect notify(P=RUS) for 2003-03-01 pending     # … or the day of a declared start or end

An event is `ID DATE [HH:MM] ACTOR ACTION [TARGET] [ATTR=VALUE …]`; ACTION is
an action name or `cameo CODE`; TARGET is an actor code in capitals (`IRN`,
`EUR`, `ISIS`). An actor or target may carry its CAMEO roles, without spaces:
`USA(MIL)`, `IRN(GOV,MIL)`. A machine-coded report (a GDELT row, say) ends
with `reported:R/S` — R reports from S sources — and may name the host it
came from, `via:HOST` (several reports of one act are merged). Events
keep the order they are written in (`seq`); it orders the events of one day
only under `order as written` (otherwise only times of day do).
Events and `situation` declarations are written as in scenario files
(docs/scenarios.md), with an id in front of each event and no `source`.

`expect` lines list *every* verdict the check must produce: clause (bare, or
`instrument.clause`), binding, the trigger event for a `within` instance,
status, and the events of the findings that are violations.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from treatylang.events.model import Event, Provenance, parse_date

_EVENT = re.compile(r"^(?P<id>e\d+)\s+(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s+(?P<time>\d{2}:\d{2}(?::\d{2})?))?"
                    r"\s+(?P<rest>.*)$")
_DECLARE = re.compile(r"^situation\s+(?P<name>\w+)(?:\((?P<args>[^)]*)\))?\s+from\s+(?P<start>\S+)"
                      r"(?:\s+until\s+(?P<until>\S+))?$")
_EXPECT = re.compile(r"^expect\s+(?P<clause>[\w.]+)(?:\((?P<bind>[^)]*)\))?(?:\s+for\s+(?P<trig>e\d+|\d{4}-\d{2}-\d{2}))?"
                     r"\s+(?P<status>\w+)(?:\s+by\s+(?P<by>.*))?$")
_CODE = re.compile(r"^[A-Z]{3,6}(\([A-Z,]+\))?$")


def _actor(word: str) -> tuple[str, tuple[str, ...]]:
    """`USA(MIL,GOV)` → ("USA", ("MIL", "GOV"))."""
    name, _, roles = word.partition("(")
    return name, tuple(r for r in roles.rstrip(")").split(",") if r)


@dataclass(frozen=True)
class Declared:
    """A situation declared in a scenario: holds on days start..until, both included."""

    name: str
    args: tuple[str, ...]
    start: _dt.date
    until: _dt.date | None
    source: str | None = None


@dataclass(frozen=True)
class Expect:
    clause: str
    binding: frozenset
    trigger: str | None
    status: str
    by: frozenset


@dataclass
class Timeline:
    events: list[Event] = field(default_factory=list)
    ids: dict[int, str] = field(default_factory=dict)  # provenance line -> event id
    declared: list[Declared] = field(default_factory=list)
    as_of: _dt.date | None = None
    check: tuple[str, ...] | None = None
    expects: list[Expect] = field(default_factory=list)
    ordered: bool = False  # `order as written`
    readings: tuple[str, ...] = ()  # `reading R1, R2`


def parse_timeline(text: str, file: str = "<timeline>") -> Timeline:
    tl = Timeline()
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if m := _EVENT.match(line):
            day, last, precision = parse_date(m["date"])
            words = m["rest"].split()
            (actor, actor_roles), words = _actor(words[0]), words[1:]
            coded, reports, sources, via = False, 1, 1, None
            for w in list(words):
                if w.startswith("reported:"):
                    coded = True
                    reports, sources = (int(x) for x in w[len("reported:"):].split("/"))
                    words.remove(w)
                elif w.startswith("via:"):
                    via = w[len("via:"):]
                    words.remove(w)
            code = action = None
            if words[0] == "cameo":
                code, words = words[1], words[2:]
            else:
                action, words = words[0], words[1:]
            target, target_roles = None, ()
            if words and _CODE.match(words[0]):
                (target, target_roles), words = _actor(words[0]), words[1:]
            attrs = []
            for w in words:
                k, sep, v = w.partition("=")
                if not sep:
                    raise ValueError(f"{file}:{lineno}: `{w}` is not ATTR=VALUE")
                attrs.append((k, v))
            ev = Event(day, actor, target, code, action, tuple(sorted(attrs)), last if last != day else None,
                       precision, m["time"], len(tl.events),
                       Provenance(file, lineno, f"https://{via}/{lineno}" if via else None),
                       actor_roles=actor_roles, target_roles=target_roles, coded=coded, reports=reports,
                       sources=sources)
            tl.events.append(ev)
            tl.ids[lineno] = m["id"]
        elif m := _DECLARE.match(line):
            args = tuple(a.strip() for a in (m["args"] or "").split(",") if a.strip())
            until = _dt.date.fromisoformat(m["until"]) if m["until"] else None
            tl.declared.append(Declared(m["name"], args, _dt.date.fromisoformat(m["start"]), until))
        elif line.startswith("as of "):
            tl.as_of = _dt.date.fromisoformat(line[6:].strip())
        elif line == "order as written":
            tl.ordered = True
        elif line.startswith("check "):
            tl.check = tuple(x.strip() for x in line[6:].split(","))
        elif line.startswith("reading "):
            tl.readings += tuple(x.strip() for x in line[8:].split(","))
        elif m := _EXPECT.match(line):
            bind = frozenset(tuple(x.strip() for x in b.split("=")) for b in (m["bind"] or "").split(",") if b.strip())
            by = frozenset(x.strip() for x in (m["by"] or "").split(",") if x.strip())
            tl.expects.append(Expect(m["clause"], bind, m["trig"], m["status"], by))
        else:
            raise ValueError(f"{file}:{lineno}: cannot read `{line}`")
    return tl


def read_timeline(path: Path) -> Timeline:
    return parse_timeline(path.read_text(encoding="utf-8"), path.name)


# ----------------------------------------------------------------- comparing verdicts
# A verdict in normal form: (clause id, binding as a frozenset of (var, value),
# trigger event id of a `within` instance or None, status, ids of the events
# whose findings are violations).
Row = tuple


def expected_rows(model, tl: Timeline, ids: tuple[str, ...]) -> set[Row]:
    clause_ids = [c.id for i in ids for c in model.instruments[i].clauses]
    rows = set()
    for x in tl.expects:
        if "." in x.clause:
            cid = x.clause
        else:
            hits = [c for c in clause_ids if c.split(".", 1)[1] == x.clause]
            if len(hits) != 1:
                raise ValueError(f"expect {x.clause}: {'ambiguous' if hits else 'no such clause'}; "
                                 "write instrument.clause")
            cid = hits[0]
        rows.add((cid, x.binding, x.trigger, x.status, x.by))
    return rows


def engine_rows(model, result, tl: Timeline) -> set[Row]:
    """The engine's verdicts in normal form (events named by their timeline ids)."""
    rows = set()
    for v in result.verdicts:
        c = model.clause(v.clause_id)
        trig = None
        if c.has_within and v.triggers:
            t = v.triggers[0]
            trig = tl.ids[t.event.line] if t.event is not None else t.start.isoformat()
        by = frozenset(tl.ids[f.event.line] for f in v.findings if f.kind == "violation" and f.event)
        rows.add((v.clause_id, frozenset(v.binding), trig, v.status, by))
    return rows


def show_rows(rows) -> str:
    out = []
    for cid, bind, trig, status, by in sorted(rows, key=repr):
        b = ", ".join(f"{k}={v}" for k, v in sorted(bind))
        line = f"expect {cid}({b})" + (f" for {trig}" if trig else "") + f" {status}"
        if by:
            line += " by " + ", ".join(sorted(by, key=lambda e: int(e[1:])))
        out.append(line)
    return "\n".join(out)


def reference_rows(model, ref, tl: Timeline) -> set[Row]:
    """The reference evaluator's verdicts in normal form."""
    name = [tl.ids[e.provenance.line] for e in ref.events]
    rows = set()
    for (cid, binding, trig), status in ref.status.items():
        by = frozenset(name[i] for i in ref.violations.get((cid, binding, trig), ()))
        if isinstance(trig, tuple):  # counted from a situation's start or end
            _, pos, day, _what = trig
            trig_id = name[pos] if pos is not None else day.isoformat()
        else:
            trig_id = name[trig] if trig is not None else None
        rows.add((cid, frozenset(binding), trig_id, status, by))
    return rows
