"""treatylang: clause files for international agreements, and a compliance checker.

The pipeline is pure: text → syntax tree → AST → treaty model → verdicts → report.
See docs/architecture.md.
"""

__version__ = "0.1.0"
