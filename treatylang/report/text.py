"""The text report: a memo an analyst can read, forward, and follow back.

It renders the report document (report/document.py) — from a live run or a
saved JSON report alike — conclusion first (docs/cli.md shows an example):

    title       what was checked, against what, over which days
    conclusion  (report/memo.py) per instrument: what was violated, by whom,
                from when, on how many acts and reports; what is
                undetermined and why; what was complied with; the summary
    rests on    what each violation rests on (sensitivity), and the datum
                each undetermined verdict lacks
    roll-up     for big runs: acts by party × clause per year, by dyad, the
                most corroborated findings
    the run     each instrument with title, kind and in-force dates, the
                timeline, events read and matched, bad and skipped rows,
                notes about the run
    detail      per instrument → article (label, confidence, quoted text) →
                clause (its rule as written) → verdict instance: binding,
                status, trigger, the days it applied, findings with
                provenance (at most --max-findings kept per instance, with
                "showing 5 of 767"); clauses with many instances get one
                line per violated or undetermined instance
    summary     the summary line again, last

Deterministic: the order is the document's; no timestamps; paths as the
user gave them. Written line by line to a stream (`write`).
"""

from __future__ import annotations

import re

from typing import Iterable, Iterator, TextIO

from . import memo
from .memo import (RULE, WIDTH, binding_text, describe_event, fmt_count, provenance, span_text, wrap,
                   verdict_head)

#: A clause with more verdict instances than this gets one line per violated
#: or undetermined instance instead of the full detail of each.
MAX_FULL_INSTANCES = 4
#: Situation intervals and applied periods printed per instance (all are in
#: the JSON report and the HTML page).
MAX_TRIGGERS = 3
MAX_APPLIED = 4
#: Compact instance lines printed per clause.
MAX_COMPACT = 12

_FINDING_WORDS = {
    "violation": "violation",
    "missed_deadline": "missed deadline",
    "fulfilment": "fulfilment",
    "unknown": "undecided",
    "context": "context",
}


def _finding(f: dict, indent: str, same_reason: bool = False) -> list[str]:
    """A finding: the event, what it means (left out when it repeats the
    previous finding's), and its source."""
    out = []
    word = _FINDING_WORDS.get(f["kind"], f["kind"])
    ev = f["event"]
    if ev is not None:
        out += wrap(describe_event(ev), indent + "    ", f"{indent}- ")
        if not same_reason:
            out += wrap(f"{word}: {f['reason']}", indent + "      ", indent + "  ")
        out += wrap(f"source: {provenance(ev)}", indent + "      ", indent + "  ")
        for other in ev["also_reported"]:
            out += wrap(f"also reported: {other}", indent + "      ", indent + "  ")
    else:
        out += wrap(f"{f['date']}  {word}: {f['reason']}", indent + "    ", f"{indent}- ")
    return out


def _status_phrase(v: dict, as_of: str | None) -> str:
    word = v["status_text"]
    s = v["status"]
    if s == "violated":
        return word + (f" by {', '.join(v['blame'])}" if v["blame"] else "")
    if s == "pending":
        if v["open"] or v["modality"] == "must not":
            return f"{word}: not violated, and the clause still applies at the end of the timeline ({as_of or '?'})"
        if v["deadline"] and v["deadline"] > memo.LAST_DAY:
            return f"{word}: the deadline falls after {memo.LAST_DAY}, the last supported day"
        if v["deadline"]:
            return f"{word}: the deadline {v['deadline']} is after the end of the timeline"
        return word
    if s == "fulfilled":
        if v["modality"] == "must not":
            return f"{word}: not violated while it applied"
        return word + (f" (deadline {memo.day_shown(v['deadline'])})" if v["deadline"] else "")
    if s == "unknown":
        return f"{word}: the data needed to decide is missing (see below)"
    if s == "not_triggered":
        return f"{word}: its condition never held in this timeline"
    if s == "not_in_force":
        return f"{word}: the instrument was not in force for the party during the timeline"
    return word


