"""Fixtures for the command-line tests: run `treatylang` in-process from the
repository root (so paths in reports are the relative ones a user types), or
as a real subprocess when the point is the process itself (no traceback,
exit status)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from treatylang.cli import main

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """`cli("check", "ru_ir_2001", "x.scenario")` → Ran(code, out, err), run
    in-process with the repository root as the working folder."""
    monkeypatch.chdir(ROOT)

    def run(*argv: str) -> Ran:
        code = main(list(argv))
        cap = capsys.readouterr()
        return Ran(code, cap.out, cap.err)

    return run


@pytest.fixture
def proc():
    """Run `python -m treatylang ARGS…` as a subprocess from the repository
    root; returns the CompletedProcess (text mode)."""

    def run(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "treatylang", *argv], cwd=cwd, capture_output=True,
                              text=True, timeout=120)

    return run
