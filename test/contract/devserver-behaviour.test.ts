// Devserver behaviour beyond the SDK's happy path: validation errors that change nothing,
// raw-target routing, retries/backoff/Retry-After/489, callbacks, dedup, seeded faults,
// the burst rate limit, persistence across restarts, the /__dev API and the CLI.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { type Destination, useDevServer } from "../support/devserver.js";

let dev: DevServer;
let dest: Destination;

useDevServer({ port: 0, token: "tok_test", retryBackoff: () => 20 }, (d, t) => {
  dev = d;
  dest = t;
});

async function api(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string; token?: string | null; server?: DevServer } = {},
) {
  const s = init.server ?? dev;
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? s.token}`;
  const res = await fetch(s.url + path, {
    method,
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

describe("bad input gets the real status and error body and changes nothing", () => {
  it("400/404/401 for every kind of bad request, inventory unchanged", async () => {
    await api("POST", `/v2/schedules/${dest.url}/keep`, {
      headers: { "Upstash-Cron": "* * * * *", "Upstash-Schedule-Id": "keep" },
    });
    await api("POST", "/v2/topics/g/endpoints", {
      body: JSON.stringify({ endpoints: [{ url: `${dest.url}/e` }] }),
    });
    await api("POST", "/v2/queues", { body: JSON.stringify({ queueName: "q", parallelism: 1 }) });
    const before = JSON.stringify(dev.inventory());
    const cases: [number, RegExp, Promise<Awaited<ReturnType<typeof api>>>][] = [
      [
        400,
        /cron/,
        api("POST", `/v2/schedules/${dest.url}/x`, {
          headers: { "Upstash-Cron": "61 * * * *", "Upstash-Schedule-Id": "keep" },
        }),
      ],
      [400, /cron/, api("POST", `/v2/schedules/${dest.url}/x`, { headers: { "Upstash-Cron": "* * * *" } })],
      [
        400,
        /time zone/,
        api("POST", `/v2/schedules/${dest.url}/x`, {
          headers: { "Upstash-Cron": "CRON_TZ=Mars/Base * * * * *" },
        }),
      ],
      [400, /Upstash-Cron/, api("POST", `/v2/schedules/${dest.url}/x`)],
      [
        400,
        /invalid scheme/,
        api("POST", "/v2/schedules/ftp://host/x", { headers: { "Upstash-Cron": "* * * * *" } }),
      ],
      [400, /invalid destination/, api("POST", "/v2/publish/not%20a%20url", { body: "x" })],
      [
        400,
        /schedule id/,
        api("POST", `/v2/schedules/${dest.url}/x`, {
          headers: { "Upstash-Cron": "* * * * *", "Upstash-Schedule-Id": "bad id!" },
        }),
      ],
      [400, /schedule id/, api("GET", "/v2/schedules/bad$id")],
      [
        400,
        /url group name/,
        api("POST", "/v2/topics/bad$name/endpoints", {
          body: JSON.stringify({ endpoints: [{ url: `${dest.url}/e` }] }),
        }),
      ],
      [
        400,
        /invalid scheme/,
        api("POST", "/v2/topics/g/endpoints", {
          body: JSON.stringify({ endpoints: [{ url: "127.0.0.1:1/x" }] }),
        }),
      ],
      [
        400,
        /queue name/,
        api("POST", "/v2/queues", { body: JSON.stringify({ queueName: "bad name", parallelism: 1 }) }),
      ],
      [
        400,
        /parallelism/,
        api("POST", "/v2/queues", { body: JSON.stringify({ queueName: "q", parallelism: -1 }) }),
      ],
      [400, /JSON/, api("POST", "/v2/queues", { body: "{nope" })],
      [
        400,
        /Upstash-Delay/,
        api("POST", `/v2/schedules/${dest.url}/x`, {
          headers: { "Upstash-Cron": "* * * * *", "Upstash-Delay": "10x" },
        }),
      ],
      [
        400,
        /Upstash-Delay/,
        api("POST", `/v2/publish/${dest.url}/x`, { headers: { "Upstash-Delay": "ten" } }),
      ],
      [
        400,
        /Upstash-Retries/,
        api("POST", `/v2/publish/${dest.url}/x`, { headers: { "Upstash-Retries": "-1" } }),
      ],
      [
        400,
        /Upstash-Retries/,
        api("POST", `/v2/schedules/${dest.url}/x`, {
          headers: { "Upstash-Cron": "* * * * *", "Upstash-Retries": "abc" },
        }),
      ],
      [
        400,
        /Upstash-Method/,
        api("POST", `/v2/publish/${dest.url}/x`, { headers: { "Upstash-Method": "FETCH" } }),
      ],
      [
        400,
        /retry delay/,
        api("POST", `/v2/publish/${dest.url}/x`, { headers: { "Upstash-Retry-Delay": "require('fs')" } }),
      ],
      [
        400,
        /Callback/,
        api("POST", `/v2/publish/${dest.url}/x`, { headers: { "Upstash-Callback": "nope" } }),
      ],
      [
        400,
        /batch\[1\]/,
        api("POST", "/v2/batch", {
          body: JSON.stringify([{ destination: `${dest.url}/ok` }, { destination: "ftp://x" }]),
        }),
      ],
      [404, /schedule nope not found/, api("GET", "/v2/schedules/nope")],
      [404, /not found/, api("DELETE", "/v2/schedules/nope")],
      [404, /not found/, api("PATCH", "/v2/schedules/nope/pause")],
      [404, /queue nope not found/, api("GET", "/v2/queues/nope")],
      [404, /url group nope not found/, api("GET", "/v2/topics/nope")],
      [404, /topic nope not found/, api("POST", "/v2/publish/nope", { body: "x" })],
      [
        404,
        /not found/,
        api("DELETE", "/v2/topics/nope/endpoints", { body: JSON.stringify({ endpoints: [{ name: "a" }] }) }),
      ],
      [401, /unauthorized/, api("GET", "/v2/schedules", { token: "wrong" })],
      [401, /unauthorized/, api("GET", "/v2/schedules", { token: null })],
      [401, /unauthorized/, api("POST", "/v2/keys/rotate", { token: "wrong" })],
    ];
    for (const [status, re, p] of cases) {
      const r = await p;
      expect({ status: r.status, body: r.json }).toMatchObject({
        status,
        body: { error: expect.stringMatching(re) },
      });
    }
    expect(JSON.stringify(dev.inventory())).toBe(before);
    await dev.settle();
    expect(dest.received).toHaveLength(0);
    // The log never holds the token.
    expect(JSON.stringify(dev.requestLog.entries())).not.toContain("tok_test");
  });

  it("accepts the token as ?qstash_token= and strips it from the destination", async () => {
    const r = await api("POST", `/v2/publish/${dest.url}/q?keep=1&qstash_token=tok_test`, {
      token: null,
      body: "b",
    });
    expect(r.status).toBe(200);
    expect(r.json.url).toBe(`${dest.url}/q?keep=1`);
    const [got] = await dest.waitFor(1);
    expect(got!.target).toBe("/q?keep=1");
    expect(JSON.stringify(dev.requestLog.entries())).not.toContain("tok_test");
  });
});

describe("routing on the raw request target", () => {
  it("keeps // and the query string of a schedule destination", async () => {
    const target = `${dest.url}//double/path?x=1&y=a%20b`;
    const r = await api("POST", `/v2/schedules/${target}`, { headers: { "Upstash-Cron": "* * * * *" } });
    expect(r.status).toBe(200);
    const s = await api("GET", `/v2/schedules/${r.json.scheduleId}`);
    expect(s.json.destination).toBe(target);
    dev.clock.trigger(r.json.scheduleId);
    const [got] = await dest.waitFor(1);
    expect(got!.target).toBe("//double/path?x=1&y=a%20b");
  });

  it("tells pause by POST and by PATCH apart from a destination", async () => {
    await api("POST", `/v2/schedules/${dest.url}/a`, {
      headers: { "Upstash-Cron": "* * * * *", "Upstash-Schedule-Id": "p1" },
    });
    expect((await api("POST", "/v2/schedules/p1/pause")).status).toBe(200);
    expect((await api("GET", "/v2/schedules/p1")).json.isPaused).toBe(true);
    expect((await api("PATCH", "/v2/schedules/p1/resume")).status).toBe(200);
    expect((await api("GET", "/v2/schedules/p1")).json.isPaused).toBe(false);
    // A destination URL ending in /pause is a create, not a pause.
    const c = await api("POST", `/v2/schedules/${dest.url}/pause`, {
      headers: { "Upstash-Cron": "* * * * *" },
    });
    expect(c.json.scheduleId).toMatch(/^scd_/);
  });
});

