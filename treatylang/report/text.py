"""The text report: a memo an analyst can read, forward, and follow back.

Layout (docs/cli.md shows an example):

    header    what was checked: the timeline's source, each instrument with
              title, kind (binding / political) and in-force dates, the extent
              of the timeline, events read and matched, the event file's
              bad and skipped rows, notes about the run
    body      per instrument → article (label, confidence, quoted text marked
              as paraphrase / translation) → clause (its rule as written) →
              one entry per verdict instance: the binding, the status, blame,
              the trigger, the days on which the clause applied, and the
              findings with date, actors, action / CAMEO code and label,
              attributes, provenance (file:line, ids, source)
              declaratory clauses: listed briefly, "recorded, not checked"
    footer    one summary line

Deterministic: the order is the order of the instruments checked, of the
articles and clauses in their files, of bindings (sorted) and of events
(time order); no timestamps; paths as the user gave them.
"""

from __future__ import annotations

import textwrap

from ..check.results import EventRef, Finding, Verdict
from . import (
    CheckRun,
    action_of,
    article_label,
    binding_text,
    cameo_code,
    cameo_label,
    flag_text,
    kind_text,
    last_day,
    life_text,
    rule_text,
    sorted_instruments,
    summary_line,
)

WIDTH = 88
RULE = "─" * WIDTH

STATUS_WORDS = {
    "violated": "VIOLATED",
    "unknown": "UNKNOWN",
    "pending": "pending",
    "fulfilled": "fulfilled",
    "not_triggered": "not triggered",
    "not_in_force": "not in force",
}


