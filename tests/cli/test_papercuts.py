"""The command-line papercuts a new user found (issue 12), each reproduced."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from treatylang.codes import CODES

ROOT = Path(__file__).resolve().parents[2]
MINE = '''import "treatylang:vocabulary.tl"

instrument mine treaty {
  parties RUS "Russian Federation", IRN "Iran"
  in force 2002-04-05
  article a "A" {
    text en paraphrase "No force."
    clause no_force: each party P must not use_force against the other party
  }
}
'''


def test_check_a_glob_of_treaties_including_the_vocabulary(cli):
    """`check treaties/*.tl --events …`: vocabulary.tl (no instrument) is
    loaded, not an error; every instrument of the glob is checked."""
    tls = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "treaties").glob("*.tl"))
    assert "treaties/vocabulary.tl" in tls
    r = cli("check", *tls, "--events", "examples/events/aggression_aid.csv", "--format", "json")
    assert r.code in (0, 1), r.err
    ids = [i["id"] for i in json.loads(r.out)["checks"][0]["instruments"]]
    from treatylang.model import shipped_index

    assert sorted(ids) == sorted(shipped_index())


def test_only_a_vocabulary_is_still_nothing_to_check(cli):
    """Naming only files without an instrument is TL003, saying so."""
    r = cli("check", "treaties/vocabulary.tl", "--events", "examples/events/aggression_aid.csv")
    assert r.code == 2
    assert "TL003" in r.err and "declares no instrument" in r.err


def test_the_shipped_vocabulary_is_importable_from_anywhere(cli, tmp_path):
    """A user's clause file outside the repository imports the shipped
    vocabulary as `treatylang:vocabulary.tl`, lints clean, and checks; the
    relative form gives TL210 with a help line naming the shipped form."""
    f = tmp_path / "mine.tl"
    f.write_text(MINE, encoding="utf-8")
    assert cli("lint", str(f)).code == 0
    r = cli("check", str(f), "--events", "examples/events/aggression_aid.csv")
    assert r.code in (0, 1), r.err
    g = tmp_path / "relative.tl"
    g.write_text(MINE.replace("treatylang:vocabulary.tl", "vocabulary.tl"), encoding="utf-8")
    r = cli("lint", str(g))
    assert r.code == 2 and "TL210" in r.out
    assert 'write `import "treatylang:vocabulary.tl"`' in r.out


def test_lint_accepts_instrument_ids(cli):
    """`lint ru_ir_2001` lints the shipped instrument, as `check` names it."""
    r = cli("lint", "ru_ir_2001", "caspian_2001")
    assert r.code == 0, r.out + r.err
    assert r.out.strip().endswith("2 files checked: no problems")
    bad = cli("lint", "ru_ir_2010")
    assert bad.code == 2 and "TL001" in bad.out


def test_lint_lints_scenarios(cli, tmp_path):
    """`lint` on a scenario loads it against its instruments: a clean one
    passes; a misspelt action is TL402 (not a clause-file syntax error)."""
    assert cli("lint", "examples/aggression_aid.scenario").code == 0
    text = (ROOT / "examples" / "aggression_aid.scenario").read_text(encoding="utf-8")
    bad = tmp_path / "bad.scenario"
    bad.write_text(text.replace("RUS assist", "RUS asist", 1), encoding="utf-8")
    r = cli("lint", str(bad))
    assert r.code == 2
    assert "TL402" in r.out and "did you mean `assist`?" in r.out and "TL101" not in r.out


def test_an_event_file_without_events_suggests_it(cli):
    """`check ru_ir_2001 events.csv` says to use --events (TL021)."""
    r = cli("check", "ru_ir_2001", "examples/events/aggression_aid.csv")
    assert r.code == 2
    assert "TL021" in r.err
    assert "--events examples/events/aggression_aid.csv" in r.err


def test_as_of_before_every_event_says_so(cli):
    """`--as-of` earlier than every event: a TL020 warning on stderr, and the
    report says how many events were left out — not a silent "0 checked"."""
    r = cli("check", "ru_ir_2001", "--events", "examples/events/aggression_aid.csv", "--as-of", "1990-01-01")
    assert "TL020" in r.err and "before every event" in r.err
    assert "all 7 events left out" in r.out
    some = cli("check", "ru_ir_2001", "examples/aggression_aid.scenario", "--as-of", "2003-04-05")
    assert "after --as-of 2003-04-05 left out" in some.out and "TL020" not in some.err


def _lint(cli, tmp_path, name: str, data: bytes):
    f = tmp_path / name
    f.write_bytes(data)
    return cli("lint", str(f))


def _caret(out: str) -> tuple[str, str]:
    """The quoted source line and the caret line of a full diagnostic."""
    lines = out.splitlines()
    i = next(i for i, x in enumerate(lines) if re.match(r"^\s*\d+ \| ", x))
    return lines[i].split(" | ", 1)[1], lines[i + 1].split(" | ", 1)[1]


def _marked(out: str) -> str:
    src, caret = _caret(out)
    start = caret.index("^")
    return src[start:start + caret.count("^")]


def test_caret_tl109_names_the_block_left_open(cli, tmp_path):
    """TL109 marks the header of the innermost unclosed block and names it
    (not the clause the file happens to end in)."""
    r = _lint(cli, tmp_path, "open.tl", b'instrument x treaty {\n  article a "A" {\n    text en "x"\n\n')
    assert "TL109" in r.out and "`article a` is not closed" in r.out
    assert _marked(r.out) == 'article a "A" {'
    assert "`instrument x`" in r.out


def test_caret_tl110_in_an_event_pattern(cli, tmp_path):
    """TL110 in a situation trigger marks `each party P`, the offending words."""
    r = _lint(cli, tmp_path, "t.tl", b"action use_force\nsituation s {\n  starts when each party P use_force\n}\n")
    assert "TL110" in r.out and _marked(r.out) == "each party P"


def test_caret_tl110_in_a_norm(cli, tmp_path):
    """TL110 in a clause marks the word where the modality should be."""
    r = _lint(cli, tmp_path, "t.tl", MINE.replace("must not use_force", "shall not use_force").encode())
    assert "TL110" in r.out and _marked(r.out) == "shall"


def test_caret_tl209_marks_the_name_in_except(cli, tmp_path):
    """TL209 marks the undefined name after `except`, not the whole clause."""
    text = MINE.replace("against the other party\n", "against the other party\n      except self_defense\n")
    r = _lint(cli, tmp_path, "t.tl", text.encode())
    assert "TL209" in r.out and _marked(r.out) == "self_defense"


def test_caret_tl301_marks_the_code(cli, tmp_path):
    """TL301 marks the unknown code, not the whole action declaration."""
    r = _lint(cli, tmp_path, "t.tl", b"action use_force cameo 18, 99\n")
    assert "TL301" in r.out and _marked(r.out) == "99"


@pytest.mark.parametrize("char,name", [("\u201c", "U+201C LEFT DOUBLE QUOTATION MARK"),
                                       ("\u00a0", "U+00A0 NO-BREAK SPACE")])
def test_lookalike_characters_are_named(cli, tmp_path, char, name):
    """A curly quote or a no-break space gets a help line naming the
    character by its code point and saying what to write instead."""
    text = f'instrument x treaty {{\n  title {char}Treaty"\n}}\n' if char == "\u201c" else f"action{char}foo\n"
    r = _lint(cli, tmp_path, "t.tl", text.encode())
    assert r.code == 2 and "TL102" in r.out and name in r.out
    assert "help: a curly quote" in r.out or "help: a no-break space" in r.out


def test_binary_input_prints_no_control_characters(proc, tmp_path):
    """A binary file, or one with an escape sequence, never sends raw
    control characters to the terminal (and never a traceback)."""
    (tmp_path / "bin.tl").write_bytes(b"\x7fELF\x02\x01\x00\x00\x1b[31mred\n")
    (tmp_path / "esc.tl").write_bytes(b"action use_force\x1b[2J cameo 18\n")
    for name, code in (("bin.tl", "TL002"), ("esc.tl", "TL102")):
        p = subprocess.run([sys.executable, "-m", "treatylang", "lint", name], cwd=tmp_path, capture_output=True)
        out = p.stdout + p.stderr
        assert p.returncode == 2 and code.encode() in out and b"Traceback" not in out
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", out), out


def test_an_empty_file_is_a_warning(cli, tmp_path):
    """An empty .tl file is a TL125 warning (exit 1 under --strict), not "no problems"."""
    f = tmp_path / "empty.tl"
    f.write_text("", encoding="utf-8")
    r = cli("lint", str(f))
    assert r.code == 0 and "TL125" in r.out and "1 warning" in r.out
    assert cli("lint", "--strict", str(f)).code == 1


def test_docs_list_every_diagnostic_code():
    """docs/cli.md lists every code of the catalogue, with its severity."""
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| (TL\d{3}) \| (error|warning|note) \|", doc, re.M))
    assert listed == {c: sev for c, (sev, _) in CODES.items()}


def test_tl310_unused_action_is_emitted(cli, tmp_path):
    """TL310 is emitted for an action declared beside an instrument and used
    by nothing; the shared vocabulary's actions are not reported."""
    text = MINE.replace("instrument mine", "action ship_oil cameo 0871\n\ninstrument mine")
    r = _lint(cli, tmp_path, "t.tl", text.encode())
    assert "TL310" in r.out and "`ship_oil`" in r.out
    assert "TL310" not in cli("lint", "treaties/").out


def test_readme_says_make_is_needed():
    """The README says `make` must be installed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"needs? `make`|`make` (is|must be) (needed|installed)", readme)
