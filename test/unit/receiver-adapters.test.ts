import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { SignatureError } from "../../sdk/errors.js";
import { normaliseRegion } from "../../sdk/receiver/adapters/keys.js";
import {
  lambdaEventUrl,
  type NodeRequestLike,
  qstashExpress,
  qstashMiddleware,
  Receiver,
  verifyFetchRequest,
  verifyLambdaEvent,
  verifyNodeRequest,
  verifySignatureAppRouter,
  verifySignatureCloudflare,
  verifySignatureH3,
  verifySignatureLambda,
  verifySignaturePages,
  verifySignaturePagesRouter,
  verifySignatureSolidjs,
  verifySignatureSvelte,
  withQStash,
} from "../../sdk/receiver/index.js";
import { signDelivery } from "../../sdk/receiver/sign.js";
import { NodeReceiver } from "../support/receivers.js";

const CURRENT = "sig_adapter_current";
const NEXT = "sig_adapter_next";
const keys = { currentSigningKey: CURRENT, nextSigningKey: NEXT };
const URL_ = "http://127.0.0.1:9999/api/job";
const BODY = '{"job":"send-email","to":42}';

async function signed(body = BODY, key = CURRENT, url = URL_): Promise<string> {
  return signDelivery({ signingKey: key, url, body });
}
function post(signature: string | undefined, body = BODY, headerName = "Upstash-Signature"): Request {
  const headers: Record<string, string> = { "upstash-message-id": "msg_1", "upstash-retried": "2" };
  if (signature !== undefined) headers[headerName] = signature;
  return new Request(URL_, { method: "POST", body, headers });
}
async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "valid",
    (e) => (e instanceof SignatureError ? e.code : `other: ${e}`),
  );
}

const ENV_NAMES = [
  "QSTASH_CURRENT_SIGNING_KEY",
  "QSTASH_NEXT_SIGNING_KEY",
  "QSTASH_REGION",
  "US_EAST_1_QSTASH_CURRENT_SIGNING_KEY",
  "US_EAST_1_QSTASH_NEXT_SIGNING_KEY",
  "EU_CENTRAL_1_QSTASH_CURRENT_SIGNING_KEY",
  "EU_CENTRAL_1_QSTASH_NEXT_SIGNING_KEY",
];
afterEach(() => {
  for (const name of ENV_NAMES) delete process.env[name];
});

