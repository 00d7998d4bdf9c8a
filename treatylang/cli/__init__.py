"""The `treatylang` command: `main.py` dispatches to one module per subcommand.

Ctrl-C must never print a traceback, including while the modules are still
loading (the first ~0.25 s): importing this package installs a SIGINT
handler that exits quietly with status 130, and `entry` hands SIGINT back
to Python (KeyboardInterrupt, handled in `main`) once everything is loaded.
The handler is installed before anything heavy is imported.
"""

import os
import signal
import sys


def _interrupted_while_loading(signum, frame):  # pragma: no cover - timing-dependent, tested by subprocess
    try:
        os.write(2, b"interrupted\n")
    finally:
        os._exit(130)


if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    # Only when Python's own handler is in place: a caller that installed
    # another one (or ignores SIGINT) keeps it.
    try:
        signal.signal(signal.SIGINT, _interrupted_while_loading)
    except ValueError:  # not the main thread
        pass


# The heavy imports come after the handler, so that it covers them.
from .main import COMMANDS, build_parser, main  # noqa: E402


def entry() -> None:
    """The console script: run `main` and exit with its status. SIGINT goes
    back to Python's handler (KeyboardInterrupt, handled in `main`) once
    everything is loaded."""
    if signal.getsignal(signal.SIGINT) is _interrupted_while_loading:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())


__all__ = ["COMMANDS", "build_parser", "entry", "main"]
