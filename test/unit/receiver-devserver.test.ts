// Interop the other way round: signatures on real deliveries from the
// devserver (which signs like QStash) pass our Receiver on both cores and the
// official one, and fail when the body or url is changed.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { Receiver as OfficialReceiver } from "@upstash/qstash";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import type { SignatureError } from "../../sdk/errors.js";
import { verifyNodeRequest } from "../../sdk/receiver/index.js";
import { NodeReceiver, WebReceiver } from "../support/receivers.js";

interface Received {
  headers: IncomingMessage["headers"];
  body: Buffer;
}
let dev: DevServer;
let received: Received[] = [];
const waiters: Array<() => void> = [];
const sink = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  received.push({ headers: req.headers, body: Buffer.concat(chunks) });
  res.end("ok");
  for (const w of waiters.splice(0)) w();
});
let dest: string;

beforeAll(async () => {
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
  dest = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hooks/job?x=1`;
  dev = await startDevServer({ port: 0 });
});
afterAll(async () => {
  await dev?.close();
  await new Promise((r) => sink.close(r));
});

async function publish(body: string | Uint8Array): Promise<Received> {
  received = [];
  const done = new Promise<void>((r) => waiters.push(r));
  const res = await fetch(`${dev.url}/v2/publish/${dest}`, {
    method: "POST",
    headers: { authorization: `Bearer ${dev.token}`, "content-type": "application/octet-stream" },
    body,
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  await Promise.race([
    done,
    new Promise((_, rej) => setTimeout(() => rej(new Error("no delivery")), 10_000)),
  ]);
  return received[0]!;
}

it("devserver deliveries verify with our Receiver (both cores) and the official one", async () => {
  const keys = { currentSigningKey: dev.currentSigningKey, nextSigningKey: dev.nextSigningKey };
  for (const body of ['{"hello":"world"}', new Uint8Array([0xff, 0x00, 0xc3, 0x28])]) {
    const d = await publish(body);
    const signature = d.headers["upstash-signature"] as string;
    for (const r of [new WebReceiver(keys), new NodeReceiver(keys)]) {
      expect(await r.verify({ signature, body: new Uint8Array(d.body), url: dest })).toBe(true);
      const err = await r
        .verify({ signature, body: new Uint8Array(d.body), url: `${dest}&y=2` })
        .catch((e) => e);
      expect((err as SignatureError).code).toBe("URL_MISMATCH");
    }
    if (typeof body === "string") {
      expect(await new OfficialReceiver(keys).verify({ signature, body: d.body.toString(), url: dest })).toBe(
        true,
      );
    }
    // the same delivery through the Node adapter, with Node's lower-cased headers
    const req = Object.assign(Readable.from([d.body]), { headers: d.headers });
    const delivery = await verifyNodeRequest(req as never, { ...keys, url: dest });
    expect(Buffer.from(delivery.bytes).equals(d.body)).toBe(true);
    expect(delivery.messageId).toMatch(/^msg_/);
  }
});

it("a GET delivery and a GET callback carry the body their signature covers, so both verify", async () => {
  // A handler that verifies like a user's would, answering 401 with the reason when it fails.
  const keys = { currentSigningKey: dev.currentSigningKey, nextSigningKey: dev.nextSigningKey };
  const seen: { method: string; path: string; status: number; body: string; official: boolean }[] = [];
  let base = "";
  const verifying = createServer(async (req, res) => {
    const url = `${base}${req.url}`;
    const signature = req.headers["upstash-signature"] as string;
    try {
      const delivery = await verifyNodeRequest(req, { ...keys, url });
      const official = await new OfficialReceiver(keys)
        .verify({ signature, body: delivery.body, url })
        .catch(() => false);
      seen.push({
        method: req.method ?? "",
        path: req.url ?? "",
        status: 200,
        body: delivery.body,
        official,
      });
      res.end("ok");
    } catch (e) {
      const code = (e as SignatureError).code;
      seen.push({ method: req.method ?? "", path: req.url ?? "", status: 401, body: code, official: false });
      res.statusCode = 401;
      res.end(code);
    }
  });
  await new Promise<void>((r) => verifying.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(verifying.address() as AddressInfo).port}`;
  try {
    const res = await fetch(`${dev.url}/v2/publish/${base}/job`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${dev.token}`,
        "content-type": "text/plain",
        "upstash-method": "GET",
        "upstash-retries": "0",
        "upstash-callback": `${base}/callback`,
        "upstash-callback-method": "GET",
      },
      body: "payload",
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await dev.settle();
    // Before the fix both answered 401 BODY_MISMATCH: the body was signed but not sent.
    expect(seen.map((s) => [s.path, s.method, s.status, s.official])).toEqual([
      ["/job", "GET", 200, true],
      ["/callback", "GET", 200, true],
    ]);
    expect(seen[0]!.body).toBe("payload");
    const payload = JSON.parse(seen[1]!.body) as { status: number; sourceBody: string; method: string };
    expect(payload).toMatchObject({ status: 200, method: "GET" });
    expect(Buffer.from(payload.sourceBody, "base64").toString()).toBe("payload");
    expect(dev.inventory().dlq).toEqual([]);
  } finally {
    await new Promise((r) => verifying.close(r));
  }
});
