import { describe, expect, it } from "vitest";
import { handler } from "../../provider/runtime.js";
import { UNKNOWN } from "../../provider/unknowns.js";
import { BAD_INPUTS, VALID_INPUTS } from "../support/bad-inputs.js";

const withDerived = (kind: string, args: Record<string, unknown>) =>
  kind === "Schedule" ? { derivedScheduleId: "pulumi-abc", ...args } : args;

describe("check refuses bad input and names the property", () => {
  it("has a corpus of at least 60 cases", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60);
  });
  for (const c of BAD_INPUTS) {
    it(`${c.kind}: ${c.why}`, async () => {
      const r = await handler(c.kind).check({}, withDerived(c.kind, c.args));
      expect(r.inputs).toBeUndefined();
      const props = (r.failures ?? []).map((f) => f.property);
      expect(props).toContain(c.property);
      const f = r.failures!.find((x) => x.property === c.property)!;
      expect(f.reason.startsWith(`${c.property}: `)).toBe(true);
      expect(f.reason.length).toBeGreaterThan(c.property.length + 10);
    });
  }
});

describe("check accepts what QStash accepts (docs/qstash-behaviour.md)", () => {
  for (const c of VALID_INPUTS) {
    it(`${c.kind}: ${c.why}`, async () => {
      const r = await handler(c.kind).check({}, withDerived(c.kind, c.args));
      expect(r.failures).toBeUndefined();
      expect(r.inputs).toBeDefined();
    });
  }
  it("P1: retries has no default and no maximum; they depend on the plan", async () => {
    const base = { destination: "http://127.0.0.1:9/x", cron: "* * * * *", derivedScheduleId: "pulumi-abc" };
    const unset = await handler("Schedule").check({}, base);
    expect(unset.inputs?.retries).toBeUndefined();
    const big = await handler("Schedule").check({}, { ...base, retries: 5000 });
    expect(big.inputs?.retries).toBe(5000);
  });
});

describe("check normalises defaults so omitted properties never diff", () => {
  it("queue defaults", async () => {
    const r = await handler("Queue").check({}, { name: "q", __provider: "p" });
    expect(r.inputs).toEqual({ name: "q", parallelism: 1, paused: false, __provider: "p" });
  });
  it("schedule defaults and duration normalisation", async () => {
    const r = await handler("Schedule").check(
      {},
      {
        destination: "http://127.0.0.1:9/x",
        cron: "  */5   * * * * ",
        method: "put",
        delay: "1m30s",
        timeout: "2m",
        headers: { "x-api-key": "k" },
        derivedScheduleId: "pulumi-abc",
      },
    );
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toMatchObject({
      cron: "*/5 * * * *",
      method: "PUT",
      delay: 90,
      timeout: 120,
      paused: false,
      contentType: "application/json",
      headers: { "X-Api-Key": "k" },
    });
  });
  it("a zero delay and empty labels are dropped (QStash does not report them)", async () => {
    const r = await handler("Schedule").check(
      {},
      { destination: "grp", cron: "0 0 * * *", delay: 0, labels: [], derivedScheduleId: "pulumi-abc" },
    );
    expect(r.inputs).not.toHaveProperty("delay");
    expect(r.inputs).not.toHaveProperty("labels");
  });
  it("url group endpoints are put in a stable order", async () => {
    const a = await handler("UrlGroup").check(
      {},
      { name: "g", endpoints: [{ url: "http://127.0.0.1:2/b" }, { url: "http://127.0.0.1:1/a", name: "a" }] },
    );
    const b = await handler("UrlGroup").check(
      {},
      { name: "g", endpoints: [{ url: "http://127.0.0.1:1/a", name: "a" }, { url: "http://127.0.0.1:2/b" }] },
    );
    expect(a.inputs).toEqual(b.inputs);
  });
  it("unknown values during preview pass check untouched", async () => {
    const news = { name: UNKNOWN, parallelism: 2 };
    const r = await handler("Queue").check({}, news);
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toEqual(news);
  });
  it("a schedule with unknown values still has its known ones checked in preview", async () => {
    const pending = {
      destination: UNKNOWN,
      cron: "* * * * *",
      headers: { Authorization: UNKNOWN, "X-Ok": "1" },
      flowControl: { key: "k", rate: UNKNOWN },
      derivedScheduleId: "pulumi-abc",
    };
    const ok = await handler("Schedule").check({}, pending);
    expect(ok.failures).toBeUndefined();
    expect(ok.inputs).toEqual(pending);
    const bad = await handler("Schedule").check(
      {},
      { ...pending, cron: "61 * * * *", retries: -1, paralel: 1 },
    );
    expect((bad.failures ?? []).map((f) => f.property).sort()).toEqual(["cron", "paralel", "retries"]);
  });
});

