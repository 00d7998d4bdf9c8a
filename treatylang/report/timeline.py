"""The timeline of the HTML report, drawn in SVG from the report document.

One lane per instrument and party (in force: the initial term, renewals,
the end by notice, withdrawal or supersession) and one lane per clause
instance that applied or has findings: the days it applied (a thin rule),
the situation that made it apply (a bar, hatched where its start or end is
only possible), the trigger (a triangle), and the acts as marks — a cross
for a violation, a diamond with "?" for an undecided act, a filled circle
for a fulfilment, a ring for a permitted act — each with a whisker over the
days of an imprecise date. Shapes carry the meaning; colour repeats it.

Each lane also holds a roll-up layer: acts per month as bars, for runs too
big to draw act by act. The page shows one layer at a time (report/html.py
picks the roll-up when findings were capped). Coordinates are percentages
of the lane's width, so lanes scale with the page without distorting marks,
and they are rounded, so the same document gives the same bytes.

Marks and bars carry `data-c`/`data-v`/`data-f` (check, verdict, finding
index in the document) for the evidence card, and an `aria-label` saying
what they are in words.
"""

from __future__ import annotations

import datetime as _dt
from html import escape

from .memo import binding_text, describe_event, fmt_count, ref_describe

LANE_H = 30
MID = 15
KIND_SYMBOL = {"violation": "violation", "missed_deadline": "violation", "unknown": "unknown",
               "fulfilment": "fulfilment", "context": "context"}
KIND_WORDS = {"violation": "violation", "missed_deadline": "missed deadline", "unknown": "undecided act",
              "fulfilment": "fulfilment", "context": "permitted act"}


def a(text) -> str:
    """Escape for an attribute value or text."""
    return escape(str(text), quote=True)


def slug(word: str) -> str:
    return word.replace(" ", "-")


def _day_after(d: _dt.date) -> _dt.date:
    """The next day; the last representable day (9999-12-31, the engine's
    "after the supported range") stays itself rather than overflow."""
    return d + _dt.timedelta(days=1) if d < _dt.date.max else d


class Scale:
    """Days → percent of the lane width, over [first, last] (both included)."""

    def __init__(self, first: str, last: str):
        self.t0 = _dt.date.fromisoformat(first)
        self.t1 = _day_after(_dt.date.fromisoformat(last))
        self.days = max(1, (self.t1 - self.t0).days)

    def x(self, day: str | _dt.date, end: bool = False) -> float:
        d = _dt.date.fromisoformat(day) if isinstance(day, str) else day
        if end:
            d = _day_after(d)
        d = min(max(d, self.t0), self.t1)
        return round((d - self.t0).days * 100 / self.days, 3)

    def month(self, ym: str) -> tuple[float, float]:
        y, m = int(ym[:4]), int(ym[5:7])
        lo = _dt.date(y, m, 1)
        hi = _dt.date(y + (m == 12), m % 12 + 1, 1) - _dt.timedelta(days=1)
        x0, x1 = self.x(lo), self.x(hi, end=True)
        return x0, max(round(x1 - x0, 3), 0.05)


def _pct(v: float) -> str:
    return f"{v:g}%"


def defs() -> str:
    """Shared symbols and patterns, referenced from every lane."""
    return (
        '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
        '<pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern>'
        '<g id="mk-violation"><path d="M-6,-6L6,6M-6,6L6,-6" class="x-shape"/></g>'
        '<g id="mk-unknown"><path d="M0,-7L7,0L0,7L-7,0Z" class="d-shape"/>'
        '<text y="3.5" text-anchor="middle" class="q">?</text></g>'
        '<g id="mk-fulfilment"><circle r="5.5" class="c-shape"/></g>'
        '<g id="mk-context"><circle r="5" class="o-shape"/></g>'
        '<g id="mk-trigger"><path d="M0,-7L6.5,5L-6.5,5Z" class="t-shape"/></g>'
        '</defs></svg>'
    )


