import type { Engine } from "./engine.js";
import type { FaultConfig, Faults } from "./faults.js";
import { badRequest, HttpError, notFound } from "./http-util.js";
import type { DevServerClock, DevServerInventory, FiredSchedule } from "./options.js";
import { matches, type RequestLog } from "./request-log.js";
import { Router } from "./router.js";
import type { Store } from "./store.js";

export interface DevApiContext {
  store: Store;
  engine: Engine;
  clock: DevServerClock;
  faults: Faults;
  requestLog: RequestLog;
  inventory: () => DevServerInventory;
  reset: () => Promise<void>;
}

export interface DevApiRequest {
  method: string;
  path: string;
  query: string;
  body: Buffer;
}

type DevResult = { status: number; json: unknown };

const ok = (json: unknown): DevResult => ({ status: 200, json });

function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const v = JSON.parse(body.toString("utf8")) as unknown;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error();
    return v as Record<string, unknown>;
  } catch {
    throw badRequest("request body must be a JSON object");
  }
}

const dev = new Router<DevApiContext, DevApiRequest, DevResult>()
  .add("GET", "/__dev/log", (ctx, req) => {
    const q = new URLSearchParams(req.query);
    const since = Number(q.get("since") ?? 0);
    const filter: { method?: string; path?: string; status?: number } = {};
    if (q.get("method")) filter.method = q.get("method")!;
    if (q.get("path")) filter.path = q.get("path")!;
    if (q.get("status")) filter.status = Number(q.get("status"));
    const entries = ctx.requestLog.entries(since).filter((e) => matches(e, filter));
    return ok({ entries, count: entries.length, lastSeq: ctx.requestLog.lastSeq });
  })
  .add("DELETE", "/__dev/log", (ctx) => {
    ctx.requestLog.clear();
    return ok({ cleared: true });
  })
  .add("GET", "/__dev/inventory", (ctx) => ok(ctx.inventory()))
  .add("GET", "/__dev/faults", (ctx) => ok(ctx.faults.get()))
  .add(["POST", "PUT"], "/__dev/faults", (ctx, req) => {
    try {
      ctx.faults.set(jsonBody(req.body) as FaultConfig);
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw badRequest(e instanceof Error ? e.message : String(e));
    }
    return ok(ctx.faults.get());
  })
  .add("DELETE", "/__dev/faults", (ctx) => {
    ctx.faults.clear();
    return ok(ctx.faults.get());
  })
  .add("GET", "/__dev/clock", (ctx) => ok({ now: ctx.clock.now() }))
  .add("POST", "/__dev/clock", (ctx, req) => {
    const b = jsonBody(req.body);
    let fired: FiredSchedule[];
    if (b.advanceMs !== undefined) {
      if (typeof b.advanceMs !== "number" || b.advanceMs < 0)
        throw badRequest("advanceMs must be a non-negative number");
      fired = ctx.clock.advance(b.advanceMs);
    } else if (b.setMs !== undefined) {
      if (typeof b.setMs !== "number") throw badRequest("setMs must be a number (unix ms)");
      fired = ctx.clock.advance(Math.max(0, b.setMs - ctx.clock.now()));
    } else {
      fired = ctx.clock.fireDue();
    }
    return ok({ now: ctx.clock.now(), fired });
  })
  .add("POST", "/__dev/settle", async (ctx, req) => {
    const b = jsonBody(req.body);
    return ok(await ctx.engine.settle(typeof b.timeoutMs === "number" ? b.timeoutMs : 10_000));
  })
  .add("GET", "/__dev/deliveries", (ctx, req) => {
    const since = Number(new URLSearchParams(req.query).get("since") ?? 0);
    return ok({ deliveries: ctx.engine.deliveries.filter((d) => d.time >= since) });
  })
  .add("POST", "/__dev/reset", async (ctx) => {
    await ctx.reset();
    return ok({ reset: true });
  })
  .add("POST", "/__dev/schedules/:id/trigger", (ctx, _req, p) => {
    const id = p.id;
    if (!ctx.store.schedules.has(id)) throw notFound(`schedule ${id} not found`);
    return ok({ scheduleId: id, messageIds: ctx.clock.trigger(id) });
  });

/**
 * `/__dev/*`: test controls for out-of-process tests (same token as the API; never
 * logged, never faulted). See the devserver README section for the list.
 */
export function handleDevApi(ctx: DevApiContext, req: DevApiRequest): Promise<DevResult> {
  return dev.handle(ctx, req);
}
