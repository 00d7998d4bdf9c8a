"""Scenarios: hand-written timelines with expectations.

    load.py      scenario AST → Scenario (events, declared situations, expectations), names checked against a model
    runner.py    run a scenario's expectations (shared by `treatylang test` and the pytest plugin)
"""
