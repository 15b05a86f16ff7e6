import { Cron } from "../deps/croner.js";
import * as z from "../deps/zod.js";
import { validate } from "../sdk/client/internal/index.js";
import { ValidationError } from "../sdk/errors.js";
import {
  canonicalHeaderName,
  durationToSeconds,
  HEADER_NAME_PATTERN,
  isPropertyHeader,
  normaliseRegion,
  REGIONS,
} from "../sdk/qstash-rules.js";
import { field, property } from "./property.js";

/**
 * Run one of the client's pre-request checks inside a zod schema, so the
 * provider's `check` and the client refuse exactly the same input with the
 * same explanation.
 */
function clientCheck(check: (value: unknown, field: string) => unknown) {
  return (value: string, ctx: z.RefinementCtx): void => {
    passes(check, value, ctx);
  };
}

/** Runs `check`; whether the value passed (a refusal is added to `ctx` as an issue). */
function passes(
  check: (value: unknown, field: string) => unknown,
  value: string,
  ctx: z.RefinementCtx,
): boolean {
  try {
    check(value, "value");
    return true;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    ctx.addIssue({ code: "custom", message: e.expected });
    return false;
  }
}

/** QStash names (URL groups, queues, schedule ids): alphanumeric, `-`, `_`, `.` (ledger N1). */
export const name = (what: string) =>
  z.string({ error: `expected a ${what} (a string)` }).superRefine(clientCheck(validate.name));

/** An endpoint name: any non-empty string, spaces included (ledger N2). */
export const endpointName = z
  .string({ error: "expected an endpoint name (a string)" })
  .superRefine(clientCheck(validate.endpointName));

/** A label: non-empty, no comma (ledger N3). */
export const label = z
  .string({ error: "expected a label (a string)" })
  .superRefine(clientCheck(validate.label));

/** A value sent in a header (a flow-control key, an expression): non-empty, one line. */
export const headerValue = (what: string) =>
  z.string({ error: `expected a ${what} (a string)` }).superRefine(clientCheck(validate.headerValue));

/** An absolute http(s) URL, kept exactly as written (ledger U1). */
export const httpUrl = z
  .string({ error: "expected an http(s) URL (a string)" })
  .superRefine(clientCheck(validate.httpUrl));

/** A schedule destination: an http(s) URL or a URL group name. */
export const destination = z
  .string({ error: "expected a URL (http:// or https://) or a URL group name" })
  .superRefine(clientCheck(validate.destination));

/**
 * The client's check of a cron expression's form, then the values inside
 * its fields with croner: the client leaves those to QStash, but a Pulumi
 * program is told before any request.
 */
function cronCheck(value: string, ctx: z.RefinementCtx): void {
  if (!passes(validate.cron, value, ctx)) return;
  const [, zone, fields] = /^(?:CRON_TZ=(\S+)\s+)?(.*)$/.exec(value) ?? [];
  try {
    new Cron(fields ?? "", { paused: true, mode: "5-part", ...(zone ? { timezone: zone } : {}) }).stop();
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^CronPattern:\s*/, "") : String(e);
    ctx.addIssue({ code: "custom", message: `invalid cron expression "${value}": ${why}` });
  }
}

/** A 5-field cron expression with an optional `CRON_TZ=<IANA zone> ` prefix (ledger C1). */
export const cron = z
  .string({ error: "expected a cron expression (a string)" })
  .transform((s) => s.trim().replace(/\s+/g, " "))
  .superRefine(cronCheck);

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parse `1d10h30m`, `50s` or a number of seconds into whole seconds. */
export function durationSeconds(v: string | number): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? v : undefined;
  const text = v.trim();
  return text !== "" && DURATION.test(text) ? durationToSeconds(text) : undefined;
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
    })
    // typed as what it becomes: whole seconds
    .pipe(z.number());

/** A whole number of at least `min`. No maximum: where QStash has one it depends on the plan (ledger P1). */
export const atLeast = (min: number, what: string) =>
  z
    .number({ error: `expected ${what} (a whole number >= ${min})` })
    .int({ error: `expected ${what} (a whole number >= ${min})` })
    .min(min, { error: (i) => `expected ${what} >= ${min}, got ${String(i.input)}` });

