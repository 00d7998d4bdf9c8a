"""Testing support for clause files: hypothesis strategies and a pytest plugin.

Strategies (need hypothesis: ``pip install 'treatylang[testing]'``):

* timelines over real clause files — `events`, `scenarios`,
  `declared_situations` and the `GeneratedScenario` they produce
  (`treatylang.testing.timelines`, tutorial in docs/testing.md);
* syntax trees — `instrument_asts`, `clause_asts` and the rest of
  `treatylang.testing.strategies`.

The names are re-exported lazily: importing `treatylang.testing` never needs
hypothesis (the pytest plugin, `treatylang.testing.plugin`, lives here too);
using a strategy without hypothesis installed raises an ImportError that says
what to install.
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> submodule that defines it
_LAZY = {
    "events": "timelines",
    "scenarios": "timelines",
    "declared_situations": "timelines",
    "GeneratedScenario": "timelines",
    "DeclaredSituation": "timelines",
    "resolve_model": "timelines",
    "boundary_dates": "timelines",
    "relevant_actions": "timelines",
    "action_names": "timelines",
    "cameo_codes_for": "timelines",
    "event_patterns": "timelines",
    "pretty_scenario": "timelines",
    "DEFAULT_THIRD_STATES": "timelines",
    "SHIPPED_INSTRUMENTS": "timelines",
    "instrument_asts": "strategies",
    "clause_asts": "strategies",
    "file_asts": "strategies",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'treatylang.testing' has no attribute '{name}'")
    try:
        mod = importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as e:
        if e.name == "hypothesis" or (e.name or "").startswith("hypothesis."):
            raise ImportError(
                f"treatylang.testing.{name} needs hypothesis, which is not installed: "
                "pip install 'treatylang[testing]' (or pip install hypothesis)") from e
        raise
    try:
        value = getattr(mod, name)
    except AttributeError:
        raise ImportError(f"treatylang.testing.{module} does not define `{name}` (yet)") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(_LAZY) | {"plugin", "strategies", "timelines"})
