import { createHash } from "node:crypto";
import { randomId } from "../sdk/receiver/sign.node.js";
import type { Engine } from "./engine.js";
import { badRequest, HttpError, notFound, parseJson } from "./http-util.js";
import { type HeaderBag, headerBagFromRecord, type MessageSpec, parseBool, parseSpec } from "./spec.js";
import {
  type EndpointRecord,
  type MessageRecord,
  messageJson,
  queueJson,
  type ScheduleRecord,
  scheduleJson,
  urlGroupJson,
} from "./state.js";
import type { Clock, Store } from "./store.js";
import { checkEndpointName, checkName, checkUrl, NAME_RE, nextCronTime, parseCron } from "./validate.js";

/** Quotas that make the devserver answer 412 like QStash does when a plan limit is hit. */
export interface DevServerLimits {
  maxQueues?: number;
  maxParallelism?: number;
  maxSchedules?: number;
}

export interface ApiContext {
  store: Store;
  engine: Engine;
  clock: Clock;
  limits: DevServerLimits;
  defaultRetries: number;
  /** Resolves once the change is durable (no-op without `--data`). */
  persist: () => Promise<void>;
}

/** What the router knows about a request, the path split from the query exactly as received. */
export interface ApiRequest {
  method: string;
  /** Raw path, `//` and percent-escapes untouched. */
  path: string;
  /** Raw query without `?`, `qstash_token` removed. */
  query: string;
  headers: HeaderBag;
  body: Buffer;
  callerIP: string;
}

export type ApiResult = { status: number; json?: unknown } | { status: number; empty: true };

const ok = (json: unknown): ApiResult => ({ status: 200, json });
const empty = (): ApiResult => ({ status: 200, empty: true });
const DEDUP_WINDOW_MS = 10 * 60 * 1000;

/** Everything after a route prefix plus the query: a destination as the SDK pasted it. */
function destinationOf(rest: string, query: string): string {
  return query ? `${rest}?${query}` : rest;
}

type Destination = { kind: "url"; url: string } | { kind: "group"; name: string };

function parseDestination(raw: string): Destination {
  if (raw.length === 0) throw badRequest("invalid destination url: destination is empty");
  if (/^https?:\/\//i.test(raw)) return { kind: "url", url: checkUrl("destination url", raw) };
  if (raw.startsWith("api/"))
    throw badRequest(`destination "${raw}": api destinations are not supported by the devserver`);
  if (!NAME_RE.test(raw))
    throw badRequest("invalid destination url: endpoint has invalid scheme, add http:// or https://");
  return { kind: "group", name: raw };
}

function methodNotAllowed(method: string, path: string): HttpError {
  return new HttpError(405, `method ${method} is not allowed on ${path}`);
}

/** Routes one authenticated `/v2/...` request. Throws `HttpError` for every failure. */
export async function handleApi(ctx: ApiContext, received: ApiRequest): Promise<ApiResult> {
  // The official Go SDK spells some paths `/v2/Schedules/...` and QStash routes
  // them (ledger A1): the area segment is matched case-insensitively; nothing
  // after it changes (a destination stays exactly as sent).
  const req = withLowerCaseArea(received);
  const { method, path } = req;
  const seg = path.split("/"); // ["", "v2", ...]
  const area = seg[2];
  const prefix = `/v2/${area}/`;
  const rest = path.length > prefix.length ? path.slice(prefix.length) : "";
  switch (area) {
    case "publish":
      if (method !== "POST") throw methodNotAllowed(method, path);
      return publish(ctx, req, destinationOf(rest, req.query), undefined);
    case "enqueue": {
      if (method !== "POST") throw methodNotAllowed(method, path);
      const slash = rest.indexOf("/");
      if (slash <= 0) throw badRequest("enqueue needs /v2/enqueue/{queueName}/{destination}");
      const queue = checkName("queue name", decodeURIComponent(rest.slice(0, slash)));
      return publish(ctx, req, destinationOf(rest.slice(slash + 1), req.query), queue);
    }
    case "batch":
      if (path !== "/v2/batch") break;
      if (method !== "POST") throw methodNotAllowed(method, path);
      return batch(ctx, req);
    case "schedules":
      return schedules(ctx, req, rest);
    case "topics":
      return topics(ctx, req, seg);
    case "queues":
      return queues(ctx, req, seg);
    case "keys":
      if (path === "/v2/keys" && method === "GET") return ok({ ...ctx.store.keys });
      if (path === "/v2/keys/rotate") {
        if (method !== "POST") throw methodNotAllowed(method, path);
        return rotate(ctx);
      }
      break;
    case "rotate":
      if (path === "/v2/rotate" && method === "POST") return rotate(ctx);
      break;
    case "messages":
      return messages(ctx, req, seg);
    case "dlq":
      if (path === "/v2/dlq" && method === "GET") {
        return ok({
          messages: [...ctx.store.dlq.values()].map((m) => ({ ...messageJson(m), dlqId: m.dlqId })),
        });
      }
      break;
  }
  throw notFound(`no such endpoint: ${method} ${path.split("/").slice(0, 3).join("/")}...`);
}

function withLowerCaseArea(req: ApiRequest): ApiRequest {
  const m = /^(\/v2\/)([^/]+)(.*)$/s.exec(req.path);
  if (!m || m[2] === m[2]!.toLowerCase()) return req;
  return { ...req, path: `${m[1]}${m[2]!.toLowerCase()}${m[3]}` };
}

async function rotate(ctx: ApiContext): Promise<ApiResult> {
  ctx.store.keys = { current: ctx.store.keys.next, next: randomId("sig_") };
  await ctx.persist();
  return ok({ ...ctx.store.keys });
}

// ---------------------------------------------------------------- publish

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
}

