import * as z from "../../deps/zod.js";
import { HTTP_METHODS, MAX_FLOW_CONTROL_PERIOD_SECONDS } from "../../sdk/qstash-rules.js";
import { field, property } from "../property.js";
import {
  adopt,
  atLeast,
  connection,
  cron,
  destination,
  duration,
  forwardedHeaders,
  headerValue,
  httpUrl,
  label,
  name,
} from "../validators.js";

/** A flow control's fields, as written and as state holds them. */
const FLOW = {
  key: "Messages sharing a key share the limits.",
  parallelism: "Messages in flight at once.",
  rate: "Messages started per period.",
  period: "Seconds (default 1)",
};

const flowControl = z
  .strictObject(
    {
      key: field(headerValue("flow control key"), FLOW.key),
      parallelism: field(atLeast(1, "parallelism").optional(), FLOW.parallelism),
      rate: field(atLeast(1, "rate").optional(), FLOW.rate),
      // the official SDK still accepts the old name (ledger F1)
      ratePerSecond: field(atLeast(1, "ratePerSecond").optional(), "Deprecated: the old name of rate."),
      period: field(
        duration(MAX_FLOW_CONTROL_PERIOD_SECONDS).optional(),
        "Seconds, or a duration such as 1m or 1h (at most one week). Default 1s.",
      ),
    },
    { error: "expected { key, parallelism?, rate?, period? }" },
  )
  .superRefine((f, ctx) => {
    if (f.parallelism === undefined && f.rate === undefined && f.ratePerSecond === undefined) {
      ctx.addIssue({ code: "custom", message: "expected parallelism or rate (or both) besides key" });
    }
    if (f.rate !== undefined && f.ratePerSecond !== undefined && f.rate !== f.ratePerSecond) {
      ctx.addIssue({
        code: "custom",
        path: ["ratePerSecond"],
        message: "give rate or ratePerSecond, not both",
      });
    }
  })
  // one spelling in state: QStash reports `rate`
  .transform(({ ratePerSecond, ...f }) =>
    f.rate === undefined && ratePerSecond !== undefined ? { ...f, rate: ratePerSecond } : f,
  )
  // typed as state holds it (the generated output type reads this)
  .pipe(
    z.strictObject({
      key: field(z.string(), FLOW.key),
      parallelism: field(z.number().optional(), FLOW.parallelism),
      rate: field(z.number().optional(), FLOW.rate),
      period: field(z.number().optional(), FLOW.period),
    }),
  );

const redact = z.strictObject(
  {
    body: field(z.boolean({ error: "expected true or false" }).optional(), "Keep the body out of the logs."),
    header: field(
      z
        .union([z.literal(true), z.array(z.string().min(1))], {
          error: "expected true or a list of header names",
        })
        .optional(),
      "Keep every header (true) or the listed ones out of the logs.",
    ),
  },
  { error: "expected { body?, header? }" },
);

/** The TypeScript type of a method argument: QStash's names (lower case is accepted too). */
const METHOD_TYPE = HTTP_METHODS.map((m) => JSON.stringify(m)).join(" | ");

const method = z
  .string({ error: "expected an HTTP method" })
  .transform((m) => m.toUpperCase())
  .pipe(z.enum(HTTP_METHODS, { error: `expected one of ${HTTP_METHODS.join(", ")}` }));

const retryDelay = z
  .string({ error: "expected a retry delay expression in milliseconds, e.g. pow(2, retried) * 1000" })
  .regex(/^[\w\s+\-*/().,]+$/, {
    error:
      "expected an expression of numbers, retried, + - * / ( ) and pow, exp, sqrt, abs, floor, ceil, round, min, max",
  });

const callbackMethod = (what: string) =>
  property(method.optional(), {
    description: `Method of the ${what} request (default POST).`,
    unreported: true,
    tsType: METHOD_TYPE,
  });
const callbackTimeout = (what: string) =>
  property(duration().optional(), {
    description: `Timeout of the ${what} request: seconds or a duration.`,
    unreported: true,
  });
const callbackRetries = (what: string, property_: string) =>
  property(atLeast(0, property_).optional(), {
    description: `Retries of the ${what} request (default: the schedule's).`,
    unreported: true,
  });
const callbackRetryDelay = (what: string) =>
  property(retryDelay.optional(), {
    description: `Retry delay expression of the ${what} request, in milliseconds.`,
    unreported: true,
  });

/**
 * Every schedule property: its check and its meaning, once. Names are the
 * client's `CreateScheduleRequest` options wherever QStash means the same
 * thing; `request()` in handlers.ts names the few exceptions.
 */
