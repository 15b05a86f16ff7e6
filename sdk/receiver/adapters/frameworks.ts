/**
 * SvelteKit, SolidStart and Cloudflare wrappers: each handler receives a
 * Fetch Request somewhere in its arguments, so each is one guard over
 * `verifyFetchRequest`. Names match `@upstash/qstash`.
 * @module
 */
import { type FetchAdapterOptions, verifyClone } from "./fetch.js";
import { guard, toResponse } from "./shared.js";

/**
 * Wraps a SvelteKit `RequestHandler` (`+server.ts`).
 *
 * @example
 * ```ts
 * export const POST = verifySignatureSvelte(async ({ request }) => new Response("ok"), { currentSigningKey, nextSigningKey });
 * ```
 */
export function verifySignatureSvelte<E extends { request: Request }>(
  handler: (event: E) => Response | Promise<Response>,
  options: FetchAdapterOptions = {},
): (event: E) => Promise<Response> {
  return guard(
    (event: E) => verifyClone(event.request, options),
    toResponse,
    (_delivery, event) => handler(event),
  );
}

/**
 * Wraps a SolidStart API route handler.
 *
 * @example
 * ```ts
 * export const POST = verifySignatureSolidjs(async ({ request }) => new Response("ok"));
 * ```
 */
export function verifySignatureSolidjs<E extends { request: Request }>(
  handler: (event: E) => Response | Promise<Response>,
  options: FetchAdapterOptions = {},
): (event: E) => Promise<Response> {
  return verifySignatureSvelte(handler, options);
}

/**
 * Wraps a Cloudflare Workers `fetch(request, env, ctx)` handler; keys come
 * from the `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY` bindings
 * (or the region's, see `AdapterOptions`) unless given in `options`.
 *
 * @example
 * ```ts
 * export default { fetch: verifySignatureCloudflare(async (request, env) => new Response("ok")) };
 * ```
 */
export function verifySignatureCloudflare<Env, Ctx>(
  handler: (request: Request, env: Env, ctx: Ctx) => Response | Promise<Response>,
  options: FetchAdapterOptions = {},
): (request: Request, env: Env, ctx: Ctx) => Promise<Response> {
  return guard(
    (request: Request, env: Env, _ctx: Ctx) => verifyClone(request, options, env),
    toResponse,
    (_delivery, request, env, ctx) => handler(request, env, ctx),
  );
}

/**
 * Wraps a Cloudflare Pages Function (`onRequestPost({ request, env })`).
 *
 * @example
 * ```ts
 * export const onRequestPost = verifySignaturePages(async ({ request }) => new Response("ok"));
 * ```
 */
export function verifySignaturePages<C extends { request: Request; env?: unknown }>(
  handler: (context: C) => Response | Promise<Response>,
  options: FetchAdapterOptions = {},
): (context: C) => Promise<Response> {
  return guard(
    (context: C) => verifyClone(context.request, options, context.env),
    toResponse,
    (_delivery, context) => handler(context),
  );
}
