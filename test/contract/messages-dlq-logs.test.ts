// Messages, the DLQ and logs through the official @upstash/qstash SDK and through our
// client, each against the devserver with real deliveries to local handlers on 127.0.0.1:
// a handler that fails until its message is in the DLQ, a retry out of the DLQ that then
// succeeds, bulk cancels and deletes with filters and cursors, and every log state.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { Client as Ours } from "../../sdk/client/index.js";
import {
  componentSchema,
  type Destination,
  responseSchema,
  startDestination,
  undeclaredKeys,
  validate,
} from "../support/devserver.js";
import { type Api, clientsFor, failing, states } from "./rest-support.js";

let dev: DevServer;
let dest: Destination;
/** A second local handler: a different host:port for the host filters. */
let other: Destination;
let clients: Record<"official" | "ours", Api>;
/** Paths that answer 500 until taken out of this set. */
let broken: Set<string>;

beforeAll(async () => {
  dev = await startDevServer({ port: 0, retryBackoff: () => 5 });
  dest = await startDestination();
  dest.respond = failing(() => broken);
  other = await startDestination();
  clients = clientsFor(dev);
});
afterAll(async () => {
  await (clients.ours as unknown as Ours).close();
  await dev.close();
  await dest.close();
  await other.close();
});
beforeEach(async () => {
  await dev.reset();
  dest.received.length = 0;
  broken = new Set(["/fail"]);
});

describe.each(["official", "ours"] as const)("messages (%s client)", (who) => {
  const c = () => clients[who];

  it("get shows a pending message; cancel answers {cancelled:1}; then both 404", async () => {
    const { messageId } = await c().publish({
      url: `${dest.url}/later`,
      body: "hi",
      delay: "10d",
      retries: 2,
      retryDelay: "1000 * retried",
      headers: { "test-header": "test-value" },
      label: ["l1", "l2"],
      flowControl: { key: "fk", parallelism: 2, rate: 5, period: "1d" },
    });
    const m = await c().messages.get(messageId);
    expect(m).toMatchObject({
      messageId,
      url: `${dest.url}/later`,
      body: "hi",
      maxRetries: 2,
      retryDelayExpression: "1000 * retried",
      labels: ["l1", "l2"],
      label: "l1",
      flowControlKey: "fk",
      parallelism: 2,
      rate: 5,
      ratePerSecond: 5,
      period: 86400,
    });
    expect(m.header?.["Test-Header"]).toEqual(["test-value"]);
    expect(await c().messages.cancel(messageId)).toEqual({ cancelled: 1 });
    await expect(c().messages.get(messageId)).rejects.toMatchObject({ status: 404 });
    await expect(c().messages.cancel(messageId)).rejects.toMatchObject({ status: 404 });
  });

  it("a delivered message can be read shortly after, then is gone", async () => {
    const { messageId } = await c().publish({ url: `${dest.url}/ok`, body: "x" });
    await dev.settle();
    expect(dest.received).toHaveLength(1);
    expect((await c().messages.get(messageId)).messageId).toBe(messageId);
    dev.clock.advance(31_000);
    await expect(c().messages.get(messageId)).rejects.toMatchObject({ status: 404 });
  });

  it("cancels by ids, by every filter (OR within one), with count, and all", async () => {
    const later = { body: "x", delay: "10d" } as const;
    const [a, b] = await Promise.all([
      c().publish({ url: `${dest.url}/a`, ...later }),
      c().publish({ url: `${dest.url}/b`, ...later }),
    ]);
    expect(await c().messages.cancel([a.messageId, b.messageId])).toEqual({ cancelled: 2 });

    for (const key of ["k1", "k2", "k3"]) {
      await c().publish({ url: `${dest.url}/fc`, ...later, flowControl: { key, parallelism: 1 } });
    }
    expect(await c().messages.cancel({ filter: { flowControlKey: ["k1", "k2"] } })).toEqual({ cancelled: 2 });
    expect(await c().messages.cancel({ filter: { flowControlKey: "k3" } })).toEqual({ cancelled: 1 });

    await c().publish({ url: `${dest.url}/p1`, ...later });
    await c().publish({ url: `${dest.url}/p2`, ...later });
    await c().publish({ url: `${other.url}/p3`, ...later });
    expect(await c().messages.cancel({ filter: { host: new URL(other.url).host } })).toEqual({
      cancelled: 1,
    });
    expect(await c().messages.cancel({ filter: { path: ["/p1", "/nope"] } })).toEqual({ cancelled: 1 });
    expect(await c().messages.cancel({ filter: { url: `${dest.url}/p2` } })).toEqual({ cancelled: 1 });

    await c().publish({ url: `${dest.url}/l`, ...later, label: "one" });
    await c().publish({ url: `${dest.url}/l`, ...later, label: ["two", "one"] });
    await c().publish({ url: `${dest.url}/l`, ...later, label: "three" });
    expect(await c().messages.cancel({ filter: { label: "one" }, count: 1 })).toEqual({ cancelled: 1 });
    expect(await c().messages.cancel({ filter: { label: ["one", "nope"] } })).toEqual({ cancelled: 1 });
    const future = Date.now() + 3_600_000;
    expect(await c().messages.cancel({ filter: { fromDate: future } })).toEqual({ cancelled: 0 });
    expect(await c().messages.cancel({ all: true })).toEqual({ cancelled: 1 });
    expect(await c().messages.cancel({ all: true })).toEqual({ cancelled: 0 });
  });

  it("refuses an empty id before any request", async () => {
    await expect(c().messages.get("")).rejects.toThrow(/empty|messageId/);
    expect(dev.requestLog.count({ path: "/v2/messages*" })).toBe(0);
  });
});

