// The entries of docs/qstash-behaviour.md that concern what goes over the
// wire: our client and the official SDK against the devserver (and, where
// the point is what the client sends, against a capturing stand-in).
import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client as UpstashClient } from "@upstash/qstash";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { Client, QuotaExceededError } from "../../sdk/client/index.js";
import { type Destination, startDestination } from "../support/devserver.js";

const TOKEN = "tok_faithful";
let dev: DevServer;
let dest: Destination;
let client: Client;
let official: UpstashClient;

beforeAll(async () => {
  dev = await startDevServer({ port: 0, token: TOKEN, retryBackoff: () => 20 });
  dest = await startDestination();
  client = new Client({ baseUrl: dev.url, token: TOKEN, retry: false });
  official = new UpstashClient({ baseUrl: dev.url, token: TOKEN });
});
afterAll(async () => {
  await client.close();
  await dev.close();
  await dest.close();
});
beforeEach(async () => {
  await dev.reset();
  dest.received.length = 0;
});

async function api(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
) {
  const res = await fetch(dev.url + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as any) : undefined };
}

/** A stand-in for QStash that records what a client sends and answers like it. */
async function capture(): Promise<{
  url: string;
  got: { path: string; headers: IncomingHttpHeaders }[];
  server: Server;
}> {
  const got: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      got.push({ path: req.url ?? "", headers: req.headers });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(req.url?.startsWith("/v2/schedules") ? '{"scheduleId":"s"}' : '{"messageId":"m"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, server };
}

describe("U1: URLs are sent, stored and returned exactly as written", () => {
  it("a bare-origin destination keeps no trailing slash, through our client and the official SDK", async () => {
    const bare = dest.url; // http://127.0.0.1:<port>, no path
    await client.schedules.create({ scheduleId: "bare", destination: bare, cron: "* * * * *" });
    expect((await client.schedules.get("bare")).destination).toBe(bare);
    expect((await official.schedules.get("bare")).destination).toBe(bare);
    const { messageId } = await client.publish({ url: bare, body: "x" });
    await dest.waitFor(1);
    expect(dest.received[0]!.target).toBe("/");
    expect(messageId).toMatch(/./);
    await client.urlGroups.addEndpoints({ name: "g", endpoints: [{ url: `${bare}?a=1&b=2` }] });
    expect((await client.urlGroups.get("g")).endpoints).toEqual([{ url: `${bare}?a=1&b=2` }]);
  });
});

describe("N2: endpoint names with spaces", () => {
  it("are accepted by our client, the official SDK and the devserver", async () => {
    await client.urlGroups.addEndpoints({
      name: "g",
      endpoints: [{ name: "First endpoint", url: `${dest.url}/1` }],
    });
    await official.urlGroups.addEndpoints({
      name: "g",
      endpoints: [{ name: "Second endpoint", url: `${dest.url}/2` }],
    });
    const g = await client.urlGroups.get("g");
    expect(g.endpoints.map((e) => e.name).sort()).toEqual(["First endpoint", "Second endpoint"]);
    await client.urlGroups.removeEndpoints({ name: "g", endpoints: [{ name: "First endpoint" }] });
    expect((await client.urlGroups.get("g")).endpoints).toEqual([
      { name: "Second endpoint", url: `${dest.url}/2` },
    ]);
  });
});

describe("H1: every header but Content-Type and Upstash-* is forwarded", () => {
  it("delivers Authorization to the destination", async () => {
    await client.publish({
      url: `${dest.url}/h`,
      body: "x",
      headers: { Authorization: "Bearer dest-token" },
    });
    const [r] = await dest.waitFor(1);
    expect(r!.headers.authorization).toBe("Bearer dest-token");
  });
});

describe("H2: callback headers and settings on schedules", () => {
  it("are stored, reported as callbackHeader/failureCallbackHeader and sent to the callback", async () => {
    await client.schedules.create({
      scheduleId: "cb",
      destination: `${dest.url}/job`,
      cron: "0 0 * * *",
      callback: `${dest.url}/callback`,
      failureCallback: `${dest.url}/failed`,
      callbackHeaders: { Authorization: "Bearer cb-token" },
      failureCallbackHeaders: { "X-Failure-Key": "fk" },
      callbackMethod: "PUT",
      callbackRetries: 1,
    });
    const s = await client.schedules.get("cb");
    expect(s.callbackHeader).toEqual({ Authorization: ["Bearer cb-token"] });
    expect(s.failureCallbackHeader).toEqual({ "X-Failure-Key": ["fk"] });
    dev.clock.trigger("cb");
    await dev.settle(10_000);
    const cb = dest.received.find((r) => r.target === "/callback");
    expect(cb?.method).toBe("PUT");
    expect(cb?.headers.authorization).toBe("Bearer cb-token");
  });
});

describe("M1: delivery methods", () => {
  it("the devserver refuses HEAD and OPTIONS like QStash", async () => {
    for (const m of ["HEAD", "OPTIONS"]) {
      const r = await api("POST", `/v2/publish/${dest.url}/x`, { headers: { "Upstash-Method": m } });
      expect(r.status, m).toBe(400);
      expect(r.json.error).toMatch(/GET, POST, PUT, PATCH or DELETE/);
    }
    expect(
      (await api("POST", `/v2/publish/${dest.url}/x`, { headers: { "Upstash-Method": "PATCH" } })).status,
    ).toBe(200);
  });
});

describe("X1: redaction", () => {
  it("get and list show REDACTED:<sha256> while the delivery carries the originals", async () => {
    const sha = (s: string) => `REDACTED:${createHash("sha256").update(s).digest("hex")}`;
    await client.schedules.create({
      scheduleId: "red",
      destination: `${dest.url}/red`,
      cron: "0 0 * * *",
      body: "secret-body",
      headers: { Authorization: "Bearer secret", "X-Public": "visible" },
      redact: { body: true, header: ["Authorization"] },
    });
    const s = await client.schedules.get("red");
    expect(s.body).toBe(sha("secret-body"));
    expect(s.header?.Authorization).toEqual([sha("Bearer secret")]);
    expect(s.header?.["X-Public"]).toEqual(["visible"]);
    expect((await official.schedules.list()).find((x) => x.scheduleId === "red")?.body).toBe(
      sha("secret-body"),
    );
    dev.clock.trigger("red");
    await dev.settle(10_000);
    const r = dest.received.find((x) => x.target === "/red");
    expect(r!.body).toBe("secret-body");
    expect(r!.headers.authorization).toBe("Bearer secret");
  });

  it("a message's body and all headers are redacted with header: true", async () => {
    const { messageId } = await client.publish({
      url: `${dest.url}/m`,
      body: "b",
      delay: "1h",
      headers: { "X-A": "a" },
      redact: { body: true, header: true },
    });
    const m = (await api("GET", `/v2/messages/${messageId}`)).json;
    expect(m.body).toMatch(/^REDACTED:[0-9a-f]{64}$/);
    expect(m.header["X-A"][0]).toMatch(/^REDACTED:/);
  });
});

describe("P1: plan-dependent values are not sent when unset", () => {
  it("a schedule without retries sends no Upstash-Retries; QStash's default comes back", async () => {
    const cap = await capture();
    const c = new Client({ baseUrl: cap.url, token: TOKEN, retry: false });
    try {
      await c.schedules.create({ destination: `${dest.url}/x`, cron: "* * * * *", scheduleId: "r" });
      expect(cap.got[0]!.headers["upstash-retries"]).toBeUndefined();
    } finally {
      await c.close();
      cap.server.close();
    }
    await client.schedules.create({ destination: `${dest.url}/x`, cron: "* * * * *", scheduleId: "r" });
    expect((await client.schedules.get("r")).retries).toBe(3);
  });

  it("queue parallelism has no local cap; over the plan's limit QStash's 412 surfaces", async () => {
    await client.queues.upsert({ queueName: "big", parallelism: 5000 });
    expect((await client.queues.get("big")).parallelism).toBe(5000);
    const limited = await startDevServer({ port: 0, token: TOKEN, limits: { maxParallelism: 10 } });
    const c = new Client({ baseUrl: limited.url, token: TOKEN, retry: false });
    try {
      await expect(c.queues.upsert({ queueName: "q", parallelism: 11 })).rejects.toBeInstanceOf(
        QuotaExceededError,
      );
    } finally {
      await c.close();
      await limited.close();
    }
  });
});

describe("F1: ratePerSecond", () => {
  it("is accepted as the old name of rate", async () => {
    await client.schedules.create({
      scheduleId: "fc",
      destination: `${dest.url}/x`,
      cron: "* * * * *",
      flowControl: { key: "my key", ratePerSecond: 4 },
    });
    expect(await client.schedules.get("fc")).toMatchObject({ flowControlKey: "my key", rate: 4 });
  });
});

describe("Q1: no automatic deduplication id", () => {
  it("publish, enqueue and batch send none unless asked to", async () => {
    const cap = await capture();
    const c = new Client({ baseUrl: cap.url, token: TOKEN, retry: false });
    const opted = new Client({ baseUrl: cap.url, token: TOKEN, retry: false, autoDeduplicationId: true });
    try {
      await c.publish({ url: `${dest.url}/x`, body: "1" });
      await c.enqueue({ queueName: "q", url: `${dest.url}/x`, body: "1" });
      expect(cap.got.map((g) => g.headers["upstash-deduplication-id"])).toEqual([undefined, undefined]);
      await opted.publish({ url: `${dest.url}/x`, body: "1" });
      expect(cap.got[2]!.headers["upstash-deduplication-id"]).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await c.close();
      await opted.close();
      cap.server.close();
    }
  });
});

describe("A1: other SDKs' path spellings", () => {
  it("the Go SDK's /v2/Schedules/ creates and reads a schedule", async () => {
    const created = await api("POST", `/v2/Schedules/${dest.url}/go`, {
      headers: { "Upstash-Cron": "* * * * *", "Upstash-Schedule-Id": "go" },
    });
    expect(created.json).toEqual({ scheduleId: "go" });
    const got = await api("GET", "/v2/Schedules/go");
    expect(got.json.destination).toBe(`${dest.url}/go`);
  });
});

describe("A2: deleting a URL group that does not exist", () => {
  it("succeeds", async () => {
    expect((await api("DELETE", "/v2/topics/never-created")).status).toBe(200);
    await expect(client.urlGroups.delete("never-created")).resolves.toBeUndefined();
  });
});

describe("A3: optional fields present but empty", () => {
  it("accepts the Python SDK's nulls and the Go SDK's empty strings and zero parallelism", async () => {
    const py = await api("POST", "/v2/batch", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ destination: `${dest.url}/py`, headers: {}, body: null, queue: null }]),
    });
    expect(py.status).toBe(200);
    const go = await api("POST", "/v2/batch", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ destination: `${dest.url}/go`, headers: {}, body: "", queue: "" }]),
    });
    expect(go.status).toBe(200);
    const q = await api("POST", "/v2/queues", {
      body: JSON.stringify({ queueName: "goq", parallelism: 0, paused: false }),
    });
    expect(q.status).toBe(200);
    expect((await client.queues.get("goq")).parallelism).toBe(1);
    const ep = await api("POST", "/v2/topics/g/endpoints", {
      body: JSON.stringify({ endpoints: [{ url: `${dest.url}/e`, name: "" }] }),
    });
    expect(ep.status).toBe(200);
    expect((await client.urlGroups.get("g")).endpoints).toEqual([{ url: `${dest.url}/e` }]);
  });
});

