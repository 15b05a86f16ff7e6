/**
 * The Node transport (the `node` condition of `#transport`): an undici
 * keep-alive pool, several times cheaper per call than Node's `fetch`.
 * `headersTimeout`/`bodyTimeout` bound the wait for headers and between body
 * chunks.
 *
 * undici 8 throws while loading on a Node.js older than its floor
 * (`NODE_MINIMUM`), so it is imported only when a pool is first needed and
 * only on a Node.js that has it; older versions send with the runtime's
 * `fetch` (the transport of edge runtimes), and the core above keeps the same
 * retries, errors and timeouts. A caller's own `Dispatcher` is used on any
 * version: it needs nothing loaded.
 * @module
 */
import type { Dispatcher } from "undici";
import { NODE_MINIMUM, nodeAtLeast } from "../../node-version.js";
import { type Transport, type TransportOptions, timeoutError } from "./transport.js";
import { fetchTransport } from "./transport-fetch.js";

const UNDICI_TIMEOUTS = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** `#transport` on Node. */
export function createTransport(options: TransportOptions): Transport {
  if (options.fetch !== undefined || (options.dispatcher === undefined && !nodeAtLeast(NODE_MINIMUM))) {
    return fetchTransport(options.origin, options.fetch, withCause);
  }
  return undiciTransport(options);
}

/**
 * Node's `fetch` rejects with a bare "fetch failed" and puts the reason
 * (`connect ECONNREFUSED ...`, its `code`) in `cause`; the error the caller
 * sees then says why, as the undici transport's does. Other runtimes put the
 * reason in the message already, so only Node's transport needs this.
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

/** Over the caller's `Dispatcher`, or over a pool of its own made on first use. */
function undiciTransport(options: TransportOptions): Transport {
  const own = options.dispatcher === undefined;
  let dispatcher = options.dispatcher as Dispatcher | undefined;
  let loading: Promise<Dispatcher> | undefined;
  const pool = (): Promise<Dispatcher> =>
    (loading ??= import("undici").then(({ Pool }) => {
      dispatcher = new Pool(options.origin, { connections: 32, keepAliveTimeout: 10_000, pipelining: 1 });
      return dispatcher;
    }));
  return {
    async request(r) {
      // After the first call the pool is at hand: no extra await per request.
      const d = dispatcher ?? (await pool());
      try {
        const res = await d.request({
          origin: options.origin,
          path: r.path,
          method: r.method as Dispatcher.HttpMethod,
          headers: r.headers,
          body: r.body,
          signal: r.signal ?? null,
          headersTimeout: r.timeoutMs,
          bodyTimeout: r.timeoutMs,
        });
        const text = await res.body.text();
        const headers = res.headers;
        return {
          status: res.statusCode,
          text,
          header(name) {
            const v = headers[name];
            return Array.isArray(v) ? v[0] : v;
          },
        };
      } catch (error) {
        const code = (error as { code?: unknown })?.code;
        if (typeof code === "string" && UNDICI_TIMEOUTS.has(code)) throw timeoutError(r.timeoutMs);
        throw error;
      }
    },
    async close() {
      if (!own || loading === undefined) return;
      // a pool that never loaded has nothing to release
      const d = await loading.catch(() => undefined);
      await d?.close();
    },
  };
}
