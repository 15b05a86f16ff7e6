import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/stack.ts";

const run = promisify(execFile);

describe("npm start (the main job)", () => {
  it("deploys the quickstart, previews no changes and verifies real deliveries", async () => {
    const { stdout } = await run(process.execPath, [join(repoRoot, "scripts/start.mjs")], {
      cwd: repoRoot,
      env: { ...process.env, PULUMI_QSTASH_STATE_DIR: "" },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toMatch(/\[1\/6\] starting the devserver/);
    expect(stdout).toMatch(/\+ 5 created/);
    expect(stdout).toMatch(/No-op preview:\s+\{"same":5\} \(no changes\)/);
    expect(stdout).toMatch(/Deliveries:\s+3 received, 3 verified by pulumi-qstash\/receiver/);
    expect(stdout).toMatch(/Dead-letter queue:\s+empty \(no delivery failed for good\)/);
    expect(stdout).toMatch(/cleaned up: stack destroyed, devserver stopped/);
    // secret outputs stay masked in the CLI output
    expect(stdout).toMatch(/currentSigningKey: \[secret\]/);
  });
});