describe("A4: cancelling one message", () => {
  it('answers {"cancelled":1}', async () => {
    const { messageId } = await client.publish({ url: `${dest.url}/later`, body: "x", delay: "1h" });
    const r = await api("DELETE", `/v2/messages/${messageId}`);
    expect(r.json).toEqual({ cancelled: 1 });
  });
});

describe("A5: reported fields", () => {
  it("a message reports retryDelayExpression; a schedule its timeout", async () => {
    const { messageId } = await client.publish({
      url: `${dest.url}/later`,
      body: "x",
      delay: "1h",
      retryDelay: "pow(2, retried) * 1000",
    });
    expect((await api("GET", `/v2/messages/${messageId}`)).json.retryDelayExpression).toBe(
      "pow(2, retried) * 1000",
    );
    await client.schedules.create({
      scheduleId: "t",
      destination: `${dest.url}/x`,
      cron: "* * * * *",
      timeout: "2m",
    });
    expect((await client.schedules.get("t")).timeout).toBe(120);
  });
});

describe("A6: logs page size", () => {
  it("GET /v2/logs and /v2/events answer up to 1000 entries a page by default; the DLQ keeps 100", async () => {
    // delayed an hour, each message logs one CREATED entry: 120 of them pass the DLQ's page of 100
    const batch = Array.from({ length: 120 }, (_, i) => ({
      destination: `${dest.url}/later`,
      body: String(i),
      headers: { "Upstash-Delay": "1h" },
    }));
    expect((await api("POST", "/v2/batch", { body: JSON.stringify(batch) })).status).toBe(200);
    const logs = await api("GET", "/v2/logs");
    expect(logs.json.logs).toHaveLength(120);
    expect(logs.json.cursor).toBeUndefined();
    expect((await api("GET", "/v2/events")).json.events).toHaveLength(120);
    const capped = await api("GET", "/v2/events?count=5000");
    expect(capped.json.events).toHaveLength(120);
  });
});

