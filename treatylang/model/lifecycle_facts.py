"""The life-cycle statements beyond a single entry into force: instruments
that bind all states, ratifications and entry into force on the n-th or last
of them, reinstatement, termination, terms counted from signature — and the
statements under readings (`Premise`). Called by resolve.py for each
instrument; the meaning is in docs/semantics.md §3 and §15.
"""

from __future__ import annotations

import datetime as _dt

from ..events.model import parse_date
from ..syntax import ast as A
from .defs import InstrumentDef, Premise

# Statement kinds that can be given once per instrument (per choice of
# readings): the key groups those that say the same thing.
SINGLE = {A.Title: A.Title, A.Signed: A.Signed, A.Authentic: A.Authentic, A.Parties: A.Parties,
          A.AllStates: A.Parties, A.InForce: A.InForce, A.NotInForce: A.InForce,
          A.InForceRatification: A.InForce, A.Term: A.Term, A.Superseded: A.Superseded,
          A.WithdrawalNotice: A.WithdrawalNotice, A.Reinstated: A.Reinstated, A.Terminated: A.Terminated}
# Handled here rather than in resolve.py's loop.
OWN = (A.AllStates, A.InForceRatification, A.Ratified, A.Reinstated, A.Terminated)


def premise(it) -> Premise:
    """A life-cycle statement under readings, as the model keeps it."""
    from ..syntax.printer import Printer

    text = Printer._inst_stmt(it)
    if isinstance(it, A.InForce):
        field, value = "in_force", it.date if it.date is not None else "signed"
    elif isinstance(it, A.NotInForce):
        field, value = "in_force", None
    elif isinstance(it, A.InForceRatification):
        field, value = "entry", (it.count, (it.delay.amount, it.delay.unit) if it.delay else None)
    elif isinstance(it, A.Term):
        field, value = "term", ((it.length.amount, it.length.unit),
                                (it.renew.amount, it.renew.unit) if it.renew else None,
                                (it.notice.amount, it.notice.unit) if it.notice else None, it.from_signature)
    elif isinstance(it, A.Superseded):
        field, value = "superseded", (it.by, it.date)
    elif isinstance(it, A.Withdrawn):
        field, value = "withdrawn", (it.party, it.date)
    elif isinstance(it, A.Reinstated):
        field, value = "reinstated", it.date
    elif isinstance(it, A.Terminated):
        field, value = "terminated", it.date
    else:
        field, value = "withdrawal_notice", (it.duration.amount, it.duration.unit)
    return Premise(it.under, field, value, text, it.span)


def life_facts(r, items, codes: tuple[str, ...], crumbs, base: InstrumentDef) -> dict:
    """The fields of InstrumentDef that the statements in OWN (and
    `term … from signature`) set, with their problems reported on `r`."""
    out: dict = {}
    seen_ratified: dict[str, A.Ratification] = {}
    ratifications: list[tuple[str, str | None]] = []
    for it in items:
        if getattr(it, "under", ()):
            continue  # a premise: applied when readings are chosen
        if isinstance(it, A.AllStates):
            out["all_states"] = True
        elif isinstance(it, A.InForceRatification):
            out["entry"] = (it.count, (it.delay.amount, it.delay.unit) if it.delay else None)
            out["in_force"] = None
        elif isinstance(it, A.Term):
            out["term_from_signature"] = it.from_signature
        elif isinstance(it, A.Reinstated):
            out["reinstated"] = it.date
        elif isinstance(it, A.Terminated):
            out["terminated"] = it.date
        elif isinstance(it, A.Ratified):
            for rt in it.ratifications:
                if rt.party not in codes:
                    r.diag("TL214", f"`{rt.party}` is not a party to `{base.name}`", rt.span, crumbs=crumbs)
                elif rt.party in seen_ratified:
                    r.diag("TL204", f"the ratification of `{rt.party}` is given twice", rt.span, crumbs=crumbs)
                else:
                    seen_ratified[rt.party] = rt
                    ratifications.append((rt.party, rt.date))
    out["ratifications"] = tuple(ratifications)
    n = len(codes)
    for it in items:
        if isinstance(it, A.InForceRatification) and it.count is not None and codes and it.count > n:
            r.diag("TL259", f"in force on the ratification by {it.count} parties, but `{base.name}` has {n}", it.span,
                   "write `by all`, or a number of parties the instrument has", crumbs)
        if isinstance(it, (A.InForceRatification,)) and out.get("all_states"):
            r.diag("TL258", "an instrument that binds all states has no parties to ratify it", it.span,
                   "give the day it took effect: `in force YYYY-MM-DD`", crumbs)
    # A reinstatement needs an end before it; a termination an entry before it.
    first_end = _first_end(base, out)
    for it in items:
        if isinstance(it, A.Reinstated) and (first_end is None or it.date <= first_end):
            what = f"it ends on {first_end}" if first_end else "nothing ends it before"
            r.diag("TL260", f"reinstated from {it.date}, but {what}", it.span,
                   "`reinstated from D` puts an instrument that had ended (superseded, terminated, its term over) "
                   "back in force from D", crumbs)
        if isinstance(it, A.Terminated) and base.in_force and it.date <= base.in_force:
            r.diag("TL309", f"terminated on {it.date}, not after entry into force {base.in_force}", it.span,
                   crumbs=crumbs)
    return out


def _first_end(base: InstrumentDef, out: dict) -> _dt.date | None:
    from ..check.lifecycle import add  # plain date arithmetic

    ends = [d for d in (base.superseded[1] if base.superseded else None, out.get("terminated")) if d]
    if base.term and not base.renew and base.in_force:
        ends.append(add(base.in_force, *base.term))
    return min(ends) if ends else None


def ratification_range(text: str | None) -> tuple[_dt.date, _dt.date] | None:
    """The days a ratification written `2019-02-08`, `2018-12` or `2018` may
    have been on; None for a ratification with no date."""
    if text is None:
        return None
    first, last, _ = parse_date(text)
    return first, last


_PARTY_WORDS = {"other": "the other party", "any_party": "any party", "any_third_state": "any third state",
                "parties": "the parties"}


def check_all_states(r, ins: InstrumentDef, crumbs) -> None:
    """TL258: a clause of an instrument that binds all states speaks of
    parties (there are none to quantify over)."""
    for c in ins.clauses:
        words = [_PARTY_WORDS[w.kind] for w in (c.subject, c.target) if w is not None and w.kind in _PARTY_WORDS]
        words += [f"a {k.replace('_', ' ')} variable ({v})" for v, k, _ in c.vars if k in ("party", "third_state")]
        if words:
            r.diag("TL258", f"clause `{c.name}` speaks of {words[0]}, but `{ins.name}` binds all states and has no "
                   "parties", c.span, "write `any state X` (or a state code): every state is bound",
                   crumbs + (f"article {c.article}", f"clause {c.name}"))


def periods_text(ins: InstrumentDef) -> str:
    """Entry into force, as a report says it (for the ratification forms)."""
    if ins.entry is None:
        return ""
    count, delay = ins.entry
    when = "on" if delay is None else f"{delay[0]} {delay[1]}{'s' * (delay[0] != 1)} after"
    return f"in force {when} the {'last' if count is None else f'{count}th'} ratification"
