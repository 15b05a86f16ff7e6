/**
 * Fetch `Request` adapter: Next.js App Router, Cloudflare Workers, Vercel
 * edge, Deno, Bun, SvelteKit, SolidStart, Hono all hand handlers a Request.
 * @module
 */
import { SignatureError } from "../../errors.js";
import {
  type AdapterOptions,
  guard,
  joinChunks,
  toResponse,
  type VerifiedDelivery,
  verifyBytes,
} from "./shared.js";

/** Options for Fetch-based adapters. */
export interface FetchAdapterOptions extends AdapterOptions {
  /**
   * Check the token's `sub` against this URL: a string, or a function of the
   * request (e.g. `(r) => r.url` when no proxy rewrites it). Omitted: not
   * checked, as in the official SDK's helpers.
   */
  url?: string | ((request: Request) => string) | undefined;
  /** Env bindings to read keys from (Cloudflare `env`, Hono `c.env`). */
  env?: Record<string, unknown> | undefined;
}

function viewOf(chunk: unknown): Uint8Array {
  if (!ArrayBuffer.isView(chunk))
    throw new TypeError("The request body stream yielded something other than bytes.");
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * The body's bytes, read from its stream directly: on Node a reader costs
 * about half of `bytes()`/`arrayBuffer()` (undici's body mixin adds its own
 * passes), and one chunk, the usual case, is handed back without a copy.
 */
async function readBytes(request: Request): Promise<Uint8Array> {
  const stream = request.body;
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return joinChunks(chunks, size);
    // A body stream yields bytes; one from another realm fails `instanceof`.
    const bytes = value instanceof Uint8Array ? value : viewOf(value);
    chunks.push(bytes);
    size += bytes.length;
  }
}

/**
 * Reads the request's raw body once, verifies it, and hands it back.
 * Consumes `request`'s body; throws a `SignatureError` on failure.
 *
 * @example
 * ```ts
 * export async function POST(request: Request) {
 *   const { body, messageId } = await verifyFetchRequest(request); // keys from QSTASH_*_SIGNING_KEY
 *   const job = JSON.parse(body);
 * }
 * ```
 */
export async function verifyFetchRequest(
  request: Request,
  options: FetchAdapterOptions = {},
): Promise<VerifiedDelivery> {
  if (request.bodyUsed) {
    throw new SignatureError(
      "RAW_BODY_REQUIRED",
      "The request body was already read; verify before parsing, or pass request.clone().",
    );
  }
  const url = typeof options.url === "function" ? options.url(request) : options.url;
  return verifyBytes(options, options.env, request.headers, () => readBytes(request), url);
}

/**
 * `verifyFetchRequest` on a clone of `request` (so the handler can still
 * read the body), with `env` as the fallback for `options.env`. A request
 * whose body was already read cannot be cloned (`clone()` throws a
 * `TypeError`), so it goes to `verifyFetchRequest` as is, which refuses it
 * with `RAW_BODY_REQUIRED` like any other consumed body.
 */
export function verifyClone(
  request: Request,
  options: FetchAdapterOptions,
  env?: unknown,
): Promise<VerifiedDelivery> {
  const withEnv = env && !options.env ? { ...options, env: env as Record<string, unknown> } : options;
  return verifyFetchRequest(request.bodyUsed ? request : request.clone(), withEnv);
}

/**
 * Wraps a Fetch handler: rejects unsigned requests with 401 (`{"error": code}`)
 * and calls `handler` with the untouched request (its body still readable)
 * plus the verified delivery.
 *
 * @example
 * ```ts
 * export default { fetch: withQStash(async (request, delivery) => new Response(`got ${delivery.messageId}`)) };
 * ```
 */
export function withQStash<A extends unknown[], R>(
  handler: (request: Request, delivery: VerifiedDelivery, ...rest: A) => R | Promise<R>,
  options: FetchAdapterOptions = {},
): (request: Request, ...rest: A) => Promise<R | Response> {
  return guard(
    (request: Request, ..._rest: A) => verifyClone(request, options),
    toResponse,
    (delivery, request, ...rest) => handler(request, delivery, ...rest),
  );
}