describe("diff is exact and never replaces for in-place properties", () => {
  const base = {
    destination: "g",
    cron: "* * * * *",
    derivedScheduleId: "pulumi-x",
    retries: 3,
    paused: false,
  };
  it("no change", async () => {
    expect(await handler("Schedule").diff("id", { ...base, scheduleId: undefined }, { ...base })).toEqual({
      changes: false,
      replaces: [],
    });
  });
  it("cron, body, headers, paused update in place", async () => {
    for (const [k, v] of [
      ["cron", "0 * * * *"],
      ["body", "x"],
      ["headers", { A: "b" }],
      ["paused", true],
    ] as const) {
      const d = await handler("Schedule").diff("id", base, { ...base, [k]: v });
      expect(d).toEqual({ changes: true, replaces: [] });
    }
  });
  it("a new scheduleId replaces", async () => {
    const d = await handler("Schedule").diff("id", base, { ...base, scheduleId: "mine" });
    expect(d.replaces).toEqual(["scheduleId"]);
  });
  it("renaming a queue replaces, parallelism updates", async () => {
    const q = { name: "a", parallelism: 1, paused: false };
    expect((await handler("Queue").diff("a", q, { ...q, name: "b" })).replaces).toEqual(["name"]);
    expect(await handler("Queue").diff("a", q, { ...q, parallelism: 4 })).toEqual({
      changes: true,
      replaces: [],
    });
  });
  it("moving to another region replaces; a new token only updates", async () => {
    const q = {
      name: "a",
      parallelism: 1,
      paused: false,
      connection: { token: "t1", url: "http://127.0.0.1:1" },
    };
    const moved = await handler("Queue").diff("a", q, {
      ...q,
      connection: { token: "t1", url: "http://127.0.0.1:2" },
    });
    // same queue name, another QStash: the old one is deleted first
    expect(moved).toEqual({ changes: true, replaces: ["connection"], deleteBeforeReplace: true });
    const rotated = await handler("Queue").diff("a", q, {
      ...q,
      connection: { token: "t2", url: "http://127.0.0.1:1" },
    });
    expect(rotated).toEqual({ changes: true, replaces: [] });
    // R1: the official SDK's spelling of the same region is no move (only the stored override changes)
    const eu = { ...q, connection: { token: "t1", region: "us-east-1" } };
    const respelt = await handler("Queue").diff("a", eu, {
      ...q,
      connection: { token: "t1", region: "US_EAST_1" },
    });
    expect(respelt).toEqual({ changes: true, replaces: [] });
  });
  it("unknown new values count as changes", async () => {
    const q = { name: "a", parallelism: 1, paused: false };
    expect((await handler("Queue").diff("a", q, { ...q, name: UNKNOWN })).replaces).toEqual(["name"]);
  });
});

describe("a header value with a line break fails at check, never echoed", () => {
  it("names the property and the header, not the value", async () => {
    const r = await handler("Schedule").check(
      {},
      {
        destination: "http://127.0.0.1:9/x",
        cron: "0 * * * *",
        derivedScheduleId: "pulumi-abc",
        headers: { Authorization: "Bearer tok-4f1e\nX-Injected: 1" },
      },
    );
    expect(r.failures).toEqual([
      {
        property: "headers.Authorization",
        reason:
          'headers.Authorization: headers: the value of header "Authorization" must not contain a line break',
      },
    ]);
    expect(JSON.stringify(r)).not.toContain("tok-4f1e");
  });
});
