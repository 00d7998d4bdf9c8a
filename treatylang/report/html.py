"""The HTML report: one self-contained page, from the report document.

`render_document(doc)` turns the document (report/document.py — the JSON
report, from a live run or a saved file) into one HTML file that needs
nothing else: CSS, JavaScript and SVG inline (report/assets/), no font, no
CDN, and a Content-Security-Policy that forbids any fetch, so it works
offline and leaks nothing when opened. Same document, same bytes: no clock,
no random ids, numbers rounded.

The page, top to bottom: the title and what was checked; the conclusion
(as the memo's: violated — by whom, from when, on how many acts —, then
undetermined and why, then complied with); the timeline (report/timeline.py)
with filters by instrument, clause, party and status and a choice between
acts as marks and acts per month; the evidence — for every violated and
undetermined instance what it rests on and each finding kept, as buttons
that open the evidence card —; the run's details. Everything the card shows
is in the embedded document (`<script type="application/json">`), which the
script reads; without the script the page still shows the conclusion, the
timeline and the evidence lists, and it prints as a report (print CSS).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TextIO

from . import memo
from .memo import acts_text, binding_text, bindings_text, describe_event, fmt_count, provenance
from .timeline import Scale, a, axis, defs, lane_label, life_lane, slug, verdict_lane

#: Draw acts per month instead of marks when findings were capped, or when a
#: check has more findings kept than this.
MONTHS_FROM = 400

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'")


def _asset(name: str) -> str:
    return resources.files("treatylang.report").joinpath("assets", name).read_text(encoding="utf-8")


def _embed(doc: dict) -> str:
    """The document as JSON that is safe inside a <script> element (without
    the roll-ups, which the page draws and the script does not read)."""
    slim = dict(doc, checks=[{k: v for k, v in c.items() if k != "rollup"} for c in doc["checks"]])
    text = json.dumps(slim, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _parties(v: dict) -> list[str]:
    return sorted(set(v["binding"].values()) | set(v["blame"]))


def _conclusion(check: dict, ci: int) -> list[str]:
    out = ['<section class="conclusion" aria-labelledby="concl-%d">' % ci,
           f'<h2 id="concl-{ci}">Conclusion</h2>',
           f'<p class="summary-line">{a(check["summary"]["line"])}</p>']
    as_of = check["timeline"]["last_day"]
    for ins in check["instruments"]:
        vs = [(vi, v) for vi, v in enumerate(check["verdicts"]) if v["instrument"] == ins["id"]]
        out.append(f'<h3>{a(ins["id"])} <span class="ins-title">— {a(ins["title"] or "(no title)")}</span> '
                   f'<span class="kind">{a(memo.kind_text(ins))}</span></h3>')
        if not vs:
            out.append("<p>No checkable clause.</p>")
            continue
        by_word: dict[str, list] = {}
        for vi, v in vs:
            by_word.setdefault(v["status_text"], []).append((vi, v))
        out.append('<dl class="words">')
        for word in ("violated", "undetermined"):
            items = by_word.pop(word, [])
            if not items:
                continue
            out.append(f'<dt class="st-{slug(word)}"><span class="sym" aria-hidden="true"></span>{a(word.capitalize())}</dt>')
            groups: dict[tuple, list] = {}
            for vi, v in items:
                groups.setdefault((v["clause"], tuple(v["blame"])), []).append((vi, v))
            for (clause, blame), g in groups.items():
                vsx = [v for _, v in g]
                if word == "violated":
                    n = sum(v["counts"]["by_kind"].get("violation", {}).get("findings", 0) for v in vsx)
                    missed = sum(v["counts"]["by_kind"].get("missed_deadline", {}).get("findings", 0) for v in vsx)
                    rep = sum(memo.reports(v) for v in vsx)
                    first = min(memo.first_violation(v) for v in vsx)
                    what = (f"by <strong>{a(', '.join(blame) or '?')}</strong> from <strong>{a(first)}</strong>"
                            f"{f' in {len(g)} instances' if len(g) > 1 else ''} — {a(acts_text(n, rep, missed))}")
                else:
                    data = list(dict.fromkeys(m["datum"] for v in vsx for m in (v["rests_on"] or {}).get("missing", [])))
                    what = "would be decided by " + a("; ".join(data[:2]) or "data that is missing")
                b = bindings_text([v["binding"] for v in vsx]) if any(v["binding"] for v in vsx) else ""
                out.append(f'<dd><a href="#lane-{ci}-{g[0][0]}" class="clause-link">{a(clause)}</a> '
                           f'{what}{f" <span class=bind>({a(b)})</span>" if b else ""}</dd>')
        for word, items in by_word.items():
            note = f" (still applying on {as_of})" if word == "complied with so far" else ""
            groups2: dict[str, list] = {}
            for _, v in items:
                groups2.setdefault(v["clause"], []).append(v)
            text = "; ".join(f"{c} ({bindings_text([v['binding'] for v in g])})" if any(v["binding"] for v in g)
                             else c for c, g in groups2.items())
            out.append(f'<dt class="st-{slug(word)}"><span class="sym" aria-hidden="true"></span>'
                       f'{a(word.capitalize())}{a(note)}</dt><dd>{a(text)}</dd>')
        out.append("</dl>")
    out.append("</section>")
    return out


def _filters(doc: dict) -> list[str]:
    ins, clauses, parties, words = {}, {}, set(), {}
    for c in doc["checks"]:
        for i in c["instruments"]:
            ins[i["id"]] = True
            parties |= {p["code"] for p in i["parties"]}
        for v in c["verdicts"]:
            clauses[v["clause_id"]] = True
            parties |= set(_parties(v))
            words[v["status_text"]] = True
    from .analysis import WORD_ORDER

    groups = [("ins", "Instrument", list(ins)), ("clause", "Clause", sorted(clauses)),
              ("parties", "Party", sorted(parties)), ("status", "Status", [w for w in WORD_ORDER if w in words])]
    out = ['<form id="filters" class="filters" aria-label="Filters">']
    for key, legend, values in groups:
        out.append(f'<fieldset data-key="{key}"><legend>{legend}</legend>')
        for val in values:
            v = slug(val) if key == "status" else val
            extra = f' class="st-{slug(val)}"' if key == "status" else ""
            sym = '<span class="sym" aria-hidden="true"></span>' if key == "status" else ""
            out.append(f'<label{extra}><input type="checkbox" name="{key}" value="{a(v)}" checked> {sym}{a(val)}</label>')
        out.append("</fieldset>")
    out.append('<fieldset class="view"><legend>Acts shown as</legend>'
               '<label><input type="radio" name="view" value="marks"> one mark per act kept</label>'
               '<label><input type="radio" name="view" value="months"> counts per month</label></fieldset>'
               '<p class="shown" id="shown" aria-live="polite"></p></form>')
    return out


_LEGEND = (
    '<ul class="legend" aria-label="Legend">'
    '<li><svg width="18" height="18" aria-hidden="true"><use href="#mk-violation" x="9" y="9"/></svg> violation</li>'
    '<li><svg width="18" height="18" aria-hidden="true"><use href="#mk-unknown" x="9" y="9"/></svg> undecided act</li>'
    '<li><svg width="18" height="18" aria-hidden="true"><use href="#mk-fulfilment" x="9" y="9"/></svg> fulfilment</li>'
    '<li><svg width="18" height="18" aria-hidden="true"><use href="#mk-context" x="9" y="9"/></svg> permitted act</li>'
    '<li><svg width="18" height="18" aria-hidden="true"><use href="#mk-trigger" x="9" y="10"/></svg> trigger</li>'
    '<li><span class="sw situation" aria-hidden="true"></span> situation holds</li>'
    '<li><span class="sw possible" aria-hidden="true"></span> situation possibly holds (imprecise date)</li>'
    '<li><span class="sw period" aria-hidden="true"></span> in force (initial term, then renewals)</li>'
    '<li><span class="sw applied" aria-hidden="true"></span> days the clause applied</li>'
    '</ul>'
)


def _timeline(check: dict, ci: int) -> list[str]:
    tl = check["timeline"]
    out = [f'<section class="timeline" aria-labelledby="tl-{ci}"><h2 id="tl-{ci}">Timeline</h2>']
    if ci == 0:
        out += FILTERS_SLOT
    if not tl["first_day"]:
        out.append("<p>The timeline is empty: no events and no declared situations.</p></section>")
        return out
    scale = Scale(tl["first_day"], tl["last_day"])
    out.append(f'<p class="span">{a(tl["first_day"])} to {a(tl["last_day"])}, both days included. '
               '<span class="keys">Use Tab to reach the acts, the arrow keys to move between them, Enter to open '
               "the evidence, Escape to close it.</span></p>")
    out.append(f'<div class="lanes" role="group" aria-label="Timeline {a(tl["first_day"])} to {a(tl["last_day"])}">')
    out.append(f'<div class="lane axis-lane" aria-hidden="true"><div class="lab"></div>{axis(scale)}</div>')
    for ins in check["instruments"]:
        out.append(f'<div class="ins-head" data-ins="{a(ins["id"])}">{a(ins["id"])} — {a(ins["title"] or "")}</div>')
        for p in ins["parties"]:
            periods = [x for x in ins["life"] if x["party"] == p["code"]]
            out.append(life_lane(ins, p["code"], periods, scale))
        # violated first, then undetermined, then the rest, each in file order
        rank = {"violated": 0, "unknown": 1}
        lanes = sorted(((rank.get(v["status"], 2), vi, v) for vi, v in enumerate(check["verdicts"])
                        if v["instrument"] == ins["id"]), key=lambda t: (t[0], t[1]))
        for _, vi, v in lanes:
            if not v["applied"] and not v["findings"] and not v["triggers"]:
                continue  # never applied and nothing happened: the conclusion lists it
            out.append(verdict_lane(ci, vi, v, _parties(v), scale, lane_label(v, None)))
    out.append("</div></section>")
    return out


def _evidence(check: dict, ci: int) -> list[str]:
    hot = [(vi, v) for vi, v in enumerate(check["verdicts"]) if v["status"] in ("violated", "unknown")]
    if not hot:
        return []
    out = [f'<section class="evidence" aria-labelledby="ev-{ci}"><h2 id="ev-{ci}">Evidence</h2>']
    for vi, v in hot:
        word = v["status_text"]
        b = binding_text(v["binding"])
        out.append(f'<article class="inst" data-ins="{a(v["instrument"])}" data-clause="{a(v["clause_id"])}" '
                   f'data-parties="{a(" ".join(_parties(v)))}" data-status="{a(slug(word))}">'
                   f'<h3>{a(v["clause_id"])}{f" ({a(b)})" if b else ""}: '
                   f'<span class="badge st-{slug(word)}"><span class="sym" aria-hidden="true"></span>{a(word)}'
                   f'{" by " + a(", ".join(v["blame"])) if v["blame"] else ""}</span></h3>')
        r = v["rests_on"] or {}
        sentences = list(r.get("decisive", []))
        if r.get("trigger"):
            sentences.append(r["trigger"])
        for m in r.get("missing", []):
            sentences.append(f"{m['date']}" + (f" ({m['where']})" if m["where"] else "") + f": would be decided by {m['datum']}")
        if sentences:
            out.append("<ul class=\"rests\">" + "".join(f"<li>{a(s)}</li>" for s in sentences) + "</ul>")
        c = v["counts"]
        if c["kept"] < c["total"]:
            out.append(f'<p class="kept">Showing {fmt_count(c["kept"])} of {fmt_count(c["total"])} findings, the most '
                       "telling; every count is exact.</p>")
        out.append("<ol class=\"findings\">")
        for fi, f in enumerate(v["findings"]):
            ev = f["event"]
            what = describe_event(ev) if ev else f"{f['date']}  {f['kind'].replace('_', ' ')}"
            src = f'<span class="prov">{a(provenance(ev))}</span>' if ev else ""
            out.append(f'<li class="f-{a(f["kind"])}"><button type="button" class="open" data-c="{ci}" data-v="{vi}" '
                       f'data-f="{fi}"><span class="sym sym-{a(f["kind"])}" aria-hidden="true"></span>{a(what)}</button> '
                       f'<span class="reason">{a(f["reason"])}</span> {src}</li>')
        out.append("</ol></article>")
    out.append("</section>")
    return out


FILTERS_SLOT = ["<!-- filters -->"]


def _with_filters(parts: list[str], doc: dict) -> list[str]:
    """The first timeline gets the filters and the legend (they act on every timeline)."""
    i = parts.index(FILTERS_SLOT[0])
    return parts[:i] + _filters(doc) + [_LEGEND] + parts[i + 1:]


def _run(check: dict) -> list[str]:
    lines = list(memo.the_run(check))[2:]
    out = ['<section class="run"><h2>The run</h2><pre>', a("\n".join(x.rstrip() for x in lines)), "</pre>"]
    if check["declaratory"]:
        out.append("<h3>Recorded, not checked (declaratory clauses)</h3><ul class=\"decl\">")
        out += [f"<li><strong>{a(d['instrument'])}.{a(d['clause'])}</strong>: {a(d['text'])}</li>"
                for d in check["declaratory"]]
        out.append("</ul>")
    out.append("</section>")
    return out


def _view(doc: dict) -> str:
    capped = any(v["counts"]["kept"] < v["counts"]["total"] for c in doc["checks"] for v in c["verdicts"])
    kept = max((sum(len(v["findings"]) for v in c["verdicts"]) for c in doc["checks"]), default=0)
    return "months" if capped or kept > MONTHS_FROM else "marks"


def render_document(doc: dict) -> str:
    """The page for a report document (a string; ends with a newline)."""
    checks = doc["checks"]
    title = "treatylang report — " + (checks[0]["source"] if len(checks) == 1 else f"{len(checks)} timelines")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta name="generator" content="{a(doc["generator"])}">',
           '<link rel="icon" href="data:,">', f"<title>{a(title)}</title>",
           f"<style>{_asset('report.css')}</style>", "</head>",
           f'<body data-view="{_view(doc)}">', defs(),
           '<header><p class="kicker">treatylang compliance report</p>']
    out.append(f'<h1>{"; ".join(a(c["source"]) for c in checks)}</h1>')
    for c in checks:
        if c["title"]:
            out.append(f'<p class="subtitle">“{a(c["title"])}”</p>')
    out.append(f'<p class="overall">{a(doc["summary"]["checks"])} timeline{"s" * (len(checks) != 1)} checked — '
               f'{"compliant" if doc["compliant"] else "violations found"}.</p></header>')
    out.append("<main>")
    for ci, c in enumerate(checks):
        tl = c["timeline"]
        ids = ", ".join(i["id"] for i in c["instruments"])
        out.append(f'<section class="check" aria-label="{a(c["source"])}">')
        if len(checks) > 1:
            out.append(f'<h2 class="check-title">{a(c["source"])}{" — " + a(c["title"]) if c["title"] else ""}</h2>')
        out.append(f'<p class="checked">Checked against {a(ids)}'
                   + (f" from {a(tl['first_day'])} to {a(tl['last_day'])}" if tl["first_day"] else "") + ".</p>")
        out += _conclusion(c, ci)
        out += [x for x in _timeline(c, ci) if x is not FILTERS_SLOT[0]] if ci else \
            _with_filters(_timeline(c, ci), doc)
        out += _evidence(c, ci)
        out += _run(c)
        out.append("</section>")
    out.append("</main>")
    out.append('<aside id="card" class="card" role="dialog" aria-modal="false" aria-labelledby="card-title" hidden>'
               '<button type="button" class="close" aria-label="Close the evidence card">×</button>'
               '<div id="card-body"></div></aside>')
    out.append(f'<script type="application/json" id="report-data">{_embed(doc)}</script>')
    out.append(f"<script>{_asset('report.js')}</script>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_document(doc: dict, out: TextIO) -> None:
    out.write(render_document(doc))


def render(runs) -> str:
    """The page for `runs` (CheckRun)."""
    from .document import to_dict

    return render_document(to_dict(list(runs)))