describe("Fetch adapter", () => {
  it("returns the raw body, message id and retry count, with any header casing", async () => {
    for (const name of ["Upstash-Signature", "upstash-signature", "UPSTASH-SIGNATURE"]) {
      const d = await verifyFetchRequest(post(await signed(), BODY, name), keys);
      expect(d).toMatchObject({ body: BODY, messageId: "msg_1", retried: 2 });
      expect(new TextDecoder().decode(d.bytes)).toBe(BODY);
    }
  });

  it("rejects a tampered body and a request whose body was already read", async () => {
    expect(await codeOf(verifyFetchRequest(post(await signed(), `${BODY} `), keys))).toBe("BODY_MISMATCH");
    const used = post(await signed());
    await used.text();
    expect(await codeOf(verifyFetchRequest(used, keys))).toBe("RAW_BODY_REQUIRED");
  });

  it("reads keys from process.env when none are passed, and says which are missing otherwise", async () => {
    expect(await codeOf(verifyFetchRequest(post(await signed())))).toBe("MISSING_KEYS");
    process.env.QSTASH_CURRENT_SIGNING_KEY = "sig_other";
    process.env.QSTASH_NEXT_SIGNING_KEY = CURRENT;
    expect((await verifyFetchRequest(post(await signed()))).body).toBe(BODY);
  });

  it("checks sub against the url option, as a string or a function of the request", async () => {
    const sig = await signed();
    expect(await codeOf(verifyFetchRequest(post(sig), { ...keys, url: (r) => r.url }))).toBe("valid");
    expect(await codeOf(verifyFetchRequest(post(sig), { ...keys, url: `${URL_}/` }))).toBe("URL_MISMATCH");
  });

  it("withQStash answers 401 with the code only, and passes a readable request on success", async () => {
    const handler = withQStash(
      async (request: Request, d) => new Response(`${await request.text()}|${d.messageId}`),
      keys,
    );
    const bad = (await handler(post("a.b.c"))) as Response;
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: "MALFORMED_TOKEN" });
    const good = (await handler(post(await signed()))) as Response;
    expect(await good.text()).toBe(`${BODY}|msg_1`);
  });

  it("reads streamed, empty, body-less and non-UTF-8 bodies byte-exactly, and consumes the body", async () => {
    const streamed = (chunks: Uint8Array[], sig: string) =>
      new Request(URL_, {
        method: "POST",
        headers: { "upstash-signature": sig },
        body: new ReadableStream({
          start(controller) {
            for (const c of chunks) controller.enqueue(c);
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit & { duplex: "half" });
    const parts = ['{"job":', '"send-email",', '"to":42}'].map((p) => new TextEncoder().encode(p));
    const multi = streamed(parts, await signed());
    const d = await verifyFetchRequest(multi, keys);
    expect(d.body).toBe(BODY);
    expect(new TextDecoder().decode(d.bytes)).toBe(BODY);
    expect(multi.bodyUsed).toBe(true);

    const binary = new Uint8Array([0xff, 0x00, 0xc3, 0x28]);
    const binSig = await signDelivery({ signingKey: CURRENT, url: URL_, body: binary });
    const b = await verifyFetchRequest(streamed([binary.slice(0, 1), binary.slice(1)], binSig), keys);
    expect([...b.bytes]).toEqual([...binary]);
    expect(b.body).toBe(new TextDecoder().decode(binary));
    const binReq = new Request(URL_, {
      method: "POST",
      headers: { "upstash-signature": binSig },
      body: binary,
    });
    expect([...(await verifyFetchRequest(binReq, keys)).bytes]).toEqual([...binary]);

    const emptySig = await signed("");
    const empty = await verifyFetchRequest(post(emptySig, ""), keys);
    expect({ body: empty.body, size: empty.bytes.length }).toEqual({ body: "", size: 0 });
    const bodiless = new Request(URL_, { method: "POST", headers: { "upstash-signature": emptySig } });
    expect(bodiless.body).toBeNull();
    expect((await verifyFetchRequest(bodiless, keys)).body).toBe("");
    expect(await codeOf(verifyFetchRequest(post(emptySig, " "), keys))).toBe("BODY_MISMATCH");
  });

  it("a body stream that yields something other than bytes is an error, not a refused signature", async () => {
    const request = new Request(URL_, {
      method: "POST",
      headers: { "upstash-signature": await signed() },
      body: new ReadableStream<string>({
        start(controller) {
          controller.enqueue(BODY);
          controller.close();
        },
      }) as unknown as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    expect(await codeOf(verifyFetchRequest(request, keys))).toMatch(/^other: TypeError/);
  });

  it("uses an injected receiver (e.g. the node:crypto build)", async () => {
    const receiver = new NodeReceiver({ currentSigningKey: NEXT });
    expect(await codeOf(verifyFetchRequest(post(await signed(BODY, NEXT)), { receiver }))).toBe("valid");
    expect(await codeOf(verifyFetchRequest(post(await signed(BODY, CURRENT)), { receiver }))).toBe(
      "INVALID_SIGNATURE",
    );
  });
});

describe("framework wrappers", () => {
  it("Next.js App Router: 401 on a missing signature, handler gets the intact request", async () => {
    const POST = verifySignatureAppRouter(
      async (r: Request, ctx: { params: { id: string } }) =>
        Response.json({ body: await r.json(), id: ctx.params.id }),
      keys,
    );
    expect((await POST(post(undefined), { params: { id: "1" } })).status).toBe(401);
    const res = await POST(post(await signed()), { params: { id: "1" } });
    expect(await res.json()).toEqual({ body: JSON.parse(BODY), id: "1" });
  });

  it("Hono middleware: stores the delivery, keeps the body readable, reads keys from c.env", async () => {
    let stored: unknown;
    let nextCalled = false;
    const c = {
      req: { raw: post(await signed()) },
      env: { QSTASH_CURRENT_SIGNING_KEY: CURRENT },
      set: (_k: "qstash", v: unknown) => {
        stored = v;
      },
    };
    const mw = qstashMiddleware();
    expect(
      await mw(c, async () => {
        nextCalled = true;
      }),
    ).toBeUndefined();
    expect(nextCalled).toBe(true);
    expect(stored).toMatchObject({ body: BODY });
    expect(await c.req.raw.text()).toBe(BODY);
    const rejected = await mw(
      { req: { raw: post(await signed(BODY, "sig_x")) }, env: { QSTASH_CURRENT_SIGNING_KEY: CURRENT } },
      async () => {},
    );
    expect(rejected?.status).toBe(401);
  });

  it("SvelteKit, SolidStart and Cloudflare (Workers + Pages) wrappers guard their handlers", async () => {
    const ok = async () => new Response("ok");
    const svelte = verifySignatureSvelte(ok, keys);
    const solid = verifySignatureSolidjs(ok, keys);
    const cf = verifySignatureCloudflare(ok);
    const pages = verifySignaturePages(ok);
    for (const good of [true, false]) {
      const sig = good ? await signed() : await signed(BODY, "sig_wrong");
      const want = good ? 200 : 401;
      expect((await svelte({ request: post(sig) })).status).toBe(want);
      expect((await solid({ request: post(sig) })).status).toBe(want);
      expect((await cf(post(sig), { QSTASH_CURRENT_SIGNING_KEY: CURRENT }, {})).status).toBe(want);
      expect(
        (
          await pages({
            request: post(sig),
            env: { QSTASH_NEXT_SIGNING_KEY: CURRENT, QSTASH_CURRENT_SIGNING_KEY: "sig_a" },
          })
        ).status,
      ).toBe(want);
    }
    // no keys anywhere: a server misconfiguration, 500 so QStash retries after the fix
    expect((await cf(post(await signed()), {}, {})).status).toBe(500);
  });

  it("h3 v2 (Fetch request) and h3 v1 (Node request, body cached for readBody)", async () => {
    const handler = verifySignatureH3(async () => ({ ok: true }), keys);
    expect(await handler({ req: post(await signed()) })).toEqual({ ok: true });
    expect(((await handler({ req: post("x.y.z") })) as Response).status).toBe(401);

    const nodeReq = Object.assign(Readable.from([Buffer.from(BODY)]), {
      headers: { "upstash-signature": await signed() },
    }) as unknown as Parameters<typeof handler>[0]["node"] & object;
    const event = {
      node: { req: (nodeReq as { req?: unknown }).req ?? nodeReq, res: { statusCode: 200 } },
    } as never;
    expect(await handler(event)).toEqual({ ok: true });
    const cached = await (event as { node: { req: Record<symbol, Promise<Uint8Array>> } }).node.req[
      Symbol.for("h3RawBody")
    ];
    expect(Buffer.from(cached!).toString()).toBe(BODY);

    const badReq = Object.assign(Readable.from([Buffer.from(BODY)]), { headers: {} });
    const badEvent = { node: { req: badReq, res: { statusCode: 200 } } } as never;
    expect(await handler(badEvent)).toEqual({ error: "MISSING_SIGNATURE" });
    expect((badEvent as { node: { res: { statusCode: number } } }).node.res.statusCode).toBe(401);
  });
});

describe("Node / Express adapter", () => {
  const nodeReq = (body: Buffer | string, headers: Record<string, string>, extra: object = {}) =>
    Object.assign(Readable.from([typeof body === "string" ? Buffer.from(body) : body]), { headers }, extra);
  const res = () => {
    const r = {
      statusCode: 200,
      headers: {} as Record<string, string>,
      body: "",
      setHeader(n: string, v: string) {
        r.headers[n] = v;
      },
      end(b?: string) {
        r.body = b ?? "";
      },
    };
    return r;
  };

  it("reads the stream, with lower-cased Node header names", async () => {
    const d = await verifyNodeRequest(nodeReq(BODY, { "upstash-signature": await signed() }), keys);
    expect(d.body).toBe(BODY);
  });

  it("uses express.raw()'s Buffer and express.text()'s string without reading the stream", async () => {
    const sig = await signed();
    const raw = { headers: { "upstash-signature": sig }, body: Buffer.from(BODY) };
    expect((await verifyNodeRequest(raw, keys)).body).toBe(BODY);
    expect((await verifyNodeRequest({ headers: { "upstash-signature": sig }, body: BODY }, keys)).body).toBe(
      BODY,
    );
  });

  it("explains RAW_BODY_REQUIRED when express.json() already parsed the body", async () => {
    const parsed = nodeReq("", { "upstash-signature": await signed() }, { body: JSON.parse(BODY) });
    const err = (await verifyNodeRequest(parsed, keys).catch((e) => e)) as SignatureError;
    expect(err.code).toBe("RAW_BODY_REQUIRED");
    expect(err.message).toMatch(/express\.raw/);
  });

  it("binary bodies verify byte-exactly", async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x28]);
    const sig = await signDelivery({ signingKey: CURRENT, url: URL_, body: new Uint8Array(bytes) });
    const d = await verifyNodeRequest(nodeReq(bytes, { "upstash-signature": sig }), keys);
    expect(Buffer.from(d.bytes).equals(bytes)).toBe(true);
  });

  it("reads bodies in several chunks (Buffers or strings) and empty bodies", async () => {
    const chunks = [Buffer.from('{"job":'), '"send-email",', Buffer.from('"to":42}')];
    const multi = Object.assign(Readable.from(chunks), { headers: { "upstash-signature": await signed() } });
    const d = await verifyNodeRequest(multi, keys);
    expect({ body: d.body, size: d.bytes.length }).toEqual({ body: BODY, size: Buffer.byteLength(BODY) });
    const empty = Object.assign(Readable.from([]), { headers: { "upstash-signature": await signed("") } });
    expect((await verifyNodeRequest(empty, keys)).body).toBe("");
  });

  it("a request that closes before its body ended is an error, not a delivery", async () => {
    const cut = new Readable({ read() {} });
    cut.push(Buffer.from(BODY.slice(0, 5)));
    setTimeout(() => cut.destroy(), 5);
    const req = Object.assign(cut, { headers: { "upstash-signature": await signed() } });
    expect(await codeOf(verifyNodeRequest(req, keys))).toBe(
      "other: Error: the request closed before its body was read",
    );
  });

  it("qstashExpress sets req.qstash and calls next, or ends with 401 JSON", async () => {
    const mw = qstashExpress(keys);
    const req = nodeReq(BODY, { "upstash-signature": await signed() });
    let nextArgs: unknown[] | undefined;
    await mw(req, res(), (...a: unknown[]) => {
      nextArgs = a;
    });
    expect(nextArgs).toEqual([]);
    expect((req as { qstash?: { body: string } }).qstash?.body).toBe(BODY);
    const r = res();
    await mw(nodeReq(BODY, {}), r, () => {
      throw new Error("must not call next");
    });
    expect(r.statusCode).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: "MISSING_SIGNATURE" });
  });

  it("Next.js Pages Router wrapper verifies the un-parsed request", async () => {
    const handler = verifySignaturePagesRouter(
      async (req: NodeRequestLike & { qstash?: { body: string } }, r: ReturnType<typeof res>) =>
        r.end(req.qstash?.body),
      keys,
    );
    const r = res();
    await handler(nodeReq(BODY, { "upstash-signature": await signed() }), r);
    expect(r.body).toBe(BODY);
  });
});

