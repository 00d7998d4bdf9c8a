"""The syntax layer: the only package that imports lark.

`parse_text` / `parse_file` turn a clause file into an AST (treatylang.syntax.ast);
`scan_comments` finds its comments for the formatter. Errors are raised as one
`DiagnosticError` carrying every problem found.
"""

from .comments import Comment, scan_comments
from .parse import parse_file, parse_text, read_source

__all__ = ["Comment", "scan_comments", "parse_file", "parse_text", "read_source"]
