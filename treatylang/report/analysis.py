"""What a report says beyond the verdicts themselves: the words a lawyer
reads for each status, what each verdict rests on (sensitivity), the
roll-ups of a big run, and the life of each instrument as lanes.

Everything here is computed from a `Result` (with its exact counts, see
check/results.py) and the model's instrument definitions, and ends up in the
JSON document (report/document.py); the memo and the HTML page only render
what the document holds, so a saved JSON report renders the same again.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..check.lifecycle import add
from ..check.results import EventRef, Finding, Result, Verdict

ONE_DAY = _dt.timedelta(days=1)

# ----------------------------------------------------------------- status words

#: The words a reader sees for each JSON status value, by the clause's
#: modality where it matters (docs/cli.md has the table). One spelling each,
#: in the memo, the summary line, the HTML page and the JSON `status_text`.
STATUS_WORDS = {
    ("violated", None): "violated",
    ("unknown", None): "undetermined",
    ("pending", "must not"): "complied with so far",
    ("pending", "must"): "not yet due",
    ("fulfilled", "must not"): "complied with",
    ("fulfilled", "must"): "fulfilled",
    ("not_triggered", None): "never applied",
    ("not_in_force", None): "not in force",
}

#: Order of the words in summaries: the conclusion first.
WORD_ORDER = ("violated", "undetermined", "not yet due", "complied with so far", "complied with", "fulfilled",
              "never applied", "not in force")


def status_word(status: str, modality: str | None) -> str:
    """The reader's word for a status (`modality`: "must not" or "must")."""
    w = STATUS_WORDS.get((status, None))
    if w is not None:
        return w
    return STATUS_WORDS.get((status, modality)) or STATUS_WORDS.get((status, "must not")) or status


def guess_modality(v: Verdict) -> str:
    """A verdict's modality when no model is at hand: a prohibition is open
    when pending; a fulfilled obligation has a fulfilment."""
    if v.open:
        return "must not"
    if v.status == "pending":
        return "must"
    if v.status == "fulfilled":
        return "must" if v.counts().count("fulfilment") else "must not"
    return "must" if v.deadline is not None else "must not"


# ----------------------------------------------------------------- sensitivity


def _where(ref: EventRef) -> str:
    return f"{ref.file}:{ref.line}"


def _missing_datum(f: Finding) -> str:
    """The datum that would decide an undecided finding, in words (from the
    engine's reason; the reason itself when no rule names it)."""
    r = f.reason
    m = re.search(r"does not say its (.+?)(?:;|$)", r)
    if m:
        return f"the event's {m.group(1)}"
    if "started on an imprecise date" in r:
        return "the day the situation started (its start is dated imprecisely)"
    if "may or may not have held" in r:
        # Name what is missing: the order on the dates given (no time of day,
        # or an imprecise date), or a start/end that itself is uncertain.
        if "their order is not known" in r:
            return ("the order of the act and the situation's start or end, which the dates and times given do "
                    "not fix: whether the situation held when the act happened")
        return "whether the situation held when the act happened"
    if "is imprecise" in r or "imprecise date" in r:
        when = f" (dated {f.event.date})" if f.event is not None else ""
        return f"the exact day of the act{when}"
    if "may be permitted by" in r:
        m = re.search(r"may be permitted by (`[^`]+`)", r)
        return f"whether the permission {m.group(1) if m else ''} covers the act".replace("  ", " ")
    if "timeline starts on" in r:
        return "events before the timeline starts: one that fulfils the obligation would decide it"
    if "the date may fall after the deadline" in r:
        return "the exact day of the act: on or before the deadline, or after"
    return r.removeprefix("cannot decide: ")


def _without_violations(v: Verdict, modality: str, as_of: _dt.date | None) -> str:
    """The status word the verdict would have without its violating acts."""
    c = v.counts()
    if c.count("unknown"):
        return status_word("unknown", modality)
    if not v.applied:
        return status_word("not_triggered", modality)
    if as_of is None or any(hi is None or hi > as_of for _, hi in v.applied):
        return status_word("pending", modality)
    return status_word("fulfilled", modality)


