"""Shared test configuration: hypothesis profiles and the golden-file flag.

Hypothesis profiles (pick one with the HYPOTHESIS_PROFILE environment
variable; the default is `dev`):

* `ci`       — few examples, derandomised: the same examples on every run, so
               CI is fast and never flaky. `.ci/run` sets it.
* `dev`      — hypothesis' usual 100 examples, a fresh random seed each run.
* `thorough` — 2,000 examples per property, for a local hunt before a release:
               `HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/syntax`.

Golden files: `pytest --update-golden` rewrites the `.expected` files of the
bad-case corpus (tests/cases/bad) from the current output instead of comparing;
review the diff (`git diff tests/cases`) before committing it.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Generating whole clause files is slower than hypothesis' defaults expect, and
# timing belongs to benchmarks/, never to tests: no deadlines anywhere.
_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

settings.register_profile("ci", max_examples=25, derandomize=True, database=None, print_blob=True, **_COMMON)
settings.register_profile("dev", max_examples=100, **_COMMON)
settings.register_profile("thorough", max_examples=2000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden .expected files from current output (then review the diff)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))
