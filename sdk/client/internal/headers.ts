import { ValidationError } from "../../errors.js";
import {
  CALLBACK_FORWARD_PREFIX,
  FAILURE_CALLBACK_FORWARD_PREFIX,
  FORWARD_PREFIX,
  HEADER_NAME_PATTERN,
  isPropertyHeader,
} from "../../qstash-rules.js";
import type { HeadersInput, MessageOptions, PublishOnlyOptions, Redact } from "../types.js";
import * as v from "./validate.js";

type Options = MessageOptions & PublishOnlyOptions & { labels?: string[] };

/**
 * The options sent as one `Upstash-<Option-Name>` header each, with the check
 * that turns each value into the header's text. The header's name is the
 * option's in kebab case: `failureCallbackRetryDelay` →
 * `Upstash-Failure-Callback-Retry-Delay` (js `utils.ts`, the OpenAPI
 * parameters; ledger H2).
 */
const count = (value: unknown, field: string) => String(v.int(value, field));
const OPTION_HEADERS: Array<[keyof Options, (value: unknown, field: string) => string]> = [
  ["method", v.method],
  ["delay", v.delay],
  ["notBefore", count],
  ["deduplicationId", v.headerValue],
  ["retries", count],
  ["retryDelay", v.headerValue],
  ["callback", v.httpUrl],
  ["failureCallback", v.httpUrl],
  ["timeout", v.timeout],
];
for (const prefix of ["callback", "failureCallback"] as const) {
  OPTION_HEADERS.push(
    [`${prefix}Method`, v.method],
    [`${prefix}Timeout`, v.timeout],
    [`${prefix}Retries`, count],
    [`${prefix}RetryDelay`, v.headerValue],
  );
}

/** `failureCallbackRetryDelay` → `upstash-failure-callback-retry-delay`. */
const headerOf = (option: string) => `upstash-${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Each header of `input` under `prefix`, checked: a token name and a one-line
 * string value. A name given twice (a list of pairs, or keys differing only
 * in case) keeps both values, joined with ", " as `Headers` joins them.
 */
function addHeaders(
  out: Record<string, string>,
  input: HeadersInput | undefined,
  field: string,
  prefix: (key: string) => string,
): void {
  if (input === undefined) return;
  if (input === null || typeof input !== "object") {
    throw new ValidationError(
      field,
      "expected an object of header names to values, a Headers or [name, value] pairs",
    );
  }
  const entries = input instanceof Headers || Array.isArray(input) ? input : Object.entries(input);
  const seen = new Set<string>();
  for (const pair of entries) {
    const [rawKey, value] = Array.isArray(pair) ? pair : [];
    const key = String(rawKey).toLowerCase().trim();
    if (!HEADER_NAME_PATTERN.test(key) || typeof value !== "string" || /[\r\n]/.test(value)) {
      throw new ValidationError(
        `${field}.${rawKey}`,
        "expected a header name token and a one-line string value",
      );
    }
    const name = prefix(key);
    out[name] = seen.has(name) ? `${out[name]}, ${value}` : value;
    seen.add(name);
  }
}

/**
 * Caller headers, lower-cased, with every name that is neither `upstash-*` nor
 * `content-type*` prefixed `upstash-forward-`: the official SDK's rule
 * (ledger H1). `Authorization` is forwarded like any other header.
 */
export function forwardHeaders(input: HeadersInput | undefined, field = "headers"): Record<string, string> {
  const out: Record<string, string> = {};
  addHeaders(out, input, field, (k) => (isPropertyHeader(k) ? k : FORWARD_PREFIX.toLowerCase() + k));
  return out;
}

function flowControl(o: NonNullable<Options["flowControl"]>, field: string): string {
  v.headerValue(o.key, `${field}.key`);
  // `ratePerSecond` is the deprecated name the official SDK still accepts (ledger F1)
  const [rateName, rate] = o.rate === undefined ? ["ratePerSecond", o.ratePerSecond] : ["rate", o.rate];
  if (o.parallelism === undefined && rate === undefined) {
    throw new ValidationError(field, "give at least one of parallelism or rate");
  }
  const parts: string[] = [];
  if (o.parallelism !== undefined)
    parts.push(`parallelism=${v.int(o.parallelism, `${field}.parallelism`, 1)}`);
  if (rate !== undefined) parts.push(`rate=${v.int(rate, `${field}.${rateName}`, 1)}`);
  if (o.period !== undefined) parts.push(`period=${v.period(o.period, `${field}.period`)}`);
  return parts.join(", ");
}

function redact(r: Redact): string {
  const parts = r.body === true ? ["body"] : [];
  if (r.header === true) parts.push("header");
  else if (Array.isArray(r.header)) {
    r.header.forEach((h, i) => {
      parts.push(`header[${v.headerValue(h, `redact.header[${i}]`)}]`);
    });
  } else if (r.header !== undefined)
    throw new ValidationError("redact.header", "expected true or a list of names");
  return parts.join(",");
}

/**
 * The `Upstash-*` headers of a message or schedule, validated. `kind`
 * matters for one default the official SDK has: publish always sends
 * `Upstash-Method` (POST), a schedule only when given.
 */
export function messageHeaders(
  o: Options,
  kind: "publish" | "enqueue" | "schedule",
  global: Record<string, string> = {},
): Record<string, string> {
  // A queue delivers in order: QStash refuses a delay or a not-before on enqueue (ledger Q2).
  if (kind === "enqueue") {
    for (const option of ["delay", "notBefore"] as const) {
      if (o[option] !== undefined)
        throw new ValidationError(option, "not allowed when enqueueing to a queue");
    }
  }
  // The client's own `headers` first, each message's over them, as the official SDK merges them.
  const h = { ...global, ...forwardHeaders(o.headers) };
  if (o.contentType !== undefined) h["content-type"] = v.headerValue(o.contentType, "contentType");
  if (kind !== "schedule") h["upstash-method"] ??= "POST";
  for (const [option, check] of OPTION_HEADERS) {
    if (o[option] !== undefined) h[headerOf(option)] = check(o[option], option);
  }
  if (o.contentBasedDeduplication === true) h["upstash-content-based-deduplication"] = "true";
  for (const [option, prefix] of [
    ["callbackHeaders", CALLBACK_FORWARD_PREFIX],
    ["failureCallbackHeaders", FAILURE_CALLBACK_FORWARD_PREFIX],
  ] as const) {
    addHeaders(h, o[option], option, (k) => prefix.toLowerCase() + k);
  }
  if (o.flowControl !== undefined) {
    h["upstash-flow-control-key"] = o.flowControl.key;
    h["upstash-flow-control-value"] = flowControl(o.flowControl, "flowControl");
  }
  const labels = [o.label ?? [], o.labels ?? []].flat();
  if (labels.length) h["upstash-label"] = labels.map((l, i) => v.label(l, `label[${i}]`)).join(",");
  const fields = o.redact === undefined ? "" : redact(o.redact);
  if (fields) h["upstash-redact-fields"] = fields;
  return h;
}
