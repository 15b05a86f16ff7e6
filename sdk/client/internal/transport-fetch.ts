/**
 * The `fetch` transport: Cloudflare Workers, Vercel edge, Deno, Bun and
 * browsers (the default of `#transport`), and any runtime when the caller
 * passes its own `fetch`. The timeout covers the whole attempt, headers and
 * body; the caller's signal aborts it too.
 * @module
 */
import { type Transport, type TransportOptions, timeoutError } from "./transport.js";

/**
 * A transport over `fetchImpl` (default: the global `fetch`); `explain`
 * rewrites what a failed `fetch` rejected with (Node's bare "fetch failed").
 */
export function fetchTransport(
  origin: string,
  fetchImpl?: typeof fetch,
  explain: (error: unknown) => unknown = (e) => e,
): Transport {
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
        throw explain(error);
      } finally {
        clearTimeout(timer);
        r.signal?.removeEventListener("abort", onAbort);
      }
    },
    close: () => Promise.resolve(),
  };
}

/** `#transport` outside Node. */
export function createTransport(options: TransportOptions): Transport {
  return fetchTransport(options.origin, options.fetch);
}
