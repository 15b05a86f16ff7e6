// Which pending messages may start (devserver/admission.ts): queue and flow-key
// parallelism, rate windows and FIFO, decided without a clock, a server or a store.
import { describe, expect, it } from "vitest";
import { type AdmissionInput, admit, blockedUntil, windowAt } from "../../devserver/admission.js";
import type { FlowKeyRecord } from "../../devserver/flow-control.js";
import type { FlowControl } from "../../devserver/message-headers.js";
import type { MessageRecord, QueueRecord } from "../../devserver/records.js";

const NOW = 100_000;

let seq = 0;
const msg = (
  o: Partial<Pick<MessageRecord, "state" | "dueAt" | "queueName" | "messageId">> = {},
  flowControl?: FlowControl,
): MessageRecord => ({
  messageId: `msg_${++seq}`,
  url: "http://127.0.0.1:9/hook",
  spec: { method: "POST", header: {}, body: "", retries: 3, ...(flowControl ? { flowControl } : {}) },
  createdAt: 0,
  dueAt: NOW,
  state: "CREATED",
  retried: 0,
  callerIP: "127.0.0.1",
  ...o,
});

const flowKey = (key: string, o: Partial<FlowKeyRecord> = {}): FlowKeyRecord => ({
  key,
  period: 1,
  pinnedParallelism: false,
  pinnedRate: false,
  paused: false,
  rateCount: 0,
  ratePeriodStart: 0,
  ...o,
});

const input = (
  messages: MessageRecord[],
  o: {
    queues?: Pick<QueueRecord, "name" | "parallelism" | "paused">[];
    keys?: FlowKeyRecord[];
    globalParallelism?: number;
  } = {},
): AdmissionInput => ({
  messages: new Map(messages.map((m) => [m.messageId, m])),
  queues: new Map((o.queues ?? []).map((q) => [q.name, q])),
  flowKeys: new Map((o.keys ?? []).map((k) => [k.key, k])),
  globalParallelism: o.globalParallelism,
});

const ids = (ms: MessageRecord[]) => ms.map((m) => m.messageId);

