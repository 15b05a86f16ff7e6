/**
 * The receiver examples on their platforms, each fed a real delivery from a
 * devserver: Next.js route handler, Express, AWS Lambda (API Gateway v2
 * event), Cloudflare Worker in workerd, Deno. Every handler accepts the
 * signed delivery and refuses an unsigned or tampered one; the Worker and
 * the Lambda then hand the job on with the client, and that follow-up
 * arrives signed too.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Client } from "pulumi-qstash/client";
import { type DevServer, startDevServer } from "pulumi-qstash/devserver";
import { Receiver, signDelivery } from "pulumi-qstash/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Destination, startDestination } from "../support/devserver.js";
import { bundleWorker, serveWorker } from "../support/workerd.js";
import { examples, requireBin, root, serveFetch } from "./support.js";

let dev: DevServer;
let client: Client;
const work = join(import.meta.dirname, ".state", "platforms");

beforeAll(async () => {
  dev = await startDevServer({ port: 0, token: "platforms-token-77aa" });
  client = new Client({ baseUrl: dev.url, token: dev.token });
  // The examples' own clients (their follow-ups) read these, as on a deployed platform.
  Object.assign(process.env, { QSTASH_TOKEN: dev.token, QSTASH_URL: dev.url });
  mkdirSync(work, { recursive: true });
});
afterAll(async () => {
  await client?.close();
  await dev?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Publishes one job to `url` and waits until QStash delivered it; returns the handler's status. */
async function deliver(url: string, task: string): Promise<number> {
  const { messageId } = (await client.publishJSON({ url, body: { task }, retries: 0 })) as {
    messageId: string;
  };
  await dev.settle(15_000);
  const record = dev.deliveries.find((d) => d.messageId === messageId);
  if (!record) throw new Error(`no delivery of ${messageId} to ${url}`);
  return record.status;
}

/** A request signed with a key QStash does not use, and one with no signature at all. */
async function forged(url: string): Promise<number[]> {
  const body = JSON.stringify({ task: "forged" });
  const signature = await signDelivery({ signingKey: "sig_notTheAccountKey000000000", url, body });
  const headers = { "content-type": "application/json" };
  const a = await fetch(url, {
    method: "POST",
    headers: { ...headers, "upstash-signature": signature },
    body,
  });
  const b = await fetch(url, { method: "POST", headers, body });
  return [a.status, b.status];
}

