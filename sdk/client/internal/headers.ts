import { ValidationError } from "../../errors.js";
import type { FlowControl, HeadersInput, MessageOptions, PublishOnlyOptions, Redact } from "../types.js";
import * as v from "./validate.js";

/**
 * Caller headers, lower-cased, with every name that is neither `upstash-*` nor
 * `content-type*` prefixed `upstash-forward-` (the official SDK's rule).
 */
export function forwardHeaders(input: HeadersInput | undefined, field = "headers"): Record<string, string> {
  const out: Record<string, string> = {};
  if (input === undefined) return out;
  const entries: Iterable<[string, string]> =
    input instanceof Headers ? input.entries() : Array.isArray(input) ? input : Object.entries(input);
  for (const [rawKey, value] of entries) {
    const key = rawKey.toLowerCase().trim();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(key))
      throw new ValidationError(`${field}.${rawKey}`, "invalid header name");
    if (typeof value !== "string") throw new ValidationError(`${field}.${rawKey}`, "expected a string value");
    if (/[\r\n]/.test(value)) throw new ValidationError(`${field}.${rawKey}`, "must not contain line breaks");
    const passThrough = key.startsWith("content-type") || key.startsWith("upstash-");
    out[passThrough ? key : `upstash-forward-${key}`] = value;
  }
  return out;
}

function flowControl(fc: FlowControl, field: string): [string, string] {
  v.name(fc.key, `${field}.key`);
  const parts: string[] = [];
  if (fc.parallelism !== undefined)
    parts.push(`parallelism=${v.int(fc.parallelism, `${field}.parallelism`, 1)}`);
  if (fc.rate !== undefined) parts.push(`rate=${v.int(fc.rate, `${field}.rate`, 1)}`);
  if (fc.period !== undefined) parts.push(`period=${v.delay(fc.period, `${field}.period`)}`);
  if (fc.parallelism === undefined && fc.rate === undefined) {
    throw new ValidationError(field, "give at least one of parallelism or rate");
  }
  return [fc.key, parts.join(", ")];
}

function labels(label: string | string[] | undefined, extra: string[] | undefined): string | undefined {
  const all = [...(label === undefined ? [] : Array.isArray(label) ? label : [label]), ...(extra ?? [])];
  if (all.length === 0) return undefined;
  all.forEach((l, i) => {
    if (typeof l !== "string" || l.length === 0 || /[,\r\n]/.test(l)) {
      throw new ValidationError(`label[${i}]`, "expected a non-empty label without commas");
    }
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
