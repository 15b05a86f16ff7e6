/**
 * What the HTTP core needs from a transport: one request, one response, the
 * body read as text. Two implementations, picked by the package's
 * `#transport` import: an undici keep-alive pool on Node
 * (`transport-undici.node.ts`), `fetch` on Workers, edge runtimes, Deno, Bun
 * and browsers (`transport-fetch.ts`). Retries, errors and timeouts live in
 * the core, above both.
 * @module
 */

/** One attempt of one API call. */
export interface TransportRequest {
  method: string;
  /** Path and query below the origin. */
  path: string;
  headers: Record<string, string>;
  body: string | null;
  signal: AbortSignal | undefined;
  /** Per-attempt timeout; a transport that runs out rejects with {@link timeoutError}. */
  timeoutMs: number;
}

/** The response of one attempt, body read. */
export interface TransportResponse {
  status: number;
  text: string;
  /** A response header by lower-case name. */
  header(name: string): string | undefined;
}

/** Sends attempts to one origin. */
export interface Transport {
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Releases pooled connections the transport owns. */
  close(): Promise<void>;
}

/** How the client asks for a transport. */
export interface TransportOptions {
  /** `scheme://host:port` of the API. */
  origin: string;
  /** Node only: a caller's undici `Dispatcher` instead of the transport's own pool. */
  dispatcher?: unknown;
  /** A caller's `fetch`, sent with instead of the runtime's default. */
  fetch?: typeof fetch | undefined;
}

/** The `code` a transport's timeout error carries, mapped to `TimeoutError` by the core. */
export const TIMEOUT_CODE = "TRANSPORT_TIMEOUT";

/** An error that says the attempt ran out of time. */
export function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no response within ${ms} ms`), { code: TIMEOUT_CODE });
}
