import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  Client,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  QuotaExceededError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from "../../sdk/client/index.js";

// A scripted loopback server: each test queues responses; every request is
// recorded so tests can count attempts and inspect what was sent.
type Reply = { status: number; body?: string; headers?: Record<string, string> } | "reset" | "hang";
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base: string;
let replies: Reply[] = [];
let seen: Seen[] = [];
const TOKEN = "tok_secret_abc123";

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const r = replies.shift() ?? { status: 200, body: "{}" };
      if (r === "reset") return req.socket.destroy();
      if (r === "hang") return;
      res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
      res.end(r.body ?? "");
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  replies = [];
  seen = [];
});

const fast = { retries: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2000 };
function client(extra: Record<string, unknown> = {}) {
  return new Client({ token: TOKEN, baseUrl: base, retry: fast, ...extra });
}

// The same behaviour over both transports: Node's default (an undici pool)
// and `fetch`, which Workers, edge runtimes, Deno and Bun use.
describe.each([
  ["the Node transport (undici pool)", {}],
  ["the fetch transport", { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) }],
])("HTTP core over %s", (_name, transport) => {
  function client(extra: Record<string, unknown> = {}) {
    return new Client({ token: TOKEN, baseUrl: base, retry: fast, ...transport, ...extra });
  }

  it("sends the bearer token and maps 404 to NotFoundError with method, path and server message", async () => {
    replies = [{ status: 404, body: '{"error":"schedule not found"}' }];
    const c = client();
    const err = await c.schedules.get("nope").catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: "NOT_FOUND", status: 404, method: "GET", path: "/v2/schedules/nope" });
    expect(err.serverMessage).toBe("schedule not found");
    expect(err.attempts).toBe(1);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    await c.close();
  });

  it.each([
    [400, "BadRequestError"],
    [401, "UnauthorizedError"],
    [412, "QuotaExceededError"],
  ])("maps %i to %s without retrying", async (status, name) => {
    replies = [{ status, body: '{"error":"x"}' }];
    const c = client();
    const err = await c.queues.get("q").catch((e) => e);
    expect(err.constructor.name).toBe(name);
    expect(seen).toHaveLength(1);
    await c.close();
  });

  it("never puts the token in an error, even when the server echoes it", async () => {
    replies = [{ status: 401, body: JSON.stringify({ error: `bad token ${TOKEN}` }) }];
    const c = client();
    const err = await c.signingKeys.get().catch((e) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(err.message).not.toContain(TOKEN);
    expect(JSON.stringify({ ...err, m: err.message, s: err.stack })).not.toContain(TOKEN);
    await c.close();
  });

  it("retries an idempotent GET through 503, 429 and a reset, then succeeds", async () => {
    replies = [
      { status: 503, body: "down" },
      { status: 429, body: "{}", headers: { "retry-after": "0" } },
      "reset",
      { status: 200, body: '{"current":"a","next":"b"}' },
    ];
    const c = client();
    await expect(c.signingKeys.get()).resolves.toMatchObject({ current: "a", next: "b" });
    expect(seen).toHaveLength(4);
    await c.close();
  });

  it("fails an exhausted request with the last error and the attempt count", async () => {
    replies = [{ status: 500 }, { status: 502 }, { status: 503 }, { status: 504, body: '{"error":"last"}' }];
    const c = client();
    const err = await c.queues.list().catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(504);
    expect(err.serverMessage).toBe("last");
    expect(err.attempts).toBe(4);
    await c.close();
  });

  it("does not retry a non-idempotent rotate after a 503, but does after a 429", async () => {
    replies = [{ status: 503 }];
    const c = client();
    await expect(c.signingKeys.rotate()).rejects.toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1);
    seen = [];
    replies = [
      { status: 429, headers: { "retry-after": "0" } },
      { status: 200, body: '{"current":"b","next":"c"}' },
    ];
    await expect(c.signingKeys.rotate()).resolves.toMatchObject({ current: "b" });
    expect(seen).toHaveLength(2);
    await c.close();
  });

  it("honours Burst-RateLimit-Reset and reports resetAt on RateLimitedError", async () => {
    const reset = Math.floor(Date.now() / 1000) + 1;
    replies = [
      { status: 429, headers: { "burst-ratelimit-reset": String(reset), "burst-ratelimit-limit": "100" } },
    ];
    const c = client({ retry: false });
    const err = await c.queues.list().catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.resetAt).toBe(reset * 1000);
    expect(err.limit).toBe(100);
    seen = [];
    replies = [
      { status: 429, headers: { "burst-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 2) } },
      { status: 200, body: "[]" },
    ];
    const c2 = client();
    const t0 = Date.now();
    await c2.queues.list();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(seen).toHaveLength(2);
    await Promise.all([c.close(), c2.close()]);
  });

  it("gives up at once when Retry-After exceeds maxRetryAfterMs (a daily quota)", async () => {
    replies = [{ status: 429, headers: { "retry-after": "3600" } }];
    const c = client();
    const err = await c.queues.list().catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(seen).toHaveLength(1);
    await c.close();
  });

  it("times out a hung request with TimeoutError and retries it when idempotent", async () => {
    replies = ["hang", { status: 200, body: "[]" }];
    const c = client({ timeoutMs: 150 });
    await expect(c.queues.list()).resolves.toEqual([]);
    replies = ["hang"];
    const c2 = client({ timeoutMs: 100, retry: false });
    await expect(c2.queues.list()).rejects.toBeInstanceOf(TimeoutError);
    await Promise.all([c.close(), c2.close()]);
  });

  it("maps a refused connection to ConnectionError", async () => {
    const c = new Client({ token: TOKEN, baseUrl: "http://127.0.0.1:1", retry: false, ...transport });
    const err = await c.queues.list().catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).not.toContain(TOKEN);
    await c.close();
  });

  it("aborts with the caller's signal and stops retrying", async () => {
    replies = ["hang"];
    const c = client();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("stop")), 50);
    await expect(c.queues.list({ signal: ac.signal })).rejects.toThrow("stop");
    await c.close();
  });

  it("treats a 404 after an ambiguous failed delete as done", async () => {
    replies = [{ status: 503 }, { status: 404, body: '{"error":"not found"}' }];
    const c = client();
    await expect(c.queues.delete("q")).resolves.toBeUndefined();
    replies = [{ status: 404, body: '{"error":"not found"}' }];
    await expect(c.queues.delete("q")).rejects.toBeInstanceOf(NotFoundError);
    await c.close();
  });

  it("refuses a 2xx body of the wrong shape with InvalidResponseError, tolerating extra fields", async () => {
    replies = [{ status: 200, body: '{"scheduleId":5}' }];
    const c = client();
    await expect(c.schedules.get("s")).rejects.toBeInstanceOf(InvalidResponseError);
    replies = [
      {
        status: 200,
        body: '{"scheduleId":"s","cron":"* * * * *","destination":"http://127.0.0.1:1/x","createdAt":1,"brandNew":{"a":1}}',
      },
    ];
    await expect(c.schedules.get("s")).resolves.toMatchObject({ scheduleId: "s", brandNew: { a: 1 } });
    await c.close();
  });

  it("keeps QuotaExceededError importable for callers", () => {
    expect(new QuotaExceededError({ status: 412 }).code).toBe("QUOTA_EXCEEDED");
  });
});

