import { readFileSync } from "node:fs";
import { Receiver as OfficialReceiver } from "@upstash/qstash";
import fc from "fast-check";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { SignatureError } from "../../sdk/errors.js";
import { MAX_TOKEN_LENGTH } from "../../sdk/receiver/core.js";
import { bodyHash, signDelivery } from "../../sdk/receiver/sign.js";
import { runVectors } from "../runtime/run-vectors.mjs";
import { NodeReceiver, nodeVerify, WebReceiver, webVerify } from "../support/receivers.js";

const doc = JSON.parse(readFileSync(new URL("../vectors/receiver.json", import.meta.url), "utf8")) as {
  vectors: Array<{
    name: string;
    expect: string;
    token: string | null;
    currentSigningKey: string;
    nextSigningKey?: string;
  }>;
};
const cores = [
  { name: "web crypto", Receiver: WebReceiver, verify: webVerify },
  { name: "node:crypto", Receiver: NodeReceiver, verify: nodeVerify },
] as const;
const CURRENT = "sig_current_7kYjw48Ygb8MDN5kuu2DvW3qeRGb";
const NEXT = "sig_next_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs7r9P";
const URL_ = "http://127.0.0.1:8787/api/job";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    return (await p) === true ? "valid" : "not true";
  } catch (e) {
    return e instanceof SignatureError ? e.code : `other: ${String(e)}`;
  }
}

describe("published vectors", () => {
  it("has at least 30 attack vectors and covers every rejection code it claims", () => {
    const attacks = doc.vectors.filter((v) => v.expect !== "valid");
    expect(attacks.length).toBeGreaterThanOrEqual(30);
    expect(new Set(attacks.map((v) => v.expect))).toEqual(
      new Set([
        "BODY_MISMATCH",
        "INVALID_SIGNATURE",
        "UNSUPPORTED_ALGORITHM",
        "MISSING_CLAIM",
        "INVALID_ISSUER",
        "INVALID_CLAIM",
        "EXPIRED",
        "NOT_YET_VALID",
        "URL_MISMATCH",
        "MISSING_SIGNATURE",
        "MALFORMED_TOKEN",
      ]),
    );
  });
  for (const core of cores) {
    it(`every vector gives its expected outcome on the ${core.name} core`, async () => {
      const results = await runVectors(core, doc);
      expect(results.filter((r) => !r.pass)).toEqual([]);
      expect(results).toHaveLength(doc.vectors.length);
    });
  }
  it("no error message echoes a signing key or the token", async () => {
    for (const v of doc.vectors) {
      for (const core of cores) {
        try {
          await new core.Receiver({
            currentSigningKey: v.currentSigningKey,
            nextSigningKey: v.nextSigningKey,
            now: () => 0,
          }).verify({
            signature: v.token,
            body: "x",
          });
        } catch (e) {
          const msg = (e as Error).message;
          expect(msg).not.toContain(v.currentSigningKey.trim());
          if (v.nextSigningKey) expect(msg).not.toContain(v.nextSigningKey);
          if (v.token) expect(msg).not.toContain(v.token.split(".")[2] || v.token);
        }
      }
    }
  });
});