describe.each(["official", "ours"] as const)("DLQ (%s client)", (who) => {
  const c = () => clients[who];

  it("a handler that fails until the DLQ holds its message, then a retry that succeeds", async () => {
    const { messageId } = await c().publish({ url: `${dest.url}/fail`, body: "payload", retries: 2 });
    await dev.settle();
    expect(dest.received.filter((r) => r.target === "/fail")).toHaveLength(3);
    const { messages, cursor } = await c().dlq.listMessages({ filter: { messageId } });
    expect(cursor).toBeUndefined();
    expect(messages).toHaveLength(1);
    const entry = messages[0]!;
    expect(entry).toMatchObject({
      messageId,
      url: `${dest.url}/fail`,
      body: "payload",
      maxRetries: 2,
      responseStatus: 500,
      responseBody: "nope",
    });
    expect(entry.responseHeader?.["X-Reason"]).toEqual(["broken on purpose"]);

    broken.delete("/fail");
    const { responses } = await c().dlq.retry(entry.dlqId);
    expect(responses).toHaveLength(1);
    expect(responses[0]!.messageId).not.toBe(messageId);
    await dev.settle();
    const last = dest.received.at(-1)!;
    expect(last.target).toBe("/fail");
    expect(last.body).toBe("payload");
    expect(last.headers["upstash-message-id"]).toBe(responses[0]!.messageId);
    expect((await c().dlq.listMessages()).messages).toEqual([]);
    await expect(c().dlq.delete(entry.dlqId)).rejects.toMatchObject({ status: 404 });
  });

  it("a binary response body comes back as responseBodyBase64", async () => {
    await c().publish({ url: `${dest.url}/fail-binary`, body: "x", retries: 0 });
    broken.add("/fail-binary");
    await dev.settle();
    const [entry] = (await c().dlq.listMessages()).messages;
    expect(entry?.responseBody).toBeUndefined();
    expect(Buffer.from(entry!.responseBodyBase64!, "base64")).toEqual(Buffer.from([0xff, 0xfe, 0x00]));
  });

  it("filters by label (OR), url (OR), url group, flow-control key, status and dates; rejects a typo", async () => {
    await c().urlGroups.addEndpoints({ name: "grp", endpoints: [{ name: "e", url: `${dest.url}/fail` }] });
    const ab = (await c().publish({ url: `${dest.url}/fail`, retries: 0, label: ["a", "b"] })).messageId;
    const bc = (await c().publish({ url: `${dest.url}/fail`, retries: 0, label: ["b", "c"] })).messageId;
    const cOnly = (await c().publish({ url: `${dest.url}/fail?c`, retries: 0, label: "c" })).messageId;
    await c().publish({ urlGroup: "grp", retries: 0 });
    await c().publish({
      url: `${dest.url}/fail?fc`,
      retries: 0,
      flowControl: { key: "fkey", parallelism: 1 },
    });
    await dev.settle();
    const ids = async (filter: Record<string, unknown>) =>
      (await c().dlq.listMessages({ filter })).messages.map((m) => m.messageId).sort();
    expect(await ids({ label: ["a", "b"] })).toEqual([ab, bc].sort());
    expect(await ids({ url: [`${dest.url}/fail?c`, `${dest.url}/nope`] })).toEqual([cOnly]);
    const group = (await c().dlq.listMessages({ filter: { urlGroup: "grp" } })).messages;
    expect(group).toHaveLength(1);
    expect(group[0]).toMatchObject({ topicName: "grp", urlGroup: "grp", endpointName: "e" });
    expect((await c().dlq.listMessages({ filter: { flowControlKey: "fkey" } })).messages).toHaveLength(1);
    expect(await ids({ responseStatus: 500 })).toHaveLength(5);
    expect(await ids({ responseStatus: 404 })).toEqual([]);
    expect(await ids({ callerIp: "127.0.0.1" })).toHaveLength(5);
    expect(await ids({ fromDate: new Date(Date.now() + 3_600_000) })).toEqual([]);
    expect(await ids({ toDate: Date.now() + 3_600_000 })).toHaveLength(5);
    await expect(c().dlq.delete({ filter: { labeel: "x" } } as never)).rejects.toMatchObject({ status: 400 });
    expect((await c().dlq.listMessages()).messages).toHaveLength(5);
  });

  it("pages with count and cursor, newest first; deletes and retries by filter and all, paged", async () => {
    for (let i = 0; i < 5; i++) await c().publish({ url: `${dest.url}/fail?${i}`, retries: 0, label: "p" });
    await dev.settle();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: { messages: { url: string }[]; cursor?: string } = await c().dlq.listMessages({
        count: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.messages.length).toBeLessThanOrEqual(2);
      seen.push(...page.messages.map((m) => m.url));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `${dest.url}/fail?${i}`));

    const one = await c().dlq.delete({ filter: { label: "p" }, count: 1 });
    expect(one.deleted).toBe(1);
    expect(one.cursor).toBeTruthy();
    broken.delete("/fail"); // the retried ones now succeed and stay out of the DLQ
    const retried = await c().dlq.retry({ filter: { label: "p" }, count: 2 });
    expect(retried.responses).toHaveLength(2);
    expect(retried.cursor).toBeTruthy();
    expect(await c().dlq.delete({ all: true, count: 10 })).toEqual({ deleted: 2 });
    expect(await c().dlq.delete({ filter: { url: `${dest.url}/none` } })).toEqual({ deleted: 0 });
    await dev.settle();
    expect((await c().dlq.listMessages()).messages).toEqual([]);
    expect(dest.received.filter((r) => r.target.startsWith("/fail?"))).toHaveLength(7);
    expect(await c().dlq.retry([])).toEqual({ responses: [] });
    expect(await c().dlq.delete([])).toEqual({ deleted: 0 });
  });

  it("a failure callback that fails lands in the DLQ too", async () => {
    await c().publish({ url: `${dest.url}/fail`, retries: 0, failureCallback: `${dest.url}/fail?cb` });
    await dev.settle();
    const entries = (await c().dlq.listMessages()).messages;
    expect(entries.map((m) => m.url).sort()).toEqual([`${dest.url}/fail`, `${dest.url}/fail?cb`]);
    expect(await c().dlq.delete(entries.map((m) => m.dlqId))).toEqual({ deleted: 2 });
  });
});