describe("A7: flow control reports its period", () => {
  it("given only parallelism or rate, messages (batch too), schedules, DLQ and log entries show period 1", async () => {
    const rateOnly = await official.publish({
      url: `${dest.url}/later`,
      body: "r",
      delay: "1h",
      flowControl: { key: "fk-rate", rate: 3 },
    });
    const [parOnly] = (await official.batch([
      {
        url: `${dest.url}/later`,
        body: "p",
        delay: "1h",
        flowControl: { key: "fk-par", parallelism: 5 },
      },
    ])) as { messageId: string }[];
    const r = (await api("GET", `/v2/messages/${rateOnly.messageId}`)).json;
    expect([r.flowControlKey, r.rate, r.period, "parallelism" in r]).toEqual(["fk-rate", 3, 1, false]);
    const p = (await api("GET", `/v2/messages/${parOnly!.messageId}`)).json;
    expect([p.flowControlKey, p.parallelism, p.period, "rate" in p]).toEqual(["fk-par", 5, 1, false]);

    const logs = (await api("GET", `/v2/logs?messageId=${rateOnly.messageId}`)).json.logs;
    expect(logs[0]).toMatchObject({ flowControlKey: "fk-rate", rate: 3, period: 1 });
    expect("parallelism" in logs[0]).toBe(false);

    await official.schedules.create({
      scheduleId: "fc",
      destination: `${dest.url}/x`,
      cron: "* * * * *",
      flowControl: { key: "fk-s", parallelism: 2 },
    });
    const s = (await api("GET", "/v2/schedules/fc")).json;
    expect([s.flowControlKey, s.parallelism, s.period, "rate" in s]).toEqual(["fk-s", 2, 1, false]);

    const respond = dest.respond;
    dest.respond = (_r, res) => {
      res.writeHead(500);
      res.end("no");
    };
    try {
      const failed = await official.publish({
        url: `${dest.url}/fail`,
        body: "f",
        retries: 0,
        flowControl: { key: "fk-d", rate: 7 },
      });
      await dev.settle();
      const [entry] = (await api("GET", `/v2/dlq?messageId=${failed.messageId}`)).json.messages;
      expect([entry.flowControlKey, entry.rate, entry.period, "parallelism" in entry]).toEqual([
        "fk-d",
        7,
        1,
        false,
      ]);
    } finally {
      dest.respond = respond;
    }
  });
});

