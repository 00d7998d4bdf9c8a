// The VS Code side of treatylang: start `treatylang lsp` (stdio) for .tl and
// .scenario files. Everything else — diagnostics, hover, navigation,
// completion, formatting — is the server's (treatylang/lsp/).
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("treatylang").get("server.command");
  const server = { command, args };
  client = new LanguageClient(
    "treatylang",
    "treatylang",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "treatylang" },
        { scheme: "file", language: "treatylang-scenario" },
      ],
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
