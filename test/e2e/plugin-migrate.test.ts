/**
 * Moving a stack from the dynamic provider to the provider plugin with
 * aliases: the same program's resources declared by type token
 * (`qstash:index:<Kind>`, a Node.js program without the package's classes)
 * with an alias to their dynamic type. Nothing is created, replaced or
 * deleted in QStash, and the next preview shows no changes.
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { type CliProject, cliProject } from "../support/cli-project.js";
import { createStack, loadProgram, projectDir, repoRoot, type TestStack } from "../support/stack.ts";

type Spec = {
  resources: { type: string; name: string; args: Record<string, unknown>; aliases?: unknown[] }[];
};
const dynamicProgram = loadProgram<(s: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");
const pluginProgram =
  loadProgram<(s: Spec) => () => Promise<Record<string, unknown>>>("plugin-resources.cjs");

const TOKEN = "migrate-token-0c4b7e";
const HEADER = "migrate-header-secret-e81f3a";

const spec: Spec = {
  resources: [
    { type: "Queue", name: "jobs", args: { name: "mig-jobs", parallelism: 2 } },
    {
      type: "UrlGroup",
      name: "orders",
      args: { name: "mig-orders", endpoints: [{ name: "api", url: "http://127.0.0.1:9/orders" }] },
    },
    {
      type: "Endpoint",
      name: "billing",
      args: { urlGroup: "mig-shared", name: "billing", url: "http://127.0.0.1:9/billing" },
    },
    {
      type: "Schedule",
      name: "nightly",
      args: {
        destination: "http://127.0.0.1:9/nightly",
        cron: "0 4 * * *",
        headers: { "X-Api-Key": HEADER },
      },
    },
  ],
};

/** The same resources by type token, each aliased to its dynamic-provider type. */
const migrated: Spec = {
  resources: spec.resources.map((r) => ({
    ...r,
    aliases: [{ type: `pulumi-nodejs:dynamic/qstash:${r.type}` }],
  })),
};

/** The README's TypeScript migration snippet, as written there. */
function readmeSnippet(): string {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("**Moving a stack from the dynamic provider"));
  return /```ts\n([\s\S]*?)```/.exec(section)![1]!;
}

describe("the README's migration snippet", () => {
  it("compiles with tsc (strict) and declares by type token through the subclass plugin-resources.cjs uses", async () => {
    const snippet = readmeSnippet();
    expect(snippet).toMatch(/class PluginResource extends pulumi\.CustomResource \{\}/);
    expect(readFileSync(join(import.meta.dirname, "programs/plugin-resources.cjs"), "utf8")).toMatch(
      /class PluginResource extends pulumi\.CustomResource \{\}[\s\S]*new PluginResource\(/,
    );
    const work = mkdtempSync(join(tmpdir(), "pq-migrate-snippet-"));
    try {
      mkdirSync(join(work, "node_modules"));
      symlinkSync(join(repoRoot, "node_modules", "@pulumi"), join(work, "node_modules", "@pulumi"), "dir");
      writeFileSync(join(work, "index.ts"), snippet);
      const compilerOptions = {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        types: ["node"],
        typeRoots: [join(repoRoot, "node_modules", "@types")],
      };
      writeFileSync(join(work, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }));
      const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
      const r = await promisify(execFile)(process.execPath, [tsc, "-p", work], { cwd: work }).catch(
        (e: { stdout?: string }) => ({ stdout: `tsc failed:\n${e.stdout}` }),
      );
      expect(r.stdout).toBe("");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe("migrating a stack from the dynamic provider to the plugin", () => {
  let dev: DevServer;
  let before: TestStack;
  let after: TestStack;
  const config = () => ({
    "qstash:url": { value: dev.url },
    "qstash:token": { value: TOKEN, secret: true },
  });
  const plugins = () => ({
    providers: [{ name: "qstash", path: join(projectDir(), "node_modules/pulumi-qstash/bin") }],
  });

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    before = await createStack({ project: "pq-migrate", program: dynamicProgram(spec), config: config() });
  });

  afterAll(async () => {
    await after?.destroy().catch(() => {});
    await after?.dispose();
    await before?.dispose();
    await dev?.close();
  });

  it("the stack starts on the dynamic provider", async () => {
    const up = await before.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 5 }); // stack + 4
    const types = JSON.parse(before.stateFileText()).checkpoint.latest.resources.map(
      (r: { type: string }) => r.type,
    );
    expect(types).toContain("pulumi-nodejs:dynamic/qstash:Schedule");
  });

  it("aliased type tokens take the resources over: no QStash write, same ids", async () => {
    const inventory = dev.inventory();
    after = await createStack({
      project: "pq-migrate",
      stateDir: before.stateDir,
      program: pluginProgram(migrated),
      config: config(),
      plugins: plugins(),
    });
    const pv = await after.preview();
    expect(pv.changeSummary).toEqual({ same: 5 });
    dev.requestLog.clear();
    const up = await after.up();
    expect(up.summary.resourceChanges).toEqual({ same: 5 });
    expect(dev.requestLog.entries().filter((e) => e.method !== "GET")).toEqual([]);
    expect(dev.inventory()).toEqual(inventory);
    const state = JSON.parse(after.stateFileText()).checkpoint.latest.resources as { type: string }[];
    expect(
      state
        .map((r) => r.type)
        .filter((t) => t.includes("qstash"))
        .sort(),
    ).toEqual([
      "pulumi:providers:qstash",
      "qstash:index:Endpoint",
      "qstash:index:Queue",
      "qstash:index:Schedule",
      "qstash:index:UrlGroup",
    ]);
    expect(state.some((r) => r.type.startsWith("pulumi-nodejs:"))).toBe(false);
  });

  it("the next preview shows no changes and makes no QStash call; refresh keeps everything", async () => {
    dev.requestLog.clear();
    const pv = await after.preview();
    expect(pv.changeSummary).toEqual({ same: 5 });
    expect(dev.requestLog.entries()).toEqual([]);
    await after.refresh();
    const pv2 = await after.preview();
    expect(pv2.changeSummary).toEqual({ same: 5 });
  });

  it("then the plugin updates and destroys them; no secret anywhere", async () => {
    const changed: Spec = {
      resources: migrated.resources.map((r) =>
        r.type === "Queue" ? { ...r, args: { ...r.args, parallelism: 5 } } : r,
      ),
    };
    const up = await after.up(pluginProgram(changed));
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, same: 4 });
    expect((dev.inventory().queues[0] as { parallelism: number }).parallelism).toBe(5);
    expect(
      auditSecrets({ secrets: { token: TOKEN, header: HEADER }, stacks: [after], devservers: [dev] }),
    ).toEqual([]);
    await after.destroy();
    const inv = dev.inventory();
    expect([inv.queues, inv.schedules, inv.urlGroups]).toEqual([[], [], []]);
  });
});

