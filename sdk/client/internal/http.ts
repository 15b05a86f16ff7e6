import { createTransport } from "#transport";
import {
  ConnectionError,
  errorForStatus,
  InvalidResponseError,
  QStashError,
  RateLimitedError,
  TimeoutError,
} from "../../errors.js";
import { pathForErrors } from "./path.js";
import { nextDelayMs, type RetryPolicy, resetAtMs, serverWaitMs } from "./retry.js";
import type { Shape } from "./shapes.js";
import { TIMEOUT_CODE, type Transport, type TransportResponse } from "./transport.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * What a method adds to its HTTP method and path. Every field defaults to the
 * common case, so most methods only name their path and response shape.
 */
export interface RequestSpec<T = unknown> {
  /** A JSON body, serialised here and sent as `application/json`. */
  json?: unknown;
  /** A raw body, sent as is (publish, schedules). */
  body?: string | undefined;
  headers?: Record<string, string>;
  /**
   * Whether repeating the request cannot change the outcome (GET, DELETE,
   * upserts, a schedule create with a fixed id, a publish with a
   * deduplication id). Default true: reads, deletes, upserts and the fixed-id
   * writes of this client all are. Only these are retried after a 5xx, a
   * timeout or a dropped connection; a 429 is retried for every request
   * because the server refused it before doing anything.
   */
  idempotent?: boolean;
  /**
   * For deletes: a 404 that follows an attempt whose outcome is unknown
   * (5xx, reset, timeout) means that attempt already did the work. With
   * `expect`, `gone` is the answer then (the response body never came).
   */
  goneIsDone?: boolean;
  gone?: T;
  /** Parse the 2xx body and check it with this shape; without one the body is ignored. */
  expect?: Shape<T>;
}

/** One API call: a spec plus where it goes. */
export interface Call extends RequestSpec {
  method: HttpMethod;
  /** Path (and query) already built with `segment()` / `rawDestination()`. */
  path: string;
  signal?: AbortSignal | undefined;
}

export interface HttpCoreOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Node only: an undici `Dispatcher` for the Node transport (default: its own keep-alive pool). */
  dispatcher?: unknown;
  /** A `fetch` to send with instead of the runtime's default transport. */
  fetch?: typeof fetch | undefined;
  userAgent: string;
}

// Failures before the request reached the server (Node's codes, Bun's spelling): safe to retry.
const CONNECTION_REFUSED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ConnectionRefused"]);
// After these an idempotent request may go again: the server may or may not have acted.
const AMBIGUOUS = new Set(["SERVER_ERROR", "CONNECTION_ERROR", "TIMEOUT"]);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The first string `code` on the error or its causes (Node puts it a level or two down). */
function errCode(e: unknown): string | undefined {
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === "string") return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The one HTTP core: per-request timeouts, abort signals, error mapping,
 * retries and response checks over the transport `#transport` picks (an
 * undici pool on Node, `fetch` elsewhere). Resource files never touch the
 * transport.
 */
export class HttpCore {
  readonly #basePath: string;
  readonly #token: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #transport: Transport;
  #closed: Promise<void> | undefined;

  constructor(o: HttpCoreOptions) {
    const { origin, pathname } = new URL(o.baseUrl);
    this.#basePath = pathname.replace(/\/+$/, "");
    this.#token = o.token;
    this.#headers = { authorization: `Bearer ${o.token}`, "user-agent": o.userAgent };
    this.#timeoutMs = o.timeoutMs;
    this.#retry = o.retry;
    this.#transport = createTransport({ origin, dispatcher: o.dispatcher, fetch: o.fetch });
  }

