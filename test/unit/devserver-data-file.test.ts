// The devserver's data file (`dataFile`, `--data`): a path that cannot be used
// fails at startup, before anything listens, naming the option and the path; a
// write that fails later answers with an error that says the change was applied.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { DataFileError, startDevServer } from "../../devserver/index.js";
import { Client } from "../../sdk/client/index.js";
import { ServerError } from "../../sdk/errors.js";
import { repoRoot } from "../support/stack.ts";

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), "qstash-data-file-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a data file that cannot be used fails at startup", () => {
  it("startDevServer rejects a path whose directory does not exist, naming dataFile and the path", async () => {
    const file = join(root, "missing", "state.json");
    const err = await startDevServer({ port: 0, dataFile: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).file).toBe(file);
    expect((err as Error).message).toBe(
      `dataFile ${JSON.stringify(file)} cannot be written: directory ${join(root, "missing")} does not exist (ENOENT)`,
    );
  });

  it("startDevServer rejects a data file that is not JSON, naming the path", async () => {
    const file = join(root, "broken.json");
    writeFileSync(file, "{not json");
    const err = await startDevServer({ port: 0, dataFile: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as Error).message).toMatch(/^dataFile ".*broken\.json" cannot be read: .*JSON/);
    expect(readFileSync(file, "utf8")).toBe("{not json"); // left as it was
  });

  it("`pulumi-qstash devserver --data` with such a path exits 1 with the reason and never says ready", async () => {
    const file = join(root, "missing", "x.json");
    // A server that wrongly starts is killed after the timeout (and the test fails).
    const args = [join(repoRoot, "bin/pulumi-qstash.cjs"), "devserver", "--port", "0", "--data", file];
    const failed = await run(process.execPath, args, { timeout: 15_000 }).catch(
      (e: unknown) => e as { code: number; stdout: string; stderr: string },
    );
    expect(failed).toMatchObject({ code: 1, stdout: "" });
    expect((failed as { stderr: string }).stderr.trim()).toBe(
      `--data ${JSON.stringify(file)} cannot be written: directory ${join(root, "missing")} does not exist (ENOENT)`,
    );
  });

  it("a usable path holds the state as soon as the server answers", async () => {
    const file = join(root, "fresh.json");
    const dev = await startDevServer({ port: 0, dataFile: file });
    try {
      expect(existsSync(file)).toBe(true);
      const saved = JSON.parse(readFileSync(file, "utf8")) as { keys: { current: string } };
      expect(saved.keys.current).toBe(dev.currentSigningKey);
    } finally {
      await dev.close();
    }
  });
});

it("a change that cannot be persisted later is applied, and the 500 says so", async () => {
  const dir = mkdtempSync(join(root, "later-"));
  const file = join(dir, "state.json");
  const logged: string[] = [];
  const dev = await startDevServer({ port: 0, dataFile: file, logger: (l) => logged.push(l) });
  const client = new Client({ baseUrl: dev.url, token: dev.token, retry: false });
  try {
    rmSync(dir, { recursive: true }); // as if the disk went away under the running server
    const err = await client.queues.upsert({ queueName: "emails", parallelism: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    const said = `the change was applied (it is live in this devserver) but not persisted to the data file ${file}: directory ${dir} does not exist (ENOENT)`;
    expect((err as ServerError).serverMessage).toBe(said);
    expect(logged).toContain(said);
    // applied: the queue is there
    expect(await client.queues.get("emails")).toMatchObject({ name: "emails", parallelism: 2 });
  } finally {
    await client.close();
    await dev.close().catch(() => {}); // its last save fails too: the directory is gone
  }
});
