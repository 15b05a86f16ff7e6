import * as z from "zod/mini";

// zod/mini, not classic zod: the client runs on edge runtimes and in
// browsers, where classic zod's non-tree-shakable methods and locales would be
// most of the bundle (about 450 KB minified against 17 KB).
//
// Response shapes at the API boundary. Every object is loose: fields the
// server adds later pass through untouched instead of failing the parse.
// Only the fields a caller cannot do without are required. The public
// response types in ../types.ts are these schemas' parsed types.

export const messageIdSchema = z.looseObject({
  messageId: z.string(),
  url: z.optional(z.string()),
  deduplicated: z.optional(z.boolean()),
});

export const publishResponseSchema = z.union([messageIdSchema, z.array(messageIdSchema)]);

export const batchResponseSchema = z.union([
  z.array(z.union([messageIdSchema, z.array(messageIdSchema)])),
  messageIdSchema,
]);

export const scheduleIdSchema = z.looseObject({ scheduleId: z.string() });

export const scheduleSchema = z.looseObject({
  scheduleId: z.string(),
  cron: z.string(),
  destination: z.string(),
  createdAt: z.number(),
  method: z.optional(z.string()),
  header: z.optional(z.record(z.string(), z.array(z.string()))),
  body: z.optional(z.string()),
  bodyBase64: z.optional(z.string()),
  retries: z.optional(z.number()),
  /** Seconds. */
  delay: z.optional(z.number()),
  callback: z.optional(z.string()),
  failureCallback: z.optional(z.string()),
  callbackHeader: z.optional(z.record(z.string(), z.array(z.string()))),
  failureCallbackHeader: z.optional(z.record(z.string(), z.array(z.string()))),
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
  endpoints: z._default(z.array(endpointSchema), []),
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

/** A list endpoint may answer `null` for "none". */
export function listOf<T extends z.ZodMiniType>(item: T) {
  return z.pipe(
    z.transform((v: unknown) => (v === null || v === undefined ? [] : v)),
    z.array(item),
  );
}
