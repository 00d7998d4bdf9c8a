"""The memo's first pages: title, conclusion, what the verdicts rest on,
roll-ups for big runs, and what was run — each a generator of lines over one
check of the report document (report/document.py). report/text.py adds the
detail and writes the whole.

The conclusion groups verdict instances per instrument by the reader's word
(analysis.STATUS_WORDS): what was violated — per clause and party: from
when, on how many acts and reports, under which bindings —, then what is
undetermined and the datum that would decide it, then what was complied
with, then what never applied or was not in force.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from typing import Iterator

WIDTH = 88
RULE = "─" * WIDTH
#: Violated instances whose basis the memo states one by one.
MAX_RESTS_ON = 8
#: The roll-up is printed when a check has more violation acts than this, or
#: when findings were capped.
ROLLUP_FROM = 20
MAX_DYADS = 8
MAX_TOP = 5
SPARK = " ▁▂▃▄▅▆▇█"


# ----------------------------------------------------------------- words


def wrap(text: str, indent: str, first: str | None = None, width: int = WIDTH) -> list[str]:
    """`text` filled to `width`, the first line after `first` (default
    `indent`), the others after `indent`; never breaks a word or a URL."""
    lead = first if first is not None else indent
    if len(lead) + len(text) <= width and "\n" not in text and "\t" not in text:
        return [lead + text.strip()] if text.strip() else [lead.rstrip()]
    return textwrap.wrap(text, width=width, initial_indent=lead, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def fmt_count(n: int) -> str:
    return f"{n:,}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{fmt_count(n)} {word if n == 1 else (words or word + 's')}"


#: The last supported day (treatylang.limits.LAST_DAY). A later day in a
#: report is the engine's "some day after the supported range" (a deadline
#: or an end that date arithmetic carried past 9998-12-31), written 9999-12-31.
LAST_DAY = "9998-12-31"


def day_shown(day: str) -> str:
    """A report day as the reader should see it: 9999-12-31 reads "after 9998-12-31"."""
    return f"after {LAST_DAY}" if day > LAST_DAY else day


def next_day(day: str) -> str:
    d = _dt.date.fromisoformat(day)
    return (d + _dt.timedelta(days=1)).isoformat() if d < _dt.date.max else d.isoformat()


def span_text(first: str, last: str | None) -> str:
    """An interval of inclusive days."""
    if last is None:
        return f"{first} onwards"
    return first if last == first else f"{first} – {last}"


def binding_text(binding: dict) -> str:
    """``X = USA, P = IRN``."""
    return ", ".join(f"{k} = {v}" for k, v in binding.items())


def binding_key(v: dict) -> tuple:
    return tuple(v["binding"].items())


def bindings_text(bindings: list[dict], most: int = 6) -> str:
    """Several bindings in one phrase: ``X = AZE, CHN … (15 values); P = IRN, RUS``."""
    if not bindings or not any(bindings):
        return "(one instance)" if len(bindings) <= 1 else f"{len(bindings)} instances"
    if len(bindings) == 1:
        return binding_text(bindings[0])
    names = list(dict.fromkeys(k for b in bindings for k in b))
    parts = []
    for k in names:
        vals = sorted({b[k] for b in bindings if k in b})
        shown = ", ".join(vals[:most]) + (f" … ({len(vals)} values)" if len(vals) > most else "")
        parts.append(f"{k} = {shown}")
    return "; ".join(parts)


def cameo_text(ev: dict) -> str:
    c = ev["cameo"]
    if c:
        return f"cameo {c['code']}" + (f" “{c['label']}”" if c["label"] else "")
    return ev["action"] or "?"


def describe_event(ev: dict) -> str:
    """``2003-04-01  RUS → USA  assist (cameo 072 “Provide military aid”) kind=military``."""
    who = ev["actor"] + (f" → {ev['target']}" if ev["target"] else "")
    attrs = "".join(f" {k}={v}" for k, v in ev["attributes"].items())
    date = ev["date"] + (f" {ev['time']}" if ev["time"] else "")
    return f"{date}  {who}  {cameo_text(ev)}{attrs}"


def ref_describe(ev: dict) -> str:
    """The engine's short description of an event (`EventRef.describe`)."""
    date = ev["date"] + (f" {ev['time']}" if ev["time"] else "")
    what = ev["action"] or (f"cameo {ev['cameo']['code']}" if ev["cameo"] else "?")
    tgt = f" → {ev['target']}" if ev["target"] else ""
    attrs = "".join(f" {k}={v}" for k, v in ev["attributes"].items())
    return f"{date} {ev['actor']} {what}{tgt}{attrs}"