describe("AWS Lambda adapter", () => {
  it("API Gateway v2 / function URL event, base64 body, url reconstructed from rawPath and rawQueryString", async () => {
    const url = "https://abc.lambda-url.us-east-1.on.aws/jobs?x=1&y=2";
    const event = {
      headers: { "upstash-signature": await signed(BODY, NEXT, url) },
      body: Buffer.from(BODY).toString("base64"),
      isBase64Encoded: true,
      rawPath: "/jobs",
      rawQueryString: "x=1&y=2",
      requestContext: { domainName: "abc.lambda-url.us-east-1.on.aws", http: { path: "/jobs" } },
    };
    expect(lambdaEventUrl(event)).toBe(url);
    expect((await verifyLambdaEvent(event, { ...keys, url: lambdaEventUrl })).body).toBe(BODY);
  });

  it("API Gateway v1 event with mixed-case headers and a stage path", async () => {
    const url = "https://api.internal.test/prod/jobs?a=1";
    const event = {
      headers: { "Upstash-Signature": await signed(BODY, CURRENT, url) },
      body: BODY,
      isBase64Encoded: false,
      path: "/jobs",
      queryStringParameters: { a: "1" },
      requestContext: { domainName: "api.internal.test", path: "/prod/jobs" },
    };
    expect(lambdaEventUrl(event)).toBe(url);
    expect((await verifyLambdaEvent(event, { ...keys, url: lambdaEventUrl })).body).toBe(BODY);
  });

  it("the wrapper returns a 401 result for a forgery and calls the handler for a genuine event", async () => {
    const handler = verifySignatureLambda(async (_e, d) => ({ statusCode: 200, body: d.body }), keys);
    const ok = await handler({ headers: { "upstash-signature": await signed() }, body: BODY }, {});
    expect(ok).toEqual({ statusCode: 200, body: BODY });
    const bad = await handler({ headers: { "upstash-signature": await signed(`${BODY}x`) }, body: BODY }, {});
    expect(bad).toMatchObject({ statusCode: 401, body: JSON.stringify({ error: "BODY_MISMATCH" }) });
  });
});