def _endings(v: dict, ins: dict | None, as_of: str | None) -> list[str]:
    """Why the clause stopped applying inside the timeline, when the reason is
    the instrument's own end (supersession, withdrawal)."""
    if ins is None or as_of is None:
        return []
    ends = []
    if ins["superseded_by"]:
        ends.append((ins["superseded_by"]["from"], f"superseded by {ins['superseded_by']['instrument']}"))
    for w in ins["withdrawn"]:
        ends.append((w["from"], f"withdrawn by {w['party']}"))
    out = []
    for iv in v["applied"]:
        last = iv["last_day"]
        if last is None or last >= as_of:
            continue
        out += [f"(then {why})" for day, why in ends if memo.next_day(last) == day]
    return out


def _trigger_lines(t: dict, sub: str) -> list[str]:
    ev = t["event"]
    if ev is not None and t["description"] == memo.ref_describe(ev):
        # an obligation counted from an event (`within … of …`)
        return wrap(f"trigger: {describe_event(ev)} [{provenance(ev)}]", sub + "    ", sub)
    if t["last_day"] is None:
        span = f"from {t['first_day']}, still holding at the end of the timeline"
    else:
        span = f"from {t['first_day']} to {t['last_day']} (ended on {t.get('ended_on') or memo.next_day(t['last_day'])})"
    out = wrap(f"trigger: {t['description']} {span}", sub + "    ", sub)
    if ev is not None:
        out += wrap(f"started by {describe_event(ev)} [{provenance(ev)}]", sub + "    ", sub + "  ")
    if t["source"]:
        out += wrap(f"on the authority of: {t['source']}", sub + "    ", sub + "  ")
    return out


def _verdict(v: dict, ins: dict | None, as_of: str | None, indent: str) -> list[str]:
    head = binding_text(v["binding"])
    out = wrap(f"{head + ': ' if head else ''}{_status_phrase(v, as_of)}", indent + "    ", f"{indent}• ")
    sub = indent + "  "
    trig = v["triggers"]
    for t in trig[:MAX_TRIGGERS]:
        out += _trigger_lines(t, sub)
    total = v.get("triggers_total", len(trig))
    if total > MAX_TRIGGERS:
        out += wrap(f"… and {fmt_count(total - MAX_TRIGGERS)} more periods of the situation (every period "
                    "is in `applied` below)", sub + "    ", sub)
    if v["applied"]:
        pieces = [span_text(iv["first_day"], iv["last_day"]) for iv in v["applied"]]
        more = len(pieces) - MAX_APPLIED
        text = "applied: " + "; ".join(pieces[:MAX_APPLIED]) + (f"; … {more} more periods" if more > 0 else "")
        ends = _endings(v, ins, as_of)
        if ends:
            text += " " + " ".join(ends)
        out += wrap(text, sub + "    ", sub)
    if v["deadline"] is not None and v["status"] != "pending":
        out.append(f"{sub}deadline: {memo.day_shown(v['deadline'])}")
    for n in v["notes"]:
        out += wrap(f"note: {n}", sub + "    ", sub)
    if v["findings"]:
        c = v["counts"]
        shown = "findings:" if c["kept"] >= c["total"] else \
            f"findings (showing {fmt_count(c['kept'])} of {fmt_count(c['total'])}, the most telling; " \
            "every count above is exact):"
        out += wrap(shown, sub + "    ", sub)
        prev = None
        for f in v["findings"]:
            out += _finding(f, sub + "  ", (f["kind"], f["reason"]) == prev)
            prev = (f["kind"], f["reason"])
    return out


def _compact(verdicts: list[dict], indent: str) -> list[str]:
    """One line per violated or undetermined instance, one line per other word."""
    out = []
    hot = [v for v in verdicts if v["status"] in ("violated", "unknown")]
    hot.sort(key=lambda v: (v["status"] != "violated", -memo.acts(v), memo.binding_key(v)))
    for v in hot[:MAX_COMPACT]:
        out += wrap(verdict_head(v), indent + "    ", f"{indent}• ")
    if len(hot) > MAX_COMPACT:
        out += wrap(f"… and {len(hot) - MAX_COMPACT} more violated or undetermined instances (in the JSON "
                    "report and the HTML page)", indent + "    ", f"{indent}  ")
    rest: dict[str, list[dict]] = {}
    for v in verdicts:
        if v["status"] not in ("violated", "unknown"):
            rest.setdefault(v["status_text"], []).append(v)
    for word, vs in rest.items():
        out += wrap(f"{word}: {memo.bindings_text([v['binding'] for v in vs])}", indent + "    ", f"{indent}• ")
    return out


