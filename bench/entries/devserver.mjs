// Devserver soak: 2,000 management API requests over 50 concurrent keep-alive
// connections against the built server (dist/esm). Figures: error count (must be 0),
// throughput, and heap after the first 500 vs after all 2,000 (flat memory).
// Then the same with the DLQ and logs filling: publishes whose deliveries all fail
// (each leaves a DLQ entry and four log entries) mixed with DLQ and log listings, until
// both are past their capacity; heap once they are full vs at the end (bounded memory).
import { createServer } from "node:http";
import { Pool } from "undici";

export const name = "devserver";

const TOTAL = 2_000;
const WARM = 500;
const CONCURRENCY = 50;

function heapMb() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** A heap figure: `end` MB against the `base` MB measured earlier in the same run (flat memory: at most 1.5×). */
function heapFigure(figure, end, base, baselineLabel) {
  return {
    figure,
    value: Number(end.toFixed(2)),
    unit: "MB",
    baseline: Number(base.toFixed(2)),
    baselineLabel,
    ratio: Number((end / base).toFixed(3)),
    target: "<= 1.5",
  };
}

/**
 * Sends `ops[i % ops.length](i)` for i = 0, 1, 2, ... over `pool` from CONCURRENCY
 * workers at once; `runUntil(n)` returns once requests 0 to n-1 are all answered, and a
 * later call carries on where the last stopped. Anything but a 200 counts as an error.
 */
function loadOf(pool, ops) {
  const load = { errors: 0, done: 0, runUntil };
  let next = 0;
  async function worker(limit) {
    while (next < limit) {
      const i = next++;
      try {
        const res = await pool.request(ops[i % ops.length](i));
        await res.body.arrayBuffer();
        if (res.statusCode !== 200) load.errors++;
      } catch {
        load.errors++;
      }
      load.done++;
    }
  }
  function runUntil(limit) {
    return Promise.all(Array.from({ length: CONCURRENCY }, () => worker(limit)));
  }
  return load;
}

export async function run(ctx) {
  const { startDevServer } = await import("../../dist/esm/devserver/index.js");
  const sink = createServer((_req, res) => res.end("ok"));
  await new Promise((r) => sink.listen(0, "127.0.0.1", r));
  const dest = `http://127.0.0.1:${sink.address().port}`;
  const dev = await startDevServer({ port: 0, requestLogCapacity: 1_000 });
  const pool = new Pool(dev.url, { connections: CONCURRENCY, pipelining: 1 });
  const auth = { authorization: `Bearer ${dev.token}` };

  // A realistic mix: upserts keep the stored set bounded so memory should stay flat.
  const ops = [
    (i) => ({
      method: "POST",
      path: `/v2/schedules/${dest}/job?i=${Math.floor(i / 8) % 40}`,
      headers: {
        ...auth,
        "upstash-cron": "*/5 * * * *",
        "upstash-schedule-id": `s-${Math.floor(i / 8) % 40}`,
        "content-type": "application/json",
      },
      body: '{"n":1}',
    }),
    (i) => ({ method: "GET", path: `/v2/schedules/s-${Math.floor(i / 8) % 40}`, headers: auth }),
    () => ({ method: "GET", path: "/v2/schedules", headers: auth }),
    (i) => ({
      method: "POST",
      path: `/v2/topics/g-${Math.floor(i / 8) % 10}/endpoints`,
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ endpoints: [{ name: "e", url: `${dest}/e` }] }),
    }),
    (i) => ({ method: "GET", path: `/v2/topics/g-${Math.floor(i / 8) % 10}`, headers: auth }),
    (i) => ({
      method: "POST",
      path: "/v2/queues",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ queueName: `q-${Math.floor(i / 8) % 10}`, parallelism: 2, paused: true }),
    }),
    () => ({ method: "GET", path: "/v2/queues", headers: auth }),
    () => ({ method: "GET", path: "/v2/keys", headers: auth }),
  ];

  // Create every schedule and group once up front, so a GET never races its create.
  for (let i = 0; i < 8 * 40; i += 8) {
    for (const op of [ops[0], ops[3]]) {
      const res = await pool.request(op(i));
      await res.body.arrayBuffer();
    }
  }

  const load = loadOf(pool, ops);
  const t0 = performance.now();
  await load.runUntil(WARM);
  const heapWarm = heapMb();
  await load.runUntil(TOTAL);
  const { errors, done } = load;
  const seconds = (performance.now() - t0) / 1000;
  const heapEnd = heapMb();
  ctx.log(
    `${done} requests in ${seconds.toFixed(2)} s, errors ${errors}, heap ${heapWarm.toFixed(1)} → ${heapEnd.toFixed(1)} MB`,
  );
  await pool.close();
  await dev.close();
  sink.close();
  const filling = await dlqAndLogs(ctx);
  return [
    {
      figure: "API requests with an error (2,000 @ 50 concurrent)",
      value: errors,
      unit: "requests",
      target: "== 0",
    },
    { figure: "throughput", value: Math.round(done / seconds), unit: "req/s" },
    heapFigure("heap after 2,000 vs after 500 requests", heapEnd, heapWarm, "after 500"),
    ...filling,
  ];
}

