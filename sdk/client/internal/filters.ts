import { ValidationError } from "../../errors.js";
import type { CallOptions } from "../types.js";
import type { HttpCore, HttpMethod } from "./http.js";
import { type QueryValue, query } from "./query.js";
import { request } from "./request.js";
import type { Shape } from "./shapes.js";
import { int } from "./validate.js";

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

/** How many records one bulk action touches unless told otherwise (the official SDK's default). */
const BULK_COUNT = 100;

type Selection = { count?: number; cursor?: string; filter?: object; all?: boolean } & Record<
  string,
  unknown
>;

/**
 * The query string of a list page or of a bulk action (cancel, delete,
 * retry): the ids under `idsKey` (or a bare list of ids), or else a filter
 * or, for a bulk action, `{ all: true }`, with `count` and `cursor`. `urlGroup` is sent as QStash's
 * `topicName`. An empty list of ids or an empty filter is refused by name: it
 * would otherwise widen a bulk action to every record.
 */
export function selection(given: Selection | string[], idsKey: string, bulk: boolean): string {
  const r: Selection = Array.isArray(given) ? { [idsKey]: given } : given;
  const count = r.count === undefined ? undefined : int(r.count, "count", 1);
  if (idsKey in r) {
    const ids = [r[idsKey]].flat();
    if (ids.length === 0) {
      throw new ValidationError(idsKey, "expected at least one id (use { all: true } to act on everything)");
    }
    return query({ count: bulk ? undefined : count, [idsKey]: ids as string[] });
  }
  if (r.all !== undefined && r.all !== true) throw new ValidationError("all", "expected true");
  const filter: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(r.filter ?? {})) {
    if (v !== undefined) filter[k === "urlGroup" ? "topicName" : k] = v as QueryValue;
  }
  if (bulk && r.all !== true && Object.keys(filter).length === 0) {
    throw new ValidationError(
      "filter",
      "expected at least one filter (use { all: true } to act on everything)",
    );
  }
  return query({ ...filter, count: count ?? (bulk ? BULK_COUNT : undefined), cursor: r.cursor });
}

/**
 * A bulk action (cancel, delete, retry) on the records `given` selects under
 * `base`; `undefined` for an empty list of ids, which acts on nothing and so
 * is not sent. Not repeated after an attempt that may have worked: the
 * repeat's count would leave out what that attempt did.
 */
export async function bulk<T>(
  http: HttpCore,
  method: HttpMethod,
  base: string,
  idsKey: string,
  given: Selection | string[],
  opts: CallOptions | undefined,
  expect: Shape<T>,
): Promise<T | undefined> {
  if (Array.isArray(given) && given.length === 0) return undefined;
  return request(http, method, base + selection(given, idsKey, true), opts, { expect, idempotent: false });
}
