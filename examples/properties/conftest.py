"""Hypothesis profiles for the example property tests.

The same profiles as the project's tests/conftest.py, registered here too so
that `pytest examples/properties` works on its own (a clause author copying
this folder gets them as well). A profile already registered — by
tests/conftest.py, when both folders run in one session — is left alone.

    HYPOTHESIS_PROFILE=ci pytest examples/properties        # fast, same examples every run
    pytest examples/properties                              # dev: 100 random examples
    HYPOTHESIS_PROFILE=thorough pytest examples/properties  # 2,000 examples per property
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis.errors import InvalidArgument

# Checking a timeline takes milliseconds, but timing belongs to benchmarks,
# never to tests: no deadlines.
_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_PROFILES = {
    "ci": dict(max_examples=25, derandomize=True, database=None, print_blob=True),
    "dev": dict(max_examples=100),
    "thorough": dict(max_examples=2000),
}

for _name, _options in _PROFILES.items():
    try:
        settings.get_profile(_name)
    except InvalidArgument:
        settings.register_profile(_name, **_options, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
