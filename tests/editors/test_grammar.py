"""The VS Code grammars (editors/vscode/syntaxes), tokenised with the
TextMate engine VS Code uses (vscode-textmate + vscode-oniguruma from npm,
installed by `make test` with `npm ci`): every keyword, string, date and
comment the parser's own lexer finds in the shipped instruments, the
snippets and the example scenarios gets its scope, and names, CAMEO codes,
statuses and attributes get theirs. Skipped, with the reason, where node or
the npm packages are missing."""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from lark.exceptions import UnexpectedInput

from treatylang.syntax.comments import scan_comments
from treatylang.syntax.grammar import parser

ROOT = Path(__file__).resolve().parents[2]
VSCODE = ROOT / "editors" / "vscode"
NODE = shutil.which("node")
HAVE_PACKAGES = (VSCODE / "node_modules" / "vscode-textmate").is_dir() and \
    (VSCODE / "node_modules" / "vscode-oniguruma").is_dir()

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed: the TextMate grammar tests need it"),
    pytest.mark.skipif(not HAVE_PACKAGES, reason="vscode-textmate/vscode-oniguruma are not installed in "
                       "editors/vscode/node_modules (`make test` runs `npm ci` there when npm is available)"),
]

CLAUSE_FILES = sorted((ROOT / "treaties").glob("*.tl")) + sorted((ROOT / "examples" / "snippets").glob("*.tl"))
SCENARIOS = sorted((ROOT / "examples").glob("*.scenario"))


@lru_cache(maxsize=None)
def tokens() -> dict[str, dict[int, list[tuple[int, int, str, tuple[str, ...]]]]]:
    """file → line → [(start, end, text, scopes)], from one node process."""
    files = [str(f) for f in CLAUSE_FILES + SCENARIOS]
    p = subprocess.run([NODE, str(VSCODE / "test" / "tokenize.js"), *files], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    out: dict = {}
    for doc in json.loads(p.stdout):
        lines: dict = {}
        for line, start, end, text, *scopes in doc["tokens"]:
            lines.setdefault(line, []).append((start, end, text, tuple(scopes)))
        out[doc["file"]] = lines
    return out


def scopes_at(file: Path, line: int, start: int, end: int) -> list[tuple[str, ...]]:
    """The scopes of every TextMate token overlapping [start, end) of a 1-based line."""
    return [s for a, b, _, s in tokens()[str(file)].get(line, []) if a < end and b > start]


def lexed(file: Path, grammar: str):
    """The parser's own tokens (contextual lexer, as it parses the file)."""
    text = file.read_text(encoding="utf-8")
    ip = parser(grammar).parse_interactive(text)
    out = []
    try:
        for tok in ip.iter_parse():
            out.append(tok)
    except UnexpectedInput as e:  # pragma: no cover - shipped files parse
        pytest.fail(f"{file} does not parse: {e}")
    return text, out


def _keyword(tok) -> bool:
    return tok.type.isupper() and tok.type.isalpha() and str(tok).lower() == tok.type.lower() and \
        tok.type not in ("NAME",)


def check_file(file: Path, grammar: str) -> list[str]:
    text, toks = lexed(file, grammar)
    problems = []
    for tok in toks:
        if tok.type == "$END":
            continue
        line, start = tok.line, tok.column - 1
        end = start + len(str(tok)) if tok.end_line == tok.line else start + 1
        got = scopes_at(file, line, start, end)
        if tok.type == "STRING":
            want = "string.quoted.double"
        elif tok.type == "DATE":
            want = "constant.numeric.date"
        elif tok.type == "TIME":
            want = "constant.numeric.time"
        elif _keyword(tok):
            want = ("keyword.", "storage.", "constant.language.")
        else:
            continue
        if not got or not all(any(s.startswith(want) for s in scopes) for scopes in got):
            problems.append(f"{file.name}:{line}:{tok.column} {tok.type} {str(tok)!r} → {got}")
    for c in scan_comments(text):
        line = text.count("\n", 0, c.offset) + 1
        col = c.offset - (text.rfind("\n", 0, c.offset) + 1)
        got = scopes_at(file, line, col, col + 1)
        if not got or not all(any(s.startswith("comment.line") for s in scopes) for scopes in got):
            problems.append(f"{file.name}:{line}:{col + 1} comment → {got}")
    return problems


@pytest.mark.parametrize("file", CLAUSE_FILES, ids=lambda f: f.name)
def test_clause_file_keywords_strings_dates_comments(file):
    """Every keyword, string, date and comment of a clause file, as the
    parser lexes it, gets its TextMate scope."""
    assert check_file(file, "treaty") == []


@pytest.mark.parametrize("file", SCENARIOS, ids=lambda f: f.name)
def test_scenario_keywords_strings_dates_comments(file):
    """Every keyword, string, date, time and comment of a scenario, as the
    parser lexes it, gets its TextMate scope."""
    assert check_file(file, "scenario") == []


def _scope_of(file: Path, needle: str, offset: int = 0) -> tuple[str, ...]:
    text = file.read_text(encoding="utf-8")
    i = text.index(needle) + offset
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1)
    (scopes,) = scopes_at(file, line, col, col + 1)
    return scopes


