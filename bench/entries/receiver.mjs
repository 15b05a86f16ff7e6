// Receiver: verifications per second on Node, ours (node:crypto core, from the
// built package through its `node` export condition) vs the official
// `@upstash/qstash` Receiver, in this process on the same tokens, half of them
// signed with the next key; and the minified browser bundle of
// `import { Receiver }`, ours vs official.
import { Receiver as OfficialReceiver } from "@upstash/qstash";
import { Receiver, signDelivery } from "pulumi-qstash/receiver";
import { receiverBundleReport } from "../../tools/receiver-bundle.mjs";

export const name = "receiver";

const CURRENT = "sig_7kYjw48Ygb8MDN5kuu2DvW3qeRGbRiEpyHXJXnGY3ZwZ";
const NEXT = "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs7r9PwjzfTvQxBJYd";
const URL = "http://127.0.0.1:3000/api/qstash";

async function rate(receiver, deliveries, ms) {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (const d of deliveries) {
      if ((await receiver.verify(d)) !== true) throw new Error("verification failed");
    }
    n += deliveries.length;
  }
  return n / (ms / 1000);
}

export async function run({ log }) {
  const deliveries = [];
  for (let i = 0; i < 200; i++) {
    const body = JSON.stringify({ order: i, items: ["a", "b", "c"], note: "x".repeat(100) });
    const signature = await signDelivery({ signingKey: i % 2 ? NEXT : CURRENT, url: URL, body });
    deliveries.push({ signature, body, url: URL });
  }
  const ours = new Receiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });
  const official = new OfficialReceiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });
  await rate(ours, deliveries, 300); // warm up both
  await rate(official, deliveries, 300);
  const oursRates = [];
  const officialRates = [];
  for (let round = 0; round < 3; round++) {
    oursRates.push(await rate(ours, deliveries, 700));
    officialRates.push(await rate(official, deliveries, 700));
  }
  const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const oursRate = median(oursRates);
  const officialRate = median(officialRates);
  log(`verify/s ours ${oursRates.map(Math.round)} official ${officialRates.map(Math.round)}`);

  const bundle = await receiverBundleReport();
  log(
    `bundle inputs (ours): ${bundle.ours.inputs.map((i) => i.path).join(", ")}; whole entry ${bundle.all.bytes} B`,
  );
  return [
    {
      figure: "verifications/s on Node (half next-key), ours vs @upstash/qstash Receiver",
      value: Math.round(oursRate),
      unit: "verify/s",
      baseline: Math.round(officialRate),
      baselineLabel: "@upstash/qstash 2.12.0 Receiver",
      ratio: oursRate / officialRate,
      target: ">= 5",
    },
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
  ];
}
