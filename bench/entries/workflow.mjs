// Upstash Workflow on the devserver: runs of a 10-step workflow (the real @upstash/workflow
// `serve()` in a Node http app on 127.0.0.1) per second, 20 runs in flight at once, against
// a baseline measured in the same run: chains of 10 plain messages, each delivery
// publishing the next (the same number of signed deliveries and publishes, without the
// workflow's step lists). Then heap after 500 runs vs after the first 100 (flat memory).
import { createServer } from "node:http";

export const name = "workflow";

const STEPS = 10;
const WARM = 100;
const TOTAL = 500;
const IN_FLIGHT = 20;

function heapMb() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function toRequest(req, base) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headersDistinct)) for (const one of v ?? []) headers.append(k, one);
  return new Request(new URL(req.url, base), { method: req.method, headers, body: Buffer.concat(chunks) });
}

export async function run(ctx) {
  const { startDevServer } = await import("../../dist/esm/devserver/index.js");
  const { Client: QStashClient, Receiver } = await import("@upstash/qstash");
  const { serve, Client: WorkflowClient } = await import("@upstash/workflow");
  const dev = await startDevServer({ port: 0, requestLogCapacity: 1_000 });
  const qstash = new QStashClient({ baseUrl: dev.url, token: dev.token });
  const receiver = new Receiver({
    currentSigningKey: dev.currentSigningKey,
    nextSigningKey: dev.nextSigningKey,
  });
  let workflowsDone = 0;
  let chainsDone = 0;
  const { handler } = serve(
    async (context) => {
      let n = 0;
      for (let i = 0; i < STEPS; i++) n = await context.run(`step ${i}`, () => n + 1);
      // reached once per run: earlier deliveries stop at the first step not yet done
      workflowsDone++;
      return n;
    },
    { qstashClient: qstash, receiver, disableTelemetry: true },
  );
  let base = "";
  const app = createServer((req, res) => {
    void (async () => {
      if (req.url.startsWith("/chain")) {
        // the baseline: each delivery is verified and publishes the next link
        const request = await toRequest(req, base);
        const body = await request.text();
        await receiver.verify({ signature: request.headers.get("upstash-signature"), body });
        const left = Number(body);
        if (left > 1) await qstash.publish({ url: `${base}/chain`, body: String(left - 1) });
        else chainsDone++;
        res.end("ok");
        return;
      }
      const response = await handler(await toRequest(req, base));
      res.writeHead(response.status);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise((r) => app.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${app.address().port}`;
  const wf = new WorkflowClient({ baseUrl: dev.url, token: dev.token });

  async function workflows(n) {
    const start = workflowsDone;
    let started = 0;
    while (workflowsDone < start + n) {
      while (started < n && started - (workflowsDone - start) < IN_FLIGHT) {
        started++;
        await wf.trigger({ url: `${base}/wf`, disableTelemetry: true });
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async function chains(n) {
    const start = chainsDone;
    let started = 0;
    while (chainsDone < start + n) {
      while (started < n && started - (chainsDone - start) < IN_FLIGHT) {
        started++;
        await qstash.publish({ url: `${base}/chain`, body: String(STEPS) });
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  // warm both paths once
  await chains(10);
  await workflows(10);

  const t0 = performance.now();
  await chains(WARM);
  const chainSeconds = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  await workflows(WARM);
  const wfSeconds = (performance.now() - t1) / 1000;
  await dev.settle(30_000);
  const heapWarm = heapMb();
  await workflows(TOTAL - WARM);
  await dev.settle(30_000);
  const heapEnd = heapMb();

  const runsPerSecond = WARM / wfSeconds;
  const chainsPerSecond = WARM / chainSeconds;
  const { runs } = await wf.logs({ count: 1 });
  ctx.log(
    `${WARM} runs in ${wfSeconds.toFixed(2)} s (${runsPerSecond.toFixed(1)}/s), ${WARM} chains in ${chainSeconds.toFixed(2)} s; heap ${heapWarm.toFixed(1)} → ${heapEnd.toFixed(1)} MB; last run ${runs[0]?.workflowState}`,
  );
  app.close();
  await dev.close();
  return [
    {
      figure: `runs of a ${STEPS}-step workflow per second (${IN_FLIGHT} in flight)`,
      value: Number(runsPerSecond.toFixed(1)),
      unit: "runs/s",
      baseline: Number(chainsPerSecond.toFixed(1)),
      baselineLabel: `chains of ${STEPS} plain messages/s`,
      ratio: Number((runsPerSecond / chainsPerSecond).toFixed(2)),
    },
    {
      figure: `heap after ${TOTAL} vs after ${WARM} workflow runs`,
      value: Number(heapEnd.toFixed(2)),
      unit: "MB",
      baseline: Number(heapWarm.toFixed(2)),
      baselineLabel: `after ${WARM}`,
      ratio: Number((heapEnd / heapWarm).toFixed(3)),
      target: "<= 1.5",
    },
  ];
}
