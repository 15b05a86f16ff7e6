import { ValidationError } from "../../errors.js";
import type { QueryValue } from "./query.js";

/** One value, or several (a record matches when its value equals any of them). */
export type OneOrMore = string | string[];

/**
 * Filters shared by the messages, DLQ and logs endpoints, with the official SDK's names
 * (`urlGroup` is sent as QStash's `topicName`). Separate filters must all match.
 */
export interface CommonFilter {
  url?: OneOrMore;
  urlGroup?: OneOrMore;
  queueName?: OneOrMore;
  scheduleId?: OneOrMore;
  /** Several labels match a record carrying any of them. */
  label?: OneOrMore;
  flowControlKey?: OneOrMore;
  /** The publisher's IP address. */
  callerIp?: OneOrMore;
  /** Inclusive bounds: a `Date` or unix ms. */
  fromDate?: Date | number;
  toDate?: Date | number;
}

/** Filters that also look at the destination URL's host and path (messages and logs, not the DLQ). */
export interface HostPathFilter {
  host?: OneOrMore;
  path?: OneOrMore;
}

/**
 * The query fields of a filter. An empty filter object is refused by name: it would
 * otherwise act on every record.
 */
export function filterQuery(filter: object, field: string): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined) continue;
    out[k === "urlGroup" ? "topicName" : k] = v as QueryValue;
  }
  if (Object.keys(out).length === 0) {
    throw new ValidationError(field, "expected at least one filter (use { all: true } to act on everything)");
  }
  return out;
}

/** Checks a `count` option: a positive integer. */
export function countOf(count: number | undefined, field = "count"): number | undefined {
  if (count === undefined) return undefined;
  if (!Number.isInteger(count) || count < 1)
    throw new ValidationError(field, `expected an integer >= 1, got ${count}`);
  return count;
}

/** Refuses an empty id before it reaches a path (an empty id would hit the bulk endpoint). */
export function nonEmptyId(id: unknown, field: string): string {
  if (typeof id !== "string" || id.length === 0) throw new ValidationError(field, "expected a non-empty id");
  return id;
}
