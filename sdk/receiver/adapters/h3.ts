/**
 * h3 / Nuxt server routes, declared structurally. h3 v2 events carry a Fetch
 * Request (`event.req`); h3 v1 events a Node request (`event.node.req`), whose
 * body is cached where h3's own `readBody` looks for it.
 * @module
 */
import { SignatureError } from "../../errors.js";
import { type FetchAdapterOptions, verifyClone } from "./fetch.js";
import { type NodeRequestLike, readNodeBody } from "./node-http.js";
import { guard, type HeadersLike, toResponse, type VerifiedDelivery, verifyBytes } from "./shared.js";

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
  return guard(
    (event: E) => verifyH3Event(event, options),
    (rejection, event) => {
      // h3 v1 with a Node request: status on the Node response, the same JSON body as an object.
      if (fetchRequest(event) || !event.node) return toResponse(rejection);
      event.node.res.statusCode = rejection.status;
      return { error: rejection.error.code };
    },
    (_delivery, event) => handler(event),
  );
}

function fetchRequest(event: H3EventLike): Request | undefined {
  return isRequest(event.req) ? event.req : event.web?.request;
}

async function verifyH3Event(event: H3EventLike, options: FetchAdapterOptions): Promise<VerifiedDelivery> {
  const request = fetchRequest(event);
  if (request) return verifyClone(request, options);
  if (!event.node) {
    throw new SignatureError(
      "RAW_BODY_REQUIRED",
      "The h3 event has neither a Fetch request nor a Node request.",
    );
  }
  const req = event.node.req;
  const read = async () => {
    const bytes = await readNodeBody(req);
    // h3 v1's readRawBody/readBody reuse this, expecting a Buffer
    const B = (globalThis as { Buffer?: { from(b: Uint8Array): Uint8Array } }).Buffer;
    req[RAW_BODY] = Promise.resolve(B ? B.from(bytes) : bytes);
    return bytes;
  };
  const url = typeof options.url === "string" ? options.url : undefined;
  return verifyBytes(options, undefined, req.headers as HeadersLike, read, url);
}

/** `verifySignatureH3` under the official SDK's Nuxt name. */
export const verifySignatureNuxt = verifySignatureH3;
