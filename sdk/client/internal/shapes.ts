// Every API response, described once: each shape below is both the run-time
// check the client applies to an answer and, through `Answer`, the type the
// client hands back (../responses.ts re-exports those types under their
// public names). A field the check requires is written with its JSON kind,
// which gives its type; the rest (optional fields, lists the check fills in)
// are written as types only, since nothing checks them, so they cost the
// bundle nothing. The check also normalises: `null` lists read as empty,
// counts and flags QStash leaves out read as 0 / false, and the official
// SDK's aliases are added. Anything else passes through untouched, as QStash
// may add fields. test/unit/client-shapes.test.ts holds every shape against
// the zod schemas of test/fixtures/client-schemas.ts.

import { withAliases, withUrlGroup } from "./aliases.js";

type Kind = "string" | "number";
type Fields = Record<string, Kind>;
type Json = Record<string, unknown>;

/**
 * An answer: the `Checked` fields (typed from their JSON kinds), the `Rest`
 * (types only), and any field QStash adds later.
 */
export type Answer<Checked extends Fields, Rest = unknown> = Flat<
  { -readonly [K in keyof Checked]: Checked[K] extends "number" ? number : string } & Rest & {
      [field: string]: unknown;
    }
>;
type Flat<T> = { [K in keyof T]: T[K] };

/** Checks one parsed JSON value, returns it (normalised) or throws a `TypeError` naming the path. */
export type Shape<T = unknown> = ((data: unknown, at?: string) => T) & { required?: Fields };

function fail(at: string, what: string): never {
  throw new TypeError(`${at}: expected ${what}`);
}

/**
 * An object with the `required` fields of their kinds, typed as `T` (an
 * `Answer` of those very fields); `fill` completes it (nested lists, defaults, aliases).
 */
export function object<const C extends Fields, T extends Answer<C>>(
  required: C,
  fill?: (o: Json, at: string) => void,
): Shape<T> {
  const check = (data: unknown, at = "body"): T => {
    if (data === null || typeof data !== "object" || Array.isArray(data)) fail(at, "an object");
    const o = data as Json;
    for (const k in required) if (typeof o[k] !== required[k]) fail(`${at}.${k}`, `a ${required[k]}`);
    fill?.(o, at);
    return o as T;
  };
  return Object.assign(check, { required });
}

/** Checks each item of a list; `null` (QStash's "none") reads as `[]`. */
function each<T>(item: Shape<T>, data: unknown, at: string): T[] {
  if (data == null) return [];
  if (!Array.isArray(data)) fail(at, "an array");
  return data.map((x, i) => item(x, `${at}[${i}]`));
}

/** A list of `item`. */
export function listOf<T>(item: Shape<T>): Shape<T[]> {
  return (data, at = "body") => each(item, data, at);
}

/** Replaces `o[key]` with its checked list. */
const nested = (o: Json, at: string, key: string, item: Shape) => {
  o[key] = each(item, o[key], `${at}.${key}`);
};

const STRING = "string";
const NUMBER = "number";

/** Response headers and forwarded headers: each name with its values. */
export type HeaderMap = Record<string, string[]>;

const MESSAGE_ID = { messageId: STRING } as const;
/** One published message: its id (and the URL it goes to, for a URL group). */
export type PublishToUrlResponse = Answer<
  typeof MESSAGE_ID,
  {
    url?: string | undefined;
    /** True when QStash recognised a deduplication id and did not enqueue it again. */
    deduplicated?: boolean | undefined;
  }
>;
export const messageId: Shape<PublishToUrlResponse> = object(MESSAGE_ID);

/** A publish answers one id (a URL) or a list (a URL group); a batch, a list of those. */
export type MessageIds = PublishToUrlResponse | MessageIds[];
export const messageIds: Shape<MessageIds> = (data, at = "body") =>
  Array.isArray(data) ? data.map((x, i) => messageIds(x, `${at}[${i}]`)) : messageId(data, at);

const SCHEDULE_ID = { scheduleId: STRING } as const;
/** Unwrapped by the client before it answers. */
export type ScheduleIdAnswer = Answer<typeof SCHEDULE_ID>;
export const scheduleId: Shape<ScheduleIdAnswer> = object(SCHEDULE_ID);

