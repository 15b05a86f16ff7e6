import type { ApiContext, ApiRequest, ApiResult } from "./context.js";
import { Router } from "./router.js";
import { dlqRoutes } from "./routes/dlq.js";
import { flowControlRoutes } from "./routes/flow-control.js";
import { keyRoutes } from "./routes/keys.js";
import { logRoutes } from "./routes/logs.js";
import { messageRoutes } from "./routes/messages.js";
import { publishRoutes } from "./routes/publish.js";
import { queueRoutes } from "./routes/queues.js";
import { scheduleRoutes } from "./routes/schedules.js";
import { urlGroupRoutes } from "./routes/url-groups.js";
import { workflowRoutes } from "./routes/workflows.js";

/** Every `/v2` route, one file per QStash resource under `routes/`. */
const v2 = new Router<ApiContext, ApiRequest, ApiResult>();
for (const add of [
  publishRoutes,
  scheduleRoutes,
  urlGroupRoutes,
  queueRoutes,
  keyRoutes,
  messageRoutes,
  dlqRoutes,
  logRoutes,
  flowControlRoutes,
  workflowRoutes,
]) {
  add(v2);
}

/**
 * Routes one authenticated `/v2/...` request. Throws `HttpError` for every failure. The
 * official Go SDK spells some paths `/v2/Schedules/...` and QStash routes them (ledger A1):
 * the area segment is matched case-insensitively; nothing after it changes (a destination
 * stays exactly as sent).
 */
export function handleApi(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  return v2.handle(ctx, withCanonicalArea(req));
}

/** The areas as routed, by their lower-case spelling (`flowControl` keeps its capital). */
const AREAS = new Map(
  [
    "publish",
    "enqueue",
    "batch",
    "schedules",
    "topics",
    "queues",
    "keys",
    "rotate",
    "messages",
    "dlq",
    "logs",
    "events",
    "flowControl",
    "globalParallelism",
    "workflows",
    "notify",
    "wait",
    "waiters",
  ].map((a) => [a.toLowerCase(), a]),
);

function withCanonicalArea(req: ApiRequest): ApiRequest {
  const m = /^(\/v2\/)([^/]+)(.*)$/s.exec(req.path);
  const area = m && AREAS.get(m[2]!.toLowerCase());
  if (!m || !area || area === m[2]) return req;
  return { ...req, path: `${m[1]}${area}${m[3]}` };
}
