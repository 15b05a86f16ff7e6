import { ValidationError } from "../../errors.js";
import {
  DURATION_PATTERN,
  HTTP_METHODS,
  isEndpointName,
  isHttpMethod,
  isHttpUrl,
  isLabel,
  isResourceName,
} from "../../qstash-rules.js";

// Client-side checks that run before any request, so bad input fails fast
// with the name of the offending field instead of a server 400 (or worse, a
// request that half-succeeds). Each returns the value it accepted.

/** A URL-group, queue or schedule name: `^[A-Za-z0-9._-]+$` (ledger N1), not `.` or `..`. */
export function name(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ValidationError(field, "expected a non-empty name");
  }
  if (!isResourceName(value)) {
    throw new ValidationError(
      field,
      `"${value}" may only contain letters, digits, ".", "_" and "-" (^[A-Za-z0-9._-]+$)`,
    );
  }
  if (value === "." || value === "..")
    throw new ValidationError(field, `"${value}" is not allowed as a name`);
  return value;
}

/** An endpoint name: any non-empty string, spaces included (ledger N2). */
export function endpointName(value: unknown, field: string): string {
  if (typeof value !== "string" || !isEndpointName(value)) {
    throw new ValidationError(field, "expected a non-empty endpoint name");
  }
  return value;
}

/** A label: non-empty, without a comma (labels are sent comma-separated; ledger N3). */
export function label(value: unknown, field: string): string {
  if (typeof value !== "string" || !isLabel(value)) {
    throw new ValidationError(field, "expected a non-empty label without commas or line breaks");
  }
  return value;
}

/**
 * An absolute http:// or https:// URL, returned exactly as written (ledger
 * U1): QStash stores, signs and delivers to what it was sent, so nothing is
 * rewritten. What a URL parser would silently change on the way (a
 * `#fragment`, which is never sent; whitespace or non-ASCII characters,
 * which get percent-encoded; `.`/`..` path segments, which get collapsed) is
 * refused instead, so what QStash stores is what the caller wrote.
 */
export function httpUrl(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ValidationError(field, "expected an http(s) URL");
  }
  if (!/^https?:\/\//i.test(value)) {
    throw new ValidationError(field, `"${value}" must start with http:// or https://`);
  }
  if (!isHttpUrl(value)) throw new ValidationError(field, `"${value}" is not a URL`);
  if (value.includes("#")) {
    throw new ValidationError(field, `"${value}" has a #fragment, which is never sent: remove it`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\s\u0000-\u001f\u007f-\uffff]/.test(value)) {
    throw new ValidationError(
      field,
      `"${value}" contains whitespace or non-ASCII characters: write them percent-encoded (%20 for a space)`,
    );
  }
  const path = value.replace(/^https?:\/\/[^/?]*/i, "").split("?")[0] ?? "";
  if (
    path
      .split("/")
      .some((p) => p === "." || p === ".." || /^%2e(%2e)?$/i.test(p) || p === ".%2e" || p === "%2e.")
  ) {
    throw new ValidationError(
      field,
      `"${value}" contains a "." or ".." path segment: write the resolved path`,
    );
  }
  return value;
}

/** A schedule destination: an http(s) URL, or else the name of a URL group. */
export function destination(value: unknown, field: string): string {
  if (typeof value === "string" && /^[a-z][a-z0-9+.-]*:/i.test(value)) return httpUrl(value, field);
  if (typeof value === "string" && value.includes("/")) {
    throw new ValidationError(field, `"${value}" is neither an http(s) URL nor a URL group name`);
  }
  return name(value, field);
}

/** A non-negative integer (retries, parallelism floors are checked by the caller). */
export function int(value: unknown, field: string, min = 0): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ValidationError(field, `expected an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** `delay`: whole seconds as a number, or a duration such as `50s`, `1d10h30m`. Sent as `<n>s`. */
export function delay(value: unknown, field: string): string {
  return duration(value, field, DURATION_PATTERN);
}

/** `timeout`: whole seconds as a number, or a duration such as `30s`, `2m`. */
export function timeout(value: unknown, field: string): string {
  return duration(value, field, DURATION_PATTERN);
}

function duration(value: unknown, field: string, re: RegExp): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0 || !Number.isInteger(value)) {
      throw new ValidationError(field, `expected whole seconds >= 0, got ${String(value)}`);
    }
    return `${value}s`;
  }
  if (typeof value !== "string" || !re.test(value)) {
    throw new ValidationError(
      field,
      `expected a duration like "30s", "5m", "1h" or "1d10h30m", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The HTTP method QStash uses to call the destination (ledger M1). */
export function method(value: unknown, field: string): string {
  if (typeof value !== "string" || !isHttpMethod(value)) {
    throw new ValidationError(
      field,
      `expected one of ${HTTP_METHODS.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A non-empty string without CR/LF (it travels in a header). */
export function headerValue(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0)
    throw new ValidationError(field, "expected a non-empty string");
  if (/[\r\n]/.test(value)) throw new ValidationError(field, "must not contain line breaks");
  return value;
}

/**
 * A cron expression's form (ledger C1): five fields (`min hour dom mon dow`),
 * optionally prefixed with `CRON_TZ=<IANA zone> `, the zone one this runtime
 * knows. Seconds fields, `TZ=` and descriptors such as `@daily` are refused
 * because QStash does not document them. The values inside the fields are
 * QStash's to judge: its 400 names the expression. The provider checks them
 * too, before any request (`provider/validators.ts`, with croner).
 */
export function cron(value: unknown, field = "cron"): string {
  const expr = typeof value === "string" ? value.trim() : "";
  const m = /^(?:CRON_TZ=(\S+)\s+)?(.*)$/.exec(expr)!;
  const zone = m[1];
  if (zone !== undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
    } catch {
      throw new ValidationError(field, `unknown time zone "${zone}" in CRON_TZ=`);
    }
  }
  const fields = m[2]!.split(/\s+/);
  if (fields.length !== 5 || /[=@]/.test(m[2]!)) {
    throw new ValidationError(
      field,
      `expected 5 fields (minute hour day-of-month month day-of-week), optionally after CRON_TZ=<IANA zone>, got ${JSON.stringify(value)}`,
    );
  }
  return expr;
}