export const scheduleObject = z.strictObject({
  destination: property(destination, {
    description:
      "Where each message goes: a URL (http:// or https://, kept exactly as written) or a URL group's name (a UrlGroup resource in TypeScript).",
    tsArg: "pulumi.Input<string> | UrlGroup",
  }),
  cron: property(cron, {
    description: "5-field cron expression, UTC unless prefixed by `CRON_TZ=<IANA zone> `.",
  }),
  method: property(method.default("POST"), {
    description: "HTTP method of each delivery: GET, POST (default), PUT, PATCH or DELETE.",
    tsType: METHOD_TYPE,
  }),
  body: property(z.string({ error: "expected a string body (JSON.stringify objects)" }).optional(), {
    description: "Raw body of each message; stays secret in state when given as a secret.",
  }),
  headers: property(forwardedHeaders("headers").optional(), {
    description:
      "Headers forwarded to the destination, Authorization included. Always stored as a secret. Content-Type (use contentType) and Upstash-* (use the properties) are refused here.",
    secret: true,
  }),
  // forwarded as is: any one-line value; the official SDK's schedule default (ledger S1)
  contentType: property(headerValue("content type").default("application/json"), {
    description: "Content type of the body (default application/json).",
  }),
  delay: property(duration().optional(), {
    description: "Delay of each triggered message: seconds, or a duration such as 30s, 5m, 1h, 1d10h.",
  }),
  // no default and no maximum: both depend on the plan (ledger P1)
  retries: property(atLeast(0, "retries").optional(), {
    description:
      "Retries after a failed delivery. Unset: not sent, QStash applies the plan's default (its maximum is the plan's too).",
  }),
  retryDelay: property(retryDelay.optional(), {
    description: "Retry delay expression in milliseconds, e.g. `pow(2, retried) * 1000`.",
  }),
  callback: property(httpUrl.optional(), { description: "URL called with the response of each delivery." }),
  failureCallback: property(httpUrl.optional(), { description: "URL called when retries are exhausted." }),
  callbackHeaders: property(forwardedHeaders("callbackHeaders").optional(), {
    description: "Headers sent to callback (e.g. its Authorization). Always stored as a secret.",
    secret: true,
  }),
  failureCallbackHeaders: property(forwardedHeaders("failureCallbackHeaders").optional(), {
    description: "Headers sent to failureCallback. Always stored as a secret.",
    secret: true,
  }),
  // QStash's schedule object does not report the callback requests' settings (ledger H2)
  callbackMethod: callbackMethod("callback"),
  callbackTimeout: callbackTimeout("callback"),
  callbackRetries: callbackRetries("callback", "callbackRetries"),
  callbackRetryDelay: callbackRetryDelay("callback"),
  failureCallbackMethod: callbackMethod("failure-callback"),
  failureCallbackTimeout: callbackTimeout("failure-callback"),
  failureCallbackRetries: callbackRetries("failure-callback", "failureCallbackRetries"),
  failureCallbackRetryDelay: callbackRetryDelay("failure-callback"),
  timeout: property(duration().optional(), {
    description: "Delivery timeout: seconds, or a duration such as 30s or 2m.",
  }),
  queueName: property(name("queue name").optional(), {
    description: "Enqueue triggered messages into this queue.",
  }),
  flowControl: property(flowControl.optional(), {
    description:
      "Flow control of the triggered messages: { key, parallelism?, rate?, period? } (period at most one week; ratePerSecond is accepted as the old name of rate).",
  }),
  labels: property(z.array(label, { error: "expected a list of labels" }).optional(), {
    description: "Labels to filter logs by (no commas).",
  }),
  redact: property(redact.optional(), {
    description:
      "Keep the body (`body: true`) and/or headers (`header: true` or a list) out of QStash's logs, which show them as `REDACTED:<sha256>`; refresh keeps the values you declared, so this is not drift.",
    unreported: true,
  }),
  paused: property(z.boolean({ error: "expected true or false" }).default(false), {
    description: "Pause deliveries (default false).",
  }),
  scheduleId: property(name("schedule id").optional(), {
    description:
      "A schedule id of your choosing; changing it replaces the schedule. Without it a stable id is derived from the project, stack and resource name, so a retried or crashed create never makes a second schedule.",
    replaces: true,
  }),
  derivedScheduleId: property(name("derived schedule id"), {
    description:
      "The id used when scheduleId is not given: derived from the project, stack and resource name.",
    hidden: true,
  }),
  adopt: adopt("a schedule with a user-chosen scheduleId"),
  connection,
});

/** Schedule inputs after `check`: defaults filled in so an omitted property never diffs. */
export const scheduleSchema = scheduleObject.transform((s) => ({
  ...s,
  // QStash does not report a zero delay or an empty list: normalise them away.
  delay: s.delay ? s.delay : undefined,
  labels: s.labels?.length ? s.labels : undefined,
  headers: s.headers && Object.keys(s.headers).length ? s.headers : undefined,
  callbackHeaders: s.callbackHeaders && Object.keys(s.callbackHeaders).length ? s.callbackHeaders : undefined,
  failureCallbackHeaders:
    s.failureCallbackHeaders && Object.keys(s.failureCallbackHeaders).length
      ? s.failureCallbackHeaders
      : undefined,
}));

export type ScheduleInputs = z.output<typeof scheduleSchema>;

/** What a schedule reports beyond its inputs. */
export const scheduleOutputs = z.strictObject({
  scheduleId: property(z.string(), { description: "The schedule's effective id (user-chosen or derived)." }),
  createdAt: property(z.number(), { description: "Creation time, milliseconds since the epoch." }),
  nextScheduleTime: property(z.number().optional(), {
    description: "Next delivery, milliseconds since the epoch, as of the last create, update or refresh.",
  }),
  lastScheduleTime: property(z.number().optional(), {
    description: "Last delivery, milliseconds since the epoch, as of the last create, update or refresh.",
  }),
});

export type ScheduleOutputs = z.output<typeof scheduleOutputs>;
