// Helpers for devserver tests: local destination servers on 127.0.0.1 that record
// every delivery, and a tiny validator for the shapes in test/fixtures/qstash-response-shapes.ts.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type DevServer, type DevServerOptions, startDevServer } from "../../devserver/index.js";
import { responses, type Shape, shapes } from "../fixtures/qstash-response-shapes.js";

export interface Received {
  method: string;
  /** Raw request target (path and query). */
  target: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Destination {
  url: string;
  received: Received[];
  /** Decide the response per request; default 200 "ok". */
  respond: (r: Received, res: ServerResponse) => void;
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A local HTTP server standing in for a user's endpoint. */
export async function startDestination(): Promise<Destination> {
  const received: Received[] = [];
  const d: Destination = {
    url: "",
    received,
    respond: (_r, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    },
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} deliveries, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = {
        method: req.method ?? "",
        target: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(r);
      d.respond(r, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  d.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.unref();
  return d;
}

/**
 * A devserver and a destination for one test file: started before its first
 * test, emptied before each (state, deliveries, the destination's answer) and
 * closed after the last. `use` hands both to the file's own variables.
 */
export function useDevServer(
  options: DevServerOptions,
  use: (dev: DevServer, dest: Destination) => void,
): void {
  let dev: DevServer | undefined;
  let dest: Destination | undefined;
  let respond: Destination["respond"];
  beforeAll(async () => {
    dev = await startDevServer(options);
    dest = await startDestination();
    respond = dest.respond;
    use(dev, dest);
  });
  afterAll(async () => {
    await dev?.close();
    await dest?.close();
  });
  beforeEach(async () => {
    await dev?.reset();
    if (dest) {
      dest.received.length = 0;
      dest.respond = respond;
    }
  });
}

// ------------------------------------------------------------ response shapes

type Schema = Shape;

/** A named shape of the QStash API (`Schedule`, `URLGroup`, `Error`, ...). */
export function componentSchema(name: string): Schema {
  const s = shapes[name];
  if (!s) throw new Error(`no shape ${name} in test/fixtures/qstash-response-shapes.ts`);
  return s;
}

/** The 200 response shape of one operation (path as its template, e.g. `/v2/queues/{queueName}`). */
export function responseSchema(path: string, method: string): Schema {
  const s = responses[`${method.toUpperCase()} ${path}`];
  if (!s) throw new Error(`no response shape for ${method.toUpperCase()} ${path}`);
  return s;
}

function resolve(s: Schema): Schema {
  let cur = s;
  while (cur.$ref) {
    cur = componentSchema(cur.$ref);
  }
  return cur;
}

/**
 * Validates `value` against the subset of JSON Schema the shapes use (type,
 * properties, required, items, additionalProperties, oneOf, $ref). Returns error strings;
 * empty means valid.
 */
export function validate(value: unknown, schema: Schema, at = "$"): string[] {
  const s = resolve(schema);
  if (s.oneOf || s.anyOf) {
    const alts = (s.oneOf ?? s.anyOf)!.map((alt) => validate(value, alt, at));
    return alts.some((e) => e.length === 0)
      ? []
      : [`${at}: matches no alternative (${alts.map((e) => e.join("; ")).join(" | ")})`];
  }
  const errs: string[] = [];
  const t = s.type;
  const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  if (t === "integer") {
    if (!(typeof value === "number" && Number.isInteger(value)))
      errs.push(`${at}: expected integer, got ${JSON.stringify(value)}`);
    return errs;
  }
  if (t && t !== actual) return [`${at}: expected ${t}, got ${actual}`];
  if (actual === "array" && s.items)
    for (const [i, v] of (value as unknown[]).entries()) errs.push(...validate(v, s.items!, `${at}[${i}]`));
  if (actual === "object") {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) errs.push(`${at}: missing required ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      const ps = s.properties?.[k];
      if (ps) errs.push(...validate(v, ps, `${at}.${k}`));
      else if (typeof s.additionalProperties === "object")
        errs.push(...validate(v, s.additionalProperties, `${at}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${at}: unexpected property ${k}`);
    }
  }
  return errs;
}

/** Keys of `value` that the schema does not declare (the spec allows extras; we report them). */
export function undeclaredKeys(value: Record<string, unknown>, schema: Schema): string[] {
  const s = resolve(schema);
  return Object.keys(value).filter((k) => !(k in (s.properties ?? {})));
}
