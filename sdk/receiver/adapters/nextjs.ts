/**
 * Next.js adapters. App Router / edge route handlers receive a Fetch Request;
 * the Pages Router API routes receive Node req/res (disable the body parser).
 * @module
 */

import { type FetchAdapterOptions, verifyClone } from "./fetch.js";
import {
  type NodeAdapterOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  sendRejection,
  verifyNodeRequest,
} from "./node-http.js";
import { guard, toResponse } from "./shared.js";

/**
 * Wraps an App Router (or edge) route handler; the handler receives the
 * original request with its body unread. Keys default to
 * `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY`.
 *
 * @example
 * ```ts
 * // app/api/job/route.ts
 * export const POST = verifySignatureAppRouter(async (request) => {
 *   const job = await request.json();
 *   return new Response("ok");
 * });
 * ```
 */
export function verifySignatureAppRouter<C = unknown>(
  handler: (request: Request, context: C) => Response | Promise<Response>,
  options: FetchAdapterOptions = {},
): (request: Request, context: C) => Promise<Response> {
  return guard(
    (request: Request, _context: C) => verifyClone(request, options),
    toResponse,
    (_delivery, request, context) => handler(request, context),
  );
}

/**
 * Wraps a Pages Router API route. Set `export const config = { api: { bodyParser: false } }`
 * so the raw body is still available; the verified body is at `req.qstash.body`.
 *
 * @example
 * ```ts
 * export const config = { api: { bodyParser: false } };
 * export default verifySignaturePagesRouter(async (req, res) => { res.status(200).end(); });
 * ```
 */
export function verifySignaturePagesRouter<Q extends NodeRequestLike, S extends NodeResponseLike>(
  handler: (req: Q, res: S) => unknown,
  options: NodeAdapterOptions = {},
): (req: Q, res: S) => Promise<unknown> {
  return guard(
    (req: Q, _res: S) => verifyNodeRequest(req, options),
    (rejection, _req, res) => sendRejection(res, rejection),
    (delivery, req, res) => {
      (req as { qstash?: unknown }).qstash = delivery;
      return handler(req, res);
    },
  );
}
