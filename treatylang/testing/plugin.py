"""A pytest plugin: scenario files are tests.

Installed with treatylang (entry point ``pytest11: treatylang``), so

    pytest examples/

collects every ``*.scenario`` file under examples/ and makes one test item of
each ``expect`` line, named ``line N: expect …``. A failing item shows the
expectation, what was expected, and the verdicts actually found with their
evidence; a scenario that does not load is one failing item ``load`` that
shows its diagnostics. A scenario without ``expect`` lines that loads gives
no item.

What is collected, and what is not:

* only files whose name ends in ``.scenario`` — the plugin returns nothing
  for any other path, so it never interferes with other collectors;
* not files under a folder named ``fixtures`` or ``cases`` (below pytest's
  root folder), which by convention hold parser test data, often malformed
  on purpose — unless the file is named on the command line itself;
* nothing at all with ``--no-scenarios`` (or ``-p no:treatylang``).

Each file is read, parsed and loaded once (at collection, through the
public API, treatylang.api — the same code as ``treatylang test``), and
checked once (at the first item of the file). Nothing here
imports hypothesis (or treatylang.testing.strategies), so the plugin works
in environments without it, and treatylang itself is imported only when a
scenario file is collected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SKIP_DIRS = frozenset({"fixtures", "cases"})


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("treatylang", "treatylang scenario files")
    group.addoption("--no-scenarios", action="store_true", default=False, dest="treatylang_no_scenarios",
                    help="do not collect treatylang .scenario files as tests")


def _named_on_command_line(path: Path, config: pytest.Config) -> bool:
    here = Path(config.invocation_params.dir)
    for arg in config.invocation_params.args:
        if not isinstance(arg, str) or arg.startswith("-"):
            continue
        p = Path(arg.split("::", 1)[0])
        if not p.is_absolute():
            p = here / p
        try:
            if p.resolve() == path.resolve():
                return True
        except OSError:  # pragma: no cover
            continue
    return False


def _in_skipped_dir(path: Path, config: pytest.Config) -> bool:
    try:
        parts = path.resolve().relative_to(Path(config.rootpath).resolve()).parts[:-1]
    except ValueError:
        parts = ()
    return any(p in SKIP_DIRS for p in parts)


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix != ".scenario":
        return None
    config = parent.config
    if config.getoption("treatylang_no_scenarios", default=False):
        return None
    if _in_skipped_dir(file_path, config) and not _named_on_command_line(file_path, config):
        return None
    return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioLoadError(Exception):
    """The scenario did not load: its diagnostics."""

    def __init__(self, diagnostics):
        self.diagnostics = tuple(diagnostics)
        super().__init__(f"{len(self.diagnostics)} problem(s)")


class ExpectationFailed(Exception):
    """An expectation did not hold: an `ExpectationOutcome`."""

    def __init__(self, path: str, outcome):
        self.path = path
        self.outcome = outcome
        super().__init__(outcome.text)


class ScenarioFile(pytest.File):
    """One scenario file: an item per `expect` line."""

    _outcome = None
    _scenario = None

    def outcome(self):
        """The scenario run (checked once, on first use)."""
        if self._outcome is None:
            from treatylang.api import run_scenario

            self._outcome = run_scenario(self._scenario if self._scenario is not None else self._shown())
        return self._outcome

    def _shown(self) -> str:
        """The path as pytest shows it (relative to the invocation folder when
        possible), so evidence in failures reads like the command line."""
        try:
            return str(self.path.relative_to(Path(self.config.invocation_params.dir)))
        except ValueError:
            return str(self.path)

    def collect(self):
        from treatylang.api import DiagnosticError, ModelCache, load_scenario

        # One cache of loaded instruments per test session: scenarios that
        # check the same instruments share one model.
        cache = getattr(self.config, "_treatylang_models", None)
        if cache is None:
            cache = self.config._treatylang_models = ModelCache()
        try:
            self._scenario = load_scenario(self._shown(), cache=cache)
        except DiagnosticError as e:
            yield ScenarioItem.from_parent(self, name="load", index=None, line=1, text="load",
                                           load_errors=tuple(e.diagnostics))
            return
        for i, x in enumerate(self._scenario.expectations):
            line = x.span.line if x.span is not None else 0
            yield ScenarioItem.from_parent(self, name=f"line {line}: {x.text}", index=i, line=line, text=x.text)


class ScenarioItem(pytest.Item):
    """One expectation of a scenario (or the `load` item of a broken one)."""

    def __init__(self, *, index, line, text, load_errors=(), **kwargs):
        super().__init__(**kwargs)
        # No fixtures; but plugins that wrap every test call (pytest-lsp's
        # pytest_runtest_call) expect the attribute of a function item.
        self.funcargs: dict = {}
        self.index = index
        self.line = line
        self.text = text
        self.load_errors = load_errors

    def runtest(self) -> None:
        if self.load_errors:
            raise ScenarioLoadError(self.load_errors)
        outcome = self.parent.outcome()
        if outcome.errors:
            raise ScenarioLoadError(outcome.errors)
        x = outcome.outcomes[self.index]
        if not x.passed:
            raise ExpectationFailed(outcome.path, x)

    def repr_failure(self, excinfo, style=None):
        err = excinfo.value
        if isinstance(err, ScenarioLoadError):
            from treatylang.api import render_diagnostics

            return f"the scenario does not load:\n\n{render_diagnostics(err.diagnostics, 'full')}"
        if isinstance(err, ExpectationFailed):
            x = err.outcome
            lines = [f"{err.path}:{x.line}: {x.text}", f"  expected: {x.expected}"]
            if x.actual:
                lines.append(f"  actual:   {x.actual[0]}")
                lines += [f"            {a}" for a in x.actual[1:]]
            return "\n".join(lines)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, max(0, self.line - 1), f"{self.parent._shown()}:{self.line}: {self.text}"