const SCHEDULE = {
  scheduleId: STRING,
  cron: STRING,
  destination: STRING,
  /** Unix ms. */
  createdAt: NUMBER,
} as const;
/** A schedule as the API returns it. */
export type Schedule = Answer<
  typeof SCHEDULE,
  {
    method?: string | undefined;
    header?: HeaderMap | undefined;
    body?: string | undefined;
    bodyBase64?: string | undefined;
    retries?: number | undefined;
    /** Seconds. */
    delay?: number | undefined;
    callback?: string | undefined;
    failureCallback?: string | undefined;
    callbackHeader?: HeaderMap | undefined;
    failureCallbackHeader?: HeaderMap | undefined;
    /** Seconds. */
    timeout?: number | undefined;
    lastScheduleTime?: number | undefined;
    nextScheduleTime?: number | undefined;
    lastScheduleStates?: Record<string, string> | undefined;
    callerIP?: string | undefined;
    callerIp?: string | undefined;
    isPaused?: boolean | undefined;
    queueName?: string | undefined;
    flowControlKey?: string | undefined;
    parallelism?: number | undefined;
    rate?: number | undefined;
    /** Seconds. */
    period?: number | undefined;
    retryDelayExpression?: string | undefined;
    label?: string | undefined;
    labels?: string[] | undefined;
    redactFields?: unknown;
  }
>;
export const schedule: Shape<Schedule> = object(SCHEDULE);

const ENDPOINT = { url: STRING } as const;
/** An endpoint of a URL group. */
export type Endpoint = Answer<typeof ENDPOINT, { name?: string | undefined }>;
const endpoint: Shape<Endpoint> = object(ENDPOINT);

const NAMED = { name: STRING } as const;
/** A URL group (formerly "topic"). Times are unix ms. */
export type UrlGroup = Answer<
  typeof NAMED,
  { endpoints: Endpoint[]; createdAt?: number | undefined; updatedAt?: number | undefined }
>;
export const urlGroup: Shape<UrlGroup> = object(NAMED, (o, at) => nested(o, at, "endpoints", endpoint));

/** A queue. Times are unix ms. */
export type QueueInfo = Answer<
  typeof NAMED,
  {
    createdAt?: number | undefined;
    updatedAt?: number | undefined;
    parallelism?: number | undefined;
    lag?: number | undefined;
    paused?: boolean | undefined;
  }
>;
export const queue: Shape<QueueInfo> = object(NAMED);

const KEYS = { current: STRING, next: STRING } as const;
/** The current and next signing keys. */
export type SigningKeys = Answer<typeof KEYS>;
export const signingKeys: Shape<SigningKeys> = object(KEYS);

const MESSAGE = {
  messageId: STRING,
  url: STRING,
  /** Unix ms. */
  createdAt: NUMBER,
} as const;
/** What `messages.get` and the DLQ tell of a message besides its checked fields. */
interface MessageRest {
  topicName?: string | undefined;
  endpointName?: string | undefined;
  method?: string | undefined;
  header?: HeaderMap | undefined;
  body?: string | undefined;
  bodyBase64?: string | undefined;
  maxRetries?: number | undefined;
  notBefore?: number | undefined;
  callback?: string | undefined;
  failureCallback?: string | undefined;
  queueName?: string | undefined;
  scheduleId?: string | undefined;
  callerIP?: string | undefined;
  retryDelayExpression?: string | undefined;
  flowControlKey?: string | undefined;
  parallelism?: number | undefined;
  rate?: number | undefined;
  /** Seconds. */
  period?: number | undefined;
  label?: string | undefined;
  labels?: string[] | undefined;
  /** The official SDK's name of `topicName`. */
  urlGroup?: string | undefined;
  /** The official SDK's name of `rate`. */
  ratePerSecond?: number | undefined;
}
/** A message not yet delivered, as `messages.get` returns it. */
export type Message = Answer<typeof MESSAGE, MessageRest>;
export const message: Shape<Message> = object(MESSAGE, withAliases);

const CANCELLED = { cancelled: NUMBER } as const;
/** Unwrapped by the client before it answers. */
export type CancelledAnswer = Answer<typeof CANCELLED>;
export const cancelled: Shape<CancelledAnswer> = object(CANCELLED);

const DLQ_MESSAGE = { ...MESSAGE, dlqId: STRING } as const;
/** A dead-letter queue entry: the message plus the last response it got. */
export type DlqMessage = Answer<
  typeof DLQ_MESSAGE,
  MessageRest & {
    responseStatus?: number | undefined;
    responseHeader?: HeaderMap | undefined;
    responseBody?: string | undefined;
    /** The response body, when it is not UTF-8. */
    responseBodyBase64?: string | undefined;
  }
