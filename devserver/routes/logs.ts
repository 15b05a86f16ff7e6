import { type ApiContext, type ApiRequest, type ApiResult, ok } from "../context.js";
import { inDateRange, LOG_FIELDS, matchesMessage, parseListQuery } from "../filters.js";
import { badRequest } from "../http-util.js";
import type { LogRecord } from "../message-log.js";
import type { Router } from "../router.js";
import { logJson } from "../views.js";

/** Page size when none is asked for, and the most one page holds: both 1000 (ledger L1). */
const DEFAULT_COUNT = 1000;
const MAX_COUNT = 1000;

/**
 * `GET /v2/logs` (documented, answers `{cursor, logs}`) and `GET /v2/events` (what every
 * SDK calls, answers `{cursor, events}`): newest first, paged by a numeric cursor.
 */
export function logRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/logs", (ctx, req) => listLogs(ctx, req, "logs"));
  r.add("GET", "/v2/events", (ctx, req) => listLogs(ctx, req, "events"));
}

function listLogs(ctx: ApiContext, req: ApiRequest, field: "logs" | "events"): ApiResult {
  const q = parseListQuery(req.query, LOG_FIELDS);
  let before = Number.POSITIVE_INFINITY;
  if (q.cursor !== undefined) {
    if (!/^\d+$/.test(q.cursor)) throw badRequest(`invalid cursor "${q.cursor}": expected a number`);
    before = Number(q.cursor);
  }
  const f = q.filters;
  const { entries, next } = ctx.store.logs.page(
    before,
    Math.min(q.count ?? DEFAULT_COUNT, MAX_COUNT),
    (e: LogRecord) =>
      (!f.state || f.state.has(e.state)) && inDateRange(e.time, f) && matchesMessage(e.message, f),
  );
  return ok({ ...(next !== undefined ? { cursor: String(next) } : {}), [field]: entries.map(logJson) });
}
