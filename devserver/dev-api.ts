import type { Engine } from "./engine.js";
import type { FaultConfig, Faults } from "./faults.js";
import { badRequest, HttpError, notFound } from "./http-util.js";
import { matches, type RequestLog } from "./request-log.js";
import type { DevServerClock, DevServerInventory, FiredSchedule } from "./server.js";
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

function queryParams(query: string): URLSearchParams {
  return new URLSearchParams(query);
}

/**
 * `/__dev/*`: test controls for out-of-process tests (same token as the API; never
 * logged, never faulted). See the devserver README section for the list.
 */
export async function handleDevApi(
  ctx: DevApiContext,
  method: string,
  path: string,
  query: string,
  body: Buffer,
): Promise<{ status: number; json: unknown }> {
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  const q = queryParams(query);
  switch (route) {
    case "GET /__dev/log": {
      const since = Number(q.get("since") ?? 0);
      const filter: { method?: string; path?: string; status?: number } = {};
      if (q.get("method")) filter.method = q.get("method")!;
      if (q.get("path")) filter.path = q.get("path")!;
      if (q.get("status")) filter.status = Number(q.get("status"));
      const entries = ctx.requestLog.entries(since).filter((e) => matches(e, filter));
      return { status: 200, json: { entries, count: entries.length, lastSeq: ctx.requestLog.lastSeq } };
    }
    case "DELETE /__dev/log":
      ctx.requestLog.clear();
      return { status: 200, json: { cleared: true } };
    case "GET /__dev/inventory":
      return { status: 200, json: ctx.inventory() };
    case "GET /__dev/faults":
      return { status: 200, json: ctx.faults.get() };
    case "POST /__dev/faults":
    case "PUT /__dev/faults":
      try {
        ctx.faults.set(jsonBody(body) as FaultConfig);
      } catch (e) {
        if (e instanceof HttpError) throw e;
        throw badRequest(e instanceof Error ? e.message : String(e));
      }
      return { status: 200, json: ctx.faults.get() };
    case "DELETE /__dev/faults":
      ctx.faults.clear();
      return { status: 200, json: ctx.faults.get() };
    case "GET /__dev/clock":
      return { status: 200, json: { now: ctx.clock.now() } };
    case "POST /__dev/clock": {
      const b = jsonBody(body);
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
      return { status: 200, json: { now: ctx.clock.now(), fired } };
    }
    case "POST /__dev/settle": {
      const b = jsonBody(body);
      const timeoutMs = typeof b.timeoutMs === "number" ? b.timeoutMs : 10_000;
      return { status: 200, json: await ctx.engine.settle(timeoutMs) };
    }
    case "GET /__dev/deliveries": {
      const since = Number(q.get("since") ?? 0);
      return { status: 200, json: { deliveries: ctx.engine.deliveries.filter((d) => d.time >= since) } };
    }
    case "POST /__dev/reset":
      await ctx.reset();
      return { status: 200, json: { reset: true } };
  }
  const trig = /^POST \/__dev\/schedules\/([^/]+)\/trigger$/.exec(route);
  if (trig) {
    const id = decodeURIComponent(trig[1]!);
    if (!ctx.store.schedules.has(id)) throw notFound(`schedule ${id} not found`);
    return { status: 200, json: { scheduleId: id, messageIds: ctx.clock.trigger(id) } };
  }
  throw notFound(`no such dev endpoint: ${route}`);
}
