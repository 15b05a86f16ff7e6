import { randomId } from "../../sdk/receiver/sign.js";
import { type ApiContext, type ApiRequest, type ApiResult, empty, ok } from "../context.js";
import { destinationOf, parseDestination } from "../destination.js";
import { badRequest, HttpError, notFound } from "../http-util.js";
import { parseSpec } from "../message-headers.js";
import type { ScheduleRecord } from "../records.js";
import type { Router } from "../router.js";
import { checkName, nextCronTime, parseCron } from "../validate.js";
import { scheduleJson } from "../views.js";

/** `/v2/schedules`: list, get, delete, pause, resume, and create by destination. */
export function scheduleRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/schedules", (ctx) => ok([...ctx.store.schedules.values()].map(scheduleJson)));
  // The SDKs send PATCH, the OpenAPI spec and old docs say POST: accept both.
  r.add(["PATCH", "POST"], "/v2/schedules/:id/pause", (ctx, _req, p) => setPaused(ctx, p.id, true));
  r.add(["PATCH", "POST"], "/v2/schedules/:id/resume", (ctx, _req, p) => setPaused(ctx, p.id, false));
  r.add("POST", "/v2/schedules/*dest", (ctx, req, p) =>
    createSchedule(ctx, req, destinationOf(p.dest, req.query)),
  );
  r.add("GET", "/v2/schedules/:id", (ctx, _req, p) => ok(scheduleJson(scheduleOf(ctx, p.id))));
  r.add("DELETE", "/v2/schedules/:id", async (ctx, _req, p) => {
    const s = scheduleOf(ctx, p.id);
    ctx.store.schedules.delete(s.scheduleId);
    ctx.store.crons.delete(s.scheduleId);
    await ctx.persist();
    return empty();
  });
}

function scheduleOf(ctx: ApiContext, rawId: string): ScheduleRecord {
  const id = checkName("schedule id", rawId);
  const s = ctx.store.schedules.get(id);
  if (!s) throw notFound(`schedule ${id} not found`);
  return s;
}

async function setPaused(ctx: ApiContext, id: string, paused: boolean): Promise<ApiResult> {
  scheduleOf(ctx, id).isPaused = paused;
  await ctx.persist();
  return empty();
}
async function createSchedule(ctx: ApiContext, req: ApiRequest, destination: string): Promise<ApiResult> {
  const { store } = ctx;
  const dest = parseDestination(destination);
  const cronHeader = req.headers.get("upstash-cron")?.join(" ");
  if (cronHeader === undefined) throw badRequest("Upstash-Cron header is required to create a schedule");
  const cron = parseCron(cronHeader);
  const idHeader = req.headers.get("upstash-schedule-id")?.join(",");
  const scheduleId = idHeader === undefined ? randomId("scd_") : checkName("schedule id", idHeader.trim());
  const spec = parseSpec(req.headers, req.body, "schedule", ctx.defaultRetries);
  const existing = store.schedules.get(scheduleId);
  if (!existing && ctx.limits.maxSchedules !== undefined && store.schedules.size >= ctx.limits.maxSchedules) {
    throw new HttpError(
      412,
      `cannot create schedule: the maximum of ${ctx.limits.maxSchedules} schedules is reached`,
    );
  }
  const now = ctx.clock.now();
  // Upsert by id replaces the whole schedule (omitted fields are cleared, pause is lifted).
  const s: ScheduleRecord = {
    scheduleId,
    createdAt: existing?.createdAt ?? now,
    cron: cronHeader.trim(),
    destination: dest.kind === "url" ? dest.url : dest.name,
    spec,
    isPaused: false,
    callerIP: req.callerIP,
    lastScheduleStates: {},
  };
  const next = nextCronTime(cron.cron, now);
  if (next !== undefined) s.nextScheduleTime = next;
  store.schedules.set(scheduleId, s);
  store.crons.set(scheduleId, cron.cron);
  await ctx.persist();
  return ok({ scheduleId });
}
