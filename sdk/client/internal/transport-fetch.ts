/**
 * The `fetch` transport: Cloudflare Workers, Vercel edge, Deno, Bun and
 * browsers (the default of `#transport`), and any runtime when the caller
 * passes its own `fetch`. The timeout covers the whole attempt, headers and
 * body; the caller's signal aborts it too.
 * @module
 */
import { type Transport, type TransportOptions, timeoutError } from "./transport.js";

/** A transport over `fetchImpl` (default: the global `fetch`). */
export function fetchTransport(origin: string, fetchImpl?: typeof fetch): Transport {
  return {
    async request(r) {
      const f = fetchImpl ?? fetch;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, r.timeoutMs);
      const onAbort = () => controller.abort(r.signal?.reason);
      if (r.signal?.aborted) onAbort();
      r.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        const res = await f(origin + r.path, {
          method: r.method,
          headers: r.headers,
          body: r.body,
          signal: controller.signal,
        });
        const text = await res.text();
        return { status: res.status, text, header: (name) => res.headers.get(name) ?? undefined };
      } catch (error) {
        if (timedOut) throw timeoutError(r.timeoutMs);
        throw withCause(error);
      } finally {
        clearTimeout(timer);
        r.signal?.removeEventListener("abort", onAbort);
      }
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Node's `fetch` rejects with a bare "fetch failed" and puts the reason
 * (`connect ECONNREFUSED ...`, its `code`) in `cause`; the error the caller
 * sees then says why, as the undici transport's does. Other runtimes put the
 * reason in the message already and pass through unchanged.
 */
function withCause(error: unknown): unknown {
  if (!(error instanceof Error) || !(error.cause instanceof Error)) return error;
  const why = error.cause.message;
  if (why === "" || error.message.includes(why)) return error;
  const code = (error.cause as { code?: unknown }).code;
  return Object.assign(
    new Error(`${error.message}: ${why}`, { cause: error.cause }),
    code === undefined ? {} : { code },
  );
}

/** `#transport` outside Node. */
export function createTransport(options: TransportOptions): Transport {
  return fetchTransport(options.origin);
}
