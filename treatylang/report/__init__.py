"""Reports of a check: the analyst's memo (`text`, `memo`), the JSON
document (`document`, `json_report`; schema in docs/report.schema.json), the
HTML page (`html`) and JUnit XML for `treatylang test` (`junit`).

The pipeline: a `CheckRun` per timeline — the `Result` of
`treatylang.check.engine.evaluate` (findings possibly capped, with exact
counts: check/results.py), the `Model` it was checked against, and what is
known about where the events came from — becomes the report document
(`document.to_dict`, plain data, which is the JSON report); the memo and the
HTML page render that document, so a saved JSON report renders again with
`treatylang report RUN.json`. Every step is a pure function: no clock, no
environment, no absolute path that the user did not give. Same input, same
bytes.

The helpers below are shared by the renderers so that the memo and the JSON
say the same thing in the same words (status names, summary line, event
descriptions, CAMEO labels).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable

from attrs import field, frozen

from ..check.results import STATUSES, EventRef, Finding, Result, Verdict
from ..model import ClauseDef, InstrumentDef, Model

ONE_DAY = _dt.timedelta(days=1)

# How each instrument kind is named in a report, and whether it binds.
KIND_WORDS = {
    "treaty": "treaty",
    "joint_statement": "joint statement",
    "aide_memoire": "aide-mémoire",
    "memorandum": "memorandum",
}


@frozen
class EventFileInfo:
    """What reading one event file did (from `events.ReadReport`), as far as a
    report needs it. `bad` holds the first diagnostics kept by the reader;
    `bad_count` counts them all."""

    file: str
    format: str
    records: int = 0
    events: int = 0
    bad_count: int = 0
    skipped: tuple[tuple[str, int, str], ...] = ()  # (reason code, records, explanation)
    duplicates_merged: int = 0
    no_target: int = 0
    first_day: _dt.date | None = None
    last_day: _dt.date | None = None
    compression: str = "none"
    bad: tuple = field(default=(), eq=False)

    @classmethod
    def of(cls, rep) -> "EventFileInfo":
        """From an `events.ReadReport` (after the reader was iterated)."""
        skipped = tuple((k, v, rep.explain(k)) for k, v in sorted(rep.skipped.items()))
        return cls(rep.file, rep.format, rep.records, rep.events_yielded, rep.bad_count, skipped,
                   rep.duplicates_merged, rep.no_target, rep.first_day, rep.last_day, rep.compression,
                   tuple(rep.bad))


@frozen
class CheckRun:
    """One checked timeline, ready to render.

    `source` is what the timeline came from as the user named it (a scenario
    path or an event file path); `title` a scenario's title; `notes` are
    things the reader of the report must know about the run (events re-read
    and sorted, events naming unknown actions, options that filtered events).
    """

    result: Result
    model: Model = field(eq=False)
    source: str
    kind: str = "scenario"  # "scenario" | "events"
    title: str | None = None
    event_file: EventFileInfo | None = None
    notes: tuple[str, ...] = ()
    warnings: tuple = field(default=(), eq=False)  # scenario warnings (Diagnostics)


# ----------------------------------------------------------------- shared words


def status_counts(result: Result) -> dict[str, int]:
    """Verdict instances per status, in the fixed order of `STATUSES`
    (statuses with no verdict are left out)."""
    counts = {s: 0 for s in STATUSES}
    for v in result.verdicts:
        counts[v.status] = counts.get(v.status, 0) + 1
    return {s: n for s, n in counts.items() if n}


def violation_findings(result: Result) -> list[tuple[Verdict, Finding]]:
    """Every finding that is a violation (an event, or a missed deadline) of a
    violated verdict, in report order."""
    return [(v, f) for v in result.verdicts if v.status == "violated" for f in v.violations()]


def finding_party(v: Verdict, f: Finding) -> str:
    """Who a violation is attributed to: the acting state for an event, the
    blamed party for a missed deadline."""
    if f.event is not None:
        return f.event.actor
    return ", ".join(v.blame) or "?"


def violations_by_party(result: Result) -> dict[str, int]:
    """Violation findings per party, sorted by party code — exact counts,
    whether or not every finding was kept (`Verdict.counts`)."""
    out: dict[str, int] = {}
    for v in result.verdicts:
        if v.status != "violated":
            continue
        for kind, actor, _, _, n, _ in v.counts().cells:
            if kind in ("violation", "missed_deadline"):
                p = actor or ", ".join(v.blame) or "?"
                out[p] = out.get(p, 0) + n
    return dict(sorted(out.items()))


def word_counts(result: Result, modalities: dict[str, str] | None = None) -> dict[str, int]:
    """Verdict instances per reader's word (analysis.STATUS_WORDS), in the
    conclusion-first order."""
    from .analysis import WORD_ORDER, guess_modality, status_word

    out: dict[str, int] = {}
    for v in result.verdicts:
        m = (modalities or {}).get(v.clause_id) or guess_modality(v)
        w = status_word(v.status, m)
        out[w] = out.get(w, 0) + 1
    return {w: out[w] for w in WORD_ORDER if w in out}


def summary_line(result: Result, bad_rows: int = 0, words: dict[str, int] | None = None) -> str:
    """``2 violated, 1 undetermined, 5 complied with so far — 3 violations by
    RUS`` (the memo's summary, and `summary.line` in JSON): verdict instances
    per reader's word, then violation findings per party."""
    counts = words if words is not None else word_counts(result)
    head = ", ".join(f"{n:,} {s}" for s, n in counts.items()) or "no checkable clause"
    by = violations_by_party(result)
    if by:
        # A joint act's blame is "CHN, RUS": in a comma-separated list it must
        # not read as two more parties.
        parts = [f"{n:,} violation{'s' * (n != 1)} by {' and '.join(p.split(', ')) + ' jointly' if ', ' in p else p}"
                 for p, n in by.items()]
        tail = parts[0] + "".join(", " + re.sub(r"^([\d,]+) violations? ", r"\1 ", x) for x in parts[1:])
    else:
        tail = "no violations"
    line = f"{head} — {tail}"
    if bad_rows:
        line += f" ({bad_rows} bad event row{'s' * (bad_rows != 1)} not checked)"
    return line


def cameo_code(ref: EventRef) -> str | None:
    """The CAMEO code of a coded event (``cameo 072`` → ``072``), else None."""
    if ref.what.startswith("cameo "):
        return ref.what[6:].strip()
    return None


def cameo_label(code: str | None) -> str | None:
    """The codebook's label for a CAMEO code, if the codebook is available."""
    if not code:
        return None
    try:
        from ..events import cameo
    except ImportError:  # pragma: no cover - the codebook ships with the package
        return None
    try:
        entry = cameo.lookup(code)
    except Exception:  # a missing table: no label, never a crash
        return None
    return entry.name if entry is not None else None


def action_of(ref: EventRef) -> str | None:
    """The action name of a hand-written event, else None."""
    return None if ref.what.startswith("cameo ") or ref.what == "?" else ref.what


def binding_text(binding: Iterable[tuple[str, str]]) -> str:
    """``X = USA, P = IRN``."""
    return ", ".join(f"{k} = {v}" for k, v in binding)


def last_day(until: _dt.date | None) -> _dt.date | None:
    """An exclusive end as the inclusive last day (None stays None)."""
    return until - ONE_DAY if until is not None else None


def rule_text(model: Model, c: ClauseDef) -> str:
    """The clause as written in its file (``each party P must not use_force
    against the other party``), whitespace collapsed; a reconstruction when
    the source is not at hand."""
    src = model.sources.get(c.span.file) if c.span is not None else None
    if src and c.span.end > c.span.start:
        text = " ".join(src[c.span.start:c.span.end].split())
        m = re.match(r"^clause\s+\w+\s*(?:declaratory\s*)?:\s*", text)
        if m:
            return text[m.end():]
        return text
    tgt = f" {c.target}" if c.target else ""
    return f"{c.subject} {c.modality} {c.action}{tgt}"


def kind_text(ins: InstrumentDef) -> str:
    """``treaty (binding)`` / ``joint statement (political commitment)``."""
    word = KIND_WORDS.get(ins.kind, ins.kind.replace("_", " "))
    return f"{word} ({'binding' if ins.binding else 'political commitment'})"


def duration_text(d: tuple[int, str] | None, adjective: bool = False) -> str | None:
    """``10 years``; ``5-year`` as an adjective."""
    if d is None:
        return None
    n, unit = d
    return f"{n}-{unit}" if adjective else f"{n} {unit}{'s' * (n != 1)}"


def life_text(ins: InstrumentDef) -> str:
    """In-force dates of an instrument in one phrase."""
    parts = []
    if ins.in_force:
        parts.append(f"in force {ins.in_force.isoformat()}")
    else:
        parts.append("never in force")
    if ins.term:
        t = f"term {duration_text(ins.term)}"
        if ins.renew:
            t += f", renewed for {duration_text(ins.renew, True)} periods"
            if ins.notice:
                t += f" unless notice {duration_text(ins.notice)} before expiry"
        parts.append(t)
    if ins.superseded:
        parts.append(f"superseded by {ins.superseded[0]} from {ins.superseded[1].isoformat()}")
    for party, day in ins.withdrawn:
        parts.append(f"withdrawn by {party} from {day.isoformat()}")
    return "; ".join(parts)


def article_label(art) -> str:
    """The article's label with its confidence: ``Art. 21 — Entry into force``,
    ``Art. 7 (number unconfirmed) — …``, or ``Non-use of force (unnumbered)``
    when the clause file records no number (its notes say why)."""
    if art.number:
        return art.label
    title = art.title or art.name
    return f"{title} (unnumbered)"


def flag_text(flag: str | None) -> str:
    return {"paraphrase": "paraphrase", "translation": "translation"}.get(flag or "", flag or "original text")


def sorted_instruments(run: CheckRun) -> list[InstrumentDef]:
    """The instruments of a run in the order they were checked, with the life
    cycle the readings the run used give them (a life-cycle statement under a
    reading shows only where that reading was used) and every clause of the
    file (one under another reading is listed with its `under`)."""
    import attrs

    from ..model.readings import choose, select

    model = run.model
    if model.questions:
        model = select(model, choose(model, [r for _q, r, _d in run.result.readings]))
    out = []
    for i in run.result.instruments:
        if i in model.instruments:
            whole = run.model.instruments[i]
            out.append(attrs.evolve(model.instruments[i], articles=whole.articles, clauses=whole.clauses))
    return out


def life_cycle_phrases(ins: InstrumentDef) -> list[str]:
    """What the life-cycle statements beyond one entry-into-force date say
    (all states, ratifications, reinstatement, termination), for reports."""
    out = []
    if ins.all_states:
        out.append("binds all states")
    if ins.entry is not None:
        count, delay = ins.entry
        when = "on" if delay is None else f"{duration_text(delay)} after"
        which = "the last ratification" if count is None else f"the ratification by {count} parties"
        done = {p for p, _ in ins.ratifications}
        out.append(f"in force {when} {which}")
        if ins.ratifications:
            out.append("ratified by " + ", ".join(f"{p} {d}" if d else p for p, d in ins.ratifications))
        missing = [p for p in ins.party_codes if p not in done]
        if missing:
            out.append("not ratified (in the clause file) by " + ", ".join(missing))
    if ins.term_from_signature:
        out.append("term counted from signature")
    if ins.terminated:
        out.append(f"terminated from {ins.terminated.isoformat()}")
    if ins.reinstated:
        out.append(f"reinstated from {ins.reinstated.isoformat()}")
    return out


FORMATS = ("text", "json", "html")
#: Findings kept per clause instance by default (`check --max-findings`):
#: a 10^6-event check then prints a memo of about 300 lines and an HTML page
#: under 5 MB (docs/cli.md; benchmarks/bench_report.py measures it).
DEFAULT_MAX_FINDINGS = 5


def write_document(doc: dict, fmt: str, out) -> None:
    """Write a report document (`document.to_dict`) in `fmt` to the text
    stream `out`: the memo and JSON streamed, the HTML page in one piece."""
    if fmt == "json":
        from .json_report import write_document as w
    elif fmt == "html":
        from .html import write_document as w
    else:
        from .text import write_document as w
    w(doc, out)
