import * as z from "../../deps/zod.js";
import { HTTP_METHODS, MAX_FLOW_CONTROL_PERIOD_SECONDS } from "../../sdk/qstash-rules.js";
import {
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

const flowControl = z
  .strictObject(
    {
      key: headerValue("flow control key"),
      parallelism: atLeast(1, "parallelism").optional(),
      rate: atLeast(1, "rate").optional(),
      /** Deprecated name of `rate` the official SDK still accepts (ledger F1). */
      ratePerSecond: atLeast(1, "ratePerSecond").optional(),
      period: duration(MAX_FLOW_CONTROL_PERIOD_SECONDS).optional(),
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
  );

const redact = z.strictObject(
  {
    body: z.boolean({ error: "expected true or false" }).optional(),
    header: z
      .union([z.literal(true), z.array(z.string().min(1))], {
        error: "expected true or a list of header names",
      })
      .optional(),
  },
  { error: "expected { body?, header? }" },
);

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

/** Every schedule property and its check, before normalisation. */
const scheduleObject = z.strictObject({
  destination,
  cron,
  method: method.default("POST"),
  body: z.string({ error: "expected a string body (JSON.stringify objects)" }).optional(),
  headers: forwardedHeaders("headers").optional(),
  // forwarded as is: any one-line value; the official SDK's schedule default (ledger S1)
  contentType: headerValue("content type").default("application/json"),
  delay: duration().optional(),
  // no default and no maximum: both depend on the plan (ledger P1)
  retries: atLeast(0, "retries").optional(),
  retryDelay: retryDelay.optional(),
  callback: httpUrl.optional(),
  failureCallback: httpUrl.optional(),
  callbackHeaders: forwardedHeaders("callbackHeaders").optional(),
  failureCallbackHeaders: forwardedHeaders("failureCallbackHeaders").optional(),
  callbackMethod: method.optional(),
  callbackTimeout: duration().optional(),
  callbackRetries: atLeast(0, "callbackRetries").optional(),
  callbackRetryDelay: retryDelay.optional(),
  failureCallbackMethod: method.optional(),
  failureCallbackTimeout: duration().optional(),
  failureCallbackRetries: atLeast(0, "failureCallbackRetries").optional(),
  failureCallbackRetryDelay: retryDelay.optional(),
  timeout: duration().optional(),
  queueName: name("queue name").optional(),
  flowControl: flowControl.optional(),
  labels: z.array(label, { error: "expected a list of labels" }).optional(),
  redact: redact.optional(),
  paused: z.boolean({ error: "expected true or false" }).default(false),
  scheduleId: name("schedule id").optional(),
  derivedScheduleId: name("derived schedule id"),
  adopt: z.boolean({ error: "expected true or false" }).optional(),
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

/**
 * The checks that still apply while some inputs are unknown (preview): every
 * known property is validated as in `scheduleSchema`; unknown ones are absent.
 */
export const schedulePartial = scheduleObject.partial();

export type ScheduleInputs = z.output<typeof scheduleSchema>;

export const SCHEDULE_INPUT_KEYS = [
  "destination",
  "cron",
  "method",
  "body",
  "headers",
  "contentType",
  "delay",
  "retries",
  "retryDelay",
  "callback",
  "failureCallback",
  "callbackHeaders",
  "failureCallbackHeaders",
  "callbackMethod",
  "callbackTimeout",
  "callbackRetries",
  "callbackRetryDelay",
  "failureCallbackMethod",
  "failureCallbackTimeout",
  "failureCallbackRetries",
  "failureCallbackRetryDelay",
  "timeout",
  "queueName",
  "flowControl",
  "labels",
  "redact",
  "paused",
  "scheduleId",
  "derivedScheduleId",
] as const;
