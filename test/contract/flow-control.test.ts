// Flow control through the official @upstash/qstash SDK and through our client against the
// devserver, with real deliveries to a local handler: a paused key holds deliveries until
// resumed, parallelism and rate limits hold in delivery, pins override messages' values.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import type { Client as Ours } from "../../sdk/client/index.js";
import { type Destination, startDestination } from "../support/devserver.js";
import { type Api, clientsFor } from "./rest-support.js";

let dev: DevServer;
let dest: Destination;
let clients: Record<"official" | "ours", Api>;
/** Deliveries running right now at the handler, and the most seen at once. */
let running = 0;
let peak = 0;
let holdMs = 0;

beforeAll(async () => {
  dev = await startDevServer({ port: 0, limits: { globalParallelism: 50 } });
  dest = await startDestination();
  dest.respond = (_r, res) => {
    running++;
    peak = Math.max(peak, running);
    setTimeout(() => {
      running--;
      res.writeHead(200);
      res.end("ok");
    }, holdMs);
  };
  clients = clientsFor(dev);
});
afterAll(async () => {
  await (clients.ours as unknown as Ours).close();
  await dev.close();
  await dest.close();
});
beforeEach(async () => {
  await dev.reset();
  dest.received.length = 0;
  running = 0;
  peak = 0;
  holdMs = 0;
});

describe.each(["official", "ours"] as const)("flow control (%s client)", (who) => {
  const c = () => clients[who];

  it("a paused key holds deliveries until it is resumed", async () => {
    const flowControl = { key: "held", parallelism: 5 };
    await c().publish({ url: `${dest.url}/first`, body: "0", flowControl });
    await dev.settle();
    expect(dest.received).toHaveLength(1);
    await c().flowControl.pause("held");
    await c().publish({ url: `${dest.url}/a`, body: "1", flowControl });
    await c().publish({ url: `${dest.url}/b`, body: "2", flowControl });
    await c().publish({ url: `${dest.url}/free`, body: "3" });
    expect((await dev.settle()).settled).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // a few scheduler ticks
    expect(dest.received.map((r) => r.target)).toEqual(["/first", "/free"]);
    expect(await c().flowControl.get("held")).toMatchObject({
      flowControlKey: "held",
      isPaused: true,
      waitListSize: 2,
      parallelismMax: 5,
      parallelismCount: 0,
    });
    await c().flowControl.resume("held");
    await dev.settle();
    expect(dest.received.map((r) => r.target).sort()).toEqual(["/a", "/b", "/first", "/free"]);
    expect(await c().flowControl.get("held")).toMatchObject({ isPaused: false, waitListSize: 0 });
  });

  it("parallelism caps how many of a key's messages run at once", async () => {
    holdMs = 60;
    const flowControl = { key: "narrow", parallelism: 2 };
    for (let i = 0; i < 6; i++) await c().publish({ url: `${dest.url}/p${i}`, body: "x", flowControl });
    await dev.settle();
    expect(dest.received).toHaveLength(6);
    expect(peak).toBe(2);
  });

  it("rate per period holds the rest until the rate is reset; pins override messages", async () => {
    const flowControl = { key: "slow", rate: 2, period: "1h" };
    for (let i = 0; i < 3; i++) await c().publish({ url: `${dest.url}/r${i}`, body: "x", flowControl });
    expect((await dev.settle()).settled).toBe(true);
    expect(dest.received).toHaveLength(2);
    const before = await c().flowControl.get("slow");
    expect(before).toMatchObject({ rateMax: 2, rateCount: 2, ratePeriod: 3600, waitListSize: 1 });
    expect(before.ratePeriodStart).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    await c().flowControl.resetRate("slow");
    await dev.settle();
    expect(dest.received).toHaveLength(3);
    expect((await c().flowControl.get("slow")).rateCount).toBe(1);

    await c().flowControl.pin("slow", { parallelism: 3, rate: 20, period: 120 });
    const pinned = await c().flowControl.get("slow");
    expect(pinned).toMatchObject({
      isPinnedParallelism: true,
      isPinnedRate: true,
      parallelismMax: 3,
      rateMax: 20,
      ratePeriod: 120,
      rateCount: 0,
    });
    // A new message's own values do not replace pinned ones.
    await c().publish({ url: `${dest.url}/r3`, body: "x", flowControl });
    expect(await c().flowControl.get("slow")).toMatchObject({ rateMax: 20, parallelismMax: 3 });
    await c().flowControl.unpin("slow", { parallelism: true });
    expect(await c().flowControl.get("slow")).toMatchObject({
      isPinnedParallelism: false,
      isPinnedRate: true,
    });
    await c().flowControl.unpin("slow", { rate: true });
    await c().publish({ url: `${dest.url}/r4`, body: "x", flowControl });
    expect(await c().flowControl.get("slow")).toMatchObject({
      isPinnedRate: false,
      rateMax: 2,
      ratePeriod: 3600,
    });
  });

  it("reports global parallelism, a 404 for an unknown key and honours keys on enqueue and batch", async () => {
    const g = await c().flowControl.getGlobalParallelism();
    expect(g).toEqual({ parallelismMax: 50, parallelismCount: 0 });
    await expect(c().flowControl.get("never-used")).rejects.toMatchObject({ status: 404 });
    await c().flowControl.pause("q-key");
    const flowControl = { key: "q-key", parallelism: 1 };
    await (c() as unknown as Ours)
      .queue({ queueName: "fq" })
      .enqueue({ url: `${dest.url}/q`, body: "x", flowControl });
    await dev.settle();
    expect(dest.received).toHaveLength(0);
    expect((await c().flowControl.get("q-key")).waitListSize).toBe(1);
    await c().flowControl.resume("q-key");
    await dev.settle();
    expect(dest.received.map((r) => r.target)).toEqual(["/q"]);
  });
});

describe("flow control over raw HTTP and our client's list", () => {
  it("lists keys, refuses a bad pin and applies to schedules", async () => {
    const ours = clients.ours as unknown as Ours;
    await ours.publish({ url: `${dest.url}/x`, body: "x", flowControl: { key: "k1", parallelism: 1 } });
    await ours.flowControl.pause("k2");
    expect((await ours.flowControl.list()).map((k) => k.flowControlKey).sort()).toEqual(["k1", "k2"]);
    const res = await fetch(`${dev.url}/v2/flowControl/k1/pin?rate=fast`, {
      method: "POST",
      headers: { authorization: `Bearer ${dev.token}` },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/rate/);
    await expect(ours.flowControl.pin("k1", {})).rejects.toMatchObject({ field: "options" });

    await dev.settle();
    dest.received.length = 0;
    const { scheduleId } = await ours.schedules.create({
      destination: `${dest.url}/cron`,
      cron: "* * * * *",
      flowControl: { key: "k2", parallelism: 1 },
    });
    dev.clock.trigger(scheduleId);
    await dev.settle();
    expect(dest.received).toHaveLength(0);
    await ours.flowControl.resume("k2");
    await dev.settle();
    expect(dest.received.map((r) => r.target)).toEqual(["/cron"]);
  });
});
