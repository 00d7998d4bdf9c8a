"""The plan as text (`treatylang plan`): what each executor will look for."""

from __future__ import annotations

from ..model import Cond
from .compile import ActionPlan, Plan, Term


def _cond(c: Cond) -> str:
    v = c.value.isoformat() if hasattr(c.value, "isoformat") else c.value
    return f"{c.attr} {c.op} {v}"


def _window(t: Term) -> str:
    if t.lo is None and t.hi is None:
        return "any day"
    lo = t.lo.isoformat() if t.lo else "…"
    hi = t.hi.isoformat() if t.hi else "…"
    return f"[{lo}, {hi})"


def _codes(a: ActionPlan) -> str:
    parts = []
    if a.prefixes:
        parts.append("cameo " + ", ".join(a.prefixes))
    if a.plover:
        parts.append("plover " + ", ".join(e + (f"/{q}" if q else "") for e, q in a.plover))
    if not parts:
        parts.append("by name only")
    n = len(a.codes)
    via = ""
    if a.codes:
        covered = {c for c in a.codes if any(c.startswith(p) for p in a.prefixes if len(p) >= 2)}
        extra = sorted(a.codes - covered)
        if extra:
            via = f"; through the crosswalk: {', '.join(extra)}"
    return f"{'; '.join(parts)} ({n} CAMEO code{'s' * (n != 1)}{via})"


def render_plan(plan: Plan) -> str:
    out = ["plan for " + ", ".join(plan.instruments)]
    for iid, ps in plan.parties:
        out.append(f"  {iid}: parties {', '.join(ps)}")
    out.append("")
    out.append("actions (an event is one of these by name, or by its CAMEO code)")
    w = max((len(a.name) for a in plan.actions), default=0)
    for a in plan.actions:
        out.append(f"  {a.name:<{w}}  {_codes(a)}")
    out.append("")
    out.append("terms (role, owner, action, actor, target, days)")
    for t in plan.terms:
        line = f"  {t.role:<11} {t.owner}: {t.action}  actor {t.actor.describe()}  target {t.target.describe()}  " \
               f"{_window(t)}"
        extras = []
        if t.needs:
            extras.append("while " + ", ".join(t.needs))
        if t.when:
            extras.append("when " + " and ".join(_cond(c) for c in t.when))
        if t.unless:
            extras.append("unless " + " or ".join(_cond(c) for c in t.unless))
        if extras:
            line += "  (" + "; ".join(extras) + ")"
        out.append(line)
    out.append("")
    out.append("pushdown: a row is kept if it is a notice of termination, or some term's action with an actor and "
               "target it admits and a date range meeting its days; attribute tests are not pushed down (a row "
               "without the attribute is unknown, not irrelevant)")
    return "\n".join(out) + "\n"
