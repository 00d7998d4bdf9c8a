"""The report document: everything a report says, as plain data.

`to_dict(runs)` is the JSON report (schema: docs/report.schema.json, JSON
Schema draft 2020-12; `SCHEMA_VERSION` is written into it as
``schema_version``), and it is also what the memo (report/text.py) and the
HTML page (report/html.py) render — so `treatylang report RUN.json` renders
a saved report exactly as `check` would have. The versioning policy is in
docs/cli.md: a new field is a minor bump (1.0 → 1.1), a removed or renamed
field or a changed meaning a major one (1.x → 2.0).

Its size is bounded by what the run kept (findings per instance are capped
by `--max-findings`, with exact counts beside them), never by the number of
events read.

Determinism: keys in a fixed order (the order of `check_dict`, `_verdict`,
…), lists in report order. Dates are ISO strings; intervals are given as
inclusive ``first_day`` / ``last_day`` (``null``: still holding at the end
of the timeline).
"""

from __future__ import annotations

from .. import __version__
from ..check.results import STATUSES, EventRef, Finding, Trigger, Verdict
from ..diagnostics import to_dict as diagnostic_dict
from . import (
    life_cycle_phrases,
    CheckRun,
    EventFileInfo,
    action_of,
    article_label,
    cameo_code,
    cameo_label,
    last_day,
    rule_text,
    sorted_instruments,
    status_counts,
    summary_line,
    violations_by_party,
)
from .analysis import WORD_ORDER, guess_modality, life, rests_on, rollup, status_word

SCHEMA_VERSION = "1.3"


def _d(day) -> str | None:
    return day.isoformat() if day is not None else None


def event_dict(ref: EventRef) -> dict:
    """An event as the report shows it (date as written: ``2003``, ``2003-04``
    or ``2003-04-02``; time of day separately)."""
    date, _, time = ref.date.partition(" ")
    code = cameo_code(ref)
    return {
        "date": date,
        "time": time or None,
        "actor": ref.actor,
        "target": ref.target,
        "action": action_of(ref),
        "cameo": {"code": code, "label": cameo_label(code)} if code else None,
        "attributes": {k: v for k, v in ref.attrs},
        "provenance": {
            "file": ref.file,
            "line": ref.line,
            "source": ref.source,
            "ids": {k: v for k, v in ref.ids},
        },
        "also_reported": list(ref.also_reported),
        "coded": ref.coded,
        "reports": ref.report_count,
        "sources": max(1, ref.sources),
        "last_day": _d(ref.last_day),
        "actor_roles": list(ref.actor_roles),
        "target_roles": list(ref.target_roles),
    }


def _finding(f: Finding) -> dict:
    return {"kind": f.kind, "date": _d(f.day), "reason": f.reason,
            "event": event_dict(f.event) if f.event is not None else None}


def _trigger(t: Trigger) -> dict:
    return {"description": t.description, "first_day": _d(t.start), "last_day": _d(last_day(t.end)),
            "event": event_dict(t.event) if t.event is not None else None, "source": t.source,
            "start_uncertain_until": _d(t.start_last),
            "end_uncertain_until": _d(last_day(t.end_last)) if t.end_last else None,
            "ended_on": _d(t.ended if t.ended is not None else t.end), "certain": t.certain, "doubt": t.doubt}


def _counts(v: Verdict) -> dict:
    t = v.counts()
    return {
        "total": t.total,
        "kept": len(v.findings),
        "by_kind": {k: {"findings": n, "reports": r, "first_day": _d(a), "last_day": _d(b)}
                    for k, n, r, a, b in t.kinds},
        "months": [[k, actor or None, target or None, month, n, r] for k, actor, target, month, n, r in t.cells],
    }


def _verdict(v: Verdict, modality: str, as_of) -> dict:
    return {
        "instrument": v.instrument,
        "article": v.article,
        "clause": v.clause,
        "clause_id": v.clause_id,
        "status": v.status,
        "binding": {k: val for k, val in v.binding},
        "blame": list(v.blame),
        "open": v.open,
        "deadline": _d(v.deadline),
        "applied": [{"first_day": _d(lo), "last_day": _d(last_day(hi))} for lo, hi in v.applied],
        "triggers": [_trigger(t) for t in v.triggers],
        "triggers_total": v.triggers_total if v.triggers_total is not None else len(v.triggers),
        "findings": [_finding(f) for f in v.findings],
        "notes": list(v.notes),
        "modality": modality,
        "status_text": status_word(v.status, modality),
        "counts": _counts(v),
        "rests_on": rests_on(v, modality, as_of),
    }