describe("delivery", () => {
  it("retries failures with Upstash-Retried counting up, then succeeds", async () => {
    let n = 0;
    dest.respond = (_r, res) => {
      res.statusCode = ++n < 3 ? 500 : 200;
      res.end();
    };
    const r = await api("POST", `/v2/publish/${dest.url}/retry`, {
      body: "x",
      headers: { "Upstash-Retries": "3" },
    });
    await dest.waitFor(3);
    await dev.settle();
    expect(dest.received.map((x) => x.headers["upstash-retried"])).toEqual(["0", "1", "2"]);
    expect(new Set(dest.received.map((x) => x.headers["upstash-message-id"]))).toEqual(
      new Set([r.json.messageId]),
    );
    expect(dev.inventory().finishedMessages.find((m) => m.messageId === r.json.messageId)).toMatchObject({
      state: "DELIVERED",
    });
  });

  it("honours Retry-After (scaled) over the backoff", async () => {
    const slow = await startDevServer({ port: 0, retryDelayScale: 0.2, retryBackoff: () => 0 });
    try {
      let n = 0;
      dest.respond = (_r, res) => {
        if (++n === 1) {
          res.writeHead(429, { "retry-after": "1" });
          res.end();
        } else res.end("ok");
      };
      await api("POST", `/v2/publish/${dest.url}/ra`, { body: "x", server: slow });
      const t0 = Date.now();
      await dest.waitFor(2);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(150); // 1 s × 0.2
    } finally {
      await slow.close();
    }
  });

  it("489 with Upstash-NonRetryable-Error fails at once and fires the failure callback with a dlqId", async () => {
    dest.respond = (r, res) => {
      if (r.target === "/fail") {
        res.writeHead(489, { "upstash-nonretryable-error": "true" });
        res.end("nope");
      } else res.end("ok");
    };
    const r = await api("POST", `/v2/publish/${dest.url}/fail`, {
      body: "src",
      headers: { "Upstash-Retries": "5", "Upstash-Failure-Callback": `${dest.url}/fcb` },
    });
    await dest.waitFor(2);
    await dev.settle();
    expect(dest.received.map((x) => x.target)).toEqual(["/fail", "/fcb"]);
    const cb = JSON.parse(dest.received[1]!.body);
    expect(cb).toMatchObject({ status: 489, sourceMessageId: r.json.messageId, retried: 0, maxRetries: 5 });
    expect(Buffer.from(cb.sourceBody, "base64").toString()).toBe("src");
    expect(Buffer.from(cb.body, "base64").toString()).toBe("nope");
    expect(cb.dlqId).toBeTruthy();
    expect((await api("GET", "/v2/dlq")).json.messages).toHaveLength(1);
  });

  it("fires the callback after a delivery, signed for the callback URL", async () => {
    const r = await api("POST", `/v2/publish/${dest.url}/ok`, {
      body: "b",
      headers: { "Upstash-Callback": `${dest.url}/cb` },
    });
    await dest.waitFor(2);
    const cb = dest.received.find((x) => x.target === "/cb")!;
    expect(JSON.parse(cb.body)).toMatchObject({
      status: 200,
      sourceMessageId: r.json.messageId,
      url: `${dest.url}/ok`,
    });
    const payload = JSON.parse(
      Buffer.from((cb.headers["upstash-signature"] as string).split(".")[1]!, "base64url").toString(),
    );
    expect(payload.sub).toBe(`${dest.url}/cb`);
  });

  it("deduplicates by Upstash-Deduplication-Id with 202 and the first messageId", async () => {
    const h = { "Upstash-Deduplication-Id": "d1" };
    const a = await api("POST", `/v2/publish/${dest.url}/d`, { body: "1", headers: h });
    const b = await api("POST", `/v2/publish/${dest.url}/d`, { body: "2", headers: h });
    expect(a.status).toBe(200);
    expect(b.status).toBe(202);
    expect(b.json).toMatchObject({ messageId: a.json.messageId, deduplicated: true });
    await dev.settle();
    expect(dest.received).toHaveLength(1);
  });

  it("delays by Upstash-Delay until the clock reaches it", async () => {
    await api("POST", `/v2/publish/${dest.url}/later`, { body: "x", headers: { "Upstash-Delay": "1h" } });
    await dev.settle(300);
    expect(dest.received).toHaveLength(0);
    dev.clock.advance(3_600_000);
    await dest.waitFor(1);
  });
});

