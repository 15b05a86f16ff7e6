/**
 * One error tree for the whole package, rooted in `PulumiQStashError`, with
 * stable `code`s that callers can switch on. No error ever carries a token or
 * signing key: messages are built from method, path, status and the server's
 * own message only.
 *
 * @example
 * ```ts
 * try { await client.schedules.get("nightly"); }
 * catch (e) { if (e instanceof NotFoundError) create(); else throw e; }
 * ```
 * @module
 */

/**
 * Base class of everything the package throws: the client's `QStashError`
 * tree, the receiver's `SignatureError` and the provider's refusals. Each
 * subclass gives a stable `code` meant to be switched on (and `cause` through
 * the standard option). Empty at run time, so the receiver's bundle descends
 * from it for a few bytes and, as every class here is free of side effects,
 * without the client's classes.
 *
 * @example
 * ```ts
 * try { await run(); } catch (e) { if (e instanceof PulumiQStashError) console.error(e.code); else throw e; }
 * ```
 */
export abstract class PulumiQStashError extends Error {
  abstract readonly code: string;
}

/** Stable machine-readable error codes. */
export type QStashErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "NOT_FOUND"
  | "CONFLICT"
  | "QUOTA_EXCEEDED"
  | "RATE_LIMITED"
  | "SERVER_ERROR"
  | "HTTP_ERROR"
  | "CONNECTION_ERROR"
  | "TIMEOUT"
  | "INVALID_INPUT"
  | "INVALID_RESPONSE";

/**
 * Each code's class name, spelled out: a minified bundle renames classes, so
 * `new.target.name` would read `"Y"` where users match on `err.name`.
 */
const NAMES: Record<QStashErrorCode, string> = {
  BAD_REQUEST: "BadRequestError",
  UNAUTHORIZED: "UnauthorizedError",
  NOT_FOUND: "NotFoundError",
  CONFLICT: "ConflictError",
  QUOTA_EXCEEDED: "QuotaExceededError",
  RATE_LIMITED: "RateLimitedError",
  SERVER_ERROR: "ServerError",
  HTTP_ERROR: "HttpError",
  CONNECTION_ERROR: "ConnectionError",
  TIMEOUT: "TimeoutError",
  INVALID_INPUT: "ValidationError",
  INVALID_RESPONSE: "InvalidResponseError",
};

/** Where a failed request went; never includes credentials or query strings. */
export interface RequestInfo {
  method?: string | undefined;
  path?: string | undefined;
  status?: number | undefined;
  /** How many attempts were made before giving up (1 = no retry). */
  attempts?: number | undefined;
}

/**
 * Base class of every error the client raises (under the package's root,
 * `PulumiQStashError`).
 *
 * @example
 * ```ts
 * if (err instanceof QStashError) console.error(err.code, err.status, err.message);
 * ```
 */
export class QStashError extends PulumiQStashError {
  // Fields here and below are `declare`d: each constructor sets them all, so
  // no separate (empty) field definitions need to be emitted.
  declare readonly code: QStashErrorCode;
  declare readonly method: string | undefined;
  declare readonly path: string | undefined;
  declare readonly status: number | undefined;
  declare readonly attempts: number | undefined;
  /** The server's own message (the `error` field of its JSON body), if any. */
  declare readonly serverMessage: string | undefined;

  constructor(
    code: QStashErrorCode,
    message: string,
    info: RequestInfo = {},
    serverMessage?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target === QStashError ? "QStashError" : NAMES[code];
    this.code = code;
    this.method = info.method;
    this.path = info.path;
    this.status = info.status;
    this.attempts = info.attempts;
    this.serverMessage = serverMessage;
  }
}

function describe(info: RequestInfo, serverMessage: string | undefined, fallback: string): string {
  const where = info.method && info.path ? `${info.method} ${info.path}` : "request";
  const status = info.status !== undefined ? ` failed with ${info.status}` : " failed";
  return `${where}${status}: ${serverMessage ?? fallback}`;
}

/** A per-status error class: built from where the request went and the server's message. */
type StatusErrorClass = new (info: RequestInfo, serverMessage?: string) => QStashError;

/**
 * The base of the per-status classes below: each only names its code and the
 * words used when the server said nothing, so the message format lives here once.
 * Marked pure so a bundle that never uses a status class drops it.
 */
function statusError(code: QStashErrorCode, fallback: string): StatusErrorClass {
  return class extends QStashError {
    constructor(info: RequestInfo, serverMessage?: string) {
      super(code, describe(info, serverMessage, fallback), info, serverMessage);
    }
  };
}

/** 400: the server rejected the request as invalid. */
export class BadRequestError extends /* @__PURE__ */ statusError("BAD_REQUEST", "bad request") {}

/** 401/403: the token is missing, wrong, or may not do this. */
export class UnauthorizedError extends /* @__PURE__ */ statusError(
  "UNAUTHORIZED",
  "unauthorized; check the QStash token (qstash:token or QSTASH_TOKEN)",
) {}

/** 404: the URL group, schedule, queue or message does not exist. */
export class NotFoundError extends /* @__PURE__ */ statusError("NOT_FOUND", "not found") {}