describe.each(["official", "ours"] as const)("logs (%s client)", (who) => {
  const c = () => clients[who];

  it("records every state a message passes through, newest first", async () => {
    const ok = (await c().publish({ url: `${dest.url}/ok`, body: "1" })).messageId;
    const bad = (await c().publish({ url: `${dest.url}/fail`, body: "2", retries: 1 })).messageId;
    const gone = (await c().publish({ url: `${dest.url}/later`, body: "3", delay: "1d" })).messageId;
    await c().messages.cancel(gone);
    await dev.settle();
    const of = async (messageId: string) => (await c().logs({ filter: { messageId } })).logs;
    expect(states(await of(ok))).toEqual(["DELIVERED", "ACTIVE", "CREATED"]);
    const failed = await of(bad);
    expect(states(failed)).toEqual(["FAILED", "ERROR", "ACTIVE", "RETRY", "ERROR", "ACTIVE", "CREATED"]);
    expect(failed.find((l) => l.state === "RETRY")?.nextDeliveryTime).toBeTypeOf("number");
    expect(failed.find((l) => l.state === "ERROR")).toMatchObject({ responseStatus: 500 });
    expect(states(await of(gone))).toEqual(["CANCELED", "CANCEL_REQUESTED", "CREATED"]);
    const created = (await of(ok)).at(-1)!;
    expect(created).toMatchObject({
      messageId: ok,
      url: `${dest.url}/ok`,
      body: Buffer.from("1").toString("base64"),
    });
    expect(created.time).toBeTypeOf("number");
  });

  it("filters by state, label (OR), url, host and path; pages with a cursor; events is the same", async () => {
    const a = (await c().publish({ url: `${dest.url}/ok?a`, body: "a", label: ["x", "y"] })).messageId;
    const b = (await c().publish({ url: `${dest.url}/ok?b`, body: "b", label: ["y", "z"] })).messageId;
    const z = (await c().publish({ url: `${other.url}/other`, label: "z" })).messageId;
    await dev.settle();
    const ids = async (filter: Record<string, unknown>) =>
      new Set((await c().logs({ filter })).logs.map((l) => l.messageId));
    expect(await ids({ label: ["x", "y"] })).toEqual(new Set([a, b]));
    expect(await ids({ url: [`${dest.url}/ok?a`] })).toEqual(new Set([a]));
    expect(await ids({ host: new URL(other.url).host })).toEqual(new Set([z]));
    expect(await ids({ path: "/ok" })).toEqual(new Set([a, b]));
    const delivered = (await c().logs({ filter: { state: "DELIVERED" } })).logs;
    expect(states(delivered)).toEqual(["DELIVERED", "DELIVERED", "DELIVERED"]);

    const all = (await c().logs({ count: 100 })).logs;
    expect(all).toHaveLength(9);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page: { logs: { state: string }[]; cursor?: string } = await c().logs({
        count: 4,
        ...(cursor ? { cursor } : {}),
      });
      paged.push(...states(page.logs));
      cursor = page.cursor;
    } while (cursor);
    expect(paged).toEqual(states(all));
    expect((await c().events({ count: 100 })).events).toEqual(all);
  });

  it("redacts the body and headers named in Upstash-Redact-Fields", async () => {
    const { messageId } = await c().publish({
      url: `${dest.url}/ok`,
      body: "super-secret-value",
      headers: { "X-Secret": "hidden-header", "X-Public": "shown" },
      redact: { body: true, header: ["X-Secret"] },
    });
    await dev.settle();
    expect(dest.received[0]?.body).toBe("super-secret-value");
    for (const log of (await c().logs({ filter: { messageId } })).logs) {
      expect(log.body ?? "").not.toContain(Buffer.from("super-secret-value").toString("base64"));
      expect(JSON.stringify(log.header)).not.toContain("hidden-header");
      expect(JSON.stringify(log.header)).toContain("shown");
    }
  });
});

