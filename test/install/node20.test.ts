// The packed package, installed as a handler installs it (`npm install
// --omit=dev <tarball>` in a project outside the repository), on Node 20 (from
// npm into the cache, by scripts/test-deps.sh): the receiver verifies a real
// delivery and rejects bad ones, the client publishes to the devserver (run
// here, on this Node) with the same errors, retries and timeouts as on Node 22
// and without loading undici; every Node-only entry refuses in one line that
// names both versions, the plugin's line reaching the Pulumi CLI. Node 20
// missing is a failure, never a skip.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { Client } from "../../sdk/client/index.js";
import { NODE_MINIMUM } from "../../sdk/node-version.js";
import { Receiver } from "../../sdk/receiver/index.js";
import { type Consumer, consumerProject, packedTarball } from "../support/consumer.js";
import { type Destination, startDestination } from "../support/devserver.js";

const run = promisify(execFile);
const scripts = join(import.meta.dirname, "node20");
const NODE20 = process.env.PULUMI_QSTASH_NODE20 ?? "";
const TOKEN = "node20-consumer-token-3b8e";

let node20Version: string;
let consumer: Consumer;
let dev: DevServer;
let dest: Destination;
let silent: Server;
const sockets: Socket[] = [];

/** Runs `file args` in the consumer with `node` on PATH being `nodeBin`; never rejects. */
async function exec(
  nodeBin: string,
  file: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ""}`,
  };
  // vitest's loader options are for this Node.js, not the one under test
  delete env.NODE_OPTIONS;
  try {
    const r = await run(file, args, {
      cwd: opts.cwd ?? consumer.dir,
      env,
      timeout: 170_000,
      maxBuffer: 1 << 24,
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as Error & { code?: unknown; stdout?: string; stderr?: string };
    // a string code (ENOENT) means the command did not start: say so in stderr
    if (typeof err.code !== "number") return { code: -1, stdout: "", stderr: err.message };
    return { code: err.code, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** Runs a check script of test/install/node20/ on `nodeBin` with `input`; its one JSON line. */
async function check<T>(nodeBin: string, script: string, input: unknown): Promise<T> {
  const inputFile = join(consumer.dir, `${script}.${Date.now()}.json`);
  writeFileSync(inputFile, JSON.stringify(input));
  const r = await exec(nodeBin, nodeBin, [script, inputFile]);
  expect(r.code, `${script} on ${nodeBin}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as T;
}

beforeAll(async () => {
  if (!NODE20 || !existsSync(NODE20))
    throw new Error(
      `Node 20 is missing (PULUMI_QSTASH_NODE20="${NODE20}"): run through \`npm test\` or source ` +
        "scripts/env.sh and scripts/test-deps.sh, which install it; this test never skips.",
    );
  node20Version = (await run(NODE20, ["-p", "process.versions.node"])).stdout.trim();
  expect(node20Version).toMatch(/^20\./);
  consumer = consumerProject("node20-handler");
  await consumer.npm(["install", "--omit=dev", await packedTarball()]);
  for (const f of ["receiver-check.cjs", "client-check.cjs"])
    consumer.write(f, readFileSync(join(scripts, f), "utf8"));
  dev = await startDevServer({ port: 0, token: TOKEN });
  dest = await startDestination();
  // accepts connections and never answers: the client's timeout must end the wait
  silent = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
}, 600_000);

afterAll(async () => {
  for (const s of sockets) s.destroy();
  silent?.close();
  await dest?.close();
  await dev?.close();
  consumer?.dispose();
});

describe("pulumi-qstash/receiver on Node 20, from the packed package", () => {
  it("verifies a delivery the devserver signed and rejects a tampered body, another URL and strangers' keys", async () => {
    const client = new Client({ baseUrl: dev.url, token: TOKEN });
    const url = `${dest.url}/node20-receiver`;
    const { messageId } = await client.publishJSON({ url, body: { hello: "node 20" } });
    await client.close();
    const [got] = (await dest.waitFor(1)).filter((r) => r.headers["upstash-message-id"] === messageId);
    expect(got).toBeDefined();
    const input = {
      currentSigningKey: dev.currentSigningKey,
      nextSigningKey: dev.nextSigningKey,
      signature: got!.headers["upstash-signature"],
      body: got!.body,
      url,
    };
    const rejected = {
      good: true,
      tampered: { error: "SignatureError", code: "BODY_MISMATCH" },
      otherUrl: { error: "SignatureError", code: "URL_MISMATCH" },
      wrongKeys: { error: "SignatureError", code: "INVALID_SIGNATURE" },
    };
    const out = await check<{ node: string; cjs: unknown; esm: unknown }>(
      NODE20,
      "receiver-check.cjs",
      input,
    );
    expect(out).toEqual({ node: node20Version, cjs: rejected, esm: rejected });
  });
});

