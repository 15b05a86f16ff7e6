/**
 * Bad input, end to end: every invalid resource input in the shared corpus
 * (test/support/bad-inputs.ts) goes through the real `pulumi preview` and
 * `pulumi up`; each fails with a message naming the property, before any
 * QStash call, and the stack's deployed resources stay as they were. Then the
 * receiver's inputs: bad keys, signatures and bodies each fail with a stable
 * code and a message naming what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { SignatureError } from "../../sdk/errors.js";
import { Receiver } from "../../sdk/receiver/index.js";
import { signDelivery } from "../../sdk/receiver/sign.js";
import { auditSecrets, errorText } from "../support/audit.ts";
import { BAD_INPUTS } from "../support/bad-inputs.js";
import { createStack, loadProgram, type TestStack } from "../support/stack.ts";
import { type Spec, stateResources } from "./support.js";

const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");
const TOKEN = "rel-badinput-token-77e0c1";

const good: Spec["resources"] = [
  { type: "Queue", name: "good-q", args: { name: "good-q", parallelism: 2 } },
  { type: "Schedule", name: "good-s", args: { destination: "http://127.0.0.1:9/ok", cron: "0 * * * *" } },
];
const badResources = BAD_INPUTS.map((c, i) => ({
  type: c.kind,
  name: `bad-${i}`,
  args: c.args,
}));

describe("invalid resource inputs through the real CLI", () => {
  let dev: DevServer;
  let t: TestStack;
  let before: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN });
    t = await createStack({
      project: "pq-rel-bad",
      program: program({ resources: good }),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
    await t.up();
    before = JSON.stringify(dev.inventory());
    dev.requestLog.clear();
  });

  afterAll(async () => {
    await t?.dispose();
    await dev?.close();
  });

  it(`has at least 60 resource cases (${BAD_INPUTS.length})`, () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60);
  });

  // The engine stops at the first resource whose check fails, so each case
  // gets its own preview (about a second each) beside the deployed resources.
  const run = async (op: "preview" | "up", i: number) => {
    const c = BAD_INPUTS[i]!;
    const p = program({ resources: [...good, badResources[i]!] });
    const err = await (op === "preview" ? t.preview(p) : t.up(p)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, `${op} accepted ${c.kind}: ${c.why}`).toBeDefined();
    errors.push(err);
    const line = errorText(err)
      .split("\n")
      // The engine quotes the value after the property's name, so a value with
      // a line break pushes our "<property>: <why>" onto the next line; the
      // engine's own "property <name> value" still names it on this one.
      .find(
        (l) =>
          l.includes(`'bad-${i}'`) &&
          (l.includes(`${c.property}: `) || l.includes(`property ${c.property} value`)),
      );
    expect(line, `${c.kind}: ${c.why} -> ${c.property}`).toBeDefined();
  };

  for (const [i, c] of BAD_INPUTS.entries()) {
    it(`preview: ${c.kind}: ${c.why} -> names ${c.property}`, () => run("preview", i));
  }

  it("up of one bad case per kind fails the same way", async () => {
    for (const kind of ["Queue", "UrlGroup", "Endpoint", "Schedule"])
      await run(
        "up",
        BAD_INPUTS.findIndex((c) => c.kind === kind),
      );
  });

  it("no QStash call was made and deployed resources are untouched", () => {
    expect(dev.requestLog.entries()).toEqual([]);
    expect(JSON.stringify(dev.inventory())).toBe(before);
    expect(
      stateResources(t)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["good-q", "good-s"]);
  });

  it("afterwards the stack is unchanged: a no-op preview", async () => {
    expect((await t.preview(program({ resources: good }))).changeSummary).toEqual({ same: 3 });
  });

  it("no token in the failure output", () => {
    expect(auditSecrets({ secrets: { token: TOKEN }, stacks: [t], errors, devservers: [dev] })).toEqual([]);
  });
});

// ------------------------------------------------------------------ receiver

const KEY = "sig_relCurrentKeyAAAAAAAAAAAAAAAA";
const NEXT = "sig_relNextKeyBBBBBBBBBBBBBBBBBBBB";
const URL_ = "http://127.0.0.1:3000/api/hook";
const BODY = '{"order":42}';
const now = Math.floor(Date.now() / 1000);
const sign = (o: Partial<Parameters<typeof signDelivery>[0]> = {}) =>
  signDelivery({ signingKey: KEY, url: URL_, body: BODY, ...o });
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

interface ReceiverCase {
  why: string;
  code: string;
  /** A word the message must contain: the property or claim at fault. */
  names: string;
  keys?: Record<string, unknown>;
  req: () => Promise<Record<string, unknown>>;
}

