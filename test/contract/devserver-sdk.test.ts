// The official @upstash/qstash SDK runs against the devserver: every call parses and
// returns what was sent, deliveries reach local endpoints, and the SDK's Receiver
// accepts every signature, before and after a key rotation.
import { Client, Receiver } from "@upstash/qstash";
import { describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { type Destination, startDestination, useDevServer } from "../support/devserver.js";

let dev: DevServer;
let dest: Destination;
let client: Client;

useDevServer({ port: 0 }, (d, t) => {
  dev = d;
  dest = t;
  client = new Client({ baseUrl: dev.url, token: dev.token, enableTelemetry: false, retry: false });
});

async function verifyAll(receiver: Receiver, base: string) {
  for (const r of dest.received) {
    const ok = await receiver.verify({
      signature: r.headers["upstash-signature"] as string,
      body: r.body,
      url: base + r.target,
    });
    expect(ok).toBe(true);
  }
}

describe("schedules via the official SDK", () => {
  it("create then get returns every option, canonicalised, in QStash's units", async () => {
    const { scheduleId } = await client.schedules.create({
      destination: `${dest.url}/job?x=1&y=2`,
      cron: "CRON_TZ=America/New_York 0 4 * * *",
      body: '{"hello":"world"}',
      headers: { "test-header": "test-value", "Upstash-Forward-bypass-tunnel-reminder": "client-test" },
      method: "PUT",
      delay: 10,
      retries: 5,
      retryDelay: "pow(2, retried) * 1000",
      callback: `${dest.url}/cb`,
      failureCallback: `${dest.url}/fcb`,
      timeout: 20,
      queueName: "q1",
      flowControl: { key: "fk", parallelism: 2, rate: 5, period: "1d" },
      label: ["first", "second"],
      scheduleId: "my.sched-1",
    });
    expect(scheduleId).toBe("my.sched-1");
    const s = await client.schedules.get("my.sched-1");
    expect(s).toMatchObject({
      scheduleId: "my.sched-1",
      cron: "CRON_TZ=America/New_York 0 4 * * *",
      destination: `${dest.url}/job?x=1&y=2`,
      method: "PUT",
      body: '{"hello":"world"}',
      retries: 5,
      delay: 10,
      callback: `${dest.url}/cb`,
      failureCallback: `${dest.url}/fcb`,
      queueName: "q1",
      flowControlKey: "fk",
      parallelism: 2,
      rate: 5,
      period: 86400,
      retryDelayExpression: "pow(2, retried) * 1000",
      label: "first",
      labels: ["first", "second"],
      isPaused: false,
      callerIP: "127.0.0.1",
    });
    expect(s.header).toEqual({
      "Bypass-Tunnel-Reminder": ["client-test"],
      "Content-Type": ["application/json"],
      "Test-Header": ["test-value"],
    });
    expect(typeof s.createdAt).toBe("number");
    expect(s.createdAt).toBeGreaterThan(1.6e12); // milliseconds
    // 04:00 New York is 08:00 or 09:00 UTC depending on DST.
    expect([8, 9]).toContain(new Date(s.nextScheduleTime!).getUTCHours());
  });

  it("re-creating with the same id replaces the whole schedule", async () => {
    await client.schedules.create({
      destination: `${dest.url}/a`,
      cron: "* * * * *",
      body: "my-payload",
      scheduleId: "s1",
      retries: 1,
    });
    await client.schedules.pause({ schedule: "s1" });
    await client.schedules.create({ destination: `${dest.url}/b`, cron: "*/5 * * * *", scheduleId: "s1" });
    const list = await client.schedules.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      destination: `${dest.url}/b`,
      cron: "*/5 * * * *",
      retries: 3,
      isPaused: false,
    });
    expect(list[0]!.body).toBeUndefined();
  });

  it("pause, resume and delete", async () => {
    const { scheduleId } = await client.schedules.create({ destination: `${dest.url}/a`, cron: "* * * * *" });
    await client.schedules.pause({ schedule: scheduleId });
    expect((await client.schedules.get(scheduleId)).isPaused).toBe(true);
    await client.schedules.resume({ schedule: scheduleId });
    expect((await client.schedules.get(scheduleId)).isPaused).toBe(false);
    await client.schedules.delete(scheduleId);
    expect(await client.schedules.list()).toEqual([]);
    await expect(client.schedules.get(scheduleId)).rejects.toMatchObject({ status: 404 });
  });

  it("a fired schedule delivers a signed message with Upstash-Schedule-Id; a paused one does not", async () => {
    const { scheduleId } = await client.schedules.create({
      destination: `${dest.url}/tick`,
      cron: "* * * * *",
      body: "x",
    });
    const paused = await client.schedules.create({ destination: `${dest.url}/paused`, cron: "* * * * *" });
    await client.schedules.pause({ schedule: paused.scheduleId });
    const fired = dev.clock.advance(61_000);
    expect(fired.map((f) => f.scheduleId)).toEqual([scheduleId]);
    await dev.settle();
    expect(dest.received.map((r) => r.target)).toEqual(["/tick"]);
    expect(dest.received[0]!.headers["upstash-schedule-id"]).toBe(scheduleId);
    const s = await client.schedules.get(scheduleId);
    expect(s.lastScheduleTime).toBeGreaterThan(0);
    expect(
      Object.values((s as { lastScheduleStates?: Record<string, string> }).lastScheduleStates ?? {}),
    ).toEqual(["SUCCESS"]);
    await verifyAll(
      new Receiver({ currentSigningKey: dev.currentSigningKey, nextSigningKey: dev.nextSigningKey }),
      dest.url,
    );
  });
});

