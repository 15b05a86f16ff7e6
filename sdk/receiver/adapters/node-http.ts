/**
 * Node `IncomingMessage` / Express / Fastify-style adapter, declared
 * structurally so it needs neither Node nor framework types.
 * @module
 */
import { rawBody } from "../core.js";
import {
  type AdapterOptions,
  guard,
  type HeadersLike,
  joinChunks,
  type Rejection,
  type VerifiedDelivery,
  verifyBytes,
} from "./shared.js";

declare global {
  /**
   * Merges with `@types/express`'s `Express.Request` (and is inert without
   * it, so Express types are not needed), so `req.qstash` type-checks after
   * `qstashExpress()`. Declared present, as express-session declares
   * `req.session`: a handler mounted after the middleware always has it, and
   * the documented `JSON.parse(req.qstash.body)` then compiles under `strict`.
   */
  namespace Express {
    interface Request {
      /** The verified delivery, set by `qstashExpress()` (absent on routes without it). */
      qstash: VerifiedDelivery;
    }
  }
}

/** The parts of an `IncomingMessage` (or Express `Request`) the adapter uses. */
export interface NodeRequestLike {
  headers: HeadersLike;
  /** Set by body parsers: a Buffer/string from `express.raw()`/`express.text()` is used as is. */
  body?: unknown;
  /** Set by some platforms (Firebase, custom middleware) to the raw bytes. */
  rawBody?: unknown;
  /** Whether the stream was already consumed. */
  readableEnded?: boolean;
  [Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

/** The parts of a `ServerResponse` the adapter uses to reject. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/** Options for Node adapters. */
export interface NodeAdapterOptions extends AdapterOptions {
  /** Check `sub` against this URL (the public URL QStash calls), or a function of the request. */
  url?: string | ((req: NodeRequestLike) => string) | undefined;
}

const encoder = /* @__PURE__ */ new TextEncoder();

function bytesOf(value: string | Uint8Array): Uint8Array {
  return typeof value === "string" ? encoder.encode(value) : value;
}

/** Reads the raw body from a parser's output or the stream. */
export async function readNodeBody(req: NodeRequestLike): Promise<Uint8Array> {
  for (const candidate of [req.rawBody, req.body]) {
    if (typeof candidate === "string" || candidate instanceof Uint8Array) return bytesOf(candidate);
  }
  const parsed =
    req.body !== undefined &&
    req.body !== null &&
    !(typeof req.body === "object" && Object.keys(req.body).length === 0);
  if (parsed || req.readableEnded || !req[Symbol.asyncIterator]) {
    rawBody(req.body ?? undefined); // throws RAW_BODY_REQUIRED with the explanation
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const add = (chunk: unknown) => {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : (chunk as Uint8Array);
    chunks.push(bytes);
    size += bytes.length;
  };
  const stream = req as { on?: (event: string, listener: (chunk?: unknown) => void) => unknown };
  if (typeof stream.on === "function") {
    // Listeners, as body parsers read a request: several times cheaper per
    // request than Node's async iterator over a stream.
    const on = stream.on.bind(req);
    await new Promise<void>((resolve, reject) => {
      let ended = false;
      on("data", add);
      on("end", () => {
        ended = true;
        resolve();
      });
      on("error", reject);
      // Every request closes, after `end` too: build the Error (a stack
      // capture, a fifth of a verification) only when the body was cut short.
      on("close", () => {
        if (!ended) reject(new Error("the request closed before its body was read"));
      });
    });
  } else {
    for await (const chunk of req as AsyncIterable<unknown>) add(chunk);
  }
  return joinChunks(chunks, size);
}

/**
 * Verifies a Node request, reading the raw body (from `express.raw()` or the
 * stream), and hands the body back. Throws a `SignatureError` on failure.
 *
 * @example
 * ```ts
 * app.post("/job", express.raw({ type: "*\/*" }), async (req, res) => {
 *   const { body } = await verifyNodeRequest(req);
 *   res.json(JSON.parse(body));
 * });
 * ```
 */
export async function verifyNodeRequest(
  req: NodeRequestLike,
  options: NodeAdapterOptions = {},
): Promise<VerifiedDelivery> {
  const url = typeof options.url === "function" ? options.url(req) : options.url;
  return verifyBytes(options, undefined, req.headers, () => readNodeBody(req), url);
}

/** Writes the rejection to a Node response. */
export function sendRejection(res: NodeResponseLike, rejection: Rejection): void {
  res.statusCode = rejection.status;
  res.setHeader("content-type", "application/json");
  res.end(rejection.body);
}

/**
 * Express/Connect middleware: on success sets `req.qstash` (a `VerifiedDelivery`)
 * and calls `next()`; otherwise answers 401. Mount it without a JSON parser in
 * front, or after `express.raw({ type: "*\/*" })`.
 *
 * @example
 * ```ts
 * app.post("/job", qstashExpress(), (req, res) => res.json(JSON.parse(req.qstash.body)));
 * ```
 */
export function qstashExpress(
  options: NodeAdapterOptions = {},
): (req: NodeRequestLike, res: NodeResponseLike, next: (error?: unknown) => void) => Promise<void> {
  const guarded = guard(
    (req: NodeRequestLike, _res: NodeResponseLike, _next: (error?: unknown) => void) =>
      verifyNodeRequest(req, options),
    (rejection, _req, res) => sendRejection(res, rejection),
    (delivery, req, _res, next) => {
      (req as { qstash?: VerifiedDelivery }).qstash = delivery;
      next();
    },
  );
  // Express 4 ignores a rejected promise: anything but a refusal goes to `next`.
  return (req, res, next) => guarded(req, res, next).catch(next);
}
