/**
 * Upstash Workflow on the devserver: runs as state of the same engine. The workflow SDK
 * publishes every step to QStash; this keeps each run's step list, replaces the body of
 * each step delivery with that list, applies the trigger's settings to every later step,
 * and answers the run, notify, wait and waiter endpoints. Ledger section "Workflow".
 */
import { callbackSpec } from "../callbacks.js";
import type { DeliveryHooks, Engine } from "../engine.js";
import { badRequest, HttpError, notFound } from "../http-util.js";
import { type HeaderBag, headerBagFromRecord, type MessageSpec, parseSpec } from "../message-headers.js";
import type { MessageRecord } from "../records.js";
import type { Clock, Store } from "../store.js";
import { parseDuration } from "../validate.js";
import type { RawStep, WaiterRecord, WorkflowRunRecord } from "./runs.js";
import { parseWorkflowTag, type WorkflowHeaders, type WorkflowTag } from "./tag.js";

export interface WorkflowDeps {
  store: Store;
  engine: Engine;
  clock: Clock;
  defaultRetries: number;
  /** A step list longer than this (JSON bytes) is not sent; the SDK fetches it (`LazyFetch`). */
  lazyFetchBytes: number;
  onChange: () => void;
}

/** What `POST /v2/notify` answers per notified waiter. */
export interface NotifyResult {
  waiter: Record<string, unknown>;
  messageId: string;
  error: string;
}

/**
 * Above this many bytes of JSON a step delivery goes out empty and the SDK fetches the list
 * (ledger W5). QStash's own threshold is not documented; this is ours.
 */
export const DEFAULT_LAZY_FETCH_BYTES = 256 * 1024;

const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

/** The ordered list of a run's steps as one delivery carries them: up to and including `messageId`. */
function stepsUpTo(run: WorkflowRunRecord, messageId: string): RawStep[] {
  const i = run.steps.findIndex((s) => s.messageId === messageId);
  return i === -1 ? run.steps : run.steps.slice(0, i + 1);
}

export class Workflows {
  constructor(private readonly o: WorkflowDeps) {}

  private get runs() {
    return this.o.store.workflows;
  }

  /** The run a message belongs to, or a 400 the SDK reads as "the run has ended" (ledger W3). */
  private liveRun(runId: string): WorkflowRunRecord {
    const run = this.runs.get(runId);
    if (run?.state !== "RUN_STARTED")
      throw badRequest(`workflow run ${runId} does not exist or has already ended`);
    return run;
  }

  /**
   * Publish time, before any message exists: refuses a step of an ended run, says whether
   * a trigger repeats a run id, and gives a step the trigger's settings it does not set itself.
   */
  admit(spec: MessageSpec, bag: HeaderBag): "new" | "duplicate" {
    const tag = spec.workflow;
    if (!tag) return "new";
    if (tag.callType === "step") spec.header = withoutHopHeaders(spec.header);
    if (tag.init) {
      if (tag.invoke) invokeRequest(spec.body);
      return this.runs.get(tag.runId) ? "duplicate" : "new";
    }
    const run = this.liveRun(tag.runId);
    if (tag.callType !== "step") return "new";
    const c = run.config;
    spec.header = { ...c.header, ...spec.header };
    if (!bag.has("upstash-retries") && c.retries !== undefined) spec.retries = c.retries;
    if (!spec.retryDelayExpression && c.retryDelayExpression)
      spec.retryDelayExpression = c.retryDelayExpression;
    if (!spec.flowControl && c.flowControl) spec.flowControl = c.flowControl;
    if (!spec.failureCallback && c.failureCallback) {
      spec.failureCallback = c.failureCallback;
      if (c.failureCallbackConfig) spec.failureCallbackConfig = c.failureCallbackConfig;
      if (tag.failure === undefined && run.failureTag) tag.failure = run.failureTag;
    }
    if (!spec.labels && c.labels) spec.labels = c.labels;
    return "new";
  }

  /** A message was created: a trigger starts its run, a step joins its run's list. */
  accept(m: MessageRecord): void {
    const tag = m.spec.workflow;
    if (!tag || tag.role) return;
    if (tag.init) {
      this.start(m, tag);
      return;
    }
    const run = this.runs.get(tag.runId);
    if (!run) return;
    run.steps.push({ messageId: m.messageId, body: m.spec.body, callType: tag.callType });
  }

