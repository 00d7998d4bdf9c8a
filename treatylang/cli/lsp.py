"""`treatylang lsp`: the language server, over stdin/stdout, for editors.

Needs the `lsp` extra (`pip install 'treatylang[lsp]'`: pygls and
lsprotocol); without it, TL022 says so. The server is treatylang/lsp/,
built on the public API like the rest of the command line.
"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("lsp", help="run the language server over stdio (for editors)",
                       description="Serve the Language Server Protocol on stdin/stdout: diagnostics, hover, "
                                   "go-to-definition, references, completion, formatting, symbols, quick fixes "
                                   "for .tl and .scenario files.")
    p.add_argument("--stdio", action="store_true", help="use stdin/stdout (the default and only transport)")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import api

    try:
        from ..lsp.server import main
    except ImportError as e:
        if e.name and e.name.split(".")[0] in ("pygls", "lsprotocol"):
            raise api.DiagnosticError([api.Diagnostic(
                "TL022", f"the language server needs {e.name.split('.')[0]}, which is not installed",
                api.command_line_span(), help="install the lsp extra: pip install 'treatylang[lsp]'")]) from None
        raise
    main()
    return 0