def provenance(ev: dict) -> str:
    """``ev.csv:3 · GLOBALEVENTID=123 · https://…``."""
    p = ev["provenance"]
    parts = [f"{p['file']}:{p['line']}"] + [f"{k}={v}" for k, v in p["ids"].items()]
    if p["source"]:
        parts.append(p["source"])
    return " · ".join(parts)


_KIND_WORDS = {"treaty": "treaty", "joint_statement": "joint statement", "aide_memoire": "aide-mémoire",
               "memorandum": "memorandum"}


def kind_text(ins: dict) -> str:
    """``treaty (binding)`` / ``joint statement (political commitment)``."""
    word = _KIND_WORDS.get(ins["kind"], ins["kind"].replace("_", " "))
    return f"{word} ({'binding' if ins['binding'] else 'political commitment'})"


def flag_text(flag: str | None) -> str:
    return {"paraphrase": "paraphrase", "translation": "translation"}.get(flag or "", flag or "original text")


def _duration(d: dict | None, adjective: bool = False) -> str:
    n, unit = d["amount"], d["unit"]
    return f"{n}-{unit}" if adjective else f"{n} {unit}{'s' * (n != 1)}"


def life_text(ins: dict) -> str:
    """In-force dates of an instrument in one phrase."""
    more = ins.get("life_cycle", [])
    parts = [f"in force {ins['in_force']}"] if ins["in_force"] else [] if more else ["never in force"]
    parts += more
    if ins["term"]:
        t = f"term {_duration(ins['term'])}"
        if ins["renew"]:
            t += f", renewed for {_duration(ins['renew'], True)} periods"
            if ins["notice"]:
                t += f" unless notice {_duration(ins['notice'])} before expiry"
        parts.append(t)
    if ins["superseded_by"]:
        parts.append(f"superseded by {ins['superseded_by']['instrument']} from {ins['superseded_by']['from']}")
    for w in ins["withdrawn"]:
        parts.append(f"withdrawn by {w['party']} from {w['from']}")
    return "; ".join(parts)


def acts(v: dict) -> int:
    k = v["counts"]["by_kind"]
    return sum(k[x]["findings"] for x in ("violation", "missed_deadline") if x in k)


def reports(v: dict) -> int:
    k = v["counts"]["by_kind"]
    return k["violation"]["reports"] if "violation" in k else 0


def first_violation(v: dict) -> str | None:
    k = v["counts"]["by_kind"]
    days = [k[x]["first_day"] for x in ("violation", "missed_deadline") if x in k]
    return min(days) if days else None


def acts_text(n_acts: int, n_reports: int, missed: int = 0) -> str:
    parts = []
    if n_acts:
        parts.append(plural(n_acts, "act") + (f" ({plural(n_reports, 'report')})" if n_reports != n_acts else ""))
    if missed:
        parts.append(plural(missed, "missed deadline"))
    return ", ".join(parts)


def verdict_head(v: dict) -> str:
    """One line for a violated or undetermined instance."""
    b = binding_text(v["binding"])
    lead = f"{b}: " if b else ""
    if v["status"] == "violated":
        k = v["counts"]["by_kind"]
        missed = k.get("missed_deadline", {}).get("findings", 0)
        n = k.get("violation", {}).get("findings", 0)
        last = max(k[x]["last_day"] for x in ("violation", "missed_deadline") if x in k)
        when = first_violation(v) + (f" to {last}" if last != first_violation(v) else "")
        return (f"{lead}violated by {', '.join(v['blame']) or '?'} — {acts_text(n, reports(v), missed)}, {when}")
    missing = (v["rests_on"] or {}).get("missing") or []
    why = missing[0]["datum"] if missing else "the data needed to decide is missing"
    return f"{lead}{v['status_text']} — missing: {why}"


