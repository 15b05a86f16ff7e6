import { REDACT_FIELD_PATTERN } from "../sdk/qstash-rules.js";
import { badRequest } from "./http-util.js";
import {
  canonicalHeaderKey,
  checkLabel,
  checkName,
  checkUrl,
  compileRetryDelay,
  HTTP_METHODS,
  parseDuration,
  parseNonNegativeInt,
} from "./validate.js";
import type { WorkflowTag } from "./workflow/tag.js";

/** Flow control as QStash reports it: `period` in seconds. */
export interface FlowControl {
  key: string;
  parallelism?: number;
  rate?: number;
  period?: number;
}

/** Options of a callback or failure-callback message (`Upstash-Callback-*`). */
export interface CallbackConfig {
  method?: string;
  retries?: number;
  timeout?: number;
  delay?: number;
  retryDelayExpression?: string;
  header: Record<string, string[]>;
}

/**
 * Everything a publish, enqueue, batch entry or schedule says about the messages it
 * produces, parsed from the request headers. Stored as-is (JSON-safe) for persistence.
 */
export interface MessageSpec {
  method: string;
  /** Canonicalised forwarded headers plus Content-Type, array values. */
  header: Record<string, string[]>;
  /** Raw body, base64. */
  body: string;
  retries: number;
  /** Seconds. */
  delay?: number;
  /** Unix seconds. */
  notBefore?: number;
  retryDelayExpression?: string;
  callback?: string;
  failureCallback?: string;
  callbackConfig?: CallbackConfig;
  failureCallbackConfig?: CallbackConfig;
  /** Seconds. */
  timeout?: number;
  queueName?: string;
  flowControl?: FlowControl;
  labels?: string[];
  redact?: string;
  deduplicationId?: string;
  contentBasedDeduplication?: boolean;
  /** Set when the message is part of an Upstash Workflow run. */
  workflow?: WorkflowTag;
}

/** Lower-cased header name → values. */
export type HeaderBag = Map<string, string[]>;

export function headerBagFromRecord(headers: Record<string, unknown> | undefined): HeaderBag {
  const bag: HeaderBag = new Map();
  for (const [k, v] of Object.entries(headers ?? {})) {
    const key = k.toLowerCase();
    const values = Array.isArray(v) ? v.map(String) : [String(v)];
    bag.set(key, [...(bag.get(key) ?? []), ...values]);
  }
  return bag;
}

function one(bag: HeaderBag, name: string): string | undefined {
  const v = bag.get(name);
  if (!v || v.length === 0) return undefined;
  return v.join(", ");
}

/** Go's strconv.ParseBool, which is what QStash uses for boolean headers. */
export function parseBool(kind: string, value: string): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value.trim())) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value.trim())) return false;
  throw badRequest(`invalid ${kind} "${value}": expected true or false`);
}

const HOP_BY_HOP = new Set([
  "authorization",
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "upgrade",
  "proxy-authorization",
  "te",
  "trailer",
]);

function parseMethod(kind: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m = v.trim().toUpperCase();
  if (!HTTP_METHODS.has(m))
    throw badRequest(`invalid ${kind} "${v}": expected GET, POST, PUT, PATCH or DELETE`);
  return m;
}

function parseFlowControlValue(key: string, value: string): FlowControl {
  const fc: FlowControl = { key };
  for (const part of value.split(",")) {
    const p = part.trim();
    if (!p) continue;
    const m = /^(parallelism|rate|period)\s*=\s*(\S+)$/.exec(p);
    if (!m)
      throw badRequest(
        `invalid Upstash-Flow-Control-Value "${value}": expected parallelism=<n>, rate=<n>, period=<duration>`,
      );
    if (m[1] === "period") {
      const secs = /^\d+$/.test(m[2]!) ? Number(m[2]) : parseDuration("flow control period", m[2]!);
      if (secs > 7 * 86400) throw badRequest(`invalid flow control period "${m[2]}": at most 1 week`);
      fc.period = Math.floor(secs);
    } else {
      const n = parseNonNegativeInt(`flow control ${m[1]}`, m[2]!);
      if (m[1] === "rate") fc.rate = n;
      else fc.parallelism = n;
    }
  }
  return fc;
}

const REDACT_RE = REDACT_FIELD_PATTERN;

function parseCallbackConfig(bag: HeaderBag, prefix: string): CallbackConfig | undefined {
  const header: Record<string, string[]> = {};
  let any = false;
  const cfg: CallbackConfig = { header };
  for (const [k, values] of bag) {
    if (k.startsWith(`${prefix}forward-`)) {
      const name = canonicalHeaderKey(k.slice(prefix.length + "forward-".length));
      header[name] = [...(header[name] ?? []), ...values];
      any = true;
    }
  }
  const method = parseMethod(`${prefix}method`, one(bag, `${prefix}method`));
  if (method) cfg.method = method;
  const retries = one(bag, `${prefix}retries`);
  if (retries !== undefined) cfg.retries = parseNonNegativeInt(`${prefix}retries`, retries);
  const timeout = one(bag, `${prefix}timeout`);
  if (timeout !== undefined) cfg.timeout = parseDuration(`${prefix}timeout`, timeout);
  const delay = one(bag, `${prefix}delay`);
  if (delay !== undefined) cfg.delay = Math.floor(parseDuration(`${prefix}delay`, delay));
  const rd = one(bag, `${prefix}retry-delay`);
  if (rd !== undefined) {
    compileRetryDelay(rd);
    cfg.retryDelayExpression = rd;
  }
  any ||=
    method !== undefined ||
    retries !== undefined ||
    timeout !== undefined ||
    delay !== undefined ||
    rd !== undefined;
  return any ? cfg : undefined;
}

