import { createTransport } from "#transport";
import {
  ConnectionError,
  errorForStatus,
  InvalidResponseError,
  type QStashError,
  RateLimitedError,
  TimeoutError,
} from "../../errors.js";
import { pathForErrors } from "./path.js";
import { nextDelayMs, type RetryPolicy, resetAtMs, serverWaitMs } from "./retry.js";
import type { Shape } from "./shapes.js";
import { TIMEOUT_CODE, type Transport, type TransportResponse } from "./transport.js";
import { fetchTransport } from "./transport-fetch.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One API call as the resource files describe it. */
export interface Call {
  method: HttpMethod;
  /** Path (and query) already built with `segment()` / `rawDestination()`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | undefined;
  /**
   * Whether repeating the request cannot change the outcome (GET, DELETE,
   * upserts, a schedule create with a fixed id, a publish with a
   * deduplication id). Only these are retried after a 5xx, a timeout or a
   * dropped connection; a 429 is retried for every request because the
   * server refused it before doing anything.
   */
  idempotent: boolean;
  /**
   * For deletes: a 404 that follows an attempt whose outcome is unknown
   * (5xx, reset, timeout) means that attempt already did the work.
   */
  notFoundAfterAmbiguousIsDone?: boolean;
  /** What `json()` answers in that case (the response body never came). */
  goneAnswer?: unknown;
  /** Per-call override of the client's retry policy (`false` = no retry). */
  retry?: RetryPolicy;
  signal?: AbortSignal | undefined;
}

/** A 2xx response, body read. */
export type Response = TransportResponse;

/** The answer to a delete whose 404 shows an earlier, unanswered attempt did the work. */
const GONE: Response = { status: 200, text: "", header: () => undefined };

export interface HttpCoreOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Node only: an undici `Dispatcher` for the Node transport (default: its own keep-alive pool). */
  dispatcher?: unknown;
  /** A `fetch` to send with instead of the runtime's default transport. */
  fetch?: typeof fetch | undefined;
  /** Injected in tests so backoff does not slow them down. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  userAgent?: string;
}

// Failures before the request reached the server (Node's codes, Bun's spelling): safe to retry.
const CONNECTION_REFUSED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ConnectionRefused"]);

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

function errCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === "string") return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The one HTTP core: per-request timeouts, abort signals, error mapping and
 * retries over the transport `#transport` picks (an undici pool on Node,
 * `fetch` elsewhere). Resource files never touch the transport.
 */
export class HttpCore {
  readonly baseUrl: string;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #token: string;
  readonly #auth: string;
  readonly #timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly #transport: Transport;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #userAgent: string;
  #closed: Promise<void> | undefined;

  constructor(o: HttpCoreOptions) {
    this.baseUrl = o.baseUrl;
    const u = new URL(o.baseUrl);
    this.#origin = u.origin;
    this.#basePath = u.pathname.replace(/\/+$/, "");
    this.#token = o.token;
    this.#auth = `Bearer ${o.token}`;
    this.#timeoutMs = o.timeoutMs;
    this.retry = o.retry;
    this.#transport = o.fetch
      ? fetchTransport(this.#origin, o.fetch)
      : createTransport({ origin: this.#origin, dispatcher: o.dispatcher });
    this.#sleep = o.sleep ?? sleep;
    this.#userAgent = o.userAgent ?? "pulumi-qstash";
  }

  /** Send a call, retrying as its idempotency allows; resolves with a 2xx response. */
  async send(call: Call): Promise<Response> {
    if (this.#closed) {
      throw new ConnectionError(this.#info(call), new Error("the client was closed with close()"));
    }
    const policy = call.retry ?? this.retry;
    let attempts = 0;
    let ambiguous = false;
    for (;;) {
      attempts++;
      let err: QStashError;
      // What the server asked to wait (429/503), and whether the connection was
      // refused before the request reached the server: read here, not stored on the error.
      let hint: number | undefined;
      let refused = false;
      try {
        const res = await this.#once(call);
        if (res.status >= 200 && res.status < 300) return res;
        if (res.status === 404 && ambiguous && call.notFoundAfterAmbiguousIsDone) return GONE;
        err = this.#statusError(call, res, attempts);
        if (res.status === 429 || res.status === 503) hint = serverWaitMs(res.header);
      } catch (e) {
        if (call.signal?.aborted) throw call.signal.reason ?? e;
        const code = errCode(e);
        refused = code !== undefined && CONNECTION_REFUSED.has(code);
        err =
          code === TIMEOUT_CODE
            ? new TimeoutError(this.#info(call, undefined, attempts), this.#timeoutMs)
            : new ConnectionError(this.#info(call, undefined, attempts), scrubError(e, this.#token));
      }
      // Refused or rate limited: the server did nothing, so any request may go again.
      const untouched = refused || err instanceof RateLimitedError;
      if (!(untouched || (call.idempotent && retryable(err))) || attempts > policy.retries) throw err;
      if (!untouched) ambiguous = true;
      const wait = nextDelayMs(attempts, policy, hint);
      if (wait === undefined) throw err;
      await this.#sleep(wait, call.signal);
    }
  }

  /** Send, parse the JSON body and check it with `shape` (fields it does not name pass through). */
  async json<T>(call: Call, shape: Shape<T>): Promise<T> {
    const res = await this.send(call);
    if (res === GONE) return call.goneAnswer as T;
    try {
      return shape(res.text === "" ? undefined : JSON.parse(res.text));
    } catch (e) {
      const why = e instanceof SyntaxError ? "body is not JSON" : (e as Error).message;
      throw new InvalidResponseError(this.#info(call, res.status), why);
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

  #once(call: Call): Promise<Response> {
    return this.#transport.request({
      method: call.method,
      path: this.#basePath + call.path,
      headers: { ...call.headers, authorization: this.#auth, "user-agent": this.#userAgent },
      body: call.body ?? null,
      signal: call.signal,
      timeoutMs: this.#timeoutMs,
    });
  }

  #info(call: Call, status?: number, attempts?: number) {
    return { method: call.method, path: this.#basePath + pathForErrors(call.path), status, attempts };
  }

  #scrub(s: string | undefined): string | undefined {
    if (s === undefined || this.#token === "") return s;
    return s.split(this.#token).join("***");
  }

  #statusError(call: Call, res: Response, attempts: number): QStashError {
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
      message ??= res.text.length > 300 ? `${res.text.slice(0, 300)}…` : res.text;
    }
    // `Burst-RateLimit-*` first (the per-second limit), then the daily `RateLimit-*`.
    const num = (n: string) => {
      const v = Number(get(`burst-${n}`) || get(n) || Number.NaN);
      return Number.isFinite(v) ? v : undefined;
    };
    return errorForStatus(
      { ...this.#info(call, res.status, attempts), status: res.status },
      this.#scrub(message),
      { resetAt: resetAtMs(get), limit: num("ratelimit-limit"), remaining: num("ratelimit-remaining") },
    );
  }
}

/** An idempotent request may go again after these: the server may or may not have acted. */
function retryable(err: QStashError): boolean {
  return (
    err.code === "SERVER_ERROR" ||
    err.code === "CONNECTION_ERROR" ||
    err.code === "TIMEOUT" ||
    err.status === 408
  );
}

function scrubError(e: unknown, token: string): unknown {
  if (!(e instanceof Error) || token === "" || !e.message.includes(token)) return e;
  return Object.assign(new Error(e.message.split(token).join("***")), {
    code: (e as { code?: unknown }).code,
  });
}