describe("A8: log entries name the retry delay retryDelayExpr", () => {
  it("while the message itself says retryDelayExpression", async () => {
    const { messageId } = await client.publish({
      url: `${dest.url}/later`,
      body: "x",
      delay: "1h",
      retryDelay: "1000 * retried",
    });
    const [entry] = (await api("GET", `/v2/logs?messageId=${messageId}`)).json.logs;
    expect(entry.retryDelayExpr).toBe("1000 * retried");
    expect("retryDelayExpression" in entry).toBe(false);
    const [ours] = (await client.logs({ messageIds: [messageId] })).logs;
    expect(ours?.retryDelayExpr).toBe("1000 * retried");
    expect((await api("GET", `/v2/messages/${messageId}`)).json.retryDelayExpression).toBe("1000 * retried");
  });
});

describe("A9: publish errors in QStash's words", () => {
  it("a missing URL group answers `topic X not found`; an empty destination a non-empty one is required", async () => {
    const missing = await api("POST", "/v2/publish/non_existing_url_group", { body: "x" });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toBe("topic non_existing_url_group not found");
    const empty = await api("POST", "/v2/publish/", { body: "x" });
    expect(empty.status).toBe(400);
    expect(empty.json.error).toBe("a non-empty destination must be provided");
    await expect(official.publish({ urlGroup: "non_existing_url_group", body: "x" })).rejects.toThrow(
      /topic non_existing_url_group not found/,
    );
  });
});
