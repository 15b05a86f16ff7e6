import { type ApiContext, type ApiRequest, type ApiResult, ok } from "../context.js";
import {
  type Filters,
  inDateRange,
  MESSAGE_CANCEL_FIELDS,
  matchesMessage,
  parseListQuery,
} from "../filters.js";
import { notFound } from "../http-util.js";
import type { Router } from "../router.js";
import { checkName } from "../validate.js";
import { messageJson } from "../views.js";

/** Most messages one bulk cancel touches (QStash documents 1..500). */
const MAX_CANCEL = 500;

/** `/v2/messages`: get one, cancel one, cancel many by ids, by filter, or all. */
export function messageRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/messages/:id", (ctx, _req, p) => {
    const id = checkName("message id", p.id);
    const m = ctx.store.visibleMessage(id, ctx.clock.now());
    if (!m) throw notFound(`message ${id} not found`);
    return ok(messageJson(m));
  });
  r.add("DELETE", "/v2/messages/:id", async (ctx, _req, p) => {
    const id = checkName("message id", p.id);
    const m = ctx.store.messages.get(id);
    if (!m) throw notFound(`message ${id} not found or already delivered`);
    ctx.engine.cancel(m);
    await ctx.persist();
    return ok({ cancelled: 1 });
  });
  r.add("DELETE", "/v2/messages", cancelMany);
}

async function cancelMany(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const q = parseListQuery(req.query, MESSAGE_CANCEL_FIELDS, req.body);
  // Ids, when given, are the whole selection: the other filters are ignored.
  const f: Filters = q.filters.messageIds ? { messageIds: q.filters.messageIds } : q.filters;
  // Without a count QStash cancels every match.
  const limit = q.count === undefined ? Number.POSITIVE_INFINITY : Math.min(q.count, MAX_CANCEL);
  let cancelled = 0;
  for (const m of [...ctx.store.messages.values()]) {
    if (cancelled >= limit) break;
    if (!matchesMessage(m, f) || !inDateRange(m.createdAt, f)) continue;
    ctx.engine.cancel(m);
    cancelled++;
  }
  if (cancelled > 0) await ctx.persist();
  return ok({ cancelled });
}
