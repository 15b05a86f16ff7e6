import { execFile } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectDir, repoRoot } from "../support/stack.ts";

const run = promisify(execFile);

describe("the pulumi-qstash command", () => {
  it("runs --help from the checkout", async () => {
    const { stdout } = await run(process.execPath, [join(repoRoot, "bin/pulumi-qstash.cjs"), "--help"]);
    expect(stdout).toMatch(/^pulumi-qstash <command>/);
    expect(stdout).toMatch(/devserver\s+Run a local QStash-compatible server/);
  });

  it("runs as `npx pulumi-qstash` where the package is installed as a dependency", async () => {
    const dir = projectDir(); // a packed-layout copy under node_modules
    const bin = join(dir, "node_modules/.bin");
    mkdirSync(bin, { recursive: true });
    rmSync(join(bin, "pulumi-qstash"), { force: true });
    symlinkSync("../pulumi-qstash/bin/pulumi-qstash.cjs", join(bin, "pulumi-qstash"));
    const { stdout } = await run("npx", ["--no-install", "pulumi-qstash", "--help"], { cwd: dir });
    expect(stdout).toMatch(/devserver/);
    const version = await run("npx", ["--no-install", "pulumi-qstash", "--version"], { cwd: dir });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("refuses an unknown command with exit code 2", async () => {
    await expect(
      run(process.execPath, [join(repoRoot, "bin/pulumi-qstash.cjs"), "nope"]),
    ).rejects.toMatchObject({
      code: 2,
    });
  });
});