/**
 * Headers forwarded to a destination (or a callback): valid names, string
 * values on one line (a line break cannot travel in an HTTP header, so it
 * would fail only at `up`), stored under QStash's canonical names. Every header is forwarded,
 * `Authorization` included, except `Content-Type` and `Upstash-*`, which
 * configure QStash and have properties of their own (ledger H1).
 */
export const forwardedHeaders = (property: string) =>
  z
    .record(z.string(), z.string({ error: "expected a string header value" }))
    .superRefine((h, ctx) => {
      for (const key of Object.keys(h)) {
        if (!HEADER_NAME_PATTERN.test(key)) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `invalid header name ${JSON.stringify(key)}`,
          });
        } else if (isPropertyHeader(key)) {
          const use = key.toLowerCase().startsWith("content-type")
            ? "contentType"
            : "the matching property (retries, callback, callbackHeaders, ...)";
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `${property}: ${JSON.stringify(key)} is not forwarded by QStash (Content-Type and Upstash-* configure it): use ${use} instead`,
          });
        }
        // the value may be a credential: never echoed
        if (/[\r\n]/.test(h[key]!)) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `${property}: the value of header ${JSON.stringify(key)} must not contain a line break`,
          });
        }
      }
      const seen = new Map<string, string>();
      for (const key of Object.keys(h)) {
        const c = canonicalHeaderName(key);
        const prev = seen.get(c);
        if (prev !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `header ${JSON.stringify(key)} is the same header as ${JSON.stringify(prev)} (names are case-insensitive)`,
          });
        }
        seen.set(c, key);
      }
    })
    .transform((h) => {
      const out: Record<string, string> = {};
      for (const k of Object.keys(h).sort()) out[canonicalHeaderName(k)] = h[k]!;
      return out;
    });

/** A region in either spelling (`us-east-1` or `US_EAST_1`; ledger R1). */
export const region = z
  .string({ error: "expected a region name" })
  .refine((r) => normaliseRegion(r) !== undefined, {
    error: `expected one of ${REGIONS.join(", ")} (or ${REGIONS.map((r) => r.toLowerCase().replaceAll("_", "-")).join(", ")})`,
  });

/** The fields of a per-resource connection override, each described for the plugin's schema and config. */
export const connectionFields = z.strictObject(
  {
    // surrounding whitespace (a token read from a file) is dropped; never echoed
    token: property(
      z
        .string({ error: "expected a token (a string)" })
        .trim()
        .min(1, { error: "expected a non-empty token" })
        .refine((t) => !/[\r\n]/.test(t), {
          error: "must not contain a line break (only surrounding whitespace is ignored)",
        })
        .optional(),
      { description: "QStash API token. Falls back to the QSTASH_TOKEN environment variable.", secret: true },
    ),
    url: field(
      httpUrl.optional(),
      "Base URL of the QStash API, e.g. a local devserver's http://127.0.0.1:8080. Falls back to QSTASH_URL.",
    ),
    region: property(region.optional(), {
      description:
        "eu-central-1 (default) or us-east-1, used when no url is set. Falls back to QSTASH_REGION.",
      tsType: REGIONS.map((r) => JSON.stringify(r.toLowerCase().replaceAll("_", "-"))).join(" | "),
    }),
  },
  { error: "expected { token?, url?, region? }" },
);

/** Every resource's `connection` property: where its QStash lives when it differs from the provider's. */
export const connection = property(connectionFields.optional(), {
  description:
    "Where this resource's QStash lives when it differs from the provider's configuration " +
    "({ token?, url?, region? }). Always stored as a secret. A different url or region replaces the resource; " +
    "a different token only updates it.",
  secret: true,
});

/** Every resource's `adopt` property; `what` names the object it takes over. */
export const adopt = (what: string, description?: string) =>
  property(z.boolean({ error: "expected true or false" }).optional(), {
    description:
      description ??
      `Take over ${what} that already exists in QStash instead of failing. \`pulumi import\` is the other way to bring one under Pulumi.`,
  });
