"""Loading the grammars and building their LALR parsers, once per process.

The .lark files live in the top-level grammars/ folder, which is installed as
the package `treatylang.grammars` (see pyproject.toml), so the same code finds
them in a checkout, an editable install and a wheel.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from lark import Lark


def grammar_text(name: str) -> str:
    """The text of grammars/<name>.lark."""
    return resources.files("treatylang.grammars").joinpath(f"{name}.lark").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def parser(name: str) -> Lark:
    """The LALR parser for grammars/<name>.lark, built on first use and cached.

    `propagate_positions` gives every tree node its line/column and offsets;
    `maybe_placeholders=False` keeps optional parts out of the children, which
    to_ast reads by type rather than by position."""
    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        # lark caches the built tables in the temp folder, keyed by grammar and
        # options: start-up drops from ~0.3 s to ~0.03 s after the first run.
        cache=True,
    )
