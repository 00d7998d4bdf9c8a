"""`treatylang lsp` end to end: a real LSP client (pytest-lsp) starts the
server as a subprocess over stdio, opens a shipped instrument, introduces an
error and sees the diagnostic, hovers, jumps, finds references, completes,
formats, lists symbols and applies a quick fix."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the lsp extra (pygls) is not installed")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed")

from lsprotocol import types as T  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TREATY = ROOT / "treaties" / "ru_ir_2001.tl"
VOCAB = ROOT / "treaties" / "vocabulary.tl"
SCENARIO = ROOT / "examples" / "aggression_aid.scenario"
URI = TREATY.as_uri()
TEXT = TREATY.read_text(encoding="utf-8")


# One server for the module (starting one costs about two seconds); every
# test opens its documents afresh, which resets their text in the server.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", loop_scope="module",
                    config=ClientServerConfig(server_command=[sys.executable, "-m", "treatylang", "lsp"]))
async def client(lsp_client: LanguageClient):
    """A client with an initialised session against `treatylang lsp`."""
    await lsp_client.initialize_session(T.InitializeParams(capabilities=T.ClientCapabilities(),
                                                           root_uri=ROOT.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, uri: str, text: str, language: str = "treatylang") -> list[T.Diagnostic]:
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        text_document=T.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    await client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


async def _change(client: LanguageClient, uri: str, text: str, version: int = 2) -> list[T.Diagnostic]:
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[T.TextDocumentContentChangeWholeDocument(text=text)]))
    await client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _at(text: str, needle: str, offset: int = 0) -> T.Position:
    """The position of `needle` (plus `offset` characters) in `text`."""
    i = text.index(needle) + offset
    line = text.count("\n", 0, i)
    return T.Position(line=line, character=i - (text.rfind("\n", 0, i) + 1))


async def test_diagnostics_on_open_and_change(client: LanguageClient):
    """The shipped treaty is clean on open; a misspelt action gives TL201 on
    exactly that word, with the did-you-mean help; fixing it clears it."""
    assert await _open(client, URI, TEXT) == []
    broken = TEXT.replace("must not use_force against", "must not use_forse against", 1)
    diags = await _change(client, URI, broken)
    assert [d.code for d in diags] == ["TL201"]
    d = diags[0]
    assert d.severity == T.DiagnosticSeverity.Error and d.source == "treatylang"
    assert "did you mean `use_force`?" in d.message
    assert d.range.start == _at(broken, "use_forse") and d.range.end == _at(broken, "use_forse", 9)
    assert await _change(client, URI, TEXT, 3) == []


async def test_quick_fix_for_did_you_mean(client: LanguageClient):
    """The diagnostic's did-you-mean is offered as a quick fix replacing the word."""
    await _open(client, URI, TEXT)
    broken = TEXT.replace("must not use_force against", "must not use_forse against", 1)
    diags = await _change(client, URI, broken)
    actions = await client.text_document_code_action_async(T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=URI), range=diags[0].range,
        context=T.CodeActionContext(diagnostics=diags)))
    assert len(actions) == 1 and actions[0].kind == T.CodeActionKind.QuickFix
    (edit,) = actions[0].edit.changes[URI]
    assert edit.new_text == "use_force" and edit.range == diags[0].range


async def test_hover(client: LanguageClient):
    """Hover on an action shows its CAMEO codes with labels; on a clause name
    its article's text, language and confidence; on a situation its
    signature and triggers; on an article its number's confidence and text."""
    await _open(client, URI, TEXT)
    h = await client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=URI), position=_at(TEXT, "use_force against the other", 2)))
    assert "**action** `use_force`" in h.contents.value and "`19`" in h.contents.value
    assert "FIGHT" in h.contents.value.upper()
    h = await client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=URI), position=_at(TEXT, "clause no_force", 8)))
    assert "`ru_ir_2001.no_force`" in h.contents.value and "[en, " in h.contents.value
    h = await client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=URI), position=_at(TEXT, "      while aggression", 13)))
    assert "situation aggression(" in h.contents.value and "starts when" in h.contents.value
    h = await client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=URI), position=_at(TEXT, "article art21", 9)))
    assert "Art. 21 (number confirmed)" in h.contents.value and "[en, paraphrase]" in h.contents.value


