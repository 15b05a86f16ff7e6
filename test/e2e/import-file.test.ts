/**
 * `pulumi-qstash import-file` over a 300-object account made with the official
 * @upstash/qstash SDK: the bulk import file goes through the real
 * `pulumi import --file` with the provider plugin (Pulumi YAML), after which
 * the generated code previews without changes and an edit updates one object
 * in place; `--program ts` goes through `pulumi up` in a Node.js project,
 * which adopts every object without creating or replacing anything in QStash.
 * No token and no header value leaks.
 */

import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client as UpstashClient } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { type CliProject, cliProject } from "../support/cli-project.js";
import { projectDir } from "../support/stack.ts";
import { compileProject } from "../support/tsc.js";

const run = promisify(execFile);
const TOKEN = "import-file-token-3c81f0a2";
const SINK = "http://127.0.0.1:9";
/** Every header value the account holds, by schedule id and header: none may leak. */
const headerValues = new Map<string, Record<string, string>>();
const secretOf = (id: string, header: string) => `hv-${id}-${header.length}-5e7d1b`;

const GROUPS = 60;
const SCHEDULES = 178; // plus 2 that an import cannot take
const QUEUES = 60;

/** The account: URL groups with named (and one nameless) endpoints, schedules using every option, queues. */
async function buildAccount(official: UpstashClient): Promise<void> {
  const pad = (i: number) => String(i).padStart(3, "0");
  for (let i = 0; i < QUEUES; i++) {
    await official
      .queue({ queueName: `que-${pad(i)}` })
      .upsert({ parallelism: (i % 5) + 1, paused: i === 7 });
  }
  for (let i = 0; i < GROUPS; i++) {
    await official.urlGroups.addEndpoints({
      name: `grp-${pad(i)}`,
      endpoints: [
        { name: "primary", url: `${SINK}/g${i}/primary` },
        i % 2 ? { url: `${SINK}/g${i}/nameless` } : { name: "backup copy", url: `${SINK}/g${i}/backup` },
      ],
    });
  }
  for (let i = 0; i < SCHEDULES; i++) {
    const id = `sch-${pad(i)}`;
    const headers: Record<string, string> = {};
    const secret = (h: string) => {
      const v = secretOf(id, h);
      headerValues.set(id, { ...headerValues.get(id), [h]: v });
      return v;
    };
    const variant = i % 6;
    if (variant === 0 || variant === 1) headers["X-Api-Key"] = secret("X-Api-Key");
    if (variant === 1) {
      headers["Upstash-Callback-Forward-Authorization"] = secret("Authorization");
      headers["Upstash-Failure-Callback-Forward-X-Alert"] = secret("X-Alert");
    }
    if (variant === 3) headers["Upstash-Retry-Delay"] = "pow(2, retried) * 1000";
    await official.schedules.create({
      scheduleId: id,
      destination: variant === 4 ? `grp-${pad(i % GROUPS)}` : `${SINK}/s/${i}`,
      cron: `${i % 60} ${i % 24} * * *`,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(variant === 0 ? { method: "PUT" as const, body: `{"n":${i}}`, retries: 2 } : {}),
      ...(variant === 1
        ? { callback: `${SINK}/cb/${i}`, failureCallback: `${SINK}/fcb/${i}`, retries: 5 }
        : {}),
      ...(variant === 2
        ? { flowControl: { key: `fc-${i % 7}`, parallelism: 3, rate: 10, period: "1m" } }
        : {}),
      ...(variant === 3 ? { label: ["nightly", `batch-${i % 3}`], delay: "5m", timeout: "30s" } : {}),
      ...(variant === 5 ? { queueName: `que-${pad(i % QUEUES)}`, body: "plain text" } : {}),
    });
    if (i % 25 === 0) await official.schedules.pause({ schedule: id });
  }
  // what an import cannot take faithfully (ledger I1)
  await official.schedules.create({
    scheduleId: "zz-redacted",
    destination: `${SINK}/redacted`,
    cron: "0 5 * * *",
    headers: { "X-Secret": secretOf("zz-redacted", "X-Secret") },
    body: "private body",
    redact: { body: true, header: ["X-Secret"] },
  });
  headerValues.set("zz-redacted", { "X-Secret": secretOf("zz-redacted", "X-Secret") });
  await official.schedules.create({
    scheduleId: "zz-binary",
    destination: `${SINK}/binary`,
    cron: "0 6 * * *",
    body: new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0x80])]),
  });
}

