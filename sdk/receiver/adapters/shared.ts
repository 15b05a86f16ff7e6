/**
 * What every adapter shares: options, the Receiver for a delivery, header
 * lookup, and the one guard (verify, then hand on or reject) with its one
 * rejection shape.
 * @module
 */
import { SignatureError } from "../../errors.js";
import type { VerifyRequest } from "../core.js";
import { fail } from "../fail.js";
import { Receiver } from "../receiver.js";
import { resolveSigningKeys } from "./keys.js";

/** Anything with `verify`, e.g. a `Receiver`. */
export interface ReceiverLike {
  verify(request: VerifyRequest): Promise<boolean>;
}

/**
 * Adapter options. Keys are taken, in order, from `receiver`, the explicit
 * keys, then the environment (the platform's env object such as Cloudflare's
 * or Hono's `c.env`, then `process.env`): with `QSTASH_REGION` set, the keys
 * of the delivery's `Upstash-Region` (`US_EAST_1_QSTASH_CURRENT_SIGNING_KEY`,
 * ...), otherwise or failing those `QSTASH_CURRENT_SIGNING_KEY` and
 * `QSTASH_NEXT_SIGNING_KEY`.
 *
 * @example
 * ```ts
 * const options: AdapterOptions = { currentSigningKey: "sig_...", nextSigningKey: "sig_...", clockTolerance: 5 };
 * ```
 */
export interface AdapterOptions {
  /** A prepared Receiver (keys, clock and tolerance of your choosing). */
  receiver?: ReceiverLike | undefined;
  currentSigningKey?: string | undefined;
  nextSigningKey?: string | undefined;
  /** Allowed clock skew in seconds. */
  clockTolerance?: number | undefined;
  /** Dev mode (ledger R3): the local dev server's fixed keys. Default: `QSTASH_DEV` (`true` or `1`). */
  devMode?: boolean | undefined;
}

/** A verified delivery, with the raw body handed back because the adapter consumed it. */
export interface VerifiedDelivery {
  /** The raw body decoded as UTF-8 (use `JSON.parse(body)` for JSON). */
  body: string;
  /** The raw body bytes exactly as received. */
  bytes: Uint8Array;
  /** `Upstash-Message-Id`: the same for every retry of one message; use it to make handlers idempotent. */
  messageId: string | undefined;
  /** `Upstash-Retried`: how many times this message was retried before (0 on the first attempt). */
  retried: number;
}

/** Headers as Fetch `Headers` or a Node/Lambda record; lookup is case-insensitive. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined | null>
  | null
  | undefined;

/** Reads a header case-insensitively from Fetch Headers or a plain record. */
export function header(headers: HeadersLike, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined | null>;
  let v = record[name];
  if (v === undefined) {
    const lower = name.toLowerCase();
    for (const k in record) if (k.toLowerCase() === lower) v = record[k];
  }
  return Array.isArray(v) ? v[0] : (v ?? undefined);
}

// Receivers by key pair and tolerance: keys are imported once, not per delivery.
const receivers = new Map<string, ReceiverLike>();
// The last one used, compared field by field: the usual handler sees one key
// pair, and this spares building and hashing a Map key on every delivery.
let last:
  | { current: string | undefined; next: string | undefined; tolerance: unknown; receiver: ReceiverLike }
  | undefined;

/** The Receiver for one delivery: `options.receiver`, or one over the keys `resolveSigningKeys` picks. */
export function receiverFor(
  options: AdapterOptions,
  env?: Record<string, unknown>,
  regionHeader?: string,
): ReceiverLike {
  if (options.receiver) return options.receiver;
  const { current, next } = resolveSigningKeys(options, env, regionHeader);
  // Refused here, before the body is read: a keyless Receiver would only say so when verifying.
  if (current === undefined) {
    fail(
      "MISSING_KEYS",
      "No signing keys: pass currentSigningKey (and nextSigningKey) or a receiver, or set " +
        "QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY (or the region's, with QSTASH_REGION).",
    );
  }
  const tolerance = options.clockTolerance;
  if (last !== undefined && last.current === current && last.next === next && last.tolerance === tolerance) {
    return last.receiver;
  }
  const id = `${current}\0${next}\0${tolerance}`;
  let receiver = receivers.get(id);
  if (receiver === undefined) {
    receiver = new Receiver({
      currentSigningKey: current,
      nextSigningKey: next,
      clockTolerance: tolerance,
      // the keys above already answer dev mode
      devMode: false,
    });
    if (receivers.size >= 8) receivers.clear();
    receivers.set(id, receiver);
  }
  last = { current, next, tolerance, receiver };
  return receiver;
}

