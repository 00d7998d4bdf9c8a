"""`lint FOLDER` lints each clause file in the folder as its own model, with
its own imports (as the editor does), and each scenario against its own
clause files; files named directly stay one model (QA finding O9)."""

from __future__ import annotations

import json

from treatylang import api

VOCAB = "action consult\naction weapon\n"
OTHER = "action consult\naction weapon cameo 18\n"


def _two_independent(tmp_path):
    d = tmp_path / "snips"
    d.mkdir()
    (d / "a.tl").write_text(VOCAB, encoding="utf-8")
    (d / "b.tl").write_text(OTHER, encoding="utf-8")
    return d


def test_lint_examples_folder_is_clean(cli):
    """`treatylang lint examples` (the documented folder form) exits 0 with no
    errors: the examples are independent snippets, not one program."""
    r = cli("lint", "examples")
    assert r.code == 0, r.out
    assert "TL204" not in r.out and "TL206" not in r.out and " error" not in r.out
    assert api.lint(["examples"]) == api.lint(["examples"])  # deterministic


def test_folder_of_independent_files_is_clean(cli, tmp_path):
    """Two files in a folder each defining `consult` and `weapon` are clean:
    each is linted as its own model; the summary counts both files."""
    d = _two_independent(tmp_path)
    r = cli("lint", str(d))
    assert r.code == 0, r.out
    assert r.out.strip().endswith("2 files checked: no problems")


def test_explicit_files_are_still_one_model(cli, tmp_path):
    """`lint a.tl b.tl` keeps names global across the named files: the same
    action defined in both is still TL204."""
    d = _two_independent(tmp_path)
    r = cli("lint", str(d / "a.tl"), str(d / "b.tl"))
    assert r.code == 2
    assert "TL204" in r.out and "`consult`" in r.out


def test_wrong_file_in_folder_keeps_its_location(cli, tmp_path):
    """A file in a folder that is wrong still gives its diagnostic at
    file:line:col, once, beside a clean sibling; json and sarif agree."""
    d = _two_independent(tmp_path)
    bad = d / "c.tl"
    bad.write_text("action go\nsituation s {\n  starts when RUS goo IRN\n}\n", encoding="utf-8")
    r = cli("lint", str(d))
    assert r.code == 2
    assert f"{bad}:3:19" in r.out and "TL201" in r.out and "undefined action `goo`" in r.out
    assert "3 files checked" in r.out
    diags = [x for x in api.lint([d]) if x.severity == "error"]
    assert diags and all(x.span.file == str(bad) and x.span.line == 3 for x in diags)
    assert len(diags) == len(set(diags))
    j = cli("lint", str(d), "--format", "json")
    assert j.code == 2 and str(bad) in j.out
    s = cli("lint", str(d), "--format", "sarif")
    assert s.code == 2
    results = json.loads(s.out)["runs"][0]["results"]
    assert len(results) == len(api.lint([d]))