def rests_on(v: Verdict, modality: str, as_of: _dt.date | None) -> dict | None:
    """What a violated or undetermined verdict rests on (None otherwise).

    For a violation: the acts (exact count), the reports behind them, how
    many acts rest on a single coded report or an imprecise date, what the
    verdict would be without them when a few reports decide it, and what the
    situation that made the clause apply rests on. For an undetermined
    verdict: the datum each undecided act lacks."""
    c = v.counts()
    if v.status == "violated":
        acts = c.count("violation")
        missed = c.count("missed_deadline")
        kept = [f for f in v.findings if f.kind == "violation" and f.event is not None]
        sources = sum(max(1, f.event.sources) for f in kept) if len(kept) == acts else None
        decisive: list[str] = []
        without = _without_violations(v, modality, as_of)
        if missed and not acts:
            decisive.append(f"rests on the absence of a `{_action(v)}` in the data on or before {v.deadline}: "
                            f"one report of such an act would make it fulfilled")
        elif acts and len(kept) == acts and acts <= 3:
            coded = [f for f in kept if f.event.coded]
            if len(coded) == acts:
                total = sum(f.event.report_count for f in coded)
                lst = ", ".join(_where(f.event) for f in coded)
                decisive.append(f"rests on {'a single report' if total == 1 else f'{total} reports'} ({lst}): "
                                f"drop {'it' if total == 1 else 'them'} and the verdict becomes {without}")
            else:
                lst = ", ".join(_where(f.event) for f in kept)
                decisive.append(f"{acts} act{'s' * (acts != 1)} asserted in the timeline ({lst}); without "
                                f"{'it' if acts == 1 else 'them'}: {without}")
        for f in kept[:3]:
            if f.event.imprecise:
                decisive.append(f"the act of {f.event.date} ({_where(f.event)}) is dated imprecisely; every "
                                "day it may have happened falls while the clause applied")
        trig = _trigger_basis(v)
        asserted = bool(kept) and len(kept) == acts and not any(f.event.coded for f in kept)
        return {"acts": acts, "asserted": asserted, "missed_deadlines": missed, "reports": c.reports("violation"),
                "sources": sources, "single_report_acts": c.single_report, "imprecise_acts": c.imprecise,
                "without_them": without if acts + missed <= 3 else None,
                "decisive": decisive, "trigger": trig, "missing": []}
    if v.status == "unknown":
        missing = []
        for f in v.findings:
            if f.kind == "unknown":
                missing.append({"date": f.day.isoformat(), "where": _where(f.event) if f.event else None,
                                "datum": _missing_datum(f)})
        return {"acts": 0, "asserted": False, "missed_deadlines": 0, "reports": 0, "sources": None, "single_report_acts": 0,
                "imprecise_acts": 0, "without_them": None, "decisive": [], "trigger": _trigger_basis(v),
                "missing": missing}
    return None


def _action(v: Verdict) -> str:
    m = next((re.search(r"no `([^`]+)`", f.reason) for f in v.findings if f.kind == "missed_deadline"), None)
    return m.group(1) if m else "fulfilling act"


def _trigger_basis(v: Verdict) -> str | None:
    """What the situation that made the clause apply rests on, when one
    report or one declaration decides it."""
    trig = [t for t in v.triggers if not (t.event is not None and t.description == t.event.describe())]
    if not trig:
        return None
    total = v.triggers_total if v.triggers_total is not None else len(trig)
    if total == 1:
        t = trig[0]
        if t.event is None:
            return f"It applied because {t.description} was declared" + \
                (f" on the authority of {t.source}" if t.source else "")
        ev = t.event
        if ev.coded and ev.report_count <= 1:
            return (f"It applied because {t.description} was opened by a single report ({_where(ev)}); without "
                    "it the clause never applied")
        if ev.coded:
            return f"It applied because {t.description} was opened by an act with {ev.report_count} reports " \
                f"({_where(ev)})"
        return f"It applied because {t.description} was opened by an act asserted in the timeline ({_where(ev)})"
    names = sorted({t.description for t in trig})
    out = f"It applied during {total:,} periods of {names[0] if len(names) == 1 else 'its situations'}"
    single = sum(1 for t in trig if t.event is not None and t.event.coded and t.event.report_count <= 1)
    if single and total == len(trig):
        out += f", {single:,} of them opened by a single report"
    return out