describe("URL groups via the official SDK", () => {
  it("add appends, get and list return the group, removing the last endpoint deletes it", async () => {
    await client.urlGroups.addEndpoints({ name: "grp", endpoints: [{ name: "e1", url: `${dest.url}/e1` }] });
    await client.urlGroups.addEndpoints({ name: "grp", endpoints: [{ url: `${dest.url}/e2` }] });
    const g = await client.urlGroups.get("grp");
    expect(g.name).toBe("grp");
    expect(g.endpoints).toEqual([{ name: "e1", url: `${dest.url}/e1` }, { url: `${dest.url}/e2` }]);
    expect(g.createdAt).toBeGreaterThan(1.6e12);
    expect((await client.urlGroups.list()).map((x) => x.name)).toEqual(["grp"]);
    await client.urlGroups.removeEndpoints({ name: "grp", endpoints: [{ name: "e1" }] });
    expect((await client.urlGroups.get("grp")).endpoints).toEqual([{ url: `${dest.url}/e2` }]);
    await client.urlGroups.removeEndpoints({ name: "grp", endpoints: [{ url: `${dest.url}/e2` }] });
    await expect(client.urlGroups.get("grp")).rejects.toMatchObject({ status: 404 });
  });

  it("delete removes the group", async () => {
    await client.urlGroups.addEndpoints({ name: "g2", endpoints: [{ url: `${dest.url}/x` }] });
    await client.urlGroups.delete("g2");
    expect(await client.urlGroups.list()).toEqual([]);
  });
});

describe("queues via the official SDK", () => {
  it("upsert honours paused, get/list/pause/resume/delete round-trip", async () => {
    const q = client.queue({ queueName: "q1" });
    await q.upsert({ parallelism: 3, paused: true });
    expect(await q.get()).toMatchObject({ name: "q1", parallelism: 3, lag: 0, paused: true });
    await q.upsert({ paused: false });
    expect((await q.get()).paused).toBe(false);
    await q.pause();
    expect((await q.get()).paused).toBe(true);
    await q.resume();
    expect((await q.get()).paused).toBe(false);
    expect((await q.list()).map((x) => x.name)).toEqual(["q1"]);
    await q.delete();
    expect(await q.list()).toEqual([]);
  });

  it("a paused queue holds enqueued messages until resumed", async () => {
    const q = client.queue({ queueName: "hold" });
    await q.upsert({ parallelism: 1, paused: true });
    const { messageId } = await q.enqueueJSON({ url: `${dest.url}/q`, body: { n: 1 } });
    await dev.settle(500);
    expect(dest.received).toHaveLength(0);
    expect((await q.get()).lag).toBe(1);
    await q.resume();
    await dest.waitFor(1);
    expect(dest.received[0]!.headers["upstash-message-id"]).toBe(messageId);
  });
});

