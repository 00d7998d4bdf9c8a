"""The language server's answers as plain functions (treatylang.lsp.features),
for the cases the end-to-end tests do not reach: types, clauses named in
`except`, imports, completion contexts, a text that does not parse."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the lsp extra (pygls) is not installed")

from treatylang.lsp import features as F  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GORE = ROOT / "treaties" / "gore_chernomyrdin_1995.tl"
VOCAB = ROOT / "treaties" / "vocabulary.tl"


def pos(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of `needle` (plus `offset`) in `text`."""
    i = text.index(needle) + offset
    return text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)


def analysis(path: Path, text: str | None = None) -> F.Analysis:
    return F.Analysis(str(path), path.read_text(encoding="utf-8") if text is None else text)


def test_definition_of_a_clause_named_in_except():
    """`except existing_contracts` jumps to the permission's name, and its
    references include the `except`."""
    a = analysis(GORE)
    (d,) = F.definition(a, *pos(a.text, "except existing_contracts", 8))
    assert (d.line, d.col) == pos(a.text, "clause existing_contracts", 7)
    refs = F.references(a, *pos(a.text, "clause existing_contracts", 7))
    assert {(r.line, r.col) for r in refs} >= {pos(a.text, "except existing_contracts", 7)}


def test_definition_of_a_type_and_references_across_files():
    """A type used in an action's parameters jumps to its declaration."""
    a = analysis(VOCAB)
    (d,) = F.definition(a, *pos(a.text, "category: weapon", 11))
    assert (d.line, d.col) == pos(a.text, "type weapon", 5)
    assert len(F.references(a, *pos(a.text, "type weapon", 5), include_declaration=False)) >= 2


def test_import_jumps_to_the_file():
    """The import string jumps to the start of the imported file."""
    a = analysis(GORE)
    (d,) = F.definition(a, *pos(a.text, 'import "vocabulary.tl"', 9))
    assert Path(d.file) == VOCAB.resolve() and (d.line, d.col) == (1, 1)


def test_completion_contexts():
    """Clause names after `except`, situations after `while`, party codes
    after `parties`, statuses after `expect CLAUSE`."""
    text = GORE.read_text(encoding="utf-8")
    a = analysis(GORE, text.replace("except existing_contracts", "except ", 1))
    assert a.model is None  # half-typed: the server completes with the last model that loaded
    a.model = analysis(GORE).model
    line, col = pos(a.text, "except ", 7)
    assert "existing_contracts" in {label for label, kind, _ in F.completions(a, line, col) if kind == "clause"}
    sc = ROOT / "examples" / "aggression_aid.scenario"
    s = analysis(sc, sc.read_text(encoding="utf-8") + "expect no_force \n")
    labels = {label for label, _, _ in F.completions(s, s.text.count("\n"), len("expect no_force ") + 1)}
    assert {"violated", "fulfilled", "pending"} <= labels


def test_a_broken_text_still_answers():
    """A text that does not parse gives its diagnostic and no crash:
    navigation has nothing, completion still offers keywords."""
    a = analysis(GORE, "instrument x treaty {\n  article a {\n")
    assert [d.code for d in a.diagnostics] == ["TL109"]
    assert F.definition(a, 1, 13) == [] and F.hover(a, 1, 13) is None and F.symbols(a) == []
    assert any(kind == "keyword" for _, kind, _ in F.completions(a, 3, 1))
    assert F.formatted(a) is None


def test_completion_of_priority_between_instruments():
    """After `prevails over`: the instruments (loaded, then shipped); after
    `prevails over ID by`: `lex posterior|specialis|superior`, and only the
    principle once `lex` is written; `prevails over` itself among the
    statements of an instrument."""
    snippet = ROOT / "examples" / "snippets" / "priority.tl"
    text = snippet.read_text(encoding="utf-8")
    a = analysis(snippet)
    line, col = pos(text, "prevails over general_demo", len("prevails over "))
    got = {label: kind for label, kind, _ in F.completions(a, line, col)}
    assert got["general_demo"] == "instrument" and got["ru_ir_2001"] == "instrument"
    line, col = pos(text, "by lex specialis", len("by "))
    assert {label for label, _, _ in F.completions(a, line, col)} == {"lex posterior", "lex specialis",
                                                                       "lex superior"}
    line, col = pos(text, "by lex specialis", len("by lex "))
    assert {label for label, _, _ in F.completions(a, line, col)} == {"posterior", "specialis", "superior"}
    line, col = pos(text, "  in force 2010-01-01", 2)
    assert "prevails over" in {label for label, kind, _ in F.completions(a, line, col) if kind == "keyword"}


def test_definition_of_the_instrument_a_priority_names():
    """`prevails over general_demo` jumps to `instrument general_demo`, and
    the instrument's references include it."""
    snippet = ROOT / "examples" / "snippets" / "priority.tl"
    a = analysis(snippet)
    (d,) = F.definition(a, *pos(a.text, "prevails over general_demo", len("prevails over ")))
    assert (d.line, d.col) == pos(a.text, "instrument general_demo", len("instrument "))
    refs = F.references(a, *pos(a.text, "instrument general_demo", len("instrument ")), include_declaration=False)
    assert {(r.line, r.col) for r in refs} == {pos(a.text, "prevails over general_demo", len("prevails over "))}
