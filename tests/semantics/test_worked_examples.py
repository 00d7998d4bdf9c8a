"""The worked examples of docs/semantics.md, run as tests.

Each example is a clause file `examples/NN-name.tl` and a timeline
`examples/NN-name.timeline` (format: tests/semantics/timeline.py) whose
`expect` lines list every verdict of the check. For each example:

* the engine (`treatylang.check.evaluate`) gives exactly those verdicts;
* the reference evaluator (tests/properties/reference.py) gives them too;
* docs/semantics.md quotes both files verbatim, between
  `<!-- example NN-name -->` and `<!-- /example -->`.

`pytest --update-golden tests/semantics` rewrites those blocks of the doc from
the files (review the diff); the prose around them is never touched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from treatylang.check import evaluate
from treatylang.model import load_model

from .timeline import engine_rows, expected_rows, read_timeline, reference_rows, show_rows

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
DOC = ROOT / "docs" / "semantics.md"
EXAMPLES = sorted(p.stem for p in (HERE / "examples").glob("*.tl"))
_BLOCK = re.compile(r"<!-- example (?P<name>[\w-]+) -->\n(?P<body>.*?)<!-- /example -->", re.S)


def _reference():
    """tests/properties/reference.py, imported as the package `properties` (the
    folder tests/ is on sys.path under pytest's rootdir-based imports)."""
    import importlib
    import sys

    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    return importlib.import_module("properties.reference")


def _load(name: str):
    model = load_model([HERE / "examples" / f"{name}.tl"])
    tl = read_timeline(HERE / "examples" / f"{name}.timeline")
    return model, tl, tl.check or tuple(model.instruments)


def render(name: str) -> str:
    """What the doc shows for example `name`: the two files, verbatim."""
    tl = (HERE / "examples" / f"{name}.tl").read_text(encoding="utf-8")
    timeline = (HERE / "examples" / f"{name}.timeline").read_text(encoding="utf-8")
    return (f"`{name}.tl`:\n\n```tl\n{tl}```\n\n`{name}.timeline`:\n\n```text\n{timeline}```\n")


def test_examples_exist():
    assert len(EXAMPLES) >= 30
    for name in EXAMPLES:
        assert (HERE / "examples" / f"{name}.timeline").exists(), f"{name}.tl has no timeline"


@pytest.mark.parametrize("name", EXAMPLES)
def test_engine_gives_the_expected_verdicts(name):
    """The engine's verdicts are exactly the `expect` lines of the example."""
    model, tl, ids = _load(name)
    result = evaluate(model, ids, tl.events, tl.declared, tl.as_of, tl.readings, ordered=tl.ordered)
    got, want = engine_rows(model, result, tl), expected_rows(model, tl, ids)
    assert got == want, f"\nexpected, not given:\n{show_rows(want - got)}\ngiven, not expected:\n{show_rows(got - want)}"
    for v in result.verdicts:  # `open`: a prohibition still applying at the end of the timeline
        assert v.open == (v.status == "pending" and model.clause(v.clause_id).modality == "must not")


@pytest.mark.parametrize("name", EXAMPLES)
def test_reference_gives_the_expected_verdicts(name):
    """The reference evaluator, written from docs/semantics.md, agrees."""
    model, tl, ids = _load(name)
    ref = _reference().evaluate_reference(model, ids, tl.events, tl.declared, tl.as_of, ordered=tl.ordered,
                                           readings=tl.readings)
    got, want = reference_rows(model, ref, tl), expected_rows(model, tl, ids)
    assert got == want, f"\nexpected, not given:\n{show_rows(want - got)}\ngiven, not expected:\n{show_rows(got - want)}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_input_order_does_not_matter(name):
    """Events with distinct (day, time, file order) give the same verdicts in any input order."""
    model, tl, ids = _load(name)
    forward = evaluate(model, ids, tl.events, tl.declared, tl.as_of, tl.readings, ordered=tl.ordered)
    backward = evaluate(model, ids, list(reversed(tl.events)), tl.declared, tl.as_of, tl.readings,
                        ordered=tl.ordered)
    assert engine_rows(model, forward, tl) == engine_rows(model, backward, tl)


def test_doc_quotes_every_example_verbatim(update_golden):
    """docs/semantics.md shows each example's clause file and timeline exactly;
    `--update-golden` rewrites the blocks from the files."""
    text = DOC.read_text(encoding="utf-8")
    blocks = {m["name"]: m["body"] for m in _BLOCK.finditer(text)}
    if update_golden:
        new = _BLOCK.sub(lambda m: f"<!-- example {m['name']} -->\n{render(m['name'])}<!-- /example -->"
                         if m["name"] in EXAMPLES else m[0], text)
        if new != text:
            DOC.write_text(new, encoding="utf-8")
        text = new
        blocks = {m["name"]: m["body"] for m in _BLOCK.finditer(text)}
    missing = [n for n in EXAMPLES if n not in blocks]
    unknown = [n for n in blocks if n not in EXAMPLES]
    stale = [n for n in EXAMPLES if n in blocks and blocks[n] != render(n)]
    assert not missing, f"examples not shown in docs/semantics.md: {missing}"
    assert not unknown, f"docs/semantics.md shows examples that do not exist: {unknown}"
    assert not stale, f"docs/semantics.md differs from the example files (run pytest --update-golden): {stale}"
    for n in EXAMPLES:  # and the clause text verbatim, whatever the block layout
        assert (HERE / "examples" / f"{n}.tl").read_text(encoding="utf-8") in text
