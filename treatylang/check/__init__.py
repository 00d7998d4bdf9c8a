"""Checking timelines against instruments: lifecycle, situations, matching,
the one-pass evaluator, and the verdicts it produces."""

from .engine import Evaluator, evaluate
from .results import STATUSES, Declaratory, EventRef, Finding, Result, Trigger, Verdict

__all__ = ["Evaluator", "evaluate", "STATUSES", "Declaratory", "EventRef", "Finding", "Result",
           "Trigger", "Verdict"]


class _CheckPackage(type(__import__("sys"))):
    """`treatylang.check` is this package (the checking stage) and also the
    public API's `check` function, so `treatylang.check("ru_ir_2001", …)`
    works whether or not the package was imported first (importing it sets
    the package as the attribute `check` of `treatylang`)."""

    def __call__(self, *args, **kwargs):
        from ..api import check

        return check(*args, **kwargs)


__import__("sys").modules[__name__].__class__ = _CheckPackage
