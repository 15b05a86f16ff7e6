import { type ApiContext, type ApiRequest, type ApiResult, empty, ok } from "../context.js";
import type { FlowKeyRecord, FlowPin } from "../flow-control.js";
import { badRequest, notFound } from "../http-util.js";
import { parseBool } from "../message-headers.js";
import type { Router } from "../router.js";
import { flowKeyJson } from "../views.js";

/** `/v2/flowControl` and `/v2/globalParallelism`. */
export function flowControlRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/flowControl", (ctx) => ok([...ctx.store.flow.keys.values()].map((k) => view(ctx, k))));
  r.add("GET", "/v2/flowControl/:key", (ctx, _req, p) => {
    const key = p.key;
    const k = ctx.store.flow.keys.get(key);
    if (!k) throw notFound(`flow control key ${key} not found`);
    return ok(view(ctx, k));
  });
  r.add("POST", "/v2/flowControl/:key/pause", (ctx, _req, p) =>
    change(ctx, p.key, (k) => {
      k.paused = true;
    }),
  );
  r.add("POST", "/v2/flowControl/:key/resume", (ctx, _req, p) =>
    change(ctx, p.key, (k) => {
      k.paused = false;
    }),
  );
  r.add("POST", "/v2/flowControl/:key/pin", (ctx, req, p) => {
    const pin = pinOf(new URLSearchParams(req.query));
    return change(ctx, p.key, (k, now) => ctx.store.flow.pin(k, pin, now));
  });
  r.add("POST", "/v2/flowControl/:key/unpin", (ctx, req, p) => {
    const q = new URLSearchParams(req.query);
    const flag = (name: string) => (q.has(name) ? parseBool(name, q.get(name)!) : false);
    const parallelism = flag("parallelism");
    const rate = flag("rate");
    return change(ctx, p.key, (k) => {
      if (parallelism) k.pinnedParallelism = false;
      if (rate) k.pinnedRate = false;
    });
  });
  r.add("POST", "/v2/flowControl/:key/resetRate", (ctx, _req, p) =>
    change(ctx, p.key, (k, now) => ctx.store.flow.resetRate(k, now)),
  );
  r.add("GET", "/v2/globalParallelism", (ctx) => {
    let active = 0;
    for (const m of ctx.store.messages.values()) if (m.state === "ACTIVE") active++;
    // QStash leaves out a zero (the official SDK defaults both fields to 0).
    const max = ctx.limits.globalParallelism ?? 0;
    return ok({ ...(max ? { parallelismMax: max } : {}), ...(active ? { parallelismCount: active } : {}) });
  });
}

function view(ctx: ApiContext, k: FlowKeyRecord): Record<string, unknown> {
  const now = ctx.clock.now();
  let waiting = 0;
  let active = 0;
  for (const m of ctx.store.messages.values()) {
    if (m.spec.flowControl?.key !== k.key) continue;
    if (m.state === "ACTIVE") active++;
    else if (m.dueAt <= now) waiting++;
  }
  return flowKeyJson(k, { waiting, active, rateCount: ctx.store.flow.rateCountAt(k, now) });
}

/** Applies a change to a key (creating it: a key can be paused or pinned before its first message). */
async function change(
  ctx: ApiContext,
  key: string,
  apply: (k: FlowKeyRecord, now: number) => void,
): Promise<ApiResult> {
  const now = ctx.clock.now();
  // A key has no documented charset: any non-empty segment names one.
  apply(ctx.store.flow.ensure(key, now), now);
  await ctx.persist();
  ctx.engine.kick();
  return empty();
}

function pinOf(q: URLSearchParams): FlowPin {
  const pin: FlowPin = {};
  for (const name of ["parallelism", "rate", "period"] as const) {
    const raw = q.get(name);
    if (raw === null) continue;
    if (!/^\d+$/.test(raw.trim()))
      throw badRequest(`invalid ${name} "${raw}": expected a non-negative integer`);
    pin[name] = Number(raw);
  }
  if (Object.keys(pin).length === 0) throw badRequest("pin needs parallelism, rate or period");
  return pin;
}
