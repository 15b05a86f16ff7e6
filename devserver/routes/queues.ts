import { type ApiContext, type ApiRequest, type ApiResult, empty, ok } from "../context.js";
import { badRequest, HttpError, notFound, parseJson } from "../http-util.js";
import { parseBool } from "../message-headers.js";
import type { QueueRecord } from "../records.js";
import type { Router } from "../router.js";
import { checkName } from "../validate.js";
import { queueJson } from "../views.js";

/** `/v2/queues`: upsert, list, get, delete, pause and resume. */
export function queueRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/queues", (ctx) =>
    ok([...ctx.store.queues.values()].map((q) => queueJson(q, ctx.store.lagOf(q.name)))),
  );
  r.add("POST", "/v2/queues", upsertQueue);
  r.add("GET", "/v2/queues/:name", (ctx, _req, p) => {
    const q = queueOf(ctx, p.name);
    return ok(queueJson(q, ctx.store.lagOf(q.name)));
  });
  r.add("DELETE", "/v2/queues/:name", async (ctx, _req, p) => {
    const { store } = ctx;
    const name = queueOf(ctx, p.name).name;
    store.queues.delete(name);
    for (const m of [...store.messages.values()]) {
      if (m.queueName === name && m.state !== "ACTIVE") ctx.engine.cancel(m);
    }
    await ctx.persist();
    return empty();
  });
  r.add(["POST", "PATCH"], "/v2/queues/:name/pause", (ctx, _req, p) => setPaused(ctx, p.name, true));
  r.add(["POST", "PATCH"], "/v2/queues/:name/resume", (ctx, _req, p) => setPaused(ctx, p.name, false));
}

function queueOf(ctx: ApiContext, rawName: string): QueueRecord {
  const name = checkName("queue name", rawName);
  const q = ctx.store.queues.get(name);
  if (!q) throw notFound(`queue ${name} not found`);
  return q;
}

async function setPaused(ctx: ApiContext, name: string, paused: boolean): Promise<ApiResult> {
  const q = queueOf(ctx, name);
  if (q.paused !== paused) {
    q.paused = paused;
    q.updatedAt = ctx.clock.now();
  }
  await ctx.persist();
  if (!paused) ctx.engine.kick();
  return empty();
}

async function upsertQueue(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const { store, limits } = ctx;
  const body = parseJson(req.body, "upsert queue") as Record<string, unknown>;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest("upsert queue: body must be an object");
  const name = checkName("queue name", body.queueName);
  let parallelism: number | undefined;
  // the Go SDK sends `"parallelism": 0` when its field is left unset (ledger A3)
  if (body.parallelism !== undefined && body.parallelism !== null && body.parallelism !== 0) {
    if (typeof body.parallelism !== "number" || !Number.isInteger(body.parallelism) || body.parallelism < 1) {
      throw badRequest(
        `invalid parallelism ${JSON.stringify(body.parallelism)}: must be an integer greater than 0`,
      );
    }
    parallelism = body.parallelism;
  }
  let paused: boolean | undefined;
  if (body.paused !== undefined && body.paused !== null) {
    if (typeof body.paused === "boolean") paused = body.paused;
    else if (typeof body.paused === "string") paused = parseBool("paused", body.paused);
    else throw badRequest(`invalid paused ${JSON.stringify(body.paused)}: must be a boolean`);
  }
  if (
    parallelism !== undefined &&
    limits.maxParallelism !== undefined &&
    parallelism > limits.maxParallelism
  ) {
    throw new HttpError(
      412,
      `parallelism ${parallelism} exceeds the maximum of ${limits.maxParallelism} per queue`,
    );
  }
  const existing = store.queues.get(name);
  if (!existing && limits.maxQueues !== undefined && store.queues.size >= limits.maxQueues) {
    throw new HttpError(
      412,
      `cannot create queue ${name}: the maximum of ${limits.maxQueues} queues is reached`,
    );
  }
  const now = ctx.clock.now();
  store.queues.set(name, {
    name,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    parallelism: parallelism ?? existing?.parallelism ?? 1,
    paused: paused ?? existing?.paused ?? false,
  });
  await ctx.persist();
  ctx.engine.kick();
  return empty();
}