describe("requests on the wire", () => {
  it("schedules.create sends every option as the reference's headers and a pre-chosen id", async () => {
    replies = [{ status: 200, body: '{"scheduleId":"my.sched-1"}' }];
    const c = client();
    const r = await c.schedules.create({
      destination: "http://127.0.0.1:9/a?x=1&y=2",
      cron: "CRON_TZ=America/New_York 0 4 * * *",
      body: '{"a":1}',
      headers: { "X-Custom": "v", "content-type": "text/plain" },
      method: "PUT",
      delay: 30,
      retries: 2,
      retryDelay: "1000",
      callback: "http://127.0.0.1:9/cb",
      failureCallback: "http://127.0.0.1:9/fcb",
      timeout: "10s",
      scheduleId: "my.sched-1",
      queueName: "q1",
      flowControl: { key: "fk", parallelism: 2, rate: 5, period: 60 },
      label: ["a", "b"],
      redact: { body: true, header: ["Authorization"] },
    });
    expect(r.scheduleId).toBe("my.sched-1");
    const s = seen[0]!;
    expect(s.method).toBe("POST");
    expect(s.url).toBe("/v2/schedules/http://127.0.0.1:9/a?x=1&y=2");
    expect(s.body).toBe('{"a":1}');
    expect(s.headers).toMatchObject({
      "content-type": "text/plain",
      "upstash-cron": "CRON_TZ=America/New_York 0 4 * * *",
      "upstash-delay": "30s",
      "upstash-callback": "http://127.0.0.1:9/cb",
      "upstash-failure-callback": "http://127.0.0.1:9/fcb",
      "upstash-flow-control-key": "fk",
      "upstash-flow-control-value": "parallelism=2, rate=5, period=60s",
      "upstash-forward-x-custom": "v",
      "upstash-label": "a,b",
      "upstash-method": "PUT",
      "upstash-queue-name": "q1",
      "upstash-redact-fields": "body,header[Authorization]",
      "upstash-retries": "2",
      "upstash-retry-delay": "1000",
      "upstash-schedule-id": "my.sched-1",
      "upstash-timeout": "10s",
    });
    await c.close();
  });

  it("a retried schedule create without an id reuses the id it chose before the first attempt", async () => {
    replies = ["reset", { status: 503 }, { status: 200, body: '{"scheduleId":"x"}' }];
    const c = client();
    await c.schedules.create({ destination: "grp", cron: "* * * * *" });
    expect(seen).toHaveLength(3);
    const ids = new Set(seen.map((s) => s.headers["upstash-schedule-id"]));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^scd_[0-9a-f]{32}$/);
    expect(seen[0]!.headers["content-type"]).toBe("application/json");
    await c.close();
  });

  it("Q1: a publish gets a deduplication id only when opted in, kept across retries; without one no 5xx retry", async () => {
    replies = [{ status: 503 }, { status: 200, body: '{"messageId":"m1","url":"http://127.0.0.1:9/x"}' }];
    const c = client({ autoDeduplicationId: true });
    await expect(c.publish({ url: "http://127.0.0.1:9/x", body: "hi" })).resolves.toMatchObject({
      messageId: "m1",
    });
    expect(seen).toHaveLength(2);
    expect(seen[0]!.headers["upstash-deduplication-id"]).toBeTruthy();
    expect(seen[1]!.headers["upstash-deduplication-id"]).toBe(seen[0]!.headers["upstash-deduplication-id"]);
    expect(seen[0]!.headers["content-type"]).toBe("text/plain;charset=UTF-8");
    expect(seen[0]!.headers["upstash-method"]).toBe("POST");
    seen = [];
    replies = [{ status: 503 }];
    const c2 = client();
    await expect(c2.publish({ url: "http://127.0.0.1:9/x", body: "hi" })).rejects.toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers["upstash-deduplication-id"]).toBeUndefined();
    await Promise.all([c.close(), c2.close()]);
  });

  it("publishJSON to a URL group returns one result per endpoint", async () => {
    replies = [{ status: 200, body: '[{"messageId":"a","url":"u1"},{"messageId":"b","url":"u2"}]' }];
    const c = client();
    const r = await c.publishJSON({ urlGroup: "grp", body: { n: 1 } });
    expect(r).toHaveLength(2);
    expect(seen[0]!.url).toBe("/v2/publish/grp");
    expect(seen[0]!.body).toBe('{"n":1}');
    expect(seen[0]!.headers["content-type"]).toBe("application/json");
    await c.close();
  });

  it("enqueue and queue().enqueueJSON go to /v2/enqueue/{queue}/{destination}", async () => {
    replies = [
      { status: 200, body: '{"messageId":"a"}' },
      { status: 200, body: '{"messageId":"b"}' },
    ];
    const c = client();
    await c.enqueue({ queueName: "q1", url: "http://127.0.0.1:9/x", body: "1" });
    await c.queue({ queueName: "q1" }).enqueueJSON({ url: "http://127.0.0.1:9/y", body: [1] });
    expect(seen.map((s) => s.url)).toEqual([
      "/v2/enqueue/q1/http://127.0.0.1:9/x",
      "/v2/enqueue/q1/http://127.0.0.1:9/y",
    ]);
    await c.close();
  });

  it("batch sends one JSON array with lower-case headers and queue", async () => {
    replies = [{ status: 200, body: '[{"messageId":"a"},[{"messageId":"b"}]]' }];
    const c = client();
    const r = await c.batch([
      { url: "http://127.0.0.1:9/1", body: "b", headers: { "X-G": "g" } },
      { urlGroup: "grp", queueName: "q1" },
    ]);
    expect(r).toHaveLength(2);
    const sent = JSON.parse(seen[0]!.body);
    expect(sent[0]).toMatchObject({ destination: "http://127.0.0.1:9/1", body: "b" });
    expect(sent[0].headers).toMatchObject({ "upstash-forward-x-g": "g", "upstash-method": "POST" });
    expect(sent[1]).toMatchObject({ destination: "grp", queue: "q1" });
    await c.close();
  });

  it("urlGroups, queues and schedule pause use the reference's methods and paths", async () => {
    const c = client();
    replies = Array.from({ length: 9 }, () => ({ status: 200, body: "" }));
    await c.urlGroups.addEndpoints({ name: "g", endpoints: [{ name: "e1", url: "http://127.0.0.1:9/a" }] });
    await c.topics.removeEndpoints({ name: "g", endpoints: [{ name: "e1" }] });
    await c.urlGroups.delete("g");
    await c.queues.upsert({ queueName: "q" });
    await c.queues.pause("q");
    await c.queue({ queueName: "q" }).resume();
    await c.schedules.pause({ schedule: "s" });
    await c.schedules.resume({ schedule: "s" });
    await c.schedules.delete("s");
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "POST /v2/topics/g/endpoints",
      "DELETE /v2/topics/g/endpoints",
      "DELETE /v2/topics/g",
      "POST /v2/queues",
      "POST /v2/queues/q/pause",
      "POST /v2/queues/q/resume",
      "PATCH /v2/schedules/s/pause",
      "PATCH /v2/schedules/s/resume",
      "DELETE /v2/schedules/s",
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ endpoints: [{ name: "e1", url: "http://127.0.0.1:9/a" }] });
    expect(JSON.parse(seen[3]!.body)).toEqual({ queueName: "q", parallelism: 1, paused: false });
    await c.close();
  });
});