describe("migrating a stack from the dynamic provider to a Pulumi YAML program", () => {
  let dev: DevServer;
  let before: TestStack;
  let p: CliProject;
  const resources = spec.resources.filter((r) => r.type !== "Endpoint");

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    before = await createStack({
      project: "pq-migrate-yaml",
      program: dynamicProgram({ resources }),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
  });

  afterAll(async () => {
    await p?.pulumi(["destroy", "--yes", "--non-interactive"]).catch(() => {});
    await p?.dispose();
    await before?.dispose();
    await dev?.close();
  });

  it("aliases to the old URNs move every resource without a QStash write", async () => {
    await before.up();
    const inventory = dev.inventory();
    // the same stack (backend, name, config and its encryption salt), now a YAML program
    p = cliProject("migrate-yaml", {
      PULUMI_BACKEND_URL: `file://${before.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: before.stack.workspace.envVars.PULUMI_CONFIG_PASSPHRASE ?? "",
    });
    copyFileSync(join(before.stateDir, "workspace/Pulumi.dev.yaml"), join(p.dir, "Pulumi.dev.yaml"));
    const alias = (type: string, name: string) =>
      `urn:pulumi:dev::pq-migrate-yaml::pulumi-nodejs:dynamic/qstash:${type}::${name}`;
    p.writeProject(`name: pq-migrate-yaml
runtime: yaml
plugins:
  providers:
    - name: qstash
      path: ${p.pluginDir}
resources:
  jobs:
    type: qstash:index:Queue
    properties: { name: mig-jobs, parallelism: 2 }
    options: { aliases: ["${alias("Queue", "jobs")}"] }
  orders:
    type: qstash:index:UrlGroup
    properties:
      name: mig-orders
      endpoints: [{ name: api, url: "http://127.0.0.1:9/orders" }]
    options: { aliases: ["${alias("UrlGroup", "orders")}"] }
  nightly:
    type: qstash:index:Schedule
    properties:
      destination: http://127.0.0.1:9/nightly
      cron: 0 4 * * *
      headers: { X-Api-Key: "${HEADER}" }
    options: { aliases: ["${alias("Schedule", "nightly")}"] }
`);
    await p.pulumi(["stack", "select", "dev"]);
    dev.requestLog.clear();
    const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive"]);
    expect(stdout).not.toMatch(/created|replaced|deleted/);
    expect(dev.requestLog.entries().filter((e) => e.method !== "GET")).toEqual([]);
    expect(dev.inventory()).toEqual(inventory);
    const types = JSON.parse(before.stateFileText()).checkpoint.latest.resources.map(
      (r: { type: string }) => r.type,
    );
    expect(types.filter((t: string) => t.startsWith("pulumi-nodejs:"))).toEqual([]);
    await p.pulumi(["preview", "--expect-no-changes", "--non-interactive"]);
  });
});