describe.each(cores)("Receiver ($name core)", ({ Receiver, verify }) => {
  const receiver = new Receiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });

  it("accepts a fresh delivery signed with either key, as string, bytes or ArrayBuffer", async () => {
    const body = '{"job":1}';
    for (const key of [CURRENT, NEXT]) {
      const signature = await signDelivery({ signingKey: key, url: URL_, body });
      expect(await receiver.verify({ signature, body, url: URL_ })).toBe(true);
      expect(await receiver.verify({ signature, body: new TextEncoder().encode(body) })).toBe(true);
      expect(await receiver.verify({ signature, body: new TextEncoder().encode(body).buffer })).toBe(true);
    }
  });

  it("verify() one-shot accepts and rejects like a Receiver", async () => {
    const signature = await signDelivery({ signingKey: NEXT, url: URL_, body: "b" });
    expect(await verify({ currentSigningKey: CURRENT, nextSigningKey: NEXT, signature, body: "b" })).toBe(
      true,
    );
    expect(await codeOf(verify({ currentSigningKey: CURRENT, signature, body: "b" }))).toBe(
      "INVALID_SIGNATURE",
    );
  });

  it("refuses a parsed object body and explains that the raw body is required", async () => {
    const signature = await signDelivery({ signingKey: CURRENT, url: URL_, body: '{"a":1}' });
    for (const body of [{ a: 1 }, null, undefined, 42, [1]]) {
      const err = await receiver.verify({ signature, body: body as never }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SignatureError);
      expect((err as SignatureError).code).toBe("RAW_BODY_REQUIRED");
      expect((err as SignatureError).message).toMatch(/raw request body/);
      expect((err as SignatureError).message).toMatch(/re-serialised/);
    }
  });

  it("says the body was an object stringified when it is [object Object]", async () => {
    const signature = await signDelivery({ signingKey: CURRENT, url: URL_, body: '{"a":1}' });
    const err = (await receiver
      .verify({ signature, body: String({ a: 1 }) })
      .catch((e) => e)) as SignatureError;
    expect(err.code).toBe("BODY_MISMATCH");
    expect(err.message).toContain("[object Object]");
  });

  it("without a key anywhere constructs, and each verify rejects with MISSING_KEYS", async () => {
    expect(process.env.QSTASH_CURRENT_SIGNING_KEY).toBeUndefined();
    const signature = await signDelivery({ signingKey: CURRENT, url: URL_, body: "x" });
    for (const currentSigningKey of ["", undefined]) {
      const keyless = new Receiver({ currentSigningKey, nextSigningKey: undefined });
      for (let i = 0; i < 2; i++) {
        const err = (await keyless.verify({ signature, body: "x" }).catch((e) => e)) as SignatureError;
        expect(err.code).toBe("MISSING_KEYS");
        expect(err.message).toContain("QSTASH_CURRENT_SIGNING_KEY");
      }
    }
  });

  it("refuses a token over the size limit without parsing it", async () => {
    const huge = `${"a".repeat(MAX_TOKEN_LENGTH)}.b.c`;
    const err = (await receiver.verify({ signature: huge, body: "" }).catch((e) => e)) as SignatureError;
    expect(err.code).toBe("MALFORMED_TOKEN");
    expect(err.message.length).toBeLessThan(200);
  });

  it("reports expiry, not a signature failure, for an expired token signed with the next key", async () => {
    const signature = await signDelivery({ signingKey: NEXT, url: URL_, body: "", now: 1_000_000 });
    expect(await codeOf(receiver.verify({ signature, body: "" }))).toBe("EXPIRED");
  });

  it("uses the per-call clockTolerance over the Receiver default", async () => {
    const now = 2_000_000;
    const r = new Receiver({ currentSigningKey: CURRENT, clockTolerance: 10, now: () => now * 1000 });
    const signature = await signDelivery({ signingKey: CURRENT, url: URL_, body: "", now: now - 305 });
    expect(await r.verify({ signature, body: "" })).toBe(true);
    expect(await codeOf(r.verify({ signature, body: "", clockTolerance: 0 }))).toBe("EXPIRED");
    await expect(r.verify({ signature, body: "", clockTolerance: -1 })).rejects.toThrow(RangeError);
  });

  it("mentions whitespace around a configured key when no key matches", async () => {
    const signature = await signDelivery({ signingKey: CURRENT, url: URL_, body: "" });
    const r = new Receiver({ currentSigningKey: ` ${CURRENT}` });
    const err = (await r.verify({ signature, body: "" }).catch((e) => e)) as SignatureError;
    expect(err.code).toBe("INVALID_SIGNATURE");
    expect(err.message).toMatch(/whitespace/);
    expect(err.message).not.toContain(CURRENT);
  });
});

