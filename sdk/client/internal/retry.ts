import { ValidationError } from "../../errors.js";
import { int } from "./validate.js";

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
  /**
   * The wait in ms before retry number `retryCount + 1` (0 for the first
   * retry), as the official SDK's `retry.backoff`. Replaces the built-in
   * exponential backoff; a `Retry-After` from the server still wins.
   */
  backoff?: (retryCount: number) => number;
}

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  backoff?: ((retryCount: number) => number) | undefined;
}

export const DEFAULT_RETRY = {
  retries: 5,
  baseDelayMs: 100,
  maxDelayMs: 5000,
  maxRetryAfterMs: 60_000,
} satisfies RetryPolicy;

export function resolveRetry(opt: RetryOptions | false | undefined): RetryPolicy {
  if (opt === false) return { ...DEFAULT_RETRY, retries: 0 };
  const p: RetryPolicy = { ...DEFAULT_RETRY };
  for (const k of Object.keys(DEFAULT_RETRY) as Array<keyof typeof DEFAULT_RETRY>)
    p[k] = int(opt?.[k] ?? p[k], `retry.${k}`);
  if (opt?.backoff !== undefined) {
    if (typeof opt.backoff !== "function") throw new ValidationError("retry.backoff", "expected a function");
    p.backoff = opt.backoff;
  }
  return p;
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
  const ra = get("retry-after")?.trim();
  let at = ra ? (SECONDS.test(ra) ? now + Number(ra) * 1000 : Date.parse(ra)) : Number.NaN;
  if (Number.isNaN(at)) at = resetAtMs(get) ?? Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round(at - now));
}

const SECONDS = /^\d+(\.\d+)?$/;

/** When the rate limit resets (ms since epoch), from the `*RateLimit-Reset` headers. */
export function resetAtMs(get: HeaderGetter): number | undefined {
  for (const h of ["burst-ratelimit-reset", "ratelimit-reset"]) {
    const v = get(h)?.trim();
    // Unix seconds per the docs; tolerate a server that sends milliseconds.
    if (v && SECONDS.test(v)) return Math.round(Number(v) > 1e12 ? Number(v) : Number(v) * 1000);
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
  if (policy.backoff) {
    const ms = policy.backoff(retry - 1);
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
  }
  return backoffMs(retry, policy, random);
}