  /**
   * Send a call, retrying as its idempotency allows; resolves with the
   * checked body when the call `expect`s one (fields the shape does not name
   * pass through), else with nothing.
   */
  async send(call: Call): Promise<unknown> {
    if (this.#closed) {
      throw new ConnectionError(this.#info(call), new Error("the client was closed with close()"));
    }
    const json = call.json !== undefined;
    const request = {
      method: call.method,
      path: this.#basePath + call.path,
      headers: { ...(json && { "content-type": "application/json" }), ...call.headers, ...this.#headers },
      body: (json ? JSON.stringify(call.json) : call.body) ?? null,
      signal: call.signal,
      timeoutMs: this.#timeoutMs,
    };
    const policy = this.#retry;
    let attempts = 0;
    let ambiguous = false;
    for (;;) {
      attempts++;
      // What the server asked to wait (429/503), and whether the connection was
      // refused before the request reached the server: read here, not stored on the error.
      let hint: number | undefined;
      let refused = false;
      let err: TransportResponse | QStashError;
      try {
        err = await this.#transport.request(request);
      } catch (e) {
        if (call.signal?.aborted) throw call.signal.reason ?? e;
        const code = errCode(e);
        refused = CONNECTION_REFUSED.has(code as string);
        const info = this.#info(call, undefined, attempts);
        err =
          code === TIMEOUT_CODE
            ? new TimeoutError(info, this.#timeoutMs)
            : new ConnectionError(info, e instanceof Error ? this.#scrubError(e) : e);
      }
      if (!(err instanceof QStashError)) {
        const res = err;
        if (res.status >= 200 && res.status < 300) return call.expect && this.#parse(call, res);
        if (res.status === 404 && ambiguous && call.goneIsDone) return call.gone;
        if (res.status === 429 || res.status === 503) hint = serverWaitMs(res.header);
        err = this.#statusError(call, res, attempts);
      }
      // Refused or rate limited: the server did nothing, so any request may go again.
      const untouched = refused || err instanceof RateLimitedError;
      const retryable = AMBIGUOUS.has(err.code) || err.status === 408;
      if (!(untouched || (call.idempotent !== false && retryable)) || attempts > policy.retries) throw err;
      if (!untouched) ambiguous = true;
      const wait = nextDelayMs(attempts, policy, hint);
      if (wait === undefined) throw err;
      await sleep(wait, call.signal);
    }
  }

  /**
   * Release pooled connections (only when the client created the pool). Calls
   * made afterwards fail at once; closing again resolves with the first close.
   */
  close(): Promise<void> {
    this.#closed ??= this.#transport.close().then(() => undefined);
    return this.#closed;
  }

  /** The JSON body checked with the call's shape; a body that is not JSON or not that shape is an error. */
  #parse(call: Call, res: TransportResponse): unknown {
    try {
      return call.expect!(res.text === "" ? undefined : JSON.parse(res.text));
    } catch (e) {
      const why = e instanceof SyntaxError ? "body is not JSON" : (e as Error).message;
      throw new InvalidResponseError(this.#info(call, res.status), why);
    }
  }

  #info(call: Call, status?: number, attempts?: number) {
    return { method: call.method, path: this.#basePath + pathForErrors(call.path), status, attempts };
  }

  /** `s` with the token replaced by `***`. */
  #scrub(s: string): string {
    return this.#token === "" ? s : s.split(this.#token).join("***");
  }

  /** A transport error whose message holds the token, rebuilt without it (its `code` kept). */
  #scrubError(e: Error): Error {
    const message = this.#scrub(e.message);
    if (message === e.message) return e;
    return Object.assign(new Error(message), { code: (e as { code?: unknown }).code });
  }

  #statusError(call: Call, res: TransportResponse, attempts: number): QStashError {
    const get = res.header;
    let message: string | undefined;
    if (res.text) {
      try {
        const j = JSON.parse(res.text) as { error?: unknown; message?: unknown };
        message =
          typeof j.error === "string" ? j.error : typeof j.message === "string" ? j.message : undefined;
      } catch {
        // not JSON: keep the text
      }
      message = this.#scrub(message ?? (res.text.length > 300 ? `${res.text.slice(0, 300)}…` : res.text));
    }
    // `Burst-RateLimit-*` first (the per-second limit), then the daily `RateLimit-*`.
    const num = (n: string) => {
      const v = Number(get(`burst-${n}`) || get(n) || Number.NaN);
      return Number.isFinite(v) ? v : undefined;
    };
    return errorForStatus({ ...this.#info(call, res.status, attempts), status: res.status }, message, {
      resetAt: resetAtMs(get),
      limit: num("ratelimit-limit"),
      remaining: num("ratelimit-remaining"),
    });
  }
}