describe("faults and rate limit", () => {
  async function statuses(n: number) {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await api("GET", "/v2/queues")).status);
    return out;
  }

  it("the same seed gives the same faults", async () => {
    dev.faults.set({ seed: 7, rules: [{ route: "GET /v2/queues", kind: "503", probability: 0.5 }] });
    const first = await statuses(30);
    dev.faults.set({ seed: 7, rules: [{ route: "GET /v2/queues", kind: "503", probability: 0.5 }] });
    expect(await statuses(30)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
    dev.faults.set({ seed: 8, rules: [{ route: "GET /v2/queues", kind: "503", probability: 0.5 }] });
    expect(await statuses(30)).not.toEqual(first);
    // Other routes are untouched.
    expect((await api("GET", "/v2/schedules")).status).toBe(200);
  });

  it("429 faults carry Burst-RateLimit-* and Retry-After; reset faults drop the connection", async () => {
    dev.faults.set({ rules: [{ route: "/v2/topics", kind: "429", times: 1, retryAfterSeconds: 2 }] });
    const r = await api("GET", "/v2/topics");
    expect(r.status).toBe(429);
    expect(r.headers.get("burst-ratelimit-limit")).toBeTruthy();
    expect(r.headers.get("burst-ratelimit-remaining")).toBe("0");
    expect(r.headers.get("retry-after")).toBe("2");
    expect((await api("GET", "/v2/topics")).status).toBe(200); // times: 1
    dev.faults.set({ rules: [{ route: "/v2/topics", kind: "reset", times: 1 }] });
    await expect(api("GET", "/v2/topics")).rejects.toThrow();
    expect(dev.requestLog.entries().at(-1)).toMatchObject({ fault: "reset", status: 0 });
  });

  it("the burst rate limit answers 429 like QStash above N requests per second", async () => {
    dev.faults.set({ rateLimitPerSecond: 3 });
    const got = await Promise.all(Array.from({ length: 20 }, () => api("GET", "/v2/schedules")));
    const limited = got.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(14);
    expect(limited[0]!.json.error).toMatch(/rate limit/);
    expect(limited[0]!.headers.get("burst-ratelimit-limit")).toBe("3");
    // Publish is not rate limited, as in QStash.
    expect((await api("POST", `/v2/publish/${dest.url}/x`, { body: "x" })).status).toBe(200);
  });
});

