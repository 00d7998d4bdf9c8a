"""`treatylang events FILE`: read an event file and summarise it.

What was read (records, events, skipped with reasons, bad rows), the date
span, the ten most frequent dyads, and the CAMEO codes by quad class with
their labels — the first look an analyst takes at a GDELT, ICEWS or PLOVER
file before checking a treaty against it. Bad rows do not change the exit
status (they are listed); an unreadable or unrecognisable file exits 2 with
diagnostics, as does any bad row under --strict.

A long read shows a progress line on stderr when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import collections
import datetime as _dt
import json
import sys
import time


# The reader's formats (treatylang.api.EVENT_FORMATS; a test keeps the two
# equal): listed here so that building the command line imports no reader.
FORMATS = ("csv", "jsonl", "gdelt1-back", "gdelt1", "gdelt2", "icews", "plover", "plover-jsonl", "icews-json",
           "gdelt-json", "parquet", "arrow")

SCHEMA = "treatylang.events-summary/1"
MISDATED_DAYS = 30  # GDELT events dated this long before GDELT added them
TOP_DYADS = 10
CODES_PER_CLASS = 5
BAD_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "events",
        help="read an event file (CSV, JSONL, GDELT, ICEWS, PLOVER) and summarise it",
        description=__doc__.split("\n\n")[0],
    )
    # FILE is checked in `run`: `--actor RUS IRN FILE` lets --actor take FILE too.
    p.add_argument("file", metavar="FILE", nargs="?", help="the event file (plain, .gz or .zip)")
    p.add_argument("--events-format", choices=tuple(FORMATS), metavar="F",
                   help="the file's format, instead of detecting it: " + ", ".join(FORMATS))
    p.add_argument("--from", dest="date_from", metavar="D", help="only events on or after D (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="D", help="only events on or before D (YYYY-MM-DD)")
    p.add_argument("--actor", action="extend", nargs="+", metavar="X",
                   help="only events whose actor or target is one of these codes (e.g. RUS IRN, or RUS,IRN)")
    p.add_argument("--min-mentions", type=int, metavar="N", help="only GDELT events with at least N mentions")
    p.add_argument("--dedupe", action="store_true",
                   help="merge reports of the same (day, actor, target, code) into one event")
    p.add_argument("--strict", action="store_true", help="stop at the first bad row (exit 2)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.set_defaults(func=run)


class _Progress:
    """A one-line progress display on stderr, for terminals only, shown once a
    read has taken more than half a second."""

    def __init__(self, name: str):
        self.name = name
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, rep, done: int, total: int) -> None:
        now = time.monotonic()
        if rep.complete or (done and done >= total):
            if self.shown:
                sys.stderr.write("\r\033[K")
                sys.stderr.flush()
            return
        if now - self.start < 0.5 or now - self.last < 0.2:
            return
        self.last = now
        self.shown = True
        pct = f"{100 * done / total:3.0f}%" if total else "    "
        sys.stderr.write(f"\rreading {self.name}: {pct}  {rep.records:,} records, {rep.events_yielded:,} events")
        sys.stderr.flush()


def _looks_like_path(value: str) -> bool:
    import os

    return "/" in value or os.sep in value or "." in value or os.path.exists(value)


def actor_codes(values: list[str] | None) -> tuple[list[str] | None, list[str]]:
    """The --actor codes, split at commas and checked, and the trailing values
    that are paths (`--actor RUS IRN FILE`: nargs=+ took FILE too). A value
    that is not a code would match nothing and silently empty the run (TL004)."""
    from ..api import usage_error

    if values is None:
        return None, []
    values, paths = list(values), []
    while values and _looks_like_path(values[-1]):
        paths.insert(0, values.pop())
    codes = [c.strip() for v in values for c in v.split(",") if c.strip()]
    for c in codes:
        if not (len(c) == 3 and c.isascii() and c.isalpha() and c.isupper()):
            raise usage_error(f"bad --actor code: `{c}` is not a state code (three capital letters)",
                              "give ISO 3166-1 alpha-3 codes in capitals, separated by spaces or commas "
                              "(--actor RUS,IRN), after the files and instruments", "TL004")
    if not codes:
        raise usage_error("--actor names no code", "give codes such as --actor RUS,IRN", "TL004")
    return codes, paths


def _actor_codes(args: argparse.Namespace) -> list[str] | None:
    """--actor for `events`: with no FILE, a last value that is a path is FILE."""
    from ..api import usage_error

    codes, paths = actor_codes(args.actor)
    if paths and args.file is None:
        args.file = paths.pop()
    if paths:
        raise usage_error(f"bad --actor code: `{paths[0]}` is not a state code (three capital letters)",
                          "events reads one FILE; give codes such as --actor RUS,IRN", "TL004")
    return codes


def run(args: argparse.Namespace) -> int:
    from ..api import open_events, usage_error

    actors = _actor_codes(args)
    if args.file is None:
        raise usage_error("no event file named", "give the file to read: treatylang events FILE", "TL005")

    progress = _Progress(args.file) if sys.stderr.isatty() else None
    reader = open_events(
        args.file,
        fmt=args.events_format,
        strict=args.strict,
        date_from=args.date_from,
        date_to=args.date_to,
        actors=actors,
        min_mentions=args.min_mentions,
        dedupe=args.dedupe,
        progress=progress,
    )
    dyads: collections.Counter = collections.Counter()
    codes: collections.Counter = collections.Counter()
    misdated = 0
    self_directed = 0
    try:
        for e in reader:
            if e.target is not None:
                dyads[(e.actor, e.target)] += 1
                if e.target == e.actor:
                    self_directed += 1
            if e.code:
                codes[e.code] += 1
            else:  # no CAMEO code: say what the event is instead
                pe = e.attr("plover_event")
                codes[("PLOVER " + pe) if pe else ("action " + e.action) if e.action else "(nothing)"] += 1
            added = e.attr("date_added")
            if added and len(added) >= 8 and added[:8].isdigit():
                try:
                    seen = _dt.date(int(added[:4]), int(added[4:6]), int(added[6:8]))
                except ValueError:
                    continue
                if (seen - e.day).days > MISDATED_DAYS:
                    misdated += 1
    finally:
        if progress is not None and progress.shown:
            sys.stderr.write("\r\033[K")
    summary = _summary(reader.report, dyads, codes, misdated, self_directed)
    if args.format == "json":
        from .main import utf8_documents

        utf8_documents("json")
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(_text(reader.report, summary))
    return 0


def _summary(rep, dyads: collections.Counter, codes: collections.Counter, misdated: int,
             self_directed: int) -> dict:
    from ..api import CAMEO_QUAD_CLASSES as QUAD_CLASSES
    from ..api import cameo_codebook

    book = cameo_codebook()
    by_class: dict[str, dict] = {}
    for code, n in codes.items():
        q = book.quad_class(code)
        key = str(q) if q else "none"
        group = by_class.setdefault(key, {"quad_class": q, "name": QUAD_CLASSES.get(q, "no CAMEO code"),
                                          "events": 0, "codes": []})
        group["events"] += n
        if q:
            group["codes"].append({"code": code, "label": book.label(code), "events": n})
        else:  # "PLOVER DEMAND", "action transfer_arms"
            group["codes"].append({"code": None, "label": code, "events": n})
    for group in by_class.values():
        group["codes"].sort(key=lambda c: (-c["events"], c["label"]))
    return {
        "schema": SCHEMA,
        "report": rep.to_dict(),
        "top_dyads": [{"actor": a, "target": t, "events": n}
                      for (a, t), n in sorted(dyads.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_DYADS]],
        "quad_classes": [by_class[k] for k in sorted(by_class, key=lambda k: (k == "none", k))],
        "self_directed": {
            "events": self_directed,
            "note": "events whose actor and target are the same state (often domestic stories)",
        },
        "possibly_misdated": {
            "events": misdated,
            "note": f"events dated more than {MISDATED_DAYS} days before GDELT first saw the story (anniversaries, "
                    "retrospectives, coding errors); only rows whose DATEADDED is the news date (GDELT 1.0 daily "
                    "and 2.0, not the 1979–2013 back-file)",
        },
    }


def _text(rep, s: dict) -> str:
    from ..api import render_diagnostics

    out = []
    what = rep.format + ("" if rep.compression == "none" else f", {rep.compression}")
    out.append(f"{rep.file} ({what})")
    w = len(f"{rep.records:,}")
    unit = "rows" if rep.format in ("parquet", "arrow", "table") else "lines"
    out.append(f"  records read   {rep.records:>{w},}   ({rep.lines_read:,} {unit})")
    extra = f"   ({rep.events_yielded:,} event{'s' * (rep.events_yielded != 1)})" if rep.events_yielded != rep.good else ""
    out.append(f"  good           {rep.good:>{w},}{extra}")
    out.append(f"  skipped        {rep.skipped_total:>{w},}")
    for reason, n in sorted(rep.skipped.items(), key=lambda kv: -kv[1]):
        out.append(f"    {n:>{w},}  {reason}: {rep.explain(reason)}")
    out.append(f"  bad            {rep.bad_count:>{w},}")
    for code, n in sorted(rep.bad_by_code.items()):
        out.append(f"    {n:>{w},}  {code}")
    if not rep.accounted():  # never expected: say so loudly rather than hide it
        out.append("  !! records not accounted for: this is a bug in treatylang")
    if rep.duplicates_merged:
        n = rep.duplicates_merged
        out.append(f"  merged         {n:>{w},}   report{'s' * (n != 1)} folded into earlier events (dedupe)")
    if rep.no_target:
        out.append(f"  no target      {rep.no_target:>{w},}   events {rep.explain('no_target')}")
    if rep.mapping:
        out.append(f"  columns        {rep.mapping}")
    if len(rep.layouts) > 1:
        out.append("  layouts        " + ", ".join(f"{n:,} {k}" for k, n in sorted(rep.layouts.items())))
    for key, note in s["report"]["notes"].items():
        out.append(f"  note           {note['count']:,} {note['note']}")
    if rep.first_day:
        out.append(f"  date span      {rep.first_day} … {rep.last_day}")
    own = s["self_directed"]["events"]
    if own:
        out.append(f"  self-directed  {own:>{w},}   {s['self_directed']['note']}")
    mis = s["possibly_misdated"]["events"]
    if mis:
        out.append(f"  misdated?      {mis:>{w},}   {s['possibly_misdated']['note']}")
    if s["top_dyads"]:
        out.append("")
        out.append(f"top {len(s['top_dyads'])} dyads (actor → target; events with no target not counted)")
        for d in s["top_dyads"]:
            out.append(f"  {d['events']:>6,}  {d['actor']} → {d['target']}")
    if s["quad_classes"]:
        out.append("")
        out.append("codes by quad class")
        for g in s["quad_classes"]:
            head = f"{g['quad_class']} {g['name']}" if g["quad_class"] else g["name"]
            out.append(f"  {head}: {g['events']:,} event{'s' * (g['events'] != 1)}")
            for c in g["codes"][:CODES_PER_CLASS]:
                out.append(f"    {c['events']:>6,}  {c['label']}")
            rest = len(g["codes"]) - CODES_PER_CLASS
            if rest > 0:
                out.append(f"            … and {rest} more code{'s' * (rest != 1)}")
    if rep.bad:
        out.append("")
        out.append("bad rows")
        for d in rep.bad[:BAD_SHOWN]:
            out.append("  " + render_diagnostics([d], "short"))
        more = rep.bad_count - min(len(rep.bad), BAD_SHOWN)
        if more > 0:
            out.append(f"  … and {more:,} more (--format json lists up to {len(rep.bad):,})")
    return "\n".join(out)
