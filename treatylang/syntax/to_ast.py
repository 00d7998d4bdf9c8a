"""Parse tree → AST. Values are validated here (dates, durations, CAMEO code
literals, instrument kinds); every problem is collected and the caller raises
once. Children are recognised by their type, never by position, because
optional parts are absent rather than None (maybe_placeholders=False)."""

from __future__ import annotations

import datetime as _dt

from lark import Token, Transformer, v_args

from . import ast as A
from ..diagnostics import Diagnostic, did_you_mean
from ..limits import MAX_INT_DIGITS, RANGE_TEXT, in_range, int_or_none
from ..source import Span, line_of

UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year"}


def unescape(s: str) -> str:
    """The value of a STRING token: quotes removed, \\" and \\\\ and \\n undone."""
    body = s[1:-1]
    if "\\" not in body:
        return body
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


class _Under:
    """The `under R1, R2` suffix of a statement, before it is folded into it."""

    __slots__ = ("names",)

    def __init__(self, names: tuple[str, ...]):
        self.names = names


class SpannedBuilder(Transformer):
    """What every parse-tree → AST builder needs: spans from lark's positions,
    and a list of problems (diagnostics) collected rather than raised."""

    def __init__(self, filename: str, text: str):
        super().__init__(visit_tokens=False)
        self.filename = filename
        self.source_text = text
        self.problems: list[Diagnostic] = []

    def span(self, meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.filename, 1, 1, 1, 2)
        return Span(self.filename, meta.line, meta.column, meta.end_line, meta.end_column,
                    meta.start_pos, meta.end_pos)

    def tspan(self, tok: Token) -> Span:
        return Span(self.filename, tok.line, tok.column, tok.end_line, tok.end_column,
                    tok.start_pos, tok.end_pos)

    def problem(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.problems.append(Diagnostic(code, message, span, line_of(self.source_text, span.line), help))


class Builder(SpannedBuilder):
    """Builds clause-file AST nodes for one file."""

    # ------------------------------------------------------------ token values
    def date(self, tok: Token) -> _dt.date:
        try:
            day = _dt.date.fromisoformat(str(tok))
        except ValueError:
            self.problem("TL105", f"`{tok}` is not a calendar date", self.tspan(tok),
                         "dates are written YYYY-MM-DD and must exist (no 2001-02-30)")
            return _dt.date(1, 1, 1)
        if not in_range(day):
            self.problem("TL105", f"`{tok}` is outside the supported range of days, {RANGE_TEXT}", self.tspan(tok),
                         "see docs/limits.md")
            return _dt.date(1, 1, 1)
        return day

    @staticmethod
    def names(children) -> tuple[str, ...]:
        return tuple(str(c) for c in children if isinstance(c, Token) and c.type == "NAME")

    # ------------------------------------------------------------ file level
    @v_args(meta=True)
    def start(self, meta, children):
        return A.File(tuple(children), span=self.span(meta))

    @v_args(meta=True)
    def import_decl(self, meta, c):
        return A.Import(unescape(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def type_decl(self, meta, c):
        names = self.names(c)
        return A.TypeDecl(names[0], names[1:], span=self.span(meta))

    @v_args(meta=True)
    def set_decl(self, meta, c):
        toks = [t for t in c if isinstance(t, Token) and t.type == "NAME"]
        return A.SetDecl(str(toks[0]), tuple(str(t) for t in toks[1:]), span=self.span(meta),
                         member_spans=tuple(self.tspan(t) for t in toks[1:]))

    @v_args(meta=True)
    def action_decl(self, meta, c):
        params: tuple = ()
        cameo: list[str] = []
        plover: list[A.PloverRef] = []
        roles: list[A.RoleReq] = []
        for x in c[1:]:
            if isinstance(x, tuple) and x and isinstance(x[0], A.Param):
                params = x
            elif isinstance(x, list) and x and isinstance(x[0], A.PloverRef):
                plover.extend(x)
            elif isinstance(x, A.RoleReq):
                roles.append(x)
            elif isinstance(x, list):
                cameo.extend(x)
        return A.ActionDecl(str(c[0]), params, tuple(cameo), tuple(plover), tuple(roles), span=self.span(meta))

    @v_args(meta=True)
    def role_req(self, meta, c):
        toks = [t for t in c[1:] if isinstance(t, Token)]
        return A.RoleReq(str(c[0]), tuple(str(t) for t in toks), span=self.span(meta),
                         code_spans=tuple(self.tspan(t) for t in toks))

    def role_side(self, c):
        return str(c[0])

    @v_args(meta=True)
    def corroboration(self, meta, c):
        counts: list[tuple[int, str]] = []
        for n, unit, tok in c:
            if any(u == unit for _, u in counts):
                self.problem("TL114", f"`{unit}s` is given twice in `corroborated by`", self.tspan(tok),
                             "give each of reports, sources and days at most once")
            counts.append((n, unit))
        return A.Corroboration(tuple(counts), span=self.span(meta))

    def corro_count(self, c):
        amount, unit = c
        n = int_or_none(str(amount))
        if n is None:
            self.problem("TL114", f"a corroboration count of {len(str(amount))} digits is too large", self.tspan(amount),
                         f"counts have at most {MAX_INT_DIGITS} digits, e.g. `corroborated by 2 sources`")
            n = 1
        word = str(unit)
        units = {"report": "report", "reports": "report", "source": "source", "sources": "source",
                 "day": "day", "days": "day"}
        if word not in units:
            self.problem("TL114", f"`{word}` is not something a report is counted in", self.tspan(unit),
                         did_you_mean(word, list(units)) or "corroborated by N reports, N sources or N days")
        if n < 1:
            self.problem("TL114", "a corroboration count must be at least 1", self.tspan(amount),
                         "one report is what stands behind any coded event; ask for 2 or more, or leave it out")
        return (max(n, 1), units.get(word, "report"), unit)

    def cameo_map(self, c):
        codes = []
        for tok in c:
            if not 2 <= len(tok) <= 4:
                self.problem("TL106", f"`{tok}` is not a CAMEO code", self.tspan(tok),
                             "CAMEO event codes have 2 to 4 digits, with leading zeros (`040`, `19`, `0331`)")
            codes.append(str(tok))
        return codes

    def plover_map(self, c):
        return list(c)

    @v_args(meta=True)
    def plover_ref(self, meta, c):
        return A.PloverRef(str(c[0]), str(c[1]) if len(c) > 1 else None, span=self.span(meta))

    def params(self, c):
        return tuple(c)

    @v_args(meta=True)
    def param(self, meta, c):
        return A.Param(str(c[0]), c[1], span=self.span(meta))

    @v_args(meta=True)
    def state_type(self, meta, c):
        return A.TypeRef("state", span=self.span(meta))

    @v_args(meta=True)
    def party_type(self, meta, c):
        return A.TypeRef("party", span=self.span(meta))

    @v_args(meta=True)
    def third_state_type(self, meta, c):
        return A.TypeRef("third_state", span=self.span(meta))

    @v_args(meta=True)
    def named_type(self, meta, c):
        return A.TypeRef("named", self.names(c), span=self.span(meta))

    # ------------------------------------------------------------ situations
    @v_args(meta=True)
    def situation_decl(self, meta, c):
        params = next((x for x in c[1:] if isinstance(x, tuple)), ())
        items = tuple(x for x in c[1:] if isinstance(x, (A.SitStarts, A.SitEnds, A.SitInitially, A.Corroboration,
                                                             A.SitEndsEntry)))
        return A.SituationDecl(str(c[0]), params, items, span=self.span(meta))

    @v_args(meta=True)
    def sit_starts(self, meta, c):
        return A.SitStarts(c[0], c[1] if len(c) > 1 else None, span=self.span(meta))

    @v_args(meta=True)
    def response(self, meta, c):
        return A.Response(c[0], c[1], span=self.span(meta))

    @v_args(meta=True)
    def sit_ends(self, meta, c):
        return A.SitEnds(c[0], span=self.span(meta))

    @v_args(meta=True)
    def sit_ends_entry(self, meta, c):
        return A.SitEndsEntry(str(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def sit_initially(self, meta, c):
        return A.SitInitially(span=self.span(meta))

    @v_args(meta=True)
    def trigger(self, meta, c):
        return A.Trigger(c[0], c[1], span=self.span(meta))

    # ------------------------------------------------------------ instruments
    @v_args(meta=True)
    def instrument(self, meta, c):
        name, kind = str(c[0]), c[1]
        if kind not in A.INSTRUMENT_KINDS:
            self.problem("TL113", f"`{kind}` is not a kind of instrument", self.tspan(kind),
                         did_you_mean(str(kind), A.INSTRUMENT_KINDS)
                         or "binding: " + ", ".join(A.BINDING_KINDS) + "; political: " + ", ".join(A.POLITICAL_KINDS))
        return A.Instrument(name, str(kind), tuple(c[2:]), span=self.span(meta))

    @v_args(meta=True)
    def title(self, meta, c):
        return A.Title(unescape(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def signed(self, meta, c):
        return A.Signed(self.date(c[0]), unescape(c[1]) if len(c) > 1 else None, span=self.span(meta))

    @v_args(meta=True)
    def authentic(self, meta, c):
        return A.Authentic(self.names(c), span=self.span(meta))

    @v_args(meta=True)
    def source(self, meta, c):
        return A.Source(unescape(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def note(self, meta, c):
        return A.Note(unescape(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def parties(self, meta, c):
        return A.Parties(tuple(c), span=self.span(meta))

    @v_args(meta=True)
    def parties_all(self, meta, c):
        return A.AllStates(span=self.span(meta))

    @v_args(meta=True)
    def ratified(self, meta, c):
        return A.Ratified(tuple(c), span=self.span(meta))

    @v_args(meta=True)
    def ratification(self, meta, c):
        date = None
        if len(c) > 1:
            date = str(c[1])
            if c[1].type == "DATE":
                self.date(c[1])  # a day that does not exist is TL105
            elif c[1].type == "MONTH" and not 1 <= int(date[5:7]) <= 12:
                self.problem("TL105", f"`{date}` is not a month", self.tspan(c[1]),
                             "a month is written YYYY-MM, 01 to 12")
        return A.Ratification(str(c[0]), date, span=self.span(meta))

    @v_args(meta=True)
    def reinstated(self, meta, c):
        c, under = self._under(c)
        return A.Reinstated(self.date(c[0]), under, span=self.span(meta))

    @v_args(meta=True)
    def terminated(self, meta, c):
        c, under = self._under(c)
        return A.Terminated(self.date(c[0]), under, span=self.span(meta))

    @v_args(meta=True)
    def in_force_ratification(self, meta, c):
        c, under = self._under(c)
        delay = next((x for x in c if isinstance(x, A.Duration)), None)
        return A.InForceRatification(c[-1], delay, under, span=self.span(meta))

    def ratify_count(self, c):
        if str(c[0]) == "all":
            return None
        n = int_or_none(str(c[0]))
        if n is None:
            self.problem("TL107", f"a number of ratifications of {len(str(c[0]))} digits is too large",
                         self.tspan(c[0]), f"write at most {MAX_INT_DIGITS} digits, or `by all`")
            return 1
        if n < 1:
            self.problem("TL107", "a treaty enters into force on at least the first ratification", self.tspan(c[0]),
                         "write `in force on ratification by N parties` with N of 1 or more, or `by all`")
        return max(n, 1)

    def term_from(self, c):
        return "signature"

    @v_args(meta=True)
    def party(self, meta, c):
        return A.PartyDecl(str(c[0]), unescape(c[1]) if len(c) > 1 else None, span=self.span(meta))

    @staticmethod
    def _under(c) -> tuple[tuple, tuple[str, ...]]:
        """Split a statement's children from its trailing `under` readings."""
        if c and isinstance(c[-1], _Under):
            return tuple(c[:-1]), c[-1].names
        return tuple(c), ()

    def under(self, c):
        return _Under(self.names(c))

    @v_args(meta=True)
    def in_force_date(self, meta, c):
        c, under = self._under(c)
        return A.InForce(self.date(c[0]), under, span=self.span(meta))

    @v_args(meta=True)
    def in_force_signature(self, meta, c):
        c, under = self._under(c)
        return A.InForce(None, under, span=self.span(meta))

    @v_args(meta=True)
    def not_in_force(self, meta, c):
        c, under = self._under(c)
        return A.NotInForce(under, span=self.span(meta))

    @v_args(meta=True)
    def term(self, meta, c):
        c, under = self._under(c)
        from_signature = "signature" in c
        c = [x for x in c if x != "signature"]
        length = c[0]
        renew = c[1] if len(c) > 1 else None
        notice = c[2] if len(c) > 2 else None
        return A.Term(length, renew, notice, under, from_signature, span=self.span(meta))

    def renew_notice(self, c):
        return c[0]

    @v_args(meta=True)
    def superseded(self, meta, c):
        c, under = self._under(c)
        return A.Superseded(str(c[0]), self.date(c[1]), under, span=self.span(meta))

    @v_args(meta=True)
    def withdrawn(self, meta, c):
        c, under = self._under(c)
        return A.Withdrawn(str(c[0]), self.date(c[1]), under, span=self.span(meta))

    @v_args(meta=True)
    def withdrawal_notice(self, meta, c):
        c, under = self._under(c)
        return A.WithdrawalNotice(c[0], under, span=self.span(meta))

    @v_args(meta=True)
    def prevails(self, meta, c):
        return A.Prevails(str(c[0]), str(c[1]), span=self.span(meta))

    def principle(self, c):
        return str(c[0])

    # ------------------------------------------------------------ readings
    @v_args(meta=True)
    def question_decl(self, meta, c):
        title = unescape(c[1]) if len(c) > 1 and isinstance(c[1], Token) and c[1].type == "STRING" else None
        readings = tuple(x for x in c[1:] if isinstance(x, A.Reading))
        return A.Question(str(c[0]), title, readings, span=self.span(meta))

    @v_args(meta=True)
    def reading_decl(self, meta, c):
        default = any(x == "default" for x in c[1:] if not isinstance(x, A.Node))
        items = tuple(x for x in c[1:] if isinstance(x, (A.HeldBy, A.Source, A.Note)))
        return A.Reading(str(c[0]), default, items, span=self.span(meta))

    def is_default(self, c):
        return "default"

    @v_args(meta=True)
    def held_by(self, meta, c):
        return A.HeldBy(unescape(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def derive_decl(self, meta, c):
        rows = tuple(x for x in c[2:] if isinstance(x, A.DeriveRow))
        return A.Derive(str(c[0]), str(c[1]), rows, span=self.span(meta))

    @v_args(meta=True)
    def derive_row(self, meta, c):
        c, under = self._under(c)
        return A.DeriveRow(self._value(c[0]), self._value(c[1]), under, span=self.span(meta))

    @staticmethod
    def _value(tok) -> str:
        return unescape(tok) if isinstance(tok, Token) and tok.type == "STRING" else str(tok)

    @v_args(meta=True)
    def duration(self, meta, c):
        amount, unit = c
        if str(unit) not in UNITS:
            self.problem("TL107", f"`{unit}` is not a unit of time", self.tspan(unit),
                         did_you_mean(str(unit), UNITS) or "use days, weeks, months or years")
        n = int_or_none(str(amount))
        if n is None:
            self.problem("TL107", f"a duration of {len(str(amount))} digits is too long", self.tspan(amount),
                         f"durations have at most {MAX_INT_DIGITS} digits; a term past 9998 is never reached anyway")
            n = 1
        elif n <= 0:
            self.problem("TL107", "a duration must be at least 1", self.tspan(amount))
        return A.Duration(n, UNITS.get(str(unit), "day"), span=self.span(meta))

    # ------------------------------------------------------------ articles
    @v_args(meta=True)
    def article(self, meta, c):
        name = str(c[0])
        rest = list(c[1:])
        title = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "STRING":
            title = unescape(rest.pop(0))
        return A.Article(name, title, tuple(rest), span=self.span(meta))

    @v_args(meta=True)
    def number(self, meta, c):
        conf = str(c[1]) if len(c) > 1 else None
        return A.Number(unescape(c[0]), conf, span=self.span(meta))

    def confidence(self, c):
        return str(c[0])

    def text_flag(self, c):
        return str(c[0])

    @v_args(meta=True)
    def text(self, meta, c):
        lang = str(c[0])
        flag = c[1] if len(c) == 3 else None
        return A.Text(lang, unescape(c[-1]), flag, span=self.span(meta))

    # ------------------------------------------------------------ clauses
    @v_args(meta=True)
    def clause(self, meta, c):
        name = str(c[0])
        declaratory = any(x == "declaratory" for x in c[1:-1])
        body = c[-1]
        if isinstance(body, Token):
            body = unescape(body)
        return A.Clause(name, body, declaratory, span=self.span(meta))

    def declaratory(self, c):
        return "declaratory"

    @v_args(meta=True)
    def norm(self, meta, c):
        subject, modality, act, *quals = c
        return A.Norm(subject, modality, act, tuple(quals), span=self.span(meta))

    def must_not(self, c):
        return "must not"

    def must(self, c):
        return "must"

    def may(self, c):
        return "may"

    @v_args(meta=True)
    def hold(self, meta, c):
        return A.Hold(c[0], span=self.span(meta))

    @v_args(meta=True)
    def action_ref(self, meta, c):
        prep = next((x for x in c[1:] if isinstance(x, str) and not isinstance(x, Token)), None)
        target = next((x for x in c[1:] if isinstance(x, A.Actor)), None)
        return A.ActionRef(str(c[0]), prep, target, span=self.span(meta))

    def prep(self, c):
        return str(c[0])

    def _actor(self, kind, meta, c):
        var = str(c[0]) if c else None
        return A.Actor(kind, var, span=self.span(meta))

    @v_args(meta=True)
    def each_party(self, meta, c):
        return self._actor("each_party", meta, c)

    @v_args(meta=True)
    def other_party(self, meta, c):
        return self._actor("other_party", meta, c)

    @v_args(meta=True)
    def any_state(self, meta, c):
        return self._actor("any_state", meta, c)

    @v_args(meta=True)
    def any_party(self, meta, c):
        return self._actor("any_party", meta, c)

    @v_args(meta=True)
    def any_third_state(self, meta, c):
        return self._actor("any_third_state", meta, c)

    @v_args(meta=True)
    def the_parties(self, meta, c):
        return A.Actor("the_parties", span=self.span(meta))

    @v_args(meta=True)
    def each_member(self, meta, c):
        return A.Actor("each_member", str(c[1]), str(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def any_member(self, meta, c):
        return A.Actor("any_member", str(c[1]) if len(c) > 1 else None, str(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def named_actor(self, meta, c):
        return self._actor("name", meta, c)

    @v_args(meta=True)
    def q_while(self, meta, c):
        return A.While(tuple(c), span=self.span(meta))

    @v_args(meta=True)
    def q_when(self, meta, c):
        return A.When(tuple(c), span=self.span(meta))

    @v_args(meta=True)
    def q_unless(self, meta, c):
        return A.Unless(tuple(c), span=self.span(meta))

    @v_args(meta=True)
    def q_from(self, meta, c):
        return A.From(self.date(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def q_until(self, meta, c):
        return A.Until(self.date(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def q_by(self, meta, c):
        return A.By(self.date(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def q_within(self, meta, c):
        return A.Within(c[0], c[1], span=self.span(meta))

    @v_args(meta=True)
    def sit_edge(self, meta, c):
        return A.SitEdge(c[0], c[1], span=self.span(meta))

    def edge(self, c):
        return str(c[0])

    @v_args(meta=True)
    def q_provided(self, meta, c):
        return A.Provided(unescape(c[0]), span=self.span(meta))

    @v_args(meta=True)
    def q_except(self, meta, c):
        return A.Except(tuple(c), span=self.span(meta))

    @v_args(meta=True)
    def q_overrides(self, meta, c):
        return A.Overrides(tuple(c), span=self.span(meta))

    def q_corroborated(self, c):
        return c[0]

    @v_args(meta=True)
    def q_under(self, meta, c):
        return A.Under(self.names(c), span=self.span(meta))

    def clause_ref(self, c):
        return ".".join(str(x) for x in c)

    @v_args(meta=True)
    def sit_ref(self, meta, c):
        names = self.names(c)
        # `aggression()` is not valid syntax, so parentheses imply ≥1 argument;
        # the span tells whether parentheses were written at all.
        written = self.source_text[meta.start_pos:meta.end_pos] if not getattr(meta, "empty", True) else ""
        args = names[1:] if "(" in written else None
        return A.SitRef(names[0], args, span=self.span(meta))

    def _cond(self, op, meta, c):
        attr, value = c
        if isinstance(value, A.Actor):
            return A.AttrCond(str(attr), op, value, span=self.span(meta))
        if isinstance(value, Token) and value.type == "DATE":
            value = self.date(value)
        elif isinstance(value, Token) and value.type == "STRING":
            value = unescape(value)
        else:
            value = str(value)
        return A.AttrCond(str(attr), op, value, span=self.span(meta))

    @v_args(meta=True)
    def cond_is(self, meta, c):
        return self._cond("is", meta, c)

    @v_args(meta=True)
    def cond_is_not(self, meta, c):
        return self._cond("is not", meta, c)

    @v_args(meta=True)
    def cond_before(self, meta, c):
        return self._cond("before", meta, c)

    @v_args(meta=True)
    def cond_after(self, meta, c):
        return self._cond("after", meta, c)