def test_names_and_codes_get_their_scopes():
    """Declared names, CAMEO codes, instrument kinds and state codes in the
    shipped files get the scopes themes colour."""
    vocab = ROOT / "treaties" / "vocabulary.tl"
    treaty = ROOT / "treaties" / "ru_ir_2001.tl"
    assert "entity.name.function.action.treatylang" in _scope_of(vocab, "action use_force", 7)
    assert "constant.numeric.cameo.treatylang" in _scope_of(vocab, "action use_force cameo 18", 23)
    assert "constant.numeric.cameo.treatylang" in _scope_of(vocab, "action use_force cameo 18, 19", 27)
    assert "entity.name.type.situation.treatylang" in _scope_of(vocab, "situation aggression", 10)
    assert "entity.name.namespace.instrument.treatylang" in _scope_of(treaty, "instrument ru_ir_2001", 11)
    assert "storage.type.instrument-kind.treatylang" in _scope_of(treaty, "instrument ru_ir_2001 treaty", 22)
    assert "entity.name.function.clause.treatylang" in _scope_of(treaty, "clause no_force", 7)
    assert "keyword.operator.modality.treatylang" in _scope_of(treaty, "must not use_force", 0)
    assert "constant.other.state-code.treatylang" in _scope_of(treaty, "parties RUS", 8)


def test_scenario_statuses_codes_and_attributes():
    """Statuses, CAMEO codes, clause names of expectations and attributes in
    a scenario get their scopes."""
    sc = ROOT / "examples" / "aggression_aid.scenario"
    assert "constant.numeric.cameo.treatylang" in _scope_of(sc, "cameo 190", 6)
    assert "constant.language.status.treatylang" in _scope_of(sc, "no_aid_to_aggressor violated", 20)
    assert "entity.name.function.clause.treatylang" in _scope_of(sc, "expect no_aid_to_aggressor", 7)
    assert "variable.parameter.attribute.treatylang" in _scope_of(sc, "kind=military", 0)
    assert "constant.numeric.date.treatylang" in _scope_of(sc, "\n2003-04-02 RUS", 1)


def test_extension_manifest_launches_the_server():
    """package.json registers both languages and grammars, and the extension
    starts `treatylang lsp`."""
    pkg = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    langs = {x["id"]: x["extensions"] for x in pkg["contributes"]["languages"]}
    assert langs == {"treatylang": [".tl"], "treatylang-scenario": [".scenario"]}
    for g in pkg["contributes"]["grammars"]:
        assert (VSCODE / g["path"]).is_file()
    assert pkg["contributes"]["configuration"]["properties"]["treatylang.server.command"]["default"] == \
        ["treatylang", "lsp"]
    assert "LanguageClient" in (VSCODE / pkg["main"]).read_text(encoding="utf-8")