describe("property: no accepted forgery", () => {
  const body = '{"order":17,"items":["a","b"]}';
  const receivers = cores.map((c) => new c.Receiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT }));

  it("a valid token with any single-character edit, or with another body, is rejected", async () => {
    const token = await signDelivery({ signingKey: CURRENT, url: URL_, body });
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=";
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet),
        fc.string({ maxLength: 40 }),
        async (index, ch, otherBody) => {
          const forged = token.slice(0, index) + ch + token.slice(index + 1);
          for (const r of receivers) {
            if (forged !== token)
              expect(await codeOf(r.verify({ signature: forged, body, url: URL_ }))).not.toBe("valid");
            if (otherBody !== body)
              expect(await codeOf(r.verify({ signature: token, body: otherBody }))).toBe("BODY_MISMATCH");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("tokens signed with any other key, algorithm or header are rejected", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 60 }).filter((k) => k !== CURRENT && k !== NEXT),
        fc.constantFrom("HS256", "HS384", "HS512", "none", "RS256", "ES256", "EdDSA", "hs256"),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 }),
        async (key, alg, extraHeader) => {
          const signature = await signDelivery({
            signingKey: key,
            url: URL_,
            body,
            header: { ...extraHeader, alg },
          });
          for (const r of receivers) expect(await codeOf(r.verify({ signature, body }))).not.toBe("valid");
        },
      ),
      { numRuns: 200 },
    );
  });

  it("arbitrary strings are never accepted and always fail with a SignatureError", async () => {
    const valid = await signDelivery({ signingKey: CURRENT, url: URL_, body });
    const [h, p] = valid.split(".");
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc
            .base64String({ maxLength: 60 })
            .map((s) => `${h}.${p}.${s.replace(/\+/g, "-").replace(/\//g, "_")}`),
          fc
            .array(fc.base64String({ maxLength: 50 }), { minLength: 1, maxLength: 6 })
            .map((a) => a.join(".")),
        ),
        async (signature) => {
          for (const r of receivers) {
            const code = await codeOf(r.verify({ signature, body }));
            expect(code).not.toBe("valid");
            expect(code).not.toMatch(/^other/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("interop with @upstash/qstash 2.12.0", () => {
  const official = new OfficialReceiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });

  it("tokens from our signer pass the official Receiver, with either key, url and binary body", async () => {
    const bodies = ['{"a":1}', "", "héllo 🌍"];
    for (const body of bodies) {
      for (const key of [CURRENT, NEXT]) {
        const signature = await signDelivery({ signingKey: key, url: URL_, body });
        expect(await official.verify({ signature, body, url: URL_ })).toBe(true);
      }
    }
  });

  it("the official Receiver rejects our signer's token for another body or url", async () => {
    const signature = await signDelivery({ signingKey: CURRENT, url: URL_, body: "a" });
    await expect(official.verify({ signature, body: "b" })).rejects.toThrow(/body hash/);
    await expect(official.verify({ signature, body: "a", url: `${URL_}/` })).rejects.toThrow(/subject/);
  });

  it("tokens built the official SDK's way (jose SignJWT, as in its test suite) pass ours", async () => {
    const body = '{"hello":"world"}';
    for (const key of [CURRENT, NEXT]) {
      const signature = await new SignJWT({ body: await bodyHash(body) })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuer("Upstash")
        .setSubject(URL_)
        .setIssuedAt()
        .setNotBefore(0)
        .setExpirationTime("5m")
        .setJti(`jwt_${Math.random().toString(36).slice(2)}`)
        .sign(new TextEncoder().encode(key));
      for (const core of cores) {
        const r = new core.Receiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });
        expect(await r.verify({ signature, body, url: URL_ })).toBe(true);
        expect(await official.verify({ signature, body, url: URL_ })).toBe(true);
      }
    }
  });

  it("we and the official Receiver agree on every token both accept; we alone refuse non-HS256 algorithms", async () => {
    const body = "x";
    const hs512 = await new SignJWT({ body: await bodyHash(body) })
      .setProtectedHeader({ alg: "HS512" })
      .setIssuer("Upstash")
      .setSubject(URL_)
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(CURRENT));
    // The official SDK takes the algorithm from the token (documented in the reference, §7.2).
    expect(await official.verify({ signature: hs512, body })).toBe(true);
    for (const core of cores) {
      const r = new core.Receiver({ currentSigningKey: CURRENT, nextSigningKey: NEXT });
      expect(await codeOf(r.verify({ signature: hs512, body }))).toBe("UNSUPPORTED_ALGORITHM");
    }
  });
});
