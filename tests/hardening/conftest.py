"""Running the real command on hostile inputs: in-process for speed, or as a
subprocess under resource limits (memory, CPU time) when the point is that
the input cannot exhaust them."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from treatylang.cli import main

ROOT = Path(__file__).resolve().parents[2]
GB = 1 << 30


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def all(self) -> str:
        """stdout and stderr (lint prints its diagnostics on stdout)."""
        return self.err + self.out


@pytest.fixture
def run(capsys):
    """`run("check", …)` → Ran(code, out, err), the command run in-process."""

    def go(*argv: str) -> Ran:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return go


def run_limited(*argv: str, memory: int = 2 * GB, cpu_seconds: int = 60, cwd: str | Path | None = None,
                timeout: float = 120) -> Ran:
    """The command as a subprocess with an address-space limit of `memory`
    bytes and a CPU-time limit: exceeding either kills it, and the test
    sees a signal status instead of 2."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

    p = subprocess.run([sys.executable, "-m", "treatylang", *map(str, argv)], capture_output=True, text=True,
                       preexec_fn=limit, cwd=cwd, timeout=timeout, env={**os.environ, "PYTHONHASHSEED": "0"})
    return Ran(p.returncode, p.stdout, p.stderr)


def no_internal_error(r: Ran) -> None:
    """The run ended on purpose: no traceback, no TL901."""
    assert "Traceback" not in r.err, r.err[-2000:]
    assert "TL901" not in r.err, r.err[-2000:]
    assert r.code in (0, 1, 2), (r.code, r.err[-2000:])
