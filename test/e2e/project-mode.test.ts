// Project mode: the real `pulumi` CLI runs a Pulumi.yaml project (runtime
// nodejs) through the `pulumi-language-nodejs` language host found beside it
// or on PATH. Where the CLI is built from the Go module proxy, that host is
// our own (tools/language-host); everything else in the suite runs programs
// inline through the Automation API, which needs no language host.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { projectDir } from "../support/stack.ts";

const run = promisify(execFile);
const TOKEN = "project-mode-token-5b1e";

const PULUMI_YAML = `name: pq-project-mode
runtime: nodejs
main: index.js
`;

// What a user writes: CommonJS, the package by its name, config from the stack.
const INDEX_JS = `const pulumi = require("@pulumi/pulumi");
const { Queue, UrlGroup } = require("pulumi-qstash");

const cfg = new pulumi.Config("app");
const emails = new Queue("emails", { name: "pm-emails", parallelism: cfg.getNumber("parallelism") ?? 2 });
const orders = new UrlGroup("orders", {
  name: "pm-orders",
  endpoints: [{ name: "primary", url: "http://127.0.0.1:9/orders" }],
});

exports.queue = emails.name;
exports.urlGroup = orders.name;
// proves the secret config value reached the program, without printing it
exports.tokenLength = new pulumi.Config("qstash").requireSecret("token").apply((t) => t.length);
`;

// runtime.options.typescript defaults to true, as with the official host
const TS_INDEX = `import { Queue } from "pulumi-qstash";

const parallelism: number = 3;
const q = new Queue("ts-queue", { name: "pm-ts-queue", parallelism });
export const queue = q.name;
export { parallelism };
`;

const FAILING_JS = `throw new Error("project-mode-deliberate-failure");\n`;

