import { Client as Official } from "@upstash/qstash";
import { describe, expect, it } from "vitest";
import { Client, NotFoundError, ValidationError } from "../../sdk/client/index.js";
import { type Harness, type Recorded, stable, useHarness, type Who, wire } from "./client-support.js";

// For every operation: run it once with the official @upstash/qstash client
// and once with ours against a freshly reset devserver, then require the
// same requests on the wire (method, raw path, Upstash-* headers, body), the
// same entries in the devserver's request log, and equal read-back results.

let h: Harness;
useHarness((harness) => {
  h = harness;
});
interface Run<T> {
  ours: T;
  official: T;
  wire: Record<Who, Recorded[]>;
  log: Record<Who, Array<{ method: string; path: string; status: number }>>;
}

async function both<T>(fn: (who: Who) => Promise<T>): Promise<Run<T>> {
  const out = { wire: {}, log: {} } as Run<T>;
  for (const who of ["official", "ours"] as const) {
    await h.dev.reset();
    h.recorded.length = 0;
    out[who] = await fn(who);
    out.wire[who] = [...h.recorded];
    out.log[who] = h.dev.requestLog.entries().map((e) => ({
      method: e.method,
      path: e.path.replace(/scd_[A-Za-z0-9]+/g, "scd_<id>"),
      status: e.status,
    }));
  }
  return out;
}

function expectSameWire<T>(r: Run<T>, drop: string[] = []) {
  expect(r.wire.ours.map((x) => wire(x, drop))).toEqual(r.wire.official.map((x) => wire(x, drop)));
  expect(r.log.ours).toEqual(r.log.official);
  expect(r.log.ours.every((e) => e.status < 300)).toBe(true);
}

describe("URL groups", () => {
  it("addEndpoints + get + list: same requests, same group", async () => {
    const r = await both(async (who) => {
      const endpoints = [{ name: "e1", url: `${h.sink}/a` }, { url: `${h.sink}/b` }];
      if (who === "ours") {
        await h.ours.urlGroups.addEndpoints({ name: "grp", endpoints });
        return { get: await h.ours.urlGroups.get("grp"), list: await h.ours.urlGroups.list() };
      }
      await h.official.urlGroups.addEndpoints({ name: "grp", endpoints });
      return { get: await h.official.urlGroups.get("grp"), list: await h.official.urlGroups.list() };
    });
    expectSameWire(r);
    expect(stable(r.ours)).toEqual(stable(r.official));
    expect(r.ours.get.endpoints).toHaveLength(2);
  });

  it("removeEndpoints and delete (also through the topics alias)", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.urlGroups.addEndpoints({
        name: "grp",
        endpoints: [{ name: "e1", url: `${h.sink}/a` }, { url: `${h.sink}/b` }],
      });
      await c.topics.removeEndpoints({ name: "grp", endpoints: [{ name: "e1" }] });
      const after = await c.urlGroups.get("grp");
      await c.urlGroups.delete("grp");
      return { after, list: await c.urlGroups.list() };
    });
    expectSameWire(r);
    expect(stable(r.ours)).toEqual(stable(r.official));
    expect(r.ours.list).toEqual([]);
  });
});

