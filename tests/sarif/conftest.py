"""The command-line fixtures for the SARIF tests."""

from tests.cli.conftest import cli, proc  # noqa: F401
