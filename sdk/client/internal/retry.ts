import { ValidationError } from "../../errors.js";

/**
 * How the client retries. Only requests that are safe to repeat are retried
 * (see `Idempotency` in http.ts); the rest fail on the first error.
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 5 (so at most 6 attempts). */
  retries?: number;
  /** First backoff step in ms. Default 100. */
  baseDelayMs?: number;
  /** Cap of one backoff step in ms. Default 5000. */
  maxDelayMs?: number;
  /**
   * Longest wait the client accepts from `Retry-After` / `Burst-RateLimit-Reset`.
   * A server asking for more (a daily quota) fails at once instead. Default 60000.
   */
  maxRetryAfterMs?: number;
}

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 100,
  maxDelayMs: 5000,
  maxRetryAfterMs: 60_000,
};

export function resolveRetry(opt: RetryOptions | false | undefined): RetryPolicy {
  if (opt === false) return { ...DEFAULT_RETRY, retries: 0 };
  const p = { ...DEFAULT_RETRY, ...stripUndefined(opt ?? {}) };
  for (const k of ["retries", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
    const v = p[k];
    if (!Number.isInteger(v) || v < 0)
      throw new ValidationError(`retry.${k}`, `expected an integer >= 0, got ${v}`);
  }
  return p;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Backoff before retry number `retry` (1-based): capped exponential with
 * "equal jitter", so waits never collapse to zero and concurrent clients
 * spread out: `d = min(max, base * 2^(retry-1))`, wait in `[d/2, d]`.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(d / 2 + (random() * d) / 2);
}

type HeaderGetter = (name: string) => string | undefined;

/**
 * The wait the server asked for, in ms, from `Retry-After` (seconds or an
 * HTTP date) or `Burst-RateLimit-Reset` / `RateLimit-Reset` (unix seconds).
 * `undefined` when it said nothing usable.
 */
export function serverWaitMs(get: HeaderGetter, now: number = Date.now()): number | undefined {
  const ra = get("retry-after");
  if (ra !== undefined && ra.trim() !== "") {
    const s = ra.trim();
    if (/^\d+(\.\d+)?$/.test(s)) return Math.max(0, Math.round(Number(s) * 1000));
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return Math.max(0, t - now);
  }
  const reset = resetAtMs(get);
  if (reset !== undefined) return Math.max(0, reset - now);
  return undefined;
}

/** When the rate limit resets (ms since epoch), from the `*RateLimit-Reset` headers. */
export function resetAtMs(get: HeaderGetter): number | undefined {
  for (const h of ["burst-ratelimit-reset", "ratelimit-reset"]) {
    const v = get(h);
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v.trim())) {
      const n = Number(v.trim());
      // Unix seconds per the docs; tolerate a server that sends milliseconds.
      return n > 1e12 ? Math.round(n) : Math.round(n * 1000);
    }
  }
  return undefined;
}

/**
 * Wait before the next attempt: the server's hint when it gave one (plus a
 * little jitter so a burst of clients does not return in lockstep), otherwise
 * exponential backoff. Returns `undefined` when the hint exceeds the cap, so
 * the caller gives up instead of sleeping for hours.
 */
export function nextDelayMs(
  retry: number,
  policy: RetryPolicy,
  hintMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (hintMs !== undefined) {
    if (hintMs > policy.maxRetryAfterMs) return undefined;
    return hintMs + Math.round(random() * Math.min(policy.baseDelayMs, 250));
  }
  return backoffMs(retry, policy, random);
}