async def test_definition_and_references_across_imports(client: LanguageClient):
    """Go-to-definition on an action jumps into the shipped vocabulary; on the
    import, to the file; find-references lists the uses in both files."""
    await _open(client, URI, TEXT)
    locs = await client.text_document_definition_async(T.DefinitionParams(
        text_document=T.TextDocumentIdentifier(uri=URI), position=_at(TEXT, "use_force against the other", 1)))
    assert [loc.uri for loc in locs] == [VOCAB.resolve().as_uri()]
    vocab = VOCAB.read_text(encoding="utf-8")
    assert locs[0].range.start == _at(vocab, "action use_force", 7)
    locs = await client.text_document_definition_async(T.DefinitionParams(
        text_document=T.TextDocumentIdentifier(uri=URI), position=_at(TEXT, 'import "vocabulary.tl"', 9)))
    assert [loc.uri for loc in locs] == [VOCAB.resolve().as_uri()]
    refs = await client.text_document_references_async(T.ReferenceParams(
        text_document=T.TextDocumentIdentifier(uri=URI), position=_at(TEXT, "use_force against the other", 1),
        context=T.ReferenceContext(include_declaration=True)))
    uris = {r.uri for r in refs}
    assert uris == {URI, VOCAB.resolve().as_uri()}
    assert len([r for r in refs if r.uri == URI]) == TEXT.count(" use_force")


async def test_completion(client: LanguageClient):
    """After `must not ` the actions are offered; after `cameo ` the CAMEO
    codes with their labels; inside an article, the article keywords."""
    await _open(client, URI, TEXT)
    text = TEXT.replace("must not use_force against", "must not ", 1)
    await _change(client, URI, text)
    got = await client.text_document_completion_async(T.CompletionParams(
        text_document=T.TextDocumentIdentifier(uri=URI), position=_at(text, "must not ", 9)))
    labels = {i.label for i in got.items}
    assert {"use_force", "assist", "transfer_arms"} <= labels
    text2 = "action probe cameo 19\n"
    uri2 = (ROOT / "probe-not-on-disk.tl").as_uri()
    await _open(client, uri2, text2)
    got = await client.text_document_completion_async(T.CompletionParams(
        text_document=T.TextDocumentIdentifier(uri=uri2), position=T.Position(line=0, character=len("action probe cameo 19"))))
    items = {i.label: i.detail for i in got.items}
    assert "190" in items and "190" in items and items["190"]
    assert all(label.startswith("19") for label in items)


async def test_formatting_is_fmt(client: LanguageClient):
    """Formatting returns the `fmt` result as one edit (none for a canonical file)."""
    await _open(client, URI, TEXT)
    assert not await client.text_document_formatting_async(T.DocumentFormattingParams(
        text_document=T.TextDocumentIdentifier(uri=URI), options=T.FormattingOptions(tab_size=2, insert_spaces=True)))
    messy = TEXT.replace("clause no_force: each party P", "clause   no_force:   each party   P", 1)
    await _change(client, URI, messy)
    edits = await client.text_document_formatting_async(T.DocumentFormattingParams(
        text_document=T.TextDocumentIdentifier(uri=URI), options=T.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert len(edits) == 1 and edits[0].new_text == TEXT


async def test_document_symbols(client: LanguageClient):
    """Symbols nest instrument › article › clause."""
    await _open(client, URI, TEXT)
    syms = await client.text_document_document_symbol_async(T.DocumentSymbolParams(
        text_document=T.TextDocumentIdentifier(uri=URI)))
    (ins,) = [s for s in syms if s.kind == T.SymbolKind.Namespace]
    assert ins.name == "ru_ir_2001"
    clauses = {c.name for a in ins.children for c in a.children}
    assert {"no_force", "no_aid_to_aggressor"} <= clauses


async def test_scenario_documents(client: LanguageClient):
    """A scenario: clean on open; a misspelt action is TL402; hover on an
    event's action shows it; definition of an expectation's clause jumps to
    the clause in the treaty."""
    text = SCENARIO.read_text(encoding="utf-8")
    uri = SCENARIO.as_uri()
    assert await _open(client, uri, text, "treatylang-scenario") == []
    h = await client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=uri), position=_at(text, "RUS assist", 5)))
    assert "**action** `assist`" in h.contents.value
    locs = await client.text_document_definition_async(T.DefinitionParams(
        text_document=T.TextDocumentIdentifier(uri=uri), position=_at(text, "expect no_aid_to_aggressor", 8)))
    assert [loc.uri for loc in locs] == [TREATY.resolve().as_uri()]
    assert locs[0].range.start == _at(TEXT, "clause no_aid_to_aggressor", 7)
    diags = await _change(client, uri, text.replace("RUS assist", "RUS asist", 1))
    assert [d.code for d in diags] == ["TL402"]