const decoder = /* @__PURE__ */ new TextDecoder();

/** A body read in chunks as one array: the only chunk as is (the usual case, no copy), else joined. */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** A raw body as the platform handed it: its bytes, and its text when it came as text. */
export interface RawDelivery {
  bytes: Uint8Array;
  text?: string | undefined;
}

/**
 * Verifies a delivery's raw body with the keys its headers call for, and
 * builds the delivery record. `read` runs after the keys are resolved, so a
 * missing key is reported before the body is consumed; it returns the body
 * as handed over, or a promise of its bytes. Plain promise chains rather
 * than nested async functions: this is every adapter's hot path. Callers
 * are async functions, so a synchronous throw here still rejects.
 */
export function verifyBytes(
  options: AdapterOptions,
  env: Record<string, unknown> | undefined,
  headers: HeadersLike,
  read: () => RawDelivery | Promise<Uint8Array>,
  url: string | undefined,
): Promise<VerifiedDelivery> {
  const receiver = receiverFor(options, env, header(headers, "upstash-region"));
  const verify = (bytes: Uint8Array, text: string | undefined): Promise<VerifiedDelivery> =>
    receiver
      .verify({ signature: header(headers, "upstash-signature"), body: text ?? bytes, url })
      .then(() => ({
        // Decoded eagerly: a plain object is several times cheaper to build
        // than one with a lazy accessor, and most handlers read the text.
        body: text ?? decoder.decode(bytes),
        bytes,
        messageId: header(headers, "upstash-message-id"),
        retried: Number(header(headers, "upstash-retried") ?? 0) || 0,
      }));
  const raw = read();
  return raw instanceof Promise ? raw.then((bytes) => verify(bytes, undefined)) : verify(raw.bytes, raw.text);
}

/** Every adapter's answer to a refused delivery, before the platform gives it its form. */
export interface Rejection {
  /** 401 for a delivery that is not QStash's; 500 for a server misconfiguration. */
  status: number;
  /** `{"error": code}` as JSON: only the code, the reason stays on the server. */
  body: string;
  /** The error itself, for logging on the server. */
  error: SignatureError;
}

function rejectionOf(error: SignatureError): Rejection {
  const server = error.code === "MISSING_KEYS" || error.code === "RAW_BODY_REQUIRED";
  return { status: server ? 500 : 401, body: JSON.stringify({ error: error.code }), error };
}

/** The rejection as a Fetch `Response` (further arguments, the handler's, are ignored). */
export function toResponse(rejection: Rejection, ..._handlerArgs: unknown[]): Response {
  return new Response(rejection.body, {
    status: rejection.status,
    headers: { "content-type": "application/json" },
  });
}

/**
 * The one adapter guard: `verify` the delivery from the handler's arguments;
 * on success call `handle` with it, on a `SignatureError` answer with
 * `reject` (the platform's form of the one {@link Rejection}). Any other error
 * propagates.
 */
export function guard<A extends unknown[], R, X>(
  verify: (...args: A) => Promise<VerifiedDelivery>,
  reject: (rejection: Rejection, ...args: A) => X,
  handle: (delivery: VerifiedDelivery, ...args: A) => R | Promise<R>,
): (...args: A) => Promise<R | X> {
  const guarded = async (...args: A): Promise<R | X> => {
    let delivery: VerifiedDelivery;
    try {
      delivery = await verify(...args);
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      return reject(rejectionOf(error), ...args);
    }
    return handle(delivery, ...args);
  };
  // Runtimes read a handler's arity (Deno.serve hands no Request to a
  // handler whose length is 0): say it takes one, as every caller passes one.
  return Object.defineProperty(guarded, "length", { value: 1 });
}