const ok = async () => ({ signature: await sign(), body: BODY, url: URL_ });
const RECEIVER_CASES: ReceiverCase[] = [
  { why: "no current key", code: "MISSING_KEYS", names: "currentSigningKey", keys: {}, req: ok },
  {
    why: "empty current key",
    code: "MISSING_KEYS",
    names: "currentSigningKey",
    keys: { currentSigningKey: "" },
    req: ok,
  },
  {
    why: "numeric current key",
    code: "MISSING_KEYS",
    names: "currentSigningKey",
    keys: { currentSigningKey: 42 },
    req: ok,
  },
  {
    why: "non-string next key",
    code: "MISSING_KEYS",
    names: "nextSigningKey",
    keys: { currentSigningKey: KEY, nextSigningKey: 7 },
    req: ok,
  },
  {
    why: "wrong keys",
    code: "INVALID_SIGNATURE",
    names: "signing key",
    keys: { currentSigningKey: "sig_other", nextSigningKey: "sig_other2" },
    req: ok,
  },
  {
    why: "missing signature",
    code: "MISSING_SIGNATURE",
    names: "Upstash-Signature",
    req: async () => ({ body: BODY }),
  },
  {
    why: "empty signature",
    code: "MISSING_SIGNATURE",
    names: "Upstash-Signature",
    req: async () => ({ signature: "", body: BODY }),
  },
  {
    why: "two segments",
    code: "MALFORMED_TOKEN",
    names: "segments",
    req: async () => ({ signature: "a.b", body: BODY }),
  },
  {
    why: "four segments",
    code: "MALFORMED_TOKEN",
    names: "segments",
    req: async () => ({ signature: `${await sign()}.x`, body: BODY }),
  },
  {
    why: "padded base64",
    code: "MALFORMED_TOKEN",
    names: "base64url",
    req: async () => ({ signature: `${(await sign()).replace(".", "=.")}`, body: BODY }),
  },
  {
    why: "oversized token",
    code: "MALFORMED_TOKEN",
    names: "limit",
    req: async () => ({ signature: `${"a".repeat(70_000)}.b.c`, body: BODY }),
  },
  {
    why: "alg none",
    code: "UNSUPPORTED_ALGORITHM",
    names: "alg",
    req: async () => ({
      signature: `${b64({ alg: "none", typ: "JWT" })}.${(await sign()).split(".")[1]}.`,
      body: BODY,
    }),
  },
  {
    why: "alg HS512",
    code: "UNSUPPORTED_ALGORITHM",
    names: "alg",
    req: async () => ({ signature: await sign({ header: { alg: "HS512", typ: "JWT" } }), body: BODY }),
  },
  {
    why: "crit header",
    code: "MALFORMED_TOKEN",
    names: "crit",
    req: async () => ({
      signature: await sign({ header: { alg: "HS256", typ: "JWT", crit: ["x"] } }),
      body: BODY,
    }),
  },
  {
    why: "truncated signature",
    code: "INVALID_SIGNATURE",
    names: "signature",
    req: async () => ({ signature: (await sign()).slice(0, -2), body: BODY }),
  },
  {
    why: "signature of another token",
    code: "INVALID_SIGNATURE",
    names: "signing key",
    req: async () => {
      const [h, p] = (await sign()).split(".");
      const s = (await sign({ body: "x" })).split(".")[2];
      return { signature: `${h}.${p}.${s}`, body: BODY };
    },
  },
  {
    why: "wrong issuer",
    code: "INVALID_ISSUER",
    names: "iss",
    req: async () => ({ signature: await sign({ claims: { iss: "Evil" } }), body: BODY }),
  },
  {
    why: "missing sub",
    code: "MISSING_CLAIM",
    names: "sub",
    req: async () => ({ signature: await sign({ claims: { sub: undefined } }), body: BODY }),
  },
  {
    why: "numeric body claim",
    code: "INVALID_CLAIM",
    names: "body",
    req: async () => ({ signature: await sign({ claims: { body: 5 } }), body: BODY }),
  },
  {
    why: "string exp",
    code: "INVALID_CLAIM",
    names: "exp",
    req: async () => ({ signature: await sign({ claims: { exp: "soon" } }), body: BODY }),
  },
  {
    why: "expired (replayed late)",
    code: "EXPIRED",
    names: "exp",
    req: async () => ({ signature: await sign({ now: now - 3600 }), body: BODY }),
  },
  {
    why: "not yet valid",
    code: "NOT_YET_VALID",
    names: "nbf",
    req: async () => ({ signature: await sign({ notBefore: now + 3600 }), body: BODY }),
  },
  {
    why: "other URL",
    code: "URL_MISMATCH",
    names: "issued for",
    req: async () => ({ signature: await sign(), body: BODY, url: `${URL_}/other` }),
  },
  {
    why: "trailing slash",
    code: "URL_MISMATCH",
    names: "trailing slash",
    req: async () => ({ signature: await sign(), body: BODY, url: `${URL_}/` }),
  },
  {
    why: "re-serialised JSON body",
    code: "BODY_MISMATCH",
    names: "body",
    req: async () => ({ signature: await sign(), body: JSON.stringify(JSON.parse(BODY), null, 2) }),
  },
  {
    why: "object passed as body",
    code: "BODY_MISMATCH",
    names: "[object Object]",
    req: async () => ({
      signature: await sign({ body: "[object Object]" }).then(() => sign()),
      body: "[object Object]",
    }),
  },
  {
    why: "empty body for a signed body",
    code: "BODY_MISMATCH",
    names: "body",
    req: async () => ({ signature: await sign(), body: "" }),
  },
];

describe("invalid receiver inputs", () => {
  it(`resources and receiver together make at least 60 cases (${BAD_INPUTS.length} + ${RECEIVER_CASES.length})`, () => {
    expect(BAD_INPUTS.length - 1 + RECEIVER_CASES.length).toBeGreaterThanOrEqual(60);
  });
  for (const c of RECEIVER_CASES) {
    it(`${c.why}: ${c.code}, naming ${c.names}`, async () => {
      const req = await c.req();
      const err = await (async () => {
        const r = new Receiver((c.keys ?? { currentSigningKey: KEY, nextSigningKey: NEXT }) as never);
        return r.verify(req as never);
      })().then(
        (v) => v,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SignatureError);
      expect((err as SignatureError).code).toBe(c.code);
      expect((err as SignatureError).message).toContain(c.names);
      // never the key itself
      for (const k of [KEY, NEXT]) expect((err as Error).message).not.toContain(k);
    });
  }
  it("the genuine delivery verifies (the corpus fails for the reason given, not by accident)", async () => {
    await expect(
      new Receiver({ currentSigningKey: KEY, nextSigningKey: NEXT }).verify(await ok()),
    ).resolves.toBe(true);
  });
});
