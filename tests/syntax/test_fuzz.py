"""Malformed input never crashes the front end: only diagnostics come out.

Hypothesis feeds the linter (`treatylang.lint.lint_paths`, or the parser
where lint does not exist yet) random bytes, soups of the grammar's own
tokens, and truncated or spliced copies of the shipped clause files. Each run
must end in diagnostics — returned, or raised as DiagnosticError — that render
in every form; any other exception is a bug (the CLI would show it as TL901).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatylang.diagnostics import Diagnostic, DiagnosticError, render
from treatylang.syntax.formatter import format_text
from treatylang.syntax.printer import KEYWORDS, print_file
from treatylang.syntax import parse_text
from treatylang.testing import strategies as ts

ROOT = Path(__file__).resolve().parents[2]
TREATIES = sorted((ROOT / "treaties").glob("*.tl"))
IDENTITY = Path(__file__).with_name("fixtures") / "identity.tl"
HAVE_LINT = importlib.util.find_spec("treatylang.model.lint") is not None

# Seed texts to cut up: the shipped files, and the identity fixtures (so the
# test has material before treaties/ is written).
SEEDS = [p.read_text(encoding="utf-8") for p in TREATIES] + [IDENTITY.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder holding the shipped files (so `import "vocabulary.tl"` in a
    mutated copy resolves and the resolver runs on the mutation)."""
    d = tmp_path_factory.mktemp("fuzz")
    for p in TREATIES:
        shutil.copy(p, d / p.name)
    return d


def lint_file(path: Path) -> list[Diagnostic]:
    """Diagnostics for one file, by lint when it exists, else by the parser."""
    if HAVE_LINT:
        from treatylang.model.lint import lint_paths

        try:
            return list(lint_paths([path]))
        except DiagnosticError as e:
            return list(e.diagnostics)
    from treatylang.syntax import parse_file

    try:
        parse_file(path)
    except DiagnosticError as e:
        return list(e.diagnostics)
    return []


def check_front_end(workdir: Path, data: bytes) -> None:
    """Lint, parse and format `data`; only diagnostics may come out."""
    path = workdir / "fuzzed.tl"
    path.write_bytes(data)
    diags = lint_file(path)
    for d in diags:
        assert isinstance(d, Diagnostic)
        assert re.fullmatch(r"TL\d{3}", d.code), d
        assert not d.code.startswith("TL9"), d
        assert d.span.line >= 1 and d.span.col >= 1, d
    for form in ("full", "short", "json"):
        render(diags, form)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    try:
        parse_text(text, "fuzzed.tl")
        format_text(text, "fuzzed.tl")
    except DiagnosticError as e:
        assert e.diagnostics and all(isinstance(d, Diagnostic) for d in e.diagnostics)


@given(data=st.binary(max_size=300))
def test_random_bytes_yield_only_diagnostics(workdir, data):
    """Arbitrary bytes (invalid UTF-8, NULs, control characters) are reported,
    never raised as a Python error."""
    check_front_end(workdir, data)


_PUNCT = ["{", "}", "(", ")", ":", ",", "=", "|", "/", ";", "@", "-", "\n", "\n", "#"]
_TOKEN = st.one_of(
    st.sampled_from(sorted(KEYWORDS)),
    st.sampled_from(_PUNCT),
    ts.names(),
    ts.state_codes(),
    ts.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2001-02-30", "2001-13-01", "0000-00-00", "2001-3-12", "99999-01-01"]),
    st.integers(0, 100000).map(str),
    ts.texts(10).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'),
    st.sampled_from(['"unterminated', '"\\', "# comment\n", "\\"]),
)


@given(tokens=st.lists(_TOKEN, max_size=40), seps=st.sampled_from([" ", "\n", ""]))
def test_token_soup_yields_only_diagnostics(workdir, tokens, seps):
    """Random sequences of the grammar's keywords, punctuation, names, dates,
    numbers and strings are reported, never raised as a Python error."""
    check_front_end(workdir, seps.join(tokens).encode("utf-8"))


def _mutations():
    seed = st.sampled_from(SEEDS)
    truncated = st.builds(lambda t, f: t[: int(len(t) * f)], seed, st.floats(0, 1))
    spliced = st.builds(lambda a, b, f, g: a[: int(len(a) * f)] + b[int(len(b) * g):], seed, seed,
                        st.floats(0, 1), st.floats(0, 1))
    cut = st.builds(lambda t, f, n: t[: int(len(t) * f)] + t[int(len(t) * f) + n:], seed, st.floats(0, 1),
                    st.integers(1, 40))
    doubled = st.builds(lambda t, f, n: t[: int(len(t) * f) + n] + t[int(len(t) * f):], seed, st.floats(0, 1),
                        st.integers(1, 40))
    return st.one_of(truncated, spliced, cut, doubled)


@given(text=_mutations())
def test_truncated_and_spliced_treaties_yield_only_diagnostics(workdir, text):
    """Truncated, spliced, cut and doubled copies of the shipped clause files
    (imports resolving to the real vocabulary) are reported, never raised."""
    check_front_end(workdir, text.encode("utf-8"))


@given(tree=ts.file_asts(), cut=st.floats(0, 1))
def test_truncated_generated_files_yield_only_diagnostics(workdir, tree, cut):
    """A generated file cut anywhere — and the whole file, which is valid
    syntax but rarely resolvable — gives diagnostics only."""
    text = print_file(tree)
    check_front_end(workdir, text.encode("utf-8"))
    check_front_end(workdir, text[: int(len(text) * cut)].encode("utf-8"))


def test_nul_byte_in_an_import_path_is_a_diagnostic(workdir):
    """`import "<NUL>"` is reported as a diagnostic (TL210), not raised as the
    ValueError of Path.resolve() (found by this fuzzer; regression test)."""
    path = workdir / "nul.tl"
    path.write_bytes(b'import "\x00"\n')
    assert any(d.code in ("TL002", "TL210") for d in lint_file(path))
