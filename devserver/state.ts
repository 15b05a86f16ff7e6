import { redactJson } from "./redact.js";
import type { MessageSpec } from "./spec.js";

/** One endpoint of a URL group, exactly the wire shape. */
export interface EndpointRecord {
  name?: string;
  url: string;
}

export interface UrlGroupRecord {
  name: string;
  createdAt: number;
  updatedAt: number;
  endpoints: EndpointRecord[];
}

export interface QueueRecord {
  name: string;
  createdAt: number;
  updatedAt: number;
  parallelism: number;
  paused: boolean;
}

export interface ScheduleRecord {
  scheduleId: string;
  createdAt: number;
  cron: string;
  destination: string;
  spec: MessageSpec;
  isPaused: boolean;
  callerIP: string;
  nextScheduleTime?: number;
  lastScheduleTime?: number;
  lastScheduleStates: Record<string, string>;
}

export type MessageState = "CREATED" | "ACTIVE" | "RETRY" | "DELIVERED" | "FAILED" | "CANCELLED";

/** One message: a delivery to one URL (a URL-group publish makes one per endpoint). */
export interface MessageRecord {
  messageId: string;
  url: string;
  topicName?: string;
  endpointName?: string;
  scheduleId?: string;
  queueName?: string;
  spec: MessageSpec;
  createdAt: number;
  /** ms; the earliest time of the next attempt. */
  dueAt: number;
  state: MessageState;
  /** Attempts made so far that failed (the next delivery carries `Upstash-Retried: retried`). */
  retried: number;
  callerIP: string;
  /** Set on callback messages so they never produce further callbacks. */
  callbackOf?: string;
  dlqId?: string;
  lastStatus?: number;
  lastError?: string;
}

/** What `--data FILE` holds. Delivered and failed messages are not kept. */
export interface Snapshot {
  version: 1;
  keys: { current: string; next: string };
  urlGroups: UrlGroupRecord[];
  queues: QueueRecord[];
  schedules: ScheduleRecord[];
  messages: MessageRecord[];
}

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
    method: spec.method,
    header: spec.header,
    ...bodyFields(spec.body),
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
    if (spec.flowControl.period !== undefined) out.period = spec.flowControl.period;
  }
  if (spec.retryDelayExpression) out.retryDelayExpression = spec.retryDelayExpression;
  if (spec.queueName) out.queueName = spec.queueName;
  if (spec.labels?.length) {
    out.label = spec.labels[0];
    out.labels = spec.labels;
  }
  // get/list show redacted fields as `REDACTED:<sha256>` (ledger X1)
  return redactJson(out, spec.redact);
}

/** A message as `GET /v2/messages/{id}` returns it. */
export function messageJson(m: MessageRecord): Record<string, unknown> {
  const spec = m.spec;
  const out: Record<string, unknown> = {
    messageId: m.messageId,
    url: m.url,
    method: spec.method,
    header: spec.header,
    ...bodyFields(spec.body),
    maxRetries: spec.retries,
    notBefore: m.dueAt,
    createdAt: m.createdAt,
    callerIP: m.callerIP,
  };
  if (m.topicName) out.topicName = m.topicName;
  if (m.endpointName) out.endpointName = m.endpointName;
  if (spec.callback) out.callback = spec.callback;
  if (spec.failureCallback) out.failureCallback = spec.failureCallback;
  if (m.queueName) out.queueName = m.queueName;
  if (m.scheduleId) out.scheduleId = m.scheduleId;
  if (spec.labels?.length) {
    out.label = spec.labels[0];
    out.labels = spec.labels;
  }
  if (spec.flowControl) {
    out.flowControlKey = spec.flowControl.key;
    if (spec.flowControl.rate !== undefined) out.rate = spec.flowControl.rate;
    if (spec.flowControl.period !== undefined) out.period = spec.flowControl.period;
    if (spec.flowControl.parallelism !== undefined) out.parallelism = spec.flowControl.parallelism;
  }
  if (spec.retryDelayExpression) out.retryDelayExpression = spec.retryDelayExpression;
  return redactJson(out, spec.redact);
}