describe("project mode: pulumi up/preview/refresh/destroy on a Pulumi.yaml project", () => {
  let dev: DevServer;
  let dir: string;
  let state: string;
  let env: NodeJS.ProcessEnv;

  const pulumi = async (args: string[], opts: { cwd?: string } = {}) => {
    try {
      return await run("pulumi", args, {
        cwd: opts.cwd ?? dir,
        env,
        maxBuffer: 16 * 1024 * 1024,
        timeout: 110_000,
      });
    } catch (e) {
      const err = e as Error & { stdout?: string; stderr?: string };
      err.message += `\n--- stdout\n${err.stdout ?? ""}\n--- stderr\n${err.stderr ?? ""}`;
      throw err;
    }
  };

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN });
    // Inside the installed copy's folder, so `pulumi-qstash` resolves from its
    // node_modules and @pulumi/pulumi from the repo's, walking up.
    dir = join(projectDir(), `project-mode-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "Pulumi.yaml"), PULUMI_YAML);
    // the repo's package.json says "type": "module"; this project is CommonJS
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name: "pq-project-mode", private: true, type: "commonjs" })}\n`,
    );
    writeFileSync(join(dir, "index.js"), INDEX_JS);

    state = mkdtempSync(join(tmpdir(), "pq-project-mode-"));
    env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: "project-mode-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_HOME: join(state, ".pulumi-home"),
      // the program and the provider run on this Node
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
    };
    const { stdout: version } = await pulumi(["version"]);
    const { stdout: where } = await run(
      "sh",
      ["-c", "command -v pulumi; command -v pulumi-language-nodejs || true"],
      { env },
    );
    console.log(`[project-mode] pulumi ${version.trim()}; ${where.trim().split("\n").join(", ")}`);

    await pulumi(["stack", "init", "dev"]);
    await pulumi(["config", "set", "qstash:url", dev.url]);
    await pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
  });

  afterAll(async () => {
    if (dir) {
      await pulumi(["destroy", "--yes", "--non-interactive"]).catch(() => {});
      await pulumi(["stack", "rm", "dev", "--yes", "--force"]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
    if (state) rmSync(state, { recursive: true, force: true });
    await dev?.close();
  });

  it("pulumi up creates the resources and exports the outputs", async () => {
    const { stdout } = await pulumi(["up", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/\+ 3 created/);
    expect(stdout).not.toContain(TOKEN);

    const inv = dev.inventory();
    expect(inv.queues.map((q) => q.name)).toEqual(["pm-emails"]);
    expect(inv.queues[0]?.parallelism).toBe(2);
    expect(inv.urlGroups.map((g) => g.name)).toEqual(["pm-orders"]);

    const { stdout: out } = await pulumi(["stack", "output", "--json"]);
    expect(JSON.parse(out)).toEqual({ queue: "pm-emails", urlGroup: "pm-orders", tokenLength: "[secret]" });
    const { stdout: secret } = await pulumi(["stack", "output", "tokenLength", "--show-secrets"]);
    expect(secret.trim()).toBe(String(TOKEN.length));
  });

  it("pulumi preview --expect-no-changes passes after up", async () => {
    const { stdout } = await pulumi(["preview", "--non-interactive", "--expect-no-changes"]);
    expect(stdout).toMatch(/3 unchanged/);
  });

  it("a config change flows into the program and updates the queue", async () => {
    await pulumi(["config", "set", "app:parallelism", "4"]);
    const { stdout } = await pulumi(["up", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/~ 1 updated/);
    expect(dev.inventory().queues[0]?.parallelism).toBe(4);
  });

  it("pulumi refresh keeps the resources", async () => {
    const { stdout } = await pulumi(["refresh", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/3 unchanged/);
    expect(dev.inventory().queues.map((q) => q.name)).toEqual(["pm-emails"]);
  });

  it("a failing program fails `pulumi preview` with its error and changes nothing", async () => {
    const bad = join(dir, "failing");
    mkdirSync(bad, { recursive: true });
    writeFileSync(
      join(bad, "Pulumi.yaml"),
      PULUMI_YAML.replace("pq-project-mode", "pq-project-mode-failing"),
    );
    writeFileSync(join(bad, "index.js"), FAILING_JS);
    await pulumi(["stack", "init", "bad"], { cwd: bad });
    const err = (await pulumi(["preview", "--non-interactive"], { cwd: bad }).then(
      () => undefined,
      (e: unknown) => e,
    )) as (Error & { code?: number }) | undefined;
    expect(err, "preview of a throwing program must fail").toBeDefined();
    expect(err?.message).toContain("project-mode-deliberate-failure");
    await pulumi(["stack", "rm", "bad", "--yes", "--force"], { cwd: bad });
    expect(dev.inventory().queues.map((q) => q.name)).toEqual(["pm-emails"]);
  });

  it("a TypeScript main (index.ts) runs through ts-node", async () => {
    const ts = join(dir, "typescript");
    mkdirSync(ts, { recursive: true });
    writeFileSync(join(ts, "Pulumi.yaml"), "name: pq-project-mode-ts\nruntime: nodejs\nmain: index.ts\n");
    writeFileSync(join(ts, "index.ts"), TS_INDEX);
    await pulumi(["stack", "init", "ts"], { cwd: ts });
    await pulumi(["config", "set", "qstash:url", dev.url], { cwd: ts });
    await pulumi(["config", "set", "--secret", "qstash:token", TOKEN], { cwd: ts });
    const { stdout } = await pulumi(["up", "--yes", "--non-interactive"], { cwd: ts });
    expect(stdout).toMatch(/\+ 2 created/);
    expect(
      dev
        .inventory()
        .queues.map((q) => q.name)
        .sort(),
    ).toEqual(["pm-emails", "pm-ts-queue"]);
    const { stdout: out } = await pulumi(["stack", "output", "--json"], { cwd: ts });
    expect(JSON.parse(out)).toEqual({ queue: "pm-ts-queue", parallelism: 3 });
    await pulumi(["destroy", "--yes", "--non-interactive"], { cwd: ts });
    await pulumi(["stack", "rm", "ts", "--yes"], { cwd: ts });
    expect(dev.inventory().queues.map((q) => q.name)).toEqual(["pm-emails"]);
  });

  it("pulumi destroy deletes the resources", async () => {
    const { stdout } = await pulumi(["destroy", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/- 3 deleted/);
    const inv = dev.inventory();
    expect(inv.queues).toEqual([]);
    expect(inv.urlGroups).toEqual([]);
  });
});