describe("logs over raw HTTP", () => {
  it("GET /v2/logs answers {logs}, GET /v2/events {events}; unknown filters are a 400", async () => {
    await clients.ours.publish({ url: `${dest.url}/ok`, body: "1" });
    await dev.settle();
    const get = async (path: string) => {
      const res = await fetch(`${dev.url}${path}`, { headers: { authorization: `Bearer ${dev.token}` } });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const logs = await get("/v2/logs");
    expect(states(logs.json.logs as { state: string }[])).toEqual(["DELIVERED", "ACTIVE", "CREATED"]);
    expect(logs.json.cursor).toBeUndefined();
    expect((await get("/v2/events?state=IN_PROGRESS")).json.events).toHaveLength(1);
    const typo = await get("/v2/logs?lable=x");
    expect(typo.status).toBe(400);
    expect(typo.json.error).toMatch(/lable/);
    expect((await get("/v2/dlq?host=x")).status).toBe(400);
    // The area is matched case-insensitively (the Go SDK's spellings), camel case kept.
    expect((await get("/v2/Events")).status).toBe(200);
    expect((await get("/v2/FLOWCONTROL")).status).toBe(200);
    expect((await get("/v2/globalparallelism")).status).toBe(200);
  });
});

describe("responses have the shapes of QStash's OpenAPI description", () => {
  it("messages, DLQ, logs and flow control", async () => {
    const call = async (method: string, path: string) => {
      const res = await fetch(`${dev.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${dev.token}` },
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const shaped = async (method: string, path: string, template: string, status = 200) => {
      const r = await call(method, path);
      expect(r.status).toBe(status);
      expect(validate(r.json, responseSchema(template, method))).toEqual([]);
      return r.json;
    };
    const ours = clients.ours;
    await ours.publish({
      url: `${dest.url}/fail`,
      body: "x",
      retries: 0,
      label: ["a", "b"],
      flowControl: { key: "fk", parallelism: 2, rate: 5, period: 60 },
    });
    await ours.publish({ url: `${dest.url}/fail-binary`, body: "y", retries: 0 });
    broken.add("/fail-binary");
    await ours.publish({ url: `${dest.url}/later`, body: "z", delay: "1d" });
    await dev.settle();
    const list = await shaped("GET", "/v2/dlq?count=1", "/v2/dlq");
    const entries = list.messages as Record<string, unknown>[];
    expect(undeclaredKeys(entries[0]!, componentSchema("DLQMessage"))).toEqual([]);
    await shaped("GET", `/v2/dlq/${entries[0]!.dlqId}`, "/v2/dlq/{dlqId}");
    const logs = await shaped("GET", "/v2/logs", "/v2/logs");
    for (const l of logs.logs as Record<string, unknown>[]) {
      expect(undeclaredKeys(l, componentSchema("LogEntry")).sort()).toEqual(
        // createdAt, callerIP and the flow control are the message's, kept on every entry (ledger A7).
        ["callerIP", "createdAt", "flowControlKey", "parallelism", "period", "rate"].filter((k) => k in l),
      );
    }
    await shaped("GET", "/v2/flowControl", "/v2/flowControl");
    await shaped("GET", "/v2/flowControl/fk", "/v2/flowControl/{flowControlKey}");
    await shaped("GET", "/v2/globalParallelism", "/v2/globalParallelism");
    await shaped("POST", `/v2/dlq/retry/${entries[0]!.dlqId}`, "/v2/dlq/retry/{dlqId}", 201);
    await shaped("POST", "/v2/dlq/retry?count=1", "/v2/dlq/retry", 201);
    await shaped("DELETE", "/v2/dlq?count=100", "/v2/dlq");
    await shaped("DELETE", "/v2/messages", "/v2/messages");
  });
});

describe("our client only", () => {
  it("dlq.get, dlq.iterate and iterateLogs walk every page", async () => {
    const ours = clients.ours as unknown as Ours;
    for (let i = 0; i < 3; i++) await ours.publish({ url: `${dest.url}/fail?${i}`, retries: 0 });
    await dev.settle();
    const entries = [];
    for await (const m of ours.dlq.iterate({ count: 1 })) entries.push(m);
    expect(entries.map((m) => m.url)).toEqual([2, 1, 0].map((i) => `${dest.url}/fail?${i}`));
    expect((await ours.dlq.get(entries[0]!.dlqId)).messageId).toBe(entries[0]!.messageId);
    const logs = [];
    for await (const l of ours.iterateLogs({ count: 2 })) logs.push(l);
    expect(logs).toHaveLength(12);
    await expect(ours.dlq.listMessages({ filter: { label: [] } })).rejects.toMatchObject({ field: "label" });
    await expect(ours.messages.cancel({ filter: {} })).rejects.toMatchObject({ field: "filter" });
  });
});

describe("persistence", () => {
  it("the DLQ and a paused flow-control key survive a restart with --data", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "qstash-dlq-")), "state.json");
    const first = await startDevServer({ port: 0, dataFile: file });
    const ours = new Ours({ baseUrl: first.url, token: first.token, retry: false });
    await ours.publish({ url: `${dest.url}/fail`, body: "kept", retries: 0 });
    await ours.flowControl.pause("held");
    await first.settle();
    const [entry] = (await ours.dlq.listMessages()).messages;
    await ours.close();
    await first.close();

    const second = await startDevServer({ port: 0, dataFile: file });
    const again = new Ours({ baseUrl: second.url, token: second.token, retry: false });
    try {
      expect(await again.dlq.get(entry!.dlqId)).toMatchObject({ body: "kept", responseStatus: 500 });
      expect((await again.flowControl.get("held")).isPaused).toBe(true);
    } finally {
      await again.close();
      await second.close();
    }
  });
});
