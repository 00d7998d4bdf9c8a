"""docs/api.md: its examples run as doctests, from the repository root."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_api_doc_examples_run(monkeypatch):
    """Every `>>>` example in docs/api.md gives the output written under it
    (one example reads a pandas DataFrame: pandas is in the dev extra)."""
    pytest.importorskip("pandas", reason="docs/api.md has a DataFrame example; pandas is not installed")
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                                       raise_on_error=False, verbose=False)
    assert tried >= 30
    assert failures == 0