>;
export const dlqMessage: Shape<DlqMessage> = object(DLQ_MESSAGE, withAliases);

const NONE = {} as const;
/** Unwrapped by the client before it answers. */
export type DlqPageAnswer = Answer<typeof NONE, { messages: DlqMessage[]; cursor?: string | undefined }>;
export const dlqPage: Shape<DlqPageAnswer> = object(NONE, (o, at) => nested(o, at, "messages", dlqMessage));

const DELETED = { deleted: NUMBER } as const;
/** Unwrapped by the client before it answers. */
export type DlqDeletedAnswer = Answer<typeof DELETED, { cursor?: string | undefined }>;
export const dlqDeleted: Shape<DlqDeletedAnswer> = object(DELETED);

/** Unwrapped by the client before it answers. */
export type DlqRetriedAnswer = Answer<
  typeof NONE,
  { responses: Array<{ messageId: string; [field: string]: unknown }>; cursor?: string | undefined }
>;
export const dlqRetried: Shape<DlqRetriedAnswer> = object(NONE, (o, at) =>
  nested(o, at, "responses", messageId),
);

const LOG = {
  /** Unix ms. */
  time: NUMBER,
  messageId: STRING,
  state: STRING,
} as const;
/** One log entry: a state a message passed through. */
export type Log = Answer<
  typeof LOG,
  {
    url?: string | undefined;
    topicName?: string | undefined;
    endpointName?: string | undefined;
    queueName?: string | undefined;
    scheduleId?: string | undefined;
    header?: HeaderMap | undefined;
    /** Base64. */
    body?: string | undefined;
    error?: string | undefined;
    nextDeliveryTime?: number | undefined;
    responseStatus?: number | undefined;
    responseHeaders?: HeaderMap | undefined;
    responseBody?: string | undefined;
    method?: string | undefined;
    timeout?: number | undefined;
    maxRetries?: number | undefined;
    callback?: string | undefined;
    failureCallback?: string | undefined;
    /** The retry delay expression; log entries name it so, messages `retryDelayExpression`. */
    retryDelayExpr?: string | undefined;
    flowControlKey?: string | undefined;
    parallelism?: number | undefined;
    rate?: number | undefined;
    /** Seconds (1 when the flow control gave none). */
    period?: number | undefined;
    label?: string | undefined;
    labels?: string[] | undefined;
    /** The official SDK's name of `topicName`. */
    urlGroup?: string | undefined;
  }
>;
export const log: Shape<Log> = object(LOG, withUrlGroup);

/** Unwrapped by the client before it answers. */
export type LogPageAnswer = Answer<typeof NONE, { events: Log[]; cursor?: string | number | undefined }>;
export const logPage: Shape<LogPageAnswer> = object(NONE, (o, at) => nested(o, at, "events", log));

const defaults = (o: Json, value: unknown, keys: string[]) => {
  for (const k of keys) o[k] ??= value;
};
const COUNTS = ["parallelismMax", "parallelismCount"];

const FLOW_CONTROL_KEY = { flowControlKey: STRING } as const;
/** A flow-control key: its limits, current counts, wait list and pause/pin flags (absent counts read 0, flags false). */
export type FlowControlInfo = Answer<
  typeof FLOW_CONTROL_KEY,
  {
    waitListSize: number;
    parallelismMax: number;
    parallelismCount: number;
    rateMax: number;
    rateCount: number;
    /** Seconds. */
    ratePeriod: number;
    /** Unix seconds. */
    ratePeriodStart: number;
    isPaused: boolean;
    isPinnedParallelism: boolean;
    isPinnedRate: boolean;
  }
>;
export const flowControlInfo: Shape<FlowControlInfo> = object(FLOW_CONTROL_KEY, (o) => {
  defaults(o, 0, [...COUNTS, "waitListSize", "rateMax", "rateCount", "ratePeriod", "ratePeriodStart"]);
  defaults(o, false, ["isPaused", "isPinnedParallelism", "isPinnedRate"]);
});

/** Global parallelism: the plan's maximum and how many messages run now. */
export type GlobalParallelismInfo = Answer<typeof NONE, { parallelismMax: number; parallelismCount: number }>;
export const globalParallelism: Shape<GlobalParallelismInfo> = object(NONE, (o) => defaults(o, 0, COUNTS));