def _wrap(text: str, indent: str, first: str | None = None, width: int = WIDTH) -> list[str]:
    """`text` filled to `width`, the first line after `first` (default
    `indent`), the others after `indent`; never breaks a word or a URL."""
    lead = first if first is not None else indent
    if len(lead) + len(text) <= width and "\n" not in text and "\t" not in text:
        return [lead + text.strip()] if text.strip() else [lead.rstrip()]
    return textwrap.wrap(text, width=width, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _span(lo, hi_excl) -> str:
    """A [from, until) interval as inclusive days."""
    hi = last_day(hi_excl)
    if hi is None:
        return f"{lo.isoformat()} onwards"
    if hi == lo:
        return lo.isoformat()
    return f"{lo.isoformat()} – {hi.isoformat()}"


def describe_event(ref: EventRef) -> str:
    """``2003-04-01 RUS → USA assist (cameo 072 “Provide military aid”) kind=military``."""
    who = ref.actor + (f" → {ref.target}" if ref.target else "")
    code = cameo_code(ref)
    if code:
        label = cameo_label(code)
        what = f"cameo {code}" + (f" “{label}”" if label else "")
    else:
        what = action_of(ref) or ref.what
    attrs = "".join(f" {k}={v}" for k, v in ref.attrs)
    return f"{ref.date}  {who}  {what}{attrs}"


def provenance(ref: EventRef) -> str:
    """``ev.csv:3 · GLOBALEVENTID=123 · https://…``."""
    parts = [f"{ref.file}:{ref.line}"]
    parts += [f"{k}={v}" for k, v in ref.ids]
    if ref.source:
        parts.append(ref.source)
    return " · ".join(parts)


_FINDING_WORDS = {
    "violation": "violation",
    "missed_deadline": "missed deadline",
    "fulfilment": "fulfilment",
    "unknown": "undecided",
    "context": "context",
}


def _finding(f: Finding, indent: str) -> list[str]:
    out = []
    word = _FINDING_WORDS.get(f.kind, f.kind)
    if f.event is not None:
        out += _wrap(describe_event(f.event), indent + "    ", f"{indent}- ")
        out += _wrap(f"{word}: {f.reason}", indent + "      ", indent + "  ")
        out += _wrap(f"source: {provenance(f.event)}", indent + "      ", indent + "  ")
        for other in f.event.also_reported:
            out += _wrap(f"also reported: {other}", indent + "      ", indent + "  ")
    else:
        out += _wrap(f"{f.day.isoformat()}  {word}: {f.reason}", indent + "    ", f"{indent}- ")
    return out


def _status_phrase(v: Verdict, run: CheckRun, modality: str | None) -> str:
    word = STATUS_WORDS.get(v.status, v.status)
    as_of = run.result.as_of
    if v.status == "violated":
        return f"{word}" + (f" by {', '.join(v.blame)}" if v.blame else "")
    if v.status == "pending":
        if v.open or modality == "must not":
            return (f"{word} (open): not violated so far, and the clause still applies at the end of the "
                    f"timeline ({as_of.isoformat() if as_of else '?'})")
        if v.deadline:
            return f"{word}: the deadline {v.deadline.isoformat()} is after the end of the timeline"
        return word
    if v.status == "fulfilled":
        if modality == "must not":
            return f"{word}: not violated while it applied"
        return f"{word}" + (f" (deadline {v.deadline.isoformat()})" if v.deadline else "")
    if v.status == "unknown":
        return f"{word}: the data needed to decide is missing (see below)"
    if v.status == "not_triggered":
        return f"{word}: the clause never applied in this timeline"
    if v.status == "not_in_force":
        return f"{word}: the instrument was not in force for the party during the timeline"
    return word


def _endings(v: Verdict, run: CheckRun) -> list[str]:
    """Why the clause stopped applying inside the timeline, when the reason is
    the instrument's own end (supersession, withdrawal)."""
    ins = run.model.instruments.get(v.instrument)
    as_of = run.result.as_of
    if ins is None or as_of is None:
        return []
    ends = []
    if ins.superseded:
        ends.append((ins.superseded[1], f"superseded by {ins.superseded[0]}"))
    for party, day in ins.withdrawn:
        ends.append((day, f"withdrawn by {party}"))
    out = []
    for _, hi in v.applied:
        if hi is None or hi > as_of:
            continue
        out += [f"(the instrument ceased to apply on {day.isoformat()}: {why})" for day, why in ends if day == hi]
    return out


def _verdict(v: Verdict, run: CheckRun, modality: str | None, indent: str) -> list[str]:
    head = binding_text(v.binding)
    phrase = _status_phrase(v, run, modality)
    out = _wrap(f"{head + ': ' if head else ''}{phrase}", indent + "    ", f"{indent}• ")
    sub = indent + "  "
    for t in v.triggers:
        if t.event is not None and t.description == t.event.describe():
            # an obligation counted from an event (`within … of …`)
            out += _wrap(f"trigger: {describe_event(t.event)} [{provenance(t.event)}]", sub + "    ", sub)
            continue
        if t.end is None:
            span = f"from {t.start.isoformat()}, still holding at the end of the timeline"
        else:
            span = f"from {t.start.isoformat()} to {last_day(t.end).isoformat()} (ended on {t.end.isoformat()})"
        out += _wrap(f"trigger: {t.description} {span}", sub + "    ", sub)
        if t.event is not None:
            out += _wrap(f"started by {describe_event(t.event)} [{provenance(t.event)}]", sub + "    ", sub + "  ")
        if t.source:
            out += _wrap(f"on the authority of: {t.source}", sub + "    ", sub + "  ")
    if v.applied:
        out += _wrap("applied: " + "; ".join(_span(lo, hi) for lo, hi in v.applied), sub + "    ", sub)
        for why in _endings(v, run):
            out += _wrap(why, sub + "    ", sub + "  ")
    if v.deadline is not None and v.status != "pending":
        out.append(f"{sub}deadline: {v.deadline.isoformat()}")
    for n in v.notes:
        out += _wrap(f"note: {n}", sub + "    ", sub)
    if v.findings:
        out.append(f"{sub}findings:")
        for f in v.findings:
            out += _finding(f, sub + "  ")
    return out


def _header(run: CheckRun) -> list[str]:
    r = run.result
    out = ["treatylang compliance report", "=" * len("treatylang compliance report"), ""]
    label = "Scenario" if run.kind == "scenario" else "Event file"
    out += _wrap(run.source + (f" — “{run.title}”" if run.title else ""), " " * 14, f"{label + ':':<14}")
    first = True
    for ins in sorted_instruments(run):
        lead = f"{'Instruments:' if first else '':<14}"
        first = False
        out += _wrap(f"{ins.name} — {ins.title or '(no title)'}", " " * 16, lead)
        parties = ", ".join(code for code, _ in ins.parties)
        out += _wrap(f"{kind_text(ins)}; parties {parties}" +
                     (f"; signed {ins.signed.isoformat()}" if ins.signed else "") +
                     (f" at {ins.place}" if ins.place else ""), " " * 16)
        out += _wrap(life_text(ins), " " * 16)
    if r.start and r.as_of:
        out += _wrap(f"{r.start.isoformat()} to {r.as_of.isoformat()} (both days included)", " " * 14,
                     f"{'Timeline:':<14}")
    else:
        out.append(f"{'Timeline:':<14}empty (no events and no declared situations)")
    out += _wrap(f"{r.events_checked} checked, {r.events_matched} matched a clause or situation",
                 " " * 14, f"{'Events:':<14}")
    ef = run.event_file
    if ef is not None:
        parts = [f"{ef.records} record{'s' * (ef.records != 1)} read ({ef.format})", f"{ef.events} event{'s' * (ef.events != 1)}"]
        if ef.bad_count:
            parts.append(f"{ef.bad_count} bad row{'s' * (ef.bad_count != 1)} not checked (listed on stderr)")
        for code, n, why in ef.skipped:
            parts.append(f"{n} skipped: {why}")
        if ef.duplicates_merged:
            parts.append(f"{ef.duplicates_merged} duplicate reports merged")
        out += _wrap(", ".join(parts), " " * 14, f"{'Reading:':<14}")
    for w in run.warnings:
        out += _wrap(f"{w.span.file}:{w.span.line}: {w.code} {w.message}", " " * 14, f"{'Warning:':<14}")
    for n in run.notes:
        out += _wrap(n, " " * 14, f"{'Note:':<14}")
    return out


def render_run(run: CheckRun) -> str:
    """The memo for one timeline (ends with a newline)."""
    out = _header(run)
    model = run.model
    r = run.result
    for ins in sorted_instruments(run):
        out += ["", RULE]
        out += _wrap(f"{ins.name} — {ins.title or '(no title)'}", "  ")
        out += [f"  {kind_text(ins)}", RULE]
        verdicts = [v for v in r.verdicts if v.instrument == ins.name]
        decl = [d for d in r.declaratory if d.instrument == ins.name]
        for art in ins.articles:
            checked = [c for c in ins.clauses if c.article == art.name and c.checkable]
            art_decl = [d for d in decl if d.article == art.name]
            if not checked and not art_decl:
                continue
            out += [""]
            out += _wrap(article_label(art), "  ")
            q = art.quote()
            if q:
                lang, text, flag = q
                out += _wrap(f"“{text}” [{lang}, {flag_text(flag)}]", "    ", "    ")
            for note in art.notes:
                out += _wrap(f"note: {note}", "          ", "    ")
            for c in checked:
                out += [""]
                out += _wrap(f"{c.name}: {rule_text(model, c)}", "        ", "    ")
                if c.modality == "may":
                    out += _wrap("a permission: no verdict of its own; it defeats the prohibitions it covers "
                                 "(see their findings)", "        ", "      ")
                    continue
                for v in (v for v in verdicts if v.clause == c.name):
                    out += _verdict(v, run, c.modality, "      ")
            if art_decl:
                out += ["", "    recorded, not checked:"]
                for d in art_decl:
                    out += _wrap(f"{d.clause}: {d.text}", "        ", "    - ")
    out += ["", RULE, "Summary: " + summary_line(r, run.event_file.bad_count if run.event_file else 0)]
    return "\n".join(line.rstrip() for line in out) + "\n"


def render(runs: list[CheckRun]) -> str:
    """Memos for several timelines (one per scenario), separated by a blank
    line and a double rule, each with its own summary."""
    return ("\n" + "═" * WIDTH + "\n\n").join(render_run(r) for r in runs)
