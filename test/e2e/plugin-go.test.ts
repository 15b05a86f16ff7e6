/**
 * A Go program using the Go SDK generated from the plugin's schema
 * (sdk/go/qstash), run through the Go Automation API's inline mode against the
 * provider plugin and the devserver: create, no-op preview, in-place update,
 * refresh and destroy of a URL group, a schedule with a secret header and a
 * queue. The Go program is built with the machine's Go toolchain (cached).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.mjs";
import { projectDir, repoRoot } from "../support/stack.mjs";

const run = promisify(execFile);
const TOKEN = "go-plugin-token-6f02d4";
const API_KEY = "go-header-secret-b83a5c";

describe("a Go program through the generated SDK and the provider plugin", () => {
  let dev: DevServer;
  let state: string;
  let bin: string;
  const output: string[] = [];

  const step = async (...args: string[]) => {
    const env = {
      ...process.env,
      QSTASH_URL: dev.url,
      QSTASH_TOKEN: TOKEN,
      API_KEY,
      PLUGIN_DIR: join(projectDir(), "node_modules/pulumi-qstash/bin"),
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: "go-passphrase",
      PULUMI_HOME: join(state, ".pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
    };
    const r = await run(bin, args, { env, cwd: state, maxBuffer: 64 * 1024 * 1024, timeout: 170_000 }).catch(
      (e: Error & { stdout?: string; stderr?: string }) => {
        e.message += `\n--- stdout\n${e.stdout ?? ""}\n--- stderr\n${e.stderr ?? ""}`;
        throw e;
      },
    );
    output.push(r.stdout, r.stderr);
    return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  };

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    state = mkdtempSync(join(tmpdir(), "pq-go-"));
    bin = join(state, "pq-go-e2e");
    // test/go has a go.sum; -mod=mod lets a new machine fill the module cache
    await run("nice", ["-n", "10", "go", "build", "-mod=mod", "-o", bin, "."], {
      cwd: join(repoRoot, "test/go"),
      env: { ...process.env, CGO_ENABLED: "0" },
      timeout: 600_000,
    });
  }, 620_000);

  afterAll(async () => {
    if (bin) await step("destroy", "2").catch(() => {});
    if (state) rmSync(state, { recursive: true, force: true });
    await dev?.close();
  });

  it("sdk/go/qstash is what the generator makes from the plugin's current schema", async () => {
    const fresh = join(state, "sdk");
    await run("bash", [join(repoRoot, "scripts/gen-go-sdk.sh"), fresh], { cwd: repoRoot, timeout: 600_000 });
    const { stdout } = await run("diff", [
      "-r",
      join(fresh, "qstash"),
      join(repoRoot, "sdk/go/qstash"),
    ]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "differs" }));
    expect(stdout, "run scripts/gen-go-sdk.sh and commit sdk/go").toBe("");
  }, 620_000);

  it("up creates the URL group, the schedule with its secret header and the queue", async () => {
    const r = await step("up", "1");
    expect(r.changes).toEqual({ create: 4 });
    const inv = dev.inventory();
    expect(inv.urlGroups.map((g) => g.name)).toEqual(["go-orders"]);
    expect(inv.queues.map((q) => [q.name, q.parallelism])).toEqual([["go-jobs", 2]]);
    const s = inv.schedules[0] as {
      scheduleId: string;
      destination: string;
      header: Record<string, string[]>;
    };
    expect([s.destination, s.header["X-Api-Key"]]).toEqual(["go-orders", [API_KEY]]);
    expect(r.scheduleId).toBe(s.scheduleId);
  });

  it("a no-op preview shows no changes and makes no resource call", async () => {
    dev.requestLog.clear();
    expect((await step("preview")).changes).toEqual({ same: 4 });
    // getSigningKeys is a read the program makes on purpose
    expect(dev.requestLog.entries().filter((e) => e.path !== "/v2/keys")).toEqual([]);
  });

  it("changes update in place, keeping the schedule id", async () => {
    const id = (dev.inventory().schedules[0] as { scheduleId: string }).scheduleId;
    const r = await step("up", "2");
    expect(r.changes).toEqual({ update: 3, same: 1 });
    const inv = dev.inventory();
    expect(inv.schedules.map((s) => [s.scheduleId, s.cron])).toEqual([[id, "*/30 * * * *"]]);
    expect(inv.queues[0]?.parallelism).toBe(4);
  });

  it("refresh keeps everything; no secret in state or output; destroy removes it all", async () => {
    await step("refresh", "2");
    expect((await step("preview", "2")).changes).toEqual({ same: 4 });
    const stateText = readFileSync(join(state, ".pulumi/stacks/pq-go/dev.json"), "utf8");
    expect(
      JSON.parse(stateText).checkpoint.latest.resources.find(
        (r: { type: string }) => r.type === "qstash:index:Schedule",
      ).outputs.headers,
    ).toHaveProperty("ciphertext");
    expect(
      auditSecrets({
        secrets: { token: TOKEN, apiKey: API_KEY },
        texts: { state: stateText, output: output.join("\n") },
      }),
    ).toEqual([]);
    await step("destroy", "2");
    const inv = dev.inventory();
    expect([inv.urlGroups, inv.schedules, inv.queues]).toEqual([[], [], []]);
  });
});
