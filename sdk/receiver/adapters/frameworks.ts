/**
 * SvelteKit, SolidStart and Cloudflare wrappers: each handler receives a
 * Fetch Request somewhere in its arguments, so each is a few lines over
 * `verifyFetchRequest`. Names match `@upstash/qstash`.
 * @module
 */
import { type FetchAdapterOptions, verifyFetchRequest } from "./fetch.js";
import { errorResponse } from "./shared.js";

async function guard(
  request: Request,
  options: FetchAdapterOptions,
  env?: Record<string, unknown>,
): Promise<Response | undefined> {
  try {
    await verifyFetchRequest(request.clone(), env ? { ...options, env: options.env ?? env } : options);
    return undefined;
  } catch (error) {
    return errorResponse(error);
  }
}

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
  return async (event) => (await guard(event.request, options)) ?? handler(event);
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
  return async (event) => (await guard(event.request, options)) ?? handler(event);
}

/**
 * Wraps a Cloudflare Workers `fetch(request, env, ctx)` handler; keys come
 * from the `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY` bindings
 * unless given in `options`.
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
  return async (request, env, ctx) =>
    (await guard(request, options, env as Record<string, unknown>)) ?? handler(request, env, ctx);
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
  return async (context) =>
    (await guard(context.request, options, context.env as Record<string, unknown>)) ?? handler(context);
}
