// The provider plugin (bin/pulumi-resource-qstash) against the dynamic
// provider and the Pulumi engine's floor, in one run: `pulumi up` of the same
// 100 QStash resources through each, and 100 dynamic resources whose
// provider does nothing. Run alone: `npm run bench plugin`.
import { join } from "node:path";
import { startDevServer } from "../../dist/esm/devserver/index.js";
import { createStack, loadProgram, projectDir } from "../../test/support/stack.ts";
import { mixedResources } from "../lib/resources.mjs";

export const name = "plugin";

const N = 100;

const spec = (hook) => mixedResources(N, hook);

async function timed(f) {
  const t0 = performance.now();
  const r = await f();
  if (r?.summary && r.summary.result !== "succeeded")
    throw new Error(`${r.summary.kind} ${r.summary.result}`);
  return performance.now() - t0;
}

export async function run(ctx) {
  const devA = await startDevServer({ port: 0, token: "bench-token", tickMs: 60_000 });
  const devB = await startDevServer({ port: 0, token: "bench-token", tickMs: 60_000 });
  const config = (dev) => ({
    "qstash:url": { value: dev.url },
    "qstash:token": { value: dev.token, secret: true },
  });
  const s = spec("http://127.0.0.1:9");
  const floor = await createStack({ project: "pq-bench-plugin-floor", program: loadProgram("noop.cjs")(N) });
  const dynamic = await createStack({
    project: "pq-bench-plugin-dynamic",
    program: loadProgram("resources.cjs")(s),
    config: config(devA),
  });
  const plugin = await createStack({
    project: "pq-bench-plugin",
    program: loadProgram("plugin-resources.cjs")(s),
    config: config(devB),
    plugins: { providers: [{ name: "qstash", path: join(projectDir(), "node_modules/pulumi-qstash/bin") }] },
  });
  try {
    ctx.log(`up of ${N} resources: engine floor, dynamic provider, plugin`);
    const floorUp = await timed(() => floor.up());
    const dynamicUp = await timed(() => dynamic.up());
    const pluginUp = await timed(() => plugin.up());
    // previews are short and the machine is shared: the best of three, alternating
    ctx.log("no-op previews (best of 3)");
    devB.requestLog.clear();
    let floorPv = Number.POSITIVE_INFINITY;
    let pluginPv = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      floorPv = Math.min(floorPv, await timed(() => floor.preview()));
      pluginPv = Math.min(pluginPv, await timed(() => plugin.preview()));
    }
    const previewCalls = devB.requestLog.entries().length;
    await plugin.destroy();
    await dynamic.destroy();
    await floor.destroy();
    return [
      {
        figure: `up, ${N} resources, plugin`,
        value: pluginUp / 1000,
        unit: "s",
        baseline: floorUp / 1000,
        baselineLabel: `${N} no-op dynamic resources`,
        ratio: pluginUp / floorUp,
        target: "<= 1.25",
      },
      {
        figure: `up, ${N} resources, dynamic provider`,
        value: dynamicUp / 1000,
        unit: "s",
        baseline: floorUp / 1000,
        baselineLabel: `${N} no-op dynamic resources`,
        ratio: dynamicUp / floorUp,
      },
      {
        figure: `up, ${N} resources, plugin vs dynamic provider`,
        value: pluginUp / 1000,
        unit: "s",
        baseline: dynamicUp / 1000,
        baselineLabel: "dynamic provider",
        ratio: pluginUp / dynamicUp,
      },
      {
        figure: `no-op preview, ${N} resources, plugin`,
        value: pluginPv / 1000,
        unit: "s",
        baseline: floorPv / 1000,
        ratio: pluginPv / floorPv,
        target: "<= 1.25",
      },
      {
        figure: "QStash API calls in a no-op preview (plugin)",
        value: previewCalls,
        unit: "calls",
        target: "== 0",
      },
    ];
  } finally {
    await plugin.dispose();
    await dynamic.dispose();
    await floor.dispose();
    await devA.close();
    await devB.close();
  }
}
