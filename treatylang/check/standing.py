"""Standing states: `SUBJECT must not hold S(ARGS)` (docs/semantics.md §9.1).

A standing state is a situation instance its holder is in over time (missiles
targeted at the other party, forces stationed in a zone), declared in a
scenario or started and ended by events. A prohibition on holding it is
violated when the instance surely held at a moment when the clause surely
applied; `unknown` when that is only possible.

The state of an instance, and whether a clause applies, change only at the
events that start or end it (or the clause's situations) and at the days an
instrument or a window begins or ends; so it is enough to look at
*probes*: each event that starts the instance (an instance holds at its own
starting event), and the start of each day on which something may change,
after the day's boundaries (entry into force, declared starts and ends)
and before its events.
"""

from __future__ import annotations

import datetime as _dt

from .matching import kleene_all
from .results import Finding

ONE_DAY = _dt.timedelta(days=1)


def _day_probe(day: _dt.date) -> tuple:
    """The start of `day`, after its boundaries and before its events."""
    return (day, 0, "", 99)


def _change_days(f, used, lc, c, party, lo: _dt.date, hi: _dt.date) -> list[_dt.date]:
    """The days whose start may see a change: the instance's (and the clause's
    situations') events, and where the instrument or the window begins or ends."""
    days = {lo}
    for g in [f] + list(used):
        for x in g.events:
            days.update((x.lo[0], x.hi[0], x.hi[0] + ONE_DAY))
    for m in lc.end_range(party):
        if m is not None:
            days.update((m[0], m[0] + ONE_DAY))
    days.update(x for x in (c.window_from, c.window_until + ONE_DAY if c.window_until else None) if x)
    return sorted(d for d in days if lo <= d < hi)


def standing_findings(vs, d, c, env: dict, uses: list) -> list[Finding]:
    """The findings of one instance of a `must not hold` clause (`vs` is the
    `Verdicts` being built): for each instance of the standing state that fits
    the clause under `env`, a violation for each event that started it at a
    moment the clause surely applied, else one (with no event) if it surely
    held at the start of a day the clause surely applied, else `unknown` if it
    possibly held while the clause possibly applied."""
    ev = vs.ev
    su = c.holds
    params = ev.model.situations[su.name].params
    lc = ev.life[d.name]
    out: list[Finding] = []
    for f in ev.sits.of(su.name):
        env2 = dict(env)
        if not ev._bind_instance(su.args, f.args, params, env2, d.party_codes):
            continue
        party = vs.subject_party(c, env2)
        span = vs.span(d, party)
        if span is None:
            continue
        holder = (party,) if party else ()
        starts_hit, day_hit, maybe = [], None, None
        for used in uses or [[]]:
            probes = [((x.lo, x.hi), x) for x in f.events if x.start and x.event is not None
                      and span[0] <= x.lo[0] < span[1]]
            probes += [((_day_probe(day), _day_probe(day)), None) for day in _change_days(f, used, lc, c, party, *span)]
            for (lo, hi), x in probes:
                held = f.state(lo, hi, x.event if x is not None else None)
                if held is False:
                    continue
                v = kleene_all([held, lc.applies(lo, hi, party, c.window_from, c.window_until)]
                               + [u.state(lo, hi) for u in used])
                if v is True and x is not None:
                    if x not in starts_hit:
                        starts_hit.append(x)
                elif v is True:
                    day_hit = lo[0] if day_hit is None else min(day_hit, lo[0])
                elif v is None:
                    maybe = lo[0] if maybe is None else min(maybe, lo[0])
        if c.provided and (starts_hit or day_hit is not None):
            # `provided "…"`: whether holding it had that effect is a judgement.
            first = min([x.lo[0] for x in starts_hit] + ([day_hit] if day_hit else []))
            out.append(Finding("unknown", first, f"cannot decide: {f.describe()} held while the clause applied, but "
                               "whether " + "; and whether ".join(f"“{t}”" for t in c.provided)
                               + " is a judgement the checker does not make", None, holder))
            continue
        for x in starts_hit:
            out.append(Finding("violation", x.lo[0], f"`{c.name}` forbids holding {f.describe()}: this started it "
                               "while the clause applied", x.ref, holder))
        if not starts_hit and day_hit is not None:
            out.append(Finding("violation", day_hit, f"`{c.name}` forbids holding {f.describe()}: it held on "
                               f"{day_hit} while the clause applied", None, holder))
        elif not starts_hit and maybe is not None:
            out.append(Finding("unknown", maybe, f"cannot decide: {f.describe()} may have held on {maybe} while the "
                               "clause applied", None, holder))
    return out
