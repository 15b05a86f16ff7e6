// A Pulumi TypeScript program as `pulumi new typescript` writes it, on its own
// @pulumi/pulumi at an older minor than this repository develops against,
// with the packed tarball installed beside it: one copy of the Pulumi SDK in
// its tree, and `up`, a no-op preview, `refresh` and `destroy` through the
// real pulumi CLI and the dynamic provider against the devserver.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { type Consumer, consumerProject, devVersion, packedTarball } from "../support/consumer.js";

const TOKEN = "pulumi-program-token-7d21e9";
const API_KEY = "pulumi-program-header-c4a812";
/** Older than the repository's @pulumi/pulumi (a different minor), so a second copy would show. */
const PROGRAM_SDK = "3.270.0";

const PULUMI_YAML = `name: qstash-app
description: A QStash application
runtime:
  name: nodejs
  options:
    packagemanager: npm
config:
  pulumi:tags:
    value:
      pulumi:template: typescript
`;

// `pulumi new typescript`'s tsconfig.json: CommonJS, node resolution, no esModuleInterop, no skipLibCheck
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

const INDEX_TS = `import * as pulumi from "@pulumi/pulumi";
import { Queue, Schedule, UrlGroup } from "pulumi-qstash";

const config = new pulumi.Config();
const orders = new UrlGroup("orders", {
  name: "app-orders",
  endpoints: [{ name: "primary", url: "http://127.0.0.1:9/orders" }],
});
const hourly = new Schedule("hourly", {
  destination: orders,
  cron: "0 * * * *",
  body: "tick",
  headers: { "X-Api-Key": config.requireSecret("apiKey") },
});
const emails = new Queue("emails", { name: "app-emails", parallelism: 2 });

export const urlGroup = orders.name;
export const queue = emails.name;
export const scheduleId = hourly.scheduleId;
`;

describe("a Pulumi TypeScript program installs the packed package beside its own @pulumi/pulumi", () => {
  let dev: DevServer;
  let app: Consumer;
  let state: string;
  const output: string[] = [];

  const pulumi = async (args: string[]) => {
    const r = await app.run("pulumi", [...args, "--non-interactive"], {
      env: {
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: "pulumi-program-passphrase",
        PULUMI_HOME: join(state, ".pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
      },
      timeout: 240_000,
    });
    output.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    state = mkdtempSync(join(tmpdir(), "pq-program-state-"));
    app = consumerProject("qstash-app", {
      main: "index.ts",
      devDependencies: { "@types/node": devVersion("@types/node"), typescript: devVersion("typescript") },
      dependencies: { "@pulumi/pulumi": PROGRAM_SDK },
    });
    app.write("Pulumi.yaml", PULUMI_YAML);
    app.write("tsconfig.json", `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    app.write("index.ts", INDEX_TS);
    await app.npm(["install"]);
    await app.npm(["install", await packedTarball()]);
    await pulumi(["stack", "init", "dev"]);
    await pulumi(["config", "set", "qstash:url", dev.url]);
    await pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
    await pulumi(["config", "set", "--secret", "apiKey", API_KEY]);
  }, 900_000);

  afterAll(async () => {
    if (app && state) await pulumi(["destroy", "--yes"]).catch(() => {});
    app?.dispose();
    if (state) rmSync(state, { recursive: true, force: true });
    await dev?.close();
  });

  it("has exactly one @pulumi/pulumi in its tree, the program's own", async () => {
    const copies = app.footprint().packages.filter((p) => p === "@pulumi/pulumi");
    expect(copies).toEqual(["@pulumi/pulumi"]);
    const { stdout } = await app.run("npm", ["ls", "@pulumi/pulumi", "--all", "--json"]);
    const versions = new Set<string>();
    const walk = (node: { version?: string; dependencies?: Record<string, unknown> }, name?: string) => {
      if (name === "@pulumi/pulumi" && node.version) versions.add(node.version);
      for (const [n, d] of Object.entries(node.dependencies ?? {})) walk(d as typeof node, n);
    };
    walk(JSON.parse(stdout));
    expect([...versions]).toEqual([PROGRAM_SDK]);
  });

  it("a program loading the resources loads no zod and no croner (they serve only the provider's check)", async () => {
    const { stdout } = await app.run(process.execPath, [
      "-e",
      'require("pulumi-qstash"); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /pulumi-qstash[\\\\/]dist[\\\\/]cjs[\\\\/]deps[\\\\/]/.test(k))))',
    ]);
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it("the program type-checks under the template's tsconfig with the installed declarations", async () => {
    await app.run(process.execPath, [
      join(app.dir, "node_modules/typescript/bin/tsc"),
      "--noEmit",
      "-p",
      ".",
    ]);
  });

  it("pulumi up creates the URL group, schedule and queue", async () => {
    const { stdout } = await pulumi(["up", "--yes"]);
    expect(stdout).toMatch(/\+ 4 created/);
    const inv = dev.inventory();
    expect(inv.urlGroups.map((g) => g.name)).toEqual(["app-orders"]);
    expect(inv.queues.map((q) => [q.name, q.parallelism])).toEqual([["app-emails", 2]]);
    expect(inv.schedules).toHaveLength(1);
    expect(inv.schedules[0]?.cron).toBe("0 * * * *");
  });

  it("a second preview has no changes", async () => {
    const { stdout } = await pulumi(["preview", "--expect-no-changes"]);
    expect(stdout).toMatch(/4 unchanged/);
  });

  it("refresh finds no drift", async () => {
    const { stdout } = await pulumi(["refresh", "--yes"]);
    expect(stdout).not.toMatch(/~ \d+ updated|- \d+ deleted/);
    await pulumi(["preview", "--expect-no-changes"]);
  });

  it("destroy deletes everything, and no secret reached the output or the state in plain text", async () => {
    const { stdout } = await pulumi(["destroy", "--yes"]);
    expect(stdout).toMatch(/- 4 deleted/);
    const inv = dev.inventory();
    expect([inv.urlGroups, inv.queues, inv.schedules]).toEqual([[], [], []]);
    const { stdout: exported } = await pulumi(["stack", "export"]);
    for (const text of [...output, exported]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(API_KEY);
    }
  });
});
