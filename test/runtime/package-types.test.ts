// Every entry point's declarations, compiled as users' projects compile them:
// Pulumi's own TypeScript templates (CommonJS, `moduleResolution: "node"`,
// which ignores `exports` and reaches the subpaths through `typesVersions`),
// and the modern resolutions that read `exports`. The built package is
// resolved by name from a project that links it into node_modules.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../support/tsc.js";

const root = join(import.meta.dirname, "..", "..");
let work: string;

const consumer = `
import * as pulumi from "@pulumi/pulumi";
import { Queue, Schedule, UrlGroup, getSigningKeysOutput } from "pulumi-qstash";
import { Client, type PublishToUrlResponse, ValidationError } from "pulumi-qstash/client";
import { Receiver, SignatureError } from "pulumi-qstash/receiver";
import { startDevServer } from "pulumi-qstash/devserver";

export const group = new UrlGroup("orders", { name: "orders", endpoints: [{ url: "http://127.0.0.1:1/x" }] });
export const schedule = new Schedule("s", { destination: group, cron: "0 * * * *" });
export const queue = new Queue("q", { name: "q", parallelism: 2 });
export const keys: pulumi.Output<string> = getSigningKeysOutput().currentSigningKey;
export async function main(): Promise<void> {
  const server = await startDevServer({ port: 0 });
  const client = new Client({ baseUrl: server.url, token: server.token });
  const sent: PublishToUrlResponse = await client.publish({ url: "http://127.0.0.1:1/x", body: "x" });
  const receiver = new Receiver({ currentSigningKey: server.currentSigningKey, nextSigningKey: server.nextSigningKey });
  const ok: boolean = await receiver.verify({ signature: "t", body: sent.messageId });
  if (!ok) throw new ValidationError("x", "y");
  if (!ok) throw new SignatureError("INVALID_SIGNATURE", "x");
  await client.close();
  await server.close();
}
`;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "package-types-"));
  mkdirSync(join(work, "node_modules"));
  symlinkSync(root, join(work, "node_modules", "pulumi-qstash"), "dir");
  writeFileSync(join(work, "index.ts"), consumer);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function compile(type: "commonjs" | "module", options: Record<string, unknown>): Promise<string> {
  writeFileSync(join(work, "package.json"), JSON.stringify({ type }));
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "ES2022",
      types: ["node"],
      typeRoots: [join(root, "node_modules", "@types")],
      ...options,
    },
    files: ["index.ts"],
  };
  return compileProject(work, config);
}

describe("the package's declarations in users' projects", () => {
  it('compile under Pulumi\'s template settings (module "commonjs", moduleResolution "node")', async () => {
    // The template's options, as `pulumi new typescript` writes them: no
    // `esModuleInterop` and no `skipLibCheck`, which zod's own declarations
    // would fail, so no public type may lead to them.
    const files = await compile("commonjs", {
      module: "commonjs",
      moduleResolution: "node",
      experimentalDecorators: true,
      noImplicitReturns: true,
      forceConsistentCasingInFileNames: true,
    });
    for (const entry of ["sdk/client/index.d.ts", "sdk/receiver/index.d.ts", "devserver/index.d.ts"])
      expect(files).toContain(`dist/cjs/${entry}`);
    expect(files).not.toMatch(/node_modules\/zod\//);
  });

  it("compile with NodeNext in a CommonJS and in an ESM project, through exports", async () => {
    const cjs = await compile("commonjs", { module: "NodeNext", moduleResolution: "NodeNext" });
    expect(cjs).toContain("dist/cjs/sdk/client/index.d.ts");
    const esm = await compile("module", { module: "NodeNext", moduleResolution: "NodeNext" });
    expect(esm).toContain("dist/esm/sdk/client/index.d.ts");
    expect(esm).not.toContain("dist/cjs/");
  });

  it("compile with bundler resolution, through exports", async () => {
    const files = await compile("module", { module: "ESNext", moduleResolution: "Bundler" });
    expect(files).toContain("dist/esm/sdk/receiver/index.d.ts");
    expect(files).not.toContain("dist/cjs/");
  });
});
