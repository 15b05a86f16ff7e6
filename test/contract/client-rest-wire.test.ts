import { describe, expect, it } from "vitest";
import { type Harness, type Recorded, useHarness, type Who, wire } from "./client-support.js";

// Our messages, DLQ, logs and flow-control calls put the same requests on the wire as
// the official @upstash/qstash client's calls of the same name: method, path, query
// (parameters compared as a multiset: their order carries no meaning), QStash headers and
// body; and the devserver answers both with the same status.

let h: Harness;
useHarness((harness) => {
  h = harness;
});

/** The request as the server reads it: query parameters sorted, values kept. */
function normalised(r: Recorded) {
  const w = wire(r);
  const u = new URL(w.url, "http://x");
  const params = [...u.searchParams.entries()].map(([k, v]) => `${k}=${v}`).sort();
  return { ...w, url: u.pathname, params };
}

/** Runs `fn` once per client on a fresh devserver (after `setup`), returning each side's requests and statuses. */
async function both(
  fn: (who: Who) => Promise<unknown>,
  setup: () => Promise<void> = async () => {},
): Promise<Record<Who, { wire: ReturnType<typeof normalised>[]; statuses: number[] }>> {
  const out = {} as Record<Who, { wire: ReturnType<typeof normalised>[]; statuses: number[] }>;
  for (const who of ["official", "ours"] as const) {
    await h.dev.reset();
    await setup();
    h.recorded.length = 0;
    h.dev.requestLog.clear();
    await fn(who).catch(() => undefined);
    out[who] = {
      wire: h.recorded.map(normalised),
      statuses: h.dev.requestLog.entries().map((e) => e.status),
    };
  }
  return out;
}

function expectSame(r: Awaited<ReturnType<typeof both>>, statuses: number[]) {
  expect(r.ours.wire).toEqual(r.official.wire);
  expect(r.official.statuses).toEqual(statuses);
  expect(r.ours.statuses).toEqual(statuses);
}

describe("messages", () => {
  it("get, cancel by id, by ids, by filter and all", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.messages.get("msg_missing").catch(() => undefined);
      await c.messages.cancel("msg_missing").catch(() => undefined);
      await c.messages.cancel(["msg_a", "msg_b"]);
      await c.messages.cancel({
        filter: {
          urlGroup: ["g1", "g2"],
          label: "x",
          host: "127.0.0.1",
          fromDate: new Date(1000),
          toDate: 2000,
        },
        count: 5,
      });
      await c.messages.cancel({ all: true });
    });
    expectSame(r, [404, 404, 200, 200, 200]);
    expect(r.ours.wire[3]!.params).toEqual([
      "count=5",
      "fromDate=1000",
      "host=127.0.0.1",
      "label=x",
      "toDate=2000",
      "topicName=g1",
      "topicName=g2",
    ]);
  });
});

describe("DLQ", () => {
  it("list, delete and retry in every form", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.dlq.listMessages();
      await c.dlq.listMessages({
        count: 10,
        filter: { url: `${h.sink}/x`, responseStatus: 500, messageId: "m" },
      });
      await c.dlq.listMessages({ dlqIds: ["1-1", "1-2"] });
      await c.dlq.delete({ filter: { label: ["a", "b"], callerIp: "127.0.0.1" }, count: 2 });
      await c.dlq.delete({ all: true });
      await c.dlq.delete(["1-1", "1-2"]);
      await c.dlq.delete("1-1").catch(() => undefined);
      await c.dlq.retry({ all: true, count: 3 });
      await c.dlq.retry({ filter: { queueName: "q", scheduleId: "s" } });
      await c.dlq.retry("1-1").catch(() => undefined);
    });
    expectSame(r, [200, 200, 200, 200, 200, 200, 404, 201, 201, 404]);
  });
});

describe("logs", () => {
  it("logs and events with filters, ids, count and cursor", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.logs();
      await c.logs({ count: 7, filter: { state: "DELIVERED", urlGroup: "g", path: "/p" }, cursor: "42" });
      await c.logs({ messageIds: ["m1", "m2"] });
      await c.events({ count: 1 });
    });
    expectSame(r, [200, 200, 200, 200]);
  });
});

describe("flow control", () => {
  it("get, global parallelism, pause, resume, pin, unpin, resetRate", async () => {
    const r = await both(
      async (who) => {
        const c = who === "ours" ? h.ours : h.official;
        await c.flowControl.get("fk");
        await c.flowControl.getGlobalParallelism();
        await c.flowControl.pause("fk");
        await c.flowControl.resume("fk");
        await c.flowControl.pin("fk", { parallelism: 3, rate: 20, period: 120 });
        await c.flowControl.unpin("fk", { parallelism: true });
        await c.flowControl.unpin("fk", { parallelism: true, rate: false });
        await c.flowControl.resetRate("fk");
        await c.flowControl.get("missing").catch(() => undefined);
      },
      async () => {
        await h.ours.flowControl.pause("fk");
      },
    );
    expectSame(r, [200, 200, 200, 200, 200, 200, 200, 200, 404]);
  });
});
