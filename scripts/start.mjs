// `npm start`: the whole story on one machine, no account needed.
//
//  1. starts the devserver (a local QStash) on a free loopback port
//  2. starts a small handler that verifies every delivery with pulumi-qstash/receiver
//  3. runs the quickstart program (Pulumi.yaml) with the real pulumi CLI: up,
//     then a preview that must show no changes
//  4. fires the schedules and waits for the deliveries
//  5. prints a summary, then destroys the stack and stops
//     (`npm start -- --keep` leaves the devserver, handler and stack running)
//
// Runs under scripts/with-env.sh, which provides Node 22 and the pulumi CLI.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createStack, pulumiVersion, repoRoot } from "../tools/pulumi-stack.ts";

const keep = process.argv.includes("--keep");
const require = createRequire(import.meta.url);
const started = Date.now();
const steps = 6;
let step = 0;
const progress = (msg) =>
  console.log(`[${++step}/${steps}] ${msg} (+${((Date.now() - started) / 1000).toFixed(1)}s)`);
const detail = (msg) => console.log(`      ${msg}`);

const { startDevServer } = await import("../dist/esm/devserver/index.js");
const { Receiver, verifyNodeRequest } = await import("../dist/esm/sdk/receiver/index.js");

progress("starting the devserver (a local QStash) on a free loopback port");
const token = `dev_${randomBytes(12).toString("hex")}`;
const dev = await startDevServer({ port: 0, token, logger: () => {} });
detail(`devserver at ${dev.url}`);

progress("starting a handler that verifies every delivery with pulumi-qstash/receiver");
const deliveries = [];
let receiver; // set from the stack's getSigningKeys outputs after `pulumi up`
const handler = createServer(async (req, res) => {
  try {
    if (!receiver) throw new Error("no signing keys yet");
    const d = await verifyNodeRequest(req, { receiver, url: `${handlerUrl}${req.url}` });
    deliveries.push({ path: req.url, messageId: d.messageId, verified: true, body: d.body });
    detail(`delivery ${d.messageId} to ${req.url}: signature verified`);
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  } catch (e) {
    deliveries.push({ path: req.url, verified: false, error: e.code ?? e.message });
    detail(`delivery to ${req.url} REJECTED: ${e.code ?? ""} ${e.message}`);
    res.writeHead(401).end();
  }
});
await new Promise((r) => handler.listen(0, "127.0.0.1", r));
const handlerUrl = `http://127.0.0.1:${handler.address().port}`;
detail(`handler at ${handlerUrl}`);

progress(`pulumi up of the quickstart (Pulumi.yaml) with ${pulumiVersion()}`);
const stateDir = join(repoRoot, ".pulumi-state");
rmSync(stateDir, { recursive: true, force: true });
const program = require(join(repoRoot, "quickstart/index.cjs"));
const t = await createStack({
  project: "quickstart",
  stack: "dev",
  program,
  stateDir,
  projectDir: repoRoot,
  config: {
    "qstash:url": { value: dev.url },
    "qstash:token": { value: token, secret: true },
    "quickstart:handlerUrl": { value: handlerUrl },
    "quickstart:apiKey": { value: `key_${randomBytes(8).toString("hex")}`, secret: true },
  },
});
const up = await t.stack.up({ onOutput: (s) => process.stdout.write(s) });
const created = up.summary.resourceChanges?.create ?? 0;
const outputs = up.outputs;
receiver = new Receiver({
  currentSigningKey: outputs.currentSigningKey.value,
  nextSigningKey: outputs.nextSigningKey.value,
});

progress("pulumi preview of the unchanged program (expect no changes)");
const pv = await t.stack.preview({ onOutput: (s) => process.stdout.write(s) });
const changes = Object.entries(pv.changeSummary).filter(([k, n]) => k !== "same" && n > 0);
if (changes.length)
  throw new Error(`preview of an unchanged program shows changes: ${JSON.stringify(pv.changeSummary)}`);

progress("firing both schedules and waiting for the deliveries");
dev.clock.trigger(outputs.hourlyScheduleId.value);
dev.clock.trigger(outputs.nightlyScheduleId.value);
await dev.settle(15_000);
const verified = deliveries.filter((d) => d.verified);

progress("summary");
const inv = dev.inventory();
const nightly = inv.schedules.find((s) => s.scheduleId === outputs.nightlyScheduleId.value);
// A delivery whose retries ran out is in the devserver's DLQ, with the handler's last answer.
const dlq = inv.dlq.length
  ? `${inv.dlq.length} message(s) whose retries ran out (GET ${dev.url}/v2/dlq):\n${inv.dlq
      .map((m) =>
        `                         ${m.url} -> ${m.responseStatus} ${m.responseBody ?? ""}`.trimEnd(),
      )
      .join("\n")}`
  : "empty (no delivery failed for good)";
console.log(`
  Resources created:     ${created - 1} QStash resources (+ the stack): URL group "${outputs.urlGroup.value}"
                         with ${inv.urlGroups[0]?.endpoints.length ?? 0} endpoints, ${inv.schedules.length} schedules, queue "${outputs.queue.value}"
  No-op preview:         ${JSON.stringify(pv.changeSummary)} (no changes)
  Deliveries:            ${deliveries.length} received, ${verified.length} verified by pulumi-qstash/receiver
                         (${verified.map((d) => d.path).join(", ")})
  Dead-letter queue:     ${dlq}
  Secret header:         forwarded to ${nightly?.destination ?? "?"}, stored in state as a secret
  State:                 ${stateDir} (local file backend, passphrase secrets)
  Devserver:             ${dev.url}

  Point the same program at a real QStash account (with the pulumi CLI installed):
    pulumi login --local                  # or your usual backend
    pulumi stack init dev
    pulumi config set --secret qstash:token <your QStash token>
    pulumi config set quickstart:handlerUrl https://<your app>/api/qstash
    pulumi up
`);
if (verified.length < 3) {
  console.error(`expected 3 verified deliveries (2 group endpoints + 1 URL), got ${verified.length}`);
  process.exitCode = 1;
}

if (keep) {
  console.log(`--keep: the devserver, the handler and the stack stay up. Ctrl-C to stop.
  export QSTASH_URL=${dev.url} QSTASH_TOKEN=${token}
  export PULUMI_BACKEND_URL=file://${stateDir}`);
  process.on("SIGINT", async () => {
    await dev.close();
    handler.close();
    process.exit(0);
  });
} else {
  await t.stack.destroy({ onOutput: () => {} });
  await t.dispose();
  await dev.close();
  handler.close();
  console.log(
    `cleaned up: stack destroyed, devserver stopped (${((Date.now() - started) / 1000).toFixed(1)}s)`,
  );
}
