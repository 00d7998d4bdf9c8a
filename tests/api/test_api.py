"""The public API (treatylang.api): what `import treatylang` exposes, that the
command line and the pytest plugin are thin layers over it, and that its
results say the same as the command line."""

from __future__ import annotations

import ast
import datetime as _dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import treatylang
from treatylang import api

ROOT = Path(__file__).resolve().parents[2]
MAIN = ("ru_ir_2001", "examples/aggression_aid.scenario")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_package_exposes_the_api_names():
    """`treatylang.__all__` lists exactly the API's names (plus __version__),
    and each resolves to the API's object (`check` to the callable package)."""
    assert set(treatylang._API) == set(api.__all__)
    for name in api.__all__:
        if name != "check":
            assert getattr(treatylang, name) is getattr(api, name), name
    assert callable(treatylang.check)


def test_import_treatylang_loads_neither_parser_nor_model():
    """`import treatylang` imports no lark, no syntax, no model, no API."""
    mods = _modules_after("import treatylang")
    assert not {m for m in mods if m == "lark" or m.startswith(("lark.", "treatylang.syntax", "treatylang.model",
                                                                  "treatylang.api", "treatylang.events"))}


def test_version_imports_neither_parser_nor_model():
    """`treatylang --version` builds the command line without importing the
    parser, the model, the event readers or the API."""
    code = ("import sys\nfrom treatylang.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n")
    mods = _modules_after(code)
    assert "treatylang.cli.main" in mods
    heavy = {m for m in mods if m == "lark" or m.startswith(("lark.", "treatylang.syntax", "treatylang.model",
                                                              "treatylang.api", "treatylang.events",
                                                              "treatylang.check", "treatylang.report"))}
    assert heavy == set()