describe("schedules", () => {
  it("create with every option, then get and list: same headers, same stored schedule", async () => {
    const r = await both(async (who) => {
      const req = {
        destination: `${h.sink}/sched?x=1&y=2`,
        cron: "CRON_TZ=America/New_York 0 4 * * *",
        body: '{"a":1}',
        headers: { "X-Custom": "v", "content-type": "text/plain" },
        method: "PUT" as const,
        delay: 30,
        retries: 2,
        retryDelay: "1000",
        callback: `${h.sink}/cb`,
        failureCallback: `${h.sink}/fcb`,
        timeout: "10s" as const,
        scheduleId: "my.sched-1",
        queueName: "q1",
        flowControl: { key: "fk", parallelism: 2, rate: 5, period: 60 },
        label: ["a", "b"],
        redact: { body: true as const, header: ["Authorization"] },
      };
      if (who === "ours") {
        const created = await h.ours.schedules.create(req);
        return {
          created,
          get: await h.ours.schedules.get("my.sched-1"),
          list: await h.ours.schedules.list(),
        };
      }
      const created = await h.official.schedules.create(req);
      return {
        created,
        get: await h.official.schedules.get("my.sched-1"),
        list: await h.official.schedules.list(),
      };
    });
    expectSameWire(r);
    // The official SDK adds a client-side `ratePerSecond` alias of `rate`.
    expect(stable(r.ours)).toEqual(stable(r.official, ["ratePerSecond"]));
    expect(r.ours.get).toMatchObject({
      scheduleId: "my.sched-1",
      cron: "CRON_TZ=America/New_York 0 4 * * *",
      retries: 2,
    });
  });

  it("a cron whose field values are wrong reaches QStash, and its 400 says so, as the official SDK's does", async () => {
    // The client checks the form (5 fields, CRON_TZ=); the values are QStash's
    // to judge (ledger C1). The provider checks them before any request.
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      const e = await c.schedules.create({ destination: `${h.sink}/a`, cron: "61 * * * *" }).catch((x) => x);
      return { status: (e as { status?: number }).status ?? 400, message: String((e as Error).message) };
    });
    expect(r.ours.status).toBe(400);
    expect(r.ours.message).toMatch(/BadRequest|failed with 400/);
    expect(r.ours.message).toContain("invalid cron expression");
    expect(r.official.message).toContain("invalid cron expression");
  });

  it("minimal create to a URL group: ours fixes the id up front, the rest of the request is the same", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.urlGroups.addEndpoints({ name: "grp", endpoints: [{ url: `${h.sink}/a` }] });
      const { scheduleId } = await c.schedules.create({ destination: "grp", cron: "*/5 * * * *" });
      return { scheduleId, get: await c.schedules.get(scheduleId) };
    });
    expectSameWire(r, ["upstash-schedule-id"]);
    expect(r.wire.ours[1]!.headers["upstash-schedule-id"]).toBe(r.ours.scheduleId);
    expect(r.wire.official[1]!.headers["upstash-schedule-id"]).toBeUndefined();
    expect(stable(r.ours.get, ["scheduleId"])).toEqual(stable(r.official.get, ["scheduleId"]));
  });

  it("re-create with the same id replaces the schedule", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.schedules.create({
        destination: `${h.sink}/a`,
        cron: "* * * * *",
        scheduleId: "s1",
        body: "x",
      });
      await c.schedules.create({ destination: `${h.sink}/b`, cron: "0 * * * *", scheduleId: "s1" });
      return c.schedules.list();
    });
    expectSameWire(r);
    expect(stable(r.ours)).toEqual(stable(r.official));
    expect(r.ours).toHaveLength(1);
    expect(r.ours[0]!.body).toBeUndefined();
  });

  it("pause, resume and delete", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.schedules.create({ destination: `${h.sink}/a`, cron: "* * * * *", scheduleId: "s1" });
      await c.schedules.pause({ schedule: "s1" });
      const paused = (await c.schedules.get("s1")).isPaused;
      await c.schedules.resume({ schedule: "s1" });
      const resumed = (await c.schedules.get("s1")).isPaused;
      await c.schedules.delete("s1");
      return { paused, resumed, list: await c.schedules.list() };
    });
    expectSameWire(r);
    expect(r.ours).toEqual(r.official);
    expect(r.ours).toEqual({ paused: true, resumed: false, list: [] });
  });

  it("a missing schedule is a 404 for both; ours raises NotFoundError", async () => {
    const official = await h.official.schedules.get("nope").catch((e: { status?: number }) => e);
    const ours = await h.ours.schedules.get("nope").catch((e: unknown) => e);
    expect((official as { status?: number }).status).toBe(404);
    expect(ours).toBeInstanceOf(NotFoundError);
    expect((ours as NotFoundError).status).toBe(404);
  });
});

describe("queues", () => {
  it("upsert, get, list, pause, resume, delete via queue({ queueName })", async () => {
    const r = await both(async (who) => {
      const q = (who === "ours" ? h.ours : h.official).queue({ queueName: "q1" });
      await q.upsert({ parallelism: 3 });
      const first = await q.get();
      await q.pause();
      const paused = await q.get();
      await q.resume();
      const resumed = await q.get();
      const list = await q.list();
      await q.delete();
      return { first, paused, resumed, list, after: await q.list() };
    });
    expectSameWire(r);
    expect(stable(r.ours)).toEqual(stable(r.official));
    expect(r.ours.first).toMatchObject({ name: "q1", parallelism: 3, paused: false });
    expect(r.ours.paused.paused).toBe(true);
  });

  it("our queues.* name-based methods send what queue().* sends", async () => {
    const r = await both(async (who) => {
      if (who === "official") {
        const q = h.official.queue({ queueName: "q2" });
        await q.upsert({ parallelism: 2, paused: true });
        await q.resume();
        const got = await q.get();
        await q.delete();
        return got;
      }
      await h.ours.queues.upsert({ queueName: "q2", parallelism: 2, paused: true });
      await h.ours.queues.resume("q2");
      const got = await h.ours.queues.get("q2");
      await h.ours.queues.delete("q2");
      return got;
    });
    expectSameWire(r);
    expect(stable(r.ours)).toEqual(stable(r.official));
  });
});

