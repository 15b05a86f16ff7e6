// Provider cost against the Pulumi engine's floor, in one run:
// - `pulumi up` and a no-op `preview` of 100 QStash resources vs 100 dynamic
//   resources whose provider does nothing (target ratio <= 1.25)
// - QStash API calls made by a no-op preview (target 0)
// - serialized-provider bytes per resource in the state file (target <= 3 KB)
import { startDevServer } from "../../dist/esm/devserver/index.js";
import { createStack, loadProgram } from "../../test/support/stack.ts";
import { mixedResources } from "../lib/resources.mjs";

export const name = "provider";

const N = 100;

const spec = (hook) => mixedResources(N, hook);

async function timed(f) {
  const t0 = performance.now();
  const r = await f();
  return { ms: performance.now() - t0, r };
}

export async function run(ctx) {
  const dev = await startDevServer({ port: 0, token: "bench-token", tickMs: 60_000 });
  const qstash = loadProgram("resources.cjs")(spec("http://127.0.0.1:9"));
  const noop = loadProgram("noop.cjs")(N);
  const ours = await createStack({
    project: "pq-bench-provider",
    program: qstash,
    config: { "qstash:url": { value: dev.url }, "qstash:token": { value: dev.token, secret: true } },
  });
  const base = await createStack({ project: "pq-bench-noop", program: noop });
  try {
    ctx.log(`up of ${N} resources (baseline first)`);
    const baseUp = await timed(() => base.up());
    const ourUp = await timed(() => ours.up());
    if (ourUp.r.summary.result !== "succeeded") throw new Error("up failed");
    ctx.log("no-op previews");
    const basePv = await timed(() => base.preview());
    dev.requestLog.clear();
    const ourPv = await timed(() => ours.preview());
    const previewCalls = dev.requestLog.entries().length;
    const state = JSON.parse(ours.stateFileText());
    const mine = state.checkpoint.latest.resources.filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/qstash:"),
    );
    const providerBytes =
      mine.reduce(
        (n, r) => n + (r.inputs?.__provider?.length ?? 0) + (r.outputs?.__provider?.length ?? 0),
        0,
      ) / mine.length;
    const oneCopy = mine.reduce((n, r) => n + (r.outputs?.__provider?.length ?? 0), 0) / mine.length;
    const stateBytes = Buffer.byteLength(ours.stateFileText()) / mine.length;
    await ours.destroy();
    await base.destroy();
    return [
      {
        figure: `up, ${N} resources`,
        value: ourUp.ms / 1000,
        unit: "s",
        baseline: baseUp.ms / 1000,
        baselineLabel: `${N} no-op dynamic resources`,
        ratio: ourUp.ms / baseUp.ms,
        target: "<= 1.25",
      },
      {
        figure: `no-op preview, ${N} resources`,
        value: ourPv.ms / 1000,
        unit: "s",
        baseline: basePv.ms / 1000,
        ratio: ourPv.ms / basePv.ms,
        target: "<= 1.25",
      },
      { figure: "QStash API calls in a no-op preview", value: previewCalls, unit: "calls", target: "== 0" },
      {
        figure: "serialized provider in state, per resource (inputs + outputs copies)",
        value: providerBytes,
        unit: "B",
        target: "<= 3072",
      },
      { figure: "serialized provider, one copy", value: oneCopy, unit: "B" },
      { figure: "state file bytes per resource", value: stateBytes, unit: "B" },
    ];
  } finally {
    await ours.dispose();
    await base.dispose();
    await dev.close();
  }
}
