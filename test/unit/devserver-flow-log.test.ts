// The devserver's flow-control windows and its bounded log, without a server.
import { describe, expect, it } from "vitest";
import { LOG_FIELDS, parseListQuery } from "../../devserver/filters.js";
import { FlowControls } from "../../devserver/flow-control.js";
import { MessageLog } from "../../devserver/message-log.js";
import type { MessageRecord } from "../../devserver/records.js";

describe("flow control", () => {
  it("resetting or pinning starts a fresh window now; reading rolls an ended window forward", () => {
    const f = new FlowControls();
    f.observe({ key: "k", rate: 2, period: 10 }, 0);
    const k = f.ensure("k", 0);
    Object.assign(k, { rateCount: 2, ratePeriodStart: 0 });
    expect(f.blockedUntil("k", 2_000)).toBe(10_000);
    expect(f.rateCountAt(k, 9_999)).toBe(2);
    expect(f.blockedUntil("k", 10_000)).toBe(0);
    expect({ count: k.rateCount, start: k.ratePeriodStart }).toEqual({ count: 0, start: 10_000 });
    k.rateCount = 2;
    f.resetRate(k, 10_500);
    expect({ count: f.rateCountAt(k, 10_500), start: k.ratePeriodStart }).toEqual({
      count: 0,
      start: 10_500,
    });
    k.rateCount = 1;
    f.pin(k, { period: 60 }, 12_000);
    expect({ count: k.rateCount, start: k.ratePeriodStart, period: k.period }).toEqual({
      count: 0,
      start: 12_000,
      period: 60,
    });
  });

  it("a message sets the configuration; pause blocks all; pins survive new messages until unpinned", () => {
    const f = new FlowControls();
    f.observe({ key: "k", parallelism: 1 }, 0);
    const k = f.ensure("k", 0);
    expect(k.parallelism).toBe(1);
    expect(f.blockedUntil("k", 0)).toBe(0);
    k.paused = true;
    expect(f.blockedUntil("k", 0)).toBe(Number.POSITIVE_INFINITY);
    k.paused = false;
    f.pin(k, { parallelism: 3 }, 0);
    f.observe({ key: "k", parallelism: 1, rate: 4 }, 0);
    expect({ p: k.parallelism, rate: k.rate, pinned: k.pinnedParallelism }).toEqual({
      p: 3,
      rate: 4,
      pinned: true,
    });
    k.pinnedParallelism = false;
    f.observe({ key: "k", parallelism: 1 }, 0);
    expect(k.parallelism).toBe(1);
    expect(k.rate).toBeUndefined();
  });
});

describe("message log", () => {
  const m = { messageId: "msg_1" } as MessageRecord;

  it("pages newest first by sequence and drops the oldest past its capacity", () => {
    const log = new MessageLog(10);
    for (let i = 0; i < 30; i++) log.add({ time: i, state: "CREATED", message: m });
    expect(log.size).toBeLessThanOrEqual(11);
    const first = log.page(Number.POSITIVE_INFINITY, 4, () => true);
    expect(first.entries.map((e) => e.time)).toEqual([29, 28, 27, 26]);
    const second = log.page(first.next!, 4, () => true);
    expect(second.entries.map((e) => e.time)).toEqual([25, 24, 23, 22]);
    const rest = log.page(second.next!, 100, () => true);
    expect(rest.next).toBeUndefined();
    expect(rest.entries.at(-1)!.time).toBeGreaterThanOrEqual(19);
  });
});

describe("list filters", () => {
  it("takes repeated and comma-separated values, maps IN_PROGRESS, and names an unknown filter", () => {
    const q = parseListQuery("label=a&label=b,c&state=IN_PROGRESS&count=5&cursor=9", LOG_FIELDS);
    expect([...q.filters.label!]).toEqual(["a", "b", "c"]);
    expect([...q.filters.state!]).toEqual(["ACTIVE", "RETRY", "ERROR"]);
    expect({ count: q.count, cursor: q.cursor }).toEqual({ count: 5, cursor: "9" });
    expect(() => parseListQuery("labeel=x", LOG_FIELDS)).toThrow(/labeel/);
    expect(() => parseListQuery("count=0", LOG_FIELDS)).toThrow(/count/);
    expect(() => parseListQuery("state=DONE", LOG_FIELDS)).toThrow(/state/);
  });
});
