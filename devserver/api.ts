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
]) {
  add(v2);
}

/** Routes one authenticated `/v2/...` request. Throws `HttpError` for every failure. */
export function handleApi(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  return v2.handle(ctx, req);
}
