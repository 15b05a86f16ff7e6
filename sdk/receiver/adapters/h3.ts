/**
 * h3 / Nuxt server routes, declared structurally. h3 v2 events carry a Fetch
 * Request (`event.req`); h3 v1 events a Node request (`event.node.req`), whose
 * body is cached where h3's own `readBody` looks for it.
 * @module
 */
import { SignatureError } from "../../errors.js";
import { type FetchAdapterOptions, verifyFetchRequest } from "./fetch.js";
import { type NodeRequestLike, readNodeBody } from "./node-http.js";
import { type HeadersLike, receiverFor, rejection, statusFor, verifyBytes } from "./shared.js";

/** The parts of an h3 event (v1 or v2) the wrapper uses. */
export interface H3EventLike {
  req?: unknown;
  web?: { request?: Request } | undefined;
  node?: { req: NodeRequestLike & Record<symbol, unknown>; res: { statusCode: number } } | undefined;
}

const RAW_BODY = Symbol.for("h3RawBody");

function isRequest(value: unknown): value is Request {
  return (
    typeof (value as Request | undefined)?.clone === "function" &&
    typeof (value as Request).headers === "object"
  );
}

/**
 * Wraps an h3/Nuxt event handler; answers 401 for unsigned requests.
 *
 * @example
 * ```ts
 * // server/api/job.post.ts
 * export default defineEventHandler(verifySignatureH3(async (event) => ({ ok: true })));
 * ```
 */
export function verifySignatureH3<E extends H3EventLike, R>(
  handler: (event: E) => R | Promise<R>,
  options: FetchAdapterOptions = {},
): (event: E) => Promise<R | Response | { error: string }> {
  return async (event) => {
    const request = isRequest(event.req) ? event.req : event.web?.request;
    try {
      if (request) {
        await verifyFetchRequest(request.clone(), options);
      } else if (event.node) {
        const req = event.node.req;
        const bytes = await readNodeBody(req);
        // h3 v1's readRawBody/readBody reuse this, expecting a Buffer
        const B = (globalThis as { Buffer?: { from(b: Uint8Array): Uint8Array } }).Buffer;
        req[RAW_BODY] = Promise.resolve(B ? B.from(bytes) : bytes);
        await verifyBytes(
          receiverFor(options),
          req.headers as HeadersLike,
          bytes,
          typeof options.url === "string" ? options.url : undefined,
        );
      } else {
        throw new SignatureError(
          "RAW_BODY_REQUIRED",
          "The h3 event has neither a Fetch request nor a Node request.",
        );
      }
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      if (request || !event.node)
        return new Response(rejection(error), {
          status: statusFor(error),
          headers: { "content-type": "application/json" },
        });
      event.node.res.statusCode = statusFor(error);
      return { error: error.code };
    }
    return handler(event);
  };
}

/** `verifySignatureH3` under the official SDK's Nuxt name. */
export const verifySignatureNuxt = verifySignatureH3;