# ----------------------------------------------------------------- sections


def title(check: dict) -> Iterator[str]:
    yield "treatylang compliance report"
    yield "=" * len("treatylang compliance report")
    label = "Scenario" if check["kind"] == "scenario" else "Event file"
    yield from wrap(check["source"] + (f" — “{check['title']}”" if check["title"] else ""), " " * 14,
                    f"{label + ':':<14}")
    tl = check["timeline"]
    ids = ", ".join(i["id"] for i in check["instruments"]) or "no instrument"
    if tl["first_day"]:
        span = f"from {tl['first_day']} to {tl['last_day']} (both days included)"
    else:
        span = "on an empty timeline (no events and no declared situations)"
    yield from wrap(f"{ids} {span}", " " * 14, f"{'Checked:':<14}")


def _clause_label(check: dict, v: dict) -> str:
    ins = next((i for i in check["instruments"] if i["id"] == v["instrument"]), None)
    art = next((a for a in ins["articles"] if a["name"] == v["article"]), None) if ins else None
    if not art:
        return v["clause"]
    label = art["label"][:-len(" (unnumbered)")] + ", unnumbered" if art["label"].endswith(" (unnumbered)") \
        else art["label"]
    return f"{v['clause']} ({label})"


def conclusion(check: dict) -> Iterator[str]:
    yield ""
    yield from wrap("CONCLUSION: " + check["summary"]["line"], "  ")
    as_of = check["timeline"]["last_day"]
    for ins in check["instruments"]:
        vs = [v for v in check["verdicts"] if v["instrument"] == ins["id"]]
        yield ""
        kind = kind_text(ins).replace(" (", ", ").rstrip(")")
        yield from wrap(f"{ins['id']} [{kind}] — {ins['title'] or '(no title)'}", "    ", "")
        if not vs:
            yield "    no checkable clause"
            continue
        by_word: dict[str, list[dict]] = {}
        for v in vs:
            by_word.setdefault(v["status_text"], []).append(v)
        viol = by_word.pop("violated", [])
        if viol:
            yield "    Violated:"
            groups: dict[tuple, list[dict]] = {}
            for v in viol:
                groups.setdefault((v["clause"], tuple(v["blame"])), []).append(v)
            for (clause, blame), g in groups.items():
                n = sum(x["counts"]["by_kind"].get("violation", {}).get("findings", 0) for x in g)
                missed = sum(x["counts"]["by_kind"].get("missed_deadline", {}).get("findings", 0) for x in g)
                rep = sum(reports(x) for x in g)
                first = min(first_violation(x) for x in g)
                inst = "" if len(g) == 1 else f" in {len(g)} instances"
                text = (f"{_clause_label(check, g[0])}: by {', '.join(blame) or '?'} from {first}{inst} — "
                        f"{acts_text(n, rep, missed)}")
                if any(x["binding"] for x in g):
                    text += f"; {bindings_text([x['binding'] for x in g])}"
                trig = [t for x in g for t in x["triggers"] if t["event"] is None or
                        t["description"] != ref_describe(t["event"])]
                if trig and len(g) == 1 and len(trig) == 1:
                    text += f"; while {trig[0]['description']} (from {trig[0]['first_day']})"
                yield from wrap(text, "        ", "      • ")
        unk = by_word.pop("undetermined", [])
        if unk:
            yield "    Undetermined:"
            groups = {}
            for v in unk:
                groups.setdefault(v["clause"], []).append(v)
            for clause, g in groups.items():
                data = list(dict.fromkeys(m["datum"] for x in g for m in (x["rests_on"] or {}).get("missing", [])))
                why = "; ".join(data[:2]) + (f"; … ({len(data) - 2} more)" if len(data) > 2 else "") \
                    if data else "the data needed to decide is missing"
                b = bindings_text([x["binding"] for x in g]) if any(x["binding"] for x in g) else ""
                yield from wrap(f"{_clause_label(check, g[0])}: {b + ' — ' if b else ''}would be decided by {why}",
                                "        ", "      • ")
        for word, g in by_word.items():
            note = {"complied with so far": f" (still applying on {as_of})",
                    "not yet due": " (the deadline is after the end of the timeline)"}.get(word, "")
            yield f"    {word[0].upper() + word[1:]}{note}:"
            groups = {}
            for v in g:
                groups.setdefault(v["clause"], []).append(v)
            items = [f"{c} ({bindings_text([x['binding'] for x in gg])})" if any(x["binding"] for x in gg) else c
                     for c, gg in groups.items()]
            yield from wrap("; ".join(items), "        ", "      ")


