"""The formatter keeps every comment, exactly once, where it was written.

A property inserts `#c<N>` comments at random token boundaries (found with
the grammar's own lexer) of the shipped clause files and of generated files,
then checks that `format_text` keeps each exactly once, that the result
parses to the same AST, and that formatting again changes no byte. Unit
tests pin where a comment lands.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylang.syntax.formatter import format_text
from treatylang.syntax.printer import print_file
from treatylang.syntax import parse_text, scan_comments
from treatylang.syntax.grammar import parser
from treatylang.testing.strategies import file_asts

ROOT = Path(__file__).resolve().parents[2]
TREATIES = sorted((ROOT / "treaties").glob("*.tl"))


def token_boundaries(text: str) -> list[int]:
    """Offsets where a comment may go: before the first token and after each."""
    tokens = list(parser("treaty").lex(text))
    if not tokens:
        return [0]
    return sorted({tokens[0].start_pos} | {t.end_pos for t in tokens})


def insert_comments(text: str, offsets: list[int]) -> tuple[str, list[str]]:
    """`text` with ` #c<N>\\n` inserted at each offset (N numbers them in
    order of the offsets), and the list of inserted comment texts."""
    out, last, inserted = [], 0, []
    for n, off in enumerate(sorted(offsets)):
        out.append(text[last:off])
        comment = f"#c{n}"
        out.append(f" {comment}\n")
        inserted.append(comment)
        last = off
    out.append(text[last:])
    return "".join(out), inserted


def check_comments_kept(original: str, data) -> None:
    """The property itself (shared by the shipped-file and generated-file tests)."""
    bounds = token_boundaries(original)
    offsets = data.draw(st.lists(st.sampled_from(bounds), unique=True, max_size=12), label="offsets")
    commented, inserted = insert_comments(original, offsets)
    tree = parse_text(original)
    assert parse_text(commented) == tree  # inserting comments changed nothing (sanity)

    once = format_text(commented)
    before = collections.Counter(c.text for c in scan_comments(commented))
    after = collections.Counter(c.text for c in scan_comments(once))
    assert after == before, "comments lost or duplicated"
    for c in inserted:
        assert after[c] == 1
    assert parse_text(once) == tree
    assert format_text(once) == once


@pytest.mark.skipif(not TREATIES, reason="no treaties/*.tl yet")
@pytest.mark.parametrize("path", TREATIES, ids=lambda p: p.name)
@given(data=st.data())
def test_comments_at_any_token_boundary_of_shipped_files_survive_fmt(path, data):
    """Comments put between any tokens of a shipped clause file come out of
    `fmt` once each, the tree is unchanged, and a second `fmt` is a no-op."""
    check_comments_kept(path.read_text(encoding="utf-8"), data)


@given(tree=file_asts(), data=st.data())
def test_comments_at_any_token_boundary_of_generated_files_survive_fmt(tree, data):
    """Same property on generated files (covers constructs the shipped files
    do not use)."""
    check_comments_kept(print_file(tree), data)


def test_token_boundaries_never_fall_inside_a_string():
    """The boundaries come from the lexer, so a `#` inside a string is text."""
    text = 'instrument i treaty {\n  title "a # b"\n}\n'
    commented, _ = insert_comments(text, token_boundaries(text))
    assert parse_text(commented) == parse_text(text)
    assert "a # b" in format_text(commented)


# ----------------------------------------------------------------- placement

SRC = """\
# file header
action use_force cameo 18  # trailing on a one-line item

instrument t treaty {
  # before the title
  title "T"  # after the title
  parties RUS, IRN

  article a {
    text en "x"

    # before the clause
    clause c: RUS must not use_force IRN  # after the clause header
      # before the qualifier
      from 2001-01-01  # after the qualifier
    # last in the article
  }
  # last in the instrument
}

# at the end
"""


def test_fmt_of_a_formatted_commented_file_is_identity():
    """A canonically laid-out file with comments in every position is a fixed point."""
    assert format_text(SRC) == SRC


def _line_of(text: str, needle: str) -> str:
    return next(ln for ln in text.splitlines() if needle in ln)


def test_trailing_comment_stays_trailing():
    """A comment after code on its line stays at the end of that statement's
    printed line, even when the statement was badly laid out."""
    messy = 'instrument t treaty {   title   "T"      # after the title\n parties RUS,IRN }'
    out = format_text(messy)
    assert _line_of(out, "# after the title") == '  title "T"  # after the title'


def test_trailing_comment_on_a_qualifier_stays_on_it():
    """A trailing comment on a qualifier written on the clause line ends up on
    that qualifier's own printed line."""
    messy = ("instrument t treaty { article a { clause c: RUS must not use_force IRN from 2001-01-01  # from when\n"
             "} }")
    out = format_text(messy)
    assert _line_of(out, "# from when").strip() == "from 2001-01-01  # from when"


def test_own_line_comment_stays_before_its_item():
    """A comment alone on its line is printed on its own line just before the
    item that followed it, at that item's indent."""
    messy = 'instrument t treaty {\ntitle "T"\n      # about parties\nparties RUS, IRN\n}'
    lines = format_text(messy).splitlines()
    i = lines.index("  # about parties")
    assert lines[i + 1] == "  parties RUS, IRN"


def test_own_line_comment_before_a_clause_stays_before_it():
    """An own-line comment above a clause stays directly above it."""
    messy = ("instrument t treaty { article a {\n text en \"x\"\n# why this clause\n"
             "clause c: RUS must not use_force IRN } }")
    lines = format_text(messy).splitlines()
    i = lines.index("    # why this clause")
    assert lines[i + 1].startswith("    clause c:")


def test_comment_before_closing_brace_stays_inside_the_block():
    """A comment just before a `}` stays inside that block, indented one level
    deeper than the brace."""
    messy = 'instrument t treaty {\n  article a {\n text en "x"\n # end of a\n }\n# end of t\n}\n'
    lines = format_text(messy).splitlines()
    i = lines.index("    # end of a")
    assert lines[i + 1] == "  }"
    j = lines.index("  # end of t")
    assert lines[j + 1] == "}"


def test_comment_in_an_empty_block_stays_inside():
    """A comment in an otherwise empty block is not moved out of it."""
    out = format_text("situation s {\n# nothing yet\n}\n")
    assert out == "situation s {\n  # nothing yet\n}\n"


def test_comments_after_the_last_item_stay_at_the_end():
    """Comments after the last item of a file stay after it."""
    out = format_text("action a\n# the end\n")
    assert out.splitlines()[-1] == "# the end"


def test_hash_inside_a_string_is_not_a_comment():
    """A `#` inside a string literal is text: fmt neither moves nor duplicates it."""
    src = 'instrument t treaty {\n  note "see # 4"  # real\n}\n'
    assert format_text(src) == src
