import { STATUS_CODES } from "node:http";
import type { LogRecord } from "./message-log.js";
import type { MessageRecord, ResponseRecord } from "./records.js";
import { canonicalHeaderKey } from "./validate.js";

/**
 * A delivery's life as a pure function: what one attempt's outcome does to a
 * message. The engine sends (I/O only, `Engine.send`), then applies what
 * `transition` decides; nothing here reads a clock, the network or the store.
 */

/** What came back from one attempt. */
export interface Outcome {
  /** HTTP status, or 0 when the connection failed or timed out. */
  status: number;
  /** Why the request itself failed (no status). */
  error?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Unix ms (real time) the answer arrived: `Retry-After` dates count from it. */
  receivedAt: number;
}

/** A log entry the transition writes, in order. */
export type LogStep = Pick<LogRecord, "state"> &
  Partial<Pick<LogRecord, "error" | "response" | "nextDeliveryTime">>;

/** What an attempt's outcome does to its message. */
export interface Transition {
  /** DELIVERED and FAILED end the message (FAILED into the DLQ); RETRY keeps it, due at `dueAt`. */
  state: "DELIVERED" | "RETRY" | "FAILED";
  /** Virtual ms of the next attempt (RETRY). */
  dueAt?: number;
  lastStatus: number;
  lastError: string | undefined;
  /** The attempt's response: what the callbacks get, and what a message that did not deliver keeps for the DLQ and the logs. */
  response: ResponseRecord;
  logs: LogStep[];
  /** Callbacks to enqueue (a callback's own delivery makes none). */
  callbacks: { url: string; failure: boolean }[];
  /** The line for the devserver's own log (FAILED). */
  notice?: string;
}

/** How long the next retry waits: QStash's backoff, the message's expression or the server's hint. */
export type RetryDelay = (m: MessageRecord, hintedMs: number | undefined) => number;

/**
 * The next state of `m` after one attempt that ended in `o`, at virtual time `now`:
 * 2xx delivers; 489 with `Upstash-NonRetryable-Error: true`, or a failure with no retry
 * left, fails into the DLQ; anything else retries after `retryDelay`. The callback gets
 * every response, the failure callback the last one.
 */
export function transition(m: MessageRecord, o: Outcome, now: number, retryDelay: RetryDelay): Transition {
  const spec = m.spec;
  const response = responseRecord(o.status, o.headers, o.body);
  const callbacks: Transition["callbacks"] = [];
  const own = !m.callbackOf;
  if (own && spec.callback) callbacks.push({ url: spec.callback, failure: false });
  const base = { lastStatus: o.status, lastError: o.error };

  if (o.status >= 200 && o.status < 300) {
    return { ...base, state: "DELIVERED", response, logs: [{ state: "DELIVERED" }], callbacks };
  }
  const reason = o.error ?? `${o.status} ${STATUS_CODES[o.status] ?? ""}`.trim();
  const logs: LogStep[] = [{ state: "ERROR", error: reason, response }];
  const nonRetryable =
    o.status === 489 && String(headerValue(o.headers, "upstash-nonretryable-error")).toLowerCase() === "true";
  if (nonRetryable || m.retried >= spec.retries) {
    logs.push({ state: "FAILED", error: `max retries reached (${m.retried + 1} attempt(s))` });
    if (own && spec.failureCallback) callbacks.push({ url: spec.failureCallback, failure: true });
    return {
      ...base,
      state: "FAILED",
      response,
      logs,
      callbacks,
      notice: `message ${m.messageId} to ${m.url} failed after ${m.retried + 1} attempt(s) (status ${o.status || o.error})`,
    };
  }
  const hinted =
    parseRetryAfter(headerValue(o.headers, "retry-after"), o.receivedAt) ??
    parseRetryAfter(headerValue(o.headers, "x-ratelimit-reset"), o.receivedAt) ??
    parseRetryAfter(headerValue(o.headers, "x-ratelimit-reset-requests"), o.receivedAt) ??
    parseRetryAfter(headerValue(o.headers, "x-ratelimit-reset-tokens"), o.receivedAt);
  // the delay counts this failure as a retry (`retried` + 1), as QStash's backoff does
  const dueAt = now + retryDelay({ ...m, retried: m.retried + 1 }, hinted);
  logs.push({ state: "RETRY", nextDeliveryTime: dueAt });
  return { ...base, state: "RETRY", dueAt, response, logs, callbacks };
}

const DAY_MS = 86_400_000;

/** Parses `Retry-After` / `X-RateLimit-Reset*`: seconds, an HTTP date, or a Go duration; ms, capped at a day. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(DAY_MS, Number(v) * 1000);
  const go = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(v);
  if (go) {
    let ms = 0;
    for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
      ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms"];
    }
    return Math.min(DAY_MS, ms);
  }
  const date = Date.parse(v);
  if (!Number.isNaN(date)) return Math.min(DAY_MS, Math.max(0, date - nowMs));
  return undefined;
}

function headerValue(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The response kept for the DLQ and the logs; header names canonicalised as QStash reports them. */
export function responseRecord(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): ResponseRecord {
  const header: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) header[canonicalHeaderKey(k)] = Array.isArray(v) ? v : [v];
  }
  return { status, header, body: body.toString("base64") };
}
