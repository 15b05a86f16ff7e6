import { z } from "zod";
import * as validate from "../sdk/client/internal/validate.js";
import { ValidationError } from "../sdk/errors.js";

/**
 * Run one of the client's pre-request checks inside a zod schema, so the
 * provider's `check` and the client refuse exactly the same input with the
 * same explanation.
 */
function clientCheck(check: (value: unknown, field: string) => unknown) {
  return (value: string, ctx: z.RefinementCtx) => {
    try {
      check(value, "value");
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      ctx.addIssue({ code: "custom", message: e.expected });
    }
  };
}

/** QStash names (URL groups, queues, schedule ids): alphanumeric, `-`, `_`, `.`. */
export const name = (what: string) =>
  z
    .string({ error: `expected a ${what} (a string)` })
    .max(256, { error: `expected a ${what} of at most 256 characters` })
    .superRefine(clientCheck(validate.name));

/** An absolute http(s) URL. */
export const httpUrl = z
  .string({ error: "expected an http(s) URL (a string)" })
  .superRefine(clientCheck(validate.httpUrl));

/** A schedule destination: an http(s) URL or a URL group name. */
export const destination = z
  .string({ error: "expected a URL (http:// or https://) or a URL group name" })
  .superRefine(clientCheck(validate.destination));

/** A 5-field cron expression with an optional `CRON_TZ=<IANA zone> ` prefix. */
export const cron = z
  .string({ error: "expected a cron expression (a string)" })
  .transform((s) => s.trim().replace(/\s+/g, " "))
  .superRefine(clientCheck(validate.cron));

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parse `1d10h30m`, `50s` or a number of seconds into whole seconds. */
export function durationSeconds(v: string | number): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? v : undefined;
  const m = DURATION.exec(v.trim());
  if (!m || v.trim() === "") return undefined;
  const [, d, h, mi, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60 + Number(s ?? 0);
}

/** A duration: whole seconds, or a string like `30s`, `5m`, `1d10h`. Normalised to seconds. */
export const duration = (max?: number) =>
  z
    .union([z.number(), z.string()], {
      error: "expected a duration: seconds (integer) or a string like 30s, 5m, 1h, 1d",
    })
    .transform((v, ctx) => {
      const s = durationSeconds(v);
      if (s === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `expected a duration: whole seconds >= 0 or a string like 30s, 5m, 1h, 1d10h, got ${JSON.stringify(v)}`,
        });
        return z.NEVER;
      }
      if (max !== undefined && s > max) {
        ctx.addIssue({ code: "custom", message: `expected at most ${max} seconds, got ${s}` });
        return z.NEVER;
      }
      return s;
    });

/** An integer in a range. */
export const int = (min: number, max: number, what = "an integer") =>
  z
    .number({ error: `expected ${what} between ${min} and ${max}` })
    .int({ error: `expected ${what} (a whole number) between ${min} and ${max}` })
    .min(min, { error: (i) => `expected ${what} >= ${min}, got ${String(i.input)}` })
    .max(max, { error: (i) => `expected ${what} <= ${max}, got ${String(i.input)}` });

/** An HTTP header name (RFC 9110 token). */
export const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: (i) => `invalid header name ${JSON.stringify(i.input)}` });

/** Header names that QStash reserves and that must not be forwarded. */
export function reservedHeader(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith("upstash-") || k === "authorization" || k === "content-type";
}

/** Canonical header key as Go's textproto does: `x-custom-id` → `X-Custom-Id`. */
export function canonicalHeader(key: string): string {
  return key
    .split("-")
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p))
    .join("-");
}

/** Forwarded headers: valid names, string values, stored canonicalised. */
export const forwardedHeaders = z
  .record(z.string(), z.string({ error: "expected a string header value" }))
  .superRefine((h, ctx) => {
    for (const key of Object.keys(h)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `invalid header name ${JSON.stringify(key)}` });
      } else if (reservedHeader(key)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `header ${JSON.stringify(key)} cannot be forwarded: use the resource property instead (contentType, retries, ...)`,
        });
      }
    }
  })
  .transform((h) => {
    const out: Record<string, string> = {};
    for (const k of Object.keys(h).sort()) out[canonicalHeader(k)] = h[k]!;
    return out;
  });

/** A per-resource connection override. */
export const connection = z
  .strictObject(
    {
      token: z.string().min(1, { error: "expected a non-empty token" }).optional(),
      url: httpUrl.optional(),
      region: z
        .enum(["eu-central-1", "us-east-1"], { error: "expected eu-central-1 or us-east-1" })
        .optional(),
    },
    { error: "expected { token?, url?, region? }" },
  )
  .optional();