describe("publish, enqueue and batch", () => {
  const dedup = { deduplicationId: "d-1" };

  it("publish to a URL", async () => {
    const req = {
      url: `${h.sink}/p?k=v`,
      body: "hello",
      headers: { "X-A": "1" },
      retries: 1,
      delay: 5,
      ...dedup,
    };
    const r = await both(
      async (who): Promise<{ messageId: string }> =>
        who === "ours" ? h.ours.publish(req) : h.official.publish(req),
    );
    expectSameWire(r);
    expect(Object.keys(r.ours).sort()).toEqual(Object.keys(r.official).sort());
    expect(r.ours.messageId).toMatch(/\S/);
  });

  it("publishJSON to a URL group returns one result per endpoint", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.urlGroups.addEndpoints({
        name: "grp",
        endpoints: [{ url: `${h.sink}/a` }, { url: `${h.sink}/b` }],
      });
      const req = { urlGroup: "grp", body: { n: 1 }, ...dedup };
      return (
        who === "ours" ? await h.ours.publishJSON(req) : await h.official.publishJSON(req)
      ) as unknown[];
    });
    expectSameWire(r);
    expect(Array.isArray(r.ours)).toBe(true);
    expect((r.ours as unknown[]).length).toBe((r.official as unknown[]).length);
    expect(stable(r.ours, ["messageId"])).toEqual(stable(r.official, ["messageId"]));
  });

  it("enqueue and enqueueJSON", async () => {
    const r = await both(async (who) => {
      if (who === "ours") {
        await h.ours.queues.upsert({ queueName: "q1" });
        const a = await h.ours.enqueue({ queueName: "q1", url: `${h.sink}/e`, body: "x", ...dedup });
        const b = await h.ours
          .queue({ queueName: "q1" })
          .enqueueJSON({ url: `${h.sink}/e`, body: [1], deduplicationId: "d-2" });
        return [a, b];
      }
      const q = h.official.queue({ queueName: "q1" });
      await q.upsert({});
      const a = await q.enqueue({ url: `${h.sink}/e`, body: "x", ...dedup });
      const b = await q.enqueueJSON({ url: `${h.sink}/e`, body: [1], deduplicationId: "d-2" });
      return [a, b];
    });
    expectSameWire(r);
    expect(stable(r.ours, ["messageId"])).toEqual(stable(r.official, ["messageId"]));
  });

  it("batch and batchJSON", async () => {
    const r = await both(async (who) => {
      const c = who === "ours" ? h.ours : h.official;
      await c.urlGroups.addEndpoints({ name: "grp", endpoints: [{ url: `${h.sink}/a` }] });
      const a = await c.batch([
        { url: `${h.sink}/1`, body: "b", headers: { "X-G": "g" }, deduplicationId: "b-1" },
        { urlGroup: "grp", body: "c", deduplicationId: "b-2" },
      ]);
      const b = await c.batchJSON([{ url: `${h.sink}/2`, body: { z: 1 }, deduplicationId: "b-3" }]);
      return [a, b];
    });
    expectSameWire(r);
    expect(stable(r.ours, ["messageId"])).toEqual(stable(r.official, ["messageId"]));
  });
});

describe("options the official SDK has", () => {
  it("the client's headers go with every message and schedule, under each message's own", async () => {
    const headers = { "X-Global": "g", "X-A": "from-client", "Upstash-Retries": "2" };
    const ours = new Client({ baseUrl: h.proxyUrl, token: h.dev.token, retry: false, headers });
    const official = new Official({
      baseUrl: h.proxyUrl,
      token: h.dev.token,
      enableTelemetry: false,
      retry: false,
      headers,
    });
    const r = await both(async (who) => {
      const message = { url: `${h.sink}/g`, body: "x", headers: { "X-A": "from-message" } };
      const schedule = { destination: `${h.sink}/s`, cron: "* * * * *", scheduleId: "s-g" };
      if (who === "ours") {
        await ours.publish(message);
        await ours.schedules.create(schedule);
      } else {
        await official.publish(message);
        await official.schedules.create(schedule);
      }
      return null;
    });
    expectSameWire(r);
    const sent = r.wire.ours.map((x) => wire(x).headers);
    expect(sent[0]).toMatchObject({
      "upstash-forward-x-global": "g",
      "upstash-forward-x-a": "from-message",
      "upstash-retries": "2",
    });
    expect(sent[1]).toMatchObject({ "upstash-forward-x-global": "g", "upstash-retries": "2" });
    await ours.close();
  });

  it("a header named twice in a list of pairs keeps both values, as Headers does", async () => {
    const headers: Array<[string, string]> = [
      ["X-H", "1"],
      ["x-h", "2"],
    ];
    const r = await both(async (who) => {
      const message = { url: `${h.sink}/h`, body: "x", headers };
      await (who === "ours" ? h.ours.publish(message) : h.official.publish(message));
      return null;
    });
    expectSameWire(r);
    expect(wire(r.wire.ours[0]!).headers["upstash-forward-x-h"]).toBe("1, 2");
  });

  it("retry.backoff sets the wait before each retry, counted from 0", async () => {
    const waits: number[] = [];
    const c = new Client({
      baseUrl: h.dev.url,
      token: h.dev.token,
      retry: {
        retries: 2,
        backoff: (n) => {
          waits.push(n);
          return 1;
        },
      },
    });
    h.dev.faults.set({ rules: [{ route: "GET /v2/queues", kind: "500", times: 2 }] });
    try {
      await expect(c.queues.list()).resolves.toEqual([]);
    } finally {
      h.dev.faults.set({ rules: [] });
      await c.close();
    }
    expect(waits).toEqual([0, 1]);
    expect(() => new Client({ baseUrl: h.dev.url, token: "t", retry: { backoff: 5 as never } })).toThrow(
      /retry\.backoff: expected a function/,
    );
  });
});

