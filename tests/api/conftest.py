"""The command-line fixtures (`cli`, `proc`) for the API tests too."""

from tests.cli.conftest import cli, proc  # noqa: F401
