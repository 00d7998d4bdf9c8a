"""AST → canonical clause-file text.

The printer emits `Line` records — indent, text, and the source region the
line stands for — rather than a string, so the formatter can put each comment
back beside the construct it was written next to. `print_file` joins them.

Canonical layout: two-space indent; one statement a line; a clause's norm on
its header line and each qualifier on its own line, indented twice; a blank
line between top-level items and before each article and clause group.
"""

from __future__ import annotations

import datetime as _dt
import re

from attrs import frozen

from . import ast as A

INDENT = "  "
_BARE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Words the grammars reserve: a value spelled like one must be quoted.
KEYWORDS = frozenset("""
import type action cameo plover state party third situation starts ends when initially instrument title
signed at authentic source note parties in force on signature not term renew unless notice before expiry
superseded by from withdrawn withdrawal article number confirmed unconfirmed text paraphrase translation
clause declaratory must may against to with toward each the other any while until within of except
overrides is after and set question reading default held derive under hold provided prevails over lex
posterior specialis superior actor target roles corroborated all states ratification ratified reinstated
terminated enters into
""".split())


@frozen
class Line:
    depth: int
    text: str
    start: int = -1  # source region this line stands for (offsets), -1: none
    end: int = -1
    blank_before: bool = False


def quote(s: str) -> str:
    """A STRING literal for `s`."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def value(v) -> str:
    if isinstance(v, _dt.date):
        return v.isoformat()
    return v if _BARE.match(v) and v not in KEYWORDS else quote(v)


def duration(d: A.Duration) -> str:
    return f"{d.amount} {d.unit}{'' if d.amount == 1 else 's'}"


def actor(a: A.Actor) -> str:
    if a.kind in ("each_member", "any_member"):
        return " ".join(w for w in ("each" if a.kind == "each_member" else "any", a.group or "", a.var or "") if w)
    words = {
        "each_party": "each party", "other_party": "the other party", "the_parties": "the parties",
        "any_state": "any state",
        "any_party": "any party", "any_third_state": "any third state", "name": "",
    }[a.kind]
    return " ".join(w for w in (words, a.var or "") if w)


def action_ref(r: A.ActionRef) -> str:
    parts = [r.action]
    if r.target is not None:
        if r.prep:
            parts.append(r.prep)
        parts.append(actor(r.target))
    return " ".join(parts)


def trigger(t: A.Trigger) -> str:
    return f"{actor(t.actor)} {action_ref(t.act)}"


def sit_ref(s: A.SitRef) -> str:
    return s.name if s.args is None else f"{s.name}({', '.join(s.args)})"


def under(readings: tuple[str, ...]) -> str:
    """The ` under R1, R2` suffix of a statement that holds only under readings."""
    return f" under {', '.join(readings)}" if readings else ""


def cond(c: A.AttrCond) -> str:
    return f"{c.attr} {c.op} {actor(c.value) if isinstance(c.value, A.Actor) else value(c.value)}"


def type_ref(t: A.TypeRef) -> str:
    return {"state": "state", "party": "party", "third_state": "third state"}.get(t.kind) or " | ".join(t.names)


def params(ps: tuple[A.Param, ...]) -> str:
    return "(" + ", ".join(f"{p.name}: {type_ref(p.type)}" for p in ps) + ")" if ps else ""


def corroboration(c: A.Corroboration) -> str:
    return "corroborated by " + ", ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in c.counts)


def qualifier(q) -> str:
    if isinstance(q, A.While):
        return "while " + " and ".join(sit_ref(s) for s in q.situations)
    if isinstance(q, A.When):
        return "when " + " and ".join(cond(c) for c in q.conds)
    if isinstance(q, A.Unless):
        return "unless " + " and ".join(cond(c) for c in q.conds)
    if isinstance(q, A.From):
        return f"from {q.date.isoformat()}"
    if isinstance(q, A.Until):
        return f"until {q.date.isoformat()}"
    if isinstance(q, A.By):
        return f"by {q.date.isoformat()}"
    if isinstance(q, A.Within):
        if isinstance(q.trigger, A.SitEdge):
            return f"within {duration(q.duration)} of the {q.trigger.edge} of {sit_ref(q.trigger.situation)}"
        return f"within {duration(q.duration)} of {trigger(q.trigger)}"
    if isinstance(q, A.Provided):
        return f"provided {quote(q.text)}"
    if isinstance(q, A.Except):
        return "except " + ", ".join(q.names)
    if isinstance(q, A.Overrides):
        return "overrides " + ", ".join(q.names)
    if isinstance(q, A.Under):
        return "under " + ", ".join(q.readings)
    if isinstance(q, A.Corroboration):
        return corroboration(q)
    raise TypeError(f"not a qualifier: {q!r}")


def _region(node: A.Node) -> tuple[int, int]:
    s = node.span
    return (s.start, s.end) if s.end > s.start else (-1, -1)


def _head(node: A.Node, first_child: A.Node | None) -> tuple[int, int]:
    """The region of a block's header line: from the node to its first child
    (or, with no child, to the opening brace — approximated by the node's end)."""
    s, e = _region(node)
    if s < 0:
        return s, e
    if first_child is not None and first_child.span.end > first_child.span.start:
        return s, first_child.span.start
    return s, e


def _close(node: A.Node) -> tuple[int, int]:
    s, e = _region(node)
    return (e - 1, e) if s >= 0 else (-1, -1)


class Printer:
    def __init__(self) -> None:
        self.lines: list[Line] = []

    def emit(self, depth: int, text: str, region=(-1, -1), blank: bool = False) -> None:
        self.lines.append(Line(depth, text, region[0], region[1], blank and bool(self.lines)))

    # ------------------------------------------------------------ top level
    def file(self, f: A.File) -> list[Line]:
        prev = None
        for item in f.items:
            # Group consecutive imports/types/actions; blank line otherwise.
            blank = prev is not None and not (type(item) is type(prev) and isinstance(item, (A.Import, A.TypeDecl, A.SetDecl, A.ActionDecl)))
            self.item(item, blank)
            prev = item
        return self.lines

    def item(self, it, blank: bool) -> None:
        if isinstance(it, A.Import):
            self.emit(0, f"import {quote(it.path)}", _region(it), blank)
        elif isinstance(it, A.TypeDecl):
            self.emit(0, f"type {it.name} = {' | '.join(it.values)}", _region(it), blank)
        elif isinstance(it, A.SetDecl):
            self.emit(0, f"set {it.name} = {', '.join(it.members)}", _region(it), blank)
        elif isinstance(it, A.ActionDecl):
            text = f"action {it.name}{params(it.params)}"
            if it.cameo:
                text += " cameo " + ", ".join(it.cameo)
            if it.plover:
                text += " plover " + ", ".join(p.event + (f"/{p.context}" if p.context else "") for p in it.plover)
            for r in it.roles:
                text += f" {r.side} roles " + ", ".join(r.codes)
            self.emit(0, text, _region(it), blank)
        elif isinstance(it, A.SituationDecl):
            self.emit(0, f"situation {it.name}{params(it.params)} {{", _head(it, it.items[0] if it.items else None), blank)
            for s in it.items:
                if isinstance(s, A.SitInitially):
                    self.emit(1, "initially", _region(s))
                elif isinstance(s, A.Corroboration):
                    self.emit(1, corroboration(s), _region(s))
                elif isinstance(s, A.SitEndsEntry):
                    self.emit(1, f"ends when {s.instrument} enters into force", _region(s))
                else:
                    kw = "starts" if isinstance(s, A.SitStarts) else "ends"
                    text = f"{kw} when {trigger(s.trigger)}"
                    if isinstance(s, A.SitStarts) and s.unless is not None:
                        text += f" unless {trigger(s.unless.trigger)} within {duration(s.unless.duration)} before"
                    self.emit(1, text, _region(s))
            self.emit(0, "}", _close(it))
        elif isinstance(it, A.Question):
            title = f" {quote(it.title)}" if it.title is not None else ""
            self.emit(0, f"question {it.name}{title} {{", _head(it, it.readings[0] if it.readings else None), blank)
            for r in it.readings:
                self.emit(1, f"reading {r.name}{' default' if r.default else ''} {{",
                          _head(r, r.items[0] if r.items else None))
                for x in r.items:
                    word = "held by" if isinstance(x, A.HeldBy) else "source" if isinstance(x, A.Source) else "note"
                    self.emit(2, f"{word} {quote(x.text)}", _region(x))
                self.emit(1, "}", _close(r))
            self.emit(0, "}", _close(it))
        elif isinstance(it, A.Derive):
            self.emit(0, f"derive {it.target} from {it.source} {{", _head(it, it.rows[0] if it.rows else None), blank)
            for r in it.rows:
                self.emit(1, f"{value(r.key)} = {value(r.value)}{under(r.under)}", _region(r))
            self.emit(0, "}", _close(it))
        elif isinstance(it, A.Instrument):
            self.instrument(it, blank)
        else:
            raise TypeError(f"not a top-level item: {it!r}")

    # ------------------------------------------------------------ instruments
    def instrument(self, ins: A.Instrument, blank: bool) -> None:
        self.emit(0, f"instrument {ins.name} {ins.kind} {{", _head(ins, ins.items[0] if ins.items else None), blank)
        for i, it in enumerate(ins.items):
            if isinstance(it, A.Article):
                self.article(it, blank=i > 0)
            else:
                self.emit(1, self.inst_stmt(it), _region(it))
        self.emit(0, "}", _close(ins))

    @staticmethod
    def inst_stmt(it) -> str:
        return Printer._inst_stmt(it) + under(getattr(it, "under", ()))

    @staticmethod
    def _inst_stmt(it) -> str:
        if isinstance(it, A.Title):
            return f"title {quote(it.text)}"
        if isinstance(it, A.Signed):
            return f"signed {it.date.isoformat()}" + (f" at {quote(it.place)}" if it.place is not None else "")
        if isinstance(it, A.Authentic):
            return "authentic " + ", ".join(it.langs)
        if isinstance(it, A.Source):
            return f"source {quote(it.text)}"
        if isinstance(it, A.Note):
            return f"note {quote(it.text)}"
        if isinstance(it, A.Parties):
            return "parties " + ", ".join(p.code + (f" {quote(p.name)}" if p.name is not None else "") for p in it.parties)
        if isinstance(it, A.InForce):
            return "in force " + (it.date.isoformat() if it.date else "on signature")
        if isinstance(it, A.NotInForce):
            return "not in force"
        if isinstance(it, A.AllStates):
            return "parties all states"
        if isinstance(it, A.InForceRatification):
            when = f"{duration(it.delay)} after" if it.delay is not None else "on"
            count = "all" if it.count is None else f"{it.count} parties"
            return f"in force {when} ratification by {count}"
        if isinstance(it, A.Ratified):
            return "ratified by " + ", ".join(r.party + (f" {r.date}" if r.date else "") for r in it.ratifications)
        if isinstance(it, A.Reinstated):
            return f"reinstated from {it.date.isoformat()}"
        if isinstance(it, A.Terminated):
            return f"terminated from {it.date.isoformat()}"
        if isinstance(it, A.Term):
            text = f"term {duration(it.length)}" + (" from signature" if it.from_signature else "")
            if it.renew is not None:
                text += f", renew {duration(it.renew)}"
                if it.notice is not None:
                    text += f" unless notice {duration(it.notice)} before expiry"
            return text
        if isinstance(it, A.Superseded):
            return f"superseded by {it.by} from {it.date.isoformat()}"
        if isinstance(it, A.Withdrawn):
            return f"withdrawn by {it.party} from {it.date.isoformat()}"
        if isinstance(it, A.WithdrawalNotice):
            return f"withdrawal notice {duration(it.duration)}"
        if isinstance(it, A.Prevails):
            return f"prevails over {it.over} by lex {it.principle}"
        raise TypeError(f"not an instrument statement: {it!r}")

    def article(self, art: A.Article, blank: bool) -> None:
        title = f" {quote(art.title)}" if art.title is not None else ""
        self.emit(1, f"article {art.name}{title} {{", _head(art, art.items[0] if art.items else None), blank)
        prev = None
        for it in art.items:
            if isinstance(it, A.Number):
                self.emit(2, f"number {quote(it.text)}" + (f" {it.confidence}" if it.confidence else ""), _region(it))
            elif isinstance(it, A.Text):
                flag = f" {it.flag}" if it.flag else ""
                self.emit(2, f"text {it.lang}{flag} {quote(it.text)}", _region(it))
            elif isinstance(it, A.Source):
                self.emit(2, f"source {quote(it.text)}", _region(it))
            elif isinstance(it, A.Note):
                self.emit(2, f"note {quote(it.text)}", _region(it))
            elif isinstance(it, A.Clause):
                self.clause(it, blank=prev is not None and not isinstance(prev, A.Clause))
            else:
                raise TypeError(f"not an article item: {it!r}")
            prev = it
        self.emit(1, "}", _close(art))

    def clause(self, c: A.Clause, blank: bool) -> None:
        head = f"clause {c.name}{' declaratory' if c.declaratory else ''}:"
        if isinstance(c.body, str):
            self.emit(2, f"{head} {quote(c.body)}", _region(c), blank)
            return
        n = c.body
        first_q = n.qualifiers[0] if n.qualifiers else None
        region = _head(c, first_q) if first_q else _region(c)
        act = f"hold {sit_ref(n.act.situation)}" if isinstance(n.act, A.Hold) else action_ref(n.act)
        self.emit(2, f"{head} {actor(n.subject)} {n.modality} {act}", region, blank)
        for q in n.qualifiers:
            self.emit(3, qualifier(q), _region(q))


def file_lines(f: A.File) -> list[Line]:
    """The canonical lines of a file (no comments)."""
    return Printer().file(f)


def render_lines(lines: list[Line]) -> str:
    out: list[str] = []
    for ln in lines:
        if ln.blank_before:
            out.append("")
        out.append(f"{INDENT * ln.depth}{ln.text}" if ln.text else "")
    return "\n".join(out) + ("\n" if out else "")


def print_file(f: A.File) -> str:
    """Canonical text of an AST; `parse(print_file(t)) == t`."""
    return render_lines(file_lines(f))
