"""The pygls language server: converts between the protocol's positions
(0-based lines, UTF-16 columns) and treatylang's spans (1-based lines,
code-point columns), and answers from features.py.

Every open document is analysed on open and on change (the whole text is
sent: full sync), with the texts of all open documents standing in for the
files on disk, so a change to an imported file shows in the files that
import it once they are re-analysed. The last analysis that loaded a model
is kept for navigation while the text does not parse.
"""

from __future__ import annotations

from urllib.parse import unquote, urlparse

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer

from .. import __version__
from . import features as F

SEVERITY = {"error": T.DiagnosticSeverity.Error, "warning": T.DiagnosticSeverity.Warning,
            "note": T.DiagnosticSeverity.Information}
KIND = {"keyword": T.CompletionItemKind.Keyword, "action": T.CompletionItemKind.Function,
        "situation": T.CompletionItemKind.Event, "clause": T.CompletionItemKind.Reference,
        "party": T.CompletionItemKind.Constant, "cameo": T.CompletionItemKind.Value,
        "status": T.CompletionItemKind.EnumMember, "instrument": T.CompletionItemKind.Module}
SYMBOL = {"instrument": T.SymbolKind.Namespace, "article": T.SymbolKind.Class, "clause": T.SymbolKind.Method,
          "action": T.SymbolKind.Function, "situation": T.SymbolKind.Event, "type": T.SymbolKind.Enum}


def uri_to_path(uri: str) -> str:
    p = urlparse(uri)
    return unquote(p.path) if p.scheme == "file" else uri


def path_to_uri(path: str) -> str:
    from pathlib import Path

    return Path(path).resolve().as_uri()


class TreatyServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("treatylang", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Full)
        self.analyses: dict[str, F.Analysis] = {}  # uri -> latest analysis
        self.navigable: dict[str, F.Analysis] = {}  # uri -> latest analysis with a model

    # ------------------------------------------------------------ positions
    def text(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    @staticmethod
    def to_col(line_text: str, character: int) -> int:
        """UTF-16 offset → 1-based code-point column."""
        units = 0
        for i, ch in enumerate(line_text):
            if units >= character:
                return i + 1
            units += 2 if ord(ch) > 0xFFFF else 1
        return len(line_text) + 1

    @staticmethod
    def to_char(line_text: str, col: int) -> int:
        """1-based code-point column → UTF-16 offset."""
        return len(line_text[:max(0, col - 1)].encode("utf-16-le")) // 2

    def pos(self, text: str, line: int, col: int) -> T.Position:
        lines = text.split("\n")
        lt = lines[line - 1] if 0 < line <= len(lines) else ""
        return T.Position(line=max(0, line - 1), character=self.to_char(lt, col))

    def rng(self, text: str, span) -> T.Range:
        return T.Range(start=self.pos(text, span.line, span.col), end=self.pos(text, span.end_line, span.end_col))

    def where(self, uri: str, position: T.Position) -> tuple[int, int]:
        lines = self.text(uri).split("\n")
        lt = lines[position.line] if position.line < len(lines) else ""
        return position.line + 1, self.to_col(lt, position.character)

    def location(self, span) -> T.Location:
        from pathlib import Path

        try:
            text = Path(span.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        uri = path_to_uri(span.file)
        for u, a in self.analyses.items():  # an open document: its buffer, not the disk
            if F.I.same_file(uri_to_path(u), span.file):
                text, uri = a.text, u
        return T.Location(uri=uri, range=self.rng(text, span))

    # ------------------------------------------------------------ analysis
    def overlay(self) -> dict[str, str]:
        return {uri_to_path(u): d.source for u, d in self.workspace.text_documents.items()}

    def analyse(self, uri: str) -> F.Analysis:
        a = F.Analysis(uri_to_path(uri), self.text(uri), self.overlay())
        self.analyses[uri] = a
        if a.loaded:
            self.navigable[uri] = a
        self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
            uri=uri, diagnostics=[self.diagnostic(a.text, d) for d in a.diagnostics]))
        return a

    def diagnostic(self, text: str, d) -> T.Diagnostic:
        message = d.message + "".join(f"\nnote: {n}" for n in d.notes) + (f"\nhelp: {d.help}" if d.help else "")
        return T.Diagnostic(range=self.rng(text, d.span), message=message, severity=SEVERITY.get(d.severity),
                            code=d.code, source="treatylang")

    def nav(self, uri: str) -> F.Analysis | None:
        """The analysis to navigate with: the latest if it loaded, else the
        last one that did (positions may have moved a little)."""
        a = self.analyses.get(uri) or self.analyse(uri)
        return a if a.loaded else self.navigable.get(uri, a)