interface Failure {
  error: string;
  message: string;
  code?: string;
  status?: number;
  attempts?: number;
  ms: number;
}
interface ClientRun {
  messageId: string;
  unauthorized: Failure;
  refused: Failure;
  timeout: Failure;
}
interface ClientOutcome {
  node: string;
  undiciLoaded: boolean;
  cjs: ClientRun;
  esm: ClientRun;
}

describe("pulumi-qstash/client on Node 20, from the packed package", () => {
  let refusedUrl: string;
  beforeAll(async () => {
    // a port that was free a moment ago and is closed now: connections are refused
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    refusedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((r) => probe.close(() => r()));
  });

  const inputFor = (label: string) => ({
    baseUrl: dev.url,
    token: TOKEN,
    destination: `${dest.url}/${label}`,
    refusedUrl,
    silentUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
  });

  /** Every delivery of `ids` arrived and passes the receiver (run here, on this Node). */
  async function deliveredAndSigned(ids: string[], label: string): Promise<void> {
    const receiver = new Receiver({
      currentSigningKey: dev.currentSigningKey,
      nextSigningKey: dev.nextSigningKey,
    });
    const deadline = Date.now() + 15_000;
    for (const id of ids) {
      let got = dest.received.find((r) => r.headers["upstash-message-id"] === id);
      while (!got && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        got = dest.received.find((r) => r.headers["upstash-message-id"] === id);
      }
      expect(got, `delivery of ${id}`).toBeDefined();
      const signature = got!.headers["upstash-signature"] as string;
      await expect(
        receiver.verify({ signature, body: got!.body, url: `${dest.url}/${label}` }),
      ).resolves.toBe(true);
    }
  }

  /** What must be equal on every Node.js: the error each failure ends in. */
  const shape = (r: ClientRun) => ({
    unauthorized: { error: r.unauthorized.error, code: r.unauthorized.code, status: r.unauthorized.status },
    refused: { error: r.refused.error, code: r.refused.code, attempts: r.refused.attempts },
    timeout: { error: r.timeout.error, code: r.timeout.code, attempts: r.timeout.attempts },
  });
  const expected = {
    unauthorized: { error: "UnauthorizedError", code: "UNAUTHORIZED", status: 401 },
    // a refused connection is retried (the request never arrived): 1 + 2 retries
    refused: { error: "ConnectionError", code: "CONNECTION_ERROR", attempts: 3 },
    timeout: { error: "TimeoutError", code: "TIMEOUT", attempts: 1 },
  };

  it("publishes a delivery that arrives signed, and ends in the same errors as on this Node, without loading undici", async () => {
    const old = await check<ClientOutcome>(NODE20, "client-check.cjs", inputFor("node20-client"));
    expect(old.node).toBe(node20Version);
    expect(old.undiciLoaded).toBe(false);
    await deliveredAndSigned([old.cjs.messageId, old.esm.messageId], "node20-client");
    expect(shape(old.cjs)).toEqual(expected);
    expect(shape(old.esm)).toEqual(expected);
    for (const r of [old.cjs, old.esm]) {
      // the timeout ended the wait: 400 ms, not the server's silence
      expect(r.timeout.ms).toBeGreaterThanOrEqual(350);
      expect(r.timeout.ms).toBeLessThan(5_000);
    }

    // the same script on this Node.js, where the client sends through undici
    const now = await check<ClientOutcome>(process.execPath, "client-check.cjs", inputFor("node22-client"));
    expect(now.undiciLoaded).toBe(true);
    await deliveredAndSigned([now.cjs.messageId, now.esm.messageId], "node22-client");
    expect(shape(now.cjs)).toEqual(expected);
    expect(shape(now.esm)).toEqual(expected);

    // and the messages say the same: the server's word, the refusal's reason, the timeout
    for (const r of [old.cjs, old.esm, now.cjs, now.esm]) {
      expect(r.unauthorized.message).toBe(now.cjs.unauthorized.message);
      expect(r.refused.message).toMatch(/ECONNREFUSED/);
      expect(r.timeout.message).toBe(now.cjs.timeout.message);
    }
  });
});

