/**
 * A Go program using the Go SDK generated from the plugin's schema, installed
 * the way Go users install it: the module (sdk/go, its path derived from the
 * repository's address) is published at the package's version into a file
 * GOPROXY that the test builds (scripts/publish-go-sdk.sh), and a copy of
 * test/go outside the repository gets it with `go get <module>@v<version>`, no
 * replace directive; the plugin comes from the tarball of `npm run build:plugin`
 * installed with `pulumi plugin install --file` into the program's PULUMI_HOME.
 * The program runs through the Go Automation API's inline mode against the
 * devserver: create, no-op preview, in-place update, refresh and destroy of a URL
 * group, a schedule with a secret header and a queue.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { publishing } from "../../provider/plugin/build-info.js";
import { auditSecrets } from "../support/audit.ts";
import { repoBuildInfo } from "../support/build-info.js";
import { buildPlugin, HOST_PLATFORM, PLUGIN_VERSION, tarballName } from "../support/installed-plugin.js";
import { repoRoot } from "../support/stack.ts";

const run = promisify(execFile);
const TOKEN = "go-plugin-token-6f02d4";
const API_KEY = "go-header-secret-b83a5c";
const MODULE = publishing(repoBuildInfo()).goModulePath;

describe("a Go program through the Go SDK from a module proxy and the installed plugin", () => {
  let dev: DevServer;
  let state: string;
  let bin: string;
  let program: string;
  let goEnv: NodeJS.ProcessEnv;
  const output: string[] = [];
  const home = () => join(state, ".pulumi-home");

  const step = async (...args: string[]) => {
    const env = {
      ...process.env,
      QSTASH_URL: dev.url,
      QSTASH_TOKEN: TOKEN,
      API_KEY,
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: "go-passphrase",
      PULUMI_HOME: home(),
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

  const go = (args: string[], timeout = 600_000) =>
    run("nice", ["-n", "10", "go", ...args], {
      cwd: program,
      env: goEnv,
      timeout,
      maxBuffer: 64 * 1024 * 1024,
    });

  beforeAll(async () => {
    dev = await startDevServer({ host: "127.0.0.1", port: 0, token: TOKEN, tickMs: 60_000 });
    state = mkdtempSync(join(tmpdir(), "pq-go-"));
    bin = join(state, "pq-go-e2e");

    // the plugin, as `pulumi plugin install` takes it
    const dist = join(state, "dist");
    await buildPlugin(dist);
    await run(
      "pulumi",
      [
        "plugin",
        "install",
        "resource",
        "qstash",
        PLUGIN_VERSION,
        "--file",
        join(dist, tarballName(HOST_PLATFORM)),
      ],
      { env: { ...process.env, PULUMI_HOME: home() }, timeout: 120_000 },
    );

    // the Go SDK, as a module proxy serves it
    const proxy = join(state, "goproxy");
    await run("bash", [join(repoRoot, "scripts/publish-go-sdk.sh"), proxy], { timeout: 600_000 });
    const { stdout: upstream } = await run("go", ["env", "GOPROXY", "GOMODCACHE"]);
    const [proxies = "", modcache = ""] = upstream.trim().split("\n");
    program = join(state, "program");
    mkdirSync(program);
    for (const f of ["main.go", "go.mod", "go.sum"])
      copyFileSync(join(repoRoot, "test/go", f), join(program, f));
    goEnv = {
      ...process.env,
      CGO_ENABLED: "0",
      // a module cache of its own, so no copy of this version from an earlier run can stand in;
      // other modules come from the machine's download cache, then the usual proxies
      GOMODCACHE: join(state, "gomodcache"),
      GOPROXY: [`file://${proxy}`, `file://${modcache}/cache/download`, proxies].join(","),
      GONOSUMDB: MODULE,
      GOFLAGS: "-mod=mod -modcacherw",
    };
    await go(["get", `${MODULE}@v${PLUGIN_VERSION}`]);
    // -trimpath: build cache entries do not depend on where the module cache is
    await go(["build", "-trimpath", "-o", bin, "."]);
  }, 900_000);

  afterAll(async () => {
    if (bin) await step("destroy", "2").catch(() => {});
    if (state) rmSync(state, { recursive: true, force: true });
    await dev?.close();
  });

  it("the program requires the SDK module at the package's version, with no replace", () => {
    const gomod = readFileSync(join(program, "go.mod"), "utf8");
    expect(gomod).toContain(`${MODULE} v${PLUGIN_VERSION}`);
    expect(gomod).not.toMatch(/^replace|\breplace\s*\(/m);
    expect(readFileSync(join(program, "go.sum"), "utf8")).toContain(`${MODULE} v${PLUGIN_VERSION} h1:`);
  });

  it("sdk/go/qstash is what the generator makes from the plugin's current schema", async () => {
    const fresh = join(state, "sdk");
    await run("bash", [join(repoRoot, "scripts/gen-go-sdk.sh"), fresh], { cwd: repoRoot, timeout: 600_000 });
    const { stdout } = await run("diff", ["-r", fresh, join(repoRoot, "sdk/go")]).catch(
      (e: { stdout?: string }) => ({ stdout: e.stdout ?? "differs" }),
    );
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