/** The inventory without times (they move as schedules fire and objects are re-applied). */
function settings(dev: DevServer): unknown {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !/(At|Time|Times|States)$/.test(k))
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  const inv = dev.inventory();
  return strip({ urlGroups: inv.urlGroups, schedules: inv.schedules, queues: inv.queues });
}

describe("import-file over a 300-object account", () => {
  let dev: DevServer;
  let official: UpstashClient;
  let yaml: CliProject;
  let ts: CliProject;
  let bin: string;
  /** What `import-file` said about the full account. */
  let summary = "";
  const printed: string[] = [];
  const env = () => ({ ...process.env, QSTASH_URL: dev.url, QSTASH_TOKEN: TOKEN });
  const importFile = async (args: string[], extraEnv: NodeJS.ProcessEnv = env()) => {
    const r = await run("node", [bin, "import-file", ...args], {
      env: extraEnv,
      maxBuffer: 64 * 1024 * 1024,
    });
    printed.push(r.stdout, r.stderr);
    return r;
  };
  const pluginHeader = (dir: string) =>
    `name: pq-import-file\nruntime: yaml\nplugins:\n  providers:\n    - name: qstash\n      path: ${dir}\n`;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 3_600_000 });
    official = new UpstashClient({ baseUrl: dev.url, token: TOKEN });
    await buildAccount(official);
    const inv = dev.inventory();
    expect(inv.urlGroups.length + inv.schedules.length + inv.queues.length).toBe(300);
    bin = join(projectDir(), "node_modules/pulumi-qstash/bin/pulumi-qstash.cjs");
    yaml = cliProject("import-file-yaml");
    ts = cliProject("import-file-ts", {}, { dir: join(projectDir(), `import-file-ts-${process.pid}`) });
  }, 120_000);

  afterAll(async () => {
    await yaml?.dispose();
    await ts?.dispose();
    await dev?.close();
  });

  it("loads no Pulumi code and no zod, and refuses bad options naming them", async () => {
    const built = join(projectDir(), "node_modules/pulumi-qstash/dist/cjs");
    // what a module loads of Pulumi, zod and croner (installed, or bundled into deps/)
    const heavy = async (module: string) => {
      const { stdout } = await run("node", [
        "-e",
        `require(${JSON.stringify(join(built, module))}); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](@pulumi|zod|croner)[\\\\/]|[\\\\/]deps[\\\\/]/.test(k))))`,
      ]);
      return JSON.parse(stdout) as string[];
    };
    expect(await heavy("provider/import-file/cli.js")).toEqual([]);
    expect((await heavy("provider/validators.js")).length).toBeGreaterThan(0); // the check sees them

    const refused = async (args: string[], e: NodeJS.ProcessEnv = env()) => {
      const err = (await importFile(args, e).then(
        () => undefined,
        (x: unknown) => x,
      )) as { code?: number; stderr?: string } | undefined;
      printed.push(err?.stderr ?? "");
      return err;
    };
    expect((await refused(["--kinds", "endpoint"]))?.stderr).toMatch(/--kinds: Endpoint .*come with it/);
    expect((await refused(["--kinds", "topics"]))?.stderr).toMatch(
      /--kinds: expected .*UrlGroup, Schedule, Queue/,
    );
    expect((await refused(["--program", "go"]))?.stderr).toMatch(/--program: expected "ts"/);
    expect((await refused(["--region", "mars"]))?.stderr).toMatch(/--region: expected one of eu-central-1/);
    const { QSTASH_TOKEN: _, ...noToken } = env();
    expect((await refused([], { ...noToken, QSTASH_URL: dev.url }))?.stderr).toMatch(
      /--token: no QStash token: pass --token, or set QSTASH_TOKEN/,
    );

    // --url/--token instead of the environment; a kind and a name prefix
    const { QSTASH_TOKEN: _t, QSTASH_URL: _u, ...bare } = process.env;
    const { stdout: only } = await importFile(
      ["--url", dev.url, "--token", TOKEN, "--kinds", "queue", "--prefix", "que-00"],
      bare,
    );
    expect(JSON.parse(only).resources.map((r: { id: string }) => r.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `que-00${i}`),
    );
    // --out: the file there, nothing on stdout, the summary on stderr
    const out = join(yaml.dir, "queues.json");
    const written = await importFile(["--kinds", "Queue,UrlGroup", "--prefix", "que-00", "--out", out]);
    expect(written.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toBe(only);
    expect(written.stderr).toMatch(/10 resources in the import file from 10 queues\n/);
    expect(written.stderr).toContain(`wrote ${out}`);
  });

  it("writes the import file: every object by the plugin's type and id, stable names, refusals explained", async () => {
    const started = performance.now();
    const { stdout, stderr } = await importFile([]);
    const ms = performance.now() - started;
    console.log(`[import-file] ${Math.round(ms)} ms for the 300-object account (node start included)`);
    const file = JSON.parse(stdout) as { resources: { type: string; name: string; id: string }[] };
    const { resources } = file;
    expect(Object.keys(file)).toEqual(["resources"]);
    expect(resources).toHaveLength(GROUPS + SCHEDULES + QUEUES);
    expect(new Set(resources.map((r) => r.name)).size).toBe(resources.length);
    expect(resources.filter((r) => r.type === "qstash:index:UrlGroup")).toHaveLength(GROUPS);
    expect(resources.filter((r) => r.type === "qstash:index:Endpoint")).toEqual([]);
    expect(resources).toContainEqual({
      type: "qstash:index:Schedule",
      name: "schedule-sch-001",
      id: "sch-001",
    });
    expect(resources).toContainEqual({ type: "qstash:index:Queue", name: "queue-que-007", id: "que-007" });
    expect(resources).toContainEqual({ type: "qstash:index:UrlGroup", name: "group-grp-000", id: "grp-000" });
    expect(resources.map((r) => r.id)).not.toContain("zz-redacted");
    expect(resources.map((r) => r.id)).not.toContain("zz-binary");
    // the same account, the same file
    expect((await importFile([])).stdout).toBe(stdout);

    expect(stderr).toMatch(/import-file: read 60 URL groups \(120 endpoints\), 180 schedules, 60 queues/);
    expect(stderr).toMatch(/298 resources in the import file/);
    // the two left out, why, and the declaration that takes each over
    expect(stderr).toMatch(
      /schedule-zz-redacted: schedule "zz-redacted" cannot be imported: .*its body \(redacted\)/,
    );
    expect(stderr).toMatch(/schedule-zz-binary: .*its body \(not UTF-8\)/);
    expect(stderr).toContain('new Schedule("schedule-zz-redacted", {');
    expect(stderr).toContain('scheduleId: "zz-redacted"');
    expect(stderr).toContain("adopt: true");
    expect(stderr).toMatch(/header: \["X-Secret"\]/);
    // what the import cannot read back, and where header values will be written
    expect(stderr).toMatch(/30 schedule\(s\) has a callback/);
    expect(stderr).toMatch(
      /60 resource\(s\) have header values\. Pulumi's code generator writes imported values/,
    );
    expect(stderr).toMatch(/ {2}schedule-sch-001 \(headers, callbackHeaders, failureCallbackHeaders\)/);
    writeFileSync(join(yaml.dir, "import.json"), stdout);
    summary = stderr;
  });

  it("pulumi import --file takes every object read-only; the generated code previews without changes", async () => {
    const p = yaml;
    p.writeProject(pluginHeader(p.pluginDir));
    await p.pulumi(["stack", "init", "dev"]);
    await p.pulumi(["config", "set", "qstash:url", dev.url]);
    await p.pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
    const before = settings(dev);
    dev.requestLog.clear();
    const code = join(p.dir, "generated.yaml");
    const { stdout } = await p.pulumi(
      ["import", "--file", join(p.dir, "import.json"), "--out", code, "--yes", "--non-interactive"],
      { timeoutMs: 600_000 },
    );
    expect(stdout).toMatch(/= 298 imported/);
    expect(dev.requestLog.entries().filter((e) => e.method !== "GET")).toEqual([]);
    expect(settings(dev)).toEqual(before);

    const generated = readFileSync(code, "utf8");
    expect(generated).toContain("scheduleId: sch-001");
    expect(generated).toContain("name: backup copy");
    p.writeProject(`${pluginHeader(p.pluginDir)}${generated}`);
    dev.requestLog.clear();
    const preview = await p.pulumi(["preview", "--non-interactive", "--expect-no-changes"], {
      timeoutMs: 600_000,
    });
    expect(preview.stdout).toMatch(/299 unchanged/); // and the stack
    expect(dev.requestLog.entries()).toEqual([]);

    const state = JSON.parse(p.stateText());
    const sched = state.checkpoint.latest.resources.find((r: { urn: string }) =>
      r.urn.endsWith("::schedule-sch-001"),
    );
    expect(sched.inputs.headers).toHaveProperty("ciphertext");
    expect(sched.inputs.callbackHeaders).toHaveProperty("ciphertext");
  }, 900_000);

  it("--program ts, then pulumi up: every object adopted, nothing created, replaced or deleted in QStash", async () => {
    const { stdout: module, stderr } = await importFile(["--program", "ts"]);
    // the redacted schedule too: its values come from config
    expect(stderr).toMatch(/299 declarations with adopt: true/);
    expect(stderr).toMatch(/schedule-zz-binary: its body is not UTF-8/);
    for (const [id, values] of headerValues) {
      for (const v of Object.values(values)) {
        expect(module, `a header value of ${id}`).not.toContain(v);
        expect(stderr).not.toContain(v);
      }
    }
    // the config keys the summary lists, each mapped back to the value the account holds
    const keys = [
      ...stderr.matchAll(
        /^ {2}(\S+) +schedule-(\S+) (?:(?:header|callback header|failure-callback header) "([^"]+)"|body )/gm,
      ),
    ];
    const assignments = keys.map(([, key, id, header]) => {
      // the redacted schedule's body is known to whoever made it
      const value = header
        ? headerValues.get(id ?? "")?.[header]
        : id === "zz-redacted"
          ? "private body"
          : undefined;
      expect(value, `config key ${key}`).toBeDefined();
      return `${key}=${value}`;
    });
    expect(assignments).toHaveLength(30 + 30 * 3 + 2);
    expect(module).toContain('pulumi.secret(config.requireSecret("scheduleSch001XApiKey"))');
    expect(module).toContain('// const scheduleZzBinary = new Schedule("schedule-zz-binary"');

    const p = ts;
    mkdirSync(p.dir, { recursive: true });
    writeFileSync(join(p.dir, "Pulumi.yaml"), "name: pq-import-file-ts\nruntime: nodejs\nmain: index.ts\n");
    writeFileSync(
      join(p.dir, "package.json"),
      `${JSON.stringify({ name: "pq-import-file-ts", private: true, type: "commonjs" })}\n`,
    );
    writeFileSync(join(p.dir, "index.ts"), module);
    // the module type-checks strictly against the installed package, as a user's `tsc` would
    await compileProject(p.dir, {
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: "commonjs",
        moduleResolution: "node",
        target: "es2022",
      },
      files: ["index.ts"],
    });
    await p.pulumi(["stack", "init", "dev"]);
    await p.pulumi(["config", "set", "qstash:url", dev.url]);
    await p.pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
    await p.pulumi(["config", "set-all", ...assignments.flatMap((a) => ["--secret", a])]);

    const before = settings(dev);
    const schedules = (dev.inventory().schedules as { destination: string }[]).map((s) => s.destination);
    dev.requestLog.clear();
    const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive"], { timeoutMs: 900_000 });
    // Pulumi counts each adoption as a resource entering the stack; in QStash nothing is created
    expect(stdout).toMatch(/\+ 300 created/); // 299 objects and the stack
    expect(stdout).not.toMatch(/replace/);
    expect(settings(dev)).toEqual(before);
    const writes = dev.requestLog.entries().filter((e) => e.method !== "GET");
    const adoption = (e: { method: string; path: string }) =>
      (e.method === "POST" && e.path === "/v2/queues") ||
      (e.method === "POST" && schedules.some((d) => e.path === `/v2/schedules/${d}`)) ||
      (/^(PATCH|POST)$/.test(e.method) && /^\/v2\/schedules\/[^/]+\/pause$/.test(e.path));
    expect(writes.filter((e) => !adoption(e))).toEqual([]);
    // a schedule and a queue each are written once; URL groups with the same endpoints not at all
    expect(writes.filter((e) => e.path === "/v2/queues")).toHaveLength(QUEUES);
    expect(writes.filter((e) => e.method === "POST" && e.path.startsWith("/v2/schedules/"))).toHaveLength(
      SCHEDULES + 1,
    );

    const preview = await p.pulumi(["preview", "--non-interactive", "--expect-no-changes"], {
      timeoutMs: 600_000,
    });
    expect(preview.stdout).toMatch(/300 unchanged/);
  }, 1_500_000);

  it("an edit of one property in the generated YAML updates only that object, in place", async () => {
    const p = yaml;
    const program = readFileSync(join(p.dir, "Pulumi.yaml"), "utf8");
    const edited = program.replace(/(\n {2}queue-que-010:\n(?: {4}.*\n)*? {6}parallelism: )1\n/, "$17\n");
    expect(edited).not.toBe(program);
    p.writeProject(edited);
    const before = dev.inventory();
    dev.requestLog.clear();
    const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive"], { timeoutMs: 600_000 });
    expect(stdout).toMatch(/~ 1 updated/);
    expect(stdout).toMatch(/298 unchanged/);
    expect(dev.requestLog.entries().filter((e) => e.method !== "GET")).toEqual([
      expect.objectContaining({ method: "POST", path: "/v2/queues" }),
    ]);
    const after = dev.inventory();
    const parallelism = (inv: typeof after, name: string) =>
      (inv.queues as { name: string; parallelism: number }[]).find((q) => q.name === name)?.parallelism;
    expect(parallelism(after, "que-010")).toBe(7);
    expect(parallelism(before, "que-010")).toBe(1);
    expect(after.schedules).toEqual(before.schedules);
    expect(after.urlGroups).toEqual(before.urlGroups);
  }, 900_000);

  it("the Pulumi YAML declaration the summary gives for a schedule left out takes it over as it is", async () => {
    const p = yaml;
    const block = (after: string) => {
      const at = summary.indexOf(after);
      expect(at, after).toBeGreaterThan(0);
      const lines = summary.slice(at + after.length).split("\n");
      const taken = lines.slice(
        0,
        lines.findIndex((l) => !l.startsWith("      ")),
      );
      return taken.map((l) => `  ${l.slice(6)}`).join("\n");
    };
    const start = summary.indexOf("  schedule-zz-redacted:");
    summary = summary.slice(start);
    const resource = block("    In Pulumi YAML, under resources:\n");
    const config = block("    and under config:\n");
    expect(resource).toContain("adopt: true");
    const program = readFileSync(join(p.dir, "Pulumi.yaml"), "utf8");
    const at = program.indexOf("resources:\n");
    p.writeProject(`${program.slice(0, at)}config:\n${config}\n${program.slice(at)}${resource}\n`);
    await p.pulumi([
      "config",
      "set-all",
      "--secret",
      "scheduleZzRedactedBody=private body",
      "--secret",
      `scheduleZzRedactedXSecret=${secretOf("zz-redacted", "X-Secret")}`,
    ]);
    const before = settings(dev);
    dev.requestLog.clear();
    const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive"], { timeoutMs: 600_000 });
    expect(stdout).toMatch(/\+ 1 created/);
    expect(stdout).toMatch(/299 unchanged/);
    expect(settings(dev)).toEqual(before);
    expect(dev.requestLog.entries().filter((e) => e.method !== "GET")).toEqual([
      expect.objectContaining({ method: "POST", path: `/v2/schedules/${SINK}/redacted` }),
    ]);

    const secrets = Object.fromEntries(
      [...headerValues].flatMap(([id, values]) => Object.entries(values).map(([h, v]) => [`${id} ${h}`, v])),
    );
    expect(
      auditSecrets({
        secrets: { token: TOKEN, ...secrets },
        texts: {
          "import-file output": printed.join("\n"),
          "import file": readFileSync(join(p.dir, "import.json"), "utf8"),
          "YAML CLI output": p.output.join("\n"),
          "YAML state": p.stateText(),
          "TS CLI output": ts.output.join("\n"),
          "TS state": ts.stateText(),
          "TS module": readFileSync(join(ts.dir, "index.ts"), "utf8"),
        },
      }),
    ).toEqual([]);
    expect(JSON.stringify(dev.requestLog.entries())).not.toContain(TOKEN);
  }, 900_000);
});