  private start(m: MessageRecord, tag: WorkflowTag): void {
    const spec = m.spec;
    let body = spec.body;
    let invoker: WorkflowRunRecord["invoker"];
    if (tag.invoke) {
      // `context.invoke` wraps the new run's body with who invoked it (ledger W9).
      const req = invokeRequest(spec.body);
      body = b64(req.body ?? "");
      m.spec.body = body;
      invoker = {
        runId: req.workflowRunId,
        url: req.workflowUrl,
        createdAt: req.workflowRunCreatedAt,
        step: req.step,
        headers: sdkHeaders(Object.entries(req.headers)),
      };
    }
    const run: WorkflowRunRecord = {
      runId: tag.runId,
      url: tag.url ?? m.url,
      createdAt: m.createdAt,
      state: "RUN_STARTED",
      steps: [{ messageId: m.messageId, body, callType: "step" }],
      config: { header: spec.header, retries: spec.retries },
      waiters: [],
    };
    const c = run.config;
    if (spec.retryDelayExpression) c.retryDelayExpression = spec.retryDelayExpression;
    if (spec.flowControl) c.flowControl = spec.flowControl;
    if (spec.failureCallback) {
      c.failureCallback = spec.failureCallback;
      if (spec.failureCallbackConfig) c.failureCallbackConfig = spec.failureCallbackConfig;
      if (tag.failure) run.failureTag = tag.failure;
    }
    if (spec.labels) c.labels = spec.labels;
    if (invoker) run.invoker = invoker;
    this.runs.add(run);
  }

  /** Engine hook: the body and headers of a workflow delivery. */
  readonly hooks: DeliveryHooks = {
    prepare: (m) => this.prepare(m),
    settled: (m) => this.settled(m),
  };

  private runHeaders(run: WorkflowRunRecord): Record<string, string> {
    return {
      "Upstash-Workflow-RunId": run.runId,
      "Upstash-Workflow-Url": run.url,
      "Upstash-Workflow-CreatedAt": String(run.createdAt),
    };
  }

  private prepare(m: MessageRecord): { body: Buffer; headers: Record<string, string> } | undefined {
    const tag = m.spec.workflow;
    if (!tag) return undefined;
    if (tag.role === "failureCallback") return this.failurePayload(m, tag.failure ?? tag);
    if (tag.role === "callback") {
      const run = this.runs.get(tag.callback?.runId ?? tag.runId);
      return run ? { body: Buffer.from(m.spec.body, "base64"), headers: this.runHeaders(run) } : undefined;
    }
    if (tag.callType !== "step") return undefined;
    const run = this.runs.get(tag.runId);
    if (!run) return undefined;
    this.takeTimeout(run, m);
    const json = JSON.stringify(stepsUpTo(run, m.messageId));
    const lazy = tag.features.includes("LazyFetch") && Buffer.byteLength(json) > this.o.lazyFetchBytes;
    return { body: lazy ? Buffer.alloc(0) : Buffer.from(json), headers: this.runHeaders(run) };
  }

  /** The failure function's payload: QStash's failure callback plus the run (ledger W7). */
  private failurePayload(m: MessageRecord, h: WorkflowHeaders) {
    const run = this.runs.get(h.runId);
    if (!run) return undefined;
    const payload = JSON.parse(Buffer.from(m.spec.body, "base64").toString("utf8")) as Record<
      string,
      unknown
    >;
    payload.workflowRunId = run.runId;
    payload.workflowCreatedAt = run.createdAt;
    payload.sourceBody = run.steps[0]?.body ?? "";
    return { body: Buffer.from(JSON.stringify(payload)), headers: this.runHeaders(run) };
  }

  private settled(m: MessageRecord): void {
    const tag = m.spec.workflow;
    if (!tag) return;
    const now = this.o.clock.now();
    if (tag.role === "failureCallback") {
      const run = this.runs.get((tag.failure ?? tag).runId);
      if (run && (m.state === "DELIVERED" || m.state === "FAILED"))
        run.failureFunction = {
          messageId: m.messageId,
          state: m.state === "DELIVERED" ? "CALLBACK_SUCCESS" : "CALLBACK_FAIL",
        };
      return;
    }
    // a failed context.call goes back to the run as its result; only a step fails the run
    if (tag.role || tag.callType !== "step" || m.state !== "FAILED") return;
    const run = this.runs.get(tag.runId);
    if (run?.state !== "RUN_STARTED") return;
    run.state = "RUN_FAILED";
    run.completedAt = now;
    if (m.dlqId) run.dlqId = m.dlqId;
    run.failedMessageId = m.messageId;
    if (run.config.failureCallback) run.failureFunction = { messageId: "", state: "CALLBACK_INPROGRESS" };
    this.clearWaiters(run);
    this.tellInvoker(run, { isFailed: true });
  }