function prepare(
  ctx: ApiContext,
  rawDestination: string,
  headers: HeaderBag,
  body: Buffer,
  queue: string | undefined,
): Prepared {
  const dest = parseDestination(rawDestination);
  const spec = parseSpec(headers, body, queue ? "enqueue" : "publish", ctx.defaultRetries);
  const q = queue ?? spec.queueName;
  if (dest.kind === "group") {
    const g = ctx.store.urlGroups.get(dest.name);
    if (!g) throw notFound(`url group ${dest.name} not found`);
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
  return { destination: rawDestination, dest, spec, queue: q, dedup: dedupKey(spec, rawDestination, q) };
}

type PublishOne = { messageId: string; url: string; deduplicated?: true };

/** Creates the messages of one prepared publish; returns the wire response and whether it was a duplicate. */
function commit(
  ctx: ApiContext,
  p: Prepared,
  callerIP: string,
): { result: PublishOne | PublishOne[]; duplicate: boolean } {
  const now = ctx.clock.now();
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

// ---------------------------------------------------------------- schedules

async function schedules(ctx: ApiContext, req: ApiRequest, rest: string): Promise<ApiResult> {
  const { method, path } = req;
  const { store } = ctx;
  if (path === "/v2/schedules" || path === "/v2/schedules/") {
    if (method !== "GET") throw methodNotAllowed(method, path);
    return ok([...store.schedules.values()].map(scheduleJson));
  }
  const action = /^([^/]*)\/(pause|resume)$/.exec(rest);
  if (action && !/^https?:/i.test(rest) && (method === "PATCH" || method === "POST")) {
    // The SDKs send PATCH, the OpenAPI spec and old docs say POST: accept both.
    const id = checkName("schedule id", decodeURIComponent(action[1]!));
    const s = store.schedules.get(id);
    if (!s) throw notFound(`schedule ${id} not found`);
    s.isPaused = action[2] === "pause";
    await ctx.persist();
    return empty();
  }
  if (method === "POST") return createSchedule(ctx, req, destinationOf(rest, req.query));
  if (method === "GET" || method === "DELETE") {
    const id = checkName("schedule id", decodeURIComponent(rest));
    const s = store.schedules.get(id);
    if (!s) throw notFound(`schedule ${id} not found`);
    if (method === "GET") return ok(scheduleJson(s));
    store.schedules.delete(id);
    store.crons.delete(id);
    await ctx.persist();
    return empty();
  }
  throw methodNotAllowed(method, path);
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

// ---------------------------------------------------------------- URL groups

function endpointsOf(body: Buffer, what: string, requireUrl: boolean): EndpointRecord[] {
  const parsed = parseJson(body, what) as { endpoints?: unknown };
  if (typeof parsed !== "object" || parsed === null || !Array.isArray(parsed.endpoints)) {
    throw badRequest(`${what}: body must be {"endpoints":[{"url":"...","name":"..."}]}`);
  }
  if (parsed.endpoints.length === 0) throw badRequest(`${what}: endpoints must not be empty`);
  return parsed.endpoints.map((e: unknown, i: number) => {
    if (typeof e !== "object" || e === null) throw badRequest(`${what}: endpoints[${i}] must be an object`);
    const { url, name } = e as { url?: unknown; name?: unknown };
    const out: EndpointRecord = { url: "" };
    // an absent name may come as "" or null (other SDKs' shapes; ledger A3); any other string is a name (N2)
    if (name !== undefined && name !== null && name !== "")
      out.name = checkEndpointName(`endpoints[${i}].name`, name);
    if (url !== undefined && url !== null && url !== "") out.url = checkUrl(`endpoints[${i}].url`, url);
    else if (requireUrl) throw badRequest(`${what}: endpoints[${i}].url is required`);
    if (!out.url && !out.name) throw badRequest(`${what}: endpoints[${i}] needs a name or a url`);
    return out;
  });
}

async function topics(ctx: ApiContext, req: ApiRequest, seg: string[]): Promise<ApiResult> {
  const { method, path } = req;
  const { store } = ctx;
  if (seg.length === 3 || (seg.length === 4 && seg[3] === "")) {
    if (method !== "GET") throw methodNotAllowed(method, path);
    return ok([...store.urlGroups.values()].map(urlGroupJson));
  }
  const name = checkName("url group name", decodeURIComponent(seg[3] ?? ""));
  if (seg.length === 4) {
    const g = store.urlGroups.get(name);
    if (method === "GET") {
      if (!g) throw notFound(`url group ${name} not found`);
      return ok(urlGroupJson(g));
    }
    if (method === "DELETE") {
      // deleting a URL group that does not exist succeeds on QStash (ledger A2)
      if (!g) return empty();
      store.urlGroups.delete(name);
      await ctx.persist();
      return empty();
    }
    throw methodNotAllowed(method, path);
  }
  if (seg.length === 5 && seg[4] === "endpoints") {
    const now = ctx.clock.now();
    if (method === "POST") {
      const incoming = endpointsOf(req.body, "add endpoints", true);
      const g = store.urlGroups.get(name);
      const list = g ? g.endpoints.map((e) => ({ ...e })) : [];
      for (const e of incoming) {
        const byName = e.name ? list.find((x) => x.name === e.name) : undefined;
        const byUrl = list.find((x) => x.url === e.url && (!x.name || !e.name || x.name === e.name));
        const hit = byName ?? byUrl;
        if (hit) {
          hit.url = e.url;
          if (e.name) hit.name = e.name;
        } else list.push(e);
      }
      store.urlGroups.set(name, { name, createdAt: g?.createdAt ?? now, updatedAt: now, endpoints: list });
      await ctx.persist();
      return empty();
    }
    if (method === "DELETE") {
      const remove = endpointsOf(req.body, "remove endpoints", false);
      const g = store.urlGroups.get(name);
      if (!g) throw notFound(`url group ${name} not found`);
      const left = g.endpoints.filter(
        (x) =>
          !remove.some(
            (r) => (r.name !== undefined && r.name === x.name) || (r.url !== "" && r.url === x.url),
          ),
      );
      if (left.length === 0) store.urlGroups.delete(name);
      else store.urlGroups.set(name, { ...g, updatedAt: now, endpoints: left });
      await ctx.persist();
      return empty();
    }
    throw methodNotAllowed(method, path);
  }
  throw notFound(`no such endpoint: ${method} ${path}`);
}

// ---------------------------------------------------------------- queues

async function queues(ctx: ApiContext, req: ApiRequest, seg: string[]): Promise<ApiResult> {
  const { method, path } = req;
  const { store } = ctx;
  if (seg.length === 3 || (seg.length === 4 && seg[3] === "")) {
    if (method === "GET") return ok([...store.queues.values()].map((q) => queueJson(q, store.lagOf(q.name))));
    if (method === "POST") return upsertQueue(ctx, req);
    throw methodNotAllowed(method, path);
  }
  const name = checkName("queue name", decodeURIComponent(seg[3] ?? ""));
  const q = store.queues.get(name);
  if (seg.length === 4) {
    if (method === "GET") {
      if (!q) throw notFound(`queue ${name} not found`);
      return ok(queueJson(q, store.lagOf(name)));
    }
    if (method === "DELETE") {
      if (!q) throw notFound(`queue ${name} not found`);
      store.queues.delete(name);
      for (const m of [...store.messages.values()]) {
        if (m.queueName === name && m.state !== "ACTIVE") {
          m.state = "CANCELLED";
          store.finish(m);
        }
      }
      await ctx.persist();
      return empty();
    }
    throw methodNotAllowed(method, path);
  }
  if (seg.length === 5 && (seg[4] === "pause" || seg[4] === "resume")) {
    if (method !== "POST" && method !== "PATCH") throw methodNotAllowed(method, path);
    if (!q) throw notFound(`queue ${name} not found`);
    const paused = seg[4] === "pause";
    if (q.paused !== paused) {
      q.paused = paused;
      q.updatedAt = ctx.clock.now();
    }
    await ctx.persist();
    if (!paused) ctx.engine.kick();
    return empty();
  }
  throw notFound(`no such endpoint: ${method} ${path}`);
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

// ---------------------------------------------------------------- messages

async function messages(ctx: ApiContext, req: ApiRequest, seg: string[]): Promise<ApiResult> {
  const { method, path } = req;
  if (seg.length !== 4) throw notFound(`no such endpoint: ${method} ${path}`);
  const id = checkName("message id", decodeURIComponent(seg[3] ?? ""));
  const m = ctx.store.messages.get(id) ?? ctx.store.finished.get(id);
  if (!m) throw notFound(`message ${id} not found`);
  if (method === "GET") return ok(messageJson(m));
  if (method === "DELETE") {
    if (!ctx.store.messages.has(id)) throw notFound(`message ${id} not found or already delivered`);
    m.state = "CANCELLED";
    ctx.store.finish(m);
    await ctx.persist();
    // QStash answers a single cancel with the count, as the bulk cancel does (ledger A4)
    return ok({ cancelled: 1 });
  }
  throw methodNotAllowed(method, path);
}