def test_check_is_callable_even_after_the_package_is_imported():
    """`treatylang.check(...)` is the API's check whether or not
    treatylang.check (the package) was imported first."""
    code = ("import treatylang.check.engine\nimport treatylang\n"
            "r = treatylang.check('ru_ir_2001', 'examples/aggression_aid.scenario')\nprint(r.compliant)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------- thin layers


def _imports(path: Path) -> list[tuple[str, int]]:
    """(module, level) of every import statement in a file, anywhere in it."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, 0) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append((node.module or "", node.level))
    return out


def _third_party_or_stdlib(name: str) -> bool:
    return not name.split(".")[0] == "treatylang"


@pytest.mark.parametrize("path", sorted((ROOT / "treatylang" / "cli").glob("*.py")) +
                         [ROOT / "treatylang" / "testing" / "plugin.py"], ids=lambda p: p.name)
def test_cli_and_plugin_import_only_the_public_api(path):
    """Each module of the command line and the pytest plugin imports from
    treatylang only the public API (`treatylang`, `treatylang.api`) and, for
    the command line, its own sibling modules."""
    in_cli = path.parent.name == "cli"
    bad = []
    for module, level in _imports(path):
        if level == 0:
            if _third_party_or_stdlib(module) or module in ("treatylang", "treatylang.api"):
                continue
        elif level == 1 and in_cli:
            continue  # a sibling in treatylang/cli/
        elif level == 2 and module in ("", "api"):
            continue  # `from .. import api`, `from ..api import x`, `from .. import __version__`
        elif level == 2 and module == "lsp.server" and path.name == "lsp.py":
            continue  # `treatylang lsp` starts the language server (itself built on the API)
        bad.append(("." * level) + module)
    assert bad == [], f"{path.name} imports internals: {bad}"


def test_cli_event_formats_match_the_readers():
    """The format names the `events` command lists (without importing the
    readers) are the readers' formats."""
    from treatylang.cli import events

    assert tuple(events.FORMATS) == tuple(api.EVENT_FORMATS)


# ----------------------------------------------------------------- results


def test_to_dict_equals_the_json_report(cli):
    """`CheckResult.to_dict()` is exactly what `check --format json` prints."""
    r = cli("check", *MAIN, "--format", "json")
    assert r.code == 1
    assert treatylang.check(*MAIN).to_dict() == json.loads(r.out)


def test_to_dict_equals_the_json_report_for_event_files(cli):
    """The same holds for an event file."""
    r = cli("check", "ru_ir_2001", "--events", "examples/events/aggression_aid.csv", "--format", "json")
    res = treatylang.check("ru_ir_2001", events="examples/events/aggression_aid.csv")
    assert res.to_dict() == json.loads(r.out)
    assert res.to_json() == r.out


def test_to_text_equals_the_memo(cli):
    """`to_text()` is the memo `check` prints."""
    assert treatylang.check(*MAIN).to_text() == cli("check", *MAIN).out


def test_events_as_objects_give_the_same_verdicts_as_the_scenario(monkeypatch):
    """Checking a scenario's events as an iterable of Event objects gives the
    same verdict statuses as checking the scenario (it declares nothing)."""
    monkeypatch.chdir(ROOT)
    sc = treatylang.load_scenario("examples/aggression_aid.scenario")
    from_scenario = treatylang.check([], sc)
    from_events = treatylang.check("ru_ir_2001", events=iter(sc.events), as_of=sc.as_of)
    assert [(v.clause_id, v.binding, v.status) for v in from_events.verdicts] == \
        [(v.clause_id, v.binding, v.status) for v in from_scenario.verdicts]


def test_events_must_be_events():
    """An iterable of something else is a TypeError naming the item."""
    with pytest.raises(TypeError, match="item 0 is a dict"):
        treatylang.read_events([{"date": "2003-01-01"}])
    with pytest.raises(TypeError, match="not int"):
        treatylang.read_events(3)


def test_problems_raise_diagnostic_errors():
    """Bad input raises DiagnosticError carrying Diagnostic objects: an
    unknown id, a bad date option, nothing to check."""
    with pytest.raises(treatylang.DiagnosticError) as e:
        treatylang.load_instruments("ru_ir_2010")
    assert e.value.diagnostics[0].code == "TL003"
    with pytest.raises(treatylang.DiagnosticError) as e:
        treatylang.check("ru_ir_2001", events=[], as_of="2003-13-01")
    assert e.value.diagnostics[0].code == "TL004"
    with pytest.raises(treatylang.DiagnosticError) as e:
        treatylang.check("ru_ir_2001")
    assert e.value.diagnostics[0].code == "TL005"


def test_finding_rows_carry_provenance(monkeypatch):
    """Every finding row names its clause, kind, day and the event's file and
    line; verdict rows cover every verdict."""
    monkeypatch.chdir(ROOT)
    res = treatylang.check(*MAIN)
    rows = res.finding_rows()
    assert rows and all(r["clause_id"] and r["kind"] and isinstance(r["day"], _dt.date) for r in rows)
    assert all(r["file"] == "examples/aggression_aid.scenario" and r["line"] > 0 for r in rows if r["what"])
    assert len(res.verdict_rows()) == len(res.verdicts)


def test_repr_html_escapes(monkeypatch):
    """The notebook view is a table of verdicts with text escaped."""
    monkeypatch.chdir(ROOT)
    html = treatylang.check(*MAIN)._repr_html_()
    assert html.count("<tr>") == len(treatylang.check(*MAIN).verdicts) + 1
    assert "X = USA, P = IRN" in html and "<script" not in html


def test_to_pandas(monkeypatch):
    """With pandas installed, `to_pandas()` has a row per finding."""
    pd = pytest.importorskip("pandas", reason="pandas is not installed (an optional extra)")
    monkeypatch.chdir(ROOT)
    res = treatylang.check(*MAIN)
    assert len(res.to_pandas()) == len(res.finding_rows())
    assert isinstance(res.to_pandas("verdicts"), pd.DataFrame)


# ----------------------------------------------------------------- loading once


def test_a_scenario_is_read_and_parsed_once(monkeypatch):
    """`treatylang test`, `check` and the pytest plugin read and parse a
    scenario once (the runner used to load it twice: bare, then against its
    model)."""
    from treatylang.scenarios import load

    monkeypatch.chdir(ROOT)
    calls = []
    real = load.parse_scenario_text
    monkeypatch.setattr(load, "parse_scenario_text", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    treatylang.run_tests(["examples/aggression_aid.scenario"])
    assert calls == ["examples/aggression_aid.scenario"]
    calls.clear()
    treatylang.check(*MAIN)
    assert calls == ["examples/aggression_aid.scenario"]
    calls.clear()
    sc = treatylang.load_scenario("examples/aggression_aid.scenario")
    treatylang.run_scenario(sc)
    treatylang.check([], sc)
    assert calls == ["examples/aggression_aid.scenario"]


def test_every_package_is_in_the_wheel():
    """pyproject.toml lists every package under treatylang/, so a
    non-editable install has them all (model/ and scenarios/ were missing)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "treatylang").rglob("__init__.py")}
    assert found - listed == set()


def test_a_dataframe_gives_the_verdicts_of_its_file(monkeypatch):
    """`check(events=DataFrame)` reads the table through the event readers'
    frame support and gives the same verdicts as the CSV file it came from;
    provenance names the table and the row."""
    pd = pytest.importorskip("pandas", reason="pandas is not installed (an optional extra)")
    monkeypatch.chdir(ROOT)
    df = pd.read_csv("examples/events/aggression_aid.csv", dtype=str, keep_default_na=False)
    from_frame = treatylang.check("ru_ir_2001", events=df, as_of="2003-12-31")
    from_file = treatylang.check("ru_ir_2001", events="examples/events/aggression_aid.csv", as_of="2003-12-31")
    assert [(v.clause_id, v.binding, v.status) for v in from_frame.verdicts] == \
        [(v.clause_id, v.binding, v.status) for v in from_file.verdicts]
    files = {f.event.file for _, f in from_frame.violations}
    assert files == {"<dataframe>"}
    named = treatylang.read_events(df, name="aid")
    assert {e.provenance.file for e in named} == {"aid"}
