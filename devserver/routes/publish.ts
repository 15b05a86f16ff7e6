import { createHash } from "node:crypto";
import { type ApiContext, type ApiRequest, type ApiResult, ok } from "../context.js";
import { type Destination, destinationOf, parseDestination } from "../destination.js";
import { badRequest, HttpError, notFound, parseJson } from "../http-util.js";
import { type HeaderBag, headerBagFromRecord, type MessageSpec, parseSpec } from "../message-headers.js";
import type { MessageRecord } from "../records.js";
import type { Router } from "../router.js";
import { checkName } from "../validate.js";
import { parseWorkflowTag } from "../workflow/tag.js";

const DEDUP_WINDOW_MS = 10 * 60 * 1000;

/** `POST /v2/publish/{destination}`, `POST /v2/enqueue/{queue}/{destination}`, `POST /v2/batch`. */
export function publishRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("POST", "/v2/publish/*dest", (ctx, req, p) =>
    publish(ctx, req, destinationOf(p.dest, req.query), undefined),
  );
  r.add("POST", "/v2/enqueue/*rest", (ctx, req, p) => {
    const rest = p.rest;
    const slash = rest.indexOf("/");
    if (slash <= 0) throw badRequest("enqueue needs /v2/enqueue/{queueName}/{destination}");
    const queue = checkName("queue name", decodeURIComponent(rest.slice(0, slash)));
    return publish(ctx, req, destinationOf(rest.slice(slash + 1), req.query), queue);
  });
  r.add("POST", "/v2/batch", batch);
}

function dedupKey(spec: MessageSpec, destination: string, queue: string | undefined): string | undefined {
  if (spec.deduplicationId) return `id:${queue ?? ""}:${destination}:${spec.deduplicationId}`;
  if (spec.contentBasedDeduplication) {
    const h = createHash("sha256");
    h.update(destination);
    h.update("\0");
    h.update(spec.body);
    h.update("\0");
    h.update(JSON.stringify(Object.entries(spec.header).sort()));
    return `content:${queue ?? ""}:${h.digest("hex")}`;
  }
  return undefined;
}

interface Prepared {
  destination: string;
  dest: Destination;
  spec: MessageSpec;
  queue: string | undefined;
  dedup: string | undefined;
  /** A workflow trigger for a run id that already exists: nothing is created (ledger W3). */
  workflowRepeat?: true;
}

export function prepare(
  ctx: ApiContext,
  rawDestination: string,
  headers: HeaderBag,
  body: Buffer,
  queue: string | undefined,
): Prepared {
  const dest = parseDestination(rawDestination);
  const spec = parseSpec(headers, body, queue ? "enqueue" : "publish", ctx.defaultRetries);
  const workflow = parseWorkflowTag(headers);
  if (workflow) spec.workflow = workflow;
  const repeat = ctx.workflows.admit(spec, headers) === "duplicate";
  const q = queue ?? spec.queueName;
  if (dest.kind === "group") {
    const g = ctx.store.urlGroups.get(dest.name);
    if (!g) throw notFound(`topic ${dest.name} not found`);
  }
  if (
    q &&
    !ctx.store.queues.has(q) &&
    ctx.limits.maxQueues !== undefined &&
    ctx.store.queues.size >= ctx.limits.maxQueues
  ) {
    throw new HttpError(
      412,
      `cannot create queue ${q}: the maximum of ${ctx.limits.maxQueues} queues is reached`,
    );
  }
  return {
    destination: rawDestination,
    dest,
    spec,
    queue: q,
    dedup: dedupKey(spec, rawDestination, q),
    ...(repeat ? { workflowRepeat: true } : {}),
  };
}

type PublishOne = { messageId: string; url: string; deduplicated?: true };