def axis(scale: Scale) -> str:
    """Year (or month, for short timelines) ticks with labels."""
    out = ['<svg class="axis" width="100%" height="24" aria-hidden="true">']
    span_years = scale.days / 365.25
    step = 1 if span_years <= 12 else 2 if span_years <= 25 else 5
    if span_years < 2:
        d = _dt.date(scale.t0.year, scale.t0.month, 1)
        ticks = []
        while d < scale.t1:
            ticks.append((d, d.strftime("%Y-%m") if d.month == 1 or not ticks else d.strftime("%b")))
            d = _dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        if len(ticks) > 14:
            ticks = [t for i, t in enumerate(ticks) if i % 3 == 0]
    else:
        ticks = [(_dt.date(y, 1, 1), str(y)) for y in range(scale.t0.year, scale.t1.year + 1) if y % step == 0]
    for d, label in ticks:
        if d < scale.t0:
            continue
        x = scale.x(d)
        out.append(f'<line x1="{_pct(x)}" x2="{_pct(x)}" y1="14" y2="24" class="tick"/>'
                   f'<text x="{_pct(x)}" y="11" class="tick-label">{a(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def life_lane(ins: dict, party: str, periods: list[dict], scale: Scale) -> str:
    """The in-force lane of one instrument for one party."""
    parts = [f'<div class="lane life" data-ins="{a(ins["id"])}" data-parties="{a(party)}" data-clause="" '
             f'data-status="">',
             f'<div class="lab"><span class="lab-main">{a(ins["id"])}</span> in force for {a(party)}</div>',
             f'<svg class="track" width="100%" height="{LANE_H}" role="img" aria-label="{a(_life_words(ins, party, periods))}">']
    for i, p in enumerate(periods):
        x0, x1 = scale.x(p["first_day"]), scale.x(p["last_day"], end=True)
        cls = "period" + (" renewal" if p["phase"].startswith("renewal") else "")
        parts.append(f'<rect x="{_pct(x0)}" width="{_pct(round(x1 - x0, 3))}" y="8" height="14" class="{cls}">'
                     f'<title>{a(p["phase"])}: {a(p["first_day"])} – {a(p["last_day"])}</title></rect>')
        if i:
            parts.append(f'<line x1="{_pct(x0)}" x2="{_pct(x0)}" y1="4" y2="26" class="boundary"/>')
        if p["ended_by"]:
            parts.append(f'<line x1="{_pct(x1)}" x2="{_pct(x1)}" y1="2" y2="28" class="ending"/>'
                         f'<text x="{_pct(x1)}" y="27" class="ending-label" text-anchor="end">'
                         f'{a(_short_end(p["ended_by"]))}</text>')
    parts.append("</svg></div>")
    return "".join(parts)


def _short_end(why: str) -> str:
    return why.split(" given ")[0]


def _life_words(ins: dict, party: str, periods: list[dict]) -> str:
    if not periods:
        return f"{ins['id']} not in force for {party} during the timeline"
    bits = [f"{p['phase']} {p['first_day']} to {p['last_day']}" + (f", ended: {p['ended_by']}" if p["ended_by"] else "")
            for p in periods]
    return f"{ins['id']} in force for {party}: " + "; ".join(bits)


def _mark(kind: str, x: float, label: str, data: str, x_end: float | None = None) -> str:
    whisker = (f'<line x1="{_pct(x)}" x2="{_pct(x_end)}" y1="{MID}" y2="{MID}" class="whisker"/>'
               f'<line x1="{_pct(x)}" x2="{_pct(x_end)}" y1="{MID}" y2="{MID}" class="hit"/>'
               if x_end is not None and x_end > x else "")
    return (f'<g class="mk mk-{kind}" tabindex="-1" role="button" aria-label="{a(label)}" {data}>'
            f'{whisker}<circle cx="{_pct(x)}" cy="{MID}" r="10" class="ring"/>'
            f'<use href="#mk-{KIND_SYMBOL.get(kind, kind)}" x="{_pct(x)}" y="{MID}"/>'
            f'<title>{a(label)}</title></g>')


def verdict_lane(ci: int, vi: int, v: dict, parties: list[str], scale: Scale, label_html: str) -> str:
    """The lane of one clause instance: applied days, situation, trigger, marks, and month bars."""
    word = v["status_text"]
    head = (f'<div class="lane verdict st-{slug(word)}" id="lane-{ci}-{vi}" data-ins="{a(v["instrument"])}" '
            f'data-clause="{a(v["clause_id"])}" data-parties="{a(" ".join(parties))}" data-status="{a(slug(word))}">'
            f'{label_html}'
            f'<svg class="track" width="100%" height="{LANE_H}">')
    out = [head]
    for iv in v["applied"]:
        x0 = scale.x(iv["first_day"])
        x1 = scale.x(iv["last_day"], end=True) if iv["last_day"] else 100
        out.append(f'<line x1="{_pct(x0)}" x2="{_pct(x1)}" y1="27" y2="27" class="applied"><title>applied '
                   f'{a(iv["first_day"])} – {a(iv["last_day"] or "end of timeline")}</title></line>')
    capped = v.get("triggers_total", len(v["triggers"])) > len(v["triggers"])
    if capped:
        # Only some situation periods were kept (--max-findings): draw every
        # period the clause applied instead, so no period looks absent.
        names = ", ".join(sorted({t["description"] for t in v["triggers"]}))
        for iv in v["applied"]:
            x0 = scale.x(iv["first_day"])
            x1 = scale.x(iv["last_day"], end=True) if iv["last_day"] else 100
            out.append(f'<rect x="{_pct(x0)}" width="{_pct(round(max(x1 - x0, 0.05), 3))}" y="6" height="18" '
                       f'class="situation"><title>{a(names)} held: {a(iv["first_day"])} – '
                       f'{a(iv["last_day"] or "end of timeline")}</title></rect>')
    for ti, t in enumerate(v["triggers"]):
        ev = t["event"]
        obligation_trigger = ev is not None and t["description"] == ref_describe(ev)
        x0 = scale.x(t["first_day"])
        if not obligation_trigger and not capped:
            x1 = scale.x(t["last_day"], end=True) if t["last_day"] else 100
            xs = scale.x(t["start_uncertain_until"], end=True) if t["start_uncertain_until"] else x0
            xe = scale.x(t["end_uncertain_until"], end=True) if t["end_uncertain_until"] else x1
            out.append(f'<rect x="{_pct(xs)}" width="{_pct(round(max(x1 - xs, 0.05), 3))}" y="6" height="18" '
                       f'class="situation"><title>{a(t["description"])}: {a(t["first_day"])} – '
                       f'{a(t["last_day"] or "end of timeline")}</title></rect>')
            if xs > x0:
                out.append(f'<rect x="{_pct(x0)}" width="{_pct(round(xs - x0, 3))}" y="6" height="18" class="possible">'
                           f'<title>{a(t["description"])} may have started here (imprecise date)</title></rect>')
            if xe > x1:
                out.append(f'<rect x="{_pct(x1)}" width="{_pct(round(xe - x1, 3))}" y="6" height="18" class="possible">'
                           f'<title>{a(t["description"])} may have held until here (imprecise date)</title></rect>')
        if ev is not None and (v["status"] == "violated" or obligation_trigger):
            label = f"trigger: {t['description'] if not obligation_trigger else describe_event(ev)}, from {t['first_day']}"
            out.append(_mark("trigger", x0, label, f'data-c="{ci}" data-v="{vi}" data-t="{ti}"'))
    out.append('<g class="layer-marks">')
    for fi, f in enumerate(v["findings"]):
        ev = f["event"]
        x = scale.x(f["date"])
        x_end = scale.x(ev["last_day"], end=True) if ev is not None and ev["last_day"] else None
        what = describe_event(ev) if ev is not None else f"{f['date']}: {f['reason']}"
        label = f"{KIND_WORDS.get(f['kind'], f['kind'])}: {what}"
        out.append(_mark(f["kind"], x, label, f'data-c="{ci}" data-v="{vi}" data-f="{fi}"', x_end))
    out.append('</g><g class="layer-months">')
    out += month_bars(ci, vi, v, scale)
    out.append("</g></svg></div>")
    return "".join(out)


def month_bars(ci: int, vi: int, v: dict, scale: Scale) -> list[str]:
    """Acts per month, one bar per kind and month, height scaled to the lane's busiest month."""
    cells: dict[tuple[str, str], list[int]] = {}
    for kind, _actor, _target, month, n, reports in v["counts"]["months"]:
        k = "violation" if kind == "missed_deadline" else kind
        c = cells.setdefault((month, k), [0, 0])
        c[0] += n
        c[1] += reports
    if not cells:
        return []
    top = max(n for n, _ in cells.values())
    out = []
    order = {"violation": 0, "unknown": 1, "fulfilment": 2, "context": 3}
    for (month, kind), (n, reports) in sorted(cells.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 9))):
        x, w = scale.month(month)
        h = max(3, round(22 * n / top))
        label = f"{month}: {fmt_count(n)} {KIND_WORDS.get(kind, kind)}{'s' * (n != 1)} ({fmt_count(reports)} reports)"
        out.append(f'<g class="bar bar-{kind}" tabindex="-1" role="button" aria-label="{a(label)}" '
                   f'data-c="{ci}" data-v="{vi}" data-m="{month}" data-k="{kind}">'
                   f'<rect x="{_pct(x)}" width="{_pct(w)}" y="{26 - h}" height="{h}"/><title>{a(label)}</title></g>')
    return out


def lane_label(v: dict, rests: str | None) -> str:
    # Instances with no variables (`the parties must consult within 7 days of
    # …`) differ only by their trigger: name it, or two lanes read the same.
    b = binding_text(v["binding"]) or (v["triggers"][0]["description"] if v.get("triggers") else "")
    word = v["status_text"]
    n = v["counts"]["total"]
    extra = f' · {fmt_count(n)} finding{"s" * (n != 1)}' if n else ""
    return (f'<div class="lab"><span class="lab-main">{a(v["clause"])}</span>'
            f'{f" <span class=lab-bind>{a(b)}</span>" if b else ""}'
            f'<span class="badge st-{slug(word)}"><span class="sym" aria-hidden="true"></span>{a(word)}</span>'
            f'<span class="lab-n">{a(extra)}</span></div>')
