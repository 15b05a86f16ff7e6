import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectDir } from "../support/stack.ts";

const run = promisify(execFile);

// Loaded from a packed-layout install, the way a user's project loads them.
const entries: Record<string, string[]> = {
  "pulumi-qstash": [
    "UrlGroup",
    "Topic",
    "Endpoint",
    "Schedule",
    "Queue",
    "getSigningKeys",
    "getSigningKeysOutput",
  ],
  "pulumi-qstash/client": ["Client", "QStashError", "NotFoundError", "RateLimitedError"],
  "pulumi-qstash/receiver": ["Receiver", "verify", "SignatureError", "signDelivery", "verifyFetchRequest"],
  "pulumi-qstash/devserver": ["startDevServer"],
};

describe("every entry point loads from CommonJS and from ESM", () => {
  for (const [spec, names] of Object.entries(entries)) {
    it(`${spec}: require()`, async () => {
      const code = `const m = require(${JSON.stringify(spec)}); console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof m[n] !== "function")))`;
      const { stdout } = await run(process.execPath, ["-e", code], { cwd: projectDir() });
      expect(JSON.parse(stdout)).toEqual([]);
    });
    it(`${spec}: import()`, async () => {
      const code = `const m = await import(${JSON.stringify(spec)}); console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof m[n] !== "function")))`;
      const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], {
        cwd: projectDir(),
      });
      expect(JSON.parse(stdout)).toEqual([]);
    });
  }
});