describe("persistence", () => {
  it("state written before acknowledgement survives a restart; no temp files are left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qstash-dev-"));
    const dataFile = join(dir, "state.json");
    const a = await startDevServer({ port: 0, dataFile });
    await api("POST", `/v2/schedules/${dest.url}/p`, {
      server: a,
      headers: { "Upstash-Cron": "0 * * * *", "Upstash-Schedule-Id": "persist" },
    });
    await api("POST", "/v2/topics/pg/endpoints", {
      server: a,
      body: JSON.stringify({ endpoints: [{ url: `${dest.url}/e` }] }),
    });
    await api("POST", "/v2/queues", {
      server: a,
      body: JSON.stringify({ queueName: "pq", parallelism: 2, paused: true }),
    });
    await api("POST", "/v2/keys/rotate", { server: a });
    // Acknowledged means on disk, before close().
    const onDisk = JSON.parse(readFileSync(dataFile, "utf8"));
    expect(onDisk.schedules.map((s: { scheduleId: string }) => s.scheduleId)).toEqual(["persist"]);
    const keys = { current: a.currentSigningKey, next: a.nextSigningKey };
    await a.close();
    const b = await startDevServer({ port: 0, dataFile });
    try {
      expect((await api("GET", "/v2/schedules/persist", { server: b })).json.cron).toBe("0 * * * *");
      expect((await api("GET", "/v2/topics/pg", { server: b })).json.endpoints).toEqual([
        { url: `${dest.url}/e` },
      ]);
      expect((await api("GET", "/v2/queues/pq", { server: b })).json).toMatchObject({
        parallelism: 2,
        paused: true,
      });
      expect((await api("GET", "/v2/keys", { server: b })).json).toEqual(keys);
    } finally {
      await b.close();
    }
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });
});

