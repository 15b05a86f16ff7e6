import { z } from "zod";
import {
  connection,
  cron,
  destination,
  duration,
  forwardedHeaders,
  httpUrl,
  int,
  name,
} from "../validators.js";

const flowControl = z
  .strictObject(
    {
      key: name("flow control key"),
      parallelism: int(1, 100000, "parallelism").optional(),
      rate: int(1, 100000, "rate").optional(),
      period: duration(7 * 86400).optional(),
    },
    { error: "expected { key, parallelism?, rate?, period? }" },
  )
  .superRefine((f, ctx) => {
    if (f.parallelism === undefined && f.rate === undefined) {
      ctx.addIssue({ code: "custom", message: "expected parallelism or rate (or both) besides key" });
    }
  });

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

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Schedule inputs after `check`: defaults filled in so an omitted property never diffs. */
export const scheduleSchema = z
  .strictObject({
    destination,
    cron,
    method: z
      .string({ error: "expected an HTTP method" })
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(METHODS, { error: `expected one of ${METHODS.join(", ")}` }))
      .default("POST"),
    body: z.string({ error: "expected a string body (JSON.stringify objects)" }).optional(),
    headers: forwardedHeaders.optional(),
    contentType: z
      .string({ error: "expected a content type such as application/json" })
      .regex(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, {
        error: (i) => `expected a content type such as application/json, got ${JSON.stringify(i.input)}`,
      })
      .default("application/json"),
    delay: duration().optional(),
    retries: int(0, 100, "retries").default(3),
    retryDelay: z
      .string({ error: "expected a retry delay expression in milliseconds, e.g. pow(2, retried) * 1000" })
      .regex(/^[\w\s+\-*/().,]+$/, {
        error:
          "expected an expression of numbers, retried, + - * / ( ) and pow, exp, sqrt, abs, floor, ceil, round, min, max",
      })
      .optional(),
    callback: httpUrl.optional(),
    failureCallback: httpUrl.optional(),
    timeout: duration().optional(),
    queueName: name("queue name").optional(),
    flowControl: flowControl.optional(),
    labels: z.array(name("label"), { error: "expected a list of labels" }).optional(),
    redact: redact.optional(),
    paused: z.boolean({ error: "expected true or false" }).default(false),
    scheduleId: name("schedule id").optional(),
    derivedScheduleId: name("derived schedule id"),
    adopt: z.boolean({ error: "expected true or false" }).optional(),
    connection,
  })
  .transform((s) => ({
    ...s,
    // QStash does not report a zero delay or an empty list: normalise them away.
    delay: s.delay ? s.delay : undefined,
    labels: s.labels?.length ? s.labels : undefined,
    headers: s.headers && Object.keys(s.headers).length ? s.headers : undefined,
  }));

export const schedulePartial = z.looseObject({});

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
  "timeout",
  "queueName",
  "flowControl",
  "labels",
  "redact",
  "paused",
  "scheduleId",
  "derivedScheduleId",
] as const;