export type SpecKind = "schedule" | "publish" | "enqueue";

/**
 * Reads every `Upstash-*` header QStash understands. Throws a 400 naming the first bad
 * header; never mutates anything, so a rejected request leaves the store unchanged.
 */
export function parseSpec(bag: HeaderBag, body: Buffer, kind: SpecKind, defaultRetries: number): MessageSpec {
  const header: Record<string, string[]> = {};
  const add = (name: string, values: string[]) => {
    const key = canonicalHeaderKey(name);
    header[key] = [...(header[key] ?? []), ...values];
  };
  const forwardAll = one(bag, "upstash-header-forward");
  const forwardEverything = forwardAll !== undefined && parseBool("Upstash-Header-Forward", forwardAll);
  for (const [k, values] of bag) {
    if (k === "content-type") add("Content-Type", values);
    else if (k.startsWith("upstash-forward-")) add(k.slice("upstash-forward-".length), values);
    else if (forwardEverything && !k.startsWith("upstash-") && !HOP_BY_HOP.has(k)) add(k, values);
  }
  const spec: MessageSpec = {
    method: parseMethod("Upstash-Method", one(bag, "upstash-method")) ?? "POST",
    header,
    body: body.toString("base64"),
    retries: defaultRetries,
  };
  const retries = one(bag, "upstash-retries");
  if (retries !== undefined) spec.retries = parseNonNegativeInt("Upstash-Retries", retries);
  const delay = one(bag, "upstash-delay");
  if (delay !== undefined) {
    if (kind === "enqueue") throw badRequest("Upstash-Delay is not allowed when enqueueing to a queue");
    spec.delay = Math.floor(parseDuration("Upstash-Delay", delay));
  }
  const nb = one(bag, "upstash-not-before");
  if (nb !== undefined) {
    if (kind === "enqueue") throw badRequest("Upstash-Not-Before is not allowed when enqueueing to a queue");
    spec.notBefore = parseNonNegativeInt("Upstash-Not-Before", nb);
  }
  const rd = one(bag, "upstash-retry-delay");
  if (rd !== undefined) {
    compileRetryDelay(rd);
    spec.retryDelayExpression = rd;
  }
  const cb = one(bag, "upstash-callback");
  if (cb !== undefined) spec.callback = checkUrl("Upstash-Callback url", cb.trim());
  const fcb = one(bag, "upstash-failure-callback");
  if (fcb !== undefined) spec.failureCallback = checkUrl("Upstash-Failure-Callback url", fcb.trim());
  const cbc = parseCallbackConfig(bag, "upstash-callback-");
  if (cbc) spec.callbackConfig = cbc;
  const fcbc = parseCallbackConfig(bag, "upstash-failure-callback-");
  if (fcbc) spec.failureCallbackConfig = fcbc;
  const timeout = one(bag, "upstash-timeout");
  if (timeout !== undefined) {
    // the workflow SDK sends a context.call's numeric timeout as bare seconds (ledger W1)
    spec.timeout = /^\d+$/.test(timeout.trim()) ? Number(timeout) : parseDuration("Upstash-Timeout", timeout);
  }
  const queue = one(bag, "upstash-queue-name");
  if (queue !== undefined) spec.queueName = checkName("queue name", queue.trim());
  const fcKey = one(bag, "upstash-flow-control-key");
  const fcValue = one(bag, "upstash-flow-control-value");
  if (fcKey !== undefined || fcValue !== undefined) {
    if (!fcKey) throw badRequest("Upstash-Flow-Control-Value was given without Upstash-Flow-Control-Key");
    if (!fcValue) throw badRequest("Upstash-Flow-Control-Key was given without Upstash-Flow-Control-Value");
    spec.flowControl = parseFlowControlValue(fcKey.trim(), fcValue);
  }
  const label = one(bag, "upstash-label");
  if (label !== undefined) {
    const labels = label
      .split(",")
      .map((l) => l.trim())
      .filter(Boolean);
    for (const l of labels) checkLabel(l);
    if (labels.length) spec.labels = labels;
  }
  const redact = one(bag, "upstash-redact-fields");
  if (redact !== undefined) {
    for (const r of redact.split(",").map((s) => s.trim())) {
      if (!REDACT_RE.test(r))
        throw badRequest(
          `invalid Upstash-Redact-Fields "${redact}": "${r}" is not body, header or header[Name]`,
        );
    }
    spec.redact = redact;
  }
  const dedup = one(bag, "upstash-deduplication-id");
  if (dedup !== undefined && kind !== "schedule") spec.deduplicationId = dedup;
  const cbd = one(bag, "upstash-content-based-deduplication");
  if (cbd !== undefined && kind !== "schedule") {
    spec.contentBasedDeduplication = parseBool("Upstash-Content-Based-Deduplication", cbd);
  }
  return spec;
}