/** A request signed with the account's current key, as QStash would; returns the handler's JSON. */
async function signed(url: string): Promise<Record<string, unknown>> {
  const body = JSON.stringify({ task: "direct" });
  const signature = await signDelivery({ signingKey: dev.currentSigningKey, url, body });
  const res = await fetch(url, { method: "POST", headers: { "upstash-signature": signature }, body });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** The follow-ups `dest` received, each verified as QStash's with the devserver's keys. */
async function followUps(dest: Destination, n: number): Promise<Array<Record<string, unknown>>> {
  const receiver = new Receiver({
    currentSigningKey: dev.currentSigningKey,
    nextSigningKey: dev.nextSigningKey,
  });
  const got = await dest.waitFor(n, 15_000);
  return Promise.all(
    got.map(async (r) => {
      const signature = r.headers["upstash-signature"] as string;
      expect(await receiver.verify({ signature, body: r.body, url: `${dest.url}${r.target}` })).toBe(true);
      return JSON.parse(r.body) as Record<string, unknown>;
    }),
  );
}

const keysEnv = () => ({
  QSTASH_CURRENT_SIGNING_KEY: dev.currentSigningKey,
  QSTASH_NEXT_SIGNING_KEY: dev.nextSigningKey,
});

describe("examples/nextjs-app-router", () => {
  it("the route handler verifies a delivery, enqueues the next step, and refuses forged ones", async () => {
    const nextStep = await startDestination();
    Object.assign(process.env, keysEnv(), { NEXT_STEP_URL: `${nextStep.url}/next` });
    const route = await import("../../examples/nextjs-app-router/app/api/qstash/route.js");
    // Next.js calls POST(request, context) with a Fetch Request; so does this server.
    const app = await serveFetch(() => (request) => route.POST(request, { params: Promise.resolve({}) }));
    try {
      expect(await deliver(`${app.url}/api/qstash`, "next")).toBe(200);
      const answer = JSON.parse(app.seen[0]!.body);
      expect(answer).toMatchObject({ ok: true, task: "next" });
      expect(await forged(`${app.url}/api/qstash`)).toEqual([401, 401]);
      const [follow] = await followUps(nextStep, 1);
      expect(follow).toEqual({ task: "next", step: 1, after: answer.messageId });
    } finally {
      delete process.env.NEXT_STEP_URL;
      await app.close();
      await nextStep.close();
    }
  });
});

describe("examples/express", () => {
  it("real express with qstashExpress verifies a delivery, enqueues the next step, and refuses forged ones", async () => {
    const { createApp } = await import("../../examples/express/app.js");
    const nextStep = await startDestination();
    const server: Server = createApp({
      currentSigningKey: dev.currentSigningKey,
      nextSigningKey: dev.nextSigningKey,
      nextStepUrl: `${nextStep.url}/next`,
    }).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/qstash`;
    try {
      expect(await deliver(url, "express")).toBe(200);
      expect(await forged(url)).toEqual([401, 401]);
      const [follow] = await followUps(nextStep, 1);
      expect(follow).toMatchObject({ task: "express", step: 1 });
      expect(nextStep.received).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await nextStep.close();
    }
  });
});

describe("examples/aws-lambda", () => {
  it("the handler verifies an API Gateway v2 event built from a real delivery, plain and base64", async () => {
    Object.assign(process.env, keysEnv());
    const { handler } = await import("../../examples/aws-lambda/handler.js");
    // Capture what QStash sends, then wrap it the way API Gateway would.
    const capture = await startDestination();
    const nextStep = await startDestination();
    Object.assign(process.env, {
      QSTASH_TOKEN: dev.token,
      QSTASH_URL: dev.url,
      NEXT_STEP_URL: `${nextStep.url}/next`,
    });
    try {
      await client.publishJSON({ url: `${capture.url}/api/qstash`, body: { task: "lambda" }, retries: 0 });
      const [req] = await capture.waitFor(1);
      const template = JSON.parse(
        readFileSync(join(examples, "aws-lambda/events/api-gateway-v2.json"), "utf8"),
      );
      const headers: Record<string, string> = { ...template.headers };
      for (const [k, v] of Object.entries(req!.headers)) if (typeof v === "string") headers[k] = v;
      headers["content-length"] = String(Buffer.byteLength(req!.body));
      const event = { ...template, headers, body: req!.body, isBase64Encoded: false };
      writeFileSync(join(work, "api-gateway-v2-delivery.json"), JSON.stringify(event, null, 2));

      const ok = await handler(
        JSON.parse(readFileSync(join(work, "api-gateway-v2-delivery.json"), "utf8")),
        {},
      );
      expect(ok.statusCode).toBe(200);
      expect(JSON.parse(ok.body)).toMatchObject({
        ok: true,
        task: "lambda",
        messageId: req!.headers["upstash-message-id"],
      });

      const b64 = { ...event, body: Buffer.from(req!.body).toString("base64"), isBase64Encoded: true };
      expect((await handler(b64, {})).statusCode).toBe(200);

      const tampered = { ...event, body: req!.body.replace("lambda", "lambdA") };
      const refused = await handler(tampered, {});
      expect(refused.statusCode).toBe(401);
      expect(JSON.parse(refused.body).error).toBeTypeOf("string");

      // The handler published the next step with the client; QStash delivered it, signed.
      const [follow] = await followUps(nextStep, 1);
      expect(follow).toEqual({ task: "lambda", step: 1, after: req!.headers["upstash-message-id"] });
      expect(JSON.parse(ok.body).next).toBeTypeOf("string");
    } finally {
      delete process.env.NEXT_STEP_URL;
      await capture.close();
      await nextStep.close();
    }
  });
});

describe("examples/cloudflare-worker", () => {
  it("the worker, bundled as wrangler would, verifies a delivery inside workerd", async () => {
    const workerd = requireBin("workerd");
    const code = await bundleWorker(join(examples, "cloudflare-worker/src/index.ts"));
    expect(code).not.toMatch(/from\s*["']node:|undici/);
    const nextStep = await startDestination();
    const worker = await serveWorker({
      workerd,
      dir: work,
      code,
      // wrangler secrets and vars arrive as text bindings in env
      bindings: {
        QSTASH_CURRENT_SIGNING_KEY: dev.currentSigningKey,
        QSTASH_NEXT_SIGNING_KEY: dev.nextSigningKey,
        QSTASH_TOKEN: dev.token,
        QSTASH_URL: dev.url,
        NEXT_STEP_URL: `${nextStep.url}/next`,
      },
      localNetwork: true, // the devserver is on loopback
    });
    const url = worker.url;
    try {
      expect(await deliver(url, "worker"), worker.stderr()).toBe(200);
      const direct = await signed(url);
      expect(direct).toMatchObject({ ok: true, task: "direct", runtime: "Cloudflare-Workers" });
      expect(direct.next).toBeTypeOf("string");
      expect(await forged(url)).toEqual([401, 401]);
      const res = await fetch(url, { method: "GET" });
      expect(res.status).toBe(401); // unsigned, before the method check

      // Each verified delivery enqueued the next step from inside the Worker; both arrived signed.
      const follows = await followUps(nextStep, 2);
      expect(follows.map((f) => f.task).sort()).toEqual(["direct", "worker"]);
      for (const f of follows) expect(f.step).toBe(1);
      expect(nextStep.received).toHaveLength(2); // the forged requests handed nothing on
    } finally {
      worker.stop();
      await nextStep.close();
    }
  });
});

describe("examples/deno", () => {
  it("main.ts under `deno run` verifies a delivery, enqueues the next step, and refuses forged ones", async () => {
    const deno = requireBin("deno");
    const nextStep = await startDestination();
    // deno.json maps the package to npm; here the same npm specifiers resolve from
    // this checkout's node_modules (where pulumi-qstash links to the build), as
    // Deno resolves an installed npm package.
    const config = join(work, "deno.json");
    writeFileSync(
      config,
      JSON.stringify({
        nodeModulesDir: "manual",
        imports: {
          "pulumi-qstash/client": "npm:pulumi-qstash/client",
          "pulumi-qstash/receiver": "npm:pulumi-qstash/receiver",
        },
      }),
    );
    const child = spawn(
      deno,
      [
        "run",
        "--quiet",
        "--no-remote",
        `--config=${config}`,
        "--allow-net=127.0.0.1",
        "--allow-env",
        "--allow-read",
        join(examples, "deno/main.ts"),
      ],
      // its own process group: the npm `deno` command may be a wrapper around the binary
      {
        cwd: root,
        env: { ...process.env, ...keysEnv(), NEXT_STEP_URL: `${nextStep.url}/next`, PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => {
      stdout += d;
    });
    child.stderr!.on("data", (d) => {
      stderr += d;
    });
    try {
      for (let i = 0; i < 300 && !stdout.includes("listening"); i++) {
        if (child.exitCode !== null) throw new Error(`deno exited: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const base = JSON.parse(stdout.split("\n")[0]!).listening as string;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await deliver(`${base}/jobs`, "deno"), stderr).toBe(200);
      expect(await signed(`${base}/jobs`)).toMatchObject({ ok: true, task: "direct", runtime: "deno" });
      expect(await forged(`${base}/jobs`)).toEqual([401, 401]);
      // Both verified requests enqueued a next step from inside Deno; both arrived signed.
      const follows = await followUps(nextStep, 2);
      expect(follows.map((f) => f.task).sort()).toEqual(["deno", "direct"]);
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await nextStep.close();
    }
  });
});