const FAIL_TOTAL = 6_000;
const FAIL_WARM = 2_000;
const DLQ_CAP = 1_000;
const LOG_CAP = 4_000;

async function dlqAndLogs(ctx) {
  const { startDevServer } = await import("../../dist/esm/devserver/index.js");
  const failing = createServer((_req, res) => {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end("nope");
  });
  await new Promise((r) => failing.listen(0, "127.0.0.1", r));
  const dest = `http://127.0.0.1:${failing.address().port}`;
  const dev = await startDevServer({
    port: 0,
    requestLogCapacity: 1_000,
    dlqCapacity: DLQ_CAP,
    logCapacity: LOG_CAP,
  });
  const pool = new Pool(dev.url, { connections: CONCURRENCY, pipelining: 1 });
  const auth = { authorization: `Bearer ${dev.token}` };
  const ops = [
    (i) => ({
      method: "POST",
      path: `/v2/publish/${dest}/hook?i=${i % 50}`,
      headers: {
        ...auth,
        "upstash-retries": "0",
        "upstash-label": `l${i % 5}`,
        "content-type": "text/plain",
      },
      body: `message ${i}`,
    }),
    () => ({ method: "GET", path: "/v2/dlq?count=20&label=l1,l2", headers: auth }),
    (i) => ({
      method: "POST",
      path: `/v2/publish/${dest}/hook?j=${i % 50}`,
      headers: {
        ...auth,
        "upstash-retries": "0",
        "upstash-flow-control-key": "fk",
        "upstash-flow-control-value": "parallelism=20",
      },
      body: `message ${i}`,
    }),
    () => ({ method: "GET", path: "/v2/events?count=20&state=FAILED", headers: auth }),
  ];
  const load = loadOf(pool, ops);
  const t0 = performance.now();
  await load.runUntil(FAIL_WARM);
  await dev.settle(30_000);
  const heapFull = heapMb();
  const t1 = performance.now();
  await load.runUntil(FAIL_TOTAL);
  const { errors, done } = load;
  const seconds = (performance.now() - t1) / 1000 + (t1 - t0) / 1000;
  await dev.settle(30_000);
  const heapEnd = heapMb();
  const inv = dev.inventory();
  ctx.log(
    `${done} requests (half publishes that fail) in ${seconds.toFixed(2)} s, errors ${errors}, DLQ ${inv.dlq.length}, heap ${heapFull.toFixed(1)} → ${heapEnd.toFixed(1)} MB`,
  );
  await pool.close();
  await dev.close();
  failing.close();
  return [
    {
      figure: "requests with an error, DLQ and logs filling (6,000 @ 50)",
      value: errors,
      unit: "requests",
      target: "== 0",
    },
    {
      figure: "throughput, publishes that fail + DLQ/log listings",
      value: Math.round(done / seconds),
      unit: "req/s",
    },
    heapFigure(
      `heap after 6,000 vs after 2,000 requests (DLQ cap ${DLQ_CAP}, log cap ${LOG_CAP} reached)`,
      heapEnd,
      heapFull,
      "after 2,000",
    ),
  ];
}
