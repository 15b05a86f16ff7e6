import { randomId } from "../../sdk/receiver/sign.js";
import { type ApiContext, type ApiRequest, type ApiResult, empty, ok } from "../context.js";
import { badRequest, notFound } from "../http-util.js";
import type { MessageRecord } from "../records.js";
import type { Router } from "../router.js";
import { parseNonNegativeInt } from "../validate.js";
import { dlqJson } from "../views.js";
import { parseWorkflowDlqQuery, type WorkflowDlqQuery } from "../workflow/dlq-filter.js";
import { runLogJson } from "../workflow/logs-view.js";
import type { WorkflowRunRecord } from "../workflow/runs.js";

/** Runs a page of `GET /v2/workflows/events` holds when no `count` is given (the SDK documents 10). */
const RUNS_PAGE = 10;
/** Entries one DLQ resume, restart or delete handles when no `count` is given (the SDK's default). */
const BULK = 100;
/** What the devserver's run cancel understands (the SDK's label, host and date filters are not supported yet). */
const CANCEL_FIELDS = ["workflowRunIds", "workflowUrl", "workflowUrlExactMatch", "count", "cursor"];
/** The DLQ's page size, default and maximum (as for messages). */
const DLQ_PAGE = 100;

/**
 * Upstash Workflow's endpoints: the run (`/v2/workflows/runs`), its logs
 * (`/v2/workflows/events`), events (`/v2/notify`, `/v2/wait`, `/v2/waiters`) and the
 * workflow DLQ (`/v2/workflows/dlq`). Ledger section "Workflow".
 */
export function workflowRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/workflows/runs/:id", (ctx, _req, p) => ok(ctx.workflows.steps(p.id)));
  r.add("DELETE", "/v2/workflows/runs/:id", async (ctx, req, p) => {
    const cancel = new URLSearchParams(req.query).get("cancel") === "true";
    ctx.workflows.end(p.id, cancel, req.body.toString("utf8"));
    await ctx.persist();
    return empty();
  });
  r.add("DELETE", "/v2/workflows/runs", async (ctx, req) => {
    const q = new URLSearchParams(req.query);
    // a filter ignored here would cancel every run: unknown ones are refused by name
    for (const name of new Set(q.keys()))
      if (!CANCEL_FIELDS.includes(name))
        throw badRequest(`unknown filter "${name}": expected one of ${CANCEL_FIELDS.join(", ")}`);
    const ids = listParam(q, "workflowRunIds");
    const url = q.get("workflowUrl");
    const exact = q.get("workflowUrlExactMatch") === "true";
    const count = ids.length ? Number.POSITIVE_INFINITY : countOf(q, BULK);
    const cancelled = ctx.workflows.cancelMany((run) => {
      if (ids.length) return ids.includes(run.runId);
      if (url) return exact ? run.url === url : run.url.startsWith(url);
      return true;
    }, count);
    await ctx.persist();
    return ok({ cancelled });
  });
  r.add("GET", "/v2/workflows/events", (ctx, req) => runLogs(ctx, req));
  r.add("POST", "/v2/notify/:runId/:eventId", async (ctx, req, p) => {
    const res = ctx.workflows.notify(decodeURIComponent(p.eventId), req.body, p.runId);
    await ctx.persist();
    return ok(res);
  });
  r.add("POST", "/v2/notify/:eventId", async (ctx, req, p) => {
    const res = ctx.workflows.notify(decodeURIComponent(p.eventId), req.body);
    await ctx.persist();
    return ok(res);
  });
  r.add("POST", "/v2/wait/:eventId", async (ctx, req, p) => {
    const res = ctx.workflows.wait(decodeURIComponent(p.eventId), req.headers, req.body);
    await ctx.persist();
    return ok(res);
  });
  r.add("GET", "/v2/waiters/:eventId", (ctx, _req, p) =>
    ok(ctx.workflows.waiters(decodeURIComponent(p.eventId))),
  );
  r.add("POST", "/v2/workflows/dlq/resume", (ctx, req) => again(ctx, req, "resume"));
  r.add("POST", "/v2/workflows/dlq/restart", (ctx, req) => again(ctx, req, "restart"));
  r.add("POST", "/v2/workflows/dlq/resume/:id", (ctx, req, p) => again(ctx, req, "resume", p.id));
  r.add("POST", "/v2/workflows/dlq/restart/:id", (ctx, req, p) => again(ctx, req, "restart", p.id));
  r.add("POST", "/v2/workflows/dlq/callback/:id", async (ctx, _req, p) => {
    const [m] = dlqSelection(ctx, "", p.id);
    const res = ctx.workflows.retryFailureFunction(m!);
    await ctx.persist();
    return ok(res);
  });
  r.add("DELETE", "/v2/workflows/dlq", async (ctx, req) => {
    const entries = dlqSelection(ctx, req.query);
    for (const m of entries) ctx.store.dlq.delete(m.dlqId!);
    await ctx.persist();
    return ok({ deleted: entries.length });
  });
}