  /** `DELETE /v2/workflows/runs/{id}`: the SDK ends a run with its result, or cancels it. */
  end(runId: string, cancel: boolean, result: string): void {
    const run = this.runs.get(runId);
    if (!run) throw notFound(`workflow run ${runId} not found`);
    if (run.state !== "RUN_STARTED") throw badRequest(`workflow run ${runId} has already ended`);
    if (cancel) {
      this.cancelRun(run);
      return;
    }
    run.state = "RUN_SUCCESS";
    run.completedAt = this.o.clock.now();
    run.response = result;
    this.clearWaiters(run);
    this.tellInvoker(run, {});
    this.o.onChange();
  }

  /** Cancels up to `count` live runs that `select` picks; answers how many. */
  cancelMany(select: (run: WorkflowRunRecord) => boolean, count: number): number {
    let n = 0;
    for (const run of this.runs.byId.values()) {
      if (n >= count) break;
      if (run.state !== "RUN_STARTED" || !select(run)) continue;
      this.cancelRun(run);
      n++;
    }
    return n;
  }

  private cancelRun(run: WorkflowRunRecord): void {
    run.state = "RUN_CANCELED";
    run.completedAt = this.o.clock.now();
    for (const m of [...this.o.store.messages.values()]) {
      const t = m.spec.workflow;
      if (t && !t.role && t.runId === run.runId) this.o.engine.cancel(m);
    }
    run.waiters = [];
    this.tellInvoker(run, { isCanceled: true });
    this.o.onChange();
  }

  private clearWaiters(run: WorkflowRunRecord): void {
    for (const w of run.waiters) {
      const t = this.o.store.messages.get(w.timeoutMessageId);
      if (t) this.o.engine.cancel(t);
    }
    run.waiters = [];
  }

  /** A run started by `context.invoke` ended: its result goes back to the invoking run as its Invoke step. */
  private tellInvoker(run: WorkflowRunRecord, flags: { isFailed?: true; isCanceled?: true }): void {
    const inv = run.invoker;
    if (!inv) return;
    const parent = this.runs.get(inv.runId);
    if (parent?.state !== "RUN_STARTED") return;
    const out = JSON.stringify({ body: run.response ?? "", ...flags });
    this.publishStep(inv.url, inv.headers, { ...inv.step, out }, 0);
  }

  /**
   * A step the service itself produces (an event, a timeout, an invoked run's result): a
   * message to the run's endpoint with the headers the SDK gave for it.
   */
  private publishStep(
    url: string,
    headers: Record<string, string[]>,
    step: Record<string, unknown>,
    delaySeconds: number,
    joinNow = true,
  ): MessageRecord {
    const bag = headerBagFromRecord(headers);
    const spec = parseSpec(bag, Buffer.from(JSON.stringify(step)), "publish", this.o.defaultRetries);
    const tag = parseWorkflowTag(bag);
    if (!tag) throw new HttpError(500, "internal error: a workflow step without a run id");
    tag.init = false;
    spec.workflow = tag;
    if (delaySeconds > 0) spec.delay = delaySeconds;
    this.admit(spec, bag);
    const m = this.o.engine.newMessage({ url, spec, callerIP: "127.0.0.1" });
    if (joinNow) this.accept(m);
    this.o.engine.add([m]);
    this.o.onChange();
    return m;
  }

