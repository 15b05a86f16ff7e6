// Run-time checks of API responses, small enough for an edge bundle. The
// response types are the interfaces in ../responses.ts, which the zod schemas
// in ./schemas.ts also describe; each check here holds exactly the fields
// those schemas require,
// plus their normalisations: `null` lists read as empty, counts and flags
// QStash leaves out read as 0 / false, and the official SDK's aliases.
// test/unit/client-shapes.test.ts keeps the two in step. Anything else passes
// through untouched, as QStash may add fields.

import type * as R from "../responses.js";
import { withAliases, withUrlGroup } from "./aliases.js";

type Kind = "string" | "number";
type Json = Record<string, unknown>;

/** Checks one parsed JSON value, returns it (normalised) or throws a `TypeError` naming the path. */
export type Shape<T = unknown> = ((data: unknown, at?: string) => T) & { required?: Record<string, Kind> };

function fail(at: string, what: string): never {
  throw new TypeError(`${at}: expected ${what}`);
}

/** An object with these fields of these types; `fill` completes it (nested lists, defaults, aliases). */
export function object<T>(required: Record<string, Kind>, fill?: (o: Json, at: string) => void): Shape<T> {
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

export const messageId: Shape<R.PublishToUrlResponse> = object({ messageId: STRING });

/** A publish answers one id (a URL) or a list (a URL group); a batch, a list of those. */
export type MessageIds = R.PublishToUrlResponse | MessageIds[];
export const messageIds: Shape<MessageIds> = (data, at = "body") =>
  Array.isArray(data) ? data.map((x, i) => messageIds(x, `${at}[${i}]`)) : messageId(data, at);

export const scheduleId: Shape<R.ScheduleIdAnswer> = object({ scheduleId: STRING });
export const schedule: Shape<R.Schedule> = object({
  scheduleId: STRING,
  cron: STRING,
  destination: STRING,
  createdAt: NUMBER,
});
const endpoint = object({ url: STRING });
export const urlGroup: Shape<R.UrlGroup> = object({ name: STRING }, (o, at) =>
  nested(o, at, "endpoints", endpoint),
);
export const queue: Shape<R.QueueInfo> = object({ name: STRING });
export const signingKeys: Shape<R.SigningKeys> = object({ current: STRING, next: STRING });

const MESSAGE = { messageId: STRING, url: STRING, createdAt: NUMBER } as const;
export const message: Shape<R.Message> = object(MESSAGE, (o) => withAliases(o));
export const cancelled: Shape<R.CancelledAnswer> = object({ cancelled: NUMBER });
export const dlqMessage: Shape<R.DlqMessage> = object({ ...MESSAGE, dlqId: STRING }, (o) => withAliases(o));
export const dlqPage: Shape<R.DlqPageAnswer> = object({}, (o, at) => nested(o, at, "messages", dlqMessage));
export const dlqDeleted: Shape<R.DlqDeletedAnswer> = object({ deleted: NUMBER });
export const dlqRetried: Shape<R.DlqRetriedAnswer> = object({}, (o, at) =>
  nested(o, at, "responses", messageId),
);
export const log: Shape<R.Log> = object({ time: NUMBER, messageId: STRING, state: STRING }, (o) =>
  withUrlGroup(o),
);
export const logPage: Shape<R.LogPageAnswer> = object({}, (o, at) => nested(o, at, "events", log));

const defaults = (o: Json, value: unknown, keys: string[]) => {
  for (const k of keys) o[k] ??= value;
};
const COUNTS = ["parallelismMax", "parallelismCount"];
export const flowControlInfo: Shape<R.FlowControlInfo> = object({ flowControlKey: STRING }, (o) => {
  defaults(o, 0, [...COUNTS, "waitListSize", "rateMax", "rateCount", "ratePeriod", "ratePeriodStart"]);
  defaults(o, false, ["isPaused", "isPinnedParallelism", "isPinnedRate"]);
});
export const globalParallelism: Shape<R.GlobalParallelismInfo> = object({}, (o) => defaults(o, 0, COUNTS));
