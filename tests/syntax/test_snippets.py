"""The examples of docs/language.md: examples/snippets/*.tl and the `tl` blocks.

docs/language.md promises that every snippet parses, is in canonical layout
and lints without a problem, that the page shows each one verbatim under its
name, and that every block marked `tl` is a complete clause file that parses.
These tests hold it to that, so an example of a construct can never drift
from what the language accepts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from treatylang.model.lint import lint_paths
from treatylang.syntax import parse_text
from treatylang.syntax.formatter import format_text

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = sorted((ROOT / "examples" / "snippets").glob("*.tl"))
DOC = ROOT / "docs" / "language.md"
_QUOTED = re.compile(r"`examples/snippets/(?P<name>[\w.-]+\.tl)`:\n\n```tl\n(?P<body>.*?)```", re.S)
_TL_BLOCK = re.compile(r"```tl\n(?P<body>.*?)```", re.S)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.name)
def test_snippet_lints_clean(path):
    """Each snippet, linted on its own (with its imports), has no diagnostic at
    all, warnings included."""
    diags = lint_paths([path])
    assert diags == [], "\n".join(f"{d.code} {d.message} ({d.span.line}:{d.span.col})" for d in diags)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.name)
def test_snippet_is_canonical(path):
    """`treatylang fmt` leaves each snippet unchanged."""
    text = path.read_text(encoding="utf-8")
    assert format_text(text, str(path)) == text


def test_doc_quotes_every_snippet_verbatim():
    """docs/language.md shows every snippet, byte for byte, under the line
    naming it; and every snippet it names exists."""
    doc = DOC.read_text(encoding="utf-8")
    quoted = {m["name"]: m["body"] for m in _QUOTED.finditer(doc)}
    names = {p.name for p in SNIPPETS}
    assert sorted(set(quoted) - names) == [], "the page quotes snippets that do not exist"
    assert sorted(names - set(quoted)) == [], "snippets the page does not show"
    for p in SNIPPETS:
        assert quoted[p.name] == p.read_text(encoding="utf-8"), f"{p.name} differs from its copy in language.md"


def test_every_tl_block_parses():
    """Every fenced block marked `tl` in docs/language.md is a clause file that parses."""
    doc = DOC.read_text(encoding="utf-8")
    blocks = [m["body"] for m in _TL_BLOCK.finditer(doc)]
    assert len(blocks) >= len(SNIPPETS)
    for body in blocks:
        parse_text(body, "language.md")


def test_keyword_list_is_the_printers():
    """The reserved words docs/language.md lists are exactly those the printer
    quotes (treatylang.syntax.printer.KEYWORDS)."""
    from treatylang.syntax.printer import KEYWORDS

    doc = DOC.read_text(encoding="utf-8")
    block = doc.split("**Keywords** are reserved; do not use them as names:\n\n```text\n", 1)[1].split("```", 1)[0]
    assert set(block.split()) == set(KEYWORDS)


EXAMPLE_FILES = sorted((ROOT / "examples").glob("*.tl"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_clause_file_lints_clean_and_is_canonical(path):
    """The clause files of examples/ (the Sino-Russian treaty of issue 14 and
    its first draft) lint without any diagnostic and are in canonical layout."""
    diags = lint_paths([path])
    assert diags == [], "\n".join(f"{d.code} {d.message} ({d.span.line}:{d.span.col})" for d in diags)
    text = path.read_text(encoding="utf-8")
    assert format_text(text, str(path)) == text
