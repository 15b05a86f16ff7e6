// Every entry point's declarations, compiled as users' projects compile them:
// Pulumi's own TypeScript templates (CommonJS, `moduleResolution: "node"`,
// which ignores `exports` and reaches the subpaths through `typesVersions`),
// and the modern resolutions that read `exports`. The packed tarball is
// installed into a consumer project outside the repository, beside its own
// @pulumi/pulumi, TypeScript and @types/node, and compiled with its own tsc.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Consumer, consumerProject, devVersion, packedTarball } from "../support/consumer.js";
import { compileProject } from "../support/tsc.js";

let consumer: Consumer;
let work: string;

const INDEX = `
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

beforeAll(async () => {
  consumer = consumerProject("package-types", {
    dependencies: { "@pulumi/pulumi": "3.270.0" },
    devDependencies: { "@types/node": devVersion("@types/node"), typescript: devVersion("typescript") },
  });
  work = consumer.dir;
  await consumer.npm(["install"]);
  await consumer.npm(["install", await packedTarball()]);
  writeFileSync(join(work, "index.ts"), INDEX);
}, 900_000);
afterAll(() => consumer?.dispose());

async function compile(type: "commonjs" | "module", options: Record<string, unknown>): Promise<string> {
  writeFileSync(join(work, "package.json"), JSON.stringify({ type }));
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "ES2022",
      types: ["node"],
      ...options,
    },
    files: ["index.ts"],
  };
  return compileProject(work, config, join(work, "node_modules", "typescript", "bin", "tsc"));
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
    // from the installed copy, never from the repository
    expect(files).toMatch(
      new RegExp(`^${work}/node_modules/pulumi-qstash/dist/(cjs|esm)/provider/index\\.d\\.ts$`, "m"),
    );
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
