"""The compiled plan: what a check looks for, read by every executor.

    compile.py   Model + instruments → Plan (actions, terms, what it admits)
    render.py    the plan as text (`treatylang plan`)
    sql.py       the plan as SQL in any dialect, through sqlglot (`treatylang sql`)
    duck.py      the DuckDB executor: pushdown in the scan, rows streamed to the evaluator
"""

from .compile import ActionPlan, Plan, Side, Term, compile_plan
from .render import render_plan

__all__ = ["ActionPlan", "Plan", "Side", "Term", "compile_plan", "render_plan"]