function listParam(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

function countOf(q: URLSearchParams, fallback: number): number {
  const c = q.get("count");
  return c === null ? fallback : parseNonNegativeInt("count", c);
}

/** `client.logs()`: runs newest first, filtered by run id, state, URL or label; a numeric cursor. */
function runLogs(ctx: ApiContext, req: ApiRequest): ApiResult {
  const q = new URLSearchParams(req.query);
  const count = countOf(q, RUNS_PAGE);
  const runId = q.get("workflowRunId");
  const state = q.get("state");
  const url = q.get("workflowUrl");
  const label = q.get("label");
  const createdAt = q.get("workflowCreatedAt");
  const cursor = q.get("cursor");
  const all = [...ctx.store.workflows.byId.values()];
  const before = cursor ? Number(cursor) : all.length;
  if (!Number.isInteger(before)) throw badRequest(`invalid cursor "${cursor}"`);
  const pending = new Map<string, MessageRecord[]>();
  for (const m of ctx.store.messages.values()) {
    const t = m.spec.workflow;
    if (!t || t.role) continue;
    pending.set(t.runId, [...(pending.get(t.runId) ?? []), m]);
  }
  const runs: Record<string, unknown>[] = [];
  let next: number | undefined;
  for (let i = Math.min(before, all.length) - 1; i >= 0; i--) {
    const run = all[i]!;
    if (runId && run.runId !== runId) continue;
    if (state && run.state !== state) continue;
    if (url && run.url !== url) continue;
    if (label && !run.config.labels?.includes(label)) continue;
    if (createdAt && String(run.createdAt) !== createdAt) continue;
    if (runs.length === count) {
      next = i + 1;
      break;
    }
    const failed = run.failedMessageId ? ctx.store.finished.get(run.failedMessageId) : undefined;
    runs.push(runLogJson(run, pending.get(run.runId) ?? [], failed));
  }
  return ok({ runs, ...(next !== undefined ? { cursor: String(next) } : {}) });
}

/** Workflow DLQ entries newest first, after `cursor` (a `dlqSeq`), that pass the query's filters. */
function workflowEntries(ctx: ApiContext, q: WorkflowDlqQuery, limit: number) {
  const before = q.cursor ? Number(q.cursor) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(before)) throw badRequest(`invalid cursor "${q.cursor}"`);
  const all = [...ctx.store.dlq.values()];
  const entries: MessageRecord[] = [];
  for (let i = all.length - 1; i >= 0; i--) {
    const m = all[i]!;
    const tag = m.spec.workflow;
    if (!tag || tag.role || (m.dlqSeq ?? 0) >= before) continue;
    if (!q.keep(m, ctx.store.workflows.get(tag.runId))) continue;
    if (entries.length === limit) return { entries, next: String(entries[entries.length - 1]!.dlqSeq) };
    entries.push(m);
  }
  return { entries, next: undefined };
}

/** `GET /v2/dlq?source=workflow`: the workflow SDK's `client.dlq.list` (ledger W10). */
export function listWorkflowDlq(ctx: ApiContext, query: string): ApiResult {
  const q = parseWorkflowDlqQuery(query);
  if (q.dlqIds) {
    const ids = q.dlqIds;
    const entries = ids.map((id) => ctx.store.dlq.get(id)).filter((m) => m?.spec.workflow);
    return ok({ messages: entries.map((m) => workflowDlqJson(ctx, m!)) });
  }
  const { entries, next } = workflowEntries(ctx, q, Math.min(q.count ?? DLQ_PAGE, DLQ_PAGE));
  return ok({ messages: entries.map((m) => workflowDlqJson(ctx, m)), ...(next ? { cursor: next } : {}) });
}

function workflowDlqJson(ctx: ApiContext, m: MessageRecord): Record<string, unknown> {
  return { ...dlqJson(m), ...workflowDlqFields(ctx.store.workflows.get(m.spec.workflow!.runId)) };
}

/** The workflow DLQ entries a resume, restart or delete names: by `dlqIds`, else by filter, up to `count`. */
function dlqSelection(ctx: ApiContext, query: string, one?: string): MessageRecord[] {
  const q = parseWorkflowDlqQuery(query);
  const ids = one ? [one] : q.dlqIds;
  if (ids) {
    const found = ids.map((id) => ctx.store.dlq.get(id));
    const missing = ids.filter((_, i) => !found[i]?.spec.workflow);
    if (missing.length) throw notFound(`not in the workflow DLQ: ${missing.join(", ")}`);
    return found as MessageRecord[];
  }
  return workflowEntries(ctx, q, q.count ?? BULK).entries;
}

/**
 * Resume (the failed run again from its failed step, under a new run id) or restart (from
 * its first step). The DLQ entry is taken out. Ledger W10.
 */
async function again(
  ctx: ApiContext,
  req: ApiRequest,
  how: "resume" | "restart",
  one?: string,
): Promise<ApiResult> {
  const entries = dlqSelection(ctx, req.query, one);
  const workflowRuns: { workflowRunId: string; workflowCreatedAt: number }[] = [];
  for (const m of entries) {
    const old = ctx.store.workflows.get(m.spec.workflow!.runId);
    if (!old) continue;
    const run = ctx.workflows.rerun(old, m, how, req.headers, randomId("wfr_"));
    ctx.store.dlq.delete(m.dlqId!);
    workflowRuns.push({ workflowRunId: run.runId, workflowCreatedAt: run.createdAt });
  }
  await ctx.persist();
  return ok({ workflowRuns });
}

/** The workflow fields a DLQ entry of a workflow step carries. */
export function workflowDlqFields(run: WorkflowRunRecord | undefined): Record<string, unknown> {
  if (!run) return {};
  const out: Record<string, unknown> = {
    workflowRunId: run.runId,
    workflowUrl: run.url,
    workflowCreatedAt: run.createdAt,
  };
  if (run.failureFunction) out.failureCallbackInfo = { state: run.failureFunction.state };
  return out;
}
