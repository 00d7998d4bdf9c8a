"""Reading the small TSV tables shipped in `treatylang.data`."""

from __future__ import annotations

from importlib import resources
from typing import Iterator


def read_tsv(name: str) -> Iterator[list[str]]:
    """Rows of ``treatylang/data/<name>`` (tab-separated, header line skipped).

    Loaded through importlib.resources, so a non-editable install (a wheel)
    finds the table as well as a source checkout does."""
    text = resources.files("treatylang.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        if line:
            yield line.split("\t")