  /** `POST /v2/wait/{eventId}`: the run waits for an event, or for its timeout (ledger W6). */
  wait(eventId: string, bag: HeaderBag, body: Buffer): { messageId: string } {
    const tag = parseWorkflowTag(bag);
    if (!tag) throw badRequest("wait: Upstash-Workflow-RunId is required");
    const run = this.liveRun(tag.runId);
    let req: {
      url?: string;
      timeout?: string;
      timeoutUrl?: string;
      timeoutHeaders?: Record<string, string[]>;
      step?: Record<string, unknown>;
    };
    try {
      req = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("wait: request body is not valid JSON");
    }
    if (!req.url || !req.step || !req.timeout) throw badRequest("wait: url, timeout and step are required");
    const seconds = /^\d+$/.test(req.timeout)
      ? Number(req.timeout)
      : parseDuration("wait timeout", req.timeout);
    const headers = sdkHeaders(bag);
    const early = run.pendingEvents?.[eventId];
    if (early !== undefined) {
      delete run.pendingEvents![eventId];
      const m = this.publishStep(req.url, headers, this.waitResult(req.step, eventId, req.timeout, early), 0);
      return { messageId: m.messageId };
    }
    const timeoutStep = { ...req.step, waitEventId: eventId, timeout: req.timeout, waitTimeout: true };
    const t = this.publishStep(
      req.timeoutUrl ?? req.url,
      req.timeoutHeaders ?? headers,
      timeoutStep,
      Math.max(1, Math.ceil(seconds)),
      false,
    );
    const waiter: WaiterRecord = {
      eventId,
      url: req.url,
      deadline: this.o.clock.now() + seconds * 1000,
      timeout: req.timeout,
      headers,
      step: req.step,
      timeoutMessageId: t.messageId,
    };
    if (req.timeoutUrl) waiter.timeoutUrl = req.timeoutUrl;
    if (req.timeoutHeaders) waiter.timeoutHeaders = req.timeoutHeaders;
    run.waiters.push(waiter);
    this.o.onChange();
    return { messageId: t.messageId };
  }

  private waitResult(step: Record<string, unknown>, eventId: string, timeout: string, data: string) {
    // the SDK decodes a Wait step's `out` from base64 (ledger W6)
    return { ...step, out: data, waitEventId: eventId, timeout, waitTimeout: false };
  }

  /** A waiter's timeout message is being delivered: the timeout becomes the run's step. */
  private takeTimeout(run: WorkflowRunRecord, m: MessageRecord): void {
    const i = run.waiters.findIndex((w) => w.timeoutMessageId === m.messageId);
    if (i === -1) return;
    run.waiters.splice(i, 1);
    run.steps.push({ messageId: m.messageId, body: m.spec.body, callType: "step" });
    this.o.onChange();
  }

  /** `POST /v2/notify/{eventId}` and `/v2/notify/{runId}/{eventId}` (ledger W6). */
  notify(eventId: string, data: Buffer, runId?: string): NotifyResult[] {
    const results: NotifyResult[] = [];
    const payload = data.toString("base64");
    for (const run of this.runs.byId.values()) {
      if (run.state !== "RUN_STARTED" || (runId !== undefined && run.runId !== runId)) continue;
      const mine = run.waiters.filter((w) => w.eventId === eventId);
      if (mine.length === 0 && runId !== undefined) {
        // notified before it waits: kept for the run's wait (lookback)
        run.pendingEvents = { ...(run.pendingEvents ?? {}), [eventId]: payload };
        this.o.onChange();
      }
      for (const w of mine) {
        run.waiters.splice(run.waiters.indexOf(w), 1);
        const t = this.o.store.messages.get(w.timeoutMessageId);
        if (t) this.o.engine.cancel(t);
        const m = this.publishStep(w.url, w.headers, this.waitResult(w.step, eventId, w.timeout, payload), 0);
        results.push({ waiter: waiterJson(w), messageId: m.messageId, error: "" });
      }
    }
    return results;
  }