def _instrument(run: CheckRun, ins) -> dict:
    articles = []
    for art in ins.articles:
        q = art.quote()
        articles.append({
            "name": art.name,
            "label": article_label(art),
            "title": art.title,
            "number": art.number,
            "confidence": art.confidence,
            "text": {"lang": q[0], "text": q[1], "flag": q[2]} if q else None,
            "sources": list(art.sources),
            "notes": list(art.notes),
            "clauses": [
                {"name": c.name, "rule": rule_text(run.model, c), "modality": c.modality, "checkable": c.checkable}
                for c in ins.clauses if c.article == art.name
            ],
        })
    return {
        "id": ins.name,
        "title": ins.title,
        "kind": ins.kind,
        "binding": ins.binding,
        "signed": _d(ins.signed),
        "place": ins.place,
        "authentic": list(ins.authentic),
        "parties": [{"code": c, "name": n} for c, n in ins.parties],
        "in_force": _d(ins.in_force),
        "term": _duration(ins.term),
        "renew": _duration(ins.renew),
        "notice": _duration(ins.notice),
        "superseded_by": {"instrument": ins.superseded[0], "from": _d(ins.superseded[1])} if ins.superseded else None,
        "withdrawn": [{"party": p, "from": _d(d)} for p, d in ins.withdrawn],
        "life_cycle": life_cycle_phrases(ins),
        "articles": articles,
        "life": life(ins, [(p, g, e) for i, p, g, e in run.result.notices if i == ins.name],
                     run.result.start, run.result.as_of),
    }


def _duration(d) -> dict | None:
    return {"amount": d[0], "unit": d[1]} if d else None


def _event_file(ef: EventFileInfo) -> dict:
    return {
        "file": ef.file,
        "format": ef.format,
        "compression": ef.compression,
        "records": ef.records,
        "events": ef.events,
        "bad_count": ef.bad_count,
        "bad": [diagnostic_dict(d) for d in ef.bad],
        "skipped": [{"reason": code, "count": n, "explanation": why} for code, n, why in ef.skipped],
        "duplicates_merged": ef.duplicates_merged,
        "no_target": ef.no_target,
        "first_day": _d(ef.first_day),
        "last_day": _d(ef.last_day),
    }


def _summary(run: CheckRun, words: dict[str, int]) -> dict:
    r = run.result
    bad = run.event_file.bad_count if run.event_file else 0
    return {
        "compliant": r.compliant,
        "statuses": status_counts(r),
        "violations": r.violation_count(),
        "violations_by_party": violations_by_party(r),
        "bad_rows": bad,
        "line": summary_line(r, bad, words),
        "words": words,
    }


def modalities(run: CheckRun) -> dict[str, str]:
    """clause id -> modality, for every checkable clause of the run."""
    out = {}
    for ins in sorted_instruments(run):
        for c in ins.clauses:
            if c.modality:
                out[f"{ins.name}.{c.name}"] = c.modality
    return out


def _rollup(run: CheckRun) -> dict:
    ru = rollup(run.result)
    ru["top_findings"] = [{"clause_id": v.clause_id, "binding": dict(v.binding), "finding": _finding(f)}
                          for v, f in ru["top_findings"]]
    return ru


def check_dict(run: CheckRun) -> dict:
    """One checked timeline."""
    r = run.result
    mods = modalities(run)
    verdicts = []
    words: dict[str, int] = {}
    for v in r.verdicts:
        vd = _verdict(v, mods.get(v.clause_id) or guess_modality(v), r.as_of)
        words[vd["status_text"]] = words.get(vd["status_text"], 0) + 1
        verdicts.append(vd)
    words = {w: words[w] for w in WORD_ORDER if w in words}
    return {
        "source": run.source,
        "kind": run.kind,
        "title": run.title,
        "instruments": [_instrument(run, ins) for ins in sorted_instruments(run)],
        "timeline": {"first_day": _d(r.start), "last_day": _d(r.as_of), "events_checked": r.events_checked,
                     "events_matched": r.events_matched, "acts": r.acts, "reports": r.reports},
        "readings": [_reading(run, q, name, default) for q, name, default in r.readings],
        "event_file": _event_file(run.event_file) if run.event_file else None,
        "notes": list(run.notes),
        "warnings": [diagnostic_dict(w) for w in run.warnings],
        "verdicts": verdicts,
        "declaratory": [{"instrument": d.instrument, "article": d.article, "clause": d.clause, "text": d.text}
                        for d in r.declaratory],
        "summary": _summary(run, words),
        "max_findings": r.max_findings,
        "rollup": _rollup(run),
    }


def _reading(run: CheckRun, question: str, name: str, default: bool) -> dict:
    """A contested reading the check used (docs/language.md, "Readings")."""
    rd = run.model.readings.get(name)
    return {"question": question, "reading": name, "default": default,
            "held_by": list(rd.held_by) if rd else [], "sources": list(rd.sources) if rd else []}


def to_dict(runs: list[CheckRun]) -> dict:
    """The whole document: every checked timeline, and a summary over them."""
    checks = [check_dict(r) for r in runs]
    statuses: dict[str, int] = {}
    by_party: dict[str, int] = {}
    for c in checks:
        for k, n in c["summary"]["statuses"].items():
            statuses[k] = statuses.get(k, 0) + n
        for k, n in c["summary"]["violations_by_party"].items():
            by_party[k] = by_party.get(k, 0) + n
    words: dict[str, int] = {}
    for c in checks:
        for k, n in c["summary"]["words"].items():
            words[k] = words.get(k, 0) + n
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"treatylang {__version__}",
        "compliant": all(c["summary"]["compliant"] for c in checks),
        "summary": {
            "checks": len(checks),
            "statuses": {s: statuses[s] for s in STATUSES if s in statuses},
            "violations": sum(c["summary"]["violations"] for c in checks),
            "violations_by_party": dict(sorted(by_party.items())),
            "bad_rows": sum(c["summary"]["bad_rows"] for c in checks),
            "words": {w: words[w] for w in WORD_ORDER if w in words},
        },
        "checks": checks,
    }
