import { type ApiContext, type ApiRequest, type ApiResult, empty, ok } from "../context.js";
import { DLQ_FIELDS, inDateRange, type ListQuery, matchesMessage, parseListQuery } from "../filters.js";
import { badRequest, notFound } from "../http-util.js";
import { type HeaderBag, type MessageSpec, parseSpec } from "../message-headers.js";
import type { MessageRecord } from "../records.js";
import type { Router } from "../router.js";
import { dlqJson } from "../views.js";
import { listWorkflowDlq } from "./workflows.js";

/** QStash's page size for the DLQ: default and maximum 100. */
const PAGE = 100;

/** `/v2/dlq`: list, get, delete one or many, retry one or many. */
export function dlqRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/dlq", (ctx, req) => {
    // the workflow SDK lists its DLQ here with source=workflow and its own filters (ledger W10)
    if (new URLSearchParams(req.query).get("source") === "workflow") return listWorkflowDlq(ctx, req.query);
    const { entries, next } = select(ctx, parseListQuery(req.query, DLQ_FIELDS, req.body));
    return ok({ messages: entries.map(dlqJson), ...(next ? { cursor: next } : {}) });
  });
  r.add("GET", "/v2/dlq/:id", (ctx, _req, p) => ok(dlqJson(entryOf(ctx, p.id))));
  r.add("DELETE", "/v2/dlq/:id", async (ctx, _req, p) => {
    ctx.store.dlq.delete(entryOf(ctx, p.id).dlqId!);
    await ctx.persist();
    return empty();
  });
  r.add("DELETE", "/v2/dlq", async (ctx, req) => {
    const q = parseListQuery(req.query, DLQ_FIELDS, req.body);
    const { entries, next } = select(ctx, q);
    for (const m of entries) ctx.store.dlq.delete(m.dlqId!);
    if (entries.length) await ctx.persist();
    return ok({ deleted: entries.length, ...(next ? { cursor: next } : {}) });
  });
  r.add("POST", "/v2/dlq/retry/:id", async (ctx, req, p) => {
    const res = retry(ctx, req, entryOf(ctx, p.id));
    await ctx.persist();
    return ok(res, 201);
  });
  r.add("POST", "/v2/dlq/retry", async (ctx, req) => {
    const q = parseListQuery(req.query, DLQ_FIELDS, req.body);
    if (q.filters.dlqIds) {
      const missing = [...q.filters.dlqIds].filter((id) => !ctx.store.dlq.has(id));
      if (missing.length) throw notFound(`not in the DLQ: ${missing.join(", ")}`);
    }
    const { entries, next } = select(ctx, q);
    const responses = entries.map((m) => retry(ctx, req, m));
    if (responses.length) await ctx.persist();
    // QStash answers an empty cursor on the last page of a filtered retry (the SDK normalises it).
    return ok({ responses, ...(q.filters.dlqIds ? {} : { cursor: next ?? "" }) }, 201);
  });
}

function entryOf(ctx: ApiContext, id: string): MessageRecord {
  const m = ctx.store.dlq.get(id);
  if (!m) throw notFound(`dlq message ${id} not found`);
  return m;
}

/**
 * The entries a list or bulk action selects, newest first. With `dlqIds` those entries
 * (other filters ignored, no paging); otherwise the filtered page after `cursor`.
 */
function select(ctx: ApiContext, q: ListQuery): { entries: MessageRecord[]; next: string | undefined } {
  const ids = q.filters.dlqIds;
  if (ids) {
    const entries = [...ids].map((id) => ctx.store.dlq.get(id)).filter((m) => m !== undefined);
    return { entries, next: undefined };
  }
  let before = Number.POSITIVE_INFINITY;
  if (q.cursor !== undefined) {
    if (!/^\d+$/.test(q.cursor)) throw badRequest(`invalid cursor "${q.cursor}"`);
    before = Number(q.cursor);
  }
  const count = Math.min(q.count ?? PAGE, PAGE);
  const entries: MessageRecord[] = [];
  const all = [...ctx.store.dlq.values()];
  for (let i = all.length - 1; i >= 0; i--) {
    const m = all[i]!;
    if ((m.dlqSeq ?? 0) >= before) continue;
    if (!matchesMessage(m, q.filters) || !inDateRange(m.dlqAt ?? m.createdAt, q.filters)) continue;
    if (entries.length === count) return { entries, next: String(entries[entries.length - 1]!.dlqSeq) };
    entries.push(m);
  }
  return { entries, next: undefined };
}

/** Settings a retry request may override, by the header that carries each. */
const OVERRIDES: [string, keyof MessageSpec][] = [
  ["upstash-method", "method"],
  ["upstash-retries", "retries"],
  ["upstash-delay", "delay"],
  ["upstash-not-before", "notBefore"],
  ["upstash-retry-delay", "retryDelayExpression"],
  ["upstash-callback", "callback"],
  ["upstash-failure-callback", "failureCallback"],
  ["upstash-timeout", "timeout"],
  ["upstash-flow-control-key", "flowControl"],
  ["upstash-label", "labels"],
];

/** The original settings, with what the retry request's `Upstash-*` headers say instead. */
function overridden(spec: MessageSpec, headers: HeaderBag): MessageSpec {
  if (!OVERRIDES.some(([h]) => headers.has(h))) return spec;
  const given = parseSpec(headers, Buffer.from(spec.body, "base64"), "publish", spec.retries);
  const out: MessageSpec = { ...spec };
  for (const [h, field] of OVERRIDES) if (headers.has(h)) take(out, given, field);
  return out;
}

/** Copies one setting; the generic key lets the type-checker see both sides hold the same field. */
function take<K extends keyof MessageSpec>(to: MessageSpec, from: MessageSpec, field: K): void {
  to[field] = from[field];
}

/** Retrying makes a new message with the same body and headers and takes the entry out of the DLQ. */
function retry(ctx: ApiContext, req: ApiRequest, m: MessageRecord): { messageId: string } {
  const msg = ctx.engine.newMessage({
    url: m.url,
    spec: overridden(m.spec, req.headers),
    callerIP: m.callerIP,
    topicName: m.topicName,
    endpointName: m.endpointName,
    scheduleId: m.scheduleId,
    queueName: m.queueName,
    callbackOf: m.callbackOf,
  });
  if (msg.queueName) ctx.engine.ensureQueue(msg.queueName);
  ctx.store.dlq.delete(m.dlqId!);
  ctx.engine.add([msg]);
  return { messageId: msg.messageId };
}
