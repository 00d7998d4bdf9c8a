"""The atheris entry point for one input kind (run by run.py in a child
process): `python -m tests.hardening.fuzz.atheris_target KIND [libFuzzer args]`.
treatylang is imported under atheris's instrumentation, so libFuzzer sees
which branches of treatylang an input reaches."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["treatylang"]):
    # Every module now, under instrumentation: the commands import most of
    # them lazily, which would leave them uninstrumented.
    import importlib
    import pkgutil

    import treatylang

    for _m in pkgutil.walk_packages(treatylang.__path__, "treatylang."):
        if not _m.name.startswith(("treatylang.testing", "treatylang.data.make_tables", "treatylang.__main__")):
            importlib.import_module(_m.name)

from .targets import Runner  # noqa: E402


def main() -> None:
    kind = sys.argv.pop(1)
    runner = Runner(kind)

    def one(data: bytes) -> None:
        runner.run(data)  # a Problem propagates: libFuzzer saves the input as a crash

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