def _detail(check: dict) -> Iterator[str]:
    as_of = check["timeline"]["last_day"]
    for ins in check["instruments"]:
        yield from ["", RULE]
        yield from wrap(f"{ins['id']} — {ins['title'] or '(no title)'}", "  ")
        yield from [f"  {memo.kind_text(ins)}", RULE]
        verdicts = [v for v in check["verdicts"] if v["instrument"] == ins["id"]]
        decl = [d for d in check["declaratory"] if d["instrument"] == ins["id"]]
        for art in ins["articles"]:
            checked = [c for c in art["clauses"] if c["checkable"]]
            art_decl = [d for d in decl if d["article"] == art["name"]]
            if not checked and not art_decl:
                continue
            yield ""
            yield from wrap(art["label"], "  ")
            q = art["text"]
            if q:
                yield from wrap(f"“{q['text']}” [{q['lang']}, {memo.flag_text(q['flag'])}]", "    ", "    ")
            for note in art["notes"]:
                yield from wrap(f"note: {note}", "          ", "    ")
            for c in checked:
                yield ""
                yield from wrap(f"{c['name']}: {c['rule']}", "        ", "    ")
                if c["modality"] == "may":
                    yield from wrap("a permission: no verdict of its own; it defeats the prohibitions it covers "
                                    "(see their findings)", "        ", "      ")
                    continue
                vs = [v for v in verdicts if v["clause"] == c["name"]]
                if not vs:
                    yield from wrap(_no_verdict(c, check), "        ", "      ")
                    continue
                if len(vs) > MAX_FULL_INSTANCES:
                    yield from _compact(vs, "      ")
                    continue
                for v in vs:
                    yield from _verdict(v, ins, as_of, "      ")
            if art_decl:
                # names only: the article's text is quoted above, each
                # clause's own text is in the JSON report and the HTML page
                yield ""
                yield from wrap("recorded, not checked: " + ", ".join(d["clause"] for d in art_decl), "      ", "    ")


def _no_verdict(clause: dict, check: dict) -> str:
    """Why a checkable clause has no verdict line: most often it holds only
    under a reading this run did not choose (the rule ends `under R`)."""
    used = {r["reading"] for r in check.get("readings", ())}
    m = re.search(r" under ((?:\w+)(?:(?:,| or) \w+)*)$", clause["rule"])
    names = re.findall(r"\w+", m.group(1)) if m else []
    if names and not used.intersection(names):
        return (f"not checked: the clause holds only under the reading {', '.join(f'`{n}`' for n in names)}, "
                f"which this run does not use (check with --reading {names[0]})")
    return "not checked: no instance of this clause was evaluated in this run"


def check_lines(check: dict) -> Iterator[str]:
    """The memo for one timeline, line by line."""
    yield from memo.title(check)
    yield from memo.conclusion(check)
    yield from memo.rests_on(check)
    yield from memo.rollup(check)
    yield from memo.the_run(check)
    yield from _detail(check)
    yield from ["", RULE, "Summary: " + check["summary"]["line"]]


def document_lines(doc: dict) -> Iterator[str]:
    """Memos for every timeline of a report document, separated by a blank
    line and a double rule, each with its own conclusion and summary."""
    for i, check in enumerate(doc["checks"]):
        if i:
            yield from ["", "═" * WIDTH, ""]
        yield from check_lines(check)


def write_document(doc: dict, out: TextIO) -> None:
    """Write the memo of a report document to `out`, a line at a time."""
    buf: list[str] = []
    for line in document_lines(doc):
        buf.append(line.rstrip() + "\n")
        if len(buf) >= 256:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))


def render_document(doc: dict) -> str:
    import io

    s = io.StringIO()
    write_document(doc, s)
    return s.getvalue()


def render(runs: Iterable) -> str:
    """The memo of `runs` (CheckRun) as one string (ends with a newline)."""
    from .document import to_dict

    return render_document(to_dict(list(runs)))


def write(runs: Iterable, out: TextIO) -> None:
    from .document import to_dict

    write_document(to_dict(list(runs)), out)
