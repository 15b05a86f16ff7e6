import { ValidationError } from "../../errors.js";
import {
  DURATION_PATTERN,
  durationToSeconds,
  HTTP_METHODS,
  isEndpointName,
  isHttpMethod,
  isHttpUrl,
  isLabel,
  isResourceName,
  MAX_FLOW_CONTROL_PERIOD_SECONDS,
} from "../../qstash-rules.js";

// Client-side checks that run before any request, so bad input fails fast
// with the name of the offending field instead of a server 400 (or worse, a
// request that half-succeeds). Each returns the value it accepted and refuses
// with `<field>: expected <what>`, followed by the value when it cannot be a
// secret (never a header value or a URL, which may carry credentials).

/** Returns `value` when `ok`, else throws a `ValidationError` for `field`. */
function need<T>(ok: boolean, value: unknown, field: string, what: string, show = false): T {
  if (!ok)
    throw new ValidationError(field, `expected ${what}${show ? `, got ${JSON.stringify(value)}` : ""}`);
  return value as T;
}

const isText = (value: unknown): value is string => typeof value === "string" && value !== "";

/** A URL-group, queue or schedule name: `^[A-Za-z0-9._-]+$` (ledger N1), not `.` or `..`. */
export const name = (value: unknown, field: string): string =>
  need(
    isText(value) && isResourceName(value) && value !== "." && value !== "..",
    value,
    field,
    'a name of letters, digits, ".", "_" and "-" (not "." or "..")',
    true,
  );

/** An endpoint name: any non-empty string, spaces included (ledger N2). */
export const endpointName = (value: unknown, field: string): string =>
  need(isText(value) && isEndpointName(value), value, field, "a non-empty endpoint name");

/** A label: non-empty, without a comma (labels are sent comma-separated; ledger N3). */
export const label = (value: unknown, field: string): string =>
  need(
    isText(value) && isLabel(value),
    value,
    field,
    "a non-empty label without commas or line breaks",
    true,
  );

/**
 * An absolute http:// or https:// URL, returned exactly as written (ledger
 * U1): QStash stores, signs and delivers to what it was sent, so nothing is
 * rewritten. What a URL parser would silently change on the way (a
 * `#fragment`, which is never sent; whitespace or non-ASCII characters,
 * which get percent-encoded; `.`/`..` path segments, which get collapsed) is
 * refused instead, so what QStash stores is what the caller wrote.
 */
export const httpUrl = (value: unknown, field: string): string =>
  need(
    isText(value) &&
      isHttpUrl(value) &&
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      !/[#\s\u0000-\u001f\u007f-\uffff]/.test(value) &&
      !/^[^?]*\/(\.|%2e){1,2}(\/|\?|$)/i.test(value.replace(/^https?:\/\//i, "")),
    value,
    field,
    'an http(s) URL written as sent: no #fragment, no whitespace or non-ASCII (percent-encode them), no "." or ".." segments',
  );

/** A schedule destination: an http(s) URL, or else the name of a URL group. */
export const destination = (value: unknown, field: string): string =>
  typeof value === "string" && /^[a-z][a-z0-9+.-]*:/i.test(value)
    ? httpUrl(value, field)
    : name(value, field);

/** An integer >= `min` (0 by default). */
export const int = (value: unknown, field: string, min = 0): number =>
  need(Number.isInteger(value) && (value as number) >= min, value, field, `an integer >= ${min}`, true);

/**
 * A duration (`delay`, `timeout`, a flow-control `period`): whole seconds as
 * a number, or `<n>s|m|h|d` parts such as `50s` or `1d10h30m` (ledger D1). A
 * number is sent as `<n>s`.
 */
export const delay = (value: unknown, field: string): string =>
  typeof value === "number"
    ? `${int(value, field)}s`
    : need(
        typeof value === "string" && DURATION_PATTERN.test(value),
        value,
        field,
        'whole seconds or a duration like "30s", "5m", "1h" or "1d10h30m"',
        true,
      );

/** `timeout`: the same forms as {@link delay}. */
export const timeout = delay;

/** A flow-control period: a {@link delay} of at most one week (ledger F1). */
export const period = (value: unknown, field: string): string => {
  const text = delay(value, field);
  need(
    durationToSeconds(text) <= MAX_FLOW_CONTROL_PERIOD_SECONDS,
    value,
    field,
    "a period of at most one week (604800 seconds)",
    true,
  );
  return text;
};

/** The HTTP method QStash uses to call the destination (ledger M1). */
export const method = (value: unknown, field: string): string =>
  need(isText(value) && isHttpMethod(value), value, field, `one of ${HTTP_METHODS.join(", ")}`, true);

/** A non-empty string without CR/LF (it travels in a header). */
export const headerValue = (value: unknown, field: string): string =>
  need(isText(value) && !/[\r\n]/.test(value), value, field, "a non-empty string without line breaks");

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
  const [, zone, fields = ""] = /^(?:CRON_TZ=(\S+)\s+)?(.*)$/.exec(expr) ?? [];
  if (zone !== undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
    } catch {
      throw new ValidationError(field, `unknown time zone "${zone}" in CRON_TZ=`);
    }
  }
  return need(
    fields.split(/\s+/).length === 5 && !/[=@]/.test(fields),
    expr,
    field,
    "5 fields (minute hour day-of-month month day-of-week), optionally after CRON_TZ=<IANA zone>",
    true,
  );
}
