import { DEFAULT_FLOW_CONTROL_PERIOD_SECONDS } from "../sdk/qstash-rules.js";
/** The JSON views of stored records, in the shapes QStash answers with. */
import type { FlowKeyRecord } from "./flow-control.js";
import type { MessageSpec } from "./message-headers.js";
import type { LogRecord } from "./message-log.js";
import {
  copySet,
  type MessageRecord,
  type QueueRecord,
  type ScheduleRecord,
  type UrlGroupRecord,
} from "./records.js";
import { redactedValue, redactJson, redactPlan } from "./redact.js";

export function urlGroupJson(g: UrlGroupRecord): Record<string, unknown> {
  return {
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
    name: g.name,
    endpoints: g.endpoints.map((e) => (e.name ? { name: e.name, url: e.url } : { url: e.url })),
  };
}

export function queueJson(q: QueueRecord, lag: number): Record<string, unknown> {
  return {
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
    name: q.name,
    parallelism: q.parallelism,
    lag,
    paused: q.paused,
  };
}

/** `body` when the bytes are UTF-8, `bodyBase64` otherwise, nothing when empty. */
export function bodyFields(base64: string): Record<string, string> {
  if (!base64) return {};
  const bytes = Buffer.from(base64, "base64");
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (Buffer.from(text, "utf8").equals(bytes)) return { body: text };
  return { bodyBase64: base64 };
}

/** The request a message or schedule delivers: method, headers and body. */
function requestFields(spec: MessageSpec): Record<string, unknown> {
  return { method: spec.method, header: spec.header, ...bodyFields(spec.body) };
}

/** `label` (the first label) and `labels`, or nothing when there are no labels. */
function labelFields(spec: MessageSpec): Record<string, unknown> {
  return spec.labels?.length ? { label: spec.labels[0], labels: spec.labels } : {};
}

/**
 * A schedule as `GET /v2/schedules/{id}` returns it: the OpenAPI-required fields always,
 * the others only when set. `callerIP` (not the spec's `callerIp`) per the reference.
 */
export function scheduleJson(s: ScheduleRecord): Record<string, unknown> {
  const spec = s.spec;
  const out: Record<string, unknown> = {
    createdAt: s.createdAt,
    scheduleId: s.scheduleId,
    cron: s.cron,
    destination: s.destination,
    ...requestFields(spec),
    retries: spec.retries,
  };
  if (spec.delay !== undefined) out.delay = spec.delay;
  if (spec.callback) out.callback = spec.callback;
  if (spec.failureCallback) out.failureCallback = spec.failureCallback;
  if (spec.callbackConfig && Object.keys(spec.callbackConfig.header).length)
    out.callbackHeader = spec.callbackConfig.header;
  if (spec.failureCallbackConfig && Object.keys(spec.failureCallbackConfig.header).length)
    out.failureCallbackHeader = spec.failureCallbackConfig.header;
  if (spec.timeout !== undefined) out.timeout = spec.timeout;
  if (s.lastScheduleTime !== undefined) out.lastScheduleTime = s.lastScheduleTime;
  if (s.nextScheduleTime !== undefined) out.nextScheduleTime = s.nextScheduleTime;
  if (Object.keys(s.lastScheduleStates).length) out.lastScheduleStates = s.lastScheduleStates;
  out.callerIP = s.callerIP;
  out.isPaused = s.isPaused;
  if (spec.flowControl) {
    out.flowControlKey = spec.flowControl.key;
    out.parallelism = spec.flowControl.parallelism ?? 0;
    if (spec.flowControl.rate !== undefined) out.rate = spec.flowControl.rate;
    out.period = flowPeriod(spec);
  }
  copySet(out, spec, ["retryDelayExpression", "queueName"]);
  Object.assign(out, labelFields(spec));
  // get/list show redacted fields as `REDACTED:<sha256>` (ledger X1)
  return redactJson(out, spec.redact);
}

/** A message as `GET /v2/messages/{id}` returns it. */
export function messageJson(m: MessageRecord): Record<string, unknown> {
  const spec = m.spec;
  const out: Record<string, unknown> = {
    messageId: m.messageId,
    url: m.url,
    ...requestFields(spec),
    maxRetries: spec.retries,
    notBefore: m.dueAt,
    createdAt: m.createdAt,
    callerIP: m.callerIP,
  };
  copySet(out, m, ["topicName", "endpointName"]);
  copySet(out, spec, ["callback", "failureCallback"]);
  copySet(out, m, ["queueName", "scheduleId"]);
  copySet(out, spec, ["retryDelayExpression"]);
  Object.assign(out, labelFields(spec));
  Object.assign(out, messageFlowFields(spec));
  return redactJson(out, spec.redact);
}