describe("input the client refuses before any request", () => {
  const refused = async (call: () => Promise<unknown>, field: string) => {
    h.dev.requestLog.clear();
    const e = await call().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe(field);
    expect(h.dev.requestLog.entries()).toEqual([]);
  };

  it("enqueue without a queue name never publishes outside the queue", async () => {
    const queueName = process.env.QSTASH_TEST_UNSET_QUEUE;
    await refused(
      () => h.ours.enqueue({ queueName: queueName as string, url: `${h.sink}/e`, body: "x" }),
      "queueName",
    );
    await refused(() => h.ours.enqueueJSON({ url: `${h.sink}/e`, body: 1 } as never), "queueName");
  });

  it("a delay or not-before on enqueue (QStash refuses both for queues)", async () => {
    await refused(() => h.ours.enqueue({ queueName: "q", url: `${h.sink}/e`, delay: 60 }), "delay");
    await refused(
      () => h.ours.queue({ queueName: "q" }).enqueue({ url: `${h.sink}/e`, notBefore: 1 }),
      "notBefore",
    );
    await refused(() => h.ours.batch([{ queueName: "q", url: `${h.sink}/e`, delay: "1m" }]), "[0].delay");
    // The devserver's own rule, for the same request sent as is.
    const direct = await fetch(`${h.dev.url}/v2/enqueue/q/${h.sink}/e`, {
      method: "POST",
      headers: { authorization: `Bearer ${h.dev.token}`, "upstash-delay": "60s" },
    });
    expect(direct.status).toBe(400);
  });

  it("a flow-control period over a week", async () => {
    await refused(
      () => h.ours.publish({ url: `${h.sink}/f`, flowControl: { key: "k", rate: 1, period: "8d" } }),
      "flowControl.period",
    );
    await refused(
      () => h.ours.publish({ url: `${h.sink}/f`, flowControl: { key: "k", rate: 1, period: 604_801 } }),
      "flowControl.period",
    );
  });

  it("headers that are not an object, a Headers or a list of pairs", async () => {
    await refused(
      () => h.ours.publish({ url: `${h.sink}/c`, callbackHeaders: "nope" as never }),
      "callbackHeaders",
    );
    await refused(
      () => h.ours.publish({ url: `${h.sink}/c`, headers: ["X-A"] as never }),
      "headers.undefined",
    );
  });
});

describe("after close()", () => {
  it("calls fail at once without retrying, and closing again resolves", async () => {
    const c = new Client({ baseUrl: h.dev.url, token: h.dev.token });
    await c.close();
    h.dev.requestLog.clear();
    const started = Date.now();
    await expect(c.queues.list()).rejects.toMatchObject({
      code: "CONNECTION_ERROR",
      message: expect.stringMatching(/closed/),
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.dev.requestLog.entries()).toEqual([]);
    await expect(c.close()).resolves.toBeUndefined();
  });
});

describe("signing keys (the official JS SDK has no keys API)", () => {
  it("get returns the devserver's keys; rotate moves next to current", async () => {
    await h.dev.reset();
    const keys = await h.ours.signingKeys.get();
    expect(keys).toMatchObject({ current: h.dev.currentSigningKey, next: h.dev.nextSigningKey });
    const rotated = await h.ours.signingKeys.rotate();
    expect(rotated.current).toBe(keys.next);
    expect(rotated.next).not.toBe(keys.next);
    expect(await h.ours.signingKeys.get()).toMatchObject(rotated);
  });
});