describe("publish and batch via the official SDK", () => {
  it("publishJSON to a URL delivers body, forwarded headers and a signature the Receiver accepts", async () => {
    const res = await client.publishJSON({
      url: `${dest.url}/hook?a=1`,
      body: { hello: "world" },
      headers: { "x-custom": "v" },
    });
    expect(res.messageId).toMatch(/^msg_/);
    const [r] = await dest.waitFor(1);
    expect(r!.target).toBe("/hook?a=1");
    expect(r!.method).toBe("POST");
    expect(r!.body).toBe('{"hello":"world"}');
    expect(r!.headers["content-type"]).toBe("application/json");
    expect(r!.headers["x-custom"]).toBe("v");
    expect(r!.headers["upstash-message-id"]).toBe(res.messageId);
    expect(r!.headers["upstash-retried"]).toBe("0");
    expect(r!.headers["user-agent"]).toBe("Upstash-QStash");
    await verifyAll(
      new Receiver({ currentSigningKey: dev.currentSigningKey, nextSigningKey: dev.nextSigningKey }),
      dest.url,
    );
  });

  it("publish to a URL group returns an array and reaches every endpoint, each with Upstash-Topic-Name", async () => {
    const other = await startDestination();
    try {
      await client.urlGroups.addEndpoints({
        name: "fan",
        endpoints: [{ url: `${dest.url}/one` }, { url: `${dest.url}/two` }, { url: `${other.url}/three` }],
      });
      const res = await client.publish({ urlGroup: "fan", body: "payload" });
      // The SDK types this as an array; the OpenAPI spec's {messages:[...]} is wrong (reference §6.1).
      expect(Array.isArray(res)).toBe(true);
      expect(res).toHaveLength(3);
      await dest.waitFor(2);
      await other.waitFor(1);
      for (const r of [...dest.received, ...other.received]) {
        expect(r.headers["upstash-topic-name"]).toBe("fan");
        expect(r.body).toBe("payload");
      }
      const receiver = new Receiver({
        currentSigningKey: dev.currentSigningKey,
        nextSigningKey: dev.nextSigningKey,
      });
      await verifyAll(receiver, dest.url);
      for (const r of other.received) {
        expect(
          await receiver.verify({
            signature: r.headers["upstash-signature"] as string,
            body: r.body,
            url: other.url + r.target,
          }),
        ).toBe(true);
      }
    } finally {
      await other.close();
    }
  });

  it("batch and batchJSON return one result per entry, nested for URL groups", async () => {
    await client.urlGroups.addEndpoints({
      name: "bg",
      endpoints: [{ url: `${dest.url}/g1` }, { url: `${dest.url}/g2` }],
    });
    const res = await client.batchJSON([
      { url: `${dest.url}/b1`, body: { n: 1 } },
      { urlGroup: "bg", body: { n: 2 } },
    ]);
    expect(res).toHaveLength(2);
    expect((res[0] as { messageId: string }).messageId).toMatch(/^msg_/);
    expect(res[1]).toHaveLength(2);
    const raw = await client.batch([{ url: `${dest.url}/b2`, body: "plain" }]);
    expect(raw).toHaveLength(1);
    await dest.waitFor(4);
    expect(dest.received.map((r) => r.target).sort()).toEqual(["/b1", "/b2", "/g1", "/g2"]);
  });

  it("after a key rotation deliveries are signed with the old next key, which a Receiver built before the rotation accepts", async () => {
    const before = { currentSigningKey: dev.currentSigningKey, nextSigningKey: dev.nextSigningKey };
    const rotated = (await (
      await fetch(`${dev.url}/v2/keys/rotate`, {
        method: "POST",
        headers: { authorization: `Bearer ${dev.token}` },
      })
    ).json()) as { current: string; next: string };
    expect(rotated.current).toBe(before.nextSigningKey);
    expect(dev.currentSigningKey).toBe(before.nextSigningKey);
    await client.publish({ url: `${dest.url}/after`, body: "rotated" });
    await dest.waitFor(1);
    await verifyAll(new Receiver(before), dest.url);
    // A receiver that only knows the retired key rejects it.
    const stale = new Receiver({
      currentSigningKey: before.currentSigningKey,
      nextSigningKey: before.currentSigningKey,
    });
    const r = dest.received[0]!;
    await expect(
      stale.verify({ signature: r.headers["upstash-signature"] as string, body: r.body }),
    ).rejects.toThrow();
  });

  it("answers the SDK dev-mode probe with the official dev token and keys when given no credentials", async () => {
    const fresh = await startDevServer({ port: 0 });
    try {
      expect(fresh.token).toBe("eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=");
      const keys = await (
        await fetch(`${fresh.url}/v2/keys`, { headers: { authorization: `Bearer ${fresh.token}` } })
      ).json();
      expect(keys).toEqual({
        current: "sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r",
        next: "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs",
      });
    } finally {
      await fresh.close();
    }
  });
});
