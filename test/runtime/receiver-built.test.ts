// The BUILT receiver (dist/esm through the package's exports map) as a user
// meets it: adapters handed a request whose body a middleware already read,
// and `new Receiver()` with its keys only in the environment, side by side
// with the official `Receiver` (ledger "Receiver without keys").
import { Receiver as OfficialReceiver } from "@upstash/qstash";
import {
  qstashMiddleware,
  Receiver,
  SignatureError,
  signDelivery,
  verifyFetchRequest,
  verifySignatureAppRouter,
  verifySignatureCloudflare,
  verifySignaturePages,
  verifySignatureSolidjs,
  verifySignatureSvelte,
  withQStash,
} from "pulumi-qstash/receiver";
import { afterEach, describe, expect, it } from "vitest";

const CURRENT = "sig_built_current_3fJq8w";
const NEXT = "sig_built_next_9LmZp2";
const keys = { currentSigningKey: CURRENT, nextSigningKey: NEXT };
const URL_ = "http://127.0.0.1:9999/api/job";
const BODY = '{"job":"resize","id":7}';
const ENV = ["QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY", "QSTASH_DEV"] as const;

afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

const sign = (key = CURRENT) => signDelivery({ signingKey: key, url: URL_, body: BODY });

/** A signed POST whose body has already been read, as after Hono's `await c.req.json()`. */
async function consumed(): Promise<Request> {
  const request = new Request(URL_, {
    method: "POST",
    body: BODY,
    headers: { "upstash-signature": await sign() },
  });
  expect(await request.json()).toEqual(JSON.parse(BODY));
  expect(request.bodyUsed).toBe(true);
  return request;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    (v) => `resolved ${v}`,
    (e) => (e instanceof SignatureError ? e.code : `${(e as Error).name}: ${(e as Error).message}`),
  );
}

describe("a request whose body was already read", () => {
  it("every Fetch wrapper answers as verifyFetchRequest refuses it: 500 RAW_BODY_REQUIRED, handler not called", async () => {
    expect(await codeOf(verifyFetchRequest(await consumed(), keys))).toBe("RAW_BODY_REQUIRED");
    const calls: string[] = [];
    const handler = (name: string) => async () => {
      calls.push(name);
      return new Response("ok");
    };
    const answers: Record<string, Response> = {
      withQStash: (await withQStash(handler("withQStash"), keys)(await consumed())) as Response,
      hono: (await qstashMiddleware(keys)({ req: { raw: await consumed() } }, async () => {
        calls.push("hono");
      }))!,
      appRouter: await verifySignatureAppRouter(handler("appRouter"), keys)(await consumed(), {}),
      cloudflare: await verifySignatureCloudflare(handler("cloudflare"), keys)(await consumed(), {}, {}),
      pages: await verifySignaturePages(handler("pages"), keys)({ request: await consumed() }),
      svelte: await verifySignatureSvelte(handler("svelte"), keys)({ request: await consumed() }),
      solid: await verifySignatureSolidjs(handler("solid"), keys)({ request: await consumed() }),
    };
    for (const [name, answer] of Object.entries(answers)) {
      expect([name, answer.status, answer.headers.get("content-type"), await answer.text()]).toEqual([
        name,
        500,
        "application/json",
        '{"error":"RAW_BODY_REQUIRED"}',
      ]);
    }
    expect(calls).toEqual([]);
  });

  it("an unread request still verifies through the same wrapper, its body left readable", async () => {
    const request = new Request(URL_, {
      method: "POST",
      body: BODY,
      headers: { "upstash-signature": await sign() },
    });
    const answer = (await withQStash(
      async (r: Request) => new Response(await r.text()),
      keys,
    )(request)) as Response;
    expect([answer.status, await answer.text()]).toEqual([200, BODY]);
  });
});

describe("new Receiver() with its keys only in the environment, beside the official Receiver", () => {
  const receivers = () => ({
    ours: new Receiver(),
    // the README's form: process variables are string | undefined
    oursFromVars: new Receiver({
      currentSigningKey: process.env.QSTASH_CURRENT_SIGNING_KEY,
      nextSigningKey: process.env.QSTASH_NEXT_SIGNING_KEY,
    }),
    official: new OfficialReceiver(),
  });

  it("both verify deliveries signed with either key and refuse a forgery", async () => {
    process.env.QSTASH_CURRENT_SIGNING_KEY = CURRENT;
    process.env.QSTASH_NEXT_SIGNING_KEY = NEXT;
    const all = receivers();
    for (const [name, receiver] of Object.entries(all)) {
      for (const key of [CURRENT, NEXT]) {
        const signature = await sign(key);
        expect([name, key, await receiver.verify({ signature, body: BODY, url: URL_ })]).toEqual([
          name,
          key,
          true,
        ]);
      }
      const forged = await sign("sig_forger");
      await expect(receiver.verify({ signature: forged, body: BODY })).rejects.toThrow();
    }
    expect(await codeOf(all.ours.verify({ signature: await sign("sig_forger"), body: BODY }))).toBe(
      "INVALID_SIGNATURE",
    );
  });

  it("both construct with no keys anywhere, then refuse each verify; ours with MISSING_KEYS", async () => {
    const { ours, official } = receivers();
    const signature = await sign();
    for (let i = 0; i < 2; i++) {
      expect(await codeOf(official.verify({ signature, body: BODY }))).toMatch(/^Error: .*No signing keys/);
      const err = (await ours.verify({ signature, body: BODY }).catch((e) => e)) as SignatureError;
      expect(err).toBeInstanceOf(SignatureError);
      expect(err.code).toBe("MISSING_KEYS");
      expect(err.message).toMatch(/QSTASH_CURRENT_SIGNING_KEY.*QSTASH_NEXT_SIGNING_KEY/);
    }
  });

  it("both read the environment when verifying, so a Receiver built before the keys are set works", async () => {
    const { ours, official } = receivers();
    process.env.QSTASH_CURRENT_SIGNING_KEY = CURRENT;
    process.env.QSTASH_NEXT_SIGNING_KEY = NEXT;
    const signature = await sign(NEXT);
    expect(await official.verify({ signature, body: BODY })).toBe(true);
    expect(await ours.verify({ signature, body: BODY })).toBe(true);
  });

  it("keys given in the options win over the environment", async () => {
    process.env.QSTASH_CURRENT_SIGNING_KEY = "sig_env_other_a";
    process.env.QSTASH_NEXT_SIGNING_KEY = "sig_env_other_b";
    const signature = await sign();
    expect(await new OfficialReceiver(keys).verify({ signature, body: BODY })).toBe(true);
    expect(await new Receiver(keys).verify({ signature, body: BODY })).toBe(true);
  });
});
