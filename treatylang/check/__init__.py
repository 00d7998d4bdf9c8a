"""Checking timelines against instruments: lifecycle, situations, matching,
the one-pass evaluator, and the verdicts it produces."""

from .engine import Evaluator, OutOfOrder, evaluate
from .results import STATUSES, Declaratory, EventRef, Finding, Result, Trigger, Verdict

__all__ = ["Evaluator", "OutOfOrder", "evaluate", "STATUSES", "Declaratory", "EventRef", "Finding", "Result",
           "Trigger", "Verdict"]
