// The emitted receiver declarations, compiled the way users compile them: an
// edge project (types: [], lib DOM, bundler resolution), a Node project
// (NodeNext, @types/node) and an Express project (@types/express, with the
// README's "Receiving messages" snippet). Plus the bundle report:
// `import { Receiver }` pulls in nothing but the verifier.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiverBundleReport } from "../../tools/receiver-bundle.ts";
import { compileProject } from "../support/tsc.js";

const root = join(import.meta.dirname, "..", "..");
let work: string;

const consumer = `
import {
  Receiver, verify, SignatureError, verifyFetchRequest, withQStash, verifySignatureAppRouter, qstashMiddleware,
  verifyLambdaEvent, lambdaEventUrl, verifyNodeRequest, verifySignatureH3, verifySignatureSvelte,
  verifySignatureCloudflare, signDelivery, type VerifiedDelivery, type SignatureErrorCode,
} from "pulumi-qstash/receiver";
const receiver = new Receiver({ currentSigningKey: "a", nextSigningKey: "b", clockTolerance: 5 });
export async function handle(request: Request): Promise<Response> {
  const body: string = await request.text();
  try {
    const ok: boolean = await receiver.verify({ signature: request.headers.get("upstash-signature"), body });
    return new Response(String(ok));
  } catch (e) {
    const code: SignatureErrorCode | undefined = e instanceof SignatureError ? e.code : undefined;
    return new Response(code ?? "error", { status: 401 });
  }
}
export const POST = verifySignatureAppRouter(async (r: Request) => new Response(await r.text()));
export const worker = { fetch: verifySignatureCloudflare(async (_r: Request, _env: { X: string }, _ctx: unknown) => new Response()) };
export const wrapped = withQStash(async (_r: Request, d: VerifiedDelivery) => new Response(d.messageId));
export const mw = qstashMiddleware();
export const h3 = verifySignatureH3(async () => ({ ok: true }));
export const svelte = verifySignatureSvelte(async ({ request }: { request: Request }) => new Response(request.url));
export const lambda = (e: { body: string; headers: Record<string, string> }) => verifyLambdaEvent(e, { url: lambdaEventUrl });
export const node = (req: { headers: Record<string, string>; body: Uint8Array }) => verifyNodeRequest(req);
export const once = verify({ currentSigningKey: "a", signature: "t", body: new Uint8Array(0) });
// Keys as the README has them: process-style variables are string | undefined.
declare const vars: Record<string, string | undefined>;
export const fromVars = new Receiver({ currentSigningKey: vars.QSTASH_CURRENT_SIGNING_KEY, nextSigningKey: vars.QSTASH_NEXT_SIGNING_KEY });
export const fromEnvironment = new Receiver();
export const signed: Promise<string> = signDelivery({ signingKey: "a", url: "u", body: "" });
`;

// The documented Express uses: qstashExpress() then `req.qstash`, and the
// README's Receiver snippet (taken from README.md, so the text is what compiles).
const readmeSnippet = (() => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Receiving messages"));
  return /```ts\n([\s\S]*?)```/.exec(section)![1]!;
})();
const expressConsumer = `
import express from "express";
import { qstashExpress } from "pulumi-qstash/receiver";
const app = express();
app.post("/job", qstashExpress(), (req, res) => res.json(JSON.parse(req.qstash.body)));
app.post("/bytes", qstashExpress(), (req, res) => {
  const n: number = req.qstash.bytes.length + req.qstash.retried;
  res.json({ n, id: req.qstash.messageId });
});
`;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "receiver-types-"));
  mkdirSync(join(work, "node_modules"));
  symlinkSync(root, join(work, "node_modules", "pulumi-qstash"), "dir");
  writeFileSync(join(work, "consumer.ts"), consumer);
  writeFileSync(join(work, "express-consumer.ts"), expressConsumer);
  writeFileSync(join(work, "readme-snippet.ts"), readmeSnippet);
  writeFileSync(join(work, "package.json"), JSON.stringify({ type: "module" }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function compile(options: Record<string, unknown>, files = ["consumer.ts"]): Promise<string> {
  const config = {
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: "ES2022", ...options },
    files,
  };
  return compileProject(work, config);
}

describe("receiver declarations", () => {
  it("compile for an edge user (types: [], lib ES2022 + DOM, bundler resolution) from index.d.ts", async () => {
    const files = await compile({
      types: [],
      lib: ["ES2022", "DOM"],
      module: "ESNext",
      moduleResolution: "Bundler",
    });
    expect(files).toMatch(/dist\/esm\/sdk\/receiver\/index\.d\.ts/);
    expect(files).not.toMatch(/\.node\.d\.ts|@types\/node/);
  });

  it("compile for a Node user (NodeNext, @types/node) from the same index.d.ts", async () => {
    const files = await compile({
      types: ["node"],
      typeRoots: [join(root, "node_modules", "@types")],
      lib: ["ES2022"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
    });
    expect(files).toMatch(/dist\/esm\/sdk\/receiver\/index\.d\.ts/);
  });

  it("type req.qstash for an Express user (@types/express), and the README snippet compiles", async () => {
    // express and its types where a user's project has them
    for (const dep of ["express", "@types"]) {
      symlinkSync(join(root, "node_modules", dep), join(work, "node_modules", dep), "dir");
    }
    try {
      const files = await compile(
        {
          types: ["node"],
          lib: ["ES2022"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
        },
        ["express-consumer.ts", "readme-snippet.ts"],
      );
      expect(files).toMatch(/@types\/express\/index\.d\.ts/);
      expect(readmeSnippet).toContain("new Receiver(");
    } finally {
      for (const dep of ["express", "@types"]) rmSync(join(work, "node_modules", dep));
    }
  });

  it("the edge declarations mention no Buffer, node: module or process", () => {
    const dir = join(root, "dist", "esm", "sdk", "receiver");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".d.ts") && !f.endsWith(".node.d.ts"),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const code = readFileSync(join(dir, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
      expect(code, f).not.toMatch(/\bBuffer\b|["']node:|\bprocess\b/);
    }
  });
});

describe("receiver bundle", () => {
  it("import { Receiver } bundles only the verifier, at most a quarter of the official Receiver", async () => {
    const report = await receiverBundleReport();
    expect(report.ours.inputs.map((i: { path: string }) => i.path).sort()).toEqual([
      "dist/esm/sdk/errors.js",
      "dist/esm/sdk/qstash-rules.js",
      "dist/esm/sdk/receiver/base64.js",
      "dist/esm/sdk/receiver/claims.js",
      "dist/esm/sdk/receiver/core.js",
      "dist/esm/sdk/receiver/crypto/web-crypto.js",
      "dist/esm/sdk/receiver/dev-mode.js",
      "dist/esm/sdk/receiver/env.js",
      "dist/esm/sdk/receiver/fail.js",
      "dist/esm/sdk/receiver/receiver.js",
      "dist/esm/sdk/receiver/token.js",
    ]);
    expect(report.ours.code).not.toMatch(/node:|require\(/);
    expect(report.ratio).toBeLessThanOrEqual(0.25);
    // Every adapter, the signer and dev mode together: about half the official Receiver.
    expect(report.all.bytes).toBeLessThan(report.official.bytes * 0.55);
  });
});
