/**
 * What every adapter shares: options, where keys come from, header lookup and
 * the error response. Environment variables are read here and only here.
 * @module
 */
import { SignatureError } from "../../errors.js";
import type { VerifyRequest } from "../core.js";
import { Receiver } from "../receiver.js";

/** Anything with `verify`, e.g. a `Receiver` from either build. */
export interface ReceiverLike {
  verify(request: VerifyRequest): Promise<boolean>;
}

/**
 * Adapter options. Keys are taken, in order, from `receiver`, the explicit
 * keys, the platform's env object (Cloudflare, Hono `c.env`), then
 * `process.env`: `QSTASH_CURRENT_SIGNING_KEY` and `QSTASH_NEXT_SIGNING_KEY`.
 *
 * @example
 * ```ts
 * const options: AdapterOptions = { currentSigningKey: "sig_...", nextSigningKey: "sig_...", clockTolerance: 5 };
 * ```
 */
export interface AdapterOptions {
  /** A prepared Receiver (on Node, the `node` build's Receiver uses the faster node:crypto core). */
  receiver?: ReceiverLike | undefined;
  currentSigningKey?: string | undefined;
  nextSigningKey?: string | undefined;
  /** Allowed clock skew in seconds. */
  clockTolerance?: number | undefined;
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

function processEnv(): Record<string, unknown> {
  return (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env ?? {};
}

let cached: { id: string; receiver: ReceiverLike } | undefined;

/** The Receiver for these options, built once per distinct key pair. */
export function receiverFor(options: AdapterOptions, env?: Record<string, unknown>): ReceiverLike {
  if (options.receiver) return options.receiver;
  const pick = (explicit: string | undefined, name: string): string | undefined => {
    const v = explicit ?? env?.[name] ?? processEnv()[name];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const current = pick(options.currentSigningKey, "QSTASH_CURRENT_SIGNING_KEY");
  const next = pick(options.nextSigningKey, "QSTASH_NEXT_SIGNING_KEY");
  const id = `${current}\0${next}\0${options.clockTolerance}`;
  if (cached?.id !== id) {
    cached = {
      id,
      receiver: new Receiver({
        currentSigningKey: current as string,
        nextSigningKey: next,
        clockTolerance: options.clockTolerance,
      }),
    };
  }
  return cached.receiver;
}

const decoder = /* @__PURE__ */ new TextDecoder();

/** Verifies `bytes` and builds the delivery record. */
export async function verifyBytes(
  receiver: ReceiverLike,
  headers: HeadersLike,
  bytes: Uint8Array,
  url: string | undefined,
): Promise<VerifiedDelivery> {
  await receiver.verify({ signature: header(headers, "upstash-signature"), body: bytes, url });
  return {
    body: decoder.decode(bytes),
    bytes,
    messageId: header(headers, "upstash-message-id"),
    retried: Number(header(headers, "upstash-retried") ?? 0) || 0,
  };
}

/** HTTP status for a failed verification: 401 for a bad delivery, 500 for a server misconfiguration. */
export function statusFor(error: SignatureError): number {
  return error.code === "MISSING_KEYS" || error.code === "RAW_BODY_REQUIRED" ? 500 : 401;
}

/** The JSON body of a rejection. Only the code: the reason stays on the server. */
export function rejection(error: SignatureError): string {
  return JSON.stringify({ error: error.code });
}

/** A Fetch `Response` for a SignatureError; rethrows anything else. */
export function errorResponse(error: unknown): Response {
  if (!(error instanceof SignatureError)) throw error;
  return new Response(rejection(error), {
    status: statusFor(error),
    headers: { "content-type": "application/json" },
  });
}
