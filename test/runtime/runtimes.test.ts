// The published vectors against the BUILT package (dist/esm, via the exports
// map) in every runtime the receiver targets. A missing runtime is a failure,
// never a skip: `npm test` installs Chromium (scripts/test-deps.sh), the rest are devDependencies.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runForJson } from "../support/run-json.js";
import { bundleFor, serveWorker } from "../support/workerd.js";
import doc from "../vectors/receiver.json" with { type: "json" };

const root = join(import.meta.dirname, "..", "..");
const here = import.meta.dirname;
const run = promisify(execFile);
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const total = doc.vectors.length;
const allPass = `${total}/${total} passed`;

interface Outcome {
  runtime: string;
  resolved?: string;
  summary: string;
}

function requireFile(path: string, what: string): void {
  if (!existsSync(path))
    throw new Error(`${what} is missing (${path}); install it (see .ci/run) — this test never skips.`);
}

const runEntry = (command: string, args: string[]) => runForJson<Outcome>(command, args, here);

async function bundle(
  entry: string,
  conditions?: string[],
  platform?: "browser" | "neutral",
): Promise<string> {
  const code = await bundleFor(join(here, entry), conditions, platform);
  expect(code).not.toMatch(/from\s*["']node:/);
  return code;
}

let work: string;
beforeAll(() => {
  requireFile(join(root, "dist/esm/sdk/receiver/index.js"), "the built receiver (run `npm run build`)");
  work = mkdtempSync(join(tmpdir(), "receiver-runtime-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("receiver vectors on the built package", () => {
  it("Node 22 resolves #crypto to node:crypto through the node condition and passes every vector", async () => {
    const out = await runEntry(process.execPath, ["entry.mjs", "pulumi-qstash/receiver"]);
    expect(out.resolved).toMatch(/dist\/esm\/sdk\/receiver\/index\.js$/);
    expect(out.summary).toBe(allPass);
  });

  it("Node resolves #crypto and #transport to the node modules in both builds", async () => {
    for (const [build, load] of [
      ["esm", "import.meta.resolve"],
      ["cjs", "require.resolve"],
    ] as const) {
      const script = `console.log(JSON.stringify(["#crypto", "#transport"].map((s) => ${load}(s))))`;
      const { stdout } = await run(
        process.execPath,
        build === "esm" ? ["--input-type=module", "-e", script] : ["-e", script],
        { cwd: join(root, "dist", build, "sdk") },
      );
      const [crypto, transport] = JSON.parse(stdout) as string[];
      expect(crypto).toMatch(new RegExp(`dist/${build}/sdk/receiver/crypto/node-crypto\\.node\\.js$`));
      expect(transport).toMatch(
        new RegExp(`dist/${build}/sdk/client/internal/transport-undici\\.node\\.js$`),
      );
    }
  });

  it("Node 22 can require() the CommonJS build", async () => {
    requireFile(join(root, "dist/cjs/sdk/receiver/index.js"), "the CommonJS build (run `npm run build`)");
    const req = createRequire(join(root, "package.json"));
    const cjs = req("pulumi-qstash/receiver") as typeof import("../../sdk/receiver/index.js");
    const token = await cjs.signDelivery({ signingKey: "sig_cjs", url: "http://127.0.0.1/", body: "x" });
    expect(
      await new cjs.Receiver({ currentSigningKey: "sig_cjs" }).verify({ signature: token, body: "x" }),
    ).toBe(true);
  });

  it("Deno passes every vector on the built package", async () => {
    requireFile(bin("deno"), "deno (devDependency)");
    const out = await runEntry(bin("deno"), [
      "run",
      "--quiet",
      "--no-remote",
      "--allow-read",
      "entry.mjs",
      "../../dist/esm/sdk/receiver/index.js",
    ]);
    expect(out.runtime).toBe("deno");
    expect(out.summary).toBe(allPass);
  });

  it("Bun passes every vector, the package by name and by path", async () => {
    requireFile(bin("bun"), "bun (devDependency)");
    for (const spec of ["pulumi-qstash/receiver", "../../dist/esm/sdk/receiver/index.js"]) {
      const out = await runEntry(bin("bun"), ["entry.mjs", spec]);
      expect(out.runtime).toBe("bun");
      expect(out.summary).toBe(allPass);
    }
  });

  it("workerd (the Cloudflare Workers runtime) passes every vector on the bundled default build", async () => {
    requireFile(bin("workerd"), "workerd (devDependency)");
    const worker = await serveWorker({
      workerd: bin("workerd"),
      dir: work,
      code: await bundle("worker.mjs"),
    });
    try {
      const out = (await (await fetch(worker.url)).json()) as Outcome;
      const stderr = worker.stderr();
      expect(out?.runtime, stderr).toBe("workerd");
      expect(out.summary).toBe(allPass);
    } finally {
      worker.stop();
    }
  });

  it("headless Chromium passes every vector on the bundled default build", async () => {
    requireFile(CHROMIUM, "chromium (apt-get install chromium, or set CHROMIUM_PATH)");
    const script = await bundle("browser.mjs", ["browser"], "browser");
    const server = createServer((req, res) => {
      if (req.url === "/bundle.js") {
        res.writeHead(200, { "content-type": "text/javascript" }).end(script);
      } else {
        res
          .writeHead(200, { "content-type": "text/html" })
          .end('<!doctype html><script type="module" src="/bundle.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launchPersistentContext(join(work, "chromium-profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      const handle = await page.waitForFunction(
        () => (globalThis as { __vectors?: unknown }).__vectors,
        null,
        {
          timeout: 30_000,
        },
      );
      const out = (await handle.jsonValue()) as Outcome & { error?: string };
      expect(out.error).toBeUndefined();
      expect(out.runtime).toMatch(/Chrome/);
      expect(out.summary).toBe(allPass);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