server = TreatyServer()


@server.feature(T.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: TreatyServer, params: T.DidOpenTextDocumentParams) -> None:
    ls.analyse(params.text_document.uri)


@server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: TreatyServer, params: T.DidChangeTextDocumentParams) -> None:
    ls.analyse(params.text_document.uri)


@server.feature(T.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: TreatyServer, params: T.DidSaveTextDocumentParams) -> None:
    ls.analyse(params.text_document.uri)


@server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: TreatyServer, params: T.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.analyses.pop(uri, None)
    ls.navigable.pop(uri, None)
    ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(T.TEXT_DOCUMENT_HOVER)
def hover(ls: TreatyServer, params: T.HoverParams) -> T.Hover | None:
    a = ls.nav(params.text_document.uri)
    line, col = ls.where(params.text_document.uri, params.position)
    text = F.hover(a, line, col)
    if text is None:
        return None
    return T.Hover(contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value=text))


@server.feature(T.TEXT_DOCUMENT_DEFINITION)
def definition(ls: TreatyServer, params: T.DefinitionParams) -> list[T.Location]:
    a = ls.nav(params.text_document.uri)
    line, col = ls.where(params.text_document.uri, params.position)
    return [ls.location(s) for s in F.definition(a, line, col)]


@server.feature(T.TEXT_DOCUMENT_REFERENCES)
def references(ls: TreatyServer, params: T.ReferenceParams) -> list[T.Location]:
    a = ls.nav(params.text_document.uri)
    line, col = ls.where(params.text_document.uri, params.position)
    return [ls.location(s) for s in F.references(a, line, col, params.context.include_declaration)]


@server.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=[" ", ","]))
def completion(ls: TreatyServer, params: T.CompletionParams) -> T.CompletionList:
    uri = params.text_document.uri
    a = ls.analyses.get(uri) or ls.analyse(uri)
    nav = ls.nav(uri)
    if a is not nav and nav is not None:  # names from the last model that loaded, text of now
        a.model = nav.model
    line, col = ls.where(uri, params.position)
    items = [T.CompletionItem(label=label, kind=KIND.get(kind), detail=detail or None)
             for label, kind, detail in F.completions(a, line, col)]
    return T.CompletionList(is_incomplete=False, items=items)


@server.feature(T.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: TreatyServer, params: T.DocumentFormattingParams) -> list[T.TextEdit] | None:
    uri = params.text_document.uri
    a = ls.analyses.get(uri) or ls.analyse(uri)
    new = F.formatted(a)
    if new is None or new == a.text:
        return [] if new is not None else None
    lines = a.text.split("\n")
    end = T.Position(line=len(lines) - 1, character=ls.to_char(lines[-1], len(lines[-1]) + 1))
    return [T.TextEdit(range=T.Range(start=T.Position(line=0, character=0), end=end), new_text=new)]


@server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: TreatyServer, params: T.DocumentSymbolParams) -> list[T.DocumentSymbol]:
    a = ls.nav(params.text_document.uri)

    def sym(entry) -> T.DocumentSymbol:
        name, kind, whole, name_span, children = entry
        return T.DocumentSymbol(name=name, kind=SYMBOL[kind], range=ls.rng(a.text, whole),
                                selection_range=ls.rng(a.text, name_span), detail=kind,
                                children=[sym(c) for c in children])

    return [sym(e) for e in F.symbols(a)]


@server.feature(T.TEXT_DOCUMENT_CODE_ACTION,
                T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]))
def code_actions(ls: TreatyServer, params: T.CodeActionParams) -> list[T.CodeAction]:
    uri = params.text_document.uri
    a = ls.analyses.get(uri) or ls.analyse(uri)
    out = []
    wanted = {(d.code, d.range.start.line) for d in params.context.diagnostics}
    for d in a.diagnostics:
        if wanted and (d.code, d.span.line - 1) not in wanted:
            continue
        fix = F.quick_fix(a, d)
        if fix is None:
            continue
        title, span, new = fix
        edit = T.WorkspaceEdit(changes={uri: [T.TextEdit(range=ls.rng(a.text, span), new_text=new)]})
        out.append(T.CodeAction(title=title, kind=T.CodeActionKind.QuickFix, edit=edit,
                                diagnostics=[ls.diagnostic(a.text, d)], is_preferred=True))
    return out


def main() -> None:
    """Serve over stdin/stdout until the client says exit."""
    server.start_io()