describe("signing keys by region, as the official SDK resolves them", () => {
  const US = { current: "sig_us_current", next: "sig_us_next" };
  const PLAIN = { current: "sig_plain_current", next: "sig_plain_next" };
  const regionEnv = (extra: Record<string, string> = {}) => ({
    QSTASH_REGION: "us-east-1",
    US_EAST_1_QSTASH_CURRENT_SIGNING_KEY: US.current,
    US_EAST_1_QSTASH_NEXT_SIGNING_KEY: US.next,
    QSTASH_CURRENT_SIGNING_KEY: PLAIN.current,
    QSTASH_NEXT_SIGNING_KEY: PLAIN.next,
    ...extra,
  });
  const delivery = async (key: string, region?: string) => {
    const request = post(await signed(BODY, key));
    if (region !== undefined) request.headers.set("upstash-region", region);
    return request;
  };

  it("normalises region names: dashes become underscores, case is ignored, unknown names are none", () => {
    expect(normaliseRegion("us-east-1")).toBe("US_EAST_1");
    expect(normaliseRegion("EU-CENTRAL-1")).toBe("EU_CENTRAL_1");
    expect(normaliseRegion("US_EAST_1")).toBe("US_EAST_1");
    expect(normaliseRegion("ap-south-1")).toBeUndefined();
    expect(normaliseRegion("")).toBeUndefined();
  });

  it("Upstash-Region selects <REGION>_QSTASH_*_SIGNING_KEY when QSTASH_REGION is set (env binding)", async () => {
    const env = regionEnv();
    for (const spelling of ["US-EAST-1", "us_east_1"]) {
      expect(await codeOf(verifyFetchRequest(await delivery(US.current, spelling), { env }))).toBe("valid");
      expect(await codeOf(verifyFetchRequest(await delivery(US.next, spelling), { env }))).toBe("valid");
      expect(await codeOf(verifyFetchRequest(await delivery(PLAIN.current, spelling), { env }))).toBe(
        "INVALID_SIGNATURE",
      );
    }
  });

  it("falls back to the plain keys: no header, an unknown region, missing region keys, or no QSTASH_REGION", async () => {
    const cases: Array<[Record<string, string>, string | undefined]> = [
      [regionEnv(), undefined],
      [regionEnv(), "ap-south-1"],
      [regionEnv(), "EU-CENTRAL-1"], // no EU_CENTRAL_1_* keys
      [regionEnv({ US_EAST_1_QSTASH_NEXT_SIGNING_KEY: "" }), "US-EAST-1"], // both region keys required
      [{ ...regionEnv(), QSTASH_REGION: "" }, "US-EAST-1"],
    ];
    for (const [env, region] of cases) {
      expect(await codeOf(verifyFetchRequest(await delivery(PLAIN.current, region), { env }))).toBe("valid");
      expect(await codeOf(verifyFetchRequest(await delivery(US.current, region), { env }))).toBe(
        "INVALID_SIGNATURE",
      );
    }
  });

  it("reads process.env too, in the Node and Lambda adapters, and explicit keys still win", async () => {
    Object.assign(process.env, regionEnv());
    const node = async (key: string) =>
      codeOf(
        verifyNodeRequest({
          headers: { "upstash-signature": await signed(BODY, key), "upstash-region": "US-EAST-1" },
          body: BODY,
        }),
      );
    expect(await node(US.current)).toBe("valid");
    expect(await node(PLAIN.current)).toBe("INVALID_SIGNATURE");
    const lambda = async (key: string, options = {}) =>
      codeOf(
        verifyLambdaEvent(
          {
            headers: { "Upstash-Signature": await signed(BODY, key), "Upstash-Region": "us-east-1" },
            body: BODY,
          },
          options,
        ),
      );
    expect(await lambda(US.next)).toBe("valid");
    expect(await lambda(CURRENT, keys)).toBe("valid");
    expect(await lambda(US.current, keys)).toBe("INVALID_SIGNATURE");
  });
});

