// Tokenise files with the TextMate engine VS Code uses (vscode-textmate +
// vscode-oniguruma) and print the tokens as JSON, for tests/editors.
//
//   node test/tokenize.js FILE...      → [{file, tokens: [[line, start, end, text, scopes…]…]}…]
//
// The grammar is chosen by the file's suffix (.tl or .scenario).
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const HERE = path.join(__dirname, "..");
const GRAMMARS = {
  "source.treatylang": path.join(HERE, "syntaxes", "treatylang.tmLanguage.json"),
  "source.treatylang-scenario": path.join(HERE, "syntaxes", "treatylang-scenario.tmLanguage.json"),
};

async function main(files) {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      const file = GRAMMARS[scope];
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, "utf8"), file) : null;
    },
  });
  const out = [];
  for (const file of files) {
    const scope = file.endsWith(".scenario") ? "source.treatylang-scenario" : "source.treatylang";
    const grammar = await registry.loadGrammar(scope);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    let state = vsctm.INITIAL;
    const tokens = [];
    lines.forEach((line, i) => {
      const r = grammar.tokenizeLine(line, state);
      for (const t of r.tokens) {
        tokens.push([i + 1, t.startIndex, t.endIndex, line.slice(t.startIndex, t.endIndex), ...t.scopes]);
      }
      state = r.ruleStack;
    });
    out.push({ file, tokens });
  }
  process.stdout.write(JSON.stringify(out));
}

const args = process.argv.slice(2);
if (args[0] === "--self-test") {
  main([path.join(HERE, "..", "..", "treaties", "ru_ir_2001.tl")]).then(() => process.stdout.write("\n"));
} else {
  main(args).catch((e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
    process.exit(1);
  });
}
