"""The output of `treatylang diff`: text for a reader, JSON for programs.

Both are pure functions of the two checks and their comparison (same input,
same bytes). The JSON document is described in docs/diff.schema.json
(`schema_version` 1.0; the versioning policy of the check report applies).
"""

from __future__ import annotations

import json

from attrs import field, frozen

from .. import __version__
from ..check.diff import ActChange, Change
from . import CheckRun, binding_text
from .document import event_dict

SCHEMA_VERSION = "1.0"


@frozen
class DiffRun:
    """One timeline checked under readings A and B, and what changed."""

    a: CheckRun = field(eq=False)
    b: CheckRun = field(eq=False)
    chosen_a: dict = field(eq=False)
    chosen_b: dict = field(eq=False)
    changes: tuple[Change, ...] = ()
    unchanged: int = 0

    def questions(self) -> list[str]:
        """The questions on which A and B differ."""
        return [q for q in sorted(self.chosen_a) if self.chosen_a[q] != self.chosen_b.get(q)]


def _status(s: str | None) -> str:
    return s if s is not None else "absent (the clause does not exist under these readings)"


def _held(run: CheckRun, name: str) -> str:
    rd = run.model.readings.get(name)
    return "; ".join(rd.held_by) if rd is not None and rd.held_by else "?"


def _act_text(a: ActChange) -> str:
    if a.event is None:
        what = f"deadline {a.day.isoformat()}"
    else:
        e = a.event
        what = f"{e.describe()}  [{e.file}:{e.line}" + (f" · {e.source}" if e.source else "") + "]"
    return f"{what}: {a.before} → {a.after}"


def render_text(runs: list[DiffRun]) -> str:
    out: list[str] = []
    for i, d in enumerate(runs):
        if i:
            out.append("")
        out.append(f"treatylang diff — {d.a.source}" + (f" — “{d.a.title}”" if d.a.title else ""))
        qs = d.questions()
        if not qs:
            out.append("A and B choose the same readings: nothing can change.")
        for q in qs:
            ra, rb = d.chosen_a[q], d.chosen_b[q]
            da = d.a.model.readings[ra].default
            db = d.a.model.readings[rb].default
            out.append(f"  question {q}:")
            out.append(f"    A = {ra}{' (default)' if da else ''} — held by {_held(d.a, ra)}")
            out.append(f"    B = {rb}{' (default)' if db else ''} — held by {_held(d.a, rb)}")
        out.append("")
        for c in d.changes:
            head = c.clause_id + (f" [{binding_text(c.binding)}]" if c.binding else "")
            if c.trigger is not None:
                head += f" (triggered by {c.trigger.describe()})"
            out.append(head)
            out.append(f"  status: {_status(c.before)} → {_status(c.after)}")
            if c.acts:
                out.append("  acts:")
                out.extend(f"    {_act_text(a)}" for a in c.acts)
            out.append("  because:")
            out.extend(f"    {m.describe()} (held under {'A' if _under(m, d.chosen_a) else 'B'})"
                       for m in c.premises)
        n = len(d.changes)
        out.append(f"{n} instance{'s' * (n != 1)} change{'s' * (n == 1)}; {d.unchanged} do{'es' * (d.unchanged == 1)} "
                   "not.")
    return "\n".join(out) + "\n"


def _under(m, chosen: dict) -> bool:
    return not set(m.readings).isdisjoint(chosen.values())


def _act_dict(a: ActChange) -> dict:
    return {"date": a.day.isoformat() if a.day else None, "before": a.before, "after": a.after,
            "event": event_dict(a.event) if a.event is not None else None}


def _side(d: DiffRun, chosen: dict) -> list[dict]:
    return [{"question": q, "reading": chosen[q], "default": d.a.model.readings[chosen[q]].default,
             "held_by": list(d.a.model.readings[chosen[q]].held_by),
             "sources": list(d.a.model.readings[chosen[q]].sources)} for q in d.questions()]


def diff_dict(d: DiffRun) -> dict:
    return {
        "source": d.a.source,
        "kind": d.a.kind,
        "title": d.a.title,
        "a": _side(d, d.chosen_a),
        "b": _side(d, d.chosen_b),
        "changes": [{
            "instrument": c.instrument,
            "article": c.article,
            "clause": c.clause,
            "clause_id": c.clause_id,
            "binding": {k: v for k, v in c.binding},
            "trigger": event_dict(c.trigger) if c.trigger is not None else None,
            "before": c.before,
            "after": c.after,
            "acts": [_act_dict(a) for a in c.acts],
            "premises": [{"where": m.where, "statement": m.text, "readings": list(m.readings),
                          "holds_under": "a" if _under(m, d.chosen_a) else "b"} for m in c.premises],
        } for c in d.changes],
        "unchanged": d.unchanged,
    }


def to_dict(runs: list[DiffRun]) -> dict:
    return {"schema_version": SCHEMA_VERSION, "generator": f"treatylang {__version__}",
            "changed": any(d.changes for d in runs), "diffs": [diff_dict(d) for d in runs]}


def render_json(runs: list[DiffRun]) -> str:
    return json.dumps(to_dict(runs), ensure_ascii=False, indent=2) + "\n"


class DiffResult:
    """What `treatylang.diff` found: one `DiffRun` per timeline (`runs`),
    plus what the command line shows on stderr (scenario `warnings`, the
    first `bad_rows` of an event file). `to_dict()` is the JSON document
    `treatylang diff --format json` prints; `to_text()` the text."""

    def __init__(self, runs, warnings=(), bad_rows=()) -> None:
        self.runs = tuple(runs)
        self.warnings = tuple(warnings)
        self.bad_rows = tuple(bad_rows)

    def __repr__(self) -> str:
        n = len(self.changes)
        return f"<DiffResult {len(self.runs)} timeline{'s' * (len(self.runs) != 1)}: {n} change{'s' * (n != 1)}>"

    @property
    def changed(self) -> bool:
        """Some instance of some timeline changes."""
        return any(d.changes for d in self.runs)

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(c for d in self.runs for c in d.changes)

    def to_dict(self) -> dict:
        return to_dict(list(self.runs))

    def to_json(self) -> str:
        return render_json(list(self.runs))

    def to_text(self) -> str:
        return render_text(list(self.runs))
