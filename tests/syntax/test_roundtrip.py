"""Printer ↔ parser round trips, formatter idempotence, and identity fixtures.

The generated ASTs come from the public strategies in
treatylang/testing/strategies.py; the identity fixtures from
tests/syntax/fixtures/identity.tl (one canonical chunk per construct).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from treatylang.syntax import ast as A
from treatylang.syntax.formatter import format_text
from treatylang.syntax.printer import print_file
from treatylang.syntax import parse_text
from treatylang.testing import strategies as ts

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures") / "identity.tl"
TREATIES = sorted((ROOT / "treaties").glob("*.tl"))


def _chunks() -> list[tuple[str, str]]:
    """(name, text) of every identity fixture; a line `# --- name` starts one."""
    parts = re.split(r"(?m)^# ---[ \t]*(.*)\n", FIXTURES.read_text(encoding="utf-8"))
    return [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts), 2)]


CHUNKS = _chunks()


# ----------------------------------------------------------------- properties


@given(ts.file_asts())
def test_parse_of_print_is_identity(tree):
    """parse_text(print_file(t)) == t for every generated file (spans aside)."""
    assert parse_text(print_file(tree)) == tree


@given(ts.file_asts())
def test_printed_text_is_already_formatted(tree):
    """The formatter leaves printer output byte-for-byte unchanged (the printer
    *is* the canonical form), so formatting is idempotent on it."""
    text = print_file(tree)
    assert format_text(text) == text


@given(ts.file_asts())
def test_printing_is_a_fixed_point(tree):
    """print ∘ parse ∘ print == print: printing twice through a parse changes no byte."""
    text = print_file(tree)
    assert print_file(parse_text(text)) == text


def _respaced(text: str, data, gaps: list[str]) -> str:
    """`text` with the whitespace before each token replaced by a drawn gap."""
    from treatylang.syntax.grammar import parser

    tokens = list(parser("treaty").lex(text))
    drawn = data.draw(st.lists(st.sampled_from(gaps), min_size=len(tokens), max_size=len(tokens)), label="gaps")
    return "".join(g + t for g, t in zip(drawn, tokens))


@given(ts.file_asts(), st.data())
def test_fmt_output_does_not_depend_on_layout(tree, data):
    """Re-spacing a printed file at random (spaces, tabs, single line breaks
    between tokens) and formatting it gives back the canonical text: layout
    carries no meaning and fmt restores it."""
    text = print_file(tree)
    messy = _respaced(text, data, [" ", "  ", "\n", "\t", " \n  ", "\r\n", "\n\t\t"])
    assert format_text(messy) == text


@given(ts.file_asts(), st.data())
def test_fmt_with_blank_lines_is_idempotent(tree, data):
    """With blank lines anywhere between tokens (fmt keeps at most one where an
    author left one between statements), fmt still preserves the tree and is
    idempotent."""
    text = print_file(tree)
    messy = _respaced(text, data, [" ", "\n", "\n\n", " \n \n\n\t"])
    once = format_text(messy)
    assert parse_text(once) == tree
    assert format_text(once) == once
    assert "\n\n\n" not in once


@given(ts.file_asts())
def test_parsed_spans_lie_inside_the_text_and_their_parent(tree):
    """Every node parsed from printed text has a non-empty span inside the
    text, nested in its parent's span (the formatter places comments by these
    spans, so an empty or stray span would misplace a comment)."""
    text = print_file(tree)
    parsed = parse_text(text, "t.tl")

    def check(node, lo, hi):
        s = node.span
        assert s.file == "t.tl", type(node).__name__
        assert lo <= s.start < s.end <= hi, (type(node).__name__, s, lo, hi)
        for child in _children(node):
            check(child, s.start, s.end)

    for item in parsed.items:
        check(item, 0, len(text))


def _children(node) -> list[A.Node]:
    """The direct child nodes of `node` (fields and tuples of nodes)."""
    out = []
    for f in node.__attrs_attrs__:
        if f.name == "span":
            continue
        v = getattr(node, f.name)
        out.extend(x for x in (v if isinstance(v, tuple) else (v,)) if isinstance(x, A.Node))
    return out


@given(ts.clause_asts())
def test_clause_round_trips_inside_a_minimal_file(clause):
    """A single generated clause, wrapped in the smallest instrument and
    article, survives print → parse."""
    tree = A.File((A.Instrument("i", "treaty", (A.Article("a", None, (clause,)),)),))
    assert parse_text(print_file(tree)) == tree


@given(ts.instrument_asts())
def test_instrument_round_trips(instrument):
    """instrument_asts() values round-trip as the only item of a file."""
    tree = A.File((instrument,))
    assert parse_text(print_file(tree)) == tree


@given(ts.texts(max_size=None))
def test_any_string_survives_quoting(s):
    """Any surrogate-free text survives as a title: quote → lex → unescape."""
    tree = A.File((A.Instrument("i", "treaty", (A.Title(s),)),))
    assert parse_text(print_file(tree)).items[0].items[0].text == s


# ----------------------------------------------------------------- generator coverage
#
# One deterministic pass over file_asts() collects which node classes and
# variants it produced, stopping as soon as all were seen: far cheaper than
# one hypothesis.find per class, which regenerates from scratch each time
# (measured: minutes against seconds). The assertion names every gap.

_VARIANTS = (
    [(f"actor:{k}", lambda n, k=k: isinstance(n, A.Actor) and n.kind == k)
     for k in ("each_party", "each_member", "other_party", "the_parties", "any_state", "any_party",
               "any_third_state", "any_member", "name")]
    + [(f"actor-var:{k}", lambda n, k=k: isinstance(n, A.Actor) and n.kind == k and n.var is not None)
       for k in ("any_state", "any_party", "any_third_state", "any_member")]
    + [(f"modality:{m}", lambda n, m=m: isinstance(n, A.Norm) and n.modality == m) for m in A.MODALITIES]
    + [(f"op:{o}", lambda n, o=o: isinstance(n, A.AttrCond) and n.op == o) for o in ("is", "is not", "before", "after")]
    + [(f"type:{k}", lambda n, k=k: isinstance(n, A.TypeRef) and n.kind == k)
       for k in ("state", "party", "third_state", "named")]
    + [(f"trigger:{k}", lambda n, k=k: isinstance(n, A.Trigger) and n.actor.kind == k)
       for k in ("other_party", "any_state", "any_party", "any_third_state", "any_member", "name")]
    + [("type:enum", lambda n: isinstance(n, A.TypeRef) and len(n.names) > 1),
       ("sitref:no-args", lambda n: isinstance(n, A.SitRef) and n.args is None),
       ("sitref:args", lambda n: isinstance(n, A.SitRef) and bool(n.args)),
       ("term:renewing", lambda n: isinstance(n, A.Term) and n.renew is not None),
       ("inforce:on-signature", lambda n: isinstance(n, A.InForce) and n.date is None),
       ("clause:text-body", lambda n: isinstance(n, A.Clause) and isinstance(n.body, str)),
       ("clause:declaratory-norm", lambda n: isinstance(n, A.Clause) and n.declaratory
        and isinstance(n.body, A.Norm)),
       ("actionref:prep", lambda n: isinstance(n, A.ActionRef) and n.prep is not None),
       ("actionref:target-no-prep", lambda n: isinstance(n, A.ActionRef) and n.target is not None
        and n.prep is None),
       ("cond:quoted-value", lambda n: isinstance(n, A.AttrCond) and isinstance(n.value, str)
        and not re.fullmatch(r"[A-Za-z_]\w*", n.value)),
       ("plover:context", lambda n: isinstance(n, A.PloverRef) and n.context is not None),
       ("within:situation", lambda n: isinstance(n, A.Within) and isinstance(n.trigger, A.SitEdge)),
       ("cond:role-actor", lambda n: isinstance(n, A.AttrCond) and isinstance(n.value, A.Actor)),
       ("norm:hold", lambda n: isinstance(n, A.Norm) and isinstance(n.act, A.Hold)),
       ("prevails", lambda n: isinstance(n, A.Prevails)),
       ("article:title", lambda n: isinstance(n, A.Article) and n.title is not None)]
)
_WANTED = frozenset(c.__name__ for c in A.NODE_CLASSES) | frozenset(name for name, _ in _VARIANTS)


class _Covered(BaseException):
    """Raised to stop generating once everything wanted has been seen. A
    BaseException, so hypothesis lets it through at once instead of treating
    it as a failure to replay and pretty-print (which costs seconds)."""


@functools.lru_cache(maxsize=None)
def _coverage() -> frozenset[str]:
    seen: set[str] = set()

    @settings(max_examples=3000, phases=[Phase.generate], derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(ts.file_asts())
    def collect(tree):
        for n in ts.iter_nodes(tree):
            seen.add(type(n).__name__)
            seen.update(name for name, pred in _VARIANTS if pred(n))
        if _WANTED <= seen:
            raise _Covered

    try:
        collect()
    except _Covered:
        pass
    return frozenset(seen)


def test_file_asts_generates_every_node_class_and_variant():
    """file_asts() produces every class in ast.NODE_CLASSES (File included) and
    each form a node can take — every actor kind (with and without a
    variable), modality, condition operator, type form, trigger actor and
    optional part — so the round-trip properties exercise each."""
    seen = _coverage()
    missing_classes = sorted(c.__name__ for c in A.NODE_CLASSES if c.__name__ not in seen)
    missing_variants = sorted(name for name, _ in _VARIANTS if name not in seen)
    assert missing_classes == [] and missing_variants == []


def test_strategies_produce_normalised_values():
    """The building blocks keep the parser's normal form: singular duration
    units, no keywords as names, CAMEO literals of 2–4 digits, trigger actors
    from the trigger grammar."""

    @settings(max_examples=50, database=None, deadline=None)
    @given(st.data())
    def check(data):
        d = data.draw(ts.durations())
        assert d.unit in ts.UNITS and d.amount >= 1
        assert data.draw(ts.names()) not in ts.KEYWORDS
        assert re.fullmatch(r"\d{2,4}", data.draw(ts.cameo_codes()))
        a = data.draw(ts.trigger_actors())
        assert a.kind != "each_party" and (a.var is None) == (a.kind != "name")

    check()


# ----------------------------------------------------------------- identity fixtures


def test_identity_fixtures_exist():
    """The fixture file parses into chunks (guards against a broken separator)."""
    assert len(CHUNKS) >= 30


@pytest.mark.parametrize("name,text", CHUNKS, ids=[n for n, _ in CHUNKS])
def test_identity_fixture_prints_back_unchanged(name, text):
    """Each identity chunk is canonical: print_file(parse_text(chunk)) is the
    chunk, byte for byte."""
    assert print_file(parse_text(text, f"identity:{name}")) == text


@pytest.mark.parametrize("name,text", CHUNKS, ids=[n for n, _ in CHUNKS])
def test_identity_fixture_is_left_alone_by_fmt(name, text):
    """`fmt` changes no byte of a canonical chunk."""
    assert format_text(text) == text


def test_identity_fixtures_cover_every_node_class():
    """Between them the identity chunks use every AST node class, so each
    construct has a hand-written canonical example."""
    seen = {type(n) for _, text in CHUNKS for n in ts.iter_nodes(parse_text(text))}
    assert set(A.NODE_CLASSES) - seen == set()


# ----------------------------------------------------------------- shipped files


@pytest.mark.skipif(not TREATIES, reason="no treaties/*.tl yet")
@pytest.mark.parametrize("path", TREATIES, ids=lambda p: p.name)
def test_shipped_treaty_round_trips(path):
    """Each shipped clause file: print(parse(f)) parses to the same tree, and
    formatting it twice is the same as formatting it once."""
    text = path.read_text(encoding="utf-8")
    tree = parse_text(text, str(path))
    assert parse_text(print_file(tree)) == tree
    once = format_text(text, str(path))
    assert format_text(once, str(path)) == once
    assert parse_text(once) == tree
