import { z } from "zod";

// Response shapes at the API boundary. Every object is loose: fields the
// server adds later pass through untouched instead of failing the parse.
// Only the fields a caller cannot do without are required. The public
// response types in ../types.ts are these schemas' parsed types.

export const messageIdSchema = z.looseObject({
  messageId: z.string(),
  url: z.string().optional(),
  deduplicated: z.boolean().optional(),
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
  method: z.string().optional(),
  header: z.record(z.string(), z.array(z.string())).optional(),
  body: z.string().optional(),
  bodyBase64: z.string().optional(),
  retries: z.number().optional(),
  /** Seconds. */
  delay: z.number().optional(),
  callback: z.string().optional(),
  failureCallback: z.string().optional(),
  callbackHeader: z.record(z.string(), z.array(z.string())).optional(),
  failureCallbackHeader: z.record(z.string(), z.array(z.string())).optional(),
  timeout: z.number().optional(),
  lastScheduleTime: z.number().optional(),
  nextScheduleTime: z.number().optional(),
  lastScheduleStates: z.record(z.string(), z.string()).optional(),
  callerIP: z.string().optional(),
  callerIp: z.string().optional(),
  isPaused: z.boolean().optional(),
  queueName: z.string().optional(),
  flowControlKey: z.string().optional(),
  parallelism: z.number().optional(),
  rate: z.number().optional(),
  /** Seconds. */
  period: z.number().optional(),
  retryDelayExpression: z.string().optional(),
  label: z.string().optional(),
  labels: z.array(z.string()).optional(),
  redactFields: z.unknown().optional(),
});

export const endpointSchema = z.looseObject({ url: z.string(), name: z.string().optional() });

export const urlGroupSchema = z.looseObject({
  name: z.string(),
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
  endpoints: z.array(endpointSchema).default([]),
});

export const queueSchema = z.looseObject({
  name: z.string(),
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
  parallelism: z.number().optional(),
  lag: z.number().optional(),
  paused: z.boolean().optional(),
});

export const signingKeysSchema = z.looseObject({ current: z.string(), next: z.string() });

/** A list endpoint may answer `null` for "none". */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === null || v === undefined ? [] : v), z.array(item));
}