def rests_on(check: dict) -> Iterator[str]:
    viol = [v for v in check["verdicts"] if v["status"] == "violated" and v["rests_on"]]
    if not viol:
        return
    yield ""
    yield "What the violations rest on"
    viol = sorted(viol, key=lambda v: (-acts(v), v["clause_id"], binding_key(v)))
    for v in viol[:MAX_RESTS_ON]:
        r = v["rests_on"]
        b = binding_text(v["binding"])
        head = f"{v['clause_id']}" + (f" ({b})" if b else "") + f", by {', '.join(v['blame']) or '?'}: "
        basis = []
        if r["acts"] and not r["asserted"]:
            basis.append(plural(r["acts"], "act") + f", {plural(r['reports'], 'report')}"
                         + (f", {plural(r['sources'], 'source')}" if r["sources"] is not None else ""))
        if r["missed_deadlines"]:
            basis.append(plural(r["missed_deadlines"], "missed deadline"))
        if r["single_report_acts"]:
            basis.append(f"{fmt_count(r['single_report_acts'])} of the acts on a single report each")
        if r["imprecise_acts"]:
            basis.append(f"{fmt_count(r['imprecise_acts'])} dated imprecisely")
        text = head + "; ".join(basis)
        if r["decisive"]:
            text += ("; " if basis else "") + "; ".join(r["decisive"])
        elif r["acts"] > 3:
            text += "; no single report decides it"
        if r["trigger"]:
            text += f". {r['trigger']}"
        yield from wrap(text + ".", "    ", "  • ")
    if len(viol) > MAX_RESTS_ON:
        yield from wrap(f"… and {len(viol) - MAX_RESTS_ON} more violated instances, each with the same "
                        "analysis in the JSON report (`rests_on`)", "    ", "  ")


