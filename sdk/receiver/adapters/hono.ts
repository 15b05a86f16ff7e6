/**
 * Hono middleware, declared structurally so Hono is not a dependency.
 * @module
 */
import { type FetchAdapterOptions, verifyClone } from "./fetch.js";
import { guard, toResponse } from "./shared.js";

/** The parts of Hono's `Context` the middleware uses. */
export interface HonoContextLike {
  req: { raw: Request };
  env?: unknown;
  set?: (key: "qstash", value: unknown) => void;
}

/**
 * Verifies every request before the route runs; keys come from `options`,
 * then `c.env` (Cloudflare bindings), then `process.env`. The verified delivery
 * is stored as `c.get("qstash")` and the body stays readable (`c.req.json()`).
 *
 * @example
 * ```ts
 * app.post("/job", qstashMiddleware(), async (c) => c.json(await c.req.json()));
 * ```
 */
export function qstashMiddleware(
  options: FetchAdapterOptions = {},
): (c: HonoContextLike, next: () => Promise<void>) => Promise<Response | undefined> {
  return guard(
    (c: HonoContextLike, _next: () => Promise<void>) => verifyClone(c.req.raw, options, c.env),
    toResponse,
    async (delivery, c, next) => {
      c.set?.("qstash", delivery);
      await next();
      return undefined;
    },
  );
}