# ----------------------------------------------------------------- roll-ups


def rollup(result: Result, top: int = 10) -> dict:
    """Counts by party × clause × month and by dyad (violations and
    undecided acts, from the exact tallies), and the `top` violation
    findings kept with the most reports."""
    cells: dict[tuple, list[int]] = {}
    dyads: dict[tuple, list[int]] = {}
    best = []
    for v in result.verdicts:
        t = v.counts()
        for kind, actor, target, month, n, reports in t.cells:
            if kind not in ("violation", "missed_deadline", "unknown"):
                continue
            party = actor or ", ".join(v.blame) or "?"
            c = cells.setdefault((party, v.clause_id, kind, month), [0, 0])
            c[0] += n
            c[1] += reports
            if kind == "violation":
                d = dyads.setdefault((party, target), [0, 0])
                d[0] += n
                d[1] += reports
        if v.status == "violated":
            for i, f in enumerate(v.findings):
                if f.kind == "violation" and f.event is not None:
                    best.append(((-f.event.report_count, -f.event.sources, f.day, v.clause_id, v.binding, i), v, f))
    best.sort(key=lambda x: x[0])
    return {
        "by_party_clause_month": [{"party": p, "clause_id": c, "kind": k, "month": m, "acts": n, "reports": r}
                                  for (p, c, k, m), (n, r) in sorted(cells.items())],
        "by_dyad": [{"actor": a, "target": t or None, "acts": n, "reports": r}
                    for (a, t), (n, r) in sorted(dyads.items(), key=lambda kv: (-kv[1][0], kv[0]))],
        "top_findings": [(v, f) for _, v, f in best[:top]],
    }


# ----------------------------------------------------------------- instrument lanes


def life(ins, notices, start: _dt.date | None, as_of: _dt.date | None) -> list[dict]:
    """The instrument's in-force periods for each party, cut to the timeline:
    the initial term, each renewal, the end by notice, withdrawal or
    supersession. `notices`: (party, given, effective) from the run."""
    if ins.in_force is None or start is None or as_of is None:
        return []
    end_all = ins.superseded[1] if ins.superseded else None
    why_all = f"superseded by {ins.superseded[0]}" if ins.superseded else None
    if ins.term and not ins.renew:
        t_end = add(ins.in_force, *ins.term)
        if end_all is None or t_end < end_all:
            end_all, why_all = t_end, "term expired"
    bilateral = len(ins.parties) == 2
    ends: dict[str, tuple[_dt.date, str]] = {}
    for party, day in ins.withdrawn:
        ends[party] = (day, f"withdrawn by {party}")
    for party, given, eff in notices:
        # The earliest end wins; a notice's end always carries its own label
        # (a tie with a placeholder must not leave `ended_by` empty).
        end = (eff, f"notice by {party} given {given.isoformat()}")
        ends[party] = min(ends[party], end) if party in ends else end
    out = []
    horizon = as_of + ONE_DAY
    for code, _ in ins.parties:
        end, why = end_all, why_all
        for p, (day, w) in ends.items():
            if (bilateral or p == code) and (end is None or day < end):
                end, why = day, w
        # periods: [in_force, in_force+term), then renewals
        bounds = [ins.in_force]
        if ins.term:
            nxt = add(ins.in_force, *ins.term)
            while nxt < horizon and (end is None or nxt < end):
                bounds.append(nxt)
                if not ins.renew:
                    break
                nxt = add(nxt, *ins.renew)
        stop = min(x for x in (end, horizon) if x is not None)
        for i, lo in enumerate(bounds):
            hi = bounds[i + 1] if i + 1 < len(bounds) else stop
            hi = min(hi, stop)
            a, b = max(lo, start), min(hi, horizon)
            if a >= b:
                continue
            phase = "initial term" if i == 0 else f"renewal {i}"
            if not ins.term:
                phase = "in force"
            ended = why if (hi == end and end is not None and end < horizon) else None
            out.append({"party": code, "first_day": a.isoformat(), "last_day": (b - ONE_DAY).isoformat(),
                        "phase": phase, "ended_by": ended})
    return out
