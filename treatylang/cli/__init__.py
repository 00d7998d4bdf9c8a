"""The `treatylang` command: `main.py` dispatches to one module per subcommand."""

from .main import COMMANDS, build_parser, entry, main

__all__ = ["COMMANDS", "build_parser", "entry", "main"]
