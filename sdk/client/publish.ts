import { ValidationError } from "../errors.js";
import { messageHeaders } from "./internal/headers.js";
import type { HttpCore } from "./internal/http.js";
import { rawDestination, segment } from "./internal/path.js";
import { request } from "./internal/request.js";
import * as shape from "./internal/shapes.js";
import * as v from "./internal/validate.js";
import type {
  BatchJsonRequest,
  BatchRequest,
  CallOptions,
  PublishRequest,
  PublishToUrlGroupResponse,
  PublishToUrlResponse,
} from "./types.js";

// publish, enqueue and batch share one header builder. There is no
// `/v2/publishJSON` endpoint: the JSON variants serialise on this side.

export interface PublishSettings {
  /**
   * Generate an `Upstash-Deduplication-Id` when the caller gave none, making
   * retries safe. Off unless asked for: the official SDK never adds one (ledger Q1).
   */
  autoDeduplicationId: boolean;
  /** The client's `headers`, checked and prefixed once: under every message's own (as the official SDK). */
  headers: Record<string, string>;
}

/** Where a message goes: straight to its destination, or into a queue (the name still unchecked). */
export type Target = { queueName: unknown } | undefined;

function destinationOf(req: PublishRequest): string {
  const given = [req.url, req.urlGroup, req.topic].filter((d) => d !== undefined);
  if (given.length !== 1) throw new ValidationError("url", "give exactly one of url, urlGroup or topic");
  if (req.url !== undefined) return v.httpUrl(req.url, "url");
  return v.name(req.urlGroup ?? req.topic, req.urlGroup !== undefined ? "urlGroup" : "topic");
}

/** Headers of one message plus whether a retry of it is safe. */
function build(
  req: PublishRequest,
  s: PublishSettings,
  enqueue: boolean,
): { headers: Record<string, string>; idempotent: boolean } {
  if (req.body !== undefined && typeof req.body !== "string") {
    throw new ValidationError("body", "expected a string; use publishJSON for objects");
  }
  const headers = messageHeaders(req, enqueue ? "enqueue" : "publish", s.headers);
  let idempotent =
    headers["upstash-deduplication-id"] !== undefined ||
    headers["upstash-content-based-deduplication"] === "true";
  if (!idempotent && s.autoDeduplicationId) {
    headers["upstash-deduplication-id"] = globalThis.crypto.randomUUID();
    idempotent = true;
  }
  return { headers, idempotent };
}

export async function publish(
  http: HttpCore,
  s: PublishSettings,
  req: PublishRequest,
  target: Target,
  opts: CallOptions | undefined,
): Promise<PublishToUrlResponse | PublishToUrlGroupResponse> {
  const prefix =
    target === undefined
      ? "/v2/publish"
      : `/v2/enqueue/${segment(v.name(target.queueName, "queueName"), "queueName")}`;
  const destination = destinationOf(req);
  const { headers, idempotent } = build(req, s, target !== undefined);
  // fetch (and so the official SDK) labels a string body text/plain; do the same.
  if (req.body !== undefined) headers["content-type"] ??= "text/plain;charset=UTF-8";
  return request(http, "POST", rawDestination(prefix, destination), opts, {
    headers,
    body: req.body,
    idempotent,
    expect: shape.messageIds,
  }) as Promise<PublishToUrlResponse | PublishToUrlGroupResponse>;
}

/** The JSON variant of a request (its `queueName` kept): body serialised, content type set. */
export function jsonRequest(req: BatchJsonRequest): BatchRequest {
  const { body, ...rest } = req;
  const out: BatchRequest = { ...rest, contentType: "application/json" };
  if (body !== undefined) out.body = JSON.stringify(body);
  return out;
}

export async function batch(
  http: HttpCore,
  s: PublishSettings,
  reqs: BatchRequest[],
  opts: CallOptions | undefined,
): Promise<Array<PublishToUrlResponse | PublishToUrlGroupResponse>> {
  if (!Array.isArray(reqs) || reqs.length === 0)
    throw new ValidationError("requests", "expected a non-empty array");
  let idempotent = true;
  const messages = reqs.map((req, i) => {
    try {
      const destination = destinationOf(req);
      const b = build(req, s, req.queueName !== undefined);
      idempotent &&= b.idempotent;
      const m: Record<string, unknown> = { destination, headers: b.headers };
      if (req.body !== undefined) m.body = req.body;
      if (req.queueName !== undefined) m.queue = v.name(req.queueName, "queueName");
      return m;
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(`[${i}].${e.field}`, e.expected);
      throw e;
    }
  });
  const res = await request(http, "POST", "/v2/batch", opts, {
    json: messages,
    idempotent,
    expect: shape.messageIds,
  });
  return (Array.isArray(res) ? res : [res]) as Array<PublishToUrlResponse | PublishToUrlGroupResponse>;
}