describe("the /__dev API for out-of-process tests", () => {
  it("log, inventory, faults, clock and trigger over HTTP, behind the token", async () => {
    expect((await api("GET", "/__dev/log", { token: null })).status).toBe(401);
    await api("DELETE", "/__dev/log");
    await api("POST", `/v2/schedules/${dest.url}/dev`, {
      headers: { "Upstash-Cron": "* * * * *", "Upstash-Schedule-Id": "dev1" },
    });
    await api("GET", "/v2/schedules/dev1");
    const log = await api("GET", "/__dev/log?method=GET&path=/v2/schedules*");
    expect(log.json.count).toBe(1);
    expect(log.json.entries[0]).toMatchObject({ method: "GET", path: "/v2/schedules/dev1", status: 200 });
    expect(
      (await api("GET", "/__dev/inventory")).json.schedules.map((s: { scheduleId: string }) => s.scheduleId),
    ).toEqual(["dev1"]);
    expect(
      (
        await api("POST", "/__dev/faults", {
          body: JSON.stringify({ rules: [{ kind: "500", route: "GET /v2/queues" }] }),
        })
      ).status,
    ).toBe(200);
    expect((await api("GET", "/v2/queues")).status).toBe(500);
    await api("DELETE", "/__dev/faults");
    expect((await api("GET", "/v2/queues")).status).toBe(200);
    const fired = await api("POST", "/__dev/clock", { body: JSON.stringify({ advanceMs: 60_000 }) });
    expect(fired.json.fired).toEqual([{ scheduleId: "dev1", messageIds: [expect.stringMatching(/^msg_/)] }]);
    const trig = await api("POST", "/__dev/schedules/dev1/trigger");
    expect(trig.json.messageIds).toHaveLength(1);
    expect((await api("POST", "/__dev/settle", { body: "{}" })).json.settled).toBe(true);
    expect(dest.received).toHaveLength(2);
    expect((await api("GET", "/__dev/deliveries")).json.deliveries).toHaveLength(2);
    expect((await api("POST", "/__dev/schedules/nope/trigger")).status).toBe(404);
  });
});

describe("CLI", () => {
  it("prints one JSON line with url, token and keys, and serves on it", async () => {
    // the bin runs the built package (npm test builds it first); never skip for want of it
    expect(existsSync("dist/cjs/devserver/cli.js"), "dist/cjs/devserver/cli.js (run npm run build)").toBe(
      true,
    );
    const child = spawn(
      process.execPath,
      ["bin/pulumi-qstash.cjs", "devserver", "--port", "0", "--token", "cli_tok"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = "";
        child.stdout.on("data", (c: Buffer) => {
          buf += c.toString();
          const nl = buf.indexOf("\n");
          if (nl !== -1) resolve(buf.slice(0, nl));
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(line);
      expect(info).toMatchObject({
        token: "cli_tok",
        currentSigningKey: expect.stringMatching(/^sig_/),
        nextSigningKey: expect.stringMatching(/^sig_/),
      });
      const res = await fetch(`${info.url}/v2/keys`, { headers: { authorization: "Bearer cli_tok" } });
      expect(await res.json()).toEqual({ current: info.currentSigningKey, next: info.nextSigningKey });
    } finally {
      child.kill("SIGTERM");
    }
  });
});
