"""The fuzzing harness in CI: a short deterministic pass over every input
kind (a new crash class shows up at once), the saved regression inputs
replayed, and checks that the harness itself can fail. The long campaign is
`make fuzz` (docs/testing.md#fuzzing)."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from .conftest import ROOT
from .fuzz.mutate import minimise, mutate
from .fuzz.targets import KINDS, seeds

SMOKE_RUNS = 120  # per kind: the whole pass takes ~10–20 s on one core


def _harness(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    # A child process: the harness pays fixed costs once by caching the argument
    # parser and the shipped model, which must not leak into other tests.
    return subprocess.run([sys.executable, "-m", "tests.hardening.fuzz.run", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def test_smoke_pass_over_every_input_kind_finds_nothing(tmp_path):
    """120 mutated inputs per kind (fixed seed), each through the command
    line's own commands: no TL901, no escaping exception, rows that add up."""
    p = _harness("--engine", "random", "--runs", str(SMOKE_RUNS), "--seconds", "300", "--seed", "15",
                 "--save-to", str(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr[-5000:]
    for kind in KINDS:
        assert f"{kind:<9} random" in p.stdout


def test_saved_regression_inputs_pass():
    """Every input the fuzzer ever found (tests/hardening/fuzz_regressions) now passes."""
    p = _harness("--replay")
    assert p.returncode == 0, p.stdout + p.stderr[-5000:]


def test_every_kind_has_seeds():
    """Each kind starts from at least one valid input of its own."""
    for kind in KINDS:
        assert seeds(kind), kind


def test_the_harness_reports_an_internal_error(monkeypatch):
    """A bug planted in the linter is reported as a problem (the harness can fail)."""
    from treatylang.model import lint

    from .fuzz.targets import Problem, Runner

    def broken(model):
        raise ZeroDivisionError("planted")

    from treatylang import api

    monkeypatch.setattr(lint, "lint_model", broken)
    monkeypatch.setattr(api, "lint_model", broken)  # the API took its own reference at import
    r = Runner("clause", fast=False)
    try:
        with pytest.raises(Problem, match="TL901|ZeroDivisionError"):
            r.run(b"action x\n")
    finally:
        r.close()


def test_mutations_are_deterministic_and_minimising_shrinks():
    """The same seed gives the same mutants; minimise keeps what still fails."""
    pool = seeds("csv")
    a = [mutate(pool[0], random.Random(7), "csv", pool) for _ in range(1)]
    b = [mutate(pool[0], random.Random(7), "csv", pool) for _ in range(1)]
    assert a == b
    data = b"line one\nline two has the BUG in it\nline three\n" * 5
    small = minimise(data, lambda d: b"BUG" in d)
    assert small == b"BUG"
