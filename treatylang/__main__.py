"""`python -m treatylang` is the `treatylang` command."""

from .cli import entry

entry()
