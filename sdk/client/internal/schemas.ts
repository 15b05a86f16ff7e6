import * as z from "zod/mini";
import { withAliases, withUrlGroup } from "./aliases.js";

// Every response shape as a zod schema. The public response types are the
// interfaces of ../responses.ts (so the package's declarations never name
// zod); test/unit/client-shapes.test.ts requires each schema's output type to
// equal its interface, and ./shapes.ts (the small run-time checks the client
// uses, so zod never reaches an edge bundle) to require the same fields.
// Every object is loose: fields the server adds later pass through untouched.

const headerMap = z.record(z.string(), z.array(z.string()));
/** A list endpoint may answer `null` for "none". */
const list = <T extends z.ZodMiniType>(item: T) =>
  z.pipe(
    z.transform((v: unknown) => v ?? []),
    z.array(item),
  );

export const messageIdSchema = z.looseObject({
  messageId: z.string(),
  url: z.optional(z.string()),
  deduplicated: z.optional(z.boolean()),
});

export const scheduleIdSchema = z.looseObject({ scheduleId: z.string() });

export const scheduleSchema = z.looseObject({
  scheduleId: z.string(),
  cron: z.string(),
  destination: z.string(),
  createdAt: z.number(),
  method: z.optional(z.string()),
  header: z.optional(headerMap),
  body: z.optional(z.string()),
  bodyBase64: z.optional(z.string()),
  retries: z.optional(z.number()),
  /** Seconds. */
  delay: z.optional(z.number()),
  callback: z.optional(z.string()),
  failureCallback: z.optional(z.string()),
  callbackHeader: z.optional(headerMap),
  failureCallbackHeader: z.optional(headerMap),
  timeout: z.optional(z.number()),
  lastScheduleTime: z.optional(z.number()),
  nextScheduleTime: z.optional(z.number()),
  lastScheduleStates: z.optional(z.record(z.string(), z.string())),
  callerIP: z.optional(z.string()),
  callerIp: z.optional(z.string()),
  isPaused: z.optional(z.boolean()),
  queueName: z.optional(z.string()),
  flowControlKey: z.optional(z.string()),
  parallelism: z.optional(z.number()),
  rate: z.optional(z.number()),
  /** Seconds. */
  period: z.optional(z.number()),
  retryDelayExpression: z.optional(z.string()),
  label: z.optional(z.string()),
  labels: z.optional(z.array(z.string())),
  redactFields: z.optional(z.unknown()),
});

export const endpointSchema = z.looseObject({ url: z.string(), name: z.optional(z.string()) });

export const urlGroupSchema = z.looseObject({
  name: z.string(),
  createdAt: z.optional(z.number()),
  updatedAt: z.optional(z.number()),
  endpoints: z._default(list(endpointSchema), []),
});

export const queueSchema = z.looseObject({
  name: z.string(),
  createdAt: z.optional(z.number()),
  updatedAt: z.optional(z.number()),
  parallelism: z.optional(z.number()),
  lag: z.optional(z.number()),
  paused: z.optional(z.boolean()),
});

export const signingKeysSchema = z.looseObject({ current: z.string(), next: z.string() });

/** Fields a message and a DLQ entry share. */
const messageFields = {
  messageId: z.string(),
  url: z.string(),
  topicName: z.optional(z.string()),
  endpointName: z.optional(z.string()),
  method: z.optional(z.string()),
  header: z.optional(headerMap),
  body: z.optional(z.string()),
  bodyBase64: z.optional(z.string()),
  maxRetries: z.optional(z.number()),
  notBefore: z.optional(z.number()),
  createdAt: z.number(),
  callback: z.optional(z.string()),
  failureCallback: z.optional(z.string()),
  queueName: z.optional(z.string()),
  scheduleId: z.optional(z.string()),
  callerIP: z.optional(z.string()),
  retryDelayExpression: z.optional(z.string()),
  flowControlKey: z.optional(z.string()),
  parallelism: z.optional(z.number()),
  rate: z.optional(z.number()),
  period: z.optional(z.number()),
  label: z.optional(z.string()),
  labels: z.optional(z.array(z.string())),
};

export const messageSchema = z.pipe(z.looseObject(messageFields), z.transform(withAliases));

export const cancelledSchema = z.looseObject({ cancelled: z.number() });

export const dlqMessageSchema = z.pipe(
  z.looseObject({
    ...messageFields,
    dlqId: z.string(),
    responseStatus: z.optional(z.number()),
    responseHeader: z.optional(headerMap),
    responseBody: z.optional(z.string()),
    responseBodyBase64: z.optional(z.string()),
  }),
  z.transform(withAliases),
);

export const dlqPageSchema = z.looseObject({
  messages: list(dlqMessageSchema),
  cursor: z.optional(z.string()),
});

export const dlqDeletedSchema = z.looseObject({ deleted: z.number(), cursor: z.optional(z.string()) });

export const dlqRetriedSchema = z.looseObject({
  cursor: z.optional(z.string()),
  responses: list(z.looseObject({ messageId: z.string() })),
});

export const logSchema = z.pipe(
  z.looseObject({
    time: z.number(),
    messageId: z.string(),
    state: z.string(),
    url: z.optional(z.string()),
    topicName: z.optional(z.string()),
    endpointName: z.optional(z.string()),
    queueName: z.optional(z.string()),
    scheduleId: z.optional(z.string()),
    header: z.optional(headerMap),
    /** Base64. */
    body: z.optional(z.string()),
    error: z.optional(z.string()),
    nextDeliveryTime: z.optional(z.number()),
    responseStatus: z.optional(z.number()),
    responseHeaders: z.optional(headerMap),
    responseBody: z.optional(z.string()),
    method: z.optional(z.string()),
    timeout: z.optional(z.number()),
    maxRetries: z.optional(z.number()),
    callback: z.optional(z.string()),
    failureCallback: z.optional(z.string()),
    retryDelayExpression: z.optional(z.string()),
    flowControlKey: z.optional(z.string()),
    label: z.optional(z.string()),
    labels: z.optional(z.array(z.string())),
  }),
  z.transform(withUrlGroup),
);

export const logPageSchema = z.looseObject({
  cursor: z.optional(z.union([z.string(), z.number()])),
  events: list(logSchema),
});

// QStash leaves out zero counts and false flags here; the official SDK reads them as 0 / false.
const count = z._default(z.number(), 0);
const flag = z._default(z.boolean(), false);

export const flowControlInfoSchema = z.looseObject({
  flowControlKey: z.string(),
  waitListSize: count,
  parallelismMax: count,
  parallelismCount: count,
  rateMax: count,
  rateCount: count,
  /** Seconds. */
  ratePeriod: count,
  /** Unix seconds. */
  ratePeriodStart: count,
  isPaused: flag,
  isPinnedParallelism: flag,
  isPinnedRate: flag,
});

export const globalParallelismSchema = z.looseObject({ parallelismMax: count, parallelismCount: count });