  /** `GET /v2/waiters/{eventId}`. */
  waiters(eventId: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const run of this.runs.byId.values())
      for (const w of run.waiters) if (w.eventId === eventId) out.push(waiterJson(w));
    return out;
  }

  /**
   * A failed run again under `runId` (ledger W10): `resume` keeps its steps up to the one
   * that failed and delivers that one again; `restart` begins from the initial body. The
   * request's `Upstash-Retries` and flow-control headers replace the run's.
   */
  rerun(
    old: WorkflowRunRecord,
    failed: MessageRecord,
    how: "resume" | "restart",
    bag: HeaderBag,
    runId: string,
  ): WorkflowRunRecord {
    const config = { ...old.config };
    const given = parseSpec(bag, Buffer.alloc(0), "publish", config.retries ?? this.o.defaultRetries);
    if (bag.has("upstash-retries")) config.retries = given.retries;
    if (given.flowControl) config.flowControl = given.flowControl;
    const kept = how === "resume" ? stepsUpTo(old, failed.messageId) : old.steps.slice(0, 1);
    const last = kept[kept.length - 1]!;
    const tag: WorkflowTag = {
      ...(failed.spec.workflow as WorkflowTag),
      runId,
      init: false,
      callType: "step",
    };
    delete tag.role;
    const spec: MessageSpec = {
      ...failed.spec,
      header: { ...config.header, ...(how === "resume" ? failed.spec.header : {}) },
      body: last.body,
      retries: config.retries ?? this.o.defaultRetries,
      workflow: tag,
    };
    delete spec.delay;
    delete spec.notBefore;
    if (config.flowControl) spec.flowControl = config.flowControl;
    const m = this.o.engine.newMessage({ url: old.url, spec, callerIP: failed.callerIP });
    const run: WorkflowRunRecord = {
      runId,
      url: old.url,
      createdAt: this.o.clock.now(),
      state: "RUN_STARTED",
      steps: [...kept.slice(0, -1), { ...last, messageId: m.messageId }],
      config,
      waiters: [],
    };
    if (old.failureTag) run.failureTag = { ...old.failureTag, runId };
    if (spec.failureCallback && tag.failure) tag.failure = { ...tag.failure, runId };
    this.runs.add(run);
    this.o.engine.add([m]);
    this.o.onChange();
    return run;
  }

  /**
   * `POST /v2/workflows/dlq/callback/{dlqId}`: the failure callback of a failed run again,
   * built from the failed step's last response (ledger W10).
   */
  retryFailureFunction(failed: MessageRecord): { workflowRunId: string; workflowCreatedAt: number } {
    const run = this.runs.get(failed.spec.workflow!.runId);
    if (!run || !failed.spec.failureCallback || !failed.response)
      throw badRequest(`dlq message ${failed.dlqId} has no failure function to retry`);
    const spec = callbackSpec(failed, failed.response, true);
    const m = this.o.engine.newMessage({
      url: failed.spec.failureCallback,
      spec,
      callerIP: failed.callerIP,
      callbackOf: failed.messageId,
    });
    run.failureFunction = { messageId: m.messageId, state: "CALLBACK_INPROGRESS" };
    this.o.engine.add([m]);
    this.o.onChange();
    return { workflowRunId: run.runId, workflowCreatedAt: run.createdAt };
  }

  /** `GET /v2/workflows/runs/{id}`: the step list for `LazyFetch`; 404 once the run has ended (ledger W5). */
  steps(runId: string): RawStep[] {
    const run = this.runs.get(runId);
    if (run?.state !== "RUN_STARTED") throw notFound(`workflow run ${runId} not found`);
    return run.steps;
  }
}

/**
 * A trigger forwards the user's request headers as they came (`Upstash-Forward-*`), its
 * framing headers included; a step delivery has another body, so those are left out (ledger W4).
 */
const HOP_HEADERS = new Set(["content-length", "host", "connection", "keep-alive", "transfer-encoding"]);

function withoutHopHeaders(header: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(header)) if (!HOP_HEADERS.has(k.toLowerCase())) out[k] = v;
  return out;
}

/** What `context.invoke` publishes (ledger W9), checked before anything is stored. */
interface InvokeRequest {
  body?: string;
  headers: Record<string, string[]>;
  workflowRunId: string;
  workflowRunCreatedAt: number;
  workflowUrl: string;
  step: Record<string, unknown>;
}

function invokeRequest(base64: string): InvokeRequest {
  let req: Partial<InvokeRequest> | undefined;
  try {
    req = JSON.parse(Buffer.from(base64, "base64").toString("utf8")) as Partial<InvokeRequest>;
  } catch {
    // reported below
  }
  if (!req || typeof req.workflowRunId !== "string" || typeof req.workflowUrl !== "string" || !req.step)
    throw badRequest(
      "Upstash-Workflow-Invoke: the body must be JSON with workflowRunId, workflowUrl, step, headers and body",
    );
  return { ...req, headers: req.headers ?? {} } as InvokeRequest;
}

/**
 * The headers kept to address a later step: the SDK's `Upstash-*` ones and Content-Type,
 * never an `Authorization` (the invoke request copies the client's, token included).
 */
function sdkHeaders(entries: Iterable<[string, string[]]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of entries) {
    const key = k.toLowerCase();
    if (key.startsWith("upstash-") || key === "content-type") out[key] = v;
  }
  return out;
}

function waiterJson(w: WaiterRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { url: w.url, deadline: w.deadline, headers: w.headers };
  if (w.timeoutUrl) out.timeoutUrl = w.timeoutUrl;
  if (w.timeoutHeaders) out.timeoutHeaders = w.timeoutHeaders;
  return out;
}
