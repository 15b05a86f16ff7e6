// Scale: `pulumi up`, no-op `preview`, `refresh` and `destroy` of 10, 100 and
// 1,000 schedules through the real CLI against the devserver (a child
// process, as users run it). Figures: wall time per resource at each size and
// its growth from 100 to 1,000 (target: flat within 1.5x), the peak RSS of the
// dynamic-provider process (target < 300 MB at 1,000) and of the devserver,
// and state bytes per resource.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { peakRssMb, providerProcesses, samplePeak } from "../lib/procs.ts";

export const name = "scale";

const SIZES = [10, 100, 1000];
const OPS = ["up", "preview", "refresh", "destroy"];
const TOKEN = "bench-scale-token";

async function startDevserver(repoRoot) {
  const child = spawn(
    process.execPath,
    [join(repoRoot, "bin/pulumi-qstash.cjs"), "devserver", "--port", "0", "--token", TOKEN, "--quiet"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (c) => reject(new Error(`devserver exited with ${c}`)));
  });
  child.stdout.resume();
  return { child, url: JSON.parse(line).url };
}

export async function run(ctx) {
  const { createStack, loadProgram, repoRoot } = await import("../../test/support/stack.ts");
  const program = loadProgram("resources.cjs");
  const dev = await startDevserver(repoRoot);
  const rows = [];
  const perRes = {};
  let providerPeak1000 = 0;
  try {
    for (const n of SIZES) {
      const spec = {
        resources: Array.from({ length: n }, (_, i) => ({
          type: "Schedule",
          name: `s${i}`,
          args: { destination: `http://127.0.0.1:9/s${i}`, cron: `${i % 60} * * * *` },
        })),
      };
      const t = await createStack({
        project: `pq-bench-scale-${n}`,
        program: program(spec),
        config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
      });
      try {
        perRes[n] = {};
        let stateBytes = 0;
        for (const op of OPS) {
          const sampler = samplePeak(() => providerProcesses(), 50);
          const t0 = performance.now();
          if (op === "up") {
            const r = await t.up();
            if (r.summary.resourceChanges?.create !== n + 1)
              throw new Error(`up created ${JSON.stringify(r.summary.resourceChanges)}`);
            stateBytes = t.stateFileText().length;
          } else if (op === "preview") {
            const r = await t.preview();
            if (r.changeSummary.same !== n + 1)
              throw new Error(`preview not a no-op: ${JSON.stringify(r.changeSummary)}`);
          } else if (op === "refresh") await t.refresh();
          else await t.destroy();
          const ms = performance.now() - t0;
          const peak = sampler.stop();
          if (n === 1000) providerPeak1000 = Math.max(providerPeak1000, peak);
          perRes[n][op] = ms / n;
          ctx.log(`${n} schedules: ${op} ${(ms / 1000).toFixed(1)} s, provider peak ${peak.toFixed(0)} MB`);
          rows.push({ figure: `${op} per resource @${n}`, value: ms / n, unit: "ms" });
        }
        rows.push({ figure: `state bytes per resource @${n}`, value: Math.round(stateBytes / n), unit: "B" });
      } finally {
        await t.dispose();
      }
    }
    for (const op of OPS) {
      rows.push({
        figure: `${op} per resource 1000 vs 100`,
        value: perRes[1000][op],
        unit: "ms",
        baseline: perRes[100][op],
        baselineLabel: "per resource @100",
        ratio: perRes[1000][op] / perRes[100][op],
        target: "<= 1.5",
      });
    }
    // Pulumi's file backend rewrites the whole state file after every step,
    // so `up` and `destroy` grow with the stack for any provider. Two runs in
    // the same process separate that from the provider's own cost: the same
    // schedules with PULUMI_SKIP_CHECKPOINTS=true (one write at the end), and
    // the engine floor (no-op dynamic resources) with default checkpoints.
    const timedUpDestroy = async (project, prog, n, env) => {
      const t = await createStack({
        project,
        program: prog,
        env,
        config: {
          "qstash:url": { value: dev.url },
          "qstash:token": { value: TOKEN, secret: true },
        },
      });
      try {
        let t0 = performance.now();
        await t.up();
        const up = (performance.now() - t0) / n;
        t0 = performance.now();
        await t.destroy();
        return { up, destroy: (performance.now() - t0) / n };
      } finally {
        await t.dispose();
      }
    };
    const schedules = (n) =>
      program({
        resources: Array.from({ length: n }, (_, i) => ({
          type: "Schedule",
          name: `s${i}`,
          args: { destination: `http://127.0.0.1:9/s${i}`, cron: `${i % 60} * * * *` },
        })),
      });
    const skip = { PULUMI_SKIP_CHECKPOINTS: "true" };
    const noop = loadProgram("noop.cjs");
    const fast = {};
    const floor = {};
    for (const n of [100, 1000]) {
      ctx.log(`${n} schedules with PULUMI_SKIP_CHECKPOINTS=true`);
      fast[n] = await timedUpDestroy(`pq-bench-scale-skip-${n}`, schedules(n), n, skip);
      ctx.log(`${n} no-op dynamic resources (engine floor, default checkpoints)`);
      floor[n] = await timedUpDestroy(`pq-bench-scale-floor-${n}`, noop(n), n, {});
    }
    for (const op of ["up", "destroy"]) {
      rows.push({
        figure: `${op} per resource 1000 vs 100, PULUMI_SKIP_CHECKPOINTS=true`,
        value: fast[1000][op],
        unit: "ms",
        baseline: fast[100][op],
        ratio: fast[1000][op] / fast[100][op],
        target: "<= 1.5",
      });
      rows.push({
        figure: `engine floor: ${op} per resource 1000 vs 100, no-op dynamic resources`,
        value: floor[1000][op],
        unit: "ms",
        baseline: floor[100][op],
        ratio: floor[1000][op] / floor[100][op],
      });
    }
    rows.push({
      figure: "dynamic provider peak RSS @1000",
      value: providerPeak1000,
      unit: "MB",
      target: "< 300",
    });
    rows.push({ figure: "devserver peak RSS (whole run)", value: peakRssMb(dev.child.pid) ?? 0, unit: "MB" });
  } finally {
    dev.child.kill("SIGTERM");
  }
  return rows;
}