describe("where the environment cannot be read (Deno without --allow-env)", () => {
  it("a Receiver and the adapters given keys verify; a variable that throws counts as unset", async () => {
    const saved = Object.getOwnPropertyDescriptor(process, "env")!;
    const refusing = new Proxy(
      {},
      {
        get() {
          throw new Error('NotCapable: Requires env access to "QSTASH_DEV"');
        },
      },
    );
    const sig = await signed();
    Object.defineProperty(process, "env", { ...saved, value: refusing });
    try {
      expect(await new Receiver(keys).verify({ signature: sig, body: BODY })).toBe(true);
      expect((await verifyFetchRequest(post(sig), keys)).body).toBe(BODY);
      expect(await codeOf(verifyFetchRequest(post(sig)))).toBe("MISSING_KEYS");
    } finally {
      Object.defineProperty(process, "env", saved);
    }
  });
});

describe("one guard, one rejection shape", () => {
  it("every wrapper answers a forgery with the same status and JSON body, and a missing key with 500", async () => {
    const bad = await signed(BODY, "sig_forger");
    const ok = async () => new Response("ok");
    const nodeRes = () => {
      const r = {
        statusCode: 200,
        type: "",
        body: "",
        setHeader(_n: string, v: string) {
          r.type = v;
        },
        end(b?: string) {
          r.body = b ?? "";
        },
      };
      return r;
    };
    const nodeReq = () => ({ headers: { "upstash-signature": bad }, body: BODY });
    const answers: Array<{ status: number; type: string | null; body: string }> = [];
    const fromResponse = async (r: Response) =>
      answers.push({ status: r.status, type: r.headers.get("content-type"), body: await r.text() });
    await fromResponse((await withQStash(ok, keys)(post(bad))) as Response);
    await fromResponse(await verifySignatureAppRouter(ok, keys)(post(bad), {}));
    await fromResponse(await verifySignatureSvelte(ok, keys)({ request: post(bad) }));
    await fromResponse(await verifySignatureCloudflare(ok, keys)(post(bad), {}, {}));
    await fromResponse((await qstashMiddleware(keys)({ req: { raw: post(bad) } }, async () => {}))!);
    await fromResponse((await verifySignatureH3(ok, keys)({ req: post(bad) })) as Response);
    const lambda = (await verifySignatureLambda(ok, keys)(
      { headers: { "upstash-signature": bad }, body: BODY },
      {},
    )) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    answers.push({ status: lambda.statusCode, type: lambda.headers["content-type"]!, body: lambda.body });
    for (const wrap of [
      (r: ReturnType<typeof nodeRes>) => qstashExpress(keys)(nodeReq(), r, () => {}),
      (r: ReturnType<typeof nodeRes>) => verifySignaturePagesRouter(ok, keys)(nodeReq(), r),
    ]) {
      const r = nodeRes();
      await wrap(r);
      answers.push({ status: r.statusCode, type: r.type, body: r.body });
    }
    expect(answers).toHaveLength(9);
    for (const a of answers) {
      expect(a).toEqual({ status: 401, type: "application/json", body: '{"error":"INVALID_SIGNATURE"}' });
    }
    const noKeys = await withQStash(ok)(post(bad));
    expect([(noKeys as Response).status, await (noKeys as Response).json()]).toEqual([
      500,
      { error: "MISSING_KEYS" },
    ]);
  });

  it("wrapped handlers declare their first parameter (Deno.serve passes no Request to a 0-arity handler)", () => {
    const ok = async () => new Response("ok");
    for (const wrapped of [
      withQStash(ok),
      verifySignatureAppRouter(ok),
      verifySignatureSvelte(ok),
      verifySignatureCloudflare(ok),
      verifySignatureLambda(ok),
      verifySignatureH3(ok),
      qstashMiddleware(),
    ]) {
      expect(wrapped.length).toBeGreaterThanOrEqual(1);
    }
    expect(qstashExpress().length).toBe(3);
  });

  it("errors that are not about the signature propagate instead of becoming a 401", async () => {
    const boom = { verify: async () => Promise.reject(new TypeError("boom")) };
    await expect(withQStash(async () => new Response(), { receiver: boom })(post("a.b.c"))).rejects.toThrow(
      "boom",
    );
    let passed: unknown;
    await qstashExpress({ receiver: boom })(
      { headers: {}, body: BODY },
      { statusCode: 0, setHeader() {}, end() {} },
      (e) => {
        passed = e;
      },
    );
    expect(passed).toBeInstanceOf(TypeError);
  });
});
