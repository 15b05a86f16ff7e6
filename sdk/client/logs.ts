import type { LogState as EntryState } from "../qstash-rules.js";
import { type CommonFilter, type HostPathFilter, selection } from "./internal/filters.js";
import type { HttpCore } from "./internal/http.js";
import { allPages } from "./internal/pages.js";
import { request } from "./internal/request.js";
import * as shape from "./internal/shapes.js";
import type { Log } from "./responses.js";
import type { CallOptions } from "./types.js";

export type { Log } from "./responses.js";

/** The states a log entry reports, plus `IN_PROGRESS` (a filter only), which stands for ACTIVE, RETRY and ERROR. */
export type LogState = EntryState | "IN_PROGRESS";

/** Log filters: the common ones, the destination's host and path, and the state. */
export type LogFilter = CommonFilter & HostPathFilter & { state?: LogState };

/** `logs()` options: a page of given message ids, or a filtered page after `cursor`. */
export type LogsRequest = { count?: number } & (
  | { messageIds: string[] }
  | { filter?: LogFilter; cursor?: string }
);

export interface LogsResponse {
  logs: Log[];
  /** The same entries under the deprecated name. */
  events: Log[];
  /** Absent on the last page. */
  cursor?: string;
}

/** One page of logs, newest first (`GET /v2/events`, the path the official SDKs call). */
export async function listLogs(
  http: HttpCore,
  req: LogsRequest,
  opts: CallOptions | undefined,
): Promise<LogsResponse> {
  const q = selection(req, "messageIds", false);
  const page = await request(http, "GET", `/v2/events${q}`, opts, { expect: shape.logPage });
  const cursor = page.cursor === undefined || page.cursor === "" ? undefined : String(page.cursor);
  return { logs: page.events, events: page.events, ...(cursor ? { cursor } : {}) };
}

/** Every matching log entry, page after page, newest first. */
export function iterateLogs(
  http: HttpCore,
  req: { filter?: LogFilter; count?: number },
  opts: CallOptions | undefined,
): AsyncGenerator<Log, void, undefined> {
  return allPages(
    (cursor) => listLogs(http, { ...req, ...(cursor ? { cursor } : {}) }, opts),
    (page) => page.logs,
  );
}