/** 409: conflicting state. */
export class ConflictError extends /* @__PURE__ */ statusError("CONFLICT", "conflict") {}

/** 412: a plan quota (schedules, queues, parallelism) is exhausted. */
export class QuotaExceededError extends /* @__PURE__ */ statusError("QUOTA_EXCEEDED", "quota exceeded") {}

/** 5xx: the server failed. */
export class ServerError extends /* @__PURE__ */ statusError("SERVER_ERROR", "server error") {}

/** Any other non-2xx status. */
export class HttpError extends /* @__PURE__ */ statusError("HTTP_ERROR", "unexpected status") {}

/** What a 429 said about the limit; every field only when the server sent it. */
export interface RateLimits {
  resetAt?: number | undefined;
  limit?: number | undefined;
  remaining?: number | undefined;
}

/** 429: rate limited. `resetAt` is when the limit resets (ms since epoch), if the server said. */
export class RateLimitedError extends /* @__PURE__ */ statusError("RATE_LIMITED", "rate limited") {
  declare readonly resetAt: number | undefined;
  declare readonly limit: number | undefined;
  declare readonly remaining: number | undefined;
  constructor(info: RequestInfo, serverMessage?: string, limits: RateLimits = {}) {
    super(info, serverMessage);
    this.resetAt = limits.resetAt;
    this.limit = limits.limit;
    this.remaining = limits.remaining;
  }
}

/** The connection failed or was reset before a response arrived. */
export class ConnectionError extends QStashError {
  constructor(info: RequestInfo, cause?: unknown) {
    const detail = cause instanceof Error ? cause.message : "connection failed";
    super(
      "CONNECTION_ERROR",
      describe({ ...info, status: undefined }, detail, detail),
      info,
      undefined,
      // No `cause` property at all when there is none.
      cause === undefined ? undefined : { cause },
    );
  }
}

/** No response within the configured timeout. */
export class TimeoutError extends QStashError {
  constructor(info: RequestInfo, timeoutMs: number) {
    super(
      "TIMEOUT",
      describe({ ...info, status: undefined }, `timed out after ${timeoutMs} ms`, "timed out"),
      info,
    );
  }
}

/**
 * Input refused before any request was sent. `field` names the property
 * (dotted path) and the message says what was expected.
 *
 * @example
 * ```ts
 * new ValidationError("retries", "expected an integer >= 0, got -1");
 * ```
 */
export class ValidationError extends QStashError {
  declare readonly field: string;
  /** What was expected, without the field name. */
  declare readonly expected: string;
  constructor(field: string, expected: string) {
    super("INVALID_INPUT", `${field}: ${expected}`);
    this.field = field;
    this.expected = expected;
  }
}

/**
 * A 2xx response whose body did not have the documented shape (for example a
 * proxy's HTML page, or a schedule without `scheduleId`). Not retried.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof InvalidResponseError) console.error(e.issues); }
 * ```
 */
export class InvalidResponseError extends QStashError {
  /** Where the body differed from the expected shape, e.g. `[0].scheduleId: expected string`. */
  declare readonly issues: string;
  constructor(info: RequestInfo, issues: string) {
    super(
      "INVALID_RESPONSE",
      describe(info, `unexpected response body (${issues})`, "unexpected response"),
      info,
    );
    this.issues = issues;
  }
}

/** Map an HTTP status to the right error class. */
export function errorForStatus(
  info: RequestInfo & { status: number },
  serverMessage: string | undefined,
  rate?: RateLimits,
): QStashError {
  const s = info.status;
  // The classes other than RateLimitedError ignore `rate`.
  const byStatus: Record<number, new (i: RequestInfo, m?: string, r?: RateLimits) => QStashError> = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: UnauthorizedError,
    404: NotFoundError,
    409: ConflictError,
    412: QuotaExceededError,
    429: RateLimitedError,
  };
  return new (byStatus[s] ?? (s >= 500 ? ServerError : HttpError))(info, serverMessage, rate);
}

/** Stable codes of signature verification failures. */
export type SignatureErrorCode =
  | "MISSING_SIGNATURE"
  | "MALFORMED_TOKEN"
  | "UNSUPPORTED_ALGORITHM"
  | "INVALID_SIGNATURE"
  | "INVALID_ISSUER"
  | "MISSING_CLAIM"
  | "INVALID_CLAIM"
  | "EXPIRED"
  | "NOT_YET_VALID"
  | "URL_MISMATCH"
  | "BODY_MISMATCH"
  | "RAW_BODY_REQUIRED"
  | "MISSING_KEYS";

/**
 * A delivery failed verification. `code` says why; the message explains how to
 * fix the usual causes and never contains a signing key.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof SignatureError && e.code === "EXPIRED") ... }
 * ```
 */
export class SignatureError extends PulumiQStashError {
  declare readonly code: SignatureErrorCode;
  constructor(code: SignatureErrorCode, message: string) {
    super(message);
    // Spelled out: minified bundles rename the class.
    this.name = "SignatureError";
    this.code = code;
  }
}