/** Creates the messages of one prepared publish; returns the wire response and whether it was a duplicate. */
export function commit(
  ctx: ApiContext,
  p: Prepared,
  callerIP: string,
): { result: PublishOne | PublishOne[]; duplicate: boolean } {
  const now = ctx.clock.now();
  if (p.workflowRepeat) {
    const first = ctx.store.workflows.get(p.spec.workflow!.runId)!.steps[0]!;
    return {
      result: { messageId: first.messageId, url: p.spec.workflow!.url ?? "", deduplicated: true },
      duplicate: true,
    };
  }
  if (p.dedup) {
    ctx.store.pruneDedup(now);
    const hit = ctx.store.dedup.get(p.dedup);
    if (hit && hit.expiresAt > now) {
      const mark = (r: PublishOne): PublishOne => ({ ...r, deduplicated: true });
      const prev = hit.result as PublishOne | PublishOne[];
      return { result: Array.isArray(prev) ? prev.map(mark) : mark(prev), duplicate: true };
    }
  }
  const msgs: MessageRecord[] = [];
  if (p.dest.kind === "url") {
    msgs.push(ctx.engine.newMessage({ url: p.dest.url, spec: p.spec, callerIP, queueName: p.queue }));
  } else {
    const g = ctx.store.urlGroups.get(p.dest.name)!;
    for (const e of g.endpoints) {
      msgs.push(
        ctx.engine.newMessage({
          url: e.url,
          spec: p.spec,
          callerIP,
          topicName: g.name,
          endpointName: e.name,
          queueName: p.queue,
        }),
      );
    }
  }
  if (p.queue) ctx.engine.ensureQueue(p.queue);
  const one = (m: MessageRecord): PublishOne => ({ messageId: m.messageId, url: m.url });
  const result = p.dest.kind === "url" ? one(msgs[0]!) : msgs.map(one);
  if (p.dedup) ctx.store.dedup.set(p.dedup, { expiresAt: now + DEDUP_WINDOW_MS, result });
  for (const m of msgs) ctx.workflows.accept(m);
  ctx.engine.add(msgs);
  return { result, duplicate: false };
}

async function publish(
  ctx: ApiContext,
  req: ApiRequest,
  destination: string,
  queue: string | undefined,
): Promise<ApiResult> {
  const p = prepare(ctx, destination, req.headers, req.body, queue);
  const { result, duplicate } = commit(ctx, p, req.callerIP);
  await ctx.persist();
  return { status: duplicate ? 202 : 200, json: result };
}

async function batch(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const parsed = parseJson(req.body, "batch");
  if (!Array.isArray(parsed)) throw badRequest("batch: request body must be a JSON array of messages");
  const prepared = parsed.map((entry, i) => {
    if (typeof entry !== "object" || entry === null) throw badRequest(`batch[${i}]: must be an object`);
    const e = entry as Record<string, unknown>;
    if (typeof e.destination !== "string") throw badRequest(`batch[${i}].destination is required`);
    if (
      e.headers !== undefined &&
      e.headers !== null &&
      (typeof e.headers !== "object" || Array.isArray(e.headers))
    ) {
      throw badRequest(`batch[${i}].headers must be an object`);
    }
    // other SDKs send absent optional fields as null (Python) or "" (Go): ledger A3
    if (e.body !== undefined && e.body !== null && typeof e.body !== "string")
      throw badRequest(`batch[${i}].body must be a string`);
    const queue =
      e.queue === undefined || e.queue === null || e.queue === ""
        ? undefined
        : checkName(`batch[${i}].queue`, e.queue);
    try {
      return prepare(
        ctx,
        e.destination,
        headerBagFromRecord((e.headers ?? undefined) as Record<string, unknown> | undefined),
        Buffer.from((e.body as string | undefined) ?? "", "utf8"),
        queue,
      );
    } catch (err) {
      if (err instanceof HttpError) throw new HttpError(err.status, `batch[${i}]: ${err.message}`);
      throw err;
    }
  });
  const results = prepared.map((p) => commit(ctx, p, req.callerIP).result);
  await ctx.persist();
  return ok(results);
}
