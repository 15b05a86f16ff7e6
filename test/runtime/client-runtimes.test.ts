// The BUILT client (`pulumi-qstash/client` through the exports map) publishes
// JSON from workerd, Deno and Bun to the devserver, and each delivery arrives
// signed and passes the built Receiver. A missing runtime is a failure, never
// a skip.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type DevServer, startDevServer } from "pulumi-qstash/devserver";
import { Receiver } from "pulumi-qstash/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Destination, startDestination } from "../support/devserver.js";
import { runForJson } from "../support/run-json.js";
import { bundleWorker, serveWorker } from "../support/workerd.js";

const root = join(import.meta.dirname, "..", "..");
const here = import.meta.dirname;
const run = promisify(execFile);
const bin = (name: string) => join(root, "node_modules", ".bin", name);

function requireFile(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} is missing (${path}); this test never skips.`);
}

let dev: DevServer;
let dest: Destination;
let receiver: Receiver;
let work: string;

beforeAll(async () => {
  requireFile(join(root, "dist/esm/sdk/client/index.js"), "the built client (run `npm run build`)");
  dev = await startDevServer({ port: 0, token: "runtime-client-token-5f1" });
  dest = await startDestination();
  receiver = new Receiver({ currentSigningKey: dev.currentSigningKey, nextSigningKey: dev.nextSigningKey });
  work = mkdtempSync(join(tmpdir(), "client-runtime-"));
});
afterAll(async () => {
  await dest?.close();
  await dev?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Waits for the delivery of `messageId` and verifies it as a handler would. */
async function delivered(messageId: string, runtime: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let got = dest.received.find((r) => r.headers["upstash-message-id"] === messageId);
  while (!got && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    got = dest.received.find((r) => r.headers["upstash-message-id"] === messageId);
  }
  if (!got) throw new Error(`no delivery of ${messageId} (${runtime})`);
  expect(JSON.parse(got.body)).toEqual({ runtime, sent: "from the client" });
  expect(got.headers["content-type"]).toBe("application/json");
  const signature = got.headers["upstash-signature"] as string;
  await expect(receiver.verify({ signature, body: got.body, url: `${dest.url}/${runtime}` })).resolves.toBe(
    true,
  );
}

const runScript = (command: string, args: string[]) =>
  runForJson<{ runtime: string; messageId: string; transport: string }>(command, args, here);

describe("the built client publishes from every runtime", () => {
  it("Deno (fetch transport) publishes JSON that arrives signed and verified", async () => {
    requireFile(bin("deno"), "deno (devDependency)");
    const out = await runScript(bin("deno"), [
      "run",
      "--quiet",
      "--no-remote",
      "--allow-read",
      "--allow-env",
      "--allow-net=127.0.0.1",
      "publish.mjs",
      dev.url,
      dev.token,
      `${dest.url}/deno`,
    ]);
    expect(out.runtime).toBe("deno");
    expect(out.transport).toMatch(/dist\/esm\/sdk\/client\/internal\/transport-fetch\.js$/);
    await delivered(out.messageId, "deno");
  });

  it("Bun (fetch transport) publishes JSON that arrives signed and verified", async () => {
    requireFile(bin("bun"), "bun (devDependency)");
    const out = await runScript(bin("bun"), ["publish.mjs", dev.url, dev.token, `${dest.url}/bun`]);
    expect(out.runtime).toBe("bun");
    expect(out.transport).toMatch(/dist\/esm\/sdk\/client\/internal\/transport-fetch\.js$/);
    await delivered(out.messageId, "bun");
  });

  it("Node (undici transport) publishes JSON that arrives signed and verified", async () => {
    const out = await runScript(process.execPath, ["publish.mjs", dev.url, dev.token, `${dest.url}/node`]);
    expect(out.runtime).toBe("node");
    expect(out.transport).toMatch(/dist\/esm\/sdk\/client\/internal\/transport-undici\.node\.js$/);
    await delivered(out.messageId, "node");
  });

  it("workerd, bundled as wrangler would, publishes JSON that arrives signed and verified", async () => {
    requireFile(bin("workerd"), "workerd (devDependency)");
    const code = await bundleWorker(join(here, "publish-worker.mjs"));
    expect(code).not.toMatch(/from\s*["']node:|undici/);
    const worker = await serveWorker({
      workerd: bin("workerd"),
      dir: work,
      code,
      bindings: { QSTASH_URL: dev.url, QSTASH_TOKEN: dev.token, DESTINATION: `${dest.url}/workerd` },
      localNetwork: true,
    });
    try {
      const res = await fetch(worker.url);
      const body = (await res.json()) as { runtime: string; messageId?: string; error?: string };
      expect(body.error, worker.stderr()).toBeUndefined();
      expect(body.runtime).toBe("workerd");
      await delivered(body.messageId!, "workerd");
    } finally {
      worker.stop();
    }
  });
});

describe("the client's declarations", () => {
  it("compile for an edge user (types: [], lib ES2022 + DOM) without Node's or undici's types", async () => {
    const dir = join(work, "edge-types");
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(root, join(dir, "node_modules", "pulumi-qstash"), "dir");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(dir, "worker.ts"),
      `import { Client, type PublishToUrlResponse } from "pulumi-qstash/client";
export default {
  async fetch(_r: Request, env: { QSTASH_TOKEN: string }): Promise<Response> {
    const client = new Client({ token: env.QSTASH_TOKEN, fetch: (...a: Parameters<typeof fetch>) => fetch(...a) });
    const sent: PublishToUrlResponse = await client.publishJSON({ url: "http://127.0.0.1:9/next", body: { a: 1 } });
    return new Response(sent.messageId);
  },
};
`,
    );
    const options = {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: "ES2022",
      types: [],
      lib: ["ES2022", "DOM"],
      module: "ESNext",
      moduleResolution: "Bundler",
    };
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: options, files: ["worker.ts"] }),
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    let files: string;
    try {
      files = (
        await run(process.execPath, [tsc, "-p", dir, "--listFiles"], { cwd: dir, maxBuffer: 16 << 20 })
      ).stdout;
    } catch (e) {
      throw new Error(`tsc failed:\n${(e as { stdout?: string }).stdout}`);
    }
    expect(files).toMatch(/dist\/esm\/sdk\/client\/index\.d\.ts/);
    expect(files).not.toMatch(/@types\/node|undici/);
  });
});
