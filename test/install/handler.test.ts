// A deployed handler installs the package for its receiver and client only:
// `npm install --omit=dev <tarball>` in a project of its own, beside the same
// install of the official @upstash/qstash, measured in one run. The handler
// then publishes through the devserver and verifies the signed delivery it
// receives, from the installed copy, in ESM and CommonJS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { type Consumer, consumerProject, devVersion, packedTarball } from "../support/consumer.js";

const TOKEN = "handler-install-token-39c7a1";

// publishes to a server of its own, verifies what arrives, and rejects a forged signature
const HANDLER = (lang: "esm" | "cjs") => `${
  lang === "esm"
    ? `import { createServer } from "node:http";
import { Client } from "pulumi-qstash/client";
import { Receiver, SignatureError } from "pulumi-qstash/receiver";`
    : `const { createServer } = require("node:http");
const { Client } = require("pulumi-qstash/client");
const { Receiver, SignatureError } = require("pulumi-qstash/receiver");`
}
const receiver = new Receiver({
  currentSigningKey: process.env.CURRENT_KEY,
  nextSigningKey: process.env.NEXT_KEY,
});
const client = new Client({ baseUrl: process.env.QSTASH_URL, token: process.env.QSTASH_TOKEN });
(async () => {
  const delivered = await new Promise((resolve, reject) => {
    const server = createServer(async (req, res) => {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const body = Buffer.concat(chunks).toString("utf8");
      res.end("ok");
      server.close();
      try {
        resolve({ body, verified: await receiver.verify({ signature: req.headers["upstash-signature"], body }) });
      } catch (e) {
        reject(e);
      }
    });
    server.listen(0, "127.0.0.1", () => {
      const url = "http://127.0.0.1:" + server.address().port + "/hook";
      client.publish({ url, body: "hello from ${lang}" }).catch(reject);
    });
  });
  const forged = await receiver
    .verify({ signature: "eyJhbGciOiJIUzI1NiJ9.e30.AAAA", body: "x" })
    .then(() => "accepted", (e) => (e instanceof SignatureError ? e.code : String(e)));
  await client.close();
  console.log(JSON.stringify({ ...delivered, forged}));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;

describe("a deployed handler installs the package (npm install --omit=dev)", () => {
  let dev: DevServer;
  let ours: Consumer;
  let official: Consumer;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 20 });
    ours = consumerProject("handler");
    official = consumerProject("official-handler");
    await ours.npm(["install", "--omit=dev", await packedTarball()]);
    await official.npm(["install", "--omit=dev", `@upstash/qstash@${devVersion("@upstash/qstash")}`]);
  }, 900_000);

  afterAll(async () => {
    ours?.dispose();
    official?.dispose();
    await dev?.close();
  });

  it("brings at most twice the packages and bytes of the official SDK, and none of the provider's", () => {
    const mine = ours.footprint();
    const theirs = official.footprint();
    console.log(
      `handler install footprint: pulumi-qstash ${mine.packages.length} packages, ${(mine.bytes / 1e6).toFixed(2)} MB; ` +
        `@upstash/qstash ${theirs.packages.length} packages, ${(theirs.bytes / 1e6).toFixed(2)} MB ` +
        `(${(mine.bytes / theirs.bytes).toFixed(2)}x bytes)`,
    );
    expect(mine.packages).toContain("pulumi-qstash");
    for (const heavy of ["@pulumi/pulumi", "zod", "croner", "@grpc/grpc-js", "protobufjs"])
      expect(mine.packages, heavy).not.toContain(heavy);
    expect(mine.packages.filter((p) => p.startsWith("@opentelemetry/"))).toEqual([]);
    expect(mine.packages.length).toBeLessThanOrEqual(2 * theirs.packages.length);
    expect(mine.bytes).toBeLessThanOrEqual(2 * theirs.bytes);
  });

  for (const lang of ["esm", "cjs"] as const) {
    it(`publishes and verifies the delivery with the installed receiver and client (${lang})`, async () => {
      const file = lang === "esm" ? "handler.mjs" : "handler.cjs";
      ours.write(file, HANDLER(lang));
      const { stdout } = await ours.run(process.execPath, [file], {
        env: {
          QSTASH_URL: dev.url,
          QSTASH_TOKEN: TOKEN,
          CURRENT_KEY: dev.currentSigningKey,
          NEXT_KEY: dev.nextSigningKey,
        },
        timeout: 60_000,
      });
      const r = JSON.parse(stdout) as { body: string; verified: boolean; forged: string };
      expect(r.body).toBe(`hello from ${lang}`);
      expect(r.verified).toBe(true);
      expect(r.forged).not.toBe("accepted");
    });
  }

  it("the provider entry, without @pulumi/pulumi, says what to install", async () => {
    const err = await ours
      .run(process.execPath, ["-e", 'require("pulumi-qstash")'], { timeout: 60_000 })
      .then(
        () => undefined,
        (e: Error) => e.message,
      );
    expect(err).toMatch(/need @pulumi\/pulumi.*npm install @pulumi\/pulumi/s);
    expect(err).not.toMatch(/Cannot find module/);
    const esm = await ours
      .run(process.execPath, ["--input-type=module", "-e", 'await import("pulumi-qstash")'], {
        timeout: 60_000,
      })
      .then(
        () => undefined,
        (e: Error) => e.message,
      );
    expect(esm).toMatch(/npm install @pulumi\/pulumi/);
  });
});