/** The period QStash reports for a flow control: the one given, else its default of 1 s (ledger A7). */
function flowPeriod(spec: MessageSpec): number {
  return spec.flowControl?.period ?? DEFAULT_FLOW_CONTROL_PERIOD_SECONDS;
}

/** A message's (and log entry's) flow control: key, the rate and parallelism given, and the period. */
function messageFlowFields(spec: MessageSpec): Record<string, unknown> {
  const fc = spec.flowControl;
  if (!fc) return {};
  const out: Record<string, unknown> = { flowControlKey: fc.key };
  if (fc.rate !== undefined) out.rate = fc.rate;
  out.period = flowPeriod(spec);
  if (fc.parallelism !== undefined) out.parallelism = fc.parallelism;
  return out;
}

/** A response body the way QStash reports it: UTF-8 text as `<prefix>Body`, anything else base64. */
function responseBodyFields(base64: string, prefix: string): Record<string, string> {
  const fields = bodyFields(base64);
  const out: Record<string, string> = {};
  if (fields.body !== undefined) out[`${prefix}Body`] = fields.body;
  if (fields.bodyBase64 !== undefined) out[`${prefix}BodyBase64`] = fields.bodyBase64;
  return out;
}

/** A DLQ entry: the message, its dlqId and the last failed attempt's response. */
export function dlqJson(m: MessageRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { ...messageJson(m), dlqId: m.dlqId };
  if (m.response) {
    out.responseStatus = m.response.status;
    out.responseHeader = m.response.header;
    Object.assign(out, responseBodyFields(m.response.body, "response"));
  }
  return out;
}

/**
 * The message's headers and body (base64) as logs show them: what `Upstash-Redact-Fields`
 * names appears as `REDACTED:<sha256>`, as in get/list responses (ledger X1).
 */
function redacted(m: MessageRecord): { header: Record<string, string[]>; body?: string } {
  const plan = redactPlan(m.spec.redact);
  const body = m.spec.body || undefined;
  if (!plan) return { header: m.spec.header, ...(body ? { body } : {}) };
  const header: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(m.spec.header)) {
    header[k] = plan.allHeaders || plan.headers.has(k.toLowerCase()) ? v.map((x) => redactedValue(x)) : v;
  }
  if (!body) return { header };
  return { header, body: plan.body ? redactedValue(Buffer.from(body, "base64")) : body };
}

/** One log entry as `GET /v2/logs` (and `/v2/events`) returns it. */
export function logJson(e: LogRecord): Record<string, unknown> {
  const m = e.message;
  const spec = m.spec;
  const { header, body } = redacted(m);
  const out: Record<string, unknown> = {
    time: e.time,
    messageId: m.messageId,
    state: e.state,
    url: m.url,
    method: spec.method,
    header,
    maxRetries: spec.retries,
    createdAt: m.createdAt,
    callerIP: m.callerIP,
  };
  if (body) out.body = body;
  if (e.error !== undefined) out.error = e.error;
  if (e.nextDeliveryTime !== undefined) out.nextDeliveryTime = e.nextDeliveryTime;
  copySet(out, m, ["topicName", "endpointName", "queueName", "scheduleId"]);
  if (spec.timeout !== undefined) out.timeout = Math.round(spec.timeout * 1000);
  copySet(out, spec, ["callback", "failureCallback"]);
  // logs name it retryDelayExpr, where messages and schedules say retryDelayExpression (ledger A8)
  if (spec.retryDelayExpression) out.retryDelayExpr = spec.retryDelayExpression;
  Object.assign(out, labelFields(spec));
  Object.assign(out, messageFlowFields(spec));
  if (e.response) {
    out.responseStatus = e.response.status;
    out.responseHeaders = e.response.header;
    out.responseBody = e.response.body;
  }
  return out;
}

/** A flow-control key as `GET /v2/flowControl/{key}` returns it. */
export function flowKeyJson(
  k: FlowKeyRecord,
  counts: { waiting: number; active: number; rateCount: number },
): Record<string, unknown> {
  return {
    flowControlKey: k.key,
    waitListSize: counts.waiting,
    parallelismMax: k.parallelism ?? 0,
    parallelismCount: counts.active,
    rateMax: k.rate ?? 0,
    rateCount: counts.rateCount,
    ratePeriod: k.period,
    ratePeriodStart: Math.floor(k.ratePeriodStart / 1000),
    isPaused: k.paused,
    isPinnedParallelism: k.pinnedParallelism,
    isPinnedRate: k.pinnedRate,
  };
}
