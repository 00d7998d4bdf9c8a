"""Scenario files: the AST nodes, and text → AST (the only lark user for them).

The chain of representations for a scenario is

    text ──parse (grammars/scenario.lark)──▶ parse tree ──ScenarioBuilder──▶ ScenarioFile (this module)
         ──treatylang.scenarios.load.load_scenario──▶ Scenario (events, declared situations, expectations)

The nodes mirror the surface syntax, in file order, so the printer can write
the file back and `fmt` keeps the order events were written in (it breaks ties
between events of the same day). Every node carries `span`, excluded from
equality; a few nodes also carry the spans of their parts (`date_span`,
`action_span`, …), likewise excluded, so later diagnostics can underline the
exact word. `blank` records that a blank line preceded a statement in the
source, so `fmt` keeps the analyst's paragraphs; it is layout, not meaning,
and also excluded from equality.

What the builder checks (collected, raised once by `parse_scenario_text`):
dates and times exist, a day is given where one is needed (TL405), a CAMEO
literal has 2–4 digits (TL402), and nothing is given twice that can be given
only once (TL413). Names are resolved later, against a treaty model.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Union

import attrs
from attrs import field, frozen
from lark import Token, v_args
from lark.exceptions import UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..diagnostics import Diagnostic, did_you_mean
from ..events.model import parse_date
from ..limits import MAX_INT_DIGITS, RANGE_TEXT, in_range, int_or_none
from ..source import NOWHERE, Span
from .grammar import parser
from .parse import parse_with, read_source, syntax_diagnostic
from .to_ast import SpannedBuilder, unescape

STATUSES = ("violated", "fulfilled", "pending", "not_triggered", "not_in_force", "unknown")
EXPECT_KINDS = ("status", "compliant", "count")

# Every keyword of grammars/scenario.lark: a value spelled like one is quoted by
# the printer, and names generated for tests avoid them.
KEYWORDS = frozenset("""
scenario check as of situation from until source cameo expect compliant violation violations
violated fulfilled pending not_triggered not_in_force unknown time times by on reading under order written
""".split())

_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _span():
    return field(default=NOWHERE, eq=False, kw_only=True, repr=False)


def _blank():
    return field(default=False, eq=False, kw_only=True, repr=False)


# ----------------------------------------------------------------- nodes


@frozen
class SNode:
    span: Span = _span()


@frozen
class Title(SNode):
    """`scenario "…"`."""

    text: str
    blank: bool = _blank()


@frozen
class InstrumentRef(SNode):
    """One name in a `check` line: an instrument id, or (`path=True`, written
    as a "string") a clause file relative to the scenario file."""

    name: str
    path: bool = False


@frozen
class Check(SNode):
    """`check ru_ir_2001, "local.tl"`."""

    refs: tuple[InstrumentRef, ...]
    blank: bool = _blank()


@frozen
class AsOf(SNode):
    """`as of 2026-01-01`: the end of the timeline."""

    date: _dt.date
    blank: bool = _blank()


@frozen
class Readings(SNode):
    """`reading R1, R2`: the readings the scenario is checked under."""

    names: tuple[str, ...]
    blank: bool = _blank()


@frozen
class Order(SNode):
    """`order as written`: the events of one day happened in the order written."""

    blank: bool = _blank()


@frozen
class Declare(SNode):
    """`situation aggression(USA, IRN) from D [until D] [source "…"]`.
    `until` is inclusive; `args` is empty for a situation without parameters."""

    name: str
    args: tuple[str, ...]
    start: _dt.date
    until: _dt.date | None = None
    source: str | None = None
    blank: bool = _blank()
    name_span: Span = _span()
    until_span: Span = _span()


@frozen
class Attr(SNode):
    """`kind=military`: the value is kept as a string whatever its spelling."""

    name: str
    value: str


@frozen
class EventLine(SNode):
    """`2003-04-02 08:30 RUS assist USA kind=military source "…"`.

    `date` is the date as written (`2003-04-02`, `2003-04` or `2003`), already
    checked; `time` is normalised to two-digit hours (`08:30`, `08:30:15`).
    Exactly one of `action` (a name) and `code` (a CAMEO code) is set."""

    date: str
    actor: str
    action: str | None = None
    code: str | None = None
    target: str | None = None
    time: str | None = None
    attrs: tuple[Attr, ...] = ()
    source: str | None = None
    # `USA(MIL)`: the CAMEO roles the actor (target) acted in.
    actor_roles: tuple[str, ...] = ()
    target_roles: tuple[str, ...] = ()
    blank: bool = _blank()
    date_span: Span = _span()
    action_span: Span = _span()
    actor_roles_span: Span = _span()
    target_roles_span: Span = _span()


@frozen
class Expect(SNode):
    """An expectation.

    kind "compliant": `expect compliant`;
    kind "count": `expect N violations` (`count` = N);
    kind "status": `expect CLAUSE[(V=CODE, …)] STATUS [N times] [by PARTY]
    [on DATE] [under READINGS]` (`clause` as written, `instrument.clause` or a bare clause
    name; `binding` the (variable, value) pairs in parentheses, in the order
    written)."""

    kind: str
    clause: str | None = None
    status: str | None = None
    count: int | None = None
    party: str | None = None
    on: _dt.date | None = None
    binding: tuple[tuple[str, str], ...] = ()
    under: tuple[str, ...] = ()
    blank: bool = _blank()
    clause_span: Span = _span()
    count_span: Span = _span()
    on_span: Span = _span()
    binding_span: Span = _span()
    by_span: Span = _span()


Item = Union[Title, Check, AsOf, Readings, Order, Declare, EventLine, Expect]


@frozen
class ScenarioFile(SNode):
    """A whole scenario file: its statements in file order."""

    items: tuple[Item, ...] = ()


# ----------------------------------------------------------------- builder


class ScenarioBuilder(SpannedBuilder):
    """Parse tree → ScenarioFile; `problems` collects diagnostics."""

    # ------------------------------------------------------------ values
    def name(self, tok: Token, what: str) -> str:
        """A NAME token; one that spells a keyword is rejected (TL401), so
        keywords are reserved everywhere even though the contextual lexer
        only recognises them where they could stand."""
        word = str(tok)
        if word in KEYWORDS:
            help = "keywords cannot be used as names"
            if what == "an action":
                help = ("did you leave out the action? an event reads `DATE [HH:MM] ACTOR ACTION [TARGET] "
                        "[name=value …] [source \"…\"]`")
            self.problem("TL401", f"`{word}` is a keyword, not {what}", self.tspan(tok), help)
        return word

    def first_keyword_only(self, meta) -> None:
        """Keep only the first "is a keyword" problem within one statement: in
        `2003 RUS` + `expect compliant`, `compliant` being read as the target is
        a consequence of the missing action, not a second mistake."""
        inside = [d for d in self.problems if d.code == "TL401" and "is a keyword" in d.message
                  and meta.start_pos <= d.span.start < meta.end_pos]
        for d in inside[1:]:
            self.problems.remove(d)

    def event_date(self, tok: Token) -> str:
        """An event date, any precision; checked that it exists."""
        try:
            parse_date(str(tok))
        except ValueError as e:
            self.problem("TL405", f"`{tok}` is not a calendar date", self.tspan(tok),
                         _date_help(str(e)))
        return str(tok)

    def day(self, tok: Token, where: str) -> _dt.date:
        """A full date (YYYY-MM-DD), for `as of`, `from`, `until` and `on`."""
        text = str(tok)
        if not _DAY_RE.match(text):
            try:
                _first, last, _precision = parse_date(text)
                example = f" (e.g. {last.isoformat()} for the end of {text})"
            except ValueError:
                example = ""
            self.problem("TL405", f"`{where}` needs a full date, not `{text}`", self.tspan(tok),
                         f"write the day, YYYY-MM-DD{example}; only event dates may be imprecise")
            return _dt.date(1, 1, 1)
        try:
            day = _dt.date.fromisoformat(text)
            if not in_range(day):
                raise ValueError(f"year {text[:4]} is outside the supported range, {RANGE_TEXT}")
            return day
        except ValueError:
            try:
                parse_date(text)
                reason = ""
            except ValueError as e:
                reason = str(e)
            self.problem("TL405", f"`{text}` is not a calendar date", self.tspan(tok), _date_help(reason))
            return _dt.date(1, 1, 1)

    def count(self, tok: Token) -> int:
        """A count in an expectation, read only up to MAX_INT_DIGITS digits."""
        n = int_or_none(str(tok))
        if n is None:
            self.problem("TL401", f"a count of {len(str(tok))} digits is too large", self.tspan(tok),
                         f"counts have at most {MAX_INT_DIGITS} digits")
            return 0
        return n

    def time(self, tok: Token) -> str:
        parts = str(tok).split(":")
        h, m = int(parts[0]), int(parts[1])
        s = int(parts[2]) if len(parts) > 2 else None
        if h > 23 or m > 59 or (s is not None and s > 59):
            self.problem("TL405", f"`{tok}` is not a time of day", self.tspan(tok),
                         "times are HH:MM or HH:MM:SS, 00:00 to 23:59:59")
        out = f"{h:02d}:{m:02d}"
        return out + (f":{s:02d}" if s is not None else "")

    # ------------------------------------------------------------ file
    @v_args(meta=True)
    def start(self, meta, children):
        items = list(children)
        seen: dict[type, Item] = {}
        out = []
        prev_end = None
        for it in items:
            if isinstance(it, (Title, AsOf, Order)):
                if type(it) in seen:
                    first = seen[type(it)].span
                    word = {Title: "scenario", AsOf: "as of", Order: "order as written"}[type(it)]
                    self.problem("TL413", f"`{word}` is given twice", it.span,
                                 f"the first `{word}` is at line {first.line}; a scenario has one")
                seen.setdefault(type(it), it)
            blank = False
            if prev_end is not None and it.span.start >= prev_end:
                blank = bool(re.search(r"\n[ \t\r]*\n", self.source_text[prev_end:it.span.start]))
            if blank:
                it = attrs.evolve(it, blank=True)
            prev_end = it.span.end
            out.append(it)
        return ScenarioFile(tuple(out), span=self.span(meta))

    # ------------------------------------------------------------ header
    @v_args(meta=True)
    def title(self, meta, c):
        return Title(unescape(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def check(self, meta, c):
        return Check(tuple(c), span=self.span(meta))

    @v_args(meta=True)
    def inst_ref(self, meta, c):
        tok = c[0]
        if tok.type == "STRING":
            return InstrumentRef(unescape(tok), True, span=self.span(meta))
        return InstrumentRef(self.name(tok, "an instrument id"), False, span=self.span(meta))

    @v_args(meta=True)
    def as_of(self, meta, c):
        return AsOf(self.day(c[0], "as of"), span=self.span(meta))

    @v_args(meta=True)
    def readings(self, meta, c):
        return Readings(tuple(self.name(t, "a reading") for t in c), span=self.span(meta))

    @v_args(meta=True)
    def order(self, meta, c):
        return Order(span=self.span(meta))

    # ------------------------------------------------------------ situations
    @v_args(meta=True)
    def declare(self, meta, c):
        name = c[0]
        args: tuple[str, ...] = ()
        start = None
        until, until_span, source = None, NOWHERE, None
        for x in c[1:]:
            if isinstance(x, tuple) and x and x[0] == "args":
                args = x[1]
            elif isinstance(x, tuple) and x and x[0] == "until":
                until, until_span = x[1], x[2]
            elif isinstance(x, tuple) and x and x[0] == "source":
                source = x[1]
            elif isinstance(x, Token) and x.type == "DATE":
                start = self.day(x, "from")
        return Declare(self.name(name, "a situation name"), args, start, until, source, span=self.span(meta),
                       name_span=self.tspan(name), until_span=until_span)

    def sit_args(self, c):
        return ("args", tuple(self.name(t, "a situation argument") for t in c))

    @v_args(meta=True)
    def until(self, meta, c):
        return ("until", self.day(c[0], "until"), self.span(meta))

    def source(self, c):
        return ("source", unescape(c[0]))

    # ------------------------------------------------------------ events
    @v_args(meta=True)
    def event(self, meta, c):
        self.first_keyword_only(meta)
        date_tok = c[0]
        date = self.event_date(date_tok)
        time = None
        actor = action = code = target = source = None
        actor_roles: tuple[str, ...] = ()
        target_roles: tuple[str, ...] = ()
        action_span = actor_roles_span = target_roles_span = NOWHERE
        attrs: list[Attr] = []
        for x in c[1:]:
            if isinstance(x, Token) and x.type == "TIME":
                time = self.time(x)
                if not _DAY_RE.match(date):
                    self.problem("TL405", f"a time of day needs a full date, not `{date}`", self.tspan(x),
                                 "give the day (YYYY-MM-DD), or leave the time out")
            elif isinstance(x, tuple) and x[0] == "actor":
                actor, actor_roles = x[1], x[2]
                actor_roles_span = x[3] or NOWHERE
            elif isinstance(x, tuple) and x[0] == "action":
                action, action_span = x[1], x[2]
            elif isinstance(x, tuple) and x[0] == "cameo":
                code, action_span = x[1], x[2]
            elif isinstance(x, tuple) and x[0] == "target":
                target, target_roles = x[1], x[2]
                target_roles_span = x[3] or NOWHERE
            elif isinstance(x, tuple) and x[0] == "source":
                source = x[1]
            elif isinstance(x, Attr):
                if any(a.name == x.name for a in attrs):
                    self.problem("TL413", f"attribute `{x.name}` is given twice", x.span,
                                 "an event has one value per attribute")
                attrs.append(x)
        return EventLine(date, actor, action, code, target, time, tuple(attrs), source, actor_roles, target_roles,
                         span=self.span(meta), date_span=self.tspan(date_tok), action_span=action_span,
                         actor_roles_span=actor_roles_span, target_roles_span=target_roles_span)

    def actor(self, c):
        roles = c[1] if len(c) > 1 else ((), None)
        return ("actor", self.name(c[0], "an actor"), roles[0], roles[1])

    def target(self, c):
        roles = c[1] if len(c) > 1 else ((), None)
        return ("target", self.name(c[0], "a target"), roles[0], roles[1])

    @v_args(meta=True)
    def roles(self, meta, c):
        return (tuple(self.name(t, "a role") for t in c), self.span(meta))

    @v_args(meta=True)
    def action_name(self, meta, c):
        return ("action", self.name(c[0], "an action"), self.tspan(c[0]))

    @v_args(meta=True)
    def action_cameo(self, meta, c):
        tok = c[0]
        if not 2 <= len(tok) <= 4:
            self.problem("TL402", f"`{tok}` is not a CAMEO code", self.tspan(tok),
                         "CAMEO event codes have 2 to 4 digits, with leading zeros (`040`, `19`, `0331`)")
        return ("cameo", str(tok), self.span(meta))

    @v_args(meta=True)
    def attr(self, meta, c):
        name, value = c
        if value.type == "STRING":
            v = unescape(value)
        elif value.type == "DATE":
            v = self.event_date(value)
        else:
            v = str(value)
        return Attr(self.name(name, "an attribute name"), v, span=self.span(meta))

    # ------------------------------------------------------------ expectations
    @v_args(meta=True)
    def expect_compliant(self, meta, c):
        under = c[0][1] if c else ()
        return Expect("compliant", under=under, span=self.span(meta))

    @v_args(meta=True)
    def expect_count(self, meta, c):
        under = next((x[1] for x in c if isinstance(x, tuple)), ())
        return Expect("count", count=self.count(c[0]), under=under, span=self.span(meta))

    @v_args(meta=True)
    def expect_status(self, meta, c):
        (clause, clause_span), *rest = c
        binding, binding_span = (), NOWHERE
        if rest and isinstance(rest[0], tuple) and rest[0] and rest[0][0] == "binding":
            _, binding, binding_span = rest.pop(0)
        status, *parts = rest
        found: dict[str, tuple] = {}
        for p in parts:
            key = p[0]
            if key in found:
                word = {"times": "N times", "by": "by", "on": "on", "under": "under"}[key]
                self.problem("TL413", f"`{word}` is given twice in one expectation", p[-1],
                             "an expectation names one count, one party and one day")
                continue
            found[key] = p
        count, count_span = (found["times"][1], found["times"][2]) if "times" in found else (None, NOWHERE)
        party, by_span = (found["by"][1], found["by"][2]) if "by" in found else (None, NOWHERE)
        on, on_span = (found["on"][1], found["on"][2]) if "on" in found else (None, NOWHERE)
        under = found["under"][1] if "under" in found else ()
        return Expect("status", clause, status, count, party, on, binding, under, span=self.span(meta),
                      clause_span=clause_span, count_span=count_span, on_span=on_span, binding_span=binding_span,
                      by_span=by_span)

    @v_args(meta=True)
    def binding(self, meta, c):
        pairs: list[tuple[str, str]] = []
        for (var, value), span in c:
            if any(v == var for v, _ in pairs):
                self.problem("TL413", f"variable `{var}` is given twice in one binding", span,
                             "a binding gives each variable one value")
                continue
            pairs.append((var, value))
        return ("binding", tuple(pairs), self.span(meta))

    @v_args(meta=True)
    def bind(self, meta, c):
        return (self.name(c[0], "a variable"), self.name(c[1], "a value")), self.span(meta)

    @v_args(meta=True)
    def clause_ref(self, meta, c):
        return ".".join(self.name(t, "a clause or instrument name") for t in c), self.span(meta)

    def status(self, c):
        return str(c[0])

    @v_args(meta=True)
    def times(self, meta, c):
        return ("times", self.count(c[0]), self.span(meta))

    @v_args(meta=True)
    def by(self, meta, c):
        return ("by", self.name(c[0], "a party"), self.span(meta))

    @v_args(meta=True)
    def on(self, meta, c):
        return ("on", self.day(c[0], "on"), self.span(meta))

    @v_args(meta=True)
    def under(self, meta, c):
        return ("under", tuple(self.name(t, "a reading") for t in c), self.span(meta))


def _date_help(reason: str) -> str:
    base = "dates are YYYY-MM-DD (an event's may also be YYYY-MM or YYYY) and must exist"
    return f"{reason.split(': ', 1)[-1]}; {base}" if ": " in reason else base


# ----------------------------------------------------------------- parsing


# How the expected terminals are named in help texts; keywords and
# punctuation are shown as written (`times`, `=`), read from the grammar.
_LABELS = {
    "NAME": "a name", "STRING": 'a "string"', "DATE": "a date", "TIME": "a time (HH:MM)", "DIGITS": "a number",
    "NUMBER": "a number", "$END": "end of file",
}


def _words(expected) -> list[str]:
    """The expected terminals as a reader would write them, sorted."""
    lark = parser("scenario")
    out = set()
    for n in expected:
        if n in _LABELS:
            out.add(_LABELS[n])
            continue
        try:
            pattern = lark.get_terminal(n).pattern
        except KeyError:  # pragma: no cover - lark's internal names
            continue
        out.add(f"`{pattern.value}`" if pattern.type == "str" else n.lower())
    return sorted(out, key=lambda w: (not w.startswith("`"), w))


def _keywords(expected) -> list[str]:
    lark = parser("scenario")
    out = []
    for n in expected:
        try:
            pattern = lark.get_terminal(n).pattern
        except KeyError:  # pragma: no cover
            continue
        if pattern.type == "str" and pattern.value[:1].isalpha():
            out.append(pattern.value)
    return out


def _syntax_error(err: UnexpectedInput, text: str, filename: str) -> Diagnostic:
    """lark's error as a TL401 diagnostic, with help specific to scenarios."""
    d = syntax_diagnostic(err, text, filename, code_prefix="TL4")
    if not isinstance(err, (UnexpectedToken, UnexpectedEOF)):
        return d  # unexpected character, unterminated string: the shared help fits
    expected = set(getattr(err, "expected", ()) or ())
    tok = getattr(err, "token", None)
    kind = tok.type if tok is not None else "$END"
    words = _words(expected)
    listed = ", ".join(words[:8]) + (" …" if len(words) > 8 else "")
    if kind == "NUMBER" and str(tok)[0] in "+-" and re.search(r"\d$", text[:tok.start_pos]):
        # the root lexer's reading of `2003-4-02`: a date with a one-digit month or day
        return _evolve(d, f"unexpected `{str(tok)[0]}` after a number",
                       "dates are written YYYY-MM-DD, YYYY-MM or YYYY with two-digit months and days (2003-04-02)")
    if kind == "NAME" and {"VIOLATED", "PENDING"} <= expected:
        help = did_you_mean(str(tok), STATUSES) or "a status is one of " + ", ".join(STATUSES)
        return _evolve(d, f"`{tok}` is not a status", help)
    if "CAMEO" in expected or "TIME" in expected:  # inside an event, before its action
        return _evolve(d, d.message, "an event reads `DATE [HH:MM] ACTOR ACTION [TARGET] [name=value …] "
                                     "[source \"…\"]`; ACTION is a name or `cameo CODE`")
    if expected == {"DIGITS"}:  # only after `cameo`
        return _evolve(d, d.message, "`cameo` is followed by a CAMEO event code: 2 to 4 digits (`072`, `19`)")
    if kind == "RPAR" and expected == {"NAME"}:
        return _evolve(d, d.message, "a situation without parameters is written without parentheses: "
                                     "`situation caspian_regime_pending from 1991-12-26`")
    if kind in ("NAME", "DIGITS", "NUMBER") and {"EXPECT", "SITUATION"} <= expected:
        return _evolve(d, d.message, "a statement starts with `scenario`, `check`, `as of`, `situation`, "
                                     "`expect` or, for an event, its date: `2003-03-20 USA use_force IRN`")
    if kind == "NAME":
        help = did_you_mean(str(tok), _keywords(expected))
        if help:
            return _evolve(d, d.message, help)
    return _evolve(d, d.message, f"expected {listed}" if words else d.help)


def _evolve(d: Diagnostic, message: str, help: str | None) -> Diagnostic:
    return Diagnostic(d.code, message, d.span, d.snippet, help, d.breadcrumb, d.severity, d.notes)


def parse_scenario_text(text: str, filename: str = "<string>") -> ScenarioFile:
    """Parse a scenario file's text into its AST, or raise DiagnosticError."""
    return parse_with("scenario", ScenarioBuilder, _syntax_error, "TL401", text, filename)


def parse_scenario_file(path: str | Path) -> ScenarioFile:
    """Read and parse a scenario file (TL001/TL002 if it cannot be read)."""
    return parse_scenario_text(read_source(path), str(path))


__all__ = [
    "STATUSES", "EXPECT_KINDS", "KEYWORDS", "SNode", "Title", "InstrumentRef", "Check", "AsOf", "Readings", "Order",
    "Declare",
    "Attr", "EventLine", "Expect", "Item", "ScenarioFile", "parse_scenario_text", "parse_scenario_file",
]
