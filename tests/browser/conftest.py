"""Fixtures for the HTML report's browser tests: one headless Chromium per
test worker, and a folder for the screenshots the tests save
(build/screenshots/, or $TREATYLANG_SCREENSHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .driver import Browser, unavailable

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium session (the tests skip, saying why, where there is none)."""
    why = unavailable()
    if why:
        pytest.skip(why)
    b = Browser()
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where screenshots go; the test suite prints their paths."""
    d = Path(os.environ.get("TREATYLANG_SCREENSHOTS", ROOT / "build" / "screenshots"))
    d.mkdir(parents=True, exist_ok=True)
    return d
