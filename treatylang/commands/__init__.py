"""One module per subcommand. Each exposes `register(subparsers)`, which adds
its parser and sets `func` to a function `(args) -> exit status`."""

COMMANDS = ("check", "test", "lint", "fmt", "events")
