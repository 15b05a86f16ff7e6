// Client: operations per second against the devserver, ours (the built
// `pulumi-qstash/client`) vs the official `@upstash/qstash` Client, in the
// same run, on the same operation mix. The devserver runs in a child process
// so its CPU time is not charged to either client. Plus the minified
// browser/edge bundle of `import { Client }`, ours vs official.
import { spawn } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Client as Official } from "@upstash/qstash";
import { Client } from "pulumi-qstash/client";
import { bundle } from "../../tools/receiver-bundle.ts";

export const name = "client";

const CONCURRENCY = 8;

// One "round" of the mix: the provider's typical calls plus publishing.
function mix(c, sink, k) {
  const id = `bench-${k}`;
  const q = `bq-${k % 4}`;
  return [
    () =>
      c.schedules.create({ destination: `${sink}/s/${k}`, cron: "0 0 * * *", scheduleId: id, retries: 1 }),
    () => c.schedules.get(id),
    () => c.schedules.pause({ schedule: id }),
    () => c.schedules.delete(id),
    () => c.urlGroups.addEndpoints({ name: `bg-${k % 4}`, endpoints: [{ name: "e", url: `${sink}/g` }] }),
    () => c.urlGroups.get(`bg-${k % 4}`),
    () => c.queue({ queueName: q }).upsert({ parallelism: 2 }),
    () => c.queue({ queueName: q }).get(),
    () => c.publishJSON({ url: `${sink}/m`, body: { k }, deduplicationId: `d-${k}-${Math.random()}` }),
    () => c.schedules.list(),
  ];
}
const OPS_PER_ROUND = 10;

async function rate(c, sink, ms) {
  const cpu0 = process.cpuUsage();
  let done = 0;
  let k = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const ops = mix(c, sink, k++);
        for (const op of ops) await op();
        done += OPS_PER_ROUND;
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  rate.lastCpuShare = (cpu.user + cpu.system) / 1000 / wall;
  rate.lastCpuPerOpUs = (cpu.user + cpu.system) / done;
  return done / (wall / 1000);
}

// Runs in the child: the built devserver plus a sink that answers 200, both on loopback.
const CHILD = `
import { createServer } from "node:http";
import { startDevServer } from "pulumi-qstash/devserver";
const dev = await startDevServer({ port: 0 });
const sink = createServer((req, res) => { req.resume(); req.on("end", () => res.end("ok")); });
await new Promise((ok) => sink.listen(0, "127.0.0.1", ok));
process.send({ url: dev.url, token: dev.token, sink: "http://127.0.0.1:" + sink.address().port });
process.on("disconnect", () => process.exit(0));
`;

function startChild() {
  const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD], {
    cwd: dirname(fileURLToPath(import.meta.url)),
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((ok, fail) => {
    child.once("message", (m) => ok({ child, ...m }));
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`devserver child exited with ${code}`)));
  });
}

export async function run({ log }) {
  const { child, url, token, sink } = await startChild();
  try {
    const ours = new Client({ baseUrl: url, token });
    const official = new Official({ baseUrl: url, token });
    await rate(ours, sink, 400); // warm up both
    await rate(official, sink, 400);
    const oursRates = [];
    const officialRates = [];
    const cpu = { ours: [], official: [] };
    const perOp = { ours: [], official: [] };
    for (let round = 0; round < 5; round++) {
      oursRates.push(await rate(ours, sink, 1000));
      cpu.ours.push(rate.lastCpuShare.toFixed(2));
      perOp.ours.push(rate.lastCpuPerOpUs);
      officialRates.push(await rate(official, sink, 1000));
      cpu.official.push(rate.lastCpuShare.toFixed(2));
      perOp.official.push(rate.lastCpuPerOpUs);
    }
    log(`client CPU share of wall time: ours ${cpu.ours} official ${cpu.official}`);
    await ours.close();
    const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const o = median(oursRates);
    const b = median(officialRates);
    // Rounds alternate, so each pair saw about the same machine load; the
    // median of the per-pair ratios is steadier than a ratio of medians.
    const ratio = median(oursRates.map((x, i) => x / officialRates[i]));
    log(`ops/s ours ${oursRates.map(Math.round)} official ${officialRates.map(Math.round)}`);
    const use = "globalThis.__keep = Client;";
    const oursBundle = await bundle(`import { Client } from "pulumi-qstash/client"; ${use}`);
    const officialBundle = await bundle(`import { Client } from "@upstash/qstash"; ${use}`);
    if (/from\s*["']node:|undici/.test(oursBundle.code))
      throw new Error("the browser bundle pulls in Node code");
    log(`client bundle inputs (ours): ${oursBundle.inputs.map((i) => `${i.path} ${i.bytes}`).join(", ")}`);
    return [
      {
        figure: `management+publish ops/s vs devserver (${CONCURRENCY} in flight), ours vs @upstash/qstash`,
        value: Math.round(o),
        unit: "ops/s",
        baseline: Math.round(b),
        baselineLabel: "@upstash/qstash 2.12.0 Client",
        ratio,
        target: ">= 1.5",
      },
      {
        // The devserver is the bottleneck of the ops/s figure (the client
        // process idles about half the time); this row is the client's own
        // cost, which is what a user's process pays per call.
        figure: "client CPU per operation (same mix), @upstash/qstash / ours",
        value: Math.round(median(perOp.ours)),
        unit: "µs/op",
        baseline: Math.round(median(perOp.official)),
        baselineLabel: "@upstash/qstash 2.12.0 Client",
        ratio: median(perOp.official) / median(perOp.ours),
      },
      {
        figure: "minified browser/edge bundle, import { Client }, ours vs official",
        value: oursBundle.bytes,
        unit: "bytes",
        baseline: officialBundle.bytes,
        baselineLabel: 'import { Client } from "@upstash/qstash"',
        ratio: oursBundle.bytes / officialBundle.bytes,
        target: "<= 0.5",
      },
    ];
  } finally {
    child.kill();
  }
}
