"""The language server (`treatylang lsp`, over stdio; needs the `lsp`
extra: pygls and lsprotocol).

    index.py     where names are defined and used, from the syntax trees
    features.py  diagnostics, hover, definition, references, completion,
                 symbols, quick fixes — plain functions of a document's analysis
    server.py    the pygls server: protocol types in and out
"""