describe("admit: which pending messages start now", () => {
  it("starts every due message outside queues and keys, and none that is not yet due", () => {
    const due = [msg({ messageId: "a" }), msg({ messageId: "b", dueAt: NOW - 5 })];
    const later = msg({ messageId: "later", dueAt: NOW + 1 });
    const running = msg({ messageId: "running", state: "ACTIVE" });
    const r = admit(input([running, ...due, later]), NOW);
    expect(ids(r.start)).toEqual(["a", "b"]);
    expect(r.windows.size).toBe(0);
  });

  it("caps a key's running messages at its parallelism, counting those already running", () => {
    const fc = { key: "k", parallelism: 2 };
    const ms = [
      msg({ messageId: "running", state: "ACTIVE" }, fc),
      msg({ messageId: "a" }, fc),
      msg({ messageId: "b" }, fc),
      msg({ messageId: "c" }, fc),
      msg({ messageId: "other" }, { key: "other", parallelism: 1 }),
    ];
    const keys = [flowKey("k", { parallelism: 2 }), flowKey("other", { parallelism: 1 })];
    expect(ids(admit(input(ms, { keys }), NOW).start)).toEqual(["a", "other"]);
    // a waiting retry does not run, so it takes none of the key's parallelism
    const retrying = msg({ messageId: "retrying", state: "RETRY", dueAt: NOW + 60_000 }, fc);
    expect(ids(admit(input([retrying, ...ms.slice(1, 4)], { keys }), NOW).start)).toEqual(["a", "b"]);
  });

  it("stops at the global parallelism", () => {
    const ms = [
      msg({ messageId: "running", state: "ACTIVE" }),
      msg({ messageId: "a" }),
      msg({ messageId: "b" }),
    ];
    expect(ids(admit(input(ms, { globalParallelism: 2 }), NOW).start)).toEqual(["a"]);
    expect(ids(admit(input(ms, { globalParallelism: 1 }), NOW).start)).toEqual([]);
  });

  it("counts starts against the rate per period window, and opens a fresh window once it has ended", () => {
    const fc = { key: "k", rate: 2, period: 10 };
    const ms = ["a", "b", "c"].map((messageId) => msg({ messageId }, fc));
    const k = flowKey("k", { rate: 2, period: 10, rateCount: 0, ratePeriodStart: NOW - 1_000 });

    const first = admit(input(ms, { keys: [k] }), NOW);
    expect(ids(first.start)).toEqual(["a", "b"]);
    expect(first.windows).toEqual(new Map([["k", { count: 2, start: NOW - 1_000 }]]));

    // the engine stores the window; later in the same window nothing more starts
    const used = { ...k, rateCount: 2 };
    const blocked = admit(input(ms.slice(2), { keys: [used] }), NOW + 8_999);
    expect(ids(blocked.start)).toEqual([]);
    expect(blocked.windows.size).toBe(0);

    // at the window's end (start + 10 s) a new window begins at that moment
    const next = admit(input(ms.slice(2), { keys: [used] }), NOW + 9_000);
    expect(ids(next.start)).toEqual(["c"]);
    expect(next.windows).toEqual(new Map([["k", { count: 1, start: NOW + 9_000 }]]));
  });

  it("a queue's parallelism and a key's both hold: a message its key holds back keeps its queue slot", () => {
    const fc = { key: "k", parallelism: 1 };
    const ms = [
      msg({ messageId: "a", queueName: "q" }, fc),
      msg({ messageId: "b", queueName: "q" }, fc),
      msg({ messageId: "c", queueName: "q" }),
      msg({ messageId: "d", queueName: "wide" }, fc),
      msg({ messageId: "e", queueName: "wide" }),
    ];
    const queues = [
      { name: "q", parallelism: 2, paused: false },
      { name: "wide", parallelism: 5, paused: false },
    ];
    const r = admit(input(ms, { queues, keys: [flowKey("k", { parallelism: 1 })] }), NOW);
    // b is held by its key but takes q's second slot, so c waits; d is held by the key too
    expect(ids(r.start)).toEqual(["a", "e"]);
  });

  it("keeps a queue FIFO: a retry or a not-yet-due message at its head holds the slot", () => {
    const queues = [{ name: "q", parallelism: 1, paused: false }];
    const waitingRetry = msg({ messageId: "retry", queueName: "q", state: "RETRY", dueAt: NOW + 5_000 });
    const later = [msg({ messageId: "x", queueName: "q" }), msg({ messageId: "y", queueName: "q" })];
    expect(ids(admit(input([waitingRetry, ...later], { queues }), NOW).start)).toEqual([]);
    expect(ids(admit(input([waitingRetry, ...later], { queues }), NOW + 5_000).start)).toEqual(["retry"]);

    const delayedHead = msg({ messageId: "delayed", queueName: "q", dueAt: NOW + 1 });
    expect(ids(admit(input([delayedHead, ...later], { queues }), NOW).start)).toEqual([]);
    expect(ids(admit(input(later, { queues }), NOW).start)).toEqual(["x"]);
    // a queue that was never created has parallelism 1; a paused one starts nothing
    expect(ids(admit(input(later), NOW).start)).toEqual(["x"]);
    const paused = [{ name: "q", parallelism: 5, paused: true }];
    expect(ids(admit(input(later, { queues: paused }), NOW).start)).toEqual([]);
  });

  it("a paused key starts nothing; a key without a record has no limit", () => {
    const ms = [msg({ messageId: "a" }, { key: "k", parallelism: 1 }), msg({ messageId: "b" }, { key: "k" })];
    expect(ids(admit(input(ms, { keys: [flowKey("k", { paused: true })] }), NOW).start)).toEqual([]);
    expect(ids(admit(input(ms), NOW).start)).toEqual(["a", "b"]);
  });

  it("changes nothing it is given", () => {
    const fc = { key: "k", rate: 1, parallelism: 1 };
    const ms = [msg({ messageId: "a", queueName: "q" }, fc), msg({ messageId: "b" }, fc)];
    const keys = [flowKey("k", { rate: 1, parallelism: 1, rateCount: 1, ratePeriodStart: 0 })];
    const given = input(ms, { queues: [{ name: "q", parallelism: 1, paused: false }], keys });
    const before = structuredClone({ ms, keys });
    const r = admit(given, NOW);
    expect(ids(r.start)).toEqual(["a"]);
    expect(r.windows).toEqual(new Map([["k", { count: 1, start: NOW }]]));
    expect({ ms, keys }).toEqual(before);
  });
});

describe("blockedUntil: when a blocked key frees", () => {
  it("at the end of a used-up rate window; never while paused; 0 when free", () => {
    const k = flowKey("k", { rate: 3, period: 60, rateCount: 3, ratePeriodStart: NOW });
    expect(blockedUntil(k, NOW + 1_000)).toBe(NOW + 60_000);
    expect(blockedUntil(k, NOW + 60_000)).toBe(0);
    expect(blockedUntil({ ...k, rateCount: 2 }, NOW + 1_000)).toBe(0);
    expect(blockedUntil({ ...k, paused: true }, NOW + 1_000)).toBe(Number.POSITIVE_INFINITY);
    expect(blockedUntil(undefined, NOW)).toBe(0);
    // parallelism frees when a delivery ends, not at a time
    expect(blockedUntil(flowKey("p", { parallelism: 1 }), NOW)).toBe(0);
    // reading does not roll the record's window
    expect({ count: k.rateCount, start: k.ratePeriodStart }).toEqual({ count: 3, start: NOW });
  });

  it("windowAt keeps a running window and starts an ended one at `now`", () => {
    expect(windowAt({ count: 4, start: 1_000 }, 2, 2_999)).toEqual({ count: 4, start: 1_000 });
    expect(windowAt({ count: 4, start: 1_000 }, 2, 3_000)).toEqual({ count: 0, start: 3_000 });
  });
});