def _spark(values: list[int]) -> str:
    top = max(values) if values else 0
    if not top:
        return " " * len(values)
    return "".join(SPARK[0] if v == 0 else SPARK[max(1, -(-v * 8 // top))] for v in values)


def rollup(check: dict) -> Iterator[str]:
    total = sum(acts(v) for v in check["verdicts"])
    capped = any(v["counts"]["kept"] < v["counts"]["total"] for v in check["verdicts"])
    if total <= ROLLUP_FROM and not capped:
        return
    ru = check["rollup"]
    tl = check["timeline"]
    y0, y1 = int(tl["first_day"][:4]), int(tl["last_day"][:4])
    yield ""
    yield "Roll-up"
    yield from wrap(f"violation acts by party and clause, per year {y0}–{y1} (one character a year, ▁ to █ "
                    "scaled per line; blank: none)", "    ", "  ")
    rows: dict[tuple, dict[str, int]] = {}
    for c in ru["by_party_clause_month"]:
        if c["kind"] != "violation" and c["kind"] != "missed_deadline":
            continue
        row = rows.setdefault((c["party"], c["clause_id"]), {})
        row[c["month"]] = row.get(c["month"], 0) + c["acts"]
    width = max((len(c) for _, c in rows), default=0)
    for (party, clause), months in sorted(rows.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        years = [sum(n for m, n in months.items() if int(m[:4]) == y) for y in range(y0, y1 + 1)]
        busiest = max(sorted(months.items()), key=lambda kv: kv[1])
        line = (f"{party:<4}{clause:<{width}} {fmt_count(sum(months.values())):>6} |{_spark(years)}| "
                f"peak {busiest[0]}: {fmt_count(busiest[1])}")
        yield from wrap(line, "      ", "  ")
    dy = ru["by_dyad"]
    if dy:
        yield "  violation acts by dyad (actor → target: acts, reports)"
        items = [f"{d['actor']} → {d['target'] or '?'}: {fmt_count(d['acts'])}, {fmt_count(d['reports'])}"
                 for d in dy[:MAX_DYADS]]
        more = f"; … {len(dy) - MAX_DYADS} more dyads" if len(dy) > MAX_DYADS else ""
        yield from wrap("; ".join(items) + more, "    ", "    ")
    top = ru["top_findings"][:MAX_TOP]
    # Only worth printing when reports differ: with one report each, "most
    # corroborated" would just be the earliest.
    if top and top[0]["finding"]["event"]["reports"] > 1:
        yield "  most corroborated violations (reports, sources)"
        for t in top:
            ev = t["finding"]["event"]
            yield from wrap(f"{describe_event(ev)} — {t['clause_id']}, {ev['reports']} r., {ev['sources']} s.",
                            "      ", "    - ")
            yield from wrap(provenance(ev), "      ", "      ")


def the_run(check: dict) -> Iterator[str]:
    yield ""
    yield "The run"
    first = True
    for ins in check["instruments"]:
        lead = f"{'Instruments:' if first else '':<14}"
        first = False
        yield from wrap(f"{ins['id']} — {ins['title'] or '(no title)'}", " " * 16, lead)
        parties = ", ".join(p["code"] for p in ins["parties"]) or (
            "all states" if "binds all states" in ins.get("life_cycle", ()) else "none")
        yield from wrap(f"{kind_text(ins)}; parties {parties}" + (f"; signed {ins['signed']}" if ins["signed"] else "")
                        + (f" at {ins['place']}" if ins["place"] else ""), " " * 16)
        yield from wrap(life_text(ins), " " * 16)
    tl = check["timeline"]
    if tl["first_day"]:
        yield from wrap(f"{tl['first_day']} to {tl['last_day']} (both days included)", " " * 14, f"{'Timeline:':<14}")
    else:
        yield f"{'Timeline:':<14}empty (no events and no declared situations)"
    acts = ""
    if tl.get("acts") is not None and tl.get("reports") and tl["acts"] != tl["reports"]:
        # Machine-coded reports of one act were merged: count the acts, reports beside them.
        acts = f" ({tl['acts']} acts: {tl['reports']} reports, those of one act merged)"
    yield from wrap(f"{tl['events_checked']} checked, {tl['events_matched']} matched a clause or situation{acts}",
                    " " * 14, f"{'Events:':<14}")
    # The contested readings the verdicts rest on, one line per question.
    for i, rd in enumerate(check.get("readings", ())):
        held = f"; held by {'; '.join(rd['held_by'])}" if rd["held_by"] else ""
        yield from wrap(f"{rd['question']}: {rd['reading']} "
                        f"({'the default' if rd['default'] else 'chosen, not the default'}{held})",
                        " " * 14, f"{'Readings:' if i == 0 else '':<14}")
    ef = check["event_file"]
    if ef is not None:
        parts = [f"{ef['records']} record{'s' * (ef['records'] != 1)} read ({ef['format']})",
                 f"{ef['events']} event{'s' * (ef['events'] != 1)}"]
        if ef["bad_count"]:
            parts.append(f"{ef['bad_count']} bad row{'s' * (ef['bad_count'] != 1)} not checked (listed on stderr)")
        for s in ef["skipped"]:
            parts.append(f"{s['count']} skipped: {s['explanation']}")
        if ef["duplicates_merged"]:
            parts.append(f"{ef['duplicates_merged']} duplicate reports merged")
        yield from wrap(", ".join(parts), " " * 14, f"{'Reading:':<14}")
    if check["max_findings"] is not None:
        yield from wrap(f"at most {check['max_findings']} findings kept per clause instance (--max-findings); "
                        "every count is exact", " " * 14, f"{'Kept:':<14}")
    for w in check["warnings"]:
        yield from wrap(f"{w['file']}:{w['line']}: {w['code']} {w['message']}", " " * 14, f"{'Warning:':<14}")
    for n in check["notes"]:
        yield from wrap(n, " " * 14, f"{'Note:':<14}")
