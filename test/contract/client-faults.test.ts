import { afterAll, beforeAll, expect, it } from "vitest";
import { Client } from "../../sdk/client/index.js";
import { type Harness, startHarness } from "./client-support.js";

// 500 mixed operations while the devserver fails 30% of API requests (429,
// 503 and connection resets, split evenly) and the proxy in front of it
// additionally throws away 5% of responses *after* the devserver applied the
// request. Every operation must complete, the final state must be exactly
// what the operations describe, and no schedule or message may exist twice.

let h: Harness;
let client: Client;
beforeAll(async () => {
  h = await startHarness({ record: false });
  // Retry-After 0 keeps the run short; honouring it is covered by unit tests.
  const p = 1 - (1 - 0.3) ** (1 / 3); // three independent rules → 30% in total
  h.dev.faults.set({
    seed: 4242,
    rules: [
      { route: "/v2", kind: "429", probability: p, retryAfterSeconds: 0 },
      { route: "/v2", kind: "503", probability: p, retryAfterSeconds: 0 },
      { route: "/v2", kind: "reset", probability: p },
    ],
  });
  h.dropResponseRate = 0.05;
  client = new Client({
    baseUrl: h.proxyUrl,
    token: h.dev.token,
    retry: { retries: 15, baseDelayMs: 2, maxDelayMs: 50, maxRetryAfterMs: 5000 },
    // opt in: without a deduplication id a publish is not retried after a 5xx (ledger Q1)
    autoDeduplicationId: true,
  });
});
afterAll(async () => {
  await client.close();
  await h.close();
});

async function pool(tasks: Array<() => Promise<unknown>>, concurrency = 16): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const t = tasks[next++]!;
        await t().catch((e: unknown) => errors.push(e));
      }
    }),
  );
  if (errors.length)
    throw new AggregateError(errors, `${errors.length} operations failed: ${String(errors[0])}`);
}

it("500 mixed operations under 30% 429/503/reset faults: right final state, no duplicates, nothing lost", async () => {
  const s = h.sink;
  let ops = 0;
  const phase1: Array<() => Promise<unknown>> = [];
  const phase2: Array<() => Promise<unknown>> = [];
  const add = (list: typeof phase1, f: () => Promise<unknown>) => {
    list.push(f);
    ops++;
  };

  // 100 schedule creates without an id: the client must choose one up front.
  for (let i = 0; i < 100; i++)
    add(phase1, () => client.schedules.create({ destination: `${s}/auto/${i}`, cron: "0 0 * * *" }));
  // 50 with an id; later 25 of them deleted and 25 paused.
  for (let i = 0; i < 50; i++) {
    add(phase1, () =>
      client.schedules.create({
        destination: `${s}/named/${i}`,
        cron: "*/5 * * * *",
        scheduleId: `named-${i}`,
        retries: 1,
      }),
    );
    if (i < 25) add(phase2, () => client.schedules.delete(`named-${i}`));
    else add(phase2, () => client.schedules.pause({ schedule: `named-${i}` }));
  }
  // 20 URL groups, 3 endpoints each added one call at a time; the e0 endpoint of 10 groups removed.
  for (let g = 0; g < 20; g++) {
    for (let e = 0; e < 3; e++) {
      add(phase1, () =>
        client.urlGroups.addEndpoints({
          name: `grp-${g}`,
          endpoints: [{ name: `e${e}`, url: `${s}/g/${g}/${e}` }],
        }),
      );
    }
    if (g < 10)
      add(phase2, () => client.urlGroups.removeEndpoints({ name: `grp-${g}`, endpoints: [{ name: "e0" }] }));
  }
  // 20 queues upserted twice (final parallelism q+2); then 10 deleted, 10 paused.
  for (let q = 0; q < 20; q++) {
    add(phase1, () => client.queues.upsert({ queueName: `queue-${q}`, parallelism: 1 }));
    add(phase2, () => client.queues.upsert({ queueName: `queue-${q}`, parallelism: q + 2 }));
  }
  // Deletes and pauses must follow the second upsert (which sends paused:false), so they run in phase 3.
  const phase3: Array<() => Promise<unknown>> = [];
  for (let q = 0; q < 20; q++) {
    add(phase3, () => (q < 10 ? client.queues.delete(`queue-${q}`) : client.queues.pause(`queue-${q}`)));
  }
  // 100 publishes, each to its own path, with the auto-generated deduplication id.
  for (let i = 0; i < 100; i++) add(phase1, () => client.publish({ url: `${s}/msg/${i}`, body: `m${i}` }));
  // Reads fill the rest up to 500.
  let r = 0;
  while (ops < 500) {
    const k = r++ % 4;
    add(phase2, () =>
      k === 0
        ? client.schedules.list()
        : k === 1
          ? client.urlGroups.list()
          : k === 2
            ? client.queues.list()
            : client.signingKeys.get(),
    );
  }
  expect(ops).toBe(500);

  await pool(phase1);
  await pool(phase2);
  await pool(phase3);

  const faulted = h.dev.requestLog.entries().filter((e) => e.fault !== undefined).length;
  expect(faulted).toBeGreaterThan(150);
  expect(h.dropped).toBeGreaterThan(5);

  h.dev.faults.clear();
  h.dropResponseRate = 0;

  const schedules = await client.schedules.list();
  const byDest = new Map<string, number>();
  for (const sc of schedules) byDest.set(sc.destination, (byDest.get(sc.destination) ?? 0) + 1);
  expect([...byDest.values()].every((n) => n === 1)).toBe(true);
  expect(schedules).toHaveLength(125);
  for (let i = 0; i < 100; i++) expect(byDest.get(`${s}/auto/${i}`)).toBe(1);
  for (let i = 0; i < 50; i++) {
    const sc = schedules.find((x) => x.scheduleId === `named-${i}`);
    if (i < 25) expect(sc).toBeUndefined();
    else expect(sc?.isPaused).toBe(true);
  }

  const groups = await client.urlGroups.list();
  expect(groups).toHaveLength(20);
  for (const g of groups) {
    const n = Number(g.name.split("-")[1]);
    const names = g.endpoints.map((e) => e.name).sort();
    expect(names).toEqual(n < 10 ? ["e1", "e2"] : ["e0", "e1", "e2"]);
  }

  const queues = await client.queues.list();
  expect(queues.map((q) => q.name).sort()).toEqual(
    Array.from({ length: 10 }, (_, i) => `queue-${i + 10}`).sort(),
  );
  for (const q of queues) {
    expect(q.parallelism).toBe(Number(q.name.split("-")[1]) + 2);
    expect(q.paused).toBe(true);
  }

  await h.dev.settle(20_000);
  for (let i = 0; i < 100; i++) expect(h.hits.get(`/msg/${i}`), `message ${i}`).toBe(1);
});
