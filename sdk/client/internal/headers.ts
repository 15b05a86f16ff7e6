import { ValidationError } from "../../errors.js";
import {
  CALLBACK_FORWARD_PREFIX,
  FAILURE_CALLBACK_FORWARD_PREFIX,
  FORWARD_PREFIX,
  HEADER_NAME_PATTERN,
  isPropertyHeader,
} from "../../qstash-rules.js";
import type { FlowControl, HeadersInput, MessageOptions, PublishOnlyOptions, Redact } from "../types.js";
import * as v from "./validate.js";

function entriesOf(input: HeadersInput): Iterable<[string, string]> {
  return input instanceof Headers ? input.entries() : Array.isArray(input) ? input : Object.entries(input);
}

function checkHeader(rawKey: string, value: unknown, field: string): string {
  const key = rawKey.toLowerCase().trim();
  if (!HEADER_NAME_PATTERN.test(key)) throw new ValidationError(`${field}.${rawKey}`, "invalid header name");
  if (typeof value !== "string") throw new ValidationError(`${field}.${rawKey}`, "expected a string value");
  if (/[\r\n]/.test(value)) throw new ValidationError(`${field}.${rawKey}`, "must not contain line breaks");
  return key;
}

/**
 * Caller headers, lower-cased, with every name that is neither `upstash-*` nor
 * `content-type*` prefixed `upstash-forward-`: the official SDK's rule
 * (ledger H1). `Authorization` is forwarded like any other header.
 */
export function forwardHeaders(input: HeadersInput | undefined, field = "headers"): Record<string, string> {
  const out: Record<string, string> = {};
  if (input === undefined) return out;
  for (const [rawKey, value] of entriesOf(input)) {
    const key = checkHeader(rawKey, value, field);
    out[isPropertyHeader(key) ? key : `${FORWARD_PREFIX.toLowerCase()}${key}`] = value;
  }
  return out;
}

/** Headers for a callback, each sent under `prefix` (ledger H2). */
function callbackHeaders(
  input: HeadersInput | undefined,
  prefix: string,
  field: string,
  out: Record<string, string>,
): void {
  if (input === undefined) return;
  for (const [rawKey, value] of entriesOf(input)) {
    out[`${prefix.toLowerCase()}${checkHeader(rawKey, value, field)}`] = value;
  }
}

/** The callback's own settings (`Upstash-Callback-Method`, ...; ledger H2). */
function callbackSettings(
  o: MessageOptions,
  which: "callback" | "failureCallback",
  out: Record<string, string>,
): void {
  const p = which === "callback" ? "upstash-callback-" : "upstash-failure-callback-";
  const f = (s: string) => `${which}${s}`;
  const method = o[`${which}Method`];
  const timeout = o[`${which}Timeout`];
  const retries = o[`${which}Retries`];
  const retryDelay = o[`${which}RetryDelay`];
  if (method !== undefined) out[`${p}method`] = v.method(method, f("Method"));
  if (timeout !== undefined) out[`${p}timeout`] = v.timeout(timeout, f("Timeout"));
  if (retries !== undefined) out[`${p}retries`] = String(v.int(retries, f("Retries")));
  if (retryDelay !== undefined) out[`${p}retry-delay`] = v.headerValue(retryDelay, f("RetryDelay"));
}

function flowControl(fc: FlowControl, field: string): [string, string] {
  v.headerValue(fc.key, `${field}.key`);
  const parts: string[] = [];
  // `ratePerSecond` is the deprecated name the official SDK still accepts (ledger F1)
  const rate = fc.rate ?? fc.ratePerSecond;
  const rateField = fc.rate === undefined ? "ratePerSecond" : "rate";
  if (fc.parallelism !== undefined)
    parts.push(`parallelism=${v.int(fc.parallelism, `${field}.parallelism`, 1)}`);
  if (rate !== undefined) parts.push(`rate=${v.int(rate, `${field}.${rateField}`, 1)}`);
  if (fc.period !== undefined) parts.push(`period=${v.delay(fc.period, `${field}.period`)}`);
  if (fc.parallelism === undefined && rate === undefined) {
    throw new ValidationError(field, "give at least one of parallelism or rate");
  }
  return [fc.key, parts.join(", ")];
}

function labels(label: string | string[] | undefined, extra: string[] | undefined): string | undefined {
  const all = [...(label === undefined ? [] : Array.isArray(label) ? label : [label]), ...(extra ?? [])];
  if (all.length === 0) return undefined;
  all.forEach((l, i) => {
    v.label(l, `label[${i}]`);
  });
  return all.join(",");
}

function redact(r: Redact): string | undefined {
  const parts: string[] = [];
  if (r.body === true) parts.push("body");
  if (r.header === true) parts.push("header");
  else if (Array.isArray(r.header)) {
    r.header.forEach((h, i) => {
      v.headerValue(h, `redact.header[${i}]`);
      parts.push(`header[${h}]`);
    });
  } else if (r.header !== undefined)
    throw new ValidationError("redact.header", "expected true or a list of names");
  return parts.length ? parts.join(",") : undefined;
}

/**
 * The `Upstash-*` headers of a message or schedule, validated. `kind`
 * matters for two defaults the official SDK has: publish always sends
 * `Upstash-Method` (POST), a schedule only when given.
 */
export function messageHeaders(
  o: MessageOptions & PublishOnlyOptions & { labels?: string[] },
  kind: "publish" | "schedule",
): Record<string, string> {
  const h = forwardHeaders(o.headers);
  if (o.contentType !== undefined) h["content-type"] = v.headerValue(o.contentType, "contentType");
  if (o.method !== undefined) h["upstash-method"] = v.method(o.method, "method");
  else if (kind === "publish") h["upstash-method"] ??= "POST";
  if (o.delay !== undefined) h["upstash-delay"] = v.delay(o.delay, "delay");
  if (o.notBefore !== undefined) h["upstash-not-before"] = String(v.int(o.notBefore, "notBefore"));
  if (o.deduplicationId !== undefined)
    h["upstash-deduplication-id"] = v.headerValue(o.deduplicationId, "deduplicationId");
  if (o.contentBasedDeduplication === true) h["upstash-content-based-deduplication"] = "true";
  if (o.retries !== undefined) h["upstash-retries"] = String(v.int(o.retries, "retries"));
  if (o.retryDelay !== undefined) h["upstash-retry-delay"] = v.headerValue(o.retryDelay, "retryDelay");
  if (o.callback !== undefined) h["upstash-callback"] = v.httpUrl(o.callback, "callback");
  if (o.failureCallback !== undefined)
    h["upstash-failure-callback"] = v.httpUrl(o.failureCallback, "failureCallback");
  callbackHeaders(o.callbackHeaders, CALLBACK_FORWARD_PREFIX, "callbackHeaders", h);
  callbackHeaders(o.failureCallbackHeaders, FAILURE_CALLBACK_FORWARD_PREFIX, "failureCallbackHeaders", h);
  callbackSettings(o, "callback", h);
  callbackSettings(o, "failureCallback", h);
  if (o.timeout !== undefined) h["upstash-timeout"] = v.timeout(o.timeout, "timeout");
  if (o.flowControl !== undefined) {
    const [key, value] = flowControl(o.flowControl, "flowControl");
    h["upstash-flow-control-key"] = key;
    h["upstash-flow-control-value"] = value;
  }
  const l = labels(o.label, o.labels);
  if (l !== undefined) h["upstash-label"] = l;
  if (o.redact !== undefined) {
    const r = redact(o.redact);
    if (r !== undefined) h["upstash-redact-fields"] = r;
  }
  return h;
}
