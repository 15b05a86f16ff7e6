/**
 * The plugin as a Pulumi YAML (GitOps) user installs it: `npm run build:plugin`'s
 * tarball for this machine, `pulumi plugin install resource qstash <version>
 * --file <tarball>` into a fresh PULUMI_HOME, then a Pulumi YAML program with no
 * `plugins:` section and no package.json anywhere runs up, a no-op preview,
 * refresh and destroy against the devserver. The plugin can only come from
 * PULUMI_HOME (no pulumi-resource-qstash on PATH, the folders are outside the
 * repository with no node_modules above them), and every module its Node
 * process resolves is recorded and must lie inside the installed plugin.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { NODE_MINIMUM } from "../../sdk/node-version.js";
import { auditSecrets } from "../support/audit.ts";
import {
  buildPlugin,
  HOST_PLATFORM,
  nodeModulesAbove,
  PLUGIN_VERSION,
  type PluginWorld,
  pluginWorld,
  tarballName,
  whichDir,
} from "../support/installed-plugin.js";
import { repoRoot } from "../support/stack.ts";

const run = promisify(execFile);
const TOKEN = "installed-plugin-token-31c9e0";
const API_KEY = "installed-header-secret-5d2b77";

const program = (parallelism: number) => `name: pq-installed
runtime: yaml
config:
  apiKey:
    type: string
    secret: true
resources:
  orders:
    type: qstash:index:UrlGroup
    properties:
      name: installed-orders
      endpoints:
        - name: api
          url: http://127.0.0.1:9/api
  nightly:
    type: qstash:index:Schedule
    properties:
      destination: \${orders.name}
      cron: "0 3 * * *"
      headers:
        X-Api-Key: \${apiKey}
  jobs:
    type: qstash:index:Queue
    properties:
      name: installed-jobs
      parallelism: ${parallelism}
outputs:
  scheduleId: \${nightly.scheduleId}
`;

describe("the plugin tarball installed with `pulumi plugin install --file`, under Pulumi YAML", () => {
  let dev: DevServer;
  let w: PluginWorld;
  let dist: string;

  beforeAll(async () => {
    dev = await startDevServer({ host: "127.0.0.1", port: 0, token: TOKEN, tickMs: 60_000 });
    w = pluginWorld("installed");
    dist = join(w.root, "dist");
    await buildPlugin(dist);
  }, 180_000);

  afterAll(async () => {
    await w?.pulumi(["destroy", "--yes", "--non-interactive"]).catch(() => {});
    w?.dispose();
    await dev?.close();
  });

  it("build:plugin writes one tarball per OS and architecture", () => {
    const platforms = ["linux", "darwin", "windows"].flatMap((os) => [`${os}-amd64`, `${os}-arm64`]);
    expect(
      readdirSync(dist)
        .filter((f) => f.endsWith(".tar.gz"))
        .sort(),
    ).toEqual(platforms.map((p) => tarballName(p)).sort());
  });

  it("each tarball holds the same bundle and a launcher; Windows gets a .cmd one", async () => {
    const bundles = new Set<string>();
    for (const os of ["linux", "darwin", "windows"]) {
      const tarball = join(dist, tarballName(`${os}-arm64`));
      const { stdout: list } = await run("tar", ["-tzf", tarball]);
      const launchers = os === "windows" ? ["pulumi-resource-qstash.cmd"] : [];
      expect(list.trim().split("\n").sort()).toEqual(
        ["pulumi-resource-qstash", "pulumi-resource-qstash.cjs", ...launchers].sort(),
      );
      const { stdout: bundle } = await run("tar", ["-xOzf", tarball, "pulumi-resource-qstash.cjs"], {
        maxBuffer: 64 * 1024 * 1024,
      });
      bundles.add(bundle);
      if (os === "windows") {
        const { stdout: cmd } = await run("tar", ["-xOzf", tarball, "pulumi-resource-qstash.cmd"]);
        // cmd.exe runs the bundle beside the launcher with the node on PATH
        expect(cmd).toContain('node "%~dp0pulumi-resource-qstash.cjs" %*\r\n');
      }
    }
    expect(bundles.size).toBe(1);
  });

  it("`pulumi plugin install --file` puts the plugin into PULUMI_HOME, which holds nothing else", async () => {
    await w.pulumi([
      "plugin",
      "install",
      "resource",
      "qstash",
      PLUGIN_VERSION,
      "--file",
      join(dist, tarballName(HOST_PLATFORM)),
    ]);
    expect(statSync(join(w.pluginDir, "pulumi-resource-qstash")).mode & 0o111).not.toBe(0);
    expect(readdirSync(w.pluginDir).sort()).toEqual(["pulumi-resource-qstash", "pulumi-resource-qstash.cjs"]);
    const { stdout } = await w.pulumi(["plugin", "ls", "--json"]);
    const plugins = JSON.parse(stdout) as { name: string; kind: string; version: string; path: string }[];
    expect(plugins.map((p) => [p.kind, p.name, p.version])).toEqual([["resource", "qstash", PLUGIN_VERSION]]);
  });

  it(`the installed plugin says what it needs: Node.js >= ${NODE_MINIMUM} on PATH`, async () => {
    const launcher = join(w.pluginDir, "pulumi-resource-qstash");
    const noNode = await run("/bin/sh", [launcher], { env: { PATH: "/nonexistent" } }).then(
      () => undefined,
      (e: Error & { code?: number; stderr?: string }) => e,
    );
    expect([noNode?.code, noNode?.stderr?.trim()]).toEqual([
      1,
      `pulumi-resource-qstash: Node.js >= ${NODE_MINIMUM} must be on PATH`,
    ]);
    // an older Node, as the bundle sees it
    const old = join(w.root, "old-node.cjs");
    writeFileSync(
      old,
      `Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.19.0" } });\n`,
    );
    const oldNode = await run(
      process.execPath,
      ["--require", old, join(w.pluginDir, "pulumi-resource-qstash.cjs")],
      {
        env: { PATH: w.env.PATH },
      },
    ).then(
      () => undefined,
      (e: Error & { code?: number; stderr?: string }) => e,
    );
    expect(oldNode?.code).toBe(1);
    expect(oldNode?.stderr?.trim()).toBe(
      `pulumi-resource-qstash: needs Node.js >= ${NODE_MINIMUM} on PATH, found 20.19.0`,
    );
  });

  it("nothing outside PULUMI_HOME can serve the plugin", () => {
    // outside the repository, no node_modules above, no plugin executable on PATH
    for (const dir of [w.pluginDir, w.project]) {
      expect(relative(repoRoot, dir).startsWith("..")).toBe(true);
      expect(nodeModulesAbove(dir)).toEqual([]);
    }
    expect(whichDir("pulumi-resource-qstash", w.env.PATH)).toBeUndefined();
    expect(existsSync(join(w.project, "package.json"))).toBe(false);
  });

  it("a YAML program with no plugins section runs up against the devserver", async () => {
    w.writeProject(program(2));
    expect(readFileSync(join(w.project, "Pulumi.yaml"), "utf8")).not.toMatch(/plugins:/);
    await w.pulumi(["stack", "init", "dev"]);
    await w.pulumi(["config", "set", "qstash:url", dev.url]);
    await w.pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
    await w.pulumi(["config", "set", "--secret", "apiKey", API_KEY]);
    const { stdout } = await w.pulumi(["up", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/\+ 4 created/);
    const inv = dev.inventory();
    expect(inv.urlGroups.map((g) => g.name)).toEqual(["installed-orders"]);
    expect(inv.queues.map((q) => [q.name, q.parallelism])).toEqual([["installed-jobs", 2]]);
    const s = inv.schedules[0] as { destination: string; header?: Record<string, string[]> };
    expect([s.destination, s.header?.["X-Api-Key"]]).toEqual(["installed-orders", [API_KEY]]);
  });

  it("the plugin ran from PULUMI_HOME and resolved nothing outside it", () => {
    const resolved = readFileSync(w.auditLog, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split("\t")[1] ?? "");
    expect(resolved).toContain(join(w.pluginDir, "pulumi-resource-qstash.cjs"));
    expect(resolved.filter((f) => !f.startsWith(`${w.pluginDir}/`))).toEqual([]);
  });

  it("a no-op preview expects no changes; refresh keeps everything", async () => {
    dev.requestLog.clear();
    await w.pulumi(["preview", "--non-interactive", "--expect-no-changes"]);
    expect(dev.requestLog.entries()).toEqual([]);
    const { stdout } = await w.pulumi(["refresh", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/4 unchanged/);
    await w.pulumi(["preview", "--non-interactive", "--expect-no-changes"]);
  });

  it("destroy removes everything; no secret in the output", async () => {
    const { stdout } = await w.pulumi(["destroy", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/- 4 deleted/);
    const inv = dev.inventory();
    expect([inv.urlGroups, inv.schedules, inv.queues]).toEqual([[], [], []]);
    expect(
      auditSecrets({ secrets: { token: TOKEN, apiKey: API_KEY }, texts: { output: w.output.join("\n") } }),
    ).toEqual([]);
  });
});
