#!/usr/bin/env node
// The `pulumi-qstash` command. Kept as CommonJS so it runs from any install.
"use strict";
// First, before anything that needs a newer Node.js loads (undici throws a
// trace that names no version): one line naming both versions, exit code 1.
require("../dist/cjs/sdk/node-version.js").exitUnlessSupportedNode("pulumi-qstash");
const path = require("node:path");

const usage = `pulumi-qstash <command> [options]

Commands:
  devserver   Run a local QStash-compatible server
              [--port 8080] [--host 127.0.0.1] [--data FILE] [--token T]
  import-file Write a bulk import file (or --program ts) for an existing account
              [--kinds K,K] [--prefix P] [--out FILE] [--program ts]
  help        Show this help

Run "pulumi-qstash <command> --help" for a command's options.`;

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === "help" || cmd === "--help" || cmd === "-h") {
    console.log(usage);
    return 0;
  }
  if (cmd === "--version" || cmd === "-v") {
    console.log(require(path.join(__dirname, "..", "package.json")).version);
    return 0;
  }
  if (cmd === "devserver") {
    const cli = require(path.join(__dirname, "..", "dist", "cjs", "devserver", "cli.js"));
    return cli.main(rest);
  }
  if (cmd === "import-file") {
    const cli = require(path.join(__dirname, "..", "dist", "cjs", "provider", "import-file", "cli.js"));
    return cli.main(rest);
  }
  console.error(`unknown command "${cmd}"\n\n${usage}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === "number") process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
