"""treatylang: clause files for international agreements, and a compliance checker.

The pipeline is pure: text → syntax tree → AST → treaty model → verdicts → report.
See docs/architecture.md; the public Python API is `treatylang.api`
(docs/api.md), and every name of it is available here:

    import treatylang
    result = treatylang.check("ru_ir_2001", "examples/aggression_aid.scenario")

The API is imported on first use of one of its names, so `import treatylang`
(and `treatylang --version`) loads neither the parser nor the model.
"""

__version__ = "0.1.0"

# The names of treatylang.api, kept here so that `dir(treatylang)` and
# `from treatylang import check` work without importing it first; a test
# checks this list against `treatylang.api.__all__`.
_API = (
    "Diagnostic", "DiagnosticError", "Span", "render_diagnostics", "diagnostics_summary", "command_line_span",
    "Model", "Scenario", "Event", "EventReader", "ReadReport", "EVENT_FORMATS",
    "shipped_instruments", "load_instruments", "load_scenario", "read_events", "open_events", "read_text",
    "cameo_codebook", "CAMEO_QUAD_CLASSES",
    "check", "CheckResult", "Result", "Verdict", "Finding", "ModelCache", "diff", "DiffResult",
    "load_report", "write_report", "REPORT_FORMATS",
    "plan_of", "plan_text", "plan_sql",
    "lint", "lint_text", "lint_targets", "inspect_file", "Inspection", "format_text", "write_formatted",
    "run_tests", "run_scenario", "find_scenario_files", "scenario_from_text", "TestRun", "ScenarioOutcome",
    "Coverage",
    "Limits", "use_limits",
)

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from . import api

        # `check` stays the subpackage treatylang.check, which is callable as
        # api.check (see treatylang/check/__init__.py).
        value = globals()["check"] if name == "check" else getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'treatylang' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
