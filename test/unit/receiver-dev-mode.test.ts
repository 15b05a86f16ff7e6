// Dev mode on the receiving side (ledger R3), as the official SDK has it:
// `devMode: true`, or else QSTASH_DEV=true|1, verifies with the dev server's
// fixed public keys and ignores configured ones; the whole loop runs against
// our devserver with the client in dev mode and a handler given no keys.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Receiver as OfficialReceiver } from "@upstash/qstash";
import { afterEach, describe, expect, it } from "vitest";
import { DEV_CURRENT_SIGNING_KEY, DEV_NEXT_SIGNING_KEY, startDevServer } from "../../devserver/index.js";
import { Client } from "../../sdk/client/index.js";
import { SignatureError } from "../../sdk/errors.js";
import {
  Receiver,
  type VerifiedDelivery,
  verifyFetchRequest,
  verifyNodeRequest,
  verifySignatureCloudflare,
} from "../../sdk/receiver/index.js";
import { signDelivery } from "../../sdk/receiver/sign.js";

const URL_ = "http://127.0.0.1:9/api/job";
const BODY = '{"step":1}';
const sign = (key: string) => signDelivery({ signingKey: key, url: URL_, body: BODY });
const request = async (key: string) =>
  new Request(URL_, { method: "POST", body: BODY, headers: { "upstash-signature": await sign(key) } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "valid",
    (e) => (e instanceof SignatureError ? e.code : `other: ${e}`),
  );

const NAMES = ["QSTASH_DEV", "QSTASH_DEV_PORT", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"];
afterEach(() => {
  for (const n of NAMES) delete process.env[n];
});

describe("Receiver in dev mode", () => {
  it("devMode: true verifies with the dev server's current and next keys, and nothing else", async () => {
    const r = new Receiver({ devMode: true });
    expect(await r.verify({ signature: await sign(DEV_CURRENT_SIGNING_KEY), body: BODY })).toBe(true);
    expect(await r.verify({ signature: await sign(DEV_NEXT_SIGNING_KEY), body: BODY })).toBe(true);
    expect(await codeOf(r.verify({ signature: await sign("sig_other"), body: BODY }))).toBe(
      "INVALID_SIGNATURE",
    );
  });

  it("QSTASH_DEV=true wins over given keys, as with the official Receiver; devMode: false turns it off", async () => {
    process.env.QSTASH_DEV = "true";
    const dev = { signature: await sign(DEV_CURRENT_SIGNING_KEY), body: BODY };
    const mine = { signature: await sign("sig_mine"), body: BODY };
    expect(await new Receiver({ currentSigningKey: "sig_mine" }).verify(dev)).toBe(true);
    expect(
      await new OfficialReceiver({ currentSigningKey: "sig_mine", nextSigningKey: "sig_x" }).verify(dev),
    ).toBe(true);
    expect(await codeOf(new Receiver({ currentSigningKey: "sig_mine" }).verify(mine))).toBe(
      "INVALID_SIGNATURE",
    );
    expect(await new Receiver({ currentSigningKey: "sig_mine", devMode: false }).verify(mine)).toBe(true);
    process.env.QSTASH_DEV = "0";
    expect(await new Receiver({ currentSigningKey: "sig_mine" }).verify(mine)).toBe(true);
  });

  it("refuses a QSTASH_DEV that is neither on nor off, naming it", () => {
    process.env.QSTASH_DEV = "yes";
    expect(() => new Receiver({ currentSigningKey: "sig_mine" })).toThrow(
      /QSTASH_DEV must be true, 1, false or 0/,
    );
  });
});

describe("adapters in dev mode", () => {
  it("verify with no keys configured when QSTASH_DEV=1 (process.env or the platform's env)", async () => {
    process.env.QSTASH_DEV = "1";
    expect(await codeOf(verifyFetchRequest(await request(DEV_CURRENT_SIGNING_KEY)))).toBe("valid");
    expect(await codeOf(verifyFetchRequest(await request("sig_other")))).toBe("INVALID_SIGNATURE");
    delete process.env.QSTASH_DEV;
    const worker = verifySignatureCloudflare(async () => new Response("done"));
    const res = await worker(await request(DEV_NEXT_SIGNING_KEY), { QSTASH_DEV: "true" }, {});
    expect(res.status).toBe(200);
  });

  it("devMode: false keeps the given keys; a bad QSTASH_DEV is a server misconfiguration (500)", async () => {
    process.env.QSTASH_DEV = "true";
    const mine = await request("sig_mine");
    expect(await codeOf(verifyFetchRequest(mine, { currentSigningKey: "sig_mine", devMode: false }))).toBe(
      "valid",
    );
    process.env.QSTASH_DEV = "on";
    const worker = verifySignatureCloudflare(async () => new Response("done"));
    const res = await worker(await request(DEV_CURRENT_SIGNING_KEY), {}, {});
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("sig_");
  });

  it("the whole local loop: a client in dev mode publishes to our devserver, a handler given no keys verifies", async () => {
    const dev = await startDevServer({ port: 0 });
    const got: Array<VerifiedDelivery | string> = [];
    const handler = createServer((req, res) => {
      verifyNodeRequest(req).then(
        (d) => {
          got.push(d);
          res.end("ok");
        },
        (e: SignatureError) => {
          got.push(e.code);
          res.statusCode = 401;
          res.end();
        },
      );
    });
    await new Promise<void>((r) => handler.listen(0, "127.0.0.1", r));
    try {
      process.env.QSTASH_DEV = "true";
      process.env.QSTASH_DEV_PORT = String(new URL(dev.url).port);
      const client = new Client({ retry: false });
      const url = `http://127.0.0.1:${(handler.address() as AddressInfo).port}/step`;
      await client.publishJSON({ url, body: { step: 2 } });
      for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(got).toHaveLength(1);
      expect((got[0] as VerifiedDelivery).body).toBe('{"step":2}');
      await client.close();
    } finally {
      await dev.close();
      await new Promise((r) => handler.close(r));
    }
  });
});