describe("the Node-only entries on Node 20 refuse in one line naming both versions", () => {
  function expectOneLineRefusal(r: { code: number; stdout: string; stderr: string }, entry: string): void {
    const text = `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    expect(r.code, text).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines, text).toHaveLength(1);
    expect(lines[0], text).toContain(entry);
    expect(lines[0], text).toContain(`>= ${NODE_MINIMUM}`);
    expect(lines[0], text).toContain(`Node.js ${node20Version}`);
    expect(r.stderr, text).not.toMatch(/^\s+at /m);
    expect(r.stderr, text).not.toMatch(/TypeError|undici/);
  }

  it("npx pulumi-qstash devserver --help (and the bare command)", async () => {
    expectOneLineRefusal(
      await exec(NODE20, "npx", ["pulumi-qstash", "devserver", "--help"]),
      "pulumi-qstash",
    );
    expectOneLineRefusal(await exec(NODE20, "npx", ["pulumi-qstash"]), "pulumi-qstash");
  });

  for (const [what, args, entry] of [
    ['require("pulumi-qstash")', ["-e", 'require("pulumi-qstash")'], "pulumi-qstash (the Pulumi provider)"],
    [
      'import "pulumi-qstash"',
      ["--input-type=module", "-e", 'import "pulumi-qstash"'],
      "pulumi-qstash (the Pulumi provider)",
    ],
    [
      'require("pulumi-qstash/provider-runtime")',
      ["-e", 'require("pulumi-qstash/provider-runtime")'],
      "pulumi-qstash (the Pulumi provider)",
    ],
    [
      'import "pulumi-qstash/devserver"',
      ["--input-type=module", "-e", 'import "pulumi-qstash/devserver"'],
      "pulumi-qstash devserver",
    ],
    [
      'require("pulumi-qstash/devserver")',
      ["-e", 'require("pulumi-qstash/devserver")'],
      "pulumi-qstash devserver",
    ],
  ] as const) {
    it(what, async () => {
      expectOneLineRefusal(await exec(NODE20, NODE20, [...args]), entry);
    });
  }

  it("the plugin launcher bin/pulumi-resource-qstash", async () => {
    const launcher = join(consumer.dir, "node_modules/pulumi-qstash/bin/pulumi-resource-qstash");
    expectOneLineRefusal(await exec(NODE20, launcher, []), "pulumi-resource-qstash");
  });

  it("the plugin's line reaches the Pulumi CLI when a YAML program needs the plugin", async () => {
    const project = join(consumer.dir, "..", "yaml-project");
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, "Pulumi.yaml"),
      `name: pq-node20
runtime: yaml
plugins:
  providers:
    - name: qstash
      path: ${join(consumer.dir, "node_modules/pulumi-qstash/bin")}
resources:
  jobs:
    type: qstash:index:Queue
    properties:
      name: node20-jobs
`,
    );
    const env = {
      PULUMI_BACKEND_URL: `file://${project}`,
      PULUMI_HOME: join(project, ".pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: "node20-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      QSTASH_URL: dev.url,
      QSTASH_TOKEN: TOKEN,
    };
    const init = await exec(NODE20, "pulumi", ["stack", "init", "dev", "--non-interactive"], {
      cwd: project,
      env,
    });
    expect(init.code, init.stderr).toBe(0);
    const r = await exec(NODE20, "pulumi", ["preview", "--non-interactive"], { cwd: project, env });
    const text = `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    expect(r.code, text).not.toBe(0);
    const said = `${r.stdout}\n${r.stderr}`;
    // on a line of its own, as the plugin wrote it
    const esc = (v: string) => v.replace(/[.()]/g, "\\$&");
    const line = `pulumi-resource-qstash (the QStash provider plugin) needs Node.js >= ${NODE_MINIMUM}, but this is Node.js ${node20Version} `;
    expect(said, text).toMatch(new RegExp(`^\\s*${esc(line)}`, "m"));
    expect(said, text).not.toMatch(/^\s+at /m);
  });
});
