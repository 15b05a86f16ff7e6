import { Cron } from "croner";
import { ValidationError } from "../../errors.js";

// Client-side checks that run before any request, so bad input fails fast
// with the name of the offending field instead of a server 400 (or worse, a
// request that half-succeeds). Each returns the value it accepted.

const NAME = /^[A-Za-z0-9._-]+$/;

/** A URL-group, queue, endpoint or schedule name: `^[A-Za-z0-9._-]+$`, not `.` or `..`. */
export function name(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ValidationError(field, "expected a non-empty name");
  }
  if (!NAME.test(value)) {
    throw new ValidationError(
      field,
      `"${value}" may only contain letters, digits, ".", "_" and "-" (^[A-Za-z0-9._-]+$)`,
    );
  }
  if (value === "." || value === "..")
    throw new ValidationError(field, `"${value}" is not allowed as a name`);
  return value;
}

/** An absolute http:// or https:// URL. */
export function httpUrl(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ValidationError(field, "expected an http(s) URL");
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ValidationError(field, `"${value}" is not a URL; add http:// or https://`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new ValidationError(field, `"${value}" must start with http:// or https://`);
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

const DELAY = /^(\d+[smhd])+$/;
const TIMEOUT = /^(\d+[smhd])+$/;

/** `delay`: whole seconds as a number, or a duration such as `50s`, `1d10h30m`. Sent as `<n>s`. */
export function delay(value: unknown, field: string): string {
  return duration(value, field, DELAY);
}

/** `timeout`: whole seconds as a number, or a duration such as `30s`, `2m`. */
export function timeout(value: unknown, field: string): string {
  return duration(value, field, TIMEOUT);
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

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** The HTTP method QStash uses to call the destination. */
export function method(value: unknown, field: string): string {
  if (typeof value !== "string" || !METHODS.has(value)) {
    throw new ValidationError(
      field,
      `expected one of GET, POST, PUT, PATCH, DELETE, got ${JSON.stringify(value)}`,
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

const validCrons = new Set<string>();

/**
 * A 5-field cron expression (`min hour dom mon dow`), optionally prefixed with
 * `CRON_TZ=<IANA zone> `. Seconds fields, descriptors such as `@daily` and
 * `TZ=` are refused because QStash does not document them.
 */
export function cron(value: unknown, field = "cron"): string {
  if (typeof value === "string" && validCrons.has(value)) return value.trim();
  if (typeof value !== "string" || value.trim().length === 0) {
    throw new ValidationError(field, 'expected a cron expression such as "*/5 * * * *"');
  }
  let expr = value.trim();
  let zone: string | undefined;
  const tz = /^CRON_TZ=(\S+)\s+(.*)$/.exec(expr);
  if (tz) {
    zone = tz[1]!;
    expr = tz[2]!.trim();
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
    } catch {
      throw new ValidationError(field, `unknown time zone "${zone}" in CRON_TZ=`);
    }
  } else if (/^(CRON_)?TZ=/.test(expr)) {
    throw new ValidationError(field, "expected CRON_TZ=<IANA zone> followed by 5 cron fields");
  }
  const fields = expr.split(/\s+/);
  if (fields.length !== 5) {
    throw new ValidationError(
      field,
      `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length} in "${value}"`,
    );
  }
  try {
    const c = new Cron(expr, zone ? { timezone: zone, paused: true } : { paused: true });
    c.stop();
  } catch (e) {
    throw new ValidationError(
      field,
      `invalid cron expression "${value}": ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return value.trim();
}
