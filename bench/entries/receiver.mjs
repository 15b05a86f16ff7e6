// Receiver: verifications per second on Node, ours (the built package, whose
// `#crypto` resolves to node:crypto under the `node` condition) vs the official
// `@upstash/qstash` Receiver, in this process on the same deliveries, half of
// them signed with the next key: through `Receiver` itself and through each
// Node-side adapter (Fetch Request, Node http stream, Express `express.raw()`
// body, Lambda event) with keys from the environment, as a deployed handler
// runs. The official side reads the same request the usual way and calls its
// Receiver. Plus the minified browser bundle of `import { Receiver }`.
import { Readable } from "node:stream";
import { Receiver as OfficialReceiver } from "@upstash/qstash";
import {
  qstashExpress,
  Receiver,
  signDelivery,
  verifyFetchRequest,
  verifyNodeRequest,
  verifySignatureLambda,
} from "pulumi-qstash/receiver";
import { receiverBundleReport } from "../../tools/receiver-bundle.ts";

export const name = "receiver";

const CURRENT = "sig_7kYjw48Ygb8MDN5kuu2DvW3qeRGbRiEpyHXJXnGY3ZwZ";
const NEXT = "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs7r9PwjzfTvQxBJYd";
const URL = "http://127.0.0.1:3000/api/qstash";
const BATCH = 200;
// Rounds per case; the figure is the median round, so an odd count of several.
const ROUNDS = 5;

const ok = (v) => {
  if (v !== true) throw new Error("verification failed");
};

// Each case builds one batch of fresh requests (outside the timed part: a
// request body is read once) and verifies the batch, ours and official.
function cases(official) {
  const headersOf = (d) => ({ "upstash-signature": d.signature, "content-type": "application/json" });
  const nodeReq = (d) => Object.assign(Readable.from([Buffer.from(d.body)]), { headers: headersOf(d) });
  const readStream = async (req) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    return Buffer.concat(chunks).toString("utf8");
  };
  const res = { statusCode: 200, setHeader() {}, end() {} };
  const express = qstashExpress();
  const lambda = verifySignatureLambda(async () => ({ statusCode: 200, body: "" }));
  return [
    {
      name: "Receiver.verify",
      build: (d) => d,
      ours: (receiver) => async (d) => ok(await receiver.verify(d)),
      official: async (d) => ok(await official.verify(d)),
    },
    {
      name: "Fetch Request (verifyFetchRequest)",
      build: (d) => new Request(URL, { method: "POST", headers: headersOf(d), body: d.body }),
      ours: () => async (r) => void (await verifyFetchRequest(r)),
      official: async (r) =>
        ok(await official.verify({ signature: r.headers.get("upstash-signature"), body: await r.text() })),
    },
    {
      name: "Node http stream (verifyNodeRequest)",
      build: nodeReq,
      ours: () => async (req) => void (await verifyNodeRequest(req)),
      official: async (req) =>
        ok(
          await official.verify({ signature: req.headers["upstash-signature"], body: await readStream(req) }),
        ),
    },
    {
      name: "Express, express.raw() body (qstashExpress)",
      build: (d) => ({ headers: headersOf(d), body: Buffer.from(d.body) }),
      ours: () => async (req) =>
        express(req, res, (e) => {
          if (e !== undefined || !req.qstash) throw new Error("verification failed");
        }),
      official: async (req) =>
        ok(
          await official.verify({
            signature: req.headers["upstash-signature"],
            body: req.body.toString("utf8"),
          }),
        ),
    },
    {
      name: "Lambda API Gateway event (verifySignatureLambda)",
      build: (d) => ({ headers: headersOf(d), body: d.body, isBase64Encoded: false }),
      ours: () => async (event) => {
        if ((await lambda(event, {})).statusCode !== 200) throw new Error("verification failed");
      },
      official: async (event) =>
        ok(await official.verify({ signature: event.headers["upstash-signature"], body: event.body })),
    },
  ];
}

// Ours and the official alternate batch by batch (a fresh batch of requests
// each, built outside the timed part), so both see the same machine load even
// when other processes come and go; returns both rates.
async function pairedRates(ours, official, build, deliveries, ms) {
  const spent = { ours: 0, official: 0 };
  let n = 0;
  while (spent.ours < ms || spent.official < ms) {
    for (const [side, verifyOne] of [
      ["ours", ours],
      ["official", official],
    ]) {
      const batch = deliveries.map(build);
      const t0 = performance.now();
      for (const item of batch) await verifyOne(item);
      spent[side] += performance.now() - t0;
    }
    n += deliveries.length;
  }
  return { ours: n / (spent.ours / 1000), official: n / (spent.official / 1000) };
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

export async function run({ log }) {
  const deliveries = [];
  for (let i = 0; i < BATCH; i++) {
    const body = JSON.stringify({ order: i, items: ["a", "b", "c"], note: "x".repeat(100) });
    const signature = await signDelivery({ signingKey: i % 2 ? NEXT : CURRENT, url: URL, body });
    deliveries.push({ signature, body, url: URL });
  }
  // Adapters read the keys from the environment, as a deployed handler does.
  process.env.QSTASH_CURRENT_SIGNING_KEY = CURRENT;
  process.env.QSTASH_NEXT_SIGNING_KEY = NEXT;
  const receiver = new Receiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });
  const official = new OfficialReceiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });
  const rows = [];
  for (const c of cases(official)) {
    const ours = c.ours(receiver);
    await pairedRates(ours, c.official, c.build, deliveries, 200); // warm up both
    const ratios = [];
    const oursRates = [];
    const officialRates = [];
    for (let round = 0; round < ROUNDS; round++) {
      const r = await pairedRates(ours, c.official, c.build, deliveries, 500);
      oursRates.push(r.ours);
      officialRates.push(r.official);
      ratios.push(r.ours / r.official);
    }
    log(`${c.name}: verify/s ours ${oursRates.map(Math.round)} official ${officialRates.map(Math.round)}`);
    rows.push({
      figure: `verifications/s on Node through ${c.name}, ours vs official Receiver (same requests)`,
      value: Math.round(median(oursRates)),
      unit: "verify/s",
      baseline: Math.round(median(officialRates)),
      baselineLabel: "@upstash/qstash 2.12.0 Receiver",
      // Batches alternate, so both sides saw about the same load: median of the round ratios.
      ratio: median(ratios),
      target: ">= 5",
    });
  }

  const bundle = await receiverBundleReport();
  log(
    `bundle inputs (ours): ${bundle.ours.inputs.map((i) => i.path).join(", ")}; whole entry ${bundle.all.bytes} B`,
  );
  rows.push(
    {
      figure: "minified browser bundle, import { Receiver }, ours vs official",
      value: bundle.ours.bytes,
      unit: "bytes",
      baseline: bundle.official.bytes,
      baselineLabel: 'import { Receiver } from "@upstash/qstash"',
      ratio: bundle.ours.bytes / bundle.official.bytes,
      target: "<= 0.25",
    },
    {
      figure: "minified browser bundle, whole receiver entry (every adapter + signer)",
      value: bundle.all.bytes,
      unit: "bytes",
      baseline: bundle.official.bytes,
      ratio: bundle.all.bytes / bundle.official.bytes,
    },
  );
  return rows;
}
